"""MODEL_CARD.md for a trained credscore model, written from its metadata alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _fmt(x: Any) -> str:
    return "—" if x is None else (f"{x:.3f}" if isinstance(x, float) else str(x))


def render_model_card(meta: dict[str, Any]) -> str:
    """The model card text: data, label meaning, metrics against the baseline, limits."""
    lines = [
        f"# {meta['name']} {meta['version']}",
        "",
        f"Model file `model.skops`, sha256 `{meta.get('sha256', '?')}`, "
        f"{meta.get('size_bytes', 0) / 1e6:.1f} MB; trained with the config `{meta.get('config_file', '?')}` "
        f"in {meta.get('seconds', '?')} s; lexicon sha256 `{meta.get('lexicon_sha256', '?')}`.",
        f"Libraries: {', '.join(f'{k} {v}' for k, v in meta.get('library_versions', {}).items())}.",
        "",
        "Load it only with `scoring.artifacts.load_model`, which checks the sha256 and the types "
        "in the file before anything is deserialised.",
        "",
    ]
    cfg_tasks = meta.get("config", {}).get("tasks", {})
    for name, task in meta["tasks"].items():
        lines += [
            f"## Output `{name}`",
            "",
            f"**Label.** {task.get('label_meaning', '')}",
            "",
            f"**Model.** Cue features from the rule-based extractor + word and character n-gram "
            f"TF-IDF, logistic regression with sigmoid calibration; {task['n_features']:,} features. "
            f"Chosen on dev from the grid {task['grid']}: {task['chosen'] or 'defaults'}"
            f"{' (the default genre; each genre chooses its own)' if task.get('genres') else ''}. "
            f"Decision threshold (best F1 on "
            f"{', '.join('/'.join(p) for p in cfg_tasks.get(name, {}).get('threshold_dev', [])) or 'dev'}): "
            f"{task['threshold']:.3f}.",
            "",
        ]
        genres = task.get("genres")
        if genres:
            default = task.get("default_genre")
            lines += [
                "**Genres.** Trained with feature augmentation by genre (Daumé III 2007; "
                "`training/genres.py`): every weight has a part shared by all genres and a "
                "per-genre correction, and each genre gets its own model and threshold tuned "
                "on its own dev sets. Served by default: "
                f"`{default}`; others on request (`--genre`, `Scorer.load(genre=...)`).",
                "",
                "| genre | its model | trained and tuned on | chosen | served P(unverifiable) | threshold |",
                "|---|---|---|---|---|---|",
            ]
            for g, h in genres.items():
                served = h.get("models") or [h["model"]]
                how = (f"the larger of {', '.join(f'`{k}`' for k in served)} (the model alone: "
                       f"threshold {h['model_threshold']:.3f})" if len(served) > 1 else f"`{h['model']}`")
                lines.append(f"| {g}{' (default)' if g == default else ''} | `{h['model']}` | "
                             f"{', '.join(h['datasets'])} | {h.get('chosen') or 'defaults'} | {how} | "
                             f"{h['threshold']:.3f} |")
            lines.append("")
        lines += [
            f"**Data.** Trained on {task['n_train']:,} sentences ({task['n_train_positive']:,} positive). "
            "Files read: the training and dev splits, and the later splits' files (dev, test), "
            "which are read only to drop their sentences from training; no test sentence is "
            "trained on:",
            "",
        ]
        lines += [f"- `{f}` sha256 `{h[:16]}…`" for f, h in sorted(task["data_files"].items())]
        lines += [
            "",
            "**Metrics on dev** (F1 etc. of the positive class; each model at its own dev-tuned "
            "threshold, each dataset scored by the model of its genre; the baseline is TF-IDF "
            "word 1-2 + char 2-5 grams (word only for `claim`) with logistic regression, trained "
            "on the same data in the same run):",
            "",
            "| dataset/split | model | P | R | F1 | ROC-AUC | Brier |",
            "|---|---|---|---|---|---|---|",
        ]
        for ds, models in task["metrics"].items():
            for mname, m in models.items():
                lines.append(
                    f"| {ds} | {mname} | {_fmt(m.get('precision'))} | {_fmt(m.get('recall'))} | "
                    f"{_fmt(m.get('f1'))} | {_fmt(m.get('roc_auc'))} | {_fmt(m.get('brier'))} |"
                )
        plots = task.get("plots", {})
        if plots:
            lines += ["", f"Plots: `{plots.get('pr')}` (precision-recall), `{plots.get('calibration')}` "
                      "(calibration), both on dev."]
        lines.append("")
    lines += [
        "## Limits",
        "",
        "- The verifiability label mixes Wikipedia (CoNLL-2010: hedges, weasels, peacocks) and "
        "newswire (Szeged FactBank: semantic uncertainty, including conditionals); a model "
        "trained by genre serves each notion for its genre. The news model learned from about "
        "2,300 FactBank sentences of 1990s newswire. It says how a sentence is *worded*, not "
        "whether it is true.",
        "- The claim label comes from US political debates; other genres are out of domain.",
        "- Test-split figures are produced by `credscore evaluate --split test`, not at training "
        "time, and belong in the release table (README.md).",
        "- English only.",
        "",
    ]
    return "\n".join(lines)


def write_model_card(meta: dict[str, Any], path: str | Path) -> Path:
    path = Path(path)
    path.write_text(render_model_card(meta), encoding="utf-8")
    return path
