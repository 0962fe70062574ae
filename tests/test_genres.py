"""Genre-aware training (training.genres): feature augmentation, the per-genre heads it collapses
to, and how a model trained by genre is trained, saved, served and evaluated."""

from __future__ import annotations

import json

import numpy as np
import pytest
import scipy.sparse as sp
from conftest import train_config, write_config

from scoring.pipeline import build_pipeline
from scoring.scorer import Scorer, _LinearModels
from training.genres import augment, block_slices, fit_genre_heads

SUBJECTS = ["The mayor", "The council", "The port authority", "A local firm", "The museum", "The school",
            "The hospital", "The ferry company"]
# Small hashed blocks: the fits below take seconds instead of a minute (the solver's cost grows
# with the number of columns, and augmentation triples them).
SMALL = {"cv": 2, "hash_features": 2**12}
ACTS = ["closed the old bridge", "raised the fees", "opened a new wing", "cut the budget",
        "hired forty staff", "moved its offices"]


def _corpus(n: int = 240, seed: int = 0):
    """Two genres that disagree about one cue: in 'wiki', a sentence with 'reportedly' is
    uncertain; in 'news' it is not, and only 'is investigating whether' marks uncertainty."""
    rng = np.random.default_rng(seed)
    texts, labels, genres = [], [], []
    for i in range(n):
        s, a = SUBJECTS[rng.integers(len(SUBJECTS))], ACTS[rng.integers(len(ACTS))]
        genre = "news" if i % 2 else "wiki"
        kind = i // 2 % 3
        if kind == 0:
            text, label = f"{s} reportedly {a}.", int(genre == "wiki")
        elif kind == 1:
            text, label = f"Police are investigating whether {s.lower()} {a}.", int(genre == "news")
        else:
            text, label = f"{s} {a} on Monday.", 0
        texts.append(f"{text} Case {i}.")
        labels.append(label)
        genres.append(genre)
    return texts, np.array(labels), genres


@pytest.fixture(scope="module")
def fitted():
    texts, y, genres = _corpus()
    heads, info = fit_genre_heads({**SMALL, "C": 4.0}, texts, y, genres)
    return texts, y, genres, heads, info


def test_when_augmented_then_genre_copies_hold_only_their_rows_and_onehot_marks_the_genre():
    X = sp.csr_matrix(np.array([[1.0, 2.0, 0.0], [0.0, 3.0, 4.0], [5.0, 0.0, 6.0]]))
    A = augment(X, np.array([0, 1, 0]), 2, np.array([1, 2])).toarray()
    assert A.shape == (3, 3 + 2 * 2 + 2)
    np.testing.assert_array_equal(A[:, :3], X.toarray())
    np.testing.assert_array_equal(A[:, 3:5], [[2, 0], [0, 0], [0, 6]])  # genre 0's copy of columns 1, 2
    np.testing.assert_array_equal(A[:, 5:7], [[0, 0], [3, 4], [0, 0]])  # genre 1's copy
    np.testing.assert_array_equal(A[:, 7:], [[1, 0], [0, 1], [1, 0]])


@pytest.mark.parametrize("index, message", [
    (np.array([0, 2, 0]), "range"), (np.array([0, -1, 0]), "range"), (np.array([0, 1]), "one entry per row"),
])
def test_when_genre_index_is_bad_then_augment_refuses(index, message):
    with pytest.raises(ValueError, match=message):
        augment(sp.csr_matrix(np.ones((3, 2))), index, 2, np.array([0]))


def test_when_heads_predict_then_they_equal_the_augmented_model_on_their_genre(fitted):
    texts, _, _, heads, info = fitted
    assert list(heads) == info["genres"] == ["news", "wiki"]
    X = heads["news"].named_steps["features"].transform(texts)
    for k, g in enumerate(info["genres"]):
        augmented = info["augmented"].predict_proba(augment(X, np.full(len(texts), k), 2, info["columns"]))
        np.testing.assert_allclose(heads[g].predict_proba(texts), augmented, rtol=0, atol=1e-9)


def test_when_genres_disagree_about_a_cue_then_each_head_follows_its_genre(fitted):
    *_, heads, _ = fitted
    reported = ["The museum reportedly moved its offices."]
    probe = ["Police are investigating whether the school cut the budget."]
    p = {g: (h.predict_proba(reported)[0, 1], h.predict_proba(probe)[0, 1]) for g, h in heads.items()}
    assert p["wiki"][0] > 0.5 > p["news"][0]
    assert p["news"][1] > 0.5 > p["wiki"][1]


