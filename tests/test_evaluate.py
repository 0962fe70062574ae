"""training.evaluate: metrics against hand computation, re-weighting, threshold tuning, baselines,
markdown and plots.

Every sentence and number here is invented for these tests; none comes from a corpus.
"""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import f1_score, precision_score, recall_score

from training.evaluate import (
    CONLL_NEGATIVE_WEIGHT_FULL,
    THRESHOLD_GRID,
    binary_metrics,
    conll_negative_weight,
    markdown_table,
    metrics_markdown,
    plot_calibration,
    plot_precision_recall,
    reweighted_metrics,
    tfidf_baseline,
    tfidf_word_baseline,
    tune_threshold,
)

REPO = Path(__file__).resolve().parents[1]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# 8 sentences: at 0.5 -> tp 3 (0, 1, 7), fp 1 (3), fn 1 (2), tn 3.
Y8 = np.array([1, 1, 1, 0, 0, 0, 0, 1], dtype=np.int8)
P8 = np.array([0.9, 0.8, 0.3, 0.6, 0.2, 0.1, 0.4, 0.7])


def _random_scores(seed: int = 7, n: int = 300) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n).astype(np.int8)
    p = np.clip(0.35 * y + rng.uniform(0.0, 0.65, size=n), 0.0, 1.0).round(3)
    return y, p


# --------------------------------------------------------------------------------------------------
# binary_metrics
# --------------------------------------------------------------------------------------------------


def test_when_small_arrays_scored_then_counts_and_ratios_match_hand_computation():
    m = binary_metrics(Y8, P8, threshold=0.5)
    assert (m["tp"], m["fp"], m["fn"], m["tn"]) == (3, 1, 1, 3)
    assert (m["n"], m["n_pos"]) == (8, 4)
    assert m["precision"] == 0.75 and m["recall"] == 0.75 and m["f1"] == 0.75
    assert m["accuracy"] == 0.75
    assert m["threshold"] == 0.5


def test_when_small_arrays_scored_then_ranking_and_brier_match_hand_computation():
    m = binary_metrics(Y8, P8, threshold=0.5)
    # positives {.9,.8,.7,.3} beat negatives {.6,.4,.2,.1} in 4+4+4+2 of 16 pairs
    assert m["roc_auc"] == 0.875
    # ranked: + + + - - + - -; AP = (1 + 1 + 1 + 4/6) / 4
    assert m["pr_auc"] == round((3 + 4 / 6) / 4, 4) == 0.9167
    # squared errors .01 .04 .49 .36 .04 .01 .16 .09 -> 1.2 / 8
    assert m["brier"] == 0.15


def test_when_probability_equals_threshold_then_it_counts_as_positive():
    m = binary_metrics([1, 0], [0.5, 0.49], threshold=0.5)
    assert (m["tp"], m["fp"], m["fn"], m["tn"]) == (1, 0, 0, 1)


def test_when_threshold_changes_then_metrics_follow_the_cut():
    m = binary_metrics(Y8, P8, threshold=0.25)  # predicts 0,1,2,3,6,7 positive
    assert (m["tp"], m["fp"], m["fn"], m["tn"]) == (4, 2, 0, 2)
    assert m["precision"] == round(4 / 6, 4) and m["recall"] == 1.0
    assert m["f1"] == 0.8


def test_when_random_data_scored_then_prf_match_sklearn():
    y, p = _random_scores()
    for t in (0.2, 0.5, 0.8):
        m = binary_metrics(y, p, t)
        pred = (p >= t).astype(int)
        assert m["precision"] == round(precision_score(y, pred, zero_division=0), 4)
        assert m["recall"] == round(recall_score(y, pred, zero_division=0), 4)
        assert m["f1"] == round(f1_score(y, pred, zero_division=0), 4)


