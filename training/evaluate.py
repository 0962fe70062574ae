"""Metrics, threshold tuning, TF-IDF baselines, markdown tables and plots for binary sentence models.

Everything here works on a label array ``y_true`` (0/1, 1 = the positive class: uncertain,
has-attribution, check-worthy) and an array ``p`` of predicted probabilities of class 1, as given by
``model.predict_proba(texts)[:, 1]``. The functions are pure (arrays in, plain ``dict``/``str``
out) except :func:`plot_precision_recall` and :func:`plot_calibration`, which write a PNG file.

Honest numbers (DESIGN.md, "Rules for honest numbers"):

* :func:`tune_threshold` is meant for train/dev data only; the chosen threshold is then applied
  unchanged to the test split.
* The CoNLL-2010 test file holds all 2,234 uncertain sentences of the official evaluation set but
  only 5,054 of its about 7,400 certain ones. Report :func:`binary_metrics` (as measured) *and*
  :func:`reweighted_metrics` with ``negative_weight=conll_negative_weight(n_neg)``, where ``n_neg``
  is the number of certain sentences actually evaluated (the loader may drop conflicting
  duplicates), and label the two. :func:`metrics_markdown` shows the second as "re-weighted F1".
* :func:`tfidf_baseline` is DESIGN.md's word+char TF-IDF + logistic regression baseline, to be fitted
  and scored in the same run and on the same split as the model it is compared with.

Conventions: precision, recall and F1 are those of the positive class at ``p >= threshold``; a ratio
with a zero denominator is 0.0 (scikit-learn's ``zero_division=0``); ROC-AUC is ``None`` when
``y_true`` holds one class only, and PR-AUC (average precision) is ``None`` when it holds no
positive. Floats in returned dicts are rounded to 4 places.

matplotlib is imported only inside the plot functions, and only its object-oriented
:class:`matplotlib.figure.Figure` API is used (rendered by the Agg canvas), so importing this module
needs no matplotlib and never touches pyplot's global backend or figure registry.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.pipeline import FeatureUnion, Pipeline

__all__ = [
    "CONLL_NEGATIVE_WEIGHT_FULL",
    "THRESHOLD_GRID",
    "binary_metrics",
    "conll_negative_weight",
    "markdown_table",
    "metrics_markdown",
    "plot_calibration",
    "plot_precision_recall",
    "reweighted_metrics",
    "tfidf_baseline",
    "tfidf_word_baseline",
    "tune_threshold",
]

#: Certain (negative) sentences in the official CoNLL-2010 task 1 Wikipedia evaluation set (about).
CONLL_NEGATIVE_WEIGHT_FULL = 7400

#: The coarse threshold grid 0.05, 0.10, ..., 0.95 for :func:`tune_threshold` ``(grid=...)``.
THRESHOLD_GRID: tuple[float, ...] = tuple(round(0.05 * k, 2) for k in range(1, 20))

_DIGITS = 4


# --------------------------------------------------------------------------------------------------
# input checks and small helpers
# --------------------------------------------------------------------------------------------------


def _check_inputs(y_true: Any, p: Any) -> tuple[np.ndarray, np.ndarray]:
    """Validate and convert labels and probabilities.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        Labels, each 0 or 1 (bool and integer dtypes accepted).
    p : array-like of shape (n,)
        Predicted probabilities of class 1, finite and in [0, 1].

    Returns
    -------
    y : numpy.ndarray
        ``int64`` labels.
    p : numpy.ndarray
        ``float64`` probabilities.

    Raises
    ------
    ValueError
        Empty input, not one-dimensional, lengths differ, a label other than 0/1, or a probability
        that is not finite or outside [0, 1].
    """
    y = np.asarray(y_true)
    prob = np.asarray(p, dtype=np.float64)
    if y.ndim != 1 or prob.ndim != 1:
        raise ValueError(f"y_true and p must be 1-D; got shapes {y.shape} and {prob.shape}")
    if len(y) != len(prob):
        raise ValueError(f"y_true and p differ in length: {len(y)} and {len(prob)}")
    if len(y) == 0:
        raise ValueError("y_true and p are empty")
    if not np.isin(y, (0, 1)).all():
        bad = sorted({v.item() for v in np.unique(y)} - {0, 1})[:5]
        raise ValueError(f"y_true must hold only 0 and 1; found {bad}")
    if not np.isfinite(prob).all() or prob.min() < 0.0 or prob.max() > 1.0:
        raise ValueError("p must hold finite probabilities in [0, 1]")
    return y.astype(np.int64), prob


def _check_threshold(threshold: float) -> float:
    t = float(threshold)
    if not math.isfinite(t):
        raise ValueError(f"threshold must be finite; got {threshold!r}")
    return t


def _ratio(num: float, den: float) -> float:
    return float(num) / float(den) if den else 0.0


def _f1(precision: float, recall: float) -> float:
    return _ratio(2.0 * precision * recall, precision + recall)


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), _DIGITS)


def _confusion(y: np.ndarray, p: np.ndarray, threshold: float) -> tuple[int, int, int, int]:
    pred = p >= threshold
    pos = y == 1
    tp = int(np.count_nonzero(pred & pos))
    fp = int(np.count_nonzero(pred & ~pos))
    fn = int(np.count_nonzero(~pred & pos))
    tn = int(np.count_nonzero(~pred & ~pos))
    return tp, fp, fn, tn


# --------------------------------------------------------------------------------------------------
# metrics
# --------------------------------------------------------------------------------------------------


def binary_metrics(y_true: Any, p: Any, threshold: float = 0.5) -> dict[str, Any]:
    """Threshold and ranking metrics of the positive class.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        Gold labels, 0 or 1 (1 = positive class).
    p : array-like of shape (n,)
        Predicted probabilities of class 1, in [0, 1].
    threshold : float, default 0.5
        A sentence is predicted positive when ``p >= threshold``.

    Returns
    -------
    dict
        ``n``, ``n_pos`` (int); ``precision``, ``recall``, ``f1`` of the positive class at the
        threshold (0.0 when undefined); ``roc_auc`` (``None`` when ``y_true`` holds one class only);
        ``pr_auc``: average precision (``None`` when there is no positive); ``brier``: mean squared
        error of ``p`` against ``y_true``; ``accuracy``; ``threshold``; ``tp``, ``fp``, ``fn``,
        ``tn`` (int). Floats are rounded to 4 places.

    Raises
    ------
    ValueError
        Invalid inputs (see the module conventions) or a non-finite threshold.

    Examples
    --------
    >>> m = binary_metrics([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1], threshold=0.5)
    >>> m["precision"], m["recall"], m["f1"], m["roc_auc"]
    (0.5, 0.5, 0.5, 0.75)
    """
    y, prob = _check_inputs(y_true, p)
    t = _check_threshold(threshold)
    tp, fp, fn, tn = _confusion(y, prob, t)
    n_pos = tp + fn
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, n_pos)
    both_classes = 0 < n_pos < len(y)
    roc_auc = float(roc_auc_score(y, prob)) if both_classes else None
    pr_auc = float(average_precision_score(y, prob)) if n_pos else None
    return {
        "n": len(y),
        "n_pos": int(n_pos),
        "precision": _r(precision),
        "recall": _r(recall),
        "f1": _r(_f1(precision, recall)),
        "roc_auc": _r(roc_auc),
        "pr_auc": _r(pr_auc),
        "brier": _r(float(np.mean((prob - y) ** 2))),
        "accuracy": _r((tp + tn) / len(y)),
        "threshold": _r(t),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
    }


def reweighted_metrics(
    y_true: Any, p: Any, threshold: float = 0.5, negative_weight: float = 1.0
) -> dict[str, Any]:
    """Precision, recall and F1 of the positive class with every negative counted several times.

    Used for a test file that holds only a sample of the negatives of the original evaluation set
    (CoNLL-2010: pass ``negative_weight=conll_negative_weight(n_negatives)``): each negative sentence
    stands for ``negative_weight`` sentences, so false positives and true negatives are multiplied
    by it. Recall does not involve negatives and is unchanged.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        Gold labels, 0 or 1 (1 = positive class).
    p : array-like of shape (n,)
        Predicted probabilities of class 1, in [0, 1].
    threshold : float, default 0.5
        A sentence is predicted positive when ``p >= threshold``.
    negative_weight : float, default 1.0
        How many sentences each negative stands for; finite and > 0. With 1.0 the numbers equal
        :func:`binary_metrics`'.

    Returns
    -------
    dict
        ``n``, ``n_pos``, ``n_neg`` (int, unweighted counts); ``negative_weight``; ``precision``,
        ``recall``, ``f1``; ``threshold``; ``tp``, ``fn`` (int); ``fp``, ``tn`` (weighted, float).
        Floats are rounded to 4 places.

    Raises
    ------
    ValueError
        Invalid inputs, a non-finite threshold, or a weight that is not finite and > 0.

    Examples
    --------
    One true positive and one false positive: precision 1/2; with weight 2 the false positive
    counts twice, precision 1/3.

    >>> reweighted_metrics([1, 0, 0], [0.9, 0.8, 0.1], 0.5, negative_weight=2.0)["precision"]
    0.3333
    """
    y, prob = _check_inputs(y_true, p)
    t = _check_threshold(threshold)
    w = float(negative_weight)
    if not (math.isfinite(w) and w > 0):
        raise ValueError(f"negative_weight must be finite and > 0; got {negative_weight!r}")
    tp, fp, fn, tn = _confusion(y, prob, t)
    fp_w, tn_w = fp * w, tn * w
    precision = _ratio(tp, tp + fp_w)
    recall = _ratio(tp, tp + fn)
    return {
        "n": len(y),
        "n_pos": int(tp + fn),
        "n_neg": int(fp + tn),
        "negative_weight": _r(w),
        "precision": _r(precision),
        "recall": _r(recall),
        "f1": _r(_f1(precision, recall)),
        "threshold": _r(t),
        "tp": tp,
        "fp": _r(fp_w),
        "fn": fn,
        "tn": _r(tn_w),
    }


def conll_negative_weight(n_negatives_in_file: int) -> float:
    """Weight of each certain sentence of the CoNLL-2010 test file, ``7400 / n``.

    Parameters
    ----------
    n_negatives_in_file : int
        Certain (label 0) sentences actually evaluated: ``int((labels == 0).sum())`` of the loaded
        test split (5,054 in the file, fewer if the loader dropped conflicting duplicates).

    Returns
    -------
    float
        ``CONLL_NEGATIVE_WEIGHT_FULL / n_negatives_in_file`` (about 1.464 for 5,054).

    Raises
    ------
    ValueError
        ``n_negatives_in_file`` is not a positive integer.
    """
    if isinstance(n_negatives_in_file, bool) or int(n_negatives_in_file) != n_negatives_in_file:
        raise ValueError(f"n_negatives_in_file must be an integer; got {n_negatives_in_file!r}")
    n = int(n_negatives_in_file)
    if n <= 0:
        raise ValueError(f"n_negatives_in_file must be > 0; got {n}")
    return CONLL_NEGATIVE_WEIGHT_FULL / n


# --------------------------------------------------------------------------------------------------
# threshold tuning
# --------------------------------------------------------------------------------------------------


def tune_threshold(
    y_true: Any, p: Any, *, grid: Iterable[float] | None = None
) -> tuple[float, float]:
    """The threshold that maximises F1 of the positive class (use on train/dev data only).

    Parameters
    ----------
    y_true : array-like of shape (n,)
        Gold labels, 0 or 1 (1 = positive class).
    p : array-like of shape (n,)
        Predicted probabilities of class 1, in [0, 1].
    grid : iterable of float, optional
        Candidate thresholds. By default the unique values of ``p`` (every distinct cut of the
        data); pass :data:`THRESHOLD_GRID` for the coarse grid 0.05, 0.10, ..., 0.95.

    Returns
    -------
    threshold : float
        The candidate with the highest F1 at ``p >= threshold``. Among equal F1s, the one nearest
        to 0.5 wins, then the lower one. With no positive in ``y_true`` every F1 is 0 and the
        candidate nearest to 0.5 is returned.
    f1 : float
        F1 at that threshold, rounded to 4 places.

    Raises
    ------
    ValueError
        Invalid inputs, or an empty or non-finite grid.

    Notes
    -----
    Runs in O((n + k) log n) for k candidates: ``p`` is sorted once and the positives at or above
    each candidate are read from a cumulative sum.
    """
    y, prob = _check_inputs(y_true, p)
    if grid is None:
        cands = np.unique(prob)
    else:
        cands = np.unique(np.asarray(list(grid), dtype=np.float64))
        if cands.size == 0 or not np.isfinite(cands).all():
            raise ValueError("grid must be a non-empty sequence of finite thresholds")

    order = np.argsort(prob, kind="stable")
    p_sorted = prob[order]
    pos_before = np.concatenate(([0], np.cumsum(y[order])))  # positives strictly below index i
    n, n_pos = len(y), int(pos_before[-1])
    first = np.searchsorted(p_sorted, cands, side="left")  # first index with p >= t
    n_pred = n - first
    tp = n_pos - pos_before[first]
    den = n_pred + n_pos
    f1 = np.divide(2.0 * tp, den, out=np.zeros(len(cands)), where=den > 0)

    best = f1.max()
    tied = np.flatnonzero(np.isclose(f1, best, rtol=0.0, atol=1e-12))
    dist = np.abs(cands[tied] - 0.5)
    nearest = tied[np.isclose(dist, dist.min(), rtol=0.0, atol=1e-12)]
    i = int(nearest[0])  # candidates are sorted ascending: the lower of two equidistant ones
    return float(cands[i]), round(float(f1[i]), _DIGITS)


# --------------------------------------------------------------------------------------------------
# baselines
# --------------------------------------------------------------------------------------------------


def _tfidf(analyzer: str, ngram_range: tuple[int, int]) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=analyzer, ngram_range=ngram_range, sublinear_tf=True, min_df=2)


def _logreg(random_state: int | None) -> LogisticRegression:
    return LogisticRegression(class_weight="balanced", max_iter=2000, random_state=random_state)


def tfidf_baseline(random_state: int | None = 0) -> Pipeline:
    """DESIGN.md's word+char TF-IDF + logistic regression baseline (unfitted).

    Parameters
    ----------
    random_state : int or None, default 0
        Passed to :class:`~sklearn.linear_model.LogisticRegression`.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Steps ``features``: a :class:`~sklearn.pipeline.FeatureUnion` of ``word`` (word 1-2 grams)
        and ``char`` (``char_wb`` 2-5 grams) :class:`~sklearn.feature_extraction.text.TfidfVectorizer`
        s, both ``sublinear_tf=True, min_df=2``; ``clf``: ``LogisticRegression(class_weight=
        "balanced", max_iter=2000)``. Fit on a list of strings and 0/1 labels; ``predict_proba(
        texts)[:, 1]`` is the probability of class 1.
    """
    features = FeatureUnion([("word", _tfidf("word", (1, 2))), ("char", _tfidf("char_wb", (2, 5)))])
    return Pipeline([("features", features), ("clf", _logreg(random_state))])


def tfidf_word_baseline(random_state: int | None = 0) -> Pipeline:
    """Word-only TF-IDF + logistic regression baseline (the CheckThat! 2024 anchor; unfitted).

    Parameters
    ----------
    random_state : int or None, default 0
        Passed to :class:`~sklearn.linear_model.LogisticRegression`.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Steps ``features``: word 1-2 gram ``TfidfVectorizer(sublinear_tf=True, min_df=2)``;
        ``clf``: ``LogisticRegression(class_weight="balanced", max_iter=2000)``.
    """
    return Pipeline([("features", _tfidf("word", (1, 2))), ("clf", _logreg(random_state))])


# --------------------------------------------------------------------------------------------------
# markdown
# --------------------------------------------------------------------------------------------------


def _cell(value: Any, float_format: str, missing: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (float, np.floating)):
        return float_format.format(float(value))
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def markdown_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[tuple[str, str]],
    *,
    float_format: str = "{:.3f}",
    missing: str = "—",
) -> str:
    """Render rows as a GitHub-flavoured markdown table.

    Parameters
    ----------
    rows : sequence of mapping
        One mapping per table row.
    columns : sequence of (key, header)
        Which key of each row fills the column, and the column's header.
    float_format : str, default ``"{:.3f}"``
        Format for floats; ints get thousands separators, other values ``str`` with ``|`` escaped.
    missing : str, default ``"—"``
        Shown for a missing key, ``None`` or NaN.

    Returns
    -------
    str
        Header line, separator line and one line per row, joined by newlines (no trailing newline).
        A column whose present values are all numbers is right-aligned.

    Examples
    --------
    >>> print(markdown_table([{"m": "a", "f1": 0.5}], [("m", "model"), ("f1", "F1")]))
    | model | F1 |
    |---|---:|
    | a | 0.500 |
    """
    if not columns:
        raise ValueError("columns is empty")
    lines = ["| " + " | ".join(_cell(h, float_format, missing) for _, h in columns) + " |"]
    seps = []
    for key, _ in columns:
        present = [r[key] for r in rows if r.get(key) is not None]
        seps.append("---:" if present and all(_is_number(v) for v in present) else "---")
    lines.append("|" + "|".join(seps) + "|")
    for row in rows:
        cells = (_cell(row.get(key), float_format, missing) for key, _ in columns)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


_METRIC_COLUMNS = [
    ("dataset", "dataset"),
    ("split", "split"),
    ("model", "model"),
    ("n", "n"),
    ("precision", "P"),
    ("recall", "R"),
    ("f1", "F1"),
    ("roc_auc", "ROC-AUC"),
    ("brier", "Brier"),
]


def metrics_markdown(report: Mapping[str, Mapping[str, Mapping[str, Mapping[str, Any]]]]) -> str:
    """Render ``{dataset: {split: {model_name: metrics}}}`` as one markdown table.

    Parameters
    ----------
    report : mapping
        ``metrics`` are :func:`binary_metrics` dicts; one may carry a :func:`reweighted_metrics`
        dict under the key ``"reweighted"``.

    Returns
    -------
    str
        One row per dataset/split/model in the report's order, columns dataset, split, model, n, P,
        R, F1, ROC-AUC, Brier, plus "re-weighted F1" when any metrics dict has ``"reweighted"``
        (then a note under the table gives the negative weights, so the measured and the
        re-weighted F1 are never confused). Ends with a newline.
    """
    rows: list[dict[str, Any]] = []
    weights: list[str] = []
    for dataset, splits in report.items():
        for split, models in splits.items():
            for model, m in models.items():
                row = {"dataset": dataset, "split": split, "model": model}
                row.update({k: m.get(k) for k, _ in _METRIC_COLUMNS[3:]})
                rw = m.get("reweighted")
                if rw:
                    row["reweighted_f1"] = rw.get("f1")
                    w = rw.get("negative_weight")
                    if w is not None:
                        weights.append(f"{dataset}/{split}/{model} ×{w:.4g}")
                rows.append(row)
    columns = list(_METRIC_COLUMNS)
    has_rw = any("reweighted_f1" in r for r in rows)
    if has_rw:
        columns.append(("reweighted_f1", "re-weighted F1"))
    out = markdown_table(rows, columns) + "\n"
    if has_rw:
        note = "; ".join(weights) if weights else "weights not given"
        out += (
            "\nP, R, F1: positive class, as measured. re-weighted F1: each negative sentence counted "
            f"as several, to stand for the full evaluation set's negatives ({note}).\n"
        )
    return out


# --------------------------------------------------------------------------------------------------
# plots
# --------------------------------------------------------------------------------------------------


def _new_figure(**kwargs: Any):
    # The OO API: no pyplot, so no global backend switch and no figure registry to leak into.
    from matplotlib.figure import Figure

    return Figure(figsize=(6, 5), dpi=120, **kwargs)


def _save(fig: Any, path: str | Path) -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format="png", dpi=120)
    return out


def plot_precision_recall(
    curves: Mapping[str, tuple[Any, Any]], path: str | Path, title: str
) -> Path:
    """Write a precision-recall plot of one or more models as a PNG file.

    Parameters
    ----------
    curves : mapping of str to (y_true, p)
        Curve label (model name) to its gold labels and predicted probabilities of class 1.
    path : str or Path
        Output file (parent folders are created).
    title : str
        Plot title.

    Returns
    -------
    Path
        ``path``.

    Notes
    -----
    Each curve's legend entry gives its average precision (AP). When all curves share the same
    positive rate, it is drawn as the chance line. A curve with no positive has no PR curve: it
    is listed in the legend as such and not drawn. 6 x 5 in at 120 dpi.
    """
    from sklearn.metrics import precision_recall_curve

    fig = _new_figure()
    ax = fig.add_subplot()
    rates = set()
    for name, (y_true, p) in curves.items():
        y, prob = _check_inputs(y_true, p)
        rates.add(round(float(y.mean()), 6))
        if not y.any():
            ax.plot([], [], label=f"{name} (no positives)")
            continue
        precision, recall, _ = precision_recall_curve(y, prob)
        ap = average_precision_score(y, prob)
        ax.step(recall, precision, where="post", label=f"{name} (AP={ap:.3f})")
    if len(rates) == 1 and curves:
        rate = rates.pop()
        ax.axhline(rate, color="grey", linestyle="--", linewidth=1, label=f"chance ({rate:.3f})")
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel("Recall (positive class)")
    ax.set_ylabel("Precision (positive class)")
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    if curves:
        ax.legend(loc="lower left", fontsize="small")
    fig.tight_layout()
    return _save(fig, path)


def plot_calibration(
    curves: Mapping[str, tuple[Any, Any]], path: str | Path, title: str, n_bins: int = 10
) -> Path:
    """Write a reliability diagram (with a histogram of predictions) as a PNG file.

    Parameters
    ----------
    curves : mapping of str to (y_true, p)
        Curve label (model name) to its gold labels and predicted probabilities of class 1.
    path : str or Path
        Output file (parent folders are created).
    title : str
        Plot title.
    n_bins : int, default 10
        Equal-width bins of ``p`` for :func:`sklearn.calibration.calibration_curve`.

    Returns
    -------
    Path
        ``path``.

    Notes
    -----
    Top: mean predicted probability against the observed positive rate per non-empty bin, with the
    diagonal of perfect calibration; each legend entry gives the Brier score. Bottom: how many
    predictions fall in each bin. 6 x 5 in at 120 dpi.
    """
    from sklearn.calibration import calibration_curve

    if int(n_bins) < 1:
        raise ValueError(f"n_bins must be >= 1; got {n_bins!r}")
    fig = _new_figure()
    grid = fig.add_gridspec(2, 1, height_ratios=(3, 1), hspace=0.08)
    ax = fig.add_subplot(grid[0])
    hist = fig.add_subplot(grid[1], sharex=ax)
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfectly calibrated")
    edges = np.linspace(0.0, 1.0, int(n_bins) + 1)
    for name, (y_true, p) in curves.items():
        y, prob = _check_inputs(y_true, p)
        frac_pos, mean_pred = calibration_curve(y, prob, n_bins=int(n_bins), strategy="uniform")
        brier = float(np.mean((prob - y) ** 2))
        (line,) = ax.plot(mean_pred, frac_pos, marker="o", label=f"{name} (Brier={brier:.3f})")
        hist.hist(prob, bins=edges, histtype="step", color=line.get_color(), linewidth=1.2)
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel("Observed share positive")
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", fontsize="small")
    ax.tick_params(labelbottom=False)
    hist.set_xlabel("Predicted probability (positive class)")
    hist.set_ylabel("Count")
    hist.grid(True, alpha=0.3)
    fig.subplots_adjust(left=0.13, right=0.97, top=0.93, bottom=0.11)
    return _save(fig, path)


# --------------------------------------------------------------------------------------------------
# credscore evaluate
# --------------------------------------------------------------------------------------------------


#: Thresholds tried when tuning on dev: a 0.01 grid, so that a flat optimum (several cuts with
#: the same F1) resolves toward 0.5 instead of landing on an extreme predicted value.
TUNING_GRID: tuple[float, ...] = tuple(round(0.02 + 0.01 * i, 2) for i in range(97))


def baseline_for(task: str, random_state: int | None = 0) -> Pipeline:
    """DESIGN.md's same-run baseline for a task: word n-grams only for ``claim`` (CT24's anchor),
    word + character n-grams otherwise."""
    return tfidf_word_baseline(random_state) if task == "claim" else tfidf_baseline(random_state)


def fit_baseline(task: str, X, y, X_dev, y_dev, random_state: int | None = 0) -> tuple[Pipeline, float]:
    """The task's baseline fitted on ``(X, y)``, and its threshold tuned on dev like the model's."""
    base = baseline_for(task, random_state)
    base.fit(X, y)
    threshold, _ = tune_threshold(y_dev, base.predict_proba(X_dev)[:, 1], grid=TUNING_GRID)
    return base, threshold


def evaluate_model(model_dir, data_dir=None, split: str = "dev", log=None) -> dict:
    """Score a model directory on ``split`` of every dataset its config names, with baselines.

    Every score comes from :class:`scoring.scorer.Scorer`, i.e. is what the CLI, the API and
    batch serve. When the task was trained by genre (:mod:`training.genres`), each dataset is
    scored as its genre is served (``--genre``) with that genre's threshold; for a dataset of
    another genre than the default, the row ``credscore@DEFAULT`` adds what the default (no
    ``--genre``) gives on it, and for a genre that serves the largest probability of several
    genre models, the row ``credscore_GENRE_model_alone`` its own model alone.

    Baselines, trained in this run with their thresholds tuned on dev like the model's: the
    TF-IDF baseline of the task (:func:`baseline_for`; word n-grams only for ``claim``, DESIGN.md's
    CT24 anchor) trained on the task's pooled training data (``tfidf_baseline``), and, for a
    dataset whose own train split is among several training sets, the same baseline trained on
    that split alone (``tfidf_own_train``, DESIGN.md's definition of the anchor), threshold tuned
    on that dataset's dev splits (those of the config's ``threshold_dev`` when it has one). On
    the CoNLL-2010 test split the report adds F1 with certain-sentence errors re-weighted to the
    official set's size (DESIGN.md).

    Returns ``{"model": {...}, "split": split, "results": {dataset: {split: {model: metrics}}}}``.
    """
    import sys as _sys

    import numpy as _np

    from scoring.artifacts import load_model
    from training.datasets import DEFAULT_DATA_DIR, load_dataset, load_pairs

    log = log or (lambda msg: print(msg, file=_sys.stderr, flush=True))
    data_dir = DEFAULT_DATA_DIR if data_dir is None else data_dir
    from scoring.scorer import Scorer

    models, meta = load_model(model_dir)
    scorers: dict = {}

    def scorer(genre):
        if genre not in scorers:
            scorers[genre] = Scorer(models, meta, genre)
        return scorers[genre]

    results: dict = {}
    seed = meta["config"]["random_state"]
    for task_name, task_cfg in meta["config"]["tasks"].items():
        task_meta = meta["tasks"][task_name]
        default = task_meta.get("default_genre")
        genre_of = (task_cfg.get("genres") or {}).get("datasets", {})
        heads = task_meta.get("genres") or {}

        X, y, train_sets = load_pairs(task_cfg["train"], data_dir)
        # the baselines' thresholds are tuned where the model's were ("threshold_dev", else all of dev)
        Xd, yd, dev_sets = load_pairs(task_cfg.get("threshold_dev", task_cfg["dev"]), data_dir)
        log(f"[{task_name}] baseline trained on {len(X):,} sentences in this run")
        base, base_threshold = fit_baseline(task_name, X, y, Xd, yd, seed)
        own: dict[str, tuple[Pipeline, float]] = {}
        if len(train_sets) > 1:
            for d in train_sets:
                dev_own = [e for e in dev_sets if e.name == d.name]
                if d.split != "train" or not dev_own or d.name in own:
                    continue
                log(f"[{task_name}] baseline trained on {d.name}/train alone ({len(d.texts):,} sentences)")
                own[d.name] = fit_baseline(
                    task_name, d.texts, _np.asarray(d.labels, dtype=_np.int64),
                    [t for e in dev_own for t in e.texts],
                    _np.concatenate([_np.asarray(e.labels, dtype=_np.int64) for e in dev_own]), seed)
        for name in dict.fromkeys(n for n, _ in task_cfg["dev"]):
            splits = [split]
            if split == "dev" and name == "ct24":
                splits = ["dev", "dev-test"]
            for sp in splits:
                d = load_dataset(name, sp, data_dir, allow_test=(sp == "test"))
                labels = _np.asarray(d.labels, dtype=_np.int64)
                scored = {}
                g = genre_of.get(name, default)
                served = scorer(g if g in heads else None)
                scored["credscore"] = (served.predict(d.texts)[task_name], served.thresholds[task_name])
                if g != default:
                    plain = scorer(None)
                    scored[f"credscore@{default}"] = (plain.predict(d.texts)[task_name],
                                                      plain.thresholds[task_name])
                if "models" in heads.get(g, {}):
                    scored[f"credscore_{g}_model_alone"] = (
                        models[heads[g]["model"]].predict_proba(d.texts)[:, 1], float(heads[g]["model_threshold"]))
                scored["tfidf_baseline"] = (base.predict_proba(d.texts)[:, 1], base_threshold)
                if name in own:
                    scored["tfidf_own_train"] = (own[name][0].predict_proba(d.texts)[:, 1], own[name][1])
                rows = {k: binary_metrics(labels, p, t) for k, (p, t) in scored.items()}
                if name == "conll2010_wiki" and sp == "test":
                    w = conll_negative_weight(int((labels == 0).sum()))
                    for k, (p, t) in scored.items():
                        rows[k]["reweighted"] = reweighted_metrics(labels, p, t, w)
                results.setdefault(name, {})[sp] = rows
                best_base = max(v["f1"] for k, v in rows.items() if k.startswith("tfidf"))
                log(f"[{task_name}] {name}/{sp}: F1 {rows['credscore']['f1']:.3f} "
                    f"(best baseline {best_base:.3f})")
    return {
        "model": {"name": meta.get("name"), "version": meta.get("version"), "sha256": meta.get("sha256")},
        "split": split,
        "results": results,
    }


def main(args) -> int:
    """Entry point of ``credscore evaluate``."""
    import json as _json
    import sys as _sys

    from scoring.artifacts import ModelError
    from training.errors import DataError

    try:
        rep = evaluate_model(args.model, args.data_dir, args.split)
    except (ModelError, DataError) as exc:
        print(f"credscore evaluate: error: {exc}", file=_sys.stderr)
        return 2
    print(metrics_markdown(rep["results"]))
    text = _json.dumps(rep, indent=2)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    else:
        print()
        print(text)
    return 0
