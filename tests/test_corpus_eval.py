"""Regression floors on the public corpora (dev splits), run when ../shared/data is present.

The floors sit a little under the figures in README.md, so a lexicon change that costs
attribution or hedge quality turns the suite red instead of going unnoticed. Rules are built on
train; dev is only measured here, never tuned on.
"""

from __future__ import annotations

import pytest

from training.cue_eval import (
    DEFAULT_DATA_DIR,
    evaluate_polnear,
    evaluate_szeged,
    load_factbank,
    load_polnear,
    load_polnear_sentences,
)

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (DEFAULT_DATA_DIR / "polnear").is_dir(), reason="../shared/data is absent"),
]


@pytest.fixture(scope="module")
def polnear_dev():
    articles = load_polnear("dev")
    sentences, _ = load_polnear_sentences("dev", articles=articles)
    return evaluate_polnear(articles, sentences)


def test_when_polnear_dev_then_sentence_attribution_f1_holds(polnear_dev):
    s = polnear_dev["sentence_has_cue"]
    assert s["f1"] >= 0.80 and s["precision"] >= 0.88, s


def test_when_polnear_dev_then_source_span_f1_holds(polnear_dev):
    assert polnear_dev["source_spans"]["overlap"]["f1"] >= 0.66, polnear_dev["source_spans"]
    assert polnear_dev["attribution_pairs"]["accuracy"] >= 0.85, polnear_dev["attribution_pairs"]


def test_when_polnear_dev_then_every_predicted_span_indexes_the_text(polnear_dev):
    assert polnear_dev["pred_offset_mismatches"] == 0


def test_when_factbank_dev_then_hedge_precision_and_recall_hold():
    rep = evaluate_szeged(load_factbank("dev"))
    hedge = rep["hedge"]
    assert hedge["precision"] >= 0.75 and hedge["recall"] >= 0.70, hedge
