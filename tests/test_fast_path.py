"""The Scorer's fast path gives the plain pipelines' numbers: hashed n-gram counts equal to
HashingVectorizer's, probabilities equal to ``predict_proba``, the same rounded outputs and
spans, and a fall-back to the pipelines for models of another shape."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32

from scoring.extract import analyze_sentence_items, analyze_sentences, analyze_text
from scoring.features import HashedNgrams, _char_wb_spans, _hash_strings, _murmur_spans, fold_digits
from scoring.scorer import DEFAULT_MODEL_DIR, Scorer, _LinearModels

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from throughput import generate  # noqa: E402

pytestmark = pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "metadata.json").exists(),
                                reason="no default model in scoring/models/default")

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Strings that stress the analyzers, the cue featurizer and the quote handling.
TRICKY = [
    "", " ", "\n", "\t \u00a0 ", ".", "a", "A.", "I", "'s", "’s", "ΟΔΟΣ ΣΑΣ Σ", "İstanbul İİ",
    "ǅungla ǈ ß ẞ ﬁ", "naïve café e\u0301 n\u0303", "😀👍🏽 👨\u200d👩\u200d👧", "日本語のテキスト。中文句子",
    "x\u2028y\u2029z\x1cw\x85v", "a\r\nb\rc\x0bd\x0ce", "  lead and trail  ", "many     spaces\t\there",
    "\u201cIt may rain,\u201d she said.", '"Unclosed quote, officials said', "‘single’ and 'straight'",
    "don't can't won't players' union", "«Guillemets» ‹single› „low”", "He said: \"No.\" Then left.",
    "Officials said nearly 200 homes may have flooded.", "According to Reuters, at least 12 died.",
    "The figures could not be independently verified.", "Experts say it is apparently unclear.",
    "1,234.5 $3.2 million 40% 5 p.m. U.S. Dr. Jan. 5", "e-mail co-operate well-known x--y",
    "word " * 300, "Reportedly, the minister, who told reporters that at least 12 people died, "
    "apparently believes the so-called plan went according to plan. " * 12,
    "\u0000\u0001 control \ufeff bom \ufffd", "Zalgo t\u0336e\u0337x\u0338t", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝐛𝐨𝐥𝐝",
]


def news(n: int, seed: int = 5) -> list[str]:
    from scoring.text import split_sentences

    return [s.text for d in generate(n * 90, seed) for s in split_sentences(d)][:n]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


def _vectorizers(scorer: Scorer):
    """The default model's n-gram vectorizers, and each with its preprocessing switched
    (fold_digits or plain lower-casing), so that both kinds are checked whichever ships."""
    from sklearn.base import clone

    feats = scorer.models["verifiability"].named_steps["features"]
    out = {}
    for name, part in feats.transformer_list:
        if name != "cues":
            vec = part.steps[0][1]
            out[name] = vec
            other = None if vec.preprocessor is fold_digits else fold_digits
            out[f"{name} (preprocessor={getattr(other, '__name__', None)})"] = clone(vec).set_params(
                preprocessor=other)
    return out


def test_when_digits_are_folded_then_figures_share_their_ngrams(scorer):
    for name, vec in _vectorizers(scorer).items():
        if vec.preprocessor is fold_digits:
            fast = HashedNgrams(vec)
            a, b = fast.transform(["Sales rose 3.5% in 2019.", "SALES ROSE 8.2% IN 1998."]).toarray()
            assert np.array_equal(a, b), name
        else:  # plain lower-casing keeps the figures apart
            a, b = HashedNgrams(vec).transform(["Sales rose 3.5% in 2019.", "Sales rose 8.2% in 1998."]).toarray()
            assert not np.array_equal(a, b), name


def test_when_folding_digits_then_only_ascii_digits_become_zero_and_text_is_lower_cased():
    assert fold_digits("In 2019, GDP grew 3.5%") == "in 0000, gdp grew 0.0%"
    assert fold_digits("0") == "0"
    assert fold_digits("٣ ² Ⅳ") == "٣ ² ⅳ"  # other scripts' digits and numerals are left alone
    for t in TRICKY:
        assert fold_digits(fold_digits(t)) == fold_digits(t)  # HashedNgrams relies on this


def test_when_folding_digits_then_same_as_the_translate_table():
    """fold_digits substitutes with a regex; it must equal lower() + a 1-9 -> 0 translate table,
    on ASCII text, text with curly quotes or dashes, and every digit-like code point."""
    table = str.maketrans("123456789", "000000000")
    digitish = "".join(c for c in map(chr, range(0x110000)) if c.isdigit() or c.isnumeric())
    for t in [*TRICKY, "0123456789", "“$3.5bn” – ٣ 12", digitish, digitish.upper()]:
        assert fold_digits(t) == t.lower().translate(table), t


def _same_csr(a, b) -> None:
    assert a.shape == b.shape
    assert np.array_equal(a.indptr, b.indptr)
    assert np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)
    assert a.indices.dtype == b.indices.dtype and a.data.dtype == b.data.dtype


def test_when_default_model_loads_then_fast_path_is_used(scorer):
    assert scorer._fast is not None
    # news text is served as the larger of the news and the Wikipedia model: three linear models
    assert set(scorer._fast.models) == set(scorer.models) == {"verifiability", "verifiability@wiki", "claim"}


def test_when_hashing_tricky_and_news_strings_then_counts_equal_hashing_vectorizer(scorer):
    texts = TRICKY + news(500)
    for name, vec in _vectorizers(scorer).items():
        fast = HashedNgrams(vec)
        for _ in range(2):  # cold, then from the memo
            _same_csr(fast.transform(texts), vec.transform(texts))
        _same_csr(fast.transform(["Only one."]), vec.transform(["Only one."]))


def test_when_memo_overflows_then_counts_stay_equal(scorer):
    texts = news(300)
    for vec in _vectorizers(scorer).values():
        fast = HashedNgrams(vec, max_cache=50)
        for k in range(0, 300, 37):
            _same_csr(fast.transform(texts[k:k + 37]), vec.transform(texts[k:k + 37]))
            for t in texts[k:k + 37:6]:  # one at a time: word n-grams go through the memo
                _same_csr(fast.transform([t]), vec.transform([t]))
        assert 0 < fast.memo_size <= max(50, 37 * 60)


def test_when_word_memo_learns_then_it_holds_the_ngram_hashes(scorer):
    """Every entry of the word memo (the n-grams of texts scored one at a time) must hold the
    column of its n-gram string, through learning and through starting afresh when full."""
    from itertools import pairwise

    from sklearn.utils import murmurhash3_32

    texts = TRICKY + news(200)
    for name, vec in _vectorizers(scorer).items():
        if vec.analyzer != "word":
            continue
        fast = HashedNgrams(vec, max_cache=300)
        nf = fast.n_features
        sizes = []
        for k in range(0, len(texts), 23):
            _same_csr(fast.transform(texts[k:k + 23]), vec.transform(texts[k:k + 23]))
            for t in texts[k:k + 23:4]:  # one at a time: through the memo
                _same_csr(fast.transform([t]), vec.transform([t]))
            memo = fast._cache
            sizes.append(len(memo))
            for gram, col in memo.items():
                assert col == abs(murmurhash3_32(gram)) % nf, (name, gram)
        assert any(b < a for a, b in pairwise(sizes)), name  # it did start afresh


@pytest.mark.parametrize("texts", [
    ["", "Officials said so.", ""],
    ["", ""],
    ["one", "two words", "", "x"],
    ["Officials said so.", "A text that holds credscore0sentinel0token, the joining token.", "Next one."],
    ["CREDSCORE0SENTINEL0TOKEN", "b c"],
])
def test_when_texts_are_tokenised_together_then_counts_equal_hashing_vectorizer(scorer, texts):
    for vec in _vectorizers(scorer).values():
        fast = HashedNgrams(vec)
        for _ in range(2):  # cold, then from the memo
            _same_csr(fast.transform(texts), vec.transform(texts))
            data, indices, indptr = fast.counts(texts)
            raw = sp.csr_matrix((data, indices, indptr), shape=(len(texts), fast.n_features))
            raw.sum_duplicates()
            _same_csr(raw, vec.transform(texts))


def test_when_threads_share_a_memo_then_counts_stay_equal(scorer):
    """Readers never wait for the memo: words added, or a full memo replaced, by another thread
    must not change what a running call reads."""
    from concurrent.futures import ThreadPoolExecutor

    texts = TRICKY + news(240)
    chunks = [texts[k:k + 9] for k in range(0, len(texts), 9)]
    for vec in _vectorizers(scorer).values():
        want = [vec.transform(c) for c in chunks]
        fast = HashedNgrams(vec, max_cache=200)  # full again and again
        with ThreadPoolExecutor(4) as pool:
            for _ in range(3):
                for got, w in zip(pool.map(fast.transform, chunks), want):
                    _same_csr(got, w)


@SETTINGS
@given(st.lists(st.text(min_size=0, max_size=80), min_size=1, max_size=6))
def test_when_hashing_random_text_then_counts_equal_hashing_vectorizer(texts):
    for vec in _vectorizers(_shared_scorer()).values():
        _same_csr(HashedNgrams(vec).transform(texts), vec.transform(texts))


@SETTINGS
@given(st.lists(st.text(alphabet=st.sampled_from(list("aAbΣσς İi \t\n\u00a0\u2028.,'\"“”’-é\u0301😀1")),
                        max_size=60), min_size=1, max_size=6))
def test_when_hashing_dense_tricky_alphabet_then_counts_equal_hashing_vectorizer(texts):
    for vec in _vectorizers(_shared_scorer()).values():
        _same_csr(HashedNgrams(vec).transform(texts), vec.transform(texts))


_SCORER: list[Scorer] = []


def _shared_scorer() -> Scorer:
    if not _SCORER:
        _SCORER.append(Scorer.load())
    return _SCORER[0]


def _assert_same_probabilities(scorer: Scorer, texts: list[str]) -> None:
    fast = scorer.predict_models(texts)
    for name, model in scorer.models.items():
        want = model.predict_proba(texts)[:, 1]
        assert fast[name].shape == want.shape
        assert np.max(np.abs(fast[name] - want), initial=0.0) <= 1e-12, name


def test_when_predicting_varied_inputs_then_probabilities_equal_each_pipeline(scorer):
    _assert_same_probabilities(scorer, TRICKY)
    _assert_same_probabilities(scorer, news(2000))
    for t in TRICKY[:12]:
        _assert_same_probabilities(scorer, [t])  # one at a time: the API's single sentences


def test_when_models_have_equal_idf_then_they_share_one_array_and_only_then(scorer):
    """_block_values computes a block's TF-IDF values once per idf array (by identity): two
    models' blocks may hold the same array only when their idf vectors are equal."""
    specs = scorer._fast.models
    shared = 0
    for k, block in enumerate(specs["verifiability"]["blocks"]):
        if block[0] != "hash":
            continue
        idfs = [spec["blocks"][k][3] for spec in specs.values()]
        for a in idfs:
            for b in idfs:
                assert (a is b) == np.array_equal(a, b)
        shared += len(idfs) - len({id(a) for a in idfs})
    assert shared > 0  # the shipped Wikipedia model has the news model's idf


