"""Context models (scoring/context.py): learned decisions for cue words that are cues in some
contexts only, and their training (training/cue_tagger.py).

The mechanics are tested with small hand-written models, so each test says exactly which
feature decides; the shipped model is tested on sentences written for this file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cue_eval import _sent_row, _span, _write_sentences, _write_tar

import scoring.lexicon as lexicon_module
from scoring.context import FEATURES_VERSION, ContextModel, context_features
from scoring.cues import CueMatcher, tokenize_sentence
from scoring.extract import analyze_text, default_matcher
from scoring.lexicon import load_lexicon
from training import cue_eval, cue_tagger

LEXICONS = Path(lexicon_module.__file__).parent / "lexicons"
RULE_ID = "attribution.test_context"


def _matcher(tmp_path: Path, words: list[str], weights: dict[str, float], bias: float = -2.0,
             threshold: float = 0.0) -> CueMatcher:
    rule = {
        "id": RULE_ID,
        "type": "attribution",
        "pattern": [{"lower": words}],
        "constraints": {"context_model": {"features": FEATURES_VERSION, "bias": bias,
                                          "threshold": threshold, "weights": weights}},
    }
    path = tmp_path / "context.json"
    path.write_text(json.dumps({"name": "context", "rules": [rule]}), encoding="utf-8")
    return CueMatcher(load_lexicon([LEXICONS / "attribution.json", path], LEXICONS / "classes.json"))


def _cues(matcher: CueMatcher, text: str) -> list[tuple[str, str]]:
    doc = analyze_text(text, matcher, sources=False)
    return [(c.text, c.rule) for s in doc.sentences for c in s.cues if c.type == "attribution"]


# ---------------------------------------------------------------------------------------------
# features
# ---------------------------------------------------------------------------------------------


def test_when_token_is_at_the_edges_then_features_mark_sentence_start_and_end():
    toks = tokenize_sentence("Qualms grew")
    first = context_features(toks.lower, toks.text, 0, False)
    assert "p1=<s>" in first and "p2=<s>" in first and "psh=<s>" in first and "sh=C" in first
    last = context_features(toks.lower, toks.text, 1, True)
    assert "n1=</s>" in last and "n2=</s>" in last and "att=1" in last and "watt=grew|1" in last


def test_when_words_three_away_change_then_features_do_not():
    a = tokenize_sentence("Yesterday the strong qualms for it grew")
    b = tokenize_sentence("Tomorrow the strong qualms for it grew")
    i = a.lower.index("qualms")
    assert i == 3
    assert context_features(a.lower, a.text, i, False) == context_features(b.lower, b.text, i, False)
    c = tokenize_sentence("Yesterday the weak qualms for it grew")
    assert context_features(a.lower, a.text, i, False) != context_features(c.lower, c.text, i, False)


def test_when_model_scores_then_logit_is_bias_plus_weights_of_present_features():
    toks = tokenize_sentence("There are strong qualms for it")
    i = toks.lower.index("qualms")
    m = ContextModel(bias=-1.0, threshold=0.0, weights={"p1=strong": 2.5, "n1=for": 0.25, "p1=weak": 9.0})
    assert m.logit(toks.lower, toks.text, i, False) == pytest.approx(1.75)
    assert m.accepts(toks.lower, toks.text, i, False)
    assert not ContextModel(-1.0, 2.0, m.weights).accepts(toks.lower, toks.text, i, False)


# ---------------------------------------------------------------------------------------------
# matching
# ---------------------------------------------------------------------------------------------


def test_when_context_supports_the_word_then_it_is_a_cue_and_otherwise_not(tmp_path):
    m = _matcher(tmp_path, ["qualms"], {"p1=strong": 4.0})
    assert _cues(m, "There are strong qualms about the bill.") == [("qualms", RULE_ID)]
    assert _cues(m, "Their qualms faded by midnight.") == []


def test_when_learned_cue_has_a_named_subject_then_it_is_the_source(tmp_path):
    m = _matcher(tmp_path, ["qualms"], {"w=qualms": 4.0})
    doc = analyze_text("Senator Alma Reyes has qualms about the bill.", m, sources=False)
    (att,) = doc.sentences[0].attributions
    assert att.cue.text == "qualms"
    assert att.source is not None and att.source.text == "Senator Alma Reyes"


def test_when_a_rule_already_covers_the_token_then_the_model_is_not_asked(tmp_path):
    m = _matcher(tmp_path, ["said"], {"w=said": 1.0}, bias=5.0)
    cues = _cues(m, "The mayor said the road is closed.")
    assert cues and all(rule != RULE_ID for _, rule in cues)


def test_when_a_rule_excludes_the_word_here_then_the_model_cannot_override(tmp_path):
    # attribution.json turns "claims" down after "insurance"; a model that accepts everything
    # must not bring it back, but still works where no rule looked.
    m = _matcher(tmp_path, ["claims", "qualms"], {"w=claims": 1.0}, bias=5.0)
    assert _cues(m, "Insurance claims rose 4 percent.") == []
    assert _cues(m, "The qualms grew.") == [("qualms", RULE_ID)]


def test_when_the_word_is_inside_a_direct_quote_then_no_learned_cue(tmp_path):
    m = _matcher(tmp_path, ["qualms"], {"w=qualms": 1.0}, bias=5.0)
    text = '"There are strong qualms about the plan," the mayor said.'
    assert [c for c in _cues(m, text) if c[1] == RULE_ID] == []
    assert ("qualms", RULE_ID) in _cues(m, "There are strong qualms about the plan, the mayor said.")


def test_when_a_rule_found_an_attribution_elsewhere_then_the_att_feature_is_on(tmp_path):
    m = _matcher(tmp_path, ["qualms"], {"att=1": 4.0})
    assert _cues(m, "There were qualms about the bill.") == []
    got = _cues(m, "There were qualms about the bill, the mayor said.")
    assert ("qualms", RULE_ID) in got


def test_when_sites_are_collected_then_each_uncovered_word_is_listed_with_has_att(tmp_path):
    m = _matcher(tmp_path, ["qualms", "said"], {"w=qualms": 0.0}, bias=-5.0)
    toks = tokenize_sentence("The qualms grew, the mayor said.")
    sites: list = []
    m._candidates(toks.lower, toks.text, False, sites)
    assert [(toks.lower[i], has_att) for i, _rule, has_att in sites] == [("qualms", True)]


# ---------------------------------------------------------------------------------------------
# the shipped model
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_rule():
    (rule,) = [r for r in default_matcher().lexicon.rules if r.context is not None]
    return rule


def test_when_shipped_context_model_is_loaded_then_it_is_trained_on_train_only(shipped_rule):
    raw = json.loads((LEXICONS / cue_tagger.CONTEXT_FILE).read_text(encoding="utf-8"))
    trained = raw["rules"][0]["constraints"]["context_model"]["trained"]
    assert "train split only" in trained["corpus"]
    assert set(trained["files_sha256"]) == {str(cue_eval.POLNEAR_TAR), str(cue_eval.POLNEAR_SENTENCES)}
    words = shipped_rule.pattern[0].words
    assert len(words) > 100
    assert not words & cue_tagger.STOP_WORDS and not words & cue_tagger.ACTION_WORDS


# Sentences written for this test: stance and speech nouns in attributive use, and the same
# words as plain content.
SHIPPED_POSITIVE = [
    ("The governor's criticism of the new tax was blunt.", "criticism"),
    ("In a statement on Friday, the union rejected the offer.", "statement"),
]
SHIPPED_NEGATIVE = [
    "The bridge needs more support before winter.",
    "The bill passed the Senate on Tuesday.",
]


@pytest.mark.parametrize("text, word", SHIPPED_POSITIVE)
def test_when_shipped_model_reads_an_attributive_use_then_it_flags_the_word(text, word):
    assert (word, "attribution.context") in _cues(default_matcher(), text)


@pytest.mark.parametrize("text", SHIPPED_NEGATIVE)
def test_when_shipped_model_reads_a_plain_use_then_no_learned_cue(text):
    assert [c for c in _cues(default_matcher(), text) if c[1] == "attribution.context"] == []


# ---------------------------------------------------------------------------------------------
# training, on an invented corpus
# ---------------------------------------------------------------------------------------------

_CUE_USE = "Senator {n} had qualms about the plan."
_PLAIN_USE = "The qualms of {n} faded by noon."
_OTHER = "Officials said the bridge would reopen."


@pytest.fixture
def tiny_polnear(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    files: dict[str, str] = {}
    rows = []
    for k in range(10):
        name = f"art{k}"
        s1, s2, s3 = _CUE_USE.format(n=f"Reyes{k}"), _PLAIN_USE.format(n=f"Lima{k}"), _OTHER
        text = f"{s1} {s2} {s3}"
        files[f"data/train/text/{name}.txt"] = text
        files[f"data/train/attributions/{name}_aaa.ann"] = "\n".join([
            _span(text, f"Senator Reyes{k}", "Source", "T1"),
            _span(text, "qualms", "Cue", "T2"),
            _span(text, "qualms", "Attribution", "T3"),
            "E1\tAttribution:T3 Cue:T2 Source:T1",
            _span(text, "Officials", "Source", "T4"),
            _span(text, "said", "Cue", "T5"),
            _span(text, "said", "Attribution", "T6"),
            "E2\tAttribution:T6 Cue:T5 Source:T4",
            "",
        ])
        rows += [_sent_row("train", name, "aaa", 0, text, s1, 1), _sent_row("train", name, "aaa", 1, text, s2, 0),
                 _sent_row("train", name, "aaa", 2, text, s3, 1)]
    _write_tar(root / cue_eval.POLNEAR_TAR, files)
    _write_sentences(root / cue_eval.POLNEAR_SENTENCES, rows)
    return root


def test_when_trained_on_a_tiny_corpus_then_the_lexicon_learns_the_contrast(tiny_polnear, tmp_path):
    out = tmp_path / "attribution_context.json"
    assert cue_tagger.main(["--data-dir", str(tiny_polnear), "--out", str(out), "--min-positive", "2"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    (rule,) = data["rules"]
    assert rule["pattern"][0]["lower"] == ["qualms"]
    trained = rule["constraints"]["context_model"]["trained"]
    assert trained["sites"] == 20 and trained["positives"] == 10
    assert trained["cv"]["sentence_has_cue"]["f1"] > trained["rules_alone"]["sentence_has_cue"]["f1"]
    m = CueMatcher(load_lexicon([LEXICONS / "attribution.json", out], LEXICONS / "classes.json"))
    assert ("qualms", "attribution.context") in _cues(m, _CUE_USE.format(n="Ortiz"))
    assert _cues(m, _PLAIN_USE.format(n="Ortiz")) == []
    # deterministic: a second run writes the same file
    again = tmp_path / "again.json"
    cue_tagger.main(["--data-dir", str(tiny_polnear), "--out", str(again), "--min-positive", "2"])
    assert again.read_bytes() == out.read_bytes()


def _setting(C, sentence_f1, source_f1):
    cv = {"sentence_has_cue": {"f1": sentence_f1}, "source_spans": {"f1": source_f1}}
    return (C, 0.3, 0.5, (sentence_f1 + source_f1) / 2, cv)


def test_when_settings_tie_by_cv_then_the_higher_sentence_f1_is_chosen():
    # the objectives differ only on the fifth decimal: a tie, so the sentence F1 decides
    a, b = _setting(0.3, 0.86176, 0.72213), _setting(1.0, 0.86190, 0.72196)
    assert a[3] > b[3]
    assert cue_tagger.choose_setting([a, b])[0] == 1.0
    assert cue_tagger.choose_setting([b, a])[0] == 1.0


def test_when_one_setting_is_clearly_better_then_it_is_chosen_despite_a_lower_sentence_f1():
    a, b = _setting(0.3, 0.8600, 0.7400), _setting(1.0, 0.8620, 0.7200)
    assert cue_tagger.choose_setting([b, a])[0] == 0.3
    with pytest.raises(ValueError):
        cue_tagger.choose_setting([])
