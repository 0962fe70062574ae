"""``credscore train``: config -> datasets -> fit (hyper-parameters chosen on dev) -> artifact.

A run reads a JSON config (``training/configs/default.json``), and for each task in it
(``verifiability``: P(not verifiable as written); ``claim``: P(check-worthy claim)):

1. loads the train and dev splits named in the config (:mod:`training.datasets`; test splits
   can never reach this code: the loader refuses them);
2. fits :func:`scoring.pipeline.build_pipeline` once per value of the config's grid, picks the
   value with the best F1 of the positive class on dev (pooled over the dev datasets; or, with
   ``"select": "average_precision"``, the best average precision, F1 breaking ties) and the
   decision threshold with the best F1, and keeps that model. A task with ``genres``
   (``{"default": "news", "datasets": {dataset: genre}}``) is fitted with feature augmentation
   by genre instead (:mod:`training.genres`): one model per genre, each with its own threshold
   tuned on its genre's dev sets; each genre takes the grid value with its own best dev score
   (its model from that fit: the models of one fit are independent once collapsed). The default
   genre's model is saved under the task's name (what the scorer serves), the others as
   ``task@genre`` (served on request: ``Scorer.load(genre=...)``, ``--genre``). A genre listed
   in ``genres.serve`` (``{"news": ["news", "wiki"]}``) serves the largest probability of those
   genres' models, at a threshold tuned on their dev sets pooled. With ``"threshold_dev"``
   (``[[dataset, split], ...]``, a subset of ``dev``) the decision thresholds, the model's and
   the baseline's, are tuned on those dev sets alone, while the grid is still chosen on all of
   dev: the claim task tunes on CT24 dev-test, the dev split drawn from the same newer
   transcripts as the test split;
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
from sklearn.metrics import average_precision_score

from training.datasets import DEFAULT_DATA_DIR, load_pairs
from training.errors import DataError

TASKS = ("verifiability", "claim")
_TASK_KEYS = {"positive_label", "label_meaning", "train", "dev", "threshold_dev", "pipeline", "grid", "select",
              "genres", "genre_blocks"}
#: How a task's grid value is chosen on dev: ``"f1"``, the best F1 at its tuned threshold (the
#: default), or ``"average_precision"``, the best average precision (F1 breaks ties), which
#: reads the whole ranking and so flips less between near-equal values than F1 at a threshold
#: on a few hundred positives.
_SELECT = ("f1", "average_precision")


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
        tdev = task.get("threshold_dev")
        if tdev is not None and not (
            isinstance(tdev, list) and tdev and all(isinstance(p, list) and p in task["dev"] for p in tdev)
        ):
            raise ConfigError(f"{where}.threshold_dev: a non-empty list of [dataset, split] pairs among 'dev'")
        if task.get("select", "f1") not in _SELECT:
            raise ConfigError(f"{where}.select: one of {list(_SELECT)}")
        if "genres" in task:
            _check_genres(task, where)
            if tdev is not None and {task["genres"]["datasets"][n] for n, _ in task["dev"]} - {
                task["genres"]["datasets"][n] for n, _ in tdev
            }:
                raise ConfigError(f"{where}.threshold_dev: every genre needs a dev set to tune its threshold on")
        elif "genre_blocks" in task:
            raise ConfigError(f"{where}.genre_blocks: only with 'genres'")
    return cfg


def _check_genres(task: dict[str, Any], where: str) -> None:
    """``genres``: ``{"default": GENRE, "datasets": {dataset: GENRE}, "serve": {GENRE: [GENRE,
    ...]}}`` naming the genre of every train and dev dataset and, optionally, genres that serve
    the largest probability of several genre models (their own first); ``genre_blocks``:
    optional list of feature blocks to copy per genre."""
    genres = task["genres"]
    if not (isinstance(genres, dict) and {"default", "datasets"} <= set(genres) <= {"default", "datasets", "serve"}
            and isinstance(genres["datasets"], dict) and genres["datasets"]
            and all(isinstance(v, str) and v for v in genres["datasets"].values())):
        raise ConfigError(f"{where}.genres: an object {{'default': genre, 'datasets': {{dataset: genre}}}}")
    named = {name for part in ("train", "dev") for name, _ in task[part]}
    missing = sorted(named - set(genres["datasets"]))
    if missing:
        raise ConfigError(f"{where}.genres.datasets: no genre for {missing}")
    used = {genres["datasets"][n] for n in named}
    if genres["default"] not in used:
        raise ConfigError(f"{where}.genres.default: {genres['default']!r} is none of the datasets' "
                          f"genres {sorted(used)}")
    for g in used:
        if not any(genres["datasets"][n] == g for n, _ in task["dev"]):
            raise ConfigError(f"{where}.genres: genre {g!r} has no dev dataset to tune its threshold on")
    serve = genres.get("serve", {})
    if not isinstance(serve, dict) or any(
        g not in used or not isinstance(combo, list) or not combo or combo[0] != g
        or len(set(combo)) != len(combo) or not set(combo) <= used
        for g, combo in serve.items()
    ):
        raise ConfigError(f"{where}.genres.serve: an object {{genre: [genre, other genres ...]}}, each "
                          f"list starting with its own genre, all among {sorted(used)}")
    blocks = task.get("genre_blocks")
    if blocks is not None and not (isinstance(blocks, list) and blocks
                                   and set(blocks) <= {"cues", "word", "char"}):
        raise ConfigError(f"{where}.genre_blocks: a non-empty list among 'cues', 'word', 'char'")


def head_name(task: str, genre: str, default: str) -> str:
    """Key of a genre's model in the saved dict: the task itself for the default genre."""
    return task if genre == default else f"{task}@{genre}"