@SETTINGS
@given(st.lists(st.text(max_size=120), min_size=1, max_size=5))
def test_when_predicting_random_text_then_probabilities_equal_each_pipeline(texts):
    _assert_same_probabilities(_shared_scorer(), texts)


def _reference(scorer: Scorer, doc) -> dict:
    """The model fields as the Scorer computed them before the fast path: predict_proba."""
    texts = [r.sentence.text for r in doc.sentences]
    out = doc.to_dict()
    out["model"] = scorer.model_info()
    out["summary"] = None
    if not texts:
        return out
    p = {name: m.predict_proba(texts)[:, 1] for name, m in scorer.models.items()}
    # A genre that combines several models serves the largest of their probabilities.
    p_verif = np.max([p[k] for k in scorer.outputs["verifiability"]], axis=0)
    for i, s in enumerate(out["sentences"]):
        pu = float(p_verif[i])
        s["verifiability"] = round(1.0 - pu, 4)
        s["label"] = "unverifiable" if pu >= scorer.thresholds["verifiability"] else "verifiable"
        if "claim" in p:
            s["claim"] = round(float(p["claim"][i]), 4)
            s["claim_label"] = "claim" if p["claim"][i] >= scorer.thresholds["claim"] else "not_claim"
    out["summary"] = None
    return out