def test_when_only_negatives_then_auc_is_none_and_nothing_crashes():
    m = binary_metrics([0, 0, 0], [0.1, 0.7, 0.2], threshold=0.5)
    assert m["roc_auc"] is None and m["pr_auc"] is None
    assert (m["tp"], m["fp"], m["fn"], m["tn"]) == (0, 1, 0, 2)
    assert m["precision"] == 0.0 and m["recall"] == 0.0 and m["f1"] == 0.0
    assert m["n_pos"] == 0
    assert m["brier"] == round((0.01 + 0.49 + 0.04) / 3, 4)


def test_when_only_positives_then_roc_auc_is_none_and_ap_is_one():
    m = binary_metrics([1, 1], [0.9, 0.3], threshold=0.5)
    assert m["roc_auc"] is None
    assert m["pr_auc"] == 1.0
    assert m["precision"] == 1.0 and m["recall"] == 0.5


def test_when_nothing_is_predicted_positive_then_precision_is_zero():
    m = binary_metrics([1, 0], [0.2, 0.1], threshold=0.5)
    assert m["precision"] == 0.0 and m["f1"] == 0.0 and m["roc_auc"] == 1.0


@pytest.mark.parametrize(
    ("y", "p"),
    [
        ([1, 0], [0.5]),  # lengths differ
        ([], []),  # empty
        ([1, 2], [0.5, 0.5]),  # label not 0/1
        ([1, 0], [0.5, 1.5]),  # probability above 1
        ([1, 0], [0.5, float("nan")]),  # not finite
        ([[1, 0]], [[0.5, 0.5]]),  # 2-D
    ],
)
def test_when_inputs_are_invalid_then_value_error(y, p):
    with pytest.raises(ValueError):
        binary_metrics(y, p, 0.5)


def test_when_labels_are_bool_or_int8_then_accepted():
    assert binary_metrics(np.array([True, False]), [0.8, 0.1], 0.5)["f1"] == 1.0
    assert binary_metrics(np.array([1, 0], dtype=np.int8), [0.8, 0.1], 0.5)["f1"] == 1.0


# --------------------------------------------------------------------------------------------------
# reweighted_metrics
# --------------------------------------------------------------------------------------------------


def test_when_negative_weight_is_two_then_one_false_positive_counts_twice():
    r = reweighted_metrics([1, 0, 0], [0.9, 0.8, 0.1], threshold=0.5, negative_weight=2.0)
    assert r["tp"] == 1 and r["fp"] == 2.0 and r["tn"] == 2.0 and r["fn"] == 0
    assert r["precision"] == round(1 / 3, 4)  # 1 / (1 + 2*1)
    assert r["recall"] == 1.0
    assert r["f1"] == 0.5  # 2 * (1/3) * 1 / (4/3)
    assert (r["n"], r["n_pos"], r["n_neg"]) == (3, 1, 2)


def test_when_negative_weight_is_one_then_prf_equal_binary_metrics():
    y, p = _random_scores(seed=3)
    r = reweighted_metrics(y, p, 0.5, negative_weight=1.0)
    m = binary_metrics(y, p, 0.5)
    assert (r["precision"], r["recall"], r["f1"]) == (m["precision"], m["recall"], m["f1"])


def test_when_negatives_are_upweighted_then_recall_is_unchanged_and_precision_drops():
    y, p = _random_scores(seed=11)
    base = reweighted_metrics(y, p, 0.5, negative_weight=1.0)
    heavy = reweighted_metrics(y, p, 0.5, negative_weight=conll_negative_weight(100))
    assert heavy["recall"] == base["recall"]
    assert heavy["precision"] < base["precision"]
    assert heavy["f1"] < base["f1"]


def test_when_weighted_file_equals_file_with_copied_negatives_then_metrics_agree():
    y, p = _random_scores(seed=5, n=60)
    neg = y == 0
    y3 = np.concatenate([y, y[neg], y[neg]])
    p3 = np.concatenate([p, p[neg], p[neg]])
    r = reweighted_metrics(y, p, 0.4, negative_weight=3)
    m = binary_metrics(y3, p3, 0.4)
    assert (r["precision"], r["recall"], r["f1"]) == (m["precision"], m["recall"], m["f1"])


