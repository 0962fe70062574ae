"""Claim model: its threshold tuned on CT24 dev alone, F1 on dev-test held out (since session 13
the shipped threshold is tuned on dev-test alone, config "threshold_dev", so its dev-test F1
is in-sample). Run: .venv/bin/python bench/claim_threshold.py"""
from scoring.scorer import Scorer
from training.datasets import load_dataset
from training.evaluate import TUNING_GRID, binary_metrics, tune_threshold

sc = Scorer.load()
data = {s: load_dataset("ct24", s) for s in ("dev", "dev-test")}
p = {s: sc.predict(d.texts)["claim"] for s, d in data.items()}
y = {s: d.labels for s, d in data.items()}
t, f = tune_threshold(y["dev"], p["dev"], grid=TUNING_GRID)
m = binary_metrics(y["dev-test"], p["dev-test"], t)
best = max(binary_metrics(y["dev-test"], p["dev-test"], g)["f1"] for g in TUNING_GRID)
print(f"threshold on dev alone {t:.2f} (dev F1 {f:.3f}); dev-test F1 {m['f1']:.3f}; best over the grid {best:.3f}; shipped threshold {sc.thresholds['claim']:.2f} gives {binary_metrics(y['dev-test'], p['dev-test'], sc.thresholds['claim'])['f1']:.3f}")
