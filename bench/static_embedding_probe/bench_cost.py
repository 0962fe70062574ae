"""Inference cost of the static embedding on ~10,000 CT24 train sentences, one thread.
Usage: bench_cost.py DIMS"""
import os, sys, time, resource
from pathlib import Path
WORK = os.environ.get("PROBE_WORK", "/tmp/credscore_m2v")
os.environ["OMP_NUM_THREADS"] = "1"; os.environ["OPENBLAS_NUM_THREADS"] = "1"; os.environ["RAYON_NUM_THREADS"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"; os.environ["HF_HUB_OFFLINE"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import numpy as np
from training.datasets import load_pairs
dims = int(sys.argv[1])
texts, _, _ = load_pairs([["ct24", "train"]]); texts = texts[:10000]
print("sentences", len(texts), "mean chars", np.mean([len(t) for t in texts]))
d = f"{WORK}/m2v_minilm_{dims}"

# 1. model2vec StaticModel
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.time()
from model2vec import StaticModel
m = StaticModel.from_pretrained(d)
print(f"model2vec import+load {time.time()-t:.2f}s; torch imported: {'torch' in sys.modules}; "
      f"transformers imported: {'transformers' in sys.modules}")
for rep in range(2):
    t = time.time(); E1 = m.encode(texts, show_progress_bar=False, use_multiprocessing=False); dt = time.time() - t
    print(f"StaticModel.encode rep{rep}: {dt:.2f}s = {len(texts)/dt:.0f} sentences/s")
print("embedding matrix", m.embedding.shape, m.embedding.dtype, f"{m.embedding.nbytes/1e6:.1f} MB in RAM;",
      f"as float32 {m.embedding.shape[0]*m.embedding.shape[1]*4/1e6:.1f} MB")

# 2. the same with only `tokenizers` + numpy + safetensors (what a torch-free scorer would ship)
from tokenizers import Tokenizer
from safetensors.numpy import load_file
tok = Tokenizer.from_file(f"{d}/tokenizer.json"); tok.no_padding(); tok.no_truncation()
W = load_file(f"{d}/model.safetensors")
W = W[list(W)[0]].astype(np.float32)
def enc(batch):
    out = np.zeros((len(batch), W.shape[1]), np.float32)
    for i, e in enumerate(tok.encode_batch(batch, add_special_tokens=False)):
        ids = e.ids[:512]
        if ids:
            v = W[ids].mean(0); out[i] = v / (np.linalg.norm(v) + 1e-12)
    return out
for rep in range(2):
    t = time.time(); E2 = enc(texts); dt = time.time() - t
    print(f"tokenizers+numpy rep{rep}: {dt:.2f}s = {len(texts)/dt:.0f} sentences/s")
print("max |E1-E2|", float(np.abs(E1 - E2).max()))
print("peak RSS MB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

# 3. for scale: the shipped n-gram+cue featuriser transform on the same sentences
from scoring.pipeline import build_pipeline
fu = build_pipeline(C=2.0, fold_digits=True).named_steps["features"].fit(texts)
t = time.time(); fu.transform(texts); dt = time.time() - t
print(f"shipped FeatureUnion.transform: {dt:.2f}s = {len(texts)/dt:.0f} sentences/s")