@pytest.mark.parametrize("weight", [0, -1.0, float("inf"), float("nan")])
def test_when_negative_weight_is_not_positive_finite_then_value_error(weight):
    with pytest.raises(ValueError):
        reweighted_metrics([1, 0], [0.9, 0.1], 0.5, negative_weight=weight)


def test_when_conll_file_has_5054_negatives_then_weight_is_7400_over_5054():
    assert CONLL_NEGATIVE_WEIGHT_FULL == 7400
    assert conll_negative_weight(5054) == pytest.approx(7400 / 5054)
    assert conll_negative_weight(5050) == pytest.approx(7400 / 5050)  # after dropped conflicts
    assert round(conll_negative_weight(5054), 3) == 1.464


@pytest.mark.parametrize("n", [0, -3, 2.5, True])
def test_when_negative_count_is_not_a_positive_integer_then_value_error(n):
    with pytest.raises(ValueError):
        conll_negative_weight(n)


# --------------------------------------------------------------------------------------------------
# tune_threshold
# --------------------------------------------------------------------------------------------------


def test_when_tuned_on_constructed_example_then_f1_optimal_cut_is_chosen():
    y = [0, 0, 1, 0, 1, 1]
    p = [0.1, 0.2, 0.3, 0.4, 0.7, 0.9]
    # cut at .1: 6/9; .2: 6/8; .3: 6/7; .4: 4/6; .7: 4/5; .9: 2/4
    t, f1 = tune_threshold(y, p)
    assert t == 0.3
    assert f1 == round(6 / 7, 4)
    assert binary_metrics(y, p, t)["f1"] == f1


def test_when_tuned_on_random_data_then_result_matches_brute_force():
    y, p = _random_scores(seed=21, n=200)
    t, f1 = tune_threshold(y, p)
    brute = max(f1_score(y, (p >= c).astype(int), zero_division=0) for c in np.unique(p))
    assert f1 == round(brute, 4)
    assert binary_metrics(y, p, t)["f1"] == f1


def test_when_f1_ties_then_the_cut_nearest_one_half_wins():
    y = [1, 0, 0, 1]
    p = [0.2, 0.3, 0.6, 0.9]
    # cut at .2: 4/6; .3: 2/5; .6: 2/4; .9: 2/3 -> tie between .2 (0.3 from 0.5) and .9 (0.4)
    assert tune_threshold(y, p) == (0.2, round(2 / 3, 4))


def test_when_ties_are_equidistant_from_one_half_then_the_lower_cut_wins():
    y = [1, 0, 0, 1]
    p = [0.1, 0.3, 0.6, 0.9]  # tie between .1 and .9, both 0.4 from 0.5
    assert tune_threshold(y, p)[0] == 0.1


def test_when_grid_is_used_then_a_flat_optimum_resolves_to_one_half():
    y = [0, 0, 1, 1]
    p = [0.1, 0.2, 0.8, 0.9]  # any cut in (0.2, 0.8] separates perfectly
    assert tune_threshold(y, p, grid=THRESHOLD_GRID) == (0.5, 1.0)
    assert tune_threshold(y, p) == (0.8, 1.0)  # unique probabilities: only 0.8 separates
    assert THRESHOLD_GRID[0] == 0.05 and THRESHOLD_GRID[-1] == 0.95 and len(THRESHOLD_GRID) == 19


def test_when_no_positives_then_tuning_returns_cut_nearest_one_half_with_zero_f1():
    t, f1 = tune_threshold([0, 0, 0], [0.1, 0.45, 0.9])
    assert (t, f1) == (0.45, 0.0)


def test_when_grid_is_empty_then_value_error():
    with pytest.raises(ValueError):
        tune_threshold([1, 0], [0.9, 0.1], grid=[])


# --------------------------------------------------------------------------------------------------
# baselines
# --------------------------------------------------------------------------------------------------