def _without_summary(d: dict) -> dict:
    return {**d, "summary": None}


QUOTED_DOCS = [
    '“We will not back down. This may take weeks,” she said. Officials said 200 homes flooded.',
    '"It could get worse. Nobody knows," the mayor said.\n\nExperts say it may rain.',
    'He said "No." Then he left. Reportedly, “sources close to the minister said it was over.',
    "“Unclosed quote. It may continue\n\nNext paragraph apparently says so.” Then more.",
    "The ‘so-called’ plan. ’Tis odd. Don't worry, the players' union said.",
    "Headline without stop\nA line\nwrapped, here. And “quote” at the end “",
]


def test_when_scoring_text_then_output_equals_plain_pipelines(scorer):
    docs = QUOTED_DOCS + TRICKY + generate(60_000, 3)
    for text in docs:
        got = scorer.score_text(text).to_dict()
        want = _reference(scorer, analyze_text(text, scorer.matcher))
        assert _without_summary(got) == want
        lines = scorer.score_lines(text).to_dict()
        assert _without_summary(lines) == _reference(scorer, analyze_sentences(text, scorer.matcher))


def test_when_scoring_items_then_output_equals_plain_pipelines(scorer):
    items = TRICKY + QUOTED_DOCS + news(300)
    got = scorer.score_sentences(items).to_dict()
    assert _without_summary(got) == _reference(scorer, analyze_sentence_items(items, scorer.matcher))
    for item in items[:20]:  # one at a time, as single API requests
        one = scorer.score_sentences([item]).to_dict()
        assert _without_summary(one) == _reference(scorer, analyze_sentence_items([item], scorer.matcher))