def test_when_heads_are_built_then_they_share_the_features_and_the_fast_path_takes_them(fitted):
    texts, *_, heads, _ = fitted
    assert heads["news"].named_steps["features"] is heads["wiki"].named_steps["features"]
    fast = _LinearModels.build({"verifiability": heads["news"], "other": heads["wiki"]})
    assert fast is not None
    got = fast.predict_texts(texts[:20])
    np.testing.assert_allclose(got["other"], heads["wiki"].predict_proba(texts[:20])[:, 1], rtol=0, atol=1e-12)


def test_when_only_some_blocks_are_copied_then_the_others_are_shared(fitted):
    texts, y, genres, _, _ = fitted
    heads, info = fit_genre_heads(SMALL, texts, y, genres, blocks=["cues"])
    cues = block_slices(heads["news"].named_steps["features"])["cues"]
    np.testing.assert_array_equal(info["columns"], np.arange(cues.start, cues.stop))
    coef = {g: h.named_steps["clf"].calibrated_classifiers_[0].estimator.coef_[0] for g, h in heads.items()}
    np.testing.assert_array_equal(coef["news"][cues.stop:], coef["wiki"][cues.stop:])
    assert not np.array_equal(coef["news"][: cues.stop], coef["wiki"][: cues.stop])


def test_when_block_is_unknown_or_genres_do_not_match_texts_then_value_error(fitted):
    texts, y, genres, _, _ = fitted
    with pytest.raises(ValueError, match="unknown feature blocks"):
        fit_genre_heads(SMALL, texts, y, genres, blocks=["words"])
    with pytest.raises(ValueError, match="genres"):
        fit_genre_heads(SMALL, texts, y, genres[:-1])


def test_when_one_genre_then_head_is_an_ordinary_pipeline_with_its_own_intercept():
    texts, y, _ = _corpus(90)
    heads, _ = fit_genre_heads(SMALL, texts, y, ["all"] * len(texts))
    plain = build_pipeline(**SMALL).fit(texts, y)
    assert list(heads) == ["all"]
    # The same features; the head's weights are shared + copy, so it ranks like a plain model.
    p, q = heads["all"].predict_proba(texts)[:, 1], plain.predict_proba(texts)[:, 1]
    assert np.corrcoef(p, q)[0, 1] > 0.95


# ---------------------------------------------------------------------------------------------
# training, saving, serving and evaluating a model trained by genre
# ---------------------------------------------------------------------------------------------


