"""Control: the same tokenizer/vocabulary as the distilled model, token vectors replaced by Gaussian noise
(so any gain it gives is from a bag-of-subword-tokens, not from MiniLM's knowledge)."""
import os, shutil, numpy as np
WORK = os.environ.get("PROBE_WORK", "/tmp/credscore_m2v")
from safetensors.numpy import load_file, save_file
src, dst = f"{WORK}/m2v_minilm_256", f"{WORK}/m2v_random_256"
shutil.copytree(src, dst, dirs_exist_ok=True)
W = load_file(f"{src}/model.safetensors")
k = list(W)[0]
rng = np.random.default_rng(0)
W[k] = rng.standard_normal(W[k].shape).astype(W[k].dtype)
# model2vec may store extra tensors (e.g. token weights / mapping); keep them, replace only the embedding
save_file(W, f"{dst}/model.safetensors")
print({a: (b.shape, b.dtype) for a, b in W.items()})