def test_when_document_analysis_is_reused_then_features_equal_the_sentence_alone(scorer):
    """Whatever _reusable accepts gives exactly the cue features of the sentence alone."""
    from scoring.text import split_sentences

    featurizer = scorer._fast.featurizer
    r = random.Random(1)
    docs = QUOTED_DOCS + generate(40_000, 9)
    # Quotes opened in one sentence and closed in another, across paragraphs.
    docs += [" ".join(r.choice(QUOTED_DOCS).split(" ")[r.randrange(3):]) for _ in range(50)]
    n_reused = n_total = 0
    for text in docs:
        sentences = split_sentences(text)
        doc = analyze_text(text, scorer.matcher)
        for ok, res in zip(scorer._reusable(text, sentences), doc.sentences):
            n_total += 1
            if not ok:
                continue
            n_reused += 1
            alone = featurizer.rows(featurizer.analyze([res.sentence.text]))
            reused = featurizer.rows([res])
            for a, b in zip(alone, reused):
                assert np.array_equal(a, b), res.sentence.text
    assert n_reused > 0.8 * n_total


def test_when_sentence_is_inside_a_paragraph_quote_then_it_is_analysed_again(scorer):
    from scoring.text import split_sentences

    text = "“We will not back down. Experts say it could apparently take weeks. Nobody knows,” she said. It rained."
    sentences = split_sentences(text)
    assert [s.text for s in sentences][1] == "Experts say it could apparently take weeks."
    # The second sentence is inside the quote in the document, not when analysed alone; the
    # third closes the quote, which the analysis alone also sees.
    assert scorer._reusable(text, sentences) == [True, False, True, True]
    doc = scorer.score_text(text)
    assert doc.sentences[1].cues[0].quoted  # the spans shown are the document's
    assert _without_summary(doc.to_dict()) == _reference(scorer, analyze_text(text, scorer.matcher))


def _tiny_pipeline(**kwargs):
    from scoring.pipeline import build_pipeline
    from test_features import UNVERIFIABLE, VERIFIABLE

    pipe = build_pipeline(cv=2, hash_features=2**12, **kwargs)
    pipe.fit(UNVERIFIABLE + VERIFIABLE, [1] * len(UNVERIFIABLE) + [0] * len(VERIFIABLE))
    return pipe


def _meta(*names):
    return {"tasks": {n: {"threshold": 0.5} for n in names}}


def test_when_model_is_calibrated_isotonically_then_scorer_falls_back_to_pipelines():
    models = {"verifiability": _tiny_pipeline(calibration="isotonic")}
    scorer = Scorer(models, _meta("verifiability"))
    assert scorer._fast is None
    _assert_same_probabilities(scorer, TRICKY)
    assert scorer.score_text("Experts say it may rain. It rained.").sentences[0].verifiability is not None


def test_when_blocks_differ_then_fast_path_still_equals_pipelines():
    for kwargs in ({"use_char": False}, {"use_cues": False}, {"use_word": False, "use_char": False},
                   {"fold_digits": True}):
        scorer = Scorer({"verifiability": _tiny_pipeline(**kwargs)}, _meta("verifiability"))
        assert scorer._fast is not None, kwargs
        _assert_same_probabilities(scorer, TRICKY + QUOTED_DOCS)
        doc = scorer.score_text(QUOTED_DOCS[0])
        assert _without_summary(doc.to_dict())["sentences"] == _reference(
            scorer, analyze_text(QUOTED_DOCS[0], scorer.matcher))["sentences"]