HEDGED = [
    "The mayor reportedly plans to close the old ferry terminal.",
    "The fire may have started in the bakery on the corner.",
    "Some residents believe the new bridge is unsafe.",
    "The council allegedly ignored the warnings about the dam.",
    "It remains unclear whether the school will reopen next year.",
    "The factory may reportedly cut two hundred jobs.",
    "Some experts believe the river may flood again.",
    "The museum allegedly sold the painting to a private buyer.",
    "It remains unclear who ordered the new buses.",
    "The harbour may reportedly close for the winter.",
]
PLAIN = [
    "The council approved the budget on Tuesday.",
    "The new bridge opened to traffic in March.",
    "The school has 420 pupils and 31 teachers.",
    "The ferry leaves the harbour at nine every morning.",
    "The museum opened a new wing on Friday.",
    "The council voted to repair the old bridge.",
    "The factory opened in 1954 on the river bank.",
    "The mayor opened the new library on Monday.",
    "The buses run every ten minutes on weekdays.",
    "The harbour has berths for forty boats.",
]
TEXTS = HEDGED + PLAIN
LABELS = np.array([1] * len(HEDGED) + [0] * len(PLAIN), dtype=np.int8)


def test_when_word_char_baseline_built_then_it_matches_the_design():
    pipe = tfidf_baseline(random_state=3)
    union = pipe.named_steps["features"]
    word, char = dict(union.transformer_list)["word"], dict(union.transformer_list)["char"]
    assert (word.analyzer, word.ngram_range) == ("word", (1, 2))
    assert (char.analyzer, char.ngram_range) == ("char_wb", (2, 5))
    for vec in (word, char):
        assert vec.sublinear_tf is True and vec.min_df == 2
    clf = pipe.named_steps["clf"]
    assert (clf.class_weight, clf.max_iter, clf.random_state) == ("balanced", 2000, 3)


def test_when_word_baseline_built_then_it_has_word_ngrams_only():
    pipe = tfidf_word_baseline()
    vec = pipe.named_steps["features"]
    assert (vec.analyzer, vec.ngram_range, vec.sublinear_tf, vec.min_df) == (
        "word",
        (1, 2),
        True,
        2,
    )
    clf = pipe.named_steps["clf"]
    assert (clf.class_weight, clf.max_iter, clf.random_state) == ("balanced", 2000, 0)


@pytest.mark.parametrize("factory", [tfidf_baseline, tfidf_word_baseline])
def test_when_baseline_fitted_on_invented_sentences_then_it_separates_them(factory):
    pipe = factory().fit(TEXTS, LABELS)
    p = pipe.predict_proba(["Officials reportedly may close the ferry.", "The ferry opened."])
    assert p.shape == (2, 2) and np.allclose(p.sum(axis=1), 1.0)
    assert p[0, 1] > p[1, 1]
    train_p = pipe.predict_proba(TEXTS)[:, 1]
    m = binary_metrics(LABELS, train_p, 0.5)
    assert m["roc_auc"] == 1.0 and m["f1"] >= 0.9


def test_when_baseline_fitted_twice_then_probabilities_are_identical():
    a = tfidf_baseline().fit(TEXTS, LABELS).predict_proba(TEXTS)
    b = tfidf_baseline().fit(TEXTS, LABELS).predict_proba(TEXTS)
    assert np.array_equal(a, b)


# --------------------------------------------------------------------------------------------------
# markdown
# --------------------------------------------------------------------------------------------------


def test_when_rows_rendered_then_markdown_table_has_header_alignment_and_cells():
    rows = [
        {"name": "alpha", "n": 1234, "f1": 0.61234},
        {"name": "be|ta", "n": 7, "f1": None},
    ]
    text = markdown_table(rows, [("name", "model"), ("n", "n"), ("f1", "F1"), ("x", "extra")])
    assert text.splitlines() == [
        "| model | n | F1 | extra |",
        "|---|---:|---:|---|",
        "| alpha | 1,234 | 0.612 | — |",
        "| be\\|ta | 7 | — | — |",
    ]


