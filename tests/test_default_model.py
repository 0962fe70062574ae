"""The model shipped in the package: it loads safely, `credscore score` uses it by default, and
`credscore train` with the default config reproduces it (slow: about four minutes)."""

from __future__ import annotations

import json

import pytest

from scoring.artifacts import read_metadata, sha256_file
from scoring.scorer import DEFAULT_MODEL_DIR, Scorer
from training.datasets import DEFAULT_DATA_DIR

pytestmark = pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "metadata.json").exists(),
                                reason="no default model in scoring/models/default")


def test_when_default_model_loads_then_hash_and_size_match_metadata():
    meta = read_metadata(DEFAULT_MODEL_DIR)
    assert sha256_file(DEFAULT_MODEL_DIR / "model.skops") == meta["sha256"]
    assert (DEFAULT_MODEL_DIR / "model.skops").stat().st_size <= 25_000_000
    scorer = Scorer.load()
    assert set(scorer.outputs) == {"verifiability", "claim"}
    assert (DEFAULT_MODEL_DIR / "MODEL_CARD.md").exists()


def test_when_default_model_scores_then_hedged_and_sourced_sentences_differ():
    doc = Scorer.load().score_text(
        "Experts say the dam may have been weakened by the floods, though this could not be verified. "
        "The council approved the repair budget on Tuesday."
    )
    hedged, plain = doc.sentences
    assert hedged.verifiability < plain.verifiability
    assert hedged.label == "unverifiable"
    assert doc.model["sha256"] == read_metadata(DEFAULT_MODEL_DIR)["sha256"]


def test_when_cli_scores_without_model_flag_then_default_model_is_used(tmp_path, capsys):
    from credscore import cli

    f = tmp_path / "a.txt"
    f.write_text("Unemployment fell to four percent last year, officials said.", encoding="utf-8")
    assert cli.main(["score", "--compact", str(f)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["model"]["name"] == read_metadata(DEFAULT_MODEL_DIR)["name"]
    s = doc["sentences"][0]
    assert s["verifiability"] is not None and s["claim"] is not None


@pytest.mark.slow
@pytest.mark.corpus
@pytest.mark.skipif(not (DEFAULT_DATA_DIR / "conll2010_wiki").is_dir(), reason="../shared/data is absent")
def test_when_trained_with_default_config_then_metrics_and_thresholds_reproduce(tmp_path):
    from training.train import train

    shipped = read_metadata(DEFAULT_MODEL_DIR)
    meta = train("training/configs/default.json", DEFAULT_DATA_DIR, tmp_path / "model", log=lambda m: None)
    for task, shipped_task in shipped["tasks"].items():
        assert meta["tasks"][task]["threshold"] == shipped_task["threshold"], task
        assert meta["tasks"][task]["chosen"] == shipped_task["chosen"], task
        assert meta["tasks"][task]["metrics"] == shipped_task["metrics"], task
        assert meta["tasks"][task]["data_files"] == shipped_task["data_files"], task
        assert meta["tasks"][task].get("genres") == shipped_task.get("genres"), task


def test_when_default_model_serves_wiki_then_its_wiki_model_and_threshold_are_used():
    import numpy as np

    news, wiki = Scorer.load(), Scorer.load(genre="wiki")
    genres = read_metadata(DEFAULT_MODEL_DIR)["tasks"]["verifiability"]["genres"]
    assert news.genre == "news" and wiki.genre == "wiki" and news.genres() == ["news", "wiki"]
    assert set(wiki.models) == {"verifiability", "claim"}
    assert wiki.thresholds["verifiability"] == genres["wiki"]["threshold"]
    # news text: unverifiable when either the news or the Wikipedia model says so
    assert news.outputs["verifiability"] == ["verifiability", "verifiability@wiki"]
    raw = news.predict_models(["Critics say the plan is widely regarded as a failure."])
    assert news.predict(["Critics say the plan is widely regarded as a failure."])["verifiability"][0] == max(
        raw["verifiability"][0], raw["verifiability@wiki"][0])
    texts = ["If the talks collapse, prices could rise sharply.", "It rained on Tuesday."]
    p_news, p_wiki = news.predict(texts), wiki.predict(texts)
    assert not np.allclose(p_news["verifiability"], p_wiki["verifiability"])
    assert np.array_equal(p_news["claim"], p_wiki["claim"])  # the claim model has no genres


def test_when_scorer_shares_features_then_probabilities_equal_each_pipeline():
    """Scorer.predict computes cues and hashed n-grams once for both models; same numbers."""
    import numpy as np

    scorer = Scorer.load()
    texts = ["Officials said nearly 200 homes may have flooded.", '"It could get worse," she said.',
             "The council approved the budget on Tuesday.", ""]
    fast = scorer.predict_models(texts)
    for name, model in scorer.models.items():
        assert np.allclose(fast[name], model.predict_proba(texts)[:, 1], atol=1e-12), name


def test_when_sentences_are_submitted_one_by_one_then_offsets_index_each_and_scores_match_text():
    scorer = Scorer.load()
    items = ["Officials said nearly 200 homes\nmay have flooded.", "  The council met on Tuesday. It voted."]
    doc = scorer.score_sentences(items)
    assert [(s.sentence.start, s.sentence.end) for s in doc.sentences] == [(0, len(t)) for t in items]
    first = doc.sentences[0]
    # No re-splitting, even across a line break or a full stop inside an item.
    assert len(doc.sentences) == 2 and first.sentence.text == items[0]
    assert {c.text for c in first.cues} >= {"said", "nearly 200", "may"}
    assert all(items[0][c.start:c.end] == c.text for c in first.cues)
    assert first.verifiability == round(1 - float(scorer.predict([items[0]])["verifiability"][0]), 4)
    assert doc.to_dict()["lexicon"]["rules"] == len(scorer.matcher.lexicon.rules)


def test_when_no_texts_are_given_then_predict_gives_empty_arrays_per_model():
    scorer = Scorer.load()
    out, raw = scorer.predict([]), scorer.predict_models([])
    assert set(out) == {"verifiability", "claim"} and set(raw) == set(scorer.models)
    assert all(v.shape == (0,) for v in [*out.values(), *raw.values()])