def test_when_models_do_not_share_features_then_fast_path_is_not_used():
    models = {"verifiability": _tiny_pipeline(), "claim": _tiny_pipeline(use_char=False)}
    scorer = Scorer(models, _meta("verifiability", "claim"))
    assert scorer._fast is None
    _assert_same_probabilities(scorer, TRICKY)


def test_when_sklearn_calibrator_changes_then_load_check_falls_back(monkeypatch):
    """A change inside scikit-learn that the fast path does not mirror is caught at load."""
    from sklearn import calibration

    pipe = _tiny_pipeline()
    assert _LinearModels.build({"verifiability": pipe}) is not None
    monkeypatch.setattr(calibration._SigmoidCalibration, "predict",
                        lambda self, T: 1.0 / (1.0 + np.exp(self.a_ * np.asarray(T) + self.b_ + 1e-9)))
    assert _LinearModels.build({"verifiability": pipe}) is None
    scorer = Scorer({"verifiability": pipe}, _meta("verifiability"))
    assert scorer._fast is None
    _assert_same_probabilities(scorer, TRICKY)


def test_when_scoring_many_texts_then_each_equals_scoring_it_alone(scorer):
    """Scorer.score_texts (batch scoring) runs the models once over all the documents'
    sentences: the same dicts as score_text one document at a time, also for models that take
    the pipelines."""
    docs = QUOTED_DOCS + TRICKY + generate(30_000, 21) + ["", "One."]
    many = scorer.score_texts(docs)
    assert [d.to_dict() for d in many] == [scorer.score_text(t).to_dict() for t in docs]
    plain = Scorer({"verifiability": _tiny_pipeline(calibration="isotonic")}, _meta("verifiability"))
    assert [d.to_dict() for d in plain.score_texts(docs[:20])] == [plain.score_text(t).to_dict() for t in docs[:20]]


def test_when_probabilities_are_computed_in_batches_of_any_size_then_bits_are_the_same(scorer):
    """Every sum of the fast path runs over one row: a sentence's probability does not depend
    on the other sentences of the call (to the last bit)."""
    texts = TRICKY + news(400)
    whole = scorer.predict(texts)
    for size in (1, 3, 17):
        parts = [scorer.predict(texts[k:k + size]) for k in range(0, len(texts), size)]
        for name in whole:
            assert np.array_equal(np.concatenate([p[name] for p in parts]), whole[name])


def test_when_scipy_loop_is_missing_then_public_product_gives_the_same_bits(scorer, monkeypatch):
    """The fall-back of scoring.scorer._matvec (public scipy product, each row's running sum as
    its first entry) adds in the same order as scipy's private loop."""
    from scoring import scorer as scorer_mod

    texts = TRICKY + news(300)
    want = scorer.predict(texts)
    monkeypatch.setattr(scorer_mod, "_csr_matvec", None)
    got = scorer.predict(texts)
    for name in want:
        assert np.array_equal(got[name], want[name])
    assert _LinearModels.build(scorer.models) is not None  # the check at load passes with it too


def test_when_cue_rows_are_computed_then_they_equal_the_named_features(scorer):
    """CueFeaturizer.rows (columns looked up once per name) equals the features of
    scoring.features._sentence_features, looked up by name as the first release did."""
    from scoring.features import _sentence_features

    featurizer = scorer._fast.featurizer
    results = featurizer.analyze(TRICKY + QUOTED_DOCS + news(1500))
    col = {name: j for j, name in enumerate(featurizer.feature_names_)}
    cols, vals, indptr = [], [], [0]
    for r in results:
        row = sorted((col[k], v) for k, v in _sentence_features(r).items() if v and k in col)
        cols += [j for j, _ in row]
        vals += [v for _, v in row]
        indptr.append(len(cols))
    data, indices, ptr = featurizer.rows(results)
    assert np.array_equal(indices, cols) and np.array_equal(ptr, indptr)
    assert np.array_equal(data, np.asarray(vals, dtype=np.float64))
    assert indices.dtype == np.int32 and ptr.dtype == np.int32 and data.dtype == np.float64
    data, indices, ptr = featurizer.rows([])
    assert len(data) == len(indices) == 0 and ptr.tolist() == [0]
    assert indices.dtype == np.int32 and ptr.dtype == np.int32 and data.dtype == np.float64