def test_when_report_rendered_then_one_row_per_dataset_split_model():
    y, p = _random_scores(seed=1, n=80)
    conll = binary_metrics(y, p, 0.5)
    conll["reweighted"] = reweighted_metrics(y, p, 0.5, conll_negative_weight(int((y == 0).sum())))
    report = {
        "conll2010_wiki": {"test": {"tfidf": conll, "credscore": binary_metrics(y, p, 0.4)}},
        "ct24": {"dev": {"tfidf_word": binary_metrics(y, p, 0.6)}},
    }
    text = metrics_markdown(report)
    lines = text.splitlines()
    assert (
        lines[0]
        == "| dataset | split | model | n | P | R | F1 | ROC-AUC | Brier | re-weighted F1 |"
    )
    body = [line for line in lines[2:] if line.startswith("|")]
    assert [line.split(" | ")[:3] for line in body] == [
        ["| conll2010_wiki", "test", "tfidf"],
        ["| conll2010_wiki", "test", "credscore"],
        ["| ct24", "dev", "tfidf_word"],
    ]
    first = body[0]
    assert f"| {conll['f1']:.3f} |" in first
    assert first.endswith(f"| {conll['reweighted']['f1']:.3f} |")
    assert body[1].endswith("| — |")  # no re-weighted numbers for that model
    assert "re-weighted F1" in lines[-1] and "conll2010_wiki/test/tfidf" in lines[-1]


def test_when_report_has_no_reweighted_numbers_then_no_reweighted_column():
    y, p = _random_scores(seed=2, n=40)
    text = metrics_markdown({"szeged_factbank": {"dev": {"tfidf": binary_metrics(y, p, 0.5)}}})
    assert "re-weighted" not in text
    assert text.splitlines()[0] == "| dataset | split | model | n | P | R | F1 | ROC-AUC | Brier |"
    assert len(text.splitlines()) == 3


def test_when_metrics_have_no_roc_auc_then_the_cell_shows_a_dash():
    text = metrics_markdown({"d": {"s": {"m": binary_metrics([0, 0], [0.2, 0.7], 0.5)}}})
    assert text.splitlines()[2] == "| d | s | m | 2 | 0.000 | 0.000 | 0.000 | — | 0.265 |"


# --------------------------------------------------------------------------------------------------
# plots
# --------------------------------------------------------------------------------------------------


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    return struct.unpack(">II", data[16:24])


def test_when_precision_recall_plotted_then_a_png_of_6_by_5_inches_is_written(tmp_path):
    pytest.importorskip("matplotlib")
    y, p = _random_scores(seed=4, n=150)
    _, q = _random_scores(seed=9, n=150)
    out = plot_precision_recall(
        {"credscore": (y, p), "tfidf": (y, q)}, tmp_path / "plots" / "pr.png", "PR, invented data"
    )
    assert out == tmp_path / "plots" / "pr.png"
    assert out.stat().st_size > 5000
    assert _png_size(out) == (720, 600)


def test_when_calibration_plotted_then_a_png_of_6_by_5_inches_is_written(tmp_path):
    pytest.importorskip("matplotlib")
    y, p = _random_scores(seed=6, n=150)
    out = plot_calibration({"credscore": (y, p)}, tmp_path / "cal.png", "Calibration", n_bins=5)
    assert out.stat().st_size > 5000
    assert _png_size(out) == (720, 600)


def test_when_a_curve_has_one_class_only_then_plots_still_write_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    curves = {"empty": ([0, 0, 0], [0.1, 0.5, 0.9]), "ok": ([0, 1, 1], [0.2, 0.6, 0.9])}
    assert _png_size(plot_precision_recall(curves, tmp_path / "pr.png", "t")) == (720, 600)
    assert _png_size(plot_calibration(curves, tmp_path / "cal.png", "t")) == (720, 600)


def test_when_module_is_imported_then_matplotlib_is_not_loaded():
    code = "import sys, training.evaluate; print('matplotlib' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
