"""Dataset loaders (training.datasets) on a tiny invented data dir, plus one check on the real corpora.

Every sentence here is written for these tests; none comes from a corpus.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import numpy as np
import pytest

from training.cue_eval import DEFAULT_DATA_DIR as REAL_DATA_DIR
from training.datasets import (
    CLEF2020_DEBATES_IN_CT24,
    CLEF2020_FILES,
    CONLL_FILE,
    CT24_FILES,
    DATASETS,
    POLNEAR_FILE,
    SZEGED_FILES,
    Dataset,
    dataset_splits,
    detokenize_ptb,
    load_dataset,
    main,
)
from training.errors import DataError

# --------------------------------------------------------------------------------------------------
# a fake data dir with the real layout
# --------------------------------------------------------------------------------------------------

# CoNLL: (split, label, PTB-tokenised text)
CONLL_ROWS = [
    ("train", "1", "Some historians believe the bridge was n't finished until 1820 ."),
    ("train", "0", "The lighthouse -LRB- now a museum -RRB- stands on the northern cape ."),
    ("train", "0", "The village 's mill burned down in 1911 ."),
    ("train", "1", "It is widely considered the finest harbour on the coast ."),
    ("train", "0", "A planted sentence that also appears in the test file ."),
    ("train", "0", "The choir recorded `` Winter Lanterns '' in a converted barn ."),
    ("train", "0", "The choir recorded `` Winter Lanterns '' in a converted barn ."),  # agreeing repeat
    ("train", "1", "A disputed sentence labelled two ways ."),
    ("train", "0", "A disputed sentence labelled two ways ."),  # conflicting repeat
    ("train", "0", ""),  # empty text, as in the real file
]
CONLL_ROWS += [("train", str(i % 2), f"Filler sentence number {i} about a small town ;") for i in range(40)]
CONLL_ROWS += [
    ("test", "1", "Critics argue the stadium may be too small ."),
    ("test", "0", "A planted sentence that also appears in the test file ."),
    ("test", "0", "The ferry leaves at $ 5 a ticket every hour ."),
]

SZEGED_HEADER = "subcorpus\tdoc_id\tsent_id\tproposed_split\tlabel\tcue_types\tcues\ttext"
SZEGED_ROWS = {
    "factbank": [
        ("factbank", "NEWS1.txt", "S1", "train", "1", "speculation_modal_probable", "may",
         "The council may delay the vote until spring."),
        ("factbank", "NEWS1.txt", "S2", "train", "0", "", "", "The council met on Tuesday."),
        ("factbank", "NEWS2.txt", "S1", "train", "0", "", "", "Shared sentence in train and dev."),
        ("factbank", "NEWS3.txt", "S1", "dev", "0", "", "", "Shared sentence in train and dev."),
        ("factbank", "NEWS3.txt", "S2", "dev", "1", "speculation_hypo_doxastic", "suspect",
         "Residents suspect the well is contaminated."),
        ("factbank", "NEWS4.txt", "S1", "test", "1", "speculation_hypo_condition", "if",
         "If the levee fails, the town floods."),
        ("factbank", "NEWS4.txt", "S2", "test", "0", "", "", 'He said "no comment" and left.'),
    ],
    "wiki": [
        ("wiki", "Harbour", "S1", "train", "0", "", "", "The harbour was dredged in 1950."),
        ("wiki", "Harbour", "S2", "train", "1", "speculation_modal_probable", "probably",
         "It was probably the busiest port in the region."),
        ("wiki", "Mill", "S1", "dev", "0", "", "", "The mill has two wheels."),
        ("wiki", "Mill", "S2", "test", "1", "speculation_hypo_investigation", "examined",
         "Engineers examined whether the dam leaks."),
    ],
}

POLNEAR_HEADER = ("split\tarticle\tannotator\tsent_idx\tsent_src\tchar_start\tchar_end\thas_cue\t"
                  "has_source\thas_content\tn_cues\tcues\tsources\ttext")
POLNEAR_ROWS = [
    ("train", "paper_a", "x1", "0", "corenlp", "0", "40", "1", "1", "1", "1", "said", "The mayor",
     "The mayor said the budget is balanced."),
    ("train", "paper_a", "x1", "1", "corenlp", "41", "70", "0", "0", "0", "0", "", "",
     "Taxes rose by two percent."),
    ("train", "paper_b", "x2", "0", "corenlp", "0", "12", "0", "0", "0", "0", "", "", "Advertisement."),
    ("train", "paper_c", "x2", "0", "corenlp", "0", "12", "0", "0", "0", "0", "", "", "Advertisement."),
    ("dev", "paper_d", "x1", "0", "corenlp", "0", "50", "1", "1", "1", "1", "according to",
     "officials", "According to officials, the road reopens Monday."),
    ("test", "paper_e", "x3", "0", "corenlp", "0", "30", "1", "1", "1", "1", "told", "She",
     "She told reporters the plan works."),
]

CT24_HEADER = "Sentence_id\tText\tclass_label"
CT24_LINES = {
    "train": [
        "101\tWe cut the deficit by half in four years.\tYes",
        '102\t"Well, I think that is a fair question."\tNo',
        '103\t"She said ""read the bill"" and sat down."\tNo',
        "104\tWe have to keep going.\tNo105\tUnemployment fell to four percent last year.\tYes",
        "106\tThank you all for coming.\tNo",
        "107\tThe line shared between train and test.\tNo",
    ],
    "dev": ["201\tInflation doubled under the last governor.\tYes", "202\tLet me finish.\tNo"],
    "dev-test": ["301\tMy opponent voted against the bill twice.\tYes"],
    "test": ["401\tThe line shared between train and test.\tNo",
             "402\tCrime went up thirty percent in the city.\tYes"],
}


CLEF2020_HEADER = "debate\tline_number\tspeaker\ttext\tlabel"
CLEF2020_LINES = {
    "train": [
        "d1\t1\tSMITH\tWe cut taxes for nine million families.\t1",
        "d1\t2\tJONES\tThank you, that is kind.\t0",
        "d1\t3\tSYSTEM\t(APPLAUSE)\t1",
        "20160926_1pres\t4\tSMITH\tA claim from a transcript CT24 train already holds.\t1",
        "d2\t1\tJONES\tWe cut the deficit by half in four years.\t1",  # in CT24 train
        "d2\t2\tJONES\tA claim in both the 2020 train and test debates.\t1",
    ],
    "test": [
        "t1\t1\tLEE\tA claim in both the 2020 train and test debates.\t1",
        "t1\t2\tLEE\tExports rose by a third since 2010.\t1",
        "t1\t3\tKIM\tGood evening, everyone.\t0",
    ],
}


def _tsv(fields) -> str:
    return "\t".join(fields)


def _szeged_field(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if '"' in value else value


def make_data_dir(root: Path) -> Path:
    """Write the files the loaders read, in the real layout, under ``root``."""
    (root / "conll2010_wiki").mkdir(parents=True)
    lines = ["split\tlabel\ttext"] + [_tsv(r) for r in CONLL_ROWS]
    (root / CONLL_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")

    (root / "szeged_uncertainty").mkdir()
    for sub, rows in SZEGED_ROWS.items():
        body = [SZEGED_HEADER] + [_tsv(_szeged_field(f) for f in r) for r in rows]
        (root / SZEGED_FILES[sub]).write_text("\n".join(body) + "\n", encoding="utf-8")

    (root / "polnear").mkdir()
    body = [POLNEAR_HEADER] + [_tsv(r) for r in POLNEAR_ROWS]
    (root / POLNEAR_FILE).write_bytes(gzip.compress(("\n".join(body) + "\n").encode("utf-8")))

    (root / "clef2024_checkthat_task1_en").mkdir()
    for split, lines in CT24_LINES.items():
        # dev and dev-test use CRLF without a final newline, as the real files do
        eol, tail = ("\r\n", "") if split in ("dev", "dev-test") else ("\n", "\n")
        (root / CT24_FILES[split]).write_text(eol.join([CT24_HEADER] + lines) + tail,
                                             encoding="utf-8", newline="")

    (root / "clef2020_checkthat_task5_debates").mkdir()
    for split, lines in CLEF2020_LINES.items():
        body = "\n".join([CLEF2020_HEADER] + lines) + "\n"
        (root / CLEF2020_FILES[split]).write_bytes(gzip.compress(body.encode("utf-8")))
    return root


@pytest.fixture()
def data_dir(tmp_path) -> Path:
    return make_data_dir(tmp_path / "data")


def as_dict(ds: Dataset) -> dict[str, int]:
    return dict(zip(ds.texts, ds.labels.tolist()))


# --------------------------------------------------------------------------------------------------
# label mapping
# --------------------------------------------------------------------------------------------------


def test_when_conll_loaded_then_label_1_is_uncertain_and_text_is_detokenised(data_dir):
    rows = {**as_dict(load_dataset("conll2010_wiki", "train", data_dir)),
            **as_dict(load_dataset("conll2010_wiki", "dev", data_dir))}
    assert rows["Some historians believe the bridge wasn't finished until 1820."] == 1
    assert rows["The lighthouse (now a museum) stands on the northern cape."] == 0
    assert rows["The village's mill burned down in 1911."] == 0


def test_when_szeged_loaded_then_subcorpus_and_proposed_split_select_rows(data_dir):
    fb = load_dataset("szeged_factbank", "train", data_dir)
    assert as_dict(fb) == {"The council may delay the vote until spring.": 1,
                           "The council met on Tuesday.": 0}
    assert fb.groups == ["NEWS1.txt", "NEWS1.txt"]
    wiki = load_dataset("szeged_wiki", "train", data_dir)
    assert as_dict(wiki) == {"The harbour was dredged in 1950.": 0,
                             "It was probably the busiest port in the region.": 1}
    test = load_dataset("szeged_factbank", "test", data_dir, allow_test=True)
    assert as_dict(test)['He said "no comment" and left.'] == 0  # excel quoting undone


def test_when_polnear_loaded_then_label_is_has_cue_and_groups_are_articles(data_dir):
    ds = load_dataset("polnear_attribution", "train", data_dir)
    assert as_dict(ds) == {"The mayor said the budget is balanced.": 1,
                           "Taxes rose by two percent.": 0, "Advertisement.": 0}
    assert ds.groups == ["paper_a", "paper_a", "paper_b"]
    assert as_dict(load_dataset("polnear_attribution", "dev", data_dir)) == {
        "According to officials, the road reopens Monday.": 1}


def test_when_ct24_loaded_then_yes_is_1_no_is_0_and_quoted_fields_are_unquoted(data_dir):
    ds = load_dataset("ct24", "train", data_dir)
    rows = as_dict(ds)
    assert rows["We cut the deficit by half in four years."] == 1
    assert rows["Well, I think that is a fair question."] == 0
    assert rows['She said "read the bill" and sat down.'] == 0
    assert ds.labels.dtype.kind == "i" and set(ds.labels.tolist()) <= {0, 1}
    assert as_dict(load_dataset("ct24", "dev", data_dir)) == {
        "Inflation doubled under the last governor.": 1, "Let me finish.": 0}
    assert as_dict(load_dataset("ct24", "dev-test", data_dir)) == {
        "My opponent voted against the bill twice.": 1}


def test_when_clef2020_claims_loaded_then_only_new_positive_lines_of_new_debates_remain(data_dir):
    ds = load_dataset("clef2020_claims", "train", data_dir)
    # no negatives, no audience line, no debate CT24 already holds, no CT24 text, no test text
    assert as_dict(ds) == {"We cut taxes for nine million families.": 1}
    assert ds.groups == ["d1"]
    assert as_dict(load_dataset("clef2020_claims", "test", data_dir, allow_test=True)) == {
        "A claim in both the 2020 train and test debates.": 1, "Exports rose by a third since 2010.": 1}
    assert set(ds.files) == set(CLEF2020_FILES.values()) | set(CT24_FILES.values())


def test_when_clef2020_row_is_malformed_then_data_error_names_file_and_line(data_dir):
    bad = "\n".join([CLEF2020_HEADER, CLEF2020_LINES["train"][0], "d9\t1\tLEE\tA claim.\tyes"]) + "\n"
    (data_dir / CLEF2020_FILES["train"]).write_bytes(gzip.compress(bad.encode("utf-8")))
    with pytest.raises(DataError, match=r"train\.tsv\.gz:3: column 'label'"):
        load_dataset("clef2020_claims", "train", data_dir)


# --------------------------------------------------------------------------------------------------
# CoNLL dev carve-out
# --------------------------------------------------------------------------------------------------


def test_when_conll_dev_is_carved_then_it_is_deterministic_disjoint_and_follows_the_rule(data_dir):
    train = load_dataset("conll2010_wiki", "train", data_dir)
    dev = load_dataset("conll2010_wiki", "dev", data_dir)
    again = load_dataset("conll2010_wiki", "dev", data_dir)
    assert dev.texts == again.texts and dev.groups == again.groups
    assert dev.texts, "the invented train rows should put at least one text in dev"
    assert not set(train.texts) & set(dev.texts)
    for text in dev.texts:
        digest = hashlib.sha256(("conll2010_wiki/dev|" + text).encode()).hexdigest()
        assert int(digest[:8], 16) % 10 == 0
    for text in train.texts:
        digest = hashlib.sha256(("conll2010_wiki/dev|" + text).encode()).hexdigest()
        assert int(digest[:8], 16) % 10 != 0
    # every usable train-file text lands in exactly one of the two
    expected = {detokenize_ptb(t) for s, _, t in CONLL_ROWS if s == "train" and t}
    expected -= {"A planted sentence that also appears in the test file.",
                 "A disputed sentence labelled two ways."}
    assert set(train.texts) | set(dev.texts) == expected
    assert len(set(train.groups)) == len(train.groups)  # per-row ids


def test_when_conll_train_has_an_empty_text_then_it_is_dropped_and_counted(data_dir):
    counts = [load_dataset("conll2010_wiki", s, data_dir).n_empty_dropped for s in ("train", "dev")]
    assert sum(counts) == 1


# --------------------------------------------------------------------------------------------------
# test guard
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", DATASETS)
def test_when_test_split_requested_without_allow_test_then_data_error(name, tmp_path):
    # the guard fires before any file is opened: this data dir does not even exist
    with pytest.raises(DataError, match="reported table only"):
        load_dataset(name, "test", tmp_path / "nowhere")
    with pytest.raises(DataError, match="DESIGN.md"):
        load_dataset(name, "test", tmp_path / "nowhere", allow_test=1)  # only True opens it


@pytest.mark.parametrize("name", DATASETS)
def test_when_allow_test_then_test_split_loads(name, data_dir):
    ds = load_dataset(name, "test", data_dir, allow_test=True)
    assert ds.split == "test" and len(ds) > 0


def test_when_splits_listed_then_test_only_appears_on_request():
    for name in DATASETS:
        assert "test" not in dataset_splits(name)
        assert dataset_splits(name, include_test=True)[-1] == "test"
    assert dataset_splits("ct24") == ("train", "dev", "dev-test")


def test_when_unknown_name_or_split_then_value_error(data_dir):
    with pytest.raises(ValueError, match="unknown dataset"):
        load_dataset("conll", "train", data_dir)
    with pytest.raises(ValueError, match="unknown split"):
        load_dataset("szeged_wiki", "dev-test", data_dir)


# --------------------------------------------------------------------------------------------------
# duplicates
# --------------------------------------------------------------------------------------------------


def test_when_a_sentence_is_in_train_and_test_then_train_loses_it_and_test_keeps_it(data_dir):
    planted = "A planted sentence that also appears in the test file."
    train = load_dataset("conll2010_wiki", "train", data_dir)
    dev = load_dataset("conll2010_wiki", "dev", data_dir)
    test = load_dataset("conll2010_wiki", "test", data_dir, allow_test=True)
    assert planted not in train.texts and planted not in dev.texts
    assert planted in test.texts
    assert train.n_cross_split_dropped + dev.n_cross_split_dropped == 1

    ct_train = load_dataset("ct24", "train", data_dir)
    assert "The line shared between train and test." not in ct_train.texts
    assert ct_train.n_cross_split_dropped == 1 and ct_train.n_duplicates_dropped == 1


def test_when_a_sentence_is_in_train_and_dev_then_dev_keeps_it(data_dir):
    train = load_dataset("szeged_factbank", "train", data_dir)
    dev = load_dataset("szeged_factbank", "dev", data_dir)
    assert "Shared sentence in train and dev." in dev.texts
    assert "Shared sentence in train and dev." not in train.texts
    assert (train.n_cross_split_dropped, dev.n_cross_split_dropped) == (1, 0)


def test_when_duplicates_in_one_split_agree_then_the_first_is_kept(data_dir):
    ds = load_dataset("polnear_attribution", "train", data_dir)
    assert ds.texts.count("Advertisement.") == 1
    assert ds.groups[ds.texts.index("Advertisement.")] == "paper_b"
    assert ds.n_duplicates_dropped == 1 and ds.n_conflicting_dropped == 0


def test_when_duplicates_in_one_split_disagree_then_all_are_dropped_and_counted(data_dir):
    both = [load_dataset("conll2010_wiki", s, data_dir) for s in ("train", "dev")]
    assert all("A disputed sentence labelled two ways." not in d.texts for d in both)
    assert sum(d.n_conflicting_dropped for d in both) == 2
    # the agreeing repeat, after detokenising, is one row
    texts = both[0].texts + both[1].texts
    assert texts.count('The choir recorded "Winter Lanterns" in a converted barn.') == 1
    summary = both[0].summary()
    assert summary["rows"] == len(both[0]) and summary["positives"] == int(both[0].labels.sum())


# --------------------------------------------------------------------------------------------------
# CT24 merged line
# --------------------------------------------------------------------------------------------------


def test_when_ct24_line_holds_two_records_then_it_is_split(data_dir):
    ds = load_dataset("ct24", "train", data_dir)
    assert ds.n_lines_split == 1
    rows = as_dict(ds)
    assert rows["We have to keep going."] == 0
    assert rows["Unemployment fell to four percent last year."] == 1
    assert ds.groups[ds.texts.index("Unemployment fell to four percent last year.")] == "105"
    assert ds.groups[ds.texts.index("We have to keep going.")] == "104"
    assert load_dataset("ct24", "dev", data_dir).n_lines_split == 0


def test_when_ct24_line_has_five_fields_without_a_glued_label_then_data_error(data_dir):
    path = data_dir / CT24_FILES["dev"]
    path.write_text(CT24_HEADER + "\n201\tOne.\tMaybe\t202\tTwo.\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"CT24_checkworthy_english_dev\.tsv:2: expected 3"):
        load_dataset("ct24", "dev", data_dir)


# --------------------------------------------------------------------------------------------------
# errors and file hashes
# --------------------------------------------------------------------------------------------------


def test_when_a_row_has_a_bad_label_then_data_error_names_file_and_line(data_dir):
    path = data_dir / CT24_FILES["dev-test"]
    path.write_text(CT24_HEADER + "\n301\tFine.\tNo\n302\tNot fine.\tyes\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset("ct24", "dev-test", data_dir)
    assert info.value.path == str(path) and info.value.line == 3
    assert "class_label" in str(info.value) and "'yes'" in str(info.value)


def test_when_a_row_has_the_wrong_field_count_then_data_error_names_file_and_line(data_dir):
    path = data_dir / CONLL_FILE
    path.write_text("split\tlabel\ttext\ntrain\t0\tA good row.\ntrain\t1\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"conll2010_wiki_sentences\.tsv:3: expected 3"):
        load_dataset("conll2010_wiki", "train", data_dir)


def test_when_a_gzipped_row_has_a_bad_flag_then_data_error_names_file_and_line(data_dir):
    body = [POLNEAR_HEADER, _tsv(POLNEAR_ROWS[0]), _tsv(POLNEAR_ROWS[1][:7] + ("2",) + POLNEAR_ROWS[1][8:])]
    (data_dir / POLNEAR_FILE).write_bytes(gzip.compress("\n".join(body).encode()))
    with pytest.raises(DataError, match=r"polnear_sentences\.tsv\.gz:3: column 'has_cue'"):
        load_dataset("polnear_attribution", "train", data_dir)


def test_when_a_file_is_missing_then_data_error_names_the_path(data_dir):
    missing = data_dir / CT24_FILES["test"]
    missing.unlink()
    # train needs the test file's texts too, so it fails as well, naming the path
    with pytest.raises(DataError, match="CT24_checkworthy_english_test_gold.tsv") as info:
        load_dataset("ct24", "train", data_dir)
    assert info.value.path == str(missing)
    with pytest.raises(DataError, match="file not found"):
        load_dataset("szeged_wiki", "train", data_dir / "elsewhere")


def test_when_loaded_then_files_map_relative_paths_to_sha256(data_dir):
    ds = load_dataset("ct24", "dev", data_dir)
    assert set(ds.files) == {CT24_FILES["dev"], CT24_FILES["dev-test"], CT24_FILES["test"]}
    for rel, digest in ds.files.items():
        assert digest == hashlib.sha256((data_dir / rel).read_bytes()).hexdigest()
    gz = load_dataset("polnear_attribution", "dev", data_dir).files
    assert gz == {POLNEAR_FILE: hashlib.sha256((data_dir / POLNEAR_FILE).read_bytes()).hexdigest()}


def test_when_cli_runs_then_it_prints_a_markdown_table_without_test_rows(data_dir, capsys):
    assert main(["--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| dataset | split | rows |")
    assert "| ct24 | dev-test |" in out and "| test |" not in out
    assert main(["--data-dir", str(data_dir), "--include-test"]) == 0
    assert "| conll2010_wiki | test | 3 |" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir / "nowhere")]) == 1


# --------------------------------------------------------------------------------------------------
# PTB detokenisation
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ("The bell -LRB- cast in 1850 -RRB- cracked .", "The bell (cast in 1850) cracked."),
        ("See -LSB- 3 -RSB- and -LCB- x -RCB- .", "See [3] and {x}."),
        ("She called it `` a small miracle '' .", 'She called it "a small miracle".'),
        ("`` We won , '' he said .", '"We won," he said.'),
        ("They do n't know , and it is n't clear .", "They don't know, and it isn't clear."),
        ("It 's the town 's oldest inn ; we 've stayed .", "It's the town's oldest inn; we've stayed."),
        ("They 're sure we 'll go , I 'd say , I 'm sure .", "They're sure we'll go, I'd say, I'm sure."),
        ("Prices rose 4 % in May !", "Prices rose 4% in May!"),
        ("Is it true ? Yes : mostly .", "Is it true? Yes: mostly."),
        ("Tickets cost $ 12 each .", "Tickets cost $12 each."),
        ('He wrote " never again " twice .', 'He wrote "never again" twice.'),
        ("The word ` ferry' is old .", "The word 'ferry' is old."),
        ("The rate was .25 and the ratio ,5 stays .", "The rate was .25 and the ratio ,5 stays."),
        ("Wait ... then go .", "Wait... then go."),
        ("It rained -- heavily -- all day .", "It rained -- heavily -- all day."),
        ("Already   plain text, untouched.", "Already plain text, untouched."),
        ("", ""),
    ],
)
def test_when_ptb_tokens_are_detokenised_then_text_reads_naturally(tokens, expected):
    assert detokenize_ptb(tokens) == expected


def test_when_detokenised_twice_then_nothing_changes():
    once = detokenize_ptb("The mill -LRB- rebuilt -RRB- is n't `` old '' , they say .")
    assert detokenize_ptb(once) == once


# --------------------------------------------------------------------------------------------------
# the real corpora
# --------------------------------------------------------------------------------------------------

# SOURCE.md row counts (train as staged; for CoNLL the whole train file, which feeds train + dev)
SOURCE_TRAIN_ROWS = {
    "conll2010_wiki": 7_363,
    "szeged_factbank": 2_249 + 470,
    "szeged_wiki": 14_508 + 2_097,
    "polnear_attribution": 30_523,
    "ct24": 22_500 + 1,  # SOURCE counts lines; one line holds two records
}
SOURCE_TRAIN_POSITIVES = {
    "conll2010_wiki": 2_131,
    "szeged_factbank": 470,
    "szeged_wiki": 2_097,
    "polnear_attribution": 16_579,
    "ct24": 5_413,
}


@pytest.mark.corpus
@pytest.mark.skipif(not REAL_DATA_DIR.is_dir(), reason="../shared/data is absent")
@pytest.mark.parametrize("name", [n for n in DATASETS if n != "clef2020_claims"])
def test_when_real_corpus_loaded_then_train_counts_match_source_md(name):
    parts = [load_dataset(name, "train", REAL_DATA_DIR)]
    if name == "conll2010_wiki":
        parts.append(load_dataset(name, "dev", REAL_DATA_DIR))
    rows = sum(len(d) for d in parts)
    dropped = sum(d.n_duplicates_dropped + d.n_conflicting_dropped + d.n_empty_dropped for d in parts)
    positives = sum(int(d.labels.sum()) for d in parts)
    assert rows + dropped == SOURCE_TRAIN_ROWS[name]
    assert SOURCE_TRAIN_POSITIVES[name] - dropped <= positives <= SOURCE_TRAIN_POSITIVES[name]
    assert dropped <= 0.05 * SOURCE_TRAIN_ROWS[name]
    assert all(t and t == " ".join(t.split()) for t in parts[0].texts)
    assert set(parts[0].labels.tolist()) == {0, 1}
    if name == "ct24":
        assert parts[0].n_lines_split == 1
    if name == "conll2010_wiki":
        assert 0.08 < len(parts[1]) / rows < 0.12
        assert not any("-LRB-" in t or "``" in t for t in parts[0].texts)
    for rel, digest in parts[0].files.items():
        assert len(digest) == 64 and (REAL_DATA_DIR / rel).is_file()
    assert isinstance(parts[0].labels, np.ndarray)


@pytest.mark.corpus
@pytest.mark.skipif(not REAL_DATA_DIR.is_dir(), reason="../shared/data is absent")
def test_when_real_clef2020_claims_loaded_then_positives_of_debates_ct24_lacks_remain():
    ds = load_dataset("clef2020_claims", "train", REAL_DATA_DIR)
    ct24 = set(load_dataset("ct24", "train", REAL_DATA_DIR).texts)
    assert 300 <= len(ds) <= 487  # SOURCE.md: 487 positive lines in the 50 train debates
    assert set(ds.labels.tolist()) == {1}
    groups = set(ds.groups)
    assert len(groups) == 50 - len(CLEF2020_DEBATES_IN_CT24) and not groups & CLEF2020_DEBATES_IN_CT24
    assert not ct24.intersection(ds.texts)