def _write_corpus(root):
    """The layout of ../shared/data with _corpus's disagreement: CoNLL is 'wiki', FactBank 'news'."""
    from training.datasets import CONLL_FILE, SZEGED_FILES

    (root / "conll2010_wiki").mkdir(parents=True)
    rows = ["split\tlabel\ttext"]
    wiki = [(t, int(lab)) for t, lab, g in zip(*_corpus(600, seed=1)) if g == "wiki"]
    for i, (t, lab) in enumerate(wiki):
        rows.append(f"{'test' if i % 5 == 0 else 'train'}\t{lab}\t{t}")
    (root / CONLL_FILE).write_text("\n".join(rows) + "\n", encoding="utf-8")
    (root / "szeged_uncertainty").mkdir()
    head = "subcorpus\tdoc_id\tsent_id\tproposed_split\tlabel\tcue_types\tcues\ttext"
    news = [(t, int(lab)) for t, lab, g in zip(*_corpus(600, seed=2)) if g == "news"]
    for sub in ("factbank", "wiki"):
        lines = [head]
        for i, (t, lab) in enumerate(news):
            split = ("train", "train", "train", "dev", "test")[i % 5]
            lines.append(f"{sub}\tDOC{i % 7}\tS{i}\t{split}\t{lab}\t\t\t{t}")
        (root / SZEGED_FILES[sub]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


GENRE_CONFIG = {
    "name": "credscore-genres", "version": "0.0.1", "random_state": 1,
    "tasks": {"verifiability": {
        "train": [["conll2010_wiki", "train"], ["szeged_factbank", "train"]],
        "dev": [["conll2010_wiki", "dev"], ["szeged_factbank", "dev"]],
        "pipeline": {"cv": 2, "hash_features": 2**12}, "grid": {"C": [0.5, 4.0]},
        "genres": {"default": "news", "datasets": {"conll2010_wiki": "wiki", "szeged_factbank": "news"}},
    }},
}


@pytest.fixture(scope="module")
def genre_model(tmp_path_factory):
    root = tmp_path_factory.mktemp("genres")
    data = _write_corpus(root / "data")
    _, out, meta = train_config(GENRE_CONFIG, data, root)
    return data, out, meta


def test_when_trained_by_genre_then_metadata_names_each_genres_model_and_threshold(genre_model):
    from scoring.artifacts import load_model

    _, out, meta = genre_model
    task = meta["tasks"]["verifiability"]
    assert task["default_genre"] == "news"
    assert task["genres"]["news"]["model"] == "verifiability"
    assert task["genres"]["wiki"]["model"] == "verifiability@wiki"
    assert task["genres"]["wiki"]["datasets"] == ["conll2010_wiki"]
    assert task["threshold"] == task["genres"]["news"]["threshold"]
    assert set(task["grid"][0]["genres"]) == {"news", "wiki"}
    # each genre takes the grid value with its own best dev F1
    for g, h in task["genres"].items():
        f1 = {t["params"]["C"]: t["genres"][g]["dev_f1"] for t in task["grid"]}
        assert f1[h["chosen"]["C"]] == max(f1.values())
    assert task["chosen"] == task["genres"]["news"]["chosen"]
    models, _ = load_model(out)
    assert set(models) == {"verifiability", "verifiability@wiki"}


def test_when_scorer_serves_a_genre_then_scores_threshold_and_model_info_follow_it(genre_model):
    _, out, meta = genre_model
    text = "The museum reportedly moved its offices."
    news, wiki = Scorer.load(out), Scorer.load(out, genre="wiki")
    assert news.genre == "news" and news.genres() == ["news", "wiki"]
    assert set(wiki.models) == {"verifiability"}  # the other head is not scored
    assert wiki.thresholds["verifiability"] == meta["tasks"]["verifiability"]["genres"]["wiki"]["threshold"]
    a, b = news.score_text(text), wiki.score_text(text)
    assert a.sentences[0].verifiability > b.sentences[0].verifiability
    assert a.sentences[0].label == "verifiable" and b.sentences[0].label == "unverifiable"
    assert a.model["genre"] == "news" and b.model["genre"] == "wiki"
    assert Scorer.load(out, genre="news").thresholds == news.thresholds


def test_when_genre_is_unknown_then_scorer_names_the_known_ones(genre_model):
    _, out, _ = genre_model
    with pytest.raises(ValueError, match=r"no genre 'legal'.*news, wiki"):
        Scorer.load(out, genre="legal")


def test_when_model_has_no_genres_then_asking_for_one_is_refused():
    texts, y, _ = _corpus(60)
    models = {"verifiability": build_pipeline(**SMALL).fit(texts, y)}
    meta = {"tasks": {"verifiability": {"threshold": 0.5}}}
    plain = Scorer(models, meta)
    assert plain.genre is None and plain.genres() == [] and "genre" not in plain.model_info()
    with pytest.raises(ValueError, match="one verifiability model for all text"):
        Scorer(models, meta, genre="wiki")


def test_when_evaluated_then_each_dataset_uses_its_genre_and_reports_the_default_and_own_baselines(genre_model):
    from training.evaluate import evaluate_model

    data, out, _ = genre_model
    res = evaluate_model(out, data, "test", log=lambda m: None)["results"]
    conll, fb = res["conll2010_wiki"]["test"], res["szeged_factbank"]["test"]
    assert set(conll) == {"credscore", "credscore@news", "tfidf_baseline", "tfidf_own_train"}
    assert set(fb) == {"credscore", "tfidf_baseline", "tfidf_own_train"}
    # The wiki model reads 'reportedly' as uncertain, the news model does not.
    assert conll["credscore"]["f1"] > conll["credscore@news"]["f1"]
    assert "reweighted" in conll["credscore@news"] and "reweighted" in conll["tfidf_own_train"]


def test_when_a_genre_serves_several_models_then_its_score_is_their_largest(tmp_path_factory, genre_model):
    from training.evaluate import evaluate_model

    data, _, _ = genre_model
    root = tmp_path_factory.mktemp("serve")
    cfg = json.loads(json.dumps(GENRE_CONFIG))
    cfg["tasks"]["verifiability"]["genres"]["serve"] = {"news": ["news", "wiki"]}
    _, model, meta = train_config(cfg, data, root)
    news = meta["tasks"]["verifiability"]["genres"]["news"]
    assert news["models"] == ["verifiability", "verifiability@wiki"] and 0 < news["model_threshold"] < 1
    assert meta["tasks"]["verifiability"]["threshold"] == news["threshold"]
    assert "models" not in meta["tasks"]["verifiability"]["genres"]["wiki"]
    sc = Scorer.load(model)
    texts = ["The museum reportedly moved its offices.", "Police are investigating whether the school cut the budget.",
             "The mayor closed the old bridge on Monday."]
    raw, served = sc.predict_models(texts), sc.predict(texts)["verifiability"]
    np.testing.assert_array_equal(served, np.maximum(raw["verifiability"], raw["verifiability@wiki"]))
    # both notions of uncertainty are flagged on news text, the plain sentence is not
    labels = [s.label for s in sc.score_text(" ".join(texts)).sentences]
    assert labels == ["unverifiable", "unverifiable", "verifiable"]
    fb = evaluate_model(model, data, "test", log=lambda m: None)["results"]["szeged_factbank"]["test"]
    assert set(fb) == {"credscore", "credscore_news_model_alone", "tfidf_baseline", "tfidf_own_train"}
    assert set(meta["tasks"]["verifiability"]["metrics"]["szeged_factbank/dev"]) == {
        "credscore", "credscore_news_model_alone", "tfidf_baseline"}


@pytest.mark.parametrize("mutate, message", [
    (lambda t: t["genres"].update(serve={"news": ["wiki", "news"]}), "genres.serve"),
    (lambda t: t["genres"].update(serve={"news": ["news", "legal"]}), "genres.serve"),
    (lambda t: t["genres"]["datasets"].pop("szeged_factbank"), r"no genre for \['szeged_factbank'\]"),
    (lambda t: t["genres"].update(default="legal"), "'legal' is none of the datasets' genres"),
    (lambda t: t["genres"].pop("default"), "genres: an object"),
    (lambda t: t.update(dev=[["conll2010_wiki", "dev"]]), "genre 'news' has no dev dataset"),
    (lambda t: t.update(genre_blocks=["words"]), "genre_blocks"),
    (lambda t: t.pop("genres"), "genre_blocks: only with 'genres'"),
])
def test_when_genre_config_is_bad_then_config_error(tmp_path, mutate, message):
    from training.train import ConfigError, load_config

    cfg = json.loads(json.dumps(GENRE_CONFIG))
    cfg["tasks"]["verifiability"]["genre_blocks"] = ["cues"]
    mutate(cfg["tasks"]["verifiability"])
    path = write_config(tmp_path / "c.json", cfg)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_when_unused_columns_are_left_out_of_the_fit_then_the_model_is_the_same(fitted):
    from sklearn.base import clone

    texts, y, genres, heads, info = fitted
    X = heads["news"].named_steps["features"].transform(texts)
    gi = np.array([info["genres"].index(g) for g in genres])
    A = augment(X, gi, 2, info["columns"])
    assert A.getnnz(axis=0).astype(bool).mean() < 0.5  # most hashed columns are empty
    full = clone(info["augmented"]).fit(A, y)
    for k, g in enumerate(info["genres"]):
        want = full.predict_proba(augment(X, np.full(len(texts), k), 2, info["columns"]))
        np.testing.assert_allclose(heads[g].predict_proba(texts), want, rtol=0, atol=1e-6)


def test_when_plain_pipeline_is_fitted_on_used_columns_then_it_equals_the_plain_fit():
    from training.genres import fit_pipeline

    texts, y, _ = _corpus(120)
    a = fit_pipeline(SMALL, texts, y)
    b = build_pipeline(**SMALL).fit(texts, y)
    lr = a.named_steps["clf"].calibrated_classifiers_[0].estimator
    assert lr.coef_.shape == (1, 2 * 2**12 + a.named_steps["features"].transformer_list[0][1][0].n_features_out_)
    np.testing.assert_allclose(a.predict_proba(texts), b.predict_proba(texts), rtol=0, atol=1e-6)
    assert _LinearModels.build({"verifiability": a}) is not None


def test_when_heads_come_from_different_fits_then_equal_features_are_shared_and_others_kept():
    from training.train import _share_features

    texts, y, genres = _corpus(80)
    a, _ = fit_genre_heads({**SMALL, "C": 0.5}, texts, y, genres)
    b, _ = fit_genre_heads({**SMALL, "C": 4.0}, texts, y, genres)
    c, _ = fit_genre_heads({**SMALL, "C": 4.0}, texts[:60], y[:60], genres[:60])
    mixed = {"news": a["news"], "wiki": b["wiki"], "other": c["wiki"]}
    before = mixed["wiki"].predict_proba(texts)
    _share_features(mixed)
    assert mixed["wiki"].named_steps["features"] is mixed["news"].named_steps["features"]
    assert mixed["other"].named_steps["features"] is not mixed["news"].named_steps["features"]
    np.testing.assert_array_equal(mixed["wiki"].predict_proba(texts), before)


def test_when_metadata_names_a_genre_model_the_file_lacks_then_model_error():
    from scoring.artifacts import ModelError

    texts, y, _ = _corpus(60)
    models = {"verifiability": build_pipeline(**SMALL).fit(texts, y)}
    meta = {"tasks": {"verifiability": {"threshold": 0.5, "default_genre": "news", "genres": {
        "news": {"model": "verifiability", "models": ["verifiability", "verifiability@wiki"], "threshold": 0.5}}}}}
    with pytest.raises(ModelError, match=r"verifiability@wiki"):
        Scorer(models, meta)