def _share_features(heads: dict[str, Any]) -> None:
    """Let genre models picked from different grid fits share one fitted feature union.

    The features do not depend on the classifier's parameters, so fits on the same data give
    equal ones; sharing the object keeps one copy in the model file. Heads whose features
    differ in any fitted array keep their own.
    """
    heads_list = list(heads.values())
    first = heads_list[0].named_steps["features"]
    for head in heads_list[1:]:
        feats = head.named_steps["features"]
        if feats is not first and _same_fitted(feats, first):
            head.steps[0] = ("features", first)


def _same_fitted(a: Any, b: Any) -> bool:
    """Whether two fitted feature unions hold equal parameters and fitted arrays."""
    if repr(a.get_params(deep=False)) != repr(b.get_params(deep=False)):
        return False
    for (na, pa), (nb, pb) in zip(a.transformer_list, b.transformer_list, strict=True):
        if na != nb or len(pa.steps) != len(pb.steps):
            return False
        for (_, x), (_, z) in zip(pa.steps, pb.steps, strict=True):
            if type(x) is not type(z) or repr(x.get_params()) != repr(z.get_params()):
                return False
            for attr in ("idf_", "scale_", "max_abs_", "feature_names_", "lexicon_hash_"):
                u, v = getattr(x, attr, None), getattr(z, attr, None)
                if (u is None) != (v is None) or (u is not None and not np.array_equal(np.asarray(u), np.asarray(v))):
                    return False
    return True


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
    from scoring.pipeline import feature_count
    from training import evaluate as ev
    from training.genres import fit_genre_heads, fit_pipeline

    t0 = time.perf_counter()
    X, y, train_sets = load_pairs(task["train"], data_dir)
    Xd, yd, dev_sets = load_pairs(task["dev"], data_dir)
    log(f"[{name}] train {len(X):,} sentences ({int(y.sum()):,} positive), dev {len(Xd):,}")

    genres = task.get("genres")
    if genres is None:  # one model for every dataset, one threshold tuned on the pooled dev sets
        default = "all"
        of = {d.name: default for d in [*train_sets, *dev_sets]}
    else:
        default, of = genres["default"], genres["datasets"]
    row_genres = [of[d.name] for d in train_sets for _ in d.texts]
    # Shuffle the training rows (seeded). The calibrator is fitted on cross-validation folds
    # that scikit-learn cuts in row order; with the datasets one after the other, the last
    # folds held out mostly one dataset (FactBank, or the CLEF-2020 positives), whose own
    # weights were then learned from a fraction of its rows: the calibrator came out 3-4x too
    # flat (slope -0.20 against -0.86 fitted on CoNLL dev). The fit itself does not depend
    # on the order.
    order = np.random.RandomState(random_state).permutation(len(X))
    X, y, row_genres = [X[i] for i in order], y[order], [row_genres[i] for i in order]
    dev_genre = np.array([of[d.name] for d in dev_sets for _ in d.texts])
    # The dev rows that tune the decision thresholds (the model's and the baseline's):
    # "threshold_dev" in the config, else every dev set. The grid is still chosen on all of dev.
    tdev = task.get("threshold_dev", task["dev"])
    tune = np.array([[d.name, d.split] in tdev for d in dev_sets for _ in d.texts], dtype=bool)
    tuned_on = "" if "threshold_dev" not in task else f" (tuned on {', '.join('/'.join(p) for p in tdev)})"

    by_ap = task.get("select", "f1") == "average_precision"
    best: dict[str, dict[str, Any]] = {}  # per genre: the grid value with its best dev score
    tried = []
    for params in _grid(task.get("grid", {})):
        kwargs = {**task.get("pipeline", {}), **params, "random_state": random_state}
        t1 = time.perf_counter()
        if genres is None:
            heads = {default: fit_pipeline(kwargs, X, y)}
        else:
            heads, _ = fit_genre_heads(kwargs, X, y, row_genres, blocks=task.get("genre_blocks"))
        thresholds, f1s, aps = {}, {}, {}
        for g, head in heads.items():
            rows = np.flatnonzero(dev_genre == g)
            p = head.predict_proba([Xd[i] for i in rows])[:, 1]
            t = tune[rows]
            thresholds[g], f1s[g] = ev.tune_threshold(yd[rows][t], p[t], grid=ev.TUNING_GRID)
            aps[g] = float(average_precision_score(yd[rows], p)) if yd[rows].any() else 0.0
        tried.append({"params": params, "dev_f1": round(f1s[default], 4), "dev_ap": round(aps[default], 4),
                      "threshold": round(thresholds[default], 4)}
                     | ({} if genres is None else {"genres": {g: {"dev_f1": round(f1s[g], 4),
                                                                  "dev_ap": round(aps[g], 4),
                                                                  "threshold": round(thresholds[g], 4)}
                                                              for g in heads}}))
        log(f"[{name}] {params or 'defaults'}: dev "
            + ", ".join(("" if genres is None else f"{g} ")
                        + f"F1 {f1s[g]:.3f} at threshold {thresholds[g]:.3f}{tuned_on}, AP {aps[g]:.3f}" for g in heads)
            + f" ({time.perf_counter() - t1:.1f} s)")
        for g, head in heads.items():
            score = (aps[g], f1s[g]) if by_ap else (f1s[g],)
            if g not in best or score > best[g]["score"]:
                best[g] = {"head": head, "params": params, "kwargs": kwargs,
                           "threshold": float(thresholds[g]), "score": score}
    assert best
    heads = {g: b["head"] for g, b in best.items()}
    thresholds = {g: b["threshold"] for g, b in best.items()}
    _share_features(heads)
    # What each genre serves: the largest probability of its models ("serve" in the config;
    # by default its own model), at a threshold tuned on the dev sets of those models' genres.
    serve = {g: list((genres or {}).get("serve", {}).get(g, [g])) for g in heads}
    dev_p = {g: head.predict_proba(Xd)[:, 1] for g, head in heads.items()}
    served_p, served_t = {}, {}
    for g, combo in serve.items():
        served_p[g] = np.max([dev_p[h] for h in combo], axis=0)
        if len(combo) == 1:
            served_t[g] = thresholds[g]
        else:
            rows = np.isin(dev_genre, combo) & tune
            served_t[g], f1 = ev.tune_threshold(yd[rows], served_p[g][rows], grid=ev.TUNING_GRID)
            log(f"[{name}] {g} serves the largest of {combo}: dev F1 {f1:.3f} on their dev sets "
                f"at threshold {served_t[g]:.3f}")
    model, threshold = heads[default], float(served_t[default])

    log(f"[{name}] baseline: TF-IDF + logistic regression on the same data")
    baseline, base_threshold = ev.fit_baseline(name, X, y, [Xd[i] for i in np.flatnonzero(tune)], yd[tune],
                                               random_state)

    metrics: dict[str, Any] = {}
    curves: dict[str, Any] = {}
    start = 0
    for d in dev_sets:
        labels = np.asarray(d.labels, dtype=np.int64)
        rows = slice(start, start + len(d.texts))
        start += len(d.texts)
        g = of[d.name]
        p = served_p[g][rows]
        pb = baseline.predict_proba(d.texts)[:, 1]
        metrics[f"{d.name}/{d.split}"] = {"credscore": ev.binary_metrics(labels, p, served_t[g])}
        if len(serve[g]) > 1:  # the genre's own model alone, at its own threshold
            metrics[f"{d.name}/{d.split}"][f"credscore_{g}_model_alone"] = ev.binary_metrics(
                labels, dev_p[g][rows], thresholds[g])
        metrics[f"{d.name}/{d.split}"]["tfidf_baseline"] = ev.binary_metrics(labels, pb, base_threshold)
        curves[f"{d.name} credscore"] = (labels, p)
        curves[f"{d.name} TF-IDF baseline"] = (labels, pb)
    out = {
        "model": model,
        "threshold": round(threshold, 6),
        "chosen": best[default]["params"],
        "pipeline": best[default]["kwargs"],
        "baseline_threshold": round(float(base_threshold), 6),
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
    if genres is not None:
        out["default_genre"] = default
        out["genres"] = {}
        for g in heads:
            entry = {"model": head_name(name, g, default), "threshold": round(float(served_t[g]), 6),
                     "chosen": best[g]["params"],
                     "datasets": sorted({d.name for d in [*train_sets, *dev_sets] if of[d.name] == g})}
            if len(serve[g]) > 1:
                entry["models"] = [head_name(name, h, default) for h in serve[g]]
                entry["model_threshold"] = round(thresholds[g], 6)
            out["genres"][g] = entry
        out["heads"] = {head_name(name, g, default): head for g, head in heads.items()}
    return out


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
            name: {k: v for k, v in r.items() if k not in ("model", "curves", "heads")}
            | {"plots": plots[name]}
            for name, r in results.items()
        },
        "seconds": round(time.perf_counter() - t0, 1),
    }
    models = {}
    for name, r in results.items():
        models.update(r.get("heads") or {name: r["model"]})
    metadata = save_model(models, out_dir, metadata)
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
