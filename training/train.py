"""``credscore train``: config -> datasets -> fit (hyper-parameters chosen on dev) -> artifact.

A run reads a JSON config (``training/configs/default.json``), and for each task in it
(``verifiability``: P(not verifiable as written); ``claim``: P(check-worthy claim)):

1. loads the train and dev splits named in the config (:mod:`training.datasets`; test splits
   can never reach this code: the loader refuses them);
2. fits :func:`scoring.pipeline.build_pipeline` once per value of the config's grid, picks the
   value and the decision threshold with the best F1 of the positive class on dev (pooled over
   the dev datasets), and keeps that model;
3. fits the TF-IDF + logistic regression baseline of DESIGN.md on the same data, in the same run,
   and scores both on every dev dataset.

The directory written holds ``model.skops`` (a dict ``{task: pipeline}``, saved by
:func:`scoring.artifacts.save_model`), ``metadata.json`` (config, thresholds, metrics, data file
sha256s, feature counts, lexicon hash, library versions, the model file's sha256),
``MODEL_CARD.md``, and per task ``<task>_pr.png`` / ``<task>_calibration.png`` on dev.

Everything is seeded by the config's ``random_state``; the same config and data give the same
model and metrics.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from training.datasets import DEFAULT_DATA_DIR, load_pairs
from training.errors import DataError

TASKS = ("verifiability", "claim")
_TASK_KEYS = {"positive_label", "label_meaning", "train", "dev", "pipeline", "grid"}


class ConfigError(ValueError):
    """A training config is malformed; the message names the file and the key."""


def load_config(path: str | Path) -> dict[str, Any]:
    """Read and validate a training config (see ``training/configs/default.json``)."""
    path = Path(path)
    try:
        cfg = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: not a readable JSON file: {exc}") from None
    if not isinstance(cfg, dict):
        raise ConfigError(f"{path}: the config must be a JSON object")
    for key in ("name", "version", "random_state", "tasks"):
        if key not in cfg:
            raise ConfigError(f"{path}: missing key {key!r}")
    if not isinstance(cfg["random_state"], int):
        raise ConfigError(f"{path}: 'random_state' must be an integer")
    tasks = cfg["tasks"]
    if not isinstance(tasks, dict) or not tasks or set(tasks) - set(TASKS):
        raise ConfigError(f"{path}: 'tasks' must be an object with keys among {list(TASKS)}")
    for name, task in tasks.items():
        where = f"{path}: tasks.{name}"
        if not isinstance(task, dict) or set(task) - _TASK_KEYS or not {"train", "dev"} <= set(task):
            raise ConfigError(f"{where}: needs 'train' and 'dev' and only keys {sorted(_TASK_KEYS)}")
        for part in ("train", "dev"):
            pairs = task[part]
            if not isinstance(pairs, list) or not pairs or not all(
                isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs
            ):
                raise ConfigError(f"{where}.{part}: a non-empty list of [dataset, split] pairs")
            if any(split == "test" for _, split in pairs):
                raise ConfigError(f"{where}.{part}: test splits are for the reported table only")
        grid = task.get("grid", {})
        if not isinstance(grid, dict) or any(not isinstance(v, list) or not v for v in grid.values()):
            raise ConfigError(f"{where}.grid: an object of parameter -> non-empty list of values")
    return cfg


def _grid(grid: dict[str, list[Any]]) -> list[dict[str, Any]]:
    combos: list[dict[str, Any]] = [{}]
    for key, values in grid.items():
        combos = [{**c, key: v} for c in combos for v in values]
    return combos


def train_task(
    name: str,
    task: dict[str, Any],
    data_dir: Path,
    random_state: int,
    log: Callable[[str], None],
) -> dict[str, Any]:
    """Fit one task; returns the model, its metrics and what went into it."""
    from scoring.pipeline import build_pipeline, feature_count
    from training import evaluate as ev

    t0 = time.perf_counter()
    X, y, train_sets = load_pairs(task["train"], data_dir)
    Xd, yd, dev_sets = load_pairs(task["dev"], data_dir)
    log(f"[{name}] train {len(X):,} sentences ({int(y.sum()):,} positive), dev {len(Xd):,}")

    best: dict[str, Any] | None = None
    tried = []
    for params in _grid(task.get("grid", {})):
        kwargs = {**task.get("pipeline", {}), **params, "random_state": random_state}
        t1 = time.perf_counter()
        model = build_pipeline(**kwargs)
        model.fit(X, y)
        p = model.predict_proba(Xd)[:, 1]
        threshold, f1 = ev.tune_threshold(yd, p, grid=ev.TUNING_GRID)
        tried.append({"params": params, "dev_f1": round(f1, 4), "threshold": round(threshold, 4)})
        log(f"[{name}] {params or 'defaults'}: dev F1 {f1:.3f} at threshold {threshold:.3f} "
            f"({time.perf_counter() - t1:.1f} s)")
        if best is None or f1 > best["f1"]:
            best = {"model": model, "params": params, "kwargs": kwargs, "threshold": threshold, "f1": f1}
    assert best is not None
    model, threshold = best["model"], float(best["threshold"])

    log(f"[{name}] baseline: TF-IDF + logistic regression on the same data")
    baseline, base_threshold = ev.fit_baseline(name, X, y, Xd, yd, random_state)

    metrics: dict[str, Any] = {}
    curves: dict[str, Any] = {}
    for d in dev_sets:
        labels = np.asarray(d.labels, dtype=np.int64)
        p = model.predict_proba(d.texts)[:, 1]
        pb = baseline.predict_proba(d.texts)[:, 1]
        metrics[f"{d.name}/{d.split}"] = {
            "credscore": ev.binary_metrics(labels, p, threshold),
            "tfidf_baseline": ev.binary_metrics(labels, pb, base_threshold),
        }
        curves[f"{d.name} credscore"] = (labels, p)
        curves[f"{d.name} TF-IDF baseline"] = (labels, pb)
    return {
        "model": model,
        "threshold": round(threshold, 6),
        "baseline_threshold": round(float(base_threshold), 6),
        "chosen": best["params"],
        "pipeline": best["kwargs"],
        "grid": tried,
        "metrics": metrics,
        "curves": curves,
        "n_features": feature_count(model),
        "n_train": len(X),
        "n_train_positive": int(y.sum()),
        "data_files": {k: v for d in [*train_sets, *dev_sets] for k, v in d.files.items()},
        "positive_label": task.get("positive_label", "positive"),
        "label_meaning": task.get("label_meaning", ""),
        "seconds": round(time.perf_counter() - t0, 1),
    }


def train(
    config_path: str | Path,
    data_dir: str | Path = DEFAULT_DATA_DIR,
    out_dir: str | Path = "model",
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run the config and write the model directory; returns its metadata."""
    from scoring.artifacts import save_model
    from scoring.lexicon import default_lexicon
    from training import evaluate as ev
    from training.model_card import write_model_card

    log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))
    cfg = load_config(config_path)
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    np.random.seed(cfg["random_state"])
    t0 = time.perf_counter()
    results = {name: train_task(name, task, data_dir, cfg["random_state"], log)
               for name, task in cfg["tasks"].items()}
    out_dir.mkdir(parents=True, exist_ok=True)
    plots = {}
    for name, r in results.items():
        plots[name] = {
            "pr": ev.plot_precision_recall(r["curves"], out_dir / f"{name}_pr.png",
                                           f"{name}: precision-recall on dev").name,
            "calibration": ev.plot_calibration(r["curves"], out_dir / f"{name}_calibration.png",
                                               f"{name}: calibration on dev").name,
        }
    metadata = {
        "name": cfg["name"],
        "version": cfg["version"],
        "config": cfg,
        "config_file": str(config_path),
        "lexicon_sha256": default_lexicon().hash,
        "tasks": {
            name: {k: v for k, v in r.items() if k not in ("model", "curves")} | {"plots": plots[name]}
            for name, r in results.items()
        },
        "seconds": round(time.perf_counter() - t0, 1),
    }
    metadata = save_model({name: r["model"] for name, r in results.items()}, out_dir, metadata)
    write_model_card(metadata, out_dir / "MODEL_CARD.md")
    log(f"wrote {out_dir} ({metadata['size_bytes'] / 1e6:.1f} MB model, sha256 {metadata['sha256'][:16]})")
    return metadata


def main(args: Any) -> int:
    """Entry point of ``credscore train`` (argparse namespace from credscore.cli)."""
    try:
        meta = train(args.config, args.data_dir or DEFAULT_DATA_DIR, args.out)
    except (ConfigError, DataError) as exc:
        print(f"credscore train: error: {exc}", file=sys.stderr)
        return 2
    for name, task in meta["tasks"].items():
        for ds, m in task["metrics"].items():
            c, b = m["credscore"], m["tfidf_baseline"]
            print(f"{name:14s} {ds:28s} F1 {c['f1']:.3f} (baseline {b['f1']:.3f})  "
                  f"ROC-AUC {c['roc_auc']}  Brier {c['brier']}")
    return 0
