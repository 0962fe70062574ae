"""Claim model: its threshold tuned on CT24 dev alone, F1 on dev-test held out (the shipped
threshold is tuned on dev and dev-test pooled). Run: .venv/bin/python bench/claim_threshold.py"""
from scoring.scorer import Scorer
from training.datasets import load_dataset
from training.evaluate import TUNING_GRID, binary_metrics, tune_threshold

sc = Scorer.load()
p = {s: sc.predict(load_dataset("ct24", s).texts)["claim"] for s in ("dev", "dev-test")}
y = {s: load_dataset("ct24", s).labels for s in ("dev", "dev-test")}
t, f = tune_threshold(y["dev"], p["dev"], grid=TUNING_GRID)
m = binary_metrics(y["dev-test"], p["dev-test"], t)
best = max(binary_metrics(y["dev-test"], p["dev-test"], g)["f1"] for g in TUNING_GRID)
print(f"threshold on dev alone {t:.2f} (dev F1 {f:.3f}); dev-test F1 {m['f1']:.3f}; best over the grid {best:.3f}; shipped threshold {sc.thresholds['claim']:.2f} gives {binary_metrics(y['dev-test'], p['dev-test'], sc.thresholds['claim'])['f1']:.3f}")
