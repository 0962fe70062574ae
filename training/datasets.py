"""The staged corpora in ``../shared/data`` as labelled sentence datasets for training.

Usage::

    python -m training.datasets [--data-dir DIR] [--include-test]

prints a markdown table of every dataset and split (rows, positives, share positive, rows dropped).

Datasets (``DATASETS``) and their splits (label 1 is the positive class):

===================== ================================ ======================================
name                  label 1                          splits
===================== ================================ ======================================
conll2010_wiki        uncertain (weasel/hedge/peacock) train, dev (carved out of train), test
szeged_factbank       uncertain (semantic cue)         train, dev, test (``proposed_split``)
szeged_wiki           uncertain (semantic cue)         train, dev, test (``proposed_split``)
polnear_attribution   sentence has an attribution cue  train, dev, test
ct24                  check-worthy (``Yes``)           train, dev, dev-test, test (gold)
clef2020_claims       check-worthy (fact-checked line) train, test (positive lines only)
===================== ================================ ======================================

Honest numbers (DESIGN.md, "Rules for honest numbers"): ``split="test"`` raises :class:`DataError`
unless ``allow_test=True`` is passed, and that check runs before any file is opened. Loading any
other split reads the later splits' files only to collect their texts for exclusion; no row of
theirs is ever returned.

How rows become a :class:`Dataset`, in order:

1. Every text is normalised: whitespace collapsed (``" ".join(text.split())``); CoNLL-2010 text is
   first detokenised with :func:`detokenize_ptb`. The returned ``texts`` are these normalised
   strings, and exact duplicates are judged on them (case-sensitive).
2. Cross-split duplicates: the splits are ordered as listed above (train < dev < dev-test < test)
   and a text that occurs in a *later* split's file is dropped from the *earlier* split (train loses
   texts found in dev or test, dev loses texts found in test). So evaluation splits stay intact and
   training never sees an evaluation sentence.
3. Rows whose text is empty after normalisation are dropped (``n_empty_dropped``; CoNLL-2010
   train has some).
4. Duplicates within the split: of rows sharing a text, the first is kept when all agree on the
   label; when they disagree, all of them are dropped (``n_conflicting_dropped``).

``n_duplicates_dropped`` counts the rows removed by steps 2 and 4 when the label agreed (it
includes ``n_cross_split_dropped``); conflicting rows are counted apart.

Per-dataset notes:

* ``conll2010_wiki`` reads ``conll2010_wiki/conll2010_wiki_sentences.tsv`` (columns
  ``split, label, text``; splits ``train``/``test``). There is no official dev set: a train-file row
  goes to ``dev`` when ``int(sha256("conll2010_wiki/dev|" + normalised_text)[:8], 16) % 10 == 0``
  (about 10%), else to ``train``. The rule depends on the text only, so it is deterministic, needs no
  seed and can never put one text in both. ``groups`` are per-row ids ``"L<line number>"`` (the
  corpus has no document ids). The file holds no ``"`` characters, so it is read with
  ``csv.QUOTE_NONE``.
* ``szeged_factbank`` / ``szeged_wiki`` read ``szeged_uncertainty/suc_{factbank,wiki}_sentences.tsv``
  (rows of the matching ``subcorpus``; split from ``proposed_split``, which is not official: a hash of
  the document); ``groups`` are ``doc_id``. The FactBank text keeps some Penn Treebank tokens
  (``does n't``, ``````...''``); it is not detokenised here.
* ``polnear_attribution`` reads ``polnear/polnear_sentences.tsv.gz``; label ``has_cue``; ``groups``
  are the ``article``.
* ``ct24`` reads ``clef2024_checkthat_task1_en/CT24_checkworthy_english_{train,dev,dev-test,
  test_gold}.tsv``; label ``Yes`` = 1, ``No`` = 0. ``groups`` are the ``Sentence_id`` (no debate id
  is given, so CT24 has per-row groups too). A physical line holding two records
  (``id, text, No<id>, text, label``: five fields, the third a label glued to digits) is split in
  two; ``n_lines_split`` counts them.

Quoting: the Szeged, PolNeAR and CT24 tables are written with csv's excel quoting (a text holding
``"``, and in CT24 also any text holding a comma, is wrapped in ``"`` with inner quotes doubled), so
they are read with the csv module's default quoting; ``QUOTE_NONE`` would leave the wrapping quotes
on about half of CT24 train. Files are decoded as UTF-8 (a BOM is skipped) and hashed from the same
bytes that are parsed.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from training.cue_eval import DEFAULT_DATA_DIR
from training.errors import DataError

__all__ = [
    "DATASETS",
    "DEFAULT_DATA_DIR",
    "Dataset",
    "dataset_splits",
    "detokenize_ptb",
    "load_dataset",
    "load_pairs",
    "main",
    "normalize_text",
]

CONLL_FILE = "conll2010_wiki/conll2010_wiki_sentences.tsv"
SZEGED_FILES = {
    "factbank": "szeged_uncertainty/suc_factbank_sentences.tsv",
    "wiki": "szeged_uncertainty/suc_wiki_sentences.tsv",
}
POLNEAR_FILE = "polnear/polnear_sentences.tsv.gz"
CT24_FILES = {
    "train": "clef2024_checkthat_task1_en/CT24_checkworthy_english_train.tsv",
    "dev": "clef2024_checkthat_task1_en/CT24_checkworthy_english_dev.tsv",
    "dev-test": "clef2024_checkthat_task1_en/CT24_checkworthy_english_dev-test.tsv",
    "test": "clef2024_checkthat_task1_en/CT24_checkworthy_english_test_gold.tsv",
}
CLEF2020_FILES = {
    "train": "clef2020_checkthat_task5_debates/train.tsv.gz",
    "test": "clef2020_checkthat_task5_debates/test.tsv.gz",
}
#: CLEF-2020 task 5 train debates that are the same transcripts as CT24 train debates (over 80% of
#: their long sentences share a 6-word shingle with CT24 train; every other debate shares under 11%).
CLEF2020_DEBATES_IN_CT24 = frozenset({
    "20121023_third_presidential_debate", "20160926_1pres", "20161010_2pres", "20161019_3pres",
})

#: The split that only the release evaluation may read.
TEST_SPLIT = "test"

_SPLITS: dict[str, tuple[str, ...]] = {
    "conll2010_wiki": ("train", "dev", "test"),
    "szeged_factbank": ("train", "dev", "test"),
    "szeged_wiki": ("train", "dev", "test"),
    "polnear_attribution": ("train", "dev", "test"),
    "ct24": ("train", "dev", "dev-test", "test"),
    "clef2020_claims": ("train", "test"),
}

#: Every dataset name :func:`load_dataset` accepts.
DATASETS: tuple[str, ...] = tuple(_SPLITS)

#: One in this many CoNLL-2010 train-file texts goes to the carved-out dev split.
CONLL_DEV_MODULUS = 10
_CONLL_DEV_SALT = "conll2010_wiki/dev|"

_TEST_GUARD_MESSAGE = (
    "refusing to load {name!r} split 'test': test splits are for the reported table only, run once "
    "per model release (DESIGN.md, 'Rules for honest numbers'); tune on train and dev. Pass "
    "allow_test=True only in the release evaluation."
)


# --------------------------------------------------------------------------------------------------
# the dataset type
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """One split of one corpus as labelled sentences.

    Attributes
    ----------
    name : str
        Dataset name, one of :data:`DATASETS`.
    split : str
        Split name, one of :func:`dataset_splits` ``(name)``.
    texts : list of str
        Normalised sentence texts (whitespace collapsed; CoNLL-2010 detokenised), unique in the split.
    labels : numpy.ndarray
        ``int8`` array of 0/1, one per text; 1 is the positive class (see the module docstring).
    groups : list of str
        Document (article, debate sentence or row) id per text, for grouped cross-validation.
    files : dict of str to str
        Every file read to build the split (path relative to the data dir, ``/``-separated) mapped to
        the sha256 hex digest of its bytes. Includes later splits' files read for duplicate exclusion.
    n_duplicates_dropped : int
        Rows dropped as exact duplicates whose label agreed: repeats within the split and texts that
        also occur in a later split (includes ``n_cross_split_dropped``).
    n_cross_split_dropped : int
        Rows dropped because their text occurs in a later split's file.
    n_conflicting_dropped : int
        Rows dropped because the same text occurs in the split with different labels (all copies go).
    n_empty_dropped : int
        Rows dropped because their text is empty after normalisation.
    n_lines_split : int
        Physical lines that held two records and were split (CT24 only; counted over the files read
        for this split's own rows).
    """

    name: str
    split: str
    texts: list[str]
    labels: np.ndarray
    groups: list[str]
    files: dict[str, str]
    n_duplicates_dropped: int = 0
    n_cross_split_dropped: int = 0
    n_conflicting_dropped: int = 0
    n_empty_dropped: int = 0
    n_lines_split: int = 0

    def __post_init__(self) -> None:
        if not (len(self.texts) == len(self.labels) == len(self.groups)):
            raise ValueError(
                f"texts, labels and groups differ in length: "
                f"{len(self.texts)}, {len(self.labels)}, {len(self.groups)}"
            )

    def __len__(self) -> int:
        return len(self.texts)

    def summary(self) -> dict[str, Any]:
        """Counts describing the split.

        Returns
        -------
        dict
            ``name``, ``split``, ``rows``, ``positives``, ``share_positive`` (rounded to 4 places;
            0.0 when empty), ``groups`` (distinct group ids), ``duplicates_dropped``,
            ``cross_split_dropped``, ``conflicting_dropped``, ``empty_dropped`` and ``lines_split``.
        """
        rows = len(self.texts)
        positives = int(np.sum(self.labels))
        return {
            "name": self.name,
            "split": self.split,
            "rows": rows,
            "positives": positives,
            "share_positive": round(positives / rows, 4) if rows else 0.0,
            "groups": len(set(self.groups)),
            "duplicates_dropped": self.n_duplicates_dropped,
            "cross_split_dropped": self.n_cross_split_dropped,
            "conflicting_dropped": self.n_conflicting_dropped,
            "empty_dropped": self.n_empty_dropped,
            "lines_split": self.n_lines_split,
        }


@dataclass(frozen=True, slots=True)
class _Row:
    text: str  # normalised
    label: int
    group: str


@dataclass(slots=True)
class _Read:
    """What a reader returns: the rows of the splits it was asked for, and the files it read."""

    rows: dict[str, list[_Row]]
    files: dict[str, str]
    lines_split: int = 0


# --------------------------------------------------------------------------------------------------
# text normalisation
# --------------------------------------------------------------------------------------------------

_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_BRACKET_RE = re.compile(r"-(?:LRB|RRB|LSB|RSB|LCB|RCB)-")
_STANDALONE_DQUOTE = re.compile(r'(?<!\S)"(?!\S)')
_OPEN_DQUOTE = re.compile(r"``\s*")  # PTB opening double quote
_CLOSE_DQUOTE = re.compile(r"\s*(?<!')''(?!')")  # PTB closing double quote (exactly two)
_OPEN_SQUOTE = re.compile(r"(?<![`\S])`(?!`)\s+")  # a lone backtick token opens a single quote
_NT = re.compile(r"\s+(n't|N'T)\b")
_CLITIC = re.compile(r"\s+('(?:s|re|ve|ll|d|m|S|RE|VE|LL|D|M))(?![\w'])")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,;:!?%]|\.+)(?=\s|$|[)\]}\"'])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[{])\s+")
_SPACE_BEFORE_CLOSE = re.compile(r"\s+([)\]}])")
_DOLLAR = re.compile(r"(?<!\S)\$\s+(?=\d)")


def normalize_text(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        ``" ".join(text.split())``.
    """
    return " ".join(text.split())


def _pair_standalone_quotes(text: str) -> str:
    """Attach space-delimited ``"`` tokens: odd ones open (to the right), even ones close (to the left)."""
    out: list[str] = []
    pos = 0
    opening = True
    for m in _STANDALONE_DQUOTE.finditer(text):
        out.append(text[pos : m.start()])
        if opening:
            out.append('"')
            pos = m.end()
            while pos < len(text) and text[pos] == " ":
                pos += 1
        else:
            while out and out[-1].endswith(" "):
                out[-1] = out[-1].rstrip(" ")
            out.append('"')
            pos = m.end()
        opening = not opening
    out.append(text[pos:])
    return "".join(out)


def detokenize_ptb(text: str) -> str:
    """Undo Penn Treebank tokenisation well enough for n-gram features and for reading.

    The rules, applied in this order to the whitespace-collapsed text:

    1. ``-LRB- -RRB- -LSB- -RSB- -LCB- -RCB-`` become ``( ) [ ] { }``.
    2. Space-delimited straight ``"`` tokens are paired left to right: the first of a pair attaches
       to the next word, the second to the previous one.
    3. `````` (opening) becomes ``"`` attached to the next word; ``''`` (exactly two apostrophes,
       closing) becomes ``"`` attached to the previous word.
    4. A lone backtick token (an opening single quote) becomes ``'`` attached to the next word.
    5. `` n't`` and the clitics `` 's 're 've 'll 'd 'm`` (either case) attach to the previous word.
    6. The space before ``, ; : ! ? %`` and before a run of ``.`` goes when the mark ends a token
       (it is followed by a space, the end, a closing bracket or a quote), so ``.338`` or ``,1``
       inside a token stay as they are.
    7. The space after ``( [ {`` and before ``) ] }`` goes; ``$ 5`` becomes ``$5``.

    Left alone on purpose: ``--`` (a dash, written the same way in the news corpora), ``can not``,
    ``\\ n`` escapes and anything else not listed.

    Parameters
    ----------
    text : str
        A PTB-tokenised sentence.

    Returns
    -------
    str
        The detokenised sentence, whitespace collapsed. Plain text passes through unchanged apart from
        whitespace (and rules 5-7 when it has such spacing).

    Examples
    --------
    >>> detokenize_ptb("The tower -LRB- built in 1901 -RRB- is n't `` tall '' .")
    'The tower (built in 1901) isn\\'t "tall".'
    """
    text = normalize_text(text)
    text = _BRACKET_RE.sub(lambda m: _BRACKETS[m.group(0)], text)
    text = _pair_standalone_quotes(text)
    text = _OPEN_DQUOTE.sub('"', text)
    text = _CLOSE_DQUOTE.sub('"', text)
    text = _OPEN_SQUOTE.sub("'", text)
    text = _NT.sub(r"\1", text)
    text = _CLITIC.sub(r"\1", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    text = _SPACE_BEFORE_CLOSE.sub(r"\1", text)
    text = _DOLLAR.sub("$", text)
    return normalize_text(text)


# --------------------------------------------------------------------------------------------------
# file reading
# --------------------------------------------------------------------------------------------------


def _read_file(data_dir: Path, rel: str, files: dict[str, str]) -> tuple[Path, str]:
    """Read ``data_dir/rel`` (gunzipped when ``.gz``), record its sha256 in ``files``, return text."""
    path = data_dir / rel
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(path, "file not found (check --data-dir)") from None
    except OSError as exc:
        raise DataError(path, f"cannot read: {exc}") from exc
    files[rel] = hashlib.sha256(raw).hexdigest()
    data = raw
    if rel.endswith(".gz"):
        try:
            data = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise DataError(path, f"not a valid gzip file: {exc}") from exc
    try:
        return path, data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(path, f"not UTF-8: {exc}") from exc


def _records(
    path: Path, content: str, header: Sequence[str], *, quoting: int = csv.QUOTE_MINIMAL
) -> tuple[list[str], Any]:
    """Check the header of a TSV and return ``(header, iterator of (line number, fields))``."""
    reader = csv.reader(io.StringIO(content, newline=""), delimiter="\t", quoting=quoting,
                        strict=quoting != csv.QUOTE_NONE)
    try:
        found = next(reader)
    except StopIteration:
        raise DataError(path, "empty file, expected a header", 1) from None
    except csv.Error as exc:
        raise DataError(path, f"bad TSV header: {exc}", 1) from exc
    missing = [c for c in header if c not in found]
    if missing:
        raise DataError(path, f"missing column(s) {missing} in header {found}", 1)

    def rows():
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise DataError(path, f"bad TSV quoting: {exc}", reader.line_num) from exc
            if not fields:  # blank line
                continue
            yield reader.line_num, fields

    return found, rows()


def _label(path: Path, lineno: int, value: str, mapping: dict[str, int], col: str) -> int:
    try:
        return mapping[value]
    except KeyError:
        allowed = "/".join(mapping)
        raise DataError(path, f"column {col!r} must be {allowed}, got {value!r}", lineno) from None


def _text(value: str, detok: bool = False) -> str:
    return detokenize_ptb(value) if detok else normalize_text(value)


def _split_value(path: Path, lineno: int, value: str, allowed: Sequence[str], col: str) -> str:
    if value not in allowed:
        raise DataError(path, f"column {col!r} must be one of {list(allowed)}, got {value!r}", lineno)
    return value


_BINARY = {"0": 0, "1": 1}


def _columns(path: Path, content: str, cols: Sequence[str], **kwargs: Any):
    """``(line number, values of cols)`` for each row of a TSV, checking the field count."""
    header, rows = _records(path, content, cols, **kwargs)
    idx = [header.index(c) for c in cols]
    for lineno, fields in rows:
        if len(fields) != len(header):
            raise DataError(path, f"expected {len(header)} tab-separated fields, got {len(fields)}",
                            lineno)
        yield lineno, [fields[i] for i in idx]


def _read_conll(data_dir: Path, splits: Sequence[str]) -> _Read:
    files: dict[str, str] = {}
    path, content = _read_file(data_dir, CONLL_FILE, files)
    cols = ("split", "label", "text")
    out: dict[str, list[_Row]] = {s: [] for s in splits}
    for lineno, (file_split, label, raw) in _columns(path, content, cols, quoting=csv.QUOTE_NONE):
        file_split = _split_value(path, lineno, file_split, ("train", "test"), "split")
        row = _Row(_text(raw, detok=True), _label(path, lineno, label, _BINARY, "label"),
                   f"L{lineno}")
        split = _conll_dev_bucket(row.text) if file_split == "train" else "test"
        if split in out:
            out[split].append(row)
    return _Read(out, files)


def _conll_dev_bucket(text: str) -> str:
    digest = hashlib.sha256((_CONLL_DEV_SALT + text).encode("utf-8")).hexdigest()
    return "dev" if int(digest[:8], 16) % CONLL_DEV_MODULUS == 0 else "train"


def _read_szeged(subcorpus: str) -> Callable[[Path, Sequence[str]], _Read]:
    def read(data_dir: Path, splits: Sequence[str]) -> _Read:
        files: dict[str, str] = {}
        path, content = _read_file(data_dir, SZEGED_FILES[subcorpus], files)
        cols = ("subcorpus", "doc_id", "proposed_split", "label", "text")
        out: dict[str, list[_Row]] = {s: [] for s in splits}
        for lineno, (sub, doc, split, label, raw) in _columns(path, content, cols):
            split = _split_value(path, lineno, split, ("train", "dev", "test"), "proposed_split")
            lab = _label(path, lineno, label, _BINARY, "label")
            if sub != subcorpus or split not in out:
                continue
            # The FactBank text keeps PTB tokens ("does n't", ``): undo them like CoNLL's.
            out[split].append(_Row(_text(raw, detok=subcorpus == "factbank"), lab, doc))
        return _Read(out, files)

    return read


def _read_polnear(data_dir: Path, splits: Sequence[str]) -> _Read:
    files: dict[str, str] = {}
    path, content = _read_file(data_dir, POLNEAR_FILE, files)
    cols = ("split", "article", "has_cue", "text")
    out: dict[str, list[_Row]] = {s: [] for s in splits}
    for lineno, (split, article, label, raw) in _columns(path, content, cols):
        split = _split_value(path, lineno, split, ("train", "dev", "test"), "split")
        lab = _label(path, lineno, label, _BINARY, "has_cue")
        if split in out:
            out[split].append(_Row(_text(raw), lab, article))
    return _Read(out, files)


_CT24_LABELS = {"No": 0, "Yes": 1}
_CT24_GLUED = re.compile(r"^(Yes|No)(\d+)$")


def _read_ct24(data_dir: Path, splits: Sequence[str]) -> _Read:
    files: dict[str, str] = {}
    out: dict[str, list[_Row]] = {}
    lines_split = 0
    for split in splits:
        path, content = _read_file(data_dir, CT24_FILES[split], files)
        cols = ("Sentence_id", "Text", "class_label")
        header, rows = _records(path, content, cols)
        if len(header) != 3:
            raise DataError(path, f"expected the 3 columns {list(cols)}, got {header}", 1)
        idx = [header.index(c) for c in cols]
        records: list[_Row] = []
        for lineno, fields in rows:
            if len(fields) == 5 and _CT24_GLUED.match(fields[2]):
                # one line holding two records: id, text, <label><id>, text, label
                glued = _CT24_GLUED.match(fields[2])
                assert glued is not None
                parts = [[fields[0], fields[1], glued.group(1)],
                         [glued.group(2), fields[3], fields[4]]]
                if split == splits[0]:
                    lines_split += 1
            elif len(fields) == 3:
                parts = [fields]
            else:
                raise DataError(path, f"expected 3 tab-separated fields, got {len(fields)}", lineno)
            for part in parts:
                sid, raw, label = (part[i] for i in idx)
                if not sid.strip().isdigit():
                    raise DataError(path, f"Sentence_id must be an integer, got {sid!r}", lineno)
                records.append(_Row(_text(raw),
                                    _label(path, lineno, label, _CT24_LABELS, "class_label"),
                                    sid.strip()))
        out[split] = records
    return _Read(out, files, lines_split)


def _read_clef2020_claims(data_dir: Path, splits: Sequence[str]) -> _Read:
    """Positive lines (label 1: picked by fact-checkers) of the CheckThat! 2020 task 5 debates,
    as extra positives for the claim task. Its negatives are not used: about 1% of lines are
    positive and many check-worthy lines are labelled 0 (trained on, they cost F1 everywhere).
    Dropped: the debates in ``CLEF2020_DEBATES_IN_CT24``, audience lines (speaker ``SYSTEM``)
    and any text that occurs in a CT24 file (all of them are read, for exclusion only).
    ``groups`` are the debate names. The ``test`` split (the 2020 test debates) is guarded as
    every test split is."""
    files: dict[str, str] = {}
    ct24 = _read_ct24(data_dir, tuple(CT24_FILES))
    files.update(ct24.files)
    exclude = {r.text for rows in ct24.rows.values() for r in rows}
    del ct24
    cols = ("debate", "speaker", "text", "label")
    out: dict[str, list[_Row]] = {}
    for split in splits:
        path, content = _read_file(data_dir, CLEF2020_FILES[split], files)
        rows: list[_Row] = []
        for lineno, (debate, speaker, raw, label) in _columns(path, content, cols, quoting=csv.QUOTE_NONE):
            if _label(path, lineno, label, _BINARY, "label") != 1:
                continue
            if debate in CLEF2020_DEBATES_IN_CT24 or speaker == "SYSTEM":
                continue
            text = _text(raw)
            if text not in exclude:
                rows.append(_Row(text, 1, debate))
        out[split] = rows
    return _Read(out, files)


_READERS: dict[str, Callable[[Path, Sequence[str]], _Read]] = {
    "conll2010_wiki": _read_conll,
    "szeged_factbank": _read_szeged("factbank"),
    "szeged_wiki": _read_szeged("wiki"),
    "polnear_attribution": _read_polnear,
    "ct24": _read_ct24,
    "clef2020_claims": _read_clef2020_claims,
}


# --------------------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------------------


def dataset_splits(name: str, *, include_test: bool = False) -> tuple[str, ...]:
    """The splits of a dataset, in precedence order (a text in a later split leaves earlier ones).

    Parameters
    ----------
    name : str
        One of :data:`DATASETS`.
    include_test : bool, default False
        Also list ``"test"``.

    Returns
    -------
    tuple of str
    """
    if name not in _SPLITS:
        raise ValueError(f"unknown dataset {name!r}; expected one of {DATASETS}")
    return tuple(s for s in _SPLITS[name] if include_test or s != TEST_SPLIT)


def load_dataset(
    name: str,
    split: str,
    data_dir: str | Path = DEFAULT_DATA_DIR,
    *,
    allow_test: bool = False,
) -> Dataset:
    """Load one split of one corpus as deduplicated, labelled sentences.

    Parameters
    ----------
    name : str
        One of :data:`DATASETS`.
    split : str
        One of ``dataset_splits(name, include_test=True)``.
    data_dir : str or Path, default ``../shared/data``
        A folder laid out like ``../shared/data``.
    allow_test : bool, default False
        Must be True to load ``split="test"``: test splits are for the reported table only.

    Returns
    -------
    Dataset

    Raises
    ------
    DataError
        ``split="test"`` without ``allow_test=True`` (checked before any file is read); a missing
        file (the message names the path); a malformed row (wrong field count, bad label or split
        value: the message names the file and line).
    ValueError
        An unknown dataset or split name.
    """
    splits = dataset_splits(name, include_test=True)
    if split not in splits:
        raise ValueError(f"unknown split {split!r} for {name!r}; expected one of {splits}")
    if split == TEST_SPLIT and allow_test is not True:
        raise DataError(f"{name}/{split}", _TEST_GUARD_MESSAGE.format(name=name))

    data_dir = Path(data_dir)
    needed = splits[splits.index(split) :]  # this split and every later one
    read = _READERS[name](data_dir, needed)

    later: set[str] = set()
    for other in needed[1:]:
        later.update(row.text for row in read.rows[other] if row.text)
    rows = read.rows[split]
    del read.rows  # later splits' rows go no further than their texts

    nonempty = [row for row in rows if row.text]
    kept = [row for row in nonempty if row.text not in later]
    n_cross = len(nonempty) - len(kept)

    by_text: dict[str, list[_Row]] = {}
    for row in kept:
        by_text.setdefault(row.text, []).append(row)
    n_repeats = n_conflicts = 0
    final: list[_Row] = []
    for copies in by_text.values():  # insertion order = first occurrence order
        if len({r.label for r in copies}) > 1:
            n_conflicts += len(copies)
            continue
        final.append(copies[0])
        n_repeats += len(copies) - 1

    return Dataset(
        name=name,
        split=split,
        texts=[r.text for r in final],
        labels=np.fromiter((r.label for r in final), dtype=np.int8, count=len(final)),
        groups=[r.group for r in final],
        files=dict(sorted(read.files.items())),
        n_duplicates_dropped=n_cross + n_repeats,
        n_cross_split_dropped=n_cross,
        n_conflicting_dropped=n_conflicts,
        n_empty_dropped=len(rows) - len(nonempty),
        n_lines_split=read.lines_split,
    )


# --------------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------------


def summary_table(data_dir: str | Path = DEFAULT_DATA_DIR, *, include_test: bool = False) -> str:
    """A markdown table of every dataset and split.

    Parameters
    ----------
    data_dir : str or Path
        A folder laid out like ``../shared/data``.
    include_test : bool, default False
        Also load and list the test splits (for the release table only).

    Returns
    -------
    str
    """
    header = (
        "| dataset | split | rows | positives | share positive | groups | duplicates dropped "
        "| of which cross-split | conflicting dropped | empty dropped | lines split |"
    )
    lines = [header, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name in DATASETS:
        for split in dataset_splits(name, include_test=include_test):
            s = load_dataset(name, split, data_dir, allow_test=include_test).summary()
            lines.append(
                f"| {name} | {split} | {s['rows']:,} | {s['positives']:,} "
                f"| {s['share_positive']:.3f} "
                f"| {s['groups']:,} | {s['duplicates_dropped']:,} | {s['cross_split_dropped']:,} "
                f"| {s['conflicting_dropped']:,} | {s['empty_dropped']:,} | {s['lines_split']:,} |"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print :func:`summary_table`; return the exit status (1 on a data error)."""
    parser = argparse.ArgumentParser(
        prog="python -m training.datasets",
        description="Count the labelled sentence datasets per split.",
    )
    parser.add_argument("--data-dir", default=str(DEFAULT_DATA_DIR),
                        help="folder laid out like ../shared/data (default: %(default)s)")
    parser.add_argument("--include-test", action="store_true",
                        help="also load the test splits (for the release table only)")
    args = parser.parse_args(argv)
    try:
        print(summary_table(args.data_dir, include_test=args.include_test))
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def load_pairs(
    pairs: Sequence[Sequence[str]], data_dir: str | Path = DEFAULT_DATA_DIR
) -> tuple[list[str], np.ndarray, list[Dataset]]:
    """Load ``[dataset, split]`` pairs (a training config's ``train``/``dev``) and concatenate.

    Returns the texts, the labels (int64) and the individual datasets, in the given order.
    Test splits are refused as by :func:`load_dataset`.
    """
    sets = [load_dataset(name, split, data_dir) for name, split in pairs]
    texts = [t for d in sets for t in d.texts]
    labels = np.concatenate([np.asarray(d.labels, dtype=np.int64) for d in sets])
    return texts, labels, sets
