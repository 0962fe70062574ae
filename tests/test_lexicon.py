"""Lexicon loading and validation (scoring.lexicon).

The shipped lexicons must load; a broken file must fail at load with a :class:`LexiconError`
naming the file and the entry (rule index, and its id when it has a valid one); and a user's own
lexicon file must work through ``CueMatcher(load_lexicon([...]))``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import scoring.lexicon as lexicon_module
from scoring.cues import CueMatcher
from scoring.extract import analyze_text
from scoring.lexicon import DEFAULT_LEXICONS, LexiconError, load_lexicon
from scoring.types import CUE_TYPES

SHIPPED_DIR = Path(lexicon_module.__file__).parent / "lexicons"
CLASSES = SHIPPED_DIR / "classes.json"

GOOD_RULE = {"id": "hedge.test_good", "type": "hedge", "pattern": "word on the street"}


def _bug(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


@pytest.fixture(scope="module")
def shipped():
    return load_lexicon()


def _write(path: Path, rules: list, classes: dict | None = None) -> Path:
    data: dict = {"name": path.stem, "rules": rules}
    if classes is not None:
        data["classes"] = classes
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# shipped lexicons
# ---------------------------------------------------------------------------------------------


def test_when_shipped_lexicons_loaded_then_many_rules(shipped):
    assert len(shipped.rules) > 50


def test_when_shipped_lexicons_loaded_then_ids_unique(shipped):
    ids = [r.id for r in shipped.rules]
    assert len(ids) == len(set(ids))


def test_when_shipped_lexicons_loaded_then_every_type_known_and_id_prefixed(shipped):
    for rule in shipped.rules:
        assert rule.type in CUE_TYPES, rule.id
        assert rule.id.startswith(rule.type + "."), rule.id


def test_when_shipped_lexicons_loaded_then_every_cue_type_has_rules(shipped):
    assert {r.type for r in shipped.rules} == set(CUE_TYPES)


def test_when_shipped_lexicons_loaded_then_hash_is_sha256_and_stable(shipped):
    assert len(shipped.hash) == 64 and int(shipped.hash, 16) >= 0
    again = load_lexicon([SHIPPED_DIR / n for n in DEFAULT_LEXICONS], classes_path=CLASSES)
    assert again.hash == shipped.hash
    assert [r.id for r in again.rules] == [r.id for r in shipped.rules]


# ---------------------------------------------------------------------------------------------
# broken rules: (case id, the broken rule placed at index 1, strings the message must contain)
# ---------------------------------------------------------------------------------------------

# fmt: off
BROKEN_RULES = [
    ("missing_id",        {"type": "hedge", "pattern": "maybe so"},                                        ["rule #1", "'id'"]),
    ("bad_id_shape",      {"id": "Hedge Maybe", "type": "hedge", "pattern": "maybe so"},                   ["rule #1", "'id'"]),
    ("bad_type",          {"id": "rumour.maybe", "type": "rumour", "pattern": "maybe so"},                 ["rule #1", "rumour.maybe", "'type'"]),
    ("id_not_prefixed",   {"id": "attribution.maybe", "type": "hedge", "pattern": "maybe so"},             ["rule #1", "attribution.maybe", "hedge."]),
    ("unknown_class",     {"id": "hedge.cls", "type": "hedge", "pattern": [{"lower": "@NO_SUCH_CLASS"}]},  ["rule #1", "hedge.cls", "NO_SUCH_CLASS"]),
    ("bad_regex",         {"id": "hedge.rx", "type": "hedge", "pattern": [{"regex": "(unclosed"}]},        ["rule #1", "hedge.rx", "regex"]),
    ("regex_not_str",     {"id": "hedge.rx", "type": "hedge", "pattern": [{"regex": 5}]},                  ["rule #1", "hedge.rx", "regex"]),
    ("bad_op",            {"id": "hedge.op", "type": "hedge", "pattern": [{"lower": "maybe", "op": "*"}]}, ["rule #1", "hedge.op", "op"]),
    ("empty_phrase",      {"id": "hedge.empty", "type": "hedge", "pattern": "   "},                        ["rule #1", "hedge.empty", "pattern"]),
    ("empty_list",        {"id": "hedge.empty", "type": "hedge", "pattern": []},                           ["rule #1", "hedge.empty", "pattern"]),
    ("missing_pattern",   {"id": "hedge.empty", "type": "hedge"},                                          ["rule #1", "hedge.empty", "pattern"]),
    ("all_optional",      {"id": "hedge.opt", "type": "hedge", "pattern": [{"lower": "maybe", "op": "?"}]}, ["rule #1", "hedge.opt", "no required token"]),
    ("two_spec_keys",     {"id": "hedge.two", "type": "hedge", "pattern": [{"lower": "a", "text": "A"}]},  ["rule #1", "hedge.two", "exactly one"]),
    ("unknown_spec_key",  {"id": "hedge.two", "type": "hedge", "pattern": [{"lemma": "be"}]},              ["rule #1", "hedge.two", "lemma"]),
    ("bad_shape",         {"id": "hedge.shp", "type": "hedge", "pattern": [{"shape": "roman"}]},           ["rule #1", "hedge.shp", "shape"]),
    ("empty_word_list",   {"id": "hedge.w", "type": "hedge", "pattern": [{"lower": []}]},                  ["rule #1", "hedge.w", "lower"]),
    ("spec_not_object",   {"id": "hedge.w", "type": "hedge", "pattern": ["maybe"]},                        ["rule #1", "hedge.w", "token spec"]),
    ("rule_not_object",   "hedge.maybe",                                                                  ["rule #1", "object"]),
    ("bad_case",          {"id": "hedge.c", "type": "hedge", "pattern": "maybe", "constraints": {"case": "upper"}},           ["rule #1", "hedge.c", "case"]),
    ("not_before_string", {"id": "hedge.c", "type": "hedge", "pattern": "maybe", "constraints": {"not_before": "plan"}},      ["rule #1", "hedge.c", "not_before"]),
    ("not_after_empty",   {"id": "hedge.c", "type": "hedge", "pattern": "maybe", "constraints": {"not_after": []}},           ["rule #1", "hedge.c", "not_after"]),
    ("phrase_blank",      {"id": "hedge.c", "type": "hedge", "pattern": "maybe", "constraints": {"not_after": [" "]}},        ["rule #1", "hedge.c", "not_after"]),
    ("phrase_bad_class",  {"id": "hedge.c", "type": "hedge", "pattern": "maybe", "constraints": {"not_after": ["@NOPE"]}},    ["rule #1", "hedge.c", "NOPE"]),
    ("window_zero",       {"id": "hedge.c", "type": "hedge", "pattern": "maybe", "constraints": {"requires_within": {"window": 0, "any": ["say"]}}},  ["rule #1", "hedge.c", "window"]),
    ("window_huge",       {"id": "hedge.c", "type": "hedge", "pattern": "maybe", "constraints": {"requires_within": {"window": 99, "any": ["say"]}}}, ["rule #1", "hedge.c", "window"]),
    ("within_extra_key",  {"id": "hedge.c", "type": "hedge", "pattern": "maybe", "constraints": {"requires_within": {"window": 2, "any": ["say"], "all": []}}}, ["rule #1", "hedge.c", "requires_within"]),
    ("bad_source",        {"id": "attribution.c", "type": "attribution", "pattern": "per", "constraints": {"source": "left"}},       ["rule #1", "attribution.c", "source"]),
    ("req_source_not_bool", {"id": "attribution.c", "type": "attribution", "pattern": "per", "constraints": {"requires_source": "yes"}}, ["rule #1", "attribution.c", "requires_source"]),
    ("source_on_hedge",   {"id": "hedge.c", "type": "hedge", "pattern": "maybe", "constraints": {"requires_source": True}},  ["rule #1", "hedge.c", "attribution rules only"]),
    ("unknown_constraint", {"id": "hedge.c", "type": "hedge", "pattern": "maybe", "constraints": {"not_near": ["x"]}},      ["rule #1", "hedge.c", "not_near"]),
    ("constraints_list",  {"id": "hedge.c", "type": "hedge", "pattern": "maybe", "constraints": ["case"]},                 ["rule #1", "hedge.c", "constraints"]),
    pytest.param("unknown_key", {"id": "hedge.k", "type": "hedge", "pattern": "maybe", "colour": "red"},      ["rule #1", "hedge.k", "colour"]),
    pytest.param("window_bool", {"id": "hedge.c", "type": "hedge", "pattern": "maybe", "constraints": {"requires_within": {"window": True, "any": ["say"]}}},
                 ["rule #1", "hedge.c", "window"]),
    ("excluded_kind_bad", {"id": "attribution.x", "type": "attribution", "pattern": "reckons", "constraints": {"exclude_source_kinds": ["writer"]}},
                          ["rule #1", "attribution.x", "exclude_source_kinds"]),
    ("excluded_kind_hedge", {"id": "hedge.x", "type": "hedge", "pattern": "maybe", "constraints": {"exclude_source_kinds": ["self"]}},
                          ["rule #1", "hedge.x", "attribution rules only"]),
    ("context_old_features", {"id": "attribution.m", "type": "attribution", "pattern": [{"lower": ["backing"]}],
                              "constraints": {"context_model": {"features": 0, "bias": 0, "threshold": 0, "weights": {"w=x": 1}}}},
                          ["rule #1", "attribution.m", "version 0", "retrain"]),
    ("context_nan_weight", {"id": "attribution.m", "type": "attribution", "pattern": [{"lower": ["backing"]}],
                            "constraints": {"context_model": {"features": 1, "bias": 0, "threshold": 0, "weights": {"w=x": "heavy"}}}},
                          ["rule #1", "attribution.m", "w=x"]),
    ("context_no_bias",   {"id": "attribution.m", "type": "attribution", "pattern": [{"lower": ["backing"]}],
                           "constraints": {"context_model": {"features": 1, "threshold": 0, "weights": {"w=x": 1}}}},
                          ["rule #1", "attribution.m", "bias"]),
    ("context_two_words", {"id": "attribution.m", "type": "attribution", "pattern": "strong backing",
                           "constraints": {"context_model": {"features": 1, "bias": 0, "threshold": 0, "weights": {"w=x": 1}}}},
                          ["rule #1", "attribution.m", "one-token"]),
    ("context_with_case", {"id": "attribution.m", "type": "attribution", "pattern": [{"lower": ["backing"]}],
                           "constraints": {"case": "lower", "context_model": {"features": 1, "bias": 0, "threshold": 0, "weights": {"w=x": 1}}}},
                          ["rule #1", "attribution.m", "case"]),
    ("label_not_colon",   {"id": "attribution.l", "type": "attribution", "pattern": [{"lower": "-"}],
                           "constraints": {"speaker_label": {"max_words": 3, "not_words": ["note"]}}},
                          ["rule #1", "attribution.l", "speaker_label", '":"']),
    ("label_on_hedge",    {"id": "hedge.l", "type": "hedge", "pattern": [{"lower": ":"}],
                           "constraints": {"speaker_label": {"max_words": 3, "not_words": ["note"]}}},
                          ["rule #1", "hedge.l", "speaker_label"]),
    ("label_max_words",   {"id": "attribution.l", "type": "attribution", "pattern": [{"lower": ":"}],
                           "constraints": {"speaker_label": {"max_words": 0, "not_words": ["note"]}}},
                          ["rule #1", "attribution.l", "max_words"]),
    ("label_keys",        {"id": "attribution.l", "type": "attribution", "pattern": [{"lower": ":"}],
                           "constraints": {"speaker_label": {"max_words": 3}}},
                          ["rule #1", "attribution.l", "not_words"]),
    ("label_extra_key",   {"id": "attribution.l", "type": "attribution", "pattern": [{"lower": ":"}],
                           "constraints": {"speaker_label": {"max_words": 3, "not_words": ["note"], "caps": ["mr"]}}},
                          ["rule #1", "attribution.l", "caps_words"]),
    ("passive_keys",      {"id": "attribution.p", "type": "attribution", "pattern": [{"lower": ["accused"]}],
                           "constraints": {"passive": {"words": ["accused"]}}},
                          ["rule #1", "attribution.p", "passive"]),
    ("passive_empty",     {"id": "attribution.p", "type": "attribution", "pattern": [{"lower": ["accused"]}],
                           "constraints": {"passive": {"words": [], "before": ["of"]}}},
                          ["rule #1", "attribution.p", "passive"]),
]
# fmt: on


@pytest.mark.parametrize("case, rule, needles", BROKEN_RULES, ids=[c[0] if not hasattr(c, "marks") else c.values[0] for c in BROKEN_RULES])
def test_when_rule_is_broken_then_lexicon_error_names_file_and_entry(tmp_path, case, rule, needles):
    path = _write(tmp_path / "my_rules.json", [GOOD_RULE, rule])
    with pytest.raises(LexiconError) as info:
        load_lexicon([path], classes_path=CLASSES)
    msg = str(info.value)
    assert "my_rules.json" in msg
    for needle in needles:
        assert needle in msg, f"{needle!r} not in {msg!r}"


# fmt: off
BROKEN_FILES = [
    ("bad_json",          '{"name": "x", "rules": [',                              ["not valid", "JSON"]),
    ("not_utf8",          b'{"name": "\xff", "rules": []}',                        ["UTF-8"]),
    ("top_level_list",    "[]",                                                    ["'rules'"]),
    ("rules_not_list",    '{"name": "x", "rules": {}}',                            ["'rules'"]),
    ("unknown_top_key",   '{"name": "x", "rules": [], "extras": 1}',               ["extras"]),
    ("class_multi_token", '{"rules": [], "classes": {"PHRASES": ["sources close"]}}', ["PHRASES", "single tokens", "sources close"]),
    ("class_bad_name",    '{"rules": [], "classes": {"lower_name": ["x"]}}',       ["lower_name", "UPPER_SNAKE"]),
    ("class_shadows",     '{"rules": [], "classes": {"MEDIA_NAMES": ["x"]}}',      ["MEDIA_NAMES", "twice"]),
    ("class_empty",       '{"rules": [], "classes": {"EMPTY": []}}',               ["EMPTY"]),
]
# fmt: on


@pytest.mark.parametrize("case, content, needles", BROKEN_FILES, ids=[c[0] for c in BROKEN_FILES])
def test_when_file_is_broken_then_lexicon_error_names_file(tmp_path, case, content, needles):
    path = tmp_path / "broken_file.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        load_lexicon([path], classes_path=CLASSES)
    msg = str(info.value)
    assert "broken_file.json" in msg
    for needle in needles:
        assert needle in msg, f"{needle!r} not in {msg!r}"


def test_when_file_is_missing_then_lexicon_error_names_it(tmp_path):
    with pytest.raises(LexiconError, match="nowhere.json"):
        load_lexicon([tmp_path / "nowhere.json"], classes_path=CLASSES)


def test_when_id_duplicated_across_files_then_error_names_both_files(tmp_path):
    first = _write(tmp_path / "first.json", [GOOD_RULE])
    second = _write(tmp_path / "second.json", [{"id": "hedge.other", "type": "hedge", "pattern": "x y"}, GOOD_RULE])
    with pytest.raises(LexiconError) as info:
        load_lexicon([first, second], classes_path=CLASSES)
    msg = str(info.value)
    assert "second.json" in msg and "first.json" in msg
    assert "rule #1" in msg and "hedge.test_good" in msg and "duplicate" in msg


def test_when_id_duplicates_a_shipped_rule_then_error(tmp_path):
    extra = _write(tmp_path / "extra.json", [{"id": "hedge.modal_may", "type": "hedge", "pattern": "may"}])
    paths = [SHIPPED_DIR / n for n in DEFAULT_LEXICONS] + [extra]
    with pytest.raises(LexiconError, match=r"extra\.json.*hedge\.modal_may.*hedges\.json"):
        load_lexicon(paths, classes_path=CLASSES)


def test_when_classes_file_has_multi_token_word_then_error_names_it(tmp_path):
    data = json.loads(CLASSES.read_text(encoding="utf-8"))
    data["classes"]["VAGUE_HEADS"] = data["classes"]["VAGUE_HEADS"] + ["people familiar"]
    broken = tmp_path / "my_classes.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        load_lexicon([], classes_path=broken)
    msg = str(info.value)
    assert "my_classes.json" in msg and "VAGUE_HEADS" in msg and "people familiar" in msg


# ---------------------------------------------------------------------------------------------
# a user's own lexicon
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def custom_matcher(tmp_path_factory):
    path = tmp_path_factory.mktemp("lex") / "rumours.json"
    _write(
        path,
        [
            {
                "id": "hedge.word_on_street",
                "type": "hedge",
                "pattern": "word on the street",
                "constraints": {"case": "lower_or_initial"},
                "note": "a user's rule",
            },
            {
                "id": "vague_source.grapevine",
                "type": "vague_source",
                "pattern": [{"lower": "the"}, {"lower": "@GRAPE"}],
                "constraints": {"not_before": ["juice"]},
            },
        ],
        classes={"GRAPE": ["grapevine", "rumour-mill"]},
    )
    return CueMatcher(load_lexicon([path], classes_path=CLASSES))


def test_when_custom_lexicon_then_its_rule_finds_the_cue(custom_matcher):
    text = "The word on the street is that the mill will close."
    (r,) = analyze_text(text, matcher=custom_matcher).sentences
    assert [(c.type, c.rule, c.text) for c in r.cues] == [("hedge", "hedge.word_on_street", "word on the street")]
    c = r.cues[0]
    assert text[c.start : c.end] == c.text


def test_when_custom_lexicon_uses_its_own_class_then_it_matches(custom_matcher):
    (r,) = analyze_text("She heard it through the grapevine on Monday.", matcher=custom_matcher).sentences
    assert [(c.rule, c.text) for c in r.cues] == [("vague_source.grapevine", "the grapevine")]
    (r,) = analyze_text("She drank the grapevine juice.", matcher=custom_matcher).sentences
    assert r.cues == []


def test_when_custom_lexicon_then_shipped_rules_are_not_active(custom_matcher):
    (r,) = analyze_text("The storm may reach the coast, officials said.", matcher=custom_matcher).sentences
    assert r.cues == [] and r.attributions == []


def test_when_an_anonymity_rule_opens_with_a_verb_then_the_source_finder_knows_the_verb():
    # scoring.cues keeps the first words of the anonymity-request rules in _ANONYMITY_VERBS:
    # such a vague cue is a clause ("who requested anonymity"), never the attribution's subject
    from scoring.cues import _ANONYMITY_VERBS
    from scoring.lexicon import default_lexicon

    rules = [r for r in default_lexicon().rules if r.id.startswith("vague_source.anonymity_")]
    assert len(rules) >= 2
    for rule in rules:
        assert rule.pattern[0].words <= _ANONYMITY_VERBS, rule.id


def _phrase_at(ph, lower, texts, j):
    return 0 <= j and j + len(ph) <= len(lower) and all(
        ph[k].matches(texts[j + k], lower[j + k]) for k in range(len(ph)))


def _word_at(ps, lower, texts, j):
    return 0 <= j < len(lower) and (lower[j] in ps.words or (ps.number and texts[j][:1].isdigit()))


def _naive_at(ps, lower, texts, j):
    """PhraseSet.at as a plain scan of every phrase: what the indexed look-up must equal."""
    return _word_at(ps, lower, texts, j) or any(_phrase_at(ph, lower, texts, j) for ph in ps.multi)


def _naive_ends_at(ps, lower, texts, j):
    return _word_at(ps, lower, texts, j - 1) or any(_phrase_at(ph, lower, texts, j - len(ph)) for ph in ps.multi)


def test_when_constraint_phrases_are_looked_up_by_word_then_they_match_as_a_scan_does():
    from scoring.cues import tokenize_sentence
    from scoring.lexicon import default_lexicon

    sentences = [
        "As far as we can tell, the official, who asked not to be named, said the toll may rise.",
        "The jury was told to ignore it, and the results, if confirmed, could not be verified by the Tribune.",
        "Officials put the death toll at 37 on Friday, according to plan, the mayor said in a statement.",
        "She was long believed to be dead; it is said to be 3 or 4 miles away, give or take 20.",
        "Insurance claims rose by 12 percent in May and may rise again, economists' forecasts show.",
    ]
    sets = {id(ps): ps for rule in default_lexicon().rules
            for ps in (rule.not_before, rule.not_after, rule.requires_before, rule.requires_after) if ps.multi}
    assert len(sets) > 5
    for sentence in sentences:
        toks = tokenize_sentence(sentence)
        for ps in sets.values():
            for j in range(-1, len(toks) + 1):
                assert ps.at(toks.lower, toks.text, j) == _naive_at(ps, toks.lower, toks.text, j), (sentence, j)
                if j >= 0:
                    assert ps.ends_at(toks.lower, toks.text, j) == _naive_ends_at(ps, toks.lower, toks.text, j)


# ---------------------------------------------------------------------------------------------
# contracted negations and typographic apostrophes
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def refusal_matcher(tmp_path_factory):
    path = tmp_path_factory.mktemp("lex") / "refusals.json"
    _write(
        path,
        [
            {"id": "attribution.wont_budge", "type": "attribution", "pattern": "will not budge"},
            {"id": "hedge.its_unclear", "type": "hedge", "pattern": "it's anyone's guess"},
        ],
    )
    return CueMatcher(load_lexicon([path], classes_path=CLASSES))


@pytest.mark.parametrize(
    "sentence, cue",
    [
        ("The union will not budge on pay.", "will not budge"),
        ("The union won't budge on pay.", "won't budge"),
        ("The union won’t budge on pay.", "won’t budge"),
        ("Frankly, it's anyone's guess.", "it's anyone's guess"),
        ("Frankly, it’s anyone’s guess.", "it’s anyone’s guess"),
    ],
)
def test_when_rule_says_not_then_contracted_and_curly_forms_match(refusal_matcher, sentence, cue):
    (r,) = analyze_text(sentence, matcher=refusal_matcher).sentences
    assert [c.text for c in r.cues] == [cue]


def test_when_rule_has_no_negation_then_no_contracted_twin(refusal_matcher):
    (r,) = analyze_text("The union willn't budge.", matcher=refusal_matcher).sentences
    assert r.cues == []
    (r,) = analyze_text("The union will budge.", matcher=refusal_matcher).sentences
    assert r.cues == []


def test_when_context_model_lists_a_straight_word_then_its_curly_twin_is_not_added(shipped):
    # a learned word list is taken literally: its weights are per token as written
    ctx_rules = [r for r in shipped.rules if r.context is not None]
    assert ctx_rules
    straight = 0
    for rule in ctx_rules:
        raw = json.loads((SHIPPED_DIR / Path(rule.source_file).name).read_text())
        listed = {w for e in raw["rules"] if e["id"] == rule.id for w in e["pattern"][0]["lower"]}
        assert rule.pattern[0].words == {w.lower() for w in listed}, rule.id
        straight += sum("'" in w for w in listed)
    assert straight  # the check above has straight-apostrophe words to refuse twins for
