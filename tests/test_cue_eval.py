"""Tests of training/cue_eval.py on a tiny invented corpus (no corpus sentences are copied here)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import tarfile
from pathlib import Path

import pytest

import scoring
from scoring.types import Attribution, CueSpan, DocumentResult, Sentence, SentenceResult, SourceSpan
from training import cue_eval
from training.cue_eval import (
    GoldCue,
    TokenIndex,
    binary_scores,
    evaluate_polnear,
    evaluate_szeged,
    load_factbank,
    load_polnear,
    load_polnear_sentences,
    pair_counts,
    parse_brat,
    prf,
    sentence_predictions,
    source_shape,
    span_counts,
    strict_key,
)
from training.errors import DataError

# ---------------------------------------------------------------------------------------------
# an invented two-article corpus
# ---------------------------------------------------------------------------------------------

ART1 = "Officials said the bridge would reopen. The mayor, according to local media, resigned. Traffic was light."
ART2 = "Critics of the plan, mostly farmers, claimed the vote\nwas rigged."


def _span(text: str, phrase: str, label: str, tid: str) -> str:
    start = text.index(phrase)
    return f"{tid}\t{label} {start} {start + len(phrase)}\t{phrase}"


def _ann_art1_aaa() -> str:
    return "\n".join([
        _span(ART1, "Officials", "Source", "T1"),
        _span(ART1, "said", "Cue", "T2"),
        _span(ART1, "the bridge would reopen", "Content", "T3"),
        _span(ART1, "said", "Attribution", "T4"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        _span(ART1, "according to", "Cue", "T5"),
        _span(ART1, "local media", "Source", "T6"),
        _span(ART1, "according to", "Attribution", "T7"),
        "E2\tAttribution:T7 Cue:T5 Source:T6",
        "#1\tAnnotatorNotes T5\tan invented note",
        "",
    ])


def _ann_art2() -> str:
    content = "the vote\nwas rigged"
    c0 = ART2.index(content)
    return "\n".join([
        "T1\tSource 0 19;21 35\tCritics of the plan mostly farmers",
        _span(ART2, "claimed", "Cue", "T2"),
        f"T3\tContent {c0} {c0 + len(content)}\t{content}",  # span text runs over two lines
        _span(ART2, "claimed", "Attribution", "T4"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        "",
    ])


def _add(tar: tarfile.TarFile, name: str, data: str) -> None:
    raw = data.encode("utf-8")
    info = tarfile.TarInfo(name)
    info.size = len(raw)
    tar.addfile(info, io.BytesIO(raw))


def _write_tar(path: Path, files: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            _add(tar, name, data)


SENT_HEADER = ["split", "article", "annotator", "sent_idx", "sent_src", "char_start", "char_end",
               "has_cue", "has_source", "has_content", "n_cues", "cues", "sources", "text"]


def _sent_row(split: str, article: str, ann: str, idx: int, text: str, sent: str, has_cue: int):
    start = text.index(sent)
    return [split, article, ann, idx, "regex", start, start + len(sent), has_cue, has_cue, has_cue,
            has_cue, "", "", sent]


def _write_sentences(path: Path, rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(SENT_HEADER)
        w.writerows(rows)


FB_ROWS = [
    ["factbank", "d1.txt", "S1", "dev", "1", "speculation_modal_possible", "may",
     'The storm "may" have caused the outage.'],
    ["factbank", "d1.txt", "S2", "dev", "1", "speculation_hypo_doxastic", "think",
     "Experts think the plan will fail."],
    ["factbank", "d2.txt", "S1", "dev", "0", "", "", "The plant closed on Monday."],
    ["factbank", "d3.txt", "S1", "train", "0", "", "", "The port stayed open all week."],
    ["wiki", "W", "S1", "dev", "1", "", "", "Some say the lake is the deepest."],
]


def _write_factbank(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["subcorpus", "doc_id", "sent_id", "proposed_split", "label", "cue_types", "cues",
                    "text"])
        w.writerows(rows)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    files = {
        "data/dev/text/art-one.txt": ART1,
        "data/dev/text/art_two.txt": ART2,
        "data/dev/attributions/art-one_bbb.ann": _span(ART1, "resigned", "Cue", "T1") + "\n",
        "data/dev/attributions/art-one_aaa.ann": _ann_art1_aaa(),
        "data/dev/attributions/art_two_c1.ann": _ann_art2(),
        "data/train/text/other.txt": "Nothing here.",
        "data/train/attributions/other_aaa.ann": "",
    }
    _write_tar(root / cue_eval.POLNEAR_TAR, files)
    s1, s2, s3 = ("Officials said the bridge would reopen.",
                  "The mayor, according to local media, resigned.", "Traffic was light.")
    _write_sentences(root / cue_eval.POLNEAR_SENTENCES, [
        _sent_row("dev", "art-one", "aaa", 0, ART1, s1, 1),
        _sent_row("dev", "art-one", "aaa", 1, ART1, s2, 1),
        _sent_row("dev", "art-one", "aaa", 2, ART1, s3, 0),
        _sent_row("dev", "art_two", "c1", 0, ART2, ART2, 1),
        _sent_row("train", "other", "aaa", 0, "Nothing here.", "Nothing here.", 0),
    ])
    _write_factbank(root / cue_eval.SZEGED_FACTBANK, FB_ROWS)
    return root


def _fake_analyze_text(text: str) -> DocumentResult:
    """Flags 'said' and 'according' (with sources) and 'light' as attribution cues, 'would' as hedge."""

    def cue(word: str, type_: str = "attribution") -> CueSpan:
        i = text.index(word)
        return CueSpan(type_, f"fake.{word}", i, i + len(word), word)

    def src(word: str) -> SourceSpan:
        i = text.index(word)
        return SourceSpan(word, i, i + len(word), "vague")

    cues, atts = [], []
    if "said" in text:
        cues += [cue("said"), cue("according"), cue("light"), cue("would", "hedge")]
        atts = [Attribution(cues[0], src("Officials")), Attribution(cues[1], src("The mayor")),
                Attribution(cues[2], None)]
    return DocumentResult([SentenceResult(Sentence(0, 0, len(text), text), cues, atts)])


def _fake_analyze_sentences(text: str) -> DocumentResult:
    out, pos = [], 0
    for i, line in enumerate(text.split("\n")):
        cues = []
        for word, type_ in (("may", "hedge"), ("Experts", "vague_source")):
            if word in line:
                j = pos + line.index(word)
                cues.append(CueSpan(type_, "fake", j, j + len(word), word))
        out.append(SentenceResult(Sentence(i, pos, pos + len(line), line), cues))
        pos += len(line) + 1
    return DocumentResult(out)


# ---------------------------------------------------------------------------------------------
# brat parsing and loaders
# ---------------------------------------------------------------------------------------------


def test_when_span_is_discontinuous_then_all_fragments_are_kept():
    doc = parse_brat("T1\tSource 0 19;21 35\tCritics of the plan mostly farmers\n")
    assert doc.spans["T1"].fragments == ((0, 19), (21, 35))
    assert doc.spans["T1"].label == "Source"


def test_when_span_text_holds_a_newline_then_parser_joins_the_next_line():
    doc = parse_brat("T1\tContent 3 13\tab\ncd ef\nT2\tCue 0 2\tok\n")
    assert doc.spans["T1"].text == "ab\ncd ef"
    assert doc.spans["T2"].fragments == ((0, 2),)


def test_when_event_links_cue_and_source_then_cue_knows_its_source():
    doc = parse_brat(
        "T1\tSource 0 2\tab\nT2\tCue 3 5\tcd\nT3\tCue 6 8\tef\nT4\tAttribution 3 5\tcd\n"
        "E1\tAttribution:T4 Cue:T2 Source:T1\nE2\tAttribution-no-source:T4 Cue:T3\n"
    )
    assert doc.cue_sources() == {"T2": "T1", "T3": None}


def test_when_article_has_several_annotators_then_alphabetically_first_is_used(data_dir):
    arts = {a.name: a for a in load_polnear("dev", data_dir)}
    assert set(arts) == {"art-one", "art_two"}
    one = arts["art-one"]
    assert one.annotator == "aaa"
    assert [ART1[c.fragments[0][0]:c.fragments[-1][1]] for c in one.cues] == ["said", "according to"]
    assert [ART1[s[0][0]:s[0][1]] for s in one.sources] == ["Officials", "local media"]
    assert one.cues[0].source == one.sources[0]
    two = arts["art_two"]
    assert two.annotator == "c1"
    assert two.sources == [((0, 19), (21, 35))]
    assert two.cues[0].source == ((0, 19), (21, 35))
    assert one.n_offset_mismatches == two.n_offset_mismatches == 0
    assert two.n_spans_checked == 2


def test_when_gold_offset_is_wrong_then_mismatch_is_counted_not_raised(tmp_path):
    ann = "T1\tCue 1 5\tsaid\n"  # "said" really starts at 0
    _write_tar(tmp_path / cue_eval.POLNEAR_TAR,
               {"data/dev/text/a.txt": "said so", "data/dev/attributions/a_x.ann": ann})
    (art,) = load_polnear("dev", tmp_path)
    assert (art.n_spans_checked, art.n_offset_mismatches) == (1, 1)


def test_when_sentence_rows_are_loaded_then_split_is_filtered_and_offsets_checked(data_dir):
    arts = load_polnear("dev", data_dir)
    rows, check = load_polnear_sentences("dev", data_dir, arts)
    assert len(rows) == 4 and sum(r.has_cue for r in rows) == 3
    assert check == {"rows_checked": 4, "rows_text_ok": 4, "rows_unknown_article": 0}


def test_when_factbank_is_loaded_then_only_factbank_rows_of_the_split_are_kept(data_dir):
    rows = load_factbank("dev", data_dir)
    assert [(r.doc_id, r.label) for r in rows] == [("d1.txt", True), ("d1.txt", True), ("d2.txt", False)]
    assert rows[0].text == 'The storm "may" have caused the outage.'


# ---------------------------------------------------------------------------------------------
# errors
# ---------------------------------------------------------------------------------------------


def test_when_tar_is_missing_then_data_error_names_the_file(tmp_path):
    with pytest.raises(DataError, match="polnear_v1.0.0_text_attributions.tar.gz.*not found"):
        load_polnear("dev", tmp_path)


def test_when_sentence_table_is_missing_then_data_error_names_the_file(tmp_path):
    with pytest.raises(DataError, match="polnear_sentences.tsv.gz"):
        load_polnear_sentences("dev", tmp_path)


def test_when_factbank_table_is_missing_then_data_error_names_the_file(tmp_path):
    with pytest.raises(DataError, match="suc_factbank_sentences.tsv"):
        load_factbank("dev", tmp_path)


def test_when_brat_t_line_is_malformed_then_data_error_names_file_and_line(tmp_path):
    _write_tar(tmp_path / cue_eval.POLNEAR_TAR, {
        "data/dev/text/a.txt": "said so",
        "data/dev/attributions/a_x.ann": "T1\tCue 0 4\tsaid\nT2\tCue zero 4\tsaid\n",
    })
    with pytest.raises(DataError, match=r"a_x\.ann:2: malformed T line") as info:
        load_polnear("dev", tmp_path)
    assert info.value.line == 2


def test_when_brat_line_is_unrecognised_then_data_error_names_the_line():
    with pytest.raises(DataError, match=r"x\.ann:2: unrecognised line"):
        parse_brat("T1\tCue 0 4\tsaid\nrubbish here\n", "x.ann")


def test_when_sentence_row_has_bad_offset_then_data_error_names_file_and_line(tmp_path):
    row = _sent_row("dev", "a", "x", 0, "said so", "said so", 1)
    row[5] = "zero"
    _write_sentences(tmp_path / cue_eval.POLNEAR_SENTENCES, [_sent_row("dev", "a", "x", 0, "ok", "ok", 0), row])
    with pytest.raises(DataError, match=r"polnear_sentences\.tsv\.gz:3: column 'char_start'"):
        load_polnear_sentences("dev", tmp_path)


def test_when_factbank_label_is_not_binary_then_data_error_names_file_and_line(tmp_path):
    _write_factbank(tmp_path / cue_eval.SZEGED_FACTBANK,
                    [["factbank", "d", "S1", "dev", "yes", "", "", "The sky is blue."]])
    with pytest.raises(DataError, match=r"suc_factbank_sentences\.tsv:2: column 'label'"):
        load_factbank("dev", tmp_path)


# ---------------------------------------------------------------------------------------------
# metrics on hand-computed examples
# ---------------------------------------------------------------------------------------------

TEXT = "Police said on Monday that the mayor told reporters nothing."
#       0         1         2         3         4         5
#       0123456789012345678901234567890123456789012345678901234567890


def test_when_spans_share_a_token_then_overlap_matches_but_strict_does_not():
    # gold: "said" (7,11), "told" (37,41); pred: " said on" (6,14) and "Monday" (15,21)
    counts, p_ok, g_ok = span_counts(TEXT, [((6, 14),), ((15, 21),)], [((7, 11),), ((37, 41),)])
    assert p_ok == [True, False] and g_ok == [True, False]
    rep = counts.report()
    assert rep["overlap"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "matched_pred": 1,
                              "matched_gold": 1}
    # strict: " said on" stripped is "said on" != "said"
    assert rep["strict"]["matched_pred"] == 0 and rep["strict"]["f1"] == 0.0
    # tokens: pred {said, on, Monday}, gold {said, told}: tp 1 -> P 1/3, R 1/2, F1 0.4
    assert rep["token"]["precision"] == 0.3333 and rep["token"]["recall"] == 0.5
    assert rep["token"]["f1"] == 0.4


def test_when_span_differs_only_by_whitespace_then_strict_matches():
    counts, _, _ = span_counts(TEXT, [((6, 12),)], [((7, 11),)])
    assert strict_key(TEXT, ((6, 12),)) == ((7, 11),)
    assert counts.strict_pred == counts.strict_gold == 1


def test_when_gold_is_discontinuous_then_any_fragment_token_matches():
    gold = [((0, 6), (37, 41))]  # "Police ... told"
    counts, _, g_ok = span_counts(TEXT, [((37, 41),)], gold)
    assert g_ok == [True] and counts.overlap_pred == 1
    assert counts.strict_gold == 0  # a contiguous prediction never strictly matches it
    assert counts.gold_no_token == 0
    assert (counts.tok_pred, counts.tok_gold, counts.tok_tp) == (1, 2, 1)


def test_when_span_cuts_a_word_then_the_whole_token_counts():
    index = TokenIndex(TEXT)
    assert index.tokens(((8, 9),)) == index.tokens(((7, 11),))
    assert index.tokens(((11, 12),)) == frozenset()  # a space only


def test_when_nothing_is_predicted_then_scores_are_zero_not_an_error():
    assert prf(0, 0, 0, 5) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert prf(3, 4, 3, 6) == {"precision": 0.75, "recall": 0.5, "f1": 0.6}


def test_when_a_cue_overlaps_a_sentence_then_the_sentence_is_positive():
    sents = [(0, 10), (11, 20), (21, 30)]
    assert sentence_predictions(sents, [(8, 12), (25, 26)]) == [True, True, True]
    assert sentence_predictions(sents, [(10, 11)]) == [False, False, False]
    rep = binary_scores([True, False, True, False], [True, True, False, False])
    assert (rep["tp"], rep["fp"], rep["fn"], rep["tn"]) == (1, 1, 1, 1)
    assert rep["f1"] == 0.5


def test_when_pair_source_matches_then_it_counts_correct():
    index = TokenIndex(TEXT)
    gold = [GoldCue(((7, 11),), ((0, 6),)), GoldCue(((37, 41),), ((26, 35),)), GoldCue(((15, 21),), None)]
    pred = [(((7, 11),), ((0, 6),)), (((37, 41),), None), (((15, 21),), ((0, 6),))]
    assert pair_counts(index, pred, gold) == {"eligible": 2, "correct": 1, "pred_no_source": 1}


def test_when_source_shapes_are_classified_then_crude_classes_come_out():
    assert source_shape("she") == "pronoun"
    assert source_shape("the Senate committee") == "capitalised name"
    assert source_shape("local officials") == "lowercase noun phrase"


# ---------------------------------------------------------------------------------------------
# end to end with an injected extractor
# ---------------------------------------------------------------------------------------------


def test_when_extractor_is_injected_then_polnear_scores_match_hand_counts(data_dir, monkeypatch):
    monkeypatch.setattr(scoring, "analyze_text", _fake_analyze_text, raising=False)
    arts = load_polnear("dev", data_dir)
    rows, _ = load_polnear_sentences("dev", data_dir, arts)
    rep = evaluate_polnear(arts, rows)
    cue = rep["cue_spans"]
    assert (cue["n_pred"], cue["n_gold"]) == (3, 3)
    assert (cue["overlap"]["matched_pred"], cue["overlap"]["matched_gold"]) == (2, 2)
    assert (cue["strict"]["matched_pred"], cue["strict"]["matched_gold"]) == (1, 1)
    # tokens: pred {said, according, light}; gold {said, according, to, claimed}
    assert (cue["token"]["tokens_pred"], cue["token"]["tokens_gold"], cue["token"]["tokens_tp"]) == (3, 4, 2)
    src = rep["source_spans"]
    assert (src["n_pred"], src["n_gold"]) == (2, 3)
    assert (src["overlap"]["matched_pred"], src["overlap"]["matched_gold"]) == (1, 1)
    # tokens: pred {Officials, The, mayor}; gold {Officials, local, media, Critics, of, the, plan,
    # mostly, farmers}
    assert (src["token"]["tokens_pred"], src["token"]["tokens_gold"], src["token"]["tokens_tp"]) == (3, 9, 1)
    assert rep["attribution_pairs"] == {"eligible": 2, "correct": 1, "pred_no_source": 0, "accuracy": 0.5}
    s = rep["sentence_has_cue"]
    assert (s["tp"], s["fp"], s["fn"], s["tn"]) == (2, 1, 1, 0)
    errors = rep["_errors"]
    assert errors["missed_cues"] == {"claimed": 1}
    assert errors["false_positive_cues"] == {"light": 1}
    assert errors["missed_sources"] == {"local media": 1, "critics of the plan … mostly farmers": 1}
    assert errors["missed_source_shapes"] == {"lowercase noun phrase": 1, "capitalised name": 1}


def test_when_extractor_is_injected_then_szeged_hedge_and_wide_variants_differ(data_dir, monkeypatch):
    monkeypatch.setattr(scoring, "analyze_sentences", _fake_analyze_sentences, raising=False)
    rep = evaluate_szeged(load_factbank("dev", data_dir))
    assert (rep["n_rows"], rep["n_label_1"]) == (3, 2)
    h, w = rep["hedge"], rep["hedge_or_vague_or_unverified"]
    assert (h["tp"], h["fp"], h["fn"], h["tn"]) == (1, 0, 1, 1) and h["f1"] == 0.6667
    assert (w["tp"], w["fn"], w["f1"]) == (2, 0, 1.0)


def test_when_cli_runs_on_a_data_dir_then_it_prints_table_and_writes_json(data_dir, tmp_path, capsys,
                                                                           monkeypatch):
    monkeypatch.setattr(scoring, "analyze_text", _fake_analyze_text, raising=False)
    out = tmp_path / "rep.json"
    assert cue_eval.main(["polnear", "--data-dir", str(data_dir), "--errors", "3", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "| cue span, token overlap | 0.667 | 0.667 | 0.667 | 3 | 3 |" in printed
    assert "1 × 'claimed'" in printed
    rep = json.loads(out.read_text())
    assert rep["split"] == "dev" and rep["n_articles"] == 2
    assert rep["sentence_check"]["rows_text_ok"] == 4


def test_when_cli_data_dir_is_missing_then_it_exits_2_naming_the_file(tmp_path, capsys):
    assert cue_eval.main(["szeged", "--data-dir", str(tmp_path / "nowhere")]) == 2
    assert "suc_factbank_sentences.tsv" in capsys.readouterr().err


def test_when_analyzer_parameter_finds_nothing_then_scores_are_zero_and_gold_counts_kept(data_dir):
    arts = load_polnear("dev", data_dir)
    rows, _ = load_polnear_sentences("dev", data_dir, arts)
    rep = evaluate_polnear(arts, rows, analyze=lambda text: DocumentResult([]))
    assert rep["cue_spans"]["n_gold"] == 3 and rep["cue_spans"]["overlap"]["f1"] == 0.0
    assert rep["sentence_has_cue"]["fn"] == 3 and rep["gold_has_cue"] == 3
    assert rep["_errors"]["missed_cues"] == {"said": 1, "according to": 1, "claimed": 1}


def test_when_gold_cue_is_punctuation_only_then_it_is_counted_as_tokenless():
    text = "Her answer: no."
    counts, _, g_ok = span_counts(text, [((10, 11),)], [((10, 11),)])
    assert g_ok == [False] and counts.gold_no_token == 1
    assert counts.strict_gold == 1  # the strict variant still sees it


def test_when_phrase_matcher_then_whole_word_sequences_only():
    from training.cue_eval import phrase_matcher

    m = phrase_matcher(["according to", "said"])
    assert m("Prices rose, according to the ministry.")
    assert m("She SAID no.")
    assert not m("The accordion tour was unsaid.")
    assert m("According, to the plan.")  # word sequences: punctuation between words is ignored
    assert not m("")


def test_when_hedge_lexicon_file_has_comments_then_they_are_dropped(tmp_path):
    from training.cue_eval import HEDGE_LEXICON, load_hedge_lexicon

    path = tmp_path / HEDGE_LEXICON
    path.parent.mkdir(parents=True)
    path.write_text("#Epistemic verbs\nsuggest\n\nmight\n", encoding="utf-8")
    assert load_hedge_lexicon(tmp_path) == ["suggest", "might"]
