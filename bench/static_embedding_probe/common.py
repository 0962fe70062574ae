"""Shared helpers of the static-embedding probe (not part of credscore; see README.md here)."""
import os, sys, time
from pathlib import Path
# Distilled models, embedding caches and results go here (not into the repository).
WORK = os.environ.get("PROBE_WORK", "/tmp/credscore_m2v")
os.makedirs(WORK, exist_ok=True)
os.environ.setdefault("OMP_NUM_THREADS", "1"); os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1"); os.environ["HF_HUB_OFFLINE"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from scoring.pipeline import build_pipeline
from training.evaluate import tune_threshold

EMB_DIR = f"{WORK}/emb"
os.makedirs(EMB_DIR, exist_ok=True)

def embed(texts, dims, tag):
    """StaticModel.encode of every text, cached per (dims, tag)."""
    kind = os.environ.get("PROBE_MODEL", "minilm")  # "random": control with random token vectors
    path = f"{EMB_DIR}/{tag}_{dims}.npy" if kind == "minilm" else f"{EMB_DIR}/{kind}_{tag}_{dims}.npy"
    if os.path.exists(path):
        E = np.load(path)
        assert E.shape[0] == len(texts)
        return E
    from model2vec import StaticModel
    m = StaticModel.from_pretrained(f"{WORK}/m2v_{kind}_{dims}")
    E = m.encode(list(texts), show_progress_bar=False).astype(np.float32)
    np.save(path, E)
    return E

def fit_features(texts_tr, C=2.0):
    """The shipped pipeline's FeatureUnion (fold_digits=True), fitted on texts_tr."""
    pipe = build_pipeline(C=C, fold_digits=True)
    fu = pipe.named_steps["features"]
    Xtr = fu.fit_transform(texts_tr)
    return fu, sp.csr_matrix(Xtr)

class DenseBlock:
    """How the embedding block is put next to the sparse features.
    mode 'raw': unit-norm model2vec vectors x scale.
    mode 'std': per-dim z-score (fitted on train) / sqrt(dims) x scale (block has ~unit RMS norm)."""
    def __init__(self, mode, scale):
        self.mode, self.scale = mode, scale
    def fit(self, E):
        if self.mode == "std":
            self.mu, self.sd = E.mean(0), E.std(0) + 1e-8
        return self
    def transform(self, E):
        if self.mode == "raw":
            return E * self.scale
        return (E - self.mu) / self.sd / np.sqrt(E.shape[1]) * self.scale
    @property
    def name(self):
        return f"{self.mode}x{self.scale:g}"

VARIANTS = [DenseBlock("raw", 0.1), DenseBlock("raw", 0.25), DenseBlock("raw", 0.5), DenseBlock("raw", 1.0), DenseBlock("raw", 2.0),
            DenseBlock("std", 1.0), DenseBlock("std", 2.0)]

def lr(C):
    return LogisticRegression(C=C, class_weight="balanced", max_iter=2000, random_state=0,
                              tol=float(os.environ.get("PROBE_TOL", "1e-4")))

def fit_predict(Xtr, ytr, Xte_list, C):
    t = time.time()
    m = lr(C).fit(Xtr, ytr)
    return [m.decision_function(X) for X in Xte_list], time.time() - t, m.n_iter_[0]

def best_f1(y, s):
    # tune_threshold expects probabilities in [0,1]; map decision scores through a sigmoid (monotone)
    p = 1.0 / (1.0 + np.exp(-np.clip(s, -50, 50)))
    return tune_threshold(y, p)

def sigm(s):
    return 1.0 / (1.0 + np.exp(-np.clip(s, -50, 50)))

def f1_at(y, p, thr):
    pred = p >= thr
    tp = int(np.sum(pred & (y == 1))); fp = int(np.sum(pred & (y == 0))); fn = int(np.sum(~pred & (y == 1)))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