@pytest.mark.parametrize("ngram_range", [(1, 1), (2, 2), (1, 3), (2, 4)])
def test_when_word_ngram_range_varies_then_counts_equal_hashing_vectorizer(ngram_range):
    from sklearn.feature_extraction.text import HashingVectorizer

    vec = HashingVectorizer(n_features=2**16, ngram_range=ngram_range, alternate_sign=False, norm=None)
    texts = TRICKY + news(200)
    fast = HashedNgrams(vec)
    for _ in range(2):
        _same_csr(fast.transform(texts), vec.transform(texts))
    for t in TRICKY[:10]:
        _same_csr(fast.transform([t]), vec.transform([t]))


@pytest.mark.parametrize("analyzer,ngram_range", [("word", (1, 2)), ("char_wb", (2, 5))])
def test_when_row_keys_need_64_bits_then_counts_equal_hashing_vectorizer(analyzer, ngram_range):
    """HashedNgrams sorts ``row * n_features + column`` keys: 32-bit keys while they fit
    (a document's sentences), 64-bit ones beyond (here 2**29 columns and up to 40 rows)."""
    from sklearn.feature_extraction.text import HashingVectorizer

    vec = HashingVectorizer(n_features=2**29, analyzer=analyzer, ngram_range=ngram_range,
                            alternate_sign=False, norm=None)
    texts = TRICKY[:40]
    fast = HashedNgrams(vec)
    for k in (1, 3, 4, 40):  # 3 * 2**29 < 2**31 <= 4 * 2**29
        _same_csr(fast.transform(texts[:k]), vec.transform(texts[:k]))


# --- the vectorised murmurhash3_32 (features._murmur_spans) against scikit-learn's ----------------


def test_when_keys_of_every_length_are_hashed_at_once_then_each_equals_sklearns_murmurhash():
    rnd = random.Random(0)
    for size in range(0, 25):  # every tail length, 0 to 6 blocks
        keys = [bytes(rnd.randrange(256) for _ in range(size)) for _ in range(300)]
        buf = np.frombuffer(b"".join(keys), dtype=np.uint8)
        lens = np.full(len(keys), size, dtype=np.int64)
        assert _murmur_spans(buf, np.cumsum(lens) - lens, lens).tolist() == [murmurhash3_32(k) for k in keys]


def test_when_keys_overlap_and_end_at_the_buffer_end_then_each_equals_sklearns_murmurhash():
    """Keys are spans of one buffer: of mixed lengths, overlapping, and up to its last byte
    (a tail is read from the 4 bytes at an offset, past the end too)."""
    rnd = random.Random(2)
    raw = bytes(rnd.randrange(256) for _ in range(40))
    buf = np.frombuffer(raw, dtype=np.uint8)
    spans = [(a, n) for a in range(len(raw) + 1) for n in range(min(14, len(raw) - a) + 1)]
    starts = np.array([a for a, _ in spans], dtype=np.int64)
    lens = np.array([n for _, n in spans], dtype=np.int64)
    want = [murmurhash3_32(raw[a:a + n]) for a, n in spans]
    assert _murmur_spans(buf, starts, lens).tolist() == want


def test_when_strings_hold_multibyte_characters_then_columns_equal_sklearns():
    rnd = random.Random(1)
    alpha = "ab é€𝔘😀'\"“”—-0.,\u0301\u00a0"
    strings = ["".join(rnd.choice(alpha) for _ in range(rnd.randrange(0, 9))) for _ in range(3000)]
    nf = 2**18
    assert _hash_strings(strings, nf).tolist() == [abs(murmurhash3_32(s)) % nf for s in strings]


def test_when_a_string_holds_a_lone_surrogate_then_hashing_raises_as_sklearn_does():
    with pytest.raises(UnicodeEncodeError):
        _hash_strings(["ok", "\ud800"], 2**18)


@pytest.mark.parametrize("lo, hi", [(1, 1), (2, 5), (1, 8), (3, 6)])
def test_when_words_are_cut_into_char_wb_ngrams_then_the_spans_are_sklearns(lo, hi):
    vec = HashingVectorizer(analyzer="char_wb", ngram_range=(lo, hi))
    words = ["a", "ab", "abc", "abcdefghij", "é€"]
    padded = np.array([len(w) + 2 for w in words])
    w_at, starts, sizes = _char_wb_spans(padded, lo, hi)
    for k, w in enumerate(words):
        p = f" {w} "
        got = sorted(p[a:a + n] for a, n in zip(starts[w_at == k].tolist(), sizes[w_at == k].tolist()))
        assert got == sorted(vec._char_wb_ngrams(w))
