"""Evaluate the rule-based cue extractor against PolNeAR (attribution) and Szeged FactBank (uncertainty).

Usage::

    python -m training.cue_eval polnear [--split dev] [--data-dir DIR] [--errors N] [--json OUT]
    python -m training.cue_eval szeged  [--split dev] [--data-dir DIR] [--json OUT]

``--data-dir`` is a folder laid out like ``../shared/data`` (``polnear/...``,
``szeged_uncertainty/...``). The test split is read only when asked for with ``--split test``
(DESIGN.md: test is for the release table).

PolNeAR metrics (gold = the alphabetically first annotator's ``.ann``, as in the derived table):

* sentence-level ``has_cue``: a gold sentence row is predicted positive when any predicted cue of type
  ``attribution`` (``analyze_text`` on the whole article) overlaps ``[char_start, char_end)``;
* cue spans and source spans, three ways:
  - *overlap*: a predicted span matches a gold span when they share at least one ``\\w+`` token of the
    article (a token counts for a span when it overlaps it; a discontinuous gold span is the union of
    its fragments' tokens). Precision = matched predicted / predicted, recall = matched gold / gold;
  - *strict*: same offsets after stripping surrounding whitespace (a discontinuous gold span must match
    fragment for fragment, so a contiguous prediction never matches it strictly);
  - *token*: per-token counts over the union of predicted and of gold tokens in each article;
* attribution pairs: of gold cues that have a gold source and are matched by a predicted attribution
  cue, the share where such a predicted attribution's source matches the gold source.

Everything but the analyzer call is standard library (plus nothing else); the analyzer is a parameter
(default: ``scoring.analyze_text`` / ``scoring.analyze_sentences``, looked up at call time).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import gzip
import json
import re
import sys
import tarfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from training.errors import DataError

#: ``../shared/data`` next to the repository root.
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data"

POLNEAR_TAR = Path("polnear") / "original" / "polnear_v1.0.0_text_attributions.tar.gz"
POLNEAR_SENTENCES = Path("polnear") / "polnear_sentences.tsv.gz"
SZEGED_FACTBANK = Path("szeged_uncertainty") / "suc_factbank_sentences.tsv"

SPLITS = ("train", "dev", "test")

Fragments = tuple[tuple[int, int], ...]

# --------------------------------------------------------------------------------------------------
# brat standoff
# --------------------------------------------------------------------------------------------------

_T_START = re.compile(r"^T\d+\t")
_T_LINE = re.compile(r"^(T\d+)\t([^\t ]+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_E_LINE = re.compile(r"^(E\d+)\t(\S+:\S+(?: \S+:\S+)*)\s*$")
_NEXT_ANN = re.compile(r"^[TE]\d+\t")
_OTHER_ID = re.compile(r"^[ARMN*]\d*\t")  # relations, attributes, normalisations: not used here


@dataclass(frozen=True, slots=True)
class BratSpan:
    """A brat text-bound annotation (``T`` line)."""

    tid: str
    label: str
    fragments: Fragments
    text: str


@dataclass(slots=True)
class BratDoc:
    """The ``T`` spans and ``E`` events of one ``.ann`` file."""

    spans: dict[str, BratSpan] = field(default_factory=dict)
    #: each event as ``[(role, id), ...]``, the trigger first; roles keep brat's spelling
    events: list[list[tuple[str, str]]] = field(default_factory=list)

    def cue_sources(self) -> dict[str, str | None]:
        """Map every ``Cue`` span id to the id of its ``Source`` (first event giving one), else None."""
        out: dict[str, str | None] = {
            tid: None for tid, s in self.spans.items() if s.label == "Cue"
        }
        for event in self.events:
            roles = {re.sub(r"\d+$", "", role): ref for role, ref in event[1:]}
            cue = roles.get("Cue")
            if cue is None:
                continue
            if out.get(cue) is None:
                out[cue] = roles.get("Source")
        return out


def parse_brat(content: str, filename: str | Path = "<ann>") -> BratDoc:
    """Parse brat standoff text. Span text may run over several lines (it may hold newlines).

    Raises :class:`DataError` naming ``filename`` and the line for a malformed ``T`` or ``E`` line
    or an unrecognised one.
    """
    doc = BratDoc()
    lines = content.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r")
        lineno = i + 1
        i += 1
        if not line.strip():
            continue
        if _T_START.match(line):
            m = _T_LINE.match(line)
            if m is None:
                raise DataError(filename, f"malformed T line: {line[:80]!r}", lineno)
            tid, label, offs, text = m.groups()
            frags = []
            for part in offs.split(";"):
                a, b = (int(x) for x in part.split())
                if b < a:
                    raise DataError(filename, f"span end before start in {tid}", lineno)
                frags.append((a, b))
            # brat writes a span's text verbatim, fragments joined by one space: a span holding
            # newlines continues on the following lines.
            expected = sum(b - a for a, b in frags) + len(frags) - 1
            while len(text) < expected and i < len(lines) and not _NEXT_ANN.match(lines[i]):
                text += "\n" + lines[i].rstrip("\r")
                i += 1
            if tid in doc.spans:
                raise DataError(filename, f"duplicate id {tid}", lineno)
            doc.spans[tid] = BratSpan(tid, label, tuple(frags), text)
        elif line.startswith("E"):
            m = _E_LINE.match(line)
            if m is None:
                raise DataError(filename, f"malformed E line: {line[:80]!r}", lineno)
            args = [tuple(a.split(":", 1)) for a in m.group(2).split()]
            doc.events.append([(r, ref) for r, ref in args])  # type: ignore[misc]
        elif line.startswith("#") or _OTHER_ID.match(line):
            continue
        else:
            raise DataError(filename, f"unrecognised line: {line[:80]!r}", lineno)
    return doc


def fragments_text(text: str, frags: Fragments) -> str:
    """The document text of a (possibly discontinuous) span, fragments joined by one space."""
    return " ".join(text[a:b] for a, b in frags)


def _same_text(a: str, b: str) -> bool:
    return a.replace("\r", "").replace("\n", " ") == b.replace("\r", "").replace("\n", " ")


# --------------------------------------------------------------------------------------------------
# PolNeAR loaders
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldCue:
    fragments: Fragments
    source: Fragments | None


@dataclass(slots=True)
class Article:
    """One PolNeAR article with the gold Cue and Source spans of its chosen annotator."""

    name: str
    annotator: str | None
    text: str
    cues: list[GoldCue]
    sources: list[Fragments]
    n_spans_checked: int = 0
    n_offset_mismatches: int = 0
    n_dangling_refs: int = 0


@dataclass(frozen=True, slots=True)
class GoldSentence:
    article: str
    annotator: str
    sent_idx: int
    start: int
    end: int
    has_cue: bool
    has_source: bool


def _check_split(split: str) -> None:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")


def _require(path: Path) -> Path:
    if not path.is_file():
        raise DataError(path, "file not found (check --data-dir)")
    return path


def load_polnear(split: str, data_dir: str | Path = DEFAULT_DATA_DIR) -> list[Article]:
    """Read one split's articles and gold spans straight from the PolNeAR tar.gz.

    The annotator is the alphabetically first one among the article's ``<article>_<annotator>.ann``
    files (the derived sentence table's choice). Articles are returned sorted by name.
    """
    _check_split(split)
    path = _require(Path(data_dir) / POLNEAR_TAR)
    text_dir = f"data/{split}/text/"
    ann_dir = f"data/{split}/attributions/"
    texts: dict[str, str] = {}
    anns: dict[str, dict[str, tarfile.TarInfo]] = {}
    try:
        tar = tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError) as exc:
        raise DataError(path, f"cannot open as tar.gz: {exc}") from exc
    with tar:
        try:
            members = tar.getmembers()
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise DataError(path, f"corrupt tar.gz: {exc}") from exc
        ann_raw: dict[str, bytes] = {}
        for member in members:
            if not member.isfile():
                continue
            name = member.name
            if name.startswith(text_dir) and name.endswith(".txt"):
                texts[name[len(text_dir) : -4]] = _decode(tar, member, path)
            elif name.startswith(ann_dir) and name.endswith(".ann"):
                stem = name[len(ann_dir) : -4]
                if "_" not in stem:
                    raise DataError(f"{path}!{name}", "expected <article>_<annotator>.ann")
                article, annotator = stem.rsplit("_", 1)
                anns.setdefault(article, {})[annotator] = member
        for article, by_annotator in anns.items():
            first = min(by_annotator)
            ann_raw[article] = tar.extractfile(by_annotator[first]).read()  # type: ignore[union-attr]
    if not texts:
        raise DataError(path, f"no {text_dir}*.txt files in the archive")
    orphan = sorted(set(anns) - set(texts))
    if orphan:
        raise DataError(path, f"{len(orphan)} .ann files without a text, e.g. {orphan[0]}")

    articles = []
    for name in sorted(texts):
        text = texts[name]
        if name not in anns:
            articles.append(Article(name, None, text, [], []))
            continue
        annotator = min(anns[name])
        member_name = f"{path}!{ann_dir}{name}_{annotator}.ann"
        try:
            content = ann_raw[name].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataError(member_name, f"not UTF-8: {exc}") from exc
        doc = parse_brat(content, member_name)
        checked = mismatched = dangling = 0
        for span in doc.spans.values():
            if span.label in ("Cue", "Source"):
                checked += 1
                if not _same_text(fragments_text(text, span.fragments), span.text):
                    mismatched += 1
        sources_of = doc.cue_sources()
        cues = []
        for tid, src in sources_of.items():
            if tid not in doc.spans:
                dangling += 1
                continue
            src_frags = None
            if src is not None:
                if src in doc.spans:
                    src_frags = doc.spans[src].fragments
                else:
                    dangling += 1
            cues.append(GoldCue(doc.spans[tid].fragments, src_frags))
        cues.sort(key=lambda c: c.fragments)
        sources = sorted(s.fragments for s in doc.spans.values() if s.label == "Source")
        articles.append(Article(name, annotator, text, cues, sources, checked, mismatched, dangling))
    return articles


def _decode(tar: tarfile.TarFile, member: tarfile.TarInfo, path: Path) -> str:
    fh = tar.extractfile(member)
    if fh is None:
        raise DataError(f"{path}!{member.name}", "cannot read member")
    try:
        return fh.read().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}!{member.name}", f"not UTF-8: {exc}") from exc


def _tsv_rows(path: Path, required: Sequence[str]) -> Iterable[tuple[int, dict[str, str]]]:
    """Yield ``(line_number, row)`` of a (possibly gzipped) TSV written with csv's excel-tab quoting."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8", newline="") as fh:  # type: ignore[operator]
            reader = csv.DictReader(fh, delimiter="\t")
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                raise DataError(path, f"missing column(s) {missing} in header", 1)
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise DataError(path, f"bad TSV: {exc}", reader.line_num) from exc
                if None in row or any(row[c] is None for c in required):
                    raise DataError(path, "wrong number of fields", reader.line_num)
                yield reader.line_num, row
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise DataError(path, "file not found (check --data-dir)") from exc
        raise DataError(path, f"cannot read: {exc}") from exc


def _int(path: Path, lineno: int, row: dict[str, str], col: str) -> int:
    try:
        return int(row[col])
    except ValueError:
        raise DataError(path, f"column {col!r} is not an integer: {row[col]!r}", lineno) from None


def _flag(path: Path, lineno: int, row: dict[str, str], col: str) -> bool:
    value = row[col]
    if value not in ("0", "1"):
        raise DataError(path, f"column {col!r} must be 0 or 1, got {value!r}", lineno)
    return value == "1"


_SENT_COLS = ("split", "article", "annotator", "sent_idx", "char_start", "char_end", "has_cue",
              "has_source", "text")


def load_polnear_sentences(
    split: str, data_dir: str | Path = DEFAULT_DATA_DIR, articles: Sequence[Article] | None = None
) -> tuple[list[GoldSentence], dict[str, int]]:
    """Gold sentence rows of ``split`` and a check report.

    With ``articles``, every row's ``[char_start, char_end)`` is checked against the article text
    (equal after collapsing whitespace); the report counts rows checked, matching, and rows whose
    article is unknown.
    """
    _check_split(split)
    path = _require(Path(data_dir) / POLNEAR_SENTENCES)
    texts = {a.name: a.text for a in articles} if articles is not None else None
    rows: list[GoldSentence] = []
    check = {"rows_checked": 0, "rows_text_ok": 0, "rows_unknown_article": 0}
    for lineno, row in _tsv_rows(path, _SENT_COLS):
        if row["split"] != split:
            continue
        start, end = _int(path, lineno, row, "char_start"), _int(path, lineno, row, "char_end")
        if end < start:
            raise DataError(path, "char_end before char_start", lineno)
        rows.append(
            GoldSentence(
                row["article"], row["annotator"], _int(path, lineno, row, "sent_idx"), start, end,
                _flag(path, lineno, row, "has_cue"), _flag(path, lineno, row, "has_source"),
            )
        )
        if texts is not None:
            if row["article"] not in texts:
                check["rows_unknown_article"] += 1
                continue
            check["rows_checked"] += 1
            if texts[row["article"]][start:end].split() == row["text"].split():
                check["rows_text_ok"] += 1
    return rows, check


# --------------------------------------------------------------------------------------------------
# metrics (pure)
# --------------------------------------------------------------------------------------------------

TOKEN_RE = re.compile(r"\w+")


class TokenIndex:
    """The ``\\w+`` tokens of a text; maps a span to the indices of the tokens overlapping it."""

    def __init__(self, text: str) -> None:
        spans = [m.span() for m in TOKEN_RE.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def tokens(self, frags: Fragments) -> frozenset[int]:
        out: set[int] = set()
        for a, b in frags:
            lo = bisect.bisect_right(self.ends, a)  # first token ending after a
            hi = bisect.bisect_left(self.starts, b)  # tokens starting before b
            out.update(range(lo, hi))
        return frozenset(out)


def strict_key(text: str, frags: Fragments) -> Fragments:
    """Fragments with surrounding whitespace stripped (empty fragments dropped)."""
    out = []
    for a, b in frags:
        piece = text[a:b]
        a2 = a + (len(piece) - len(piece.lstrip()))
        b2 = b - (len(piece) - len(piece.rstrip()))
        if b2 > a2:
            out.append((a2, b2))
    return tuple(out)


def prf(matched_pred: int, n_pred: int, matched_gold: int, n_gold: int) -> dict[str, float]:
    """Precision = matched_pred / n_pred, recall = matched_gold / n_gold, F1; 0.0 when undefined."""
    p = matched_pred / n_pred if n_pred else 0.0
    r = matched_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def overlap_matches(
    pred: Sequence[frozenset[int]], gold: Sequence[frozenset[int]]
) -> tuple[list[bool], list[bool]]:
    """Which predicted and which gold spans share at least one token with a span of the other side."""
    by_token: dict[int, list[int]] = {}
    for gi, toks in enumerate(gold):
        for t in toks:
            by_token.setdefault(t, []).append(gi)
    pred_ok = [False] * len(pred)
    gold_ok = [False] * len(gold)
    for pi, toks in enumerate(pred):
        for t in toks:
            for gi in by_token.get(t, ()):
                pred_ok[pi] = True
                gold_ok[gi] = True
    return pred_ok, gold_ok


@dataclass(slots=True)
class SpanCounts:
    """Counts behind the overlap, strict and token-level span scores, summed over documents."""

    n_pred: int = 0
    n_gold: int = 0
    overlap_pred: int = 0
    overlap_gold: int = 0
    strict_pred: int = 0
    strict_gold: int = 0
    tok_pred: int = 0
    tok_gold: int = 0
    tok_tp: int = 0
    #: gold spans holding no ``\\w`` token (a bare ":" or dash cue): never overlap-matched
    gold_no_token: int = 0

    def add(self, other: "SpanCounts") -> None:
        for name in self.__slots__:  # type: ignore[attr-defined]
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def report(self) -> dict[str, Any]:
        return {
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
            "gold_without_word_token": self.gold_no_token,
            "overlap": {**prf(self.overlap_pred, self.n_pred, self.overlap_gold, self.n_gold),
                        "matched_pred": self.overlap_pred, "matched_gold": self.overlap_gold},
            "strict": {**prf(self.strict_pred, self.n_pred, self.strict_gold, self.n_gold),
                       "matched_pred": self.strict_pred, "matched_gold": self.strict_gold},
            "token": {**prf(self.tok_tp, self.tok_pred, self.tok_tp, self.tok_gold),
                      "tokens_pred": self.tok_pred, "tokens_gold": self.tok_gold,
                      "tokens_tp": self.tok_tp},
        }


def span_counts(
    text: str,
    pred: Sequence[Fragments],
    gold: Sequence[Fragments],
    index: TokenIndex | None = None,
) -> tuple[SpanCounts, list[bool], list[bool]]:
    """Score predicted against gold spans of one document; also return the overlap-match flags."""
    index = index or TokenIndex(text)
    ptoks = [index.tokens(f) for f in pred]
    gtoks = [index.tokens(f) for f in gold]
    pred_ok, gold_ok = overlap_matches(ptoks, gtoks)
    pkeys = [strict_key(text, f) for f in pred]
    gkeys = [strict_key(text, f) for f in gold]
    pset, gset = set(pkeys), set(gkeys)
    ptok_all = frozenset().union(*ptoks) if ptoks else frozenset()
    gtok_all = frozenset().union(*gtoks) if gtoks else frozenset()
    counts = SpanCounts(
        n_pred=len(pred),
        n_gold=len(gold),
        overlap_pred=sum(pred_ok),
        overlap_gold=sum(gold_ok),
        strict_pred=sum(1 for k in pkeys if k in gset),
        strict_gold=sum(1 for k in gkeys if k in pset),
        tok_pred=len(ptok_all),
        tok_gold=len(gtok_all),
        tok_tp=len(ptok_all & gtok_all),
        gold_no_token=sum(1 for t in gtoks if not t),
    )
    return counts, pred_ok, gold_ok


RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})


def antecedent_tokens(text: str, gold: Sequence[Fragments], index: TokenIndex) -> list[frozenset[int]]:
    """Gold source tokens where a bare relative pronoun also admits the word before it.

    PolNeAR marks "who" as the source of "Trump, who said ..."; credscore resolves the pronoun
    and reports "Trump". This variant lets a prediction that covers the antecedent's last word
    (the word token right before the pronoun) match such a gold source.
    """
    out = []
    for frags in gold:
        toks = index.tokens(frags)
        if len(toks) == 1 and fragments_text(text, frags).strip().lower() in RELATIVE_PRONOUNS:
            (t,) = toks
            if t > 0:
                toks = frozenset((t - 1, t))
        out.append(toks)
    return out


def binary_scores(gold: Sequence[bool], pred: Sequence[bool]) -> dict[str, Any]:
    """Confusion counts and P/R/F1 of the positive class."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    tp = sum(1 for g, p in zip(gold, pred) if g and p)
    fp = sum(1 for g, p in zip(gold, pred) if p and not g)
    fn = sum(1 for g, p in zip(gold, pred) if g and not p)
    tn = len(gold) - tp - fp - fn
    return {**prf(tp, tp + fp, tp, tp + fn), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "n": len(gold), "n_gold_pos": tp + fn, "n_pred_pos": tp + fp}


def sentence_predictions(
    sentences: Sequence[tuple[int, int]], cue_spans: Sequence[tuple[int, int]]
) -> list[bool]:
    """For each half-open sentence range, whether any cue span overlaps it."""
    starts = sorted(cue_spans)
    out = []
    for s, e in sentences:
        out.append(any(a < e and s < b for a, b in starts))
    return out


def pair_counts(
    index: TokenIndex,
    pred: Sequence[tuple[Fragments, Fragments | None]],
    gold: Sequence[GoldCue],
) -> dict[str, int]:
    """Attribution pairs: gold cues with a gold source, matched by a predicted attribution cue.

    ``correct`` counts those where one of the matching predicted attributions has a source sharing
    a token with the gold source; ``pred_no_source`` those where no matching prediction has a source.
    """
    ptoks = [(index.tokens(c), None if s is None else index.tokens(s)) for c, s in pred]
    eligible = correct = no_source = 0
    for g in gold:
        if g.source is None:
            continue
        gc, gs = index.tokens(g.fragments), index.tokens(g.source)
        hits = [ps for pc, ps in ptoks if pc & gc]
        if not hits:
            continue
        eligible += 1
        if any(ps is not None and ps & gs for ps in hits):
            correct += 1
        elif all(ps is None for ps in hits):
            no_source += 1
    return {"eligible": eligible, "correct": correct, "pred_no_source": no_source}


# --------------------------------------------------------------------------------------------------
# error analysis helpers
# --------------------------------------------------------------------------------------------------

_PRONOUNS = frozenset(
    "i me we us you he him she her it they them who whom which that this these those one "
    "someone somebody everyone anyone people".split()
)
_DETERMINERS = frozenset("the a an this that these those his her their its our my your".split())
MAX_PHRASE_TOKENS = 8


def phrase(text: str, frags: Fragments) -> str:
    """A span's text, lower-cased, whitespace collapsed, at most MAX_PHRASE_TOKENS words."""
    words = " … ".join(text[a:b] for a, b in frags).lower().split()
    cut = words[:MAX_PHRASE_TOKENS]
    return " ".join(cut) + (" …" if len(words) > MAX_PHRASE_TOKENS else "")


def source_shape(span_text: str) -> str:
    """Crude shape of a source: ``pronoun``, ``capitalised name`` or ``lowercase noun phrase``."""
    words = TOKEN_RE.findall(span_text)
    if not words:
        return "other"
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return "pronoun"
    while len(words) > 1 and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if words[0][:1].isupper():
        return "capitalised name"
    return "lowercase noun phrase"


# --------------------------------------------------------------------------------------------------
# evaluation
# --------------------------------------------------------------------------------------------------

Analyzer = Callable[[str], Any]


def _default(name: str) -> Analyzer:
    """``scoring.<name>``, looked up at call time (so a monkeypatched one is used).

    Falls back to ``scoring.extract.<name>`` when ``scoring`` was imported as a namespace package
    (a stale editable install made before ``scoring/__init__.py`` existed does that).
    """
    import scoring

    fn = getattr(scoring, name, None)
    if fn is None:
        from scoring import extract

        fn = getattr(extract, name)
    return fn


def predicted_spans(result: Any) -> tuple[list[Any], list[Any], list[tuple[Any, Any]]]:
    """The writer's attribution cues, sources and (cue, source) pairs of a DocumentResult, deduplicated."""
    cues: dict[tuple[int, int], Any] = {}
    sources: dict[tuple[int, int], Any] = {}
    pairs: list[tuple[Any, Any]] = []
    for sent in result.sentences:
        # The writer's attributions only: an attribution cue inside a direct quote is the quoted
        # speaker's nested one (flagged ``quoted`` and kept out of ``attributions``), which
        # PolNeAR does not annotate either.
        for att in sent.attributions:
            cues.setdefault((att.cue.start, att.cue.end), att.cue)
            pairs.append((att.cue, att.source))
            if att.source is not None:
                sources.setdefault((att.source.start, att.source.end), att.source)
    return list(cues.values()), list(sources.values()), pairs


def evaluate_polnear(
    articles: Sequence[Article],
    sentences: Sequence[GoldSentence],
    analyze: Analyzer | None = None,
) -> dict[str, Any]:
    """Run ``analyze`` (default ``scoring.analyze_text``) on every article and score it."""
    analyze = analyze or _default("analyze_text")
    by_article: dict[str, list[GoldSentence]] = {}
    for row in sentences:
        by_article.setdefault(row.article, []).append(row)

    cue_counts, src_counts = SpanCounts(), SpanCounts()
    src_antecedent = [0, 0]  # matched predicted, matched gold
    pairs = Counter()
    sent_gold: list[bool] = []
    sent_pred: list[bool] = []
    missed_cues, fp_cues, missed_src, fp_src, missed_shape = (Counter() for _ in range(5))
    pred_offset_bad = 0
    t_analyze = 0.0
    for art in articles:
        t0 = time.perf_counter()
        result = analyze(art.text)
        t_analyze += time.perf_counter() - t0
        text = art.text
        index = TokenIndex(text)
        p_cues, p_srcs, p_pairs = predicted_spans(result)
        for span in [*p_cues, *p_srcs]:
            if text[span.start : span.end] != span.text:
                pred_offset_bad += 1
        p_cue_frags = [((c.start, c.end),) for c in p_cues]
        p_src_frags = [((s.start, s.end),) for s in p_srcs]
        g_cue_frags = [c.fragments for c in art.cues]

        counts, p_ok, g_ok = span_counts(text, p_cue_frags, g_cue_frags, index)
        cue_counts.add(counts)
        missed_cues.update(phrase(text, f) for f, ok in zip(g_cue_frags, g_ok) if not ok)
        fp_cues.update(phrase(text, f) for f, ok in zip(p_cue_frags, p_ok) if not ok)

        counts, p_ok, g_ok = span_counts(text, p_src_frags, art.sources, index)
        src_counts.add(counts)
        rp_ok, rg_ok = overlap_matches(
            [index.tokens(f) for f in p_src_frags], antecedent_tokens(text, art.sources, index)
        )
        src_antecedent[0] += sum(rp_ok)
        src_antecedent[1] += sum(rg_ok)
        for f, ok in zip(art.sources, g_ok):
            if not ok:
                missed_src[phrase(text, f)] += 1
                missed_shape[source_shape(fragments_text(text, f))] += 1
        fp_src.update(phrase(text, f) for f, ok in zip(p_src_frags, p_ok) if not ok)

        pred_pairs = [(((c.start, c.end),), None if s is None else ((s.start, s.end),))
                      for c, s in p_pairs]
        pairs.update(pair_counts(index, pred_pairs, art.cues))

        rows = by_article.get(art.name, [])
        sent_gold.extend(r.has_cue for r in rows)
        sent_pred.extend(
            sentence_predictions([(r.start, r.end) for r in rows], [(c.start, c.end) for c in p_cues])
        )

    return {
        "n_articles": len(articles),
        "n_sentence_rows": len(sentences),
        "n_sentence_rows_scored": len(sent_gold),
        "gold_has_cue": sum(1 for r in sentences if r.has_cue),
        "gold_offsets": {
            "spans_checked": sum(a.n_spans_checked for a in articles),
            "mismatches": sum(a.n_offset_mismatches for a in articles),
            "dangling_refs": sum(a.n_dangling_refs for a in articles),
            "discontinuous_gold_cues": sum(1 for a in articles for c in a.cues if len(c.fragments) > 1),
            "discontinuous_gold_sources": sum(1 for a in articles for f in a.sources if len(f) > 1),
            "articles_without_ann": sum(1 for a in articles if a.annotator is None),
        },
        "pred_offset_mismatches": pred_offset_bad,
        "sentence_has_cue": binary_scores(sent_gold, sent_pred),
        "cue_spans": cue_counts.report(),
        "source_spans": src_counts.report(),
        "source_spans_antecedent": prf(
            src_antecedent[0], src_counts.n_pred, src_antecedent[1], src_counts.n_gold
        ),
        "attribution_pairs": {
            **{k: pairs[k] for k in ("eligible", "correct", "pred_no_source")},
            "accuracy": round(pairs["correct"] / pairs["eligible"], 4) if pairs["eligible"] else 0.0,
        },
        "seconds_analyzer": round(t_analyze, 2),
        "_errors": {
            "missed_cues": missed_cues,
            "false_positive_cues": fp_cues,
            "missed_sources": missed_src,
            "false_positive_sources": fp_src,
            "missed_source_shapes": missed_shape,
        },
    }


# --------------------------------------------------------------------------------------------------
# Szeged FactBank
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FactRow:
    doc_id: str
    sent_id: str
    label: bool
    text: str


_SZ_COLS = ("subcorpus", "doc_id", "sent_id", "proposed_split", "label", "text")
UNCERTAIN_WIDE = ("hedge", "vague_source", "unverified")


def load_factbank(split: str, data_dir: str | Path = DEFAULT_DATA_DIR) -> list[FactRow]:
    """The ``factbank`` rows of ``proposed_split == split`` from the derived Szeged table."""
    _check_split(split)
    path = _require(Path(data_dir) / SZEGED_FACTBANK)
    out = []
    for lineno, row in _tsv_rows(path, _SZ_COLS):
        if row["subcorpus"] != "factbank" or row["proposed_split"] != split:
            continue
        out.append(FactRow(row["doc_id"], row["sent_id"], _flag(path, lineno, row, "label"),
                           row["text"]))
    return out


def evaluate_szeged(rows: Sequence[FactRow], analyze: Analyzer | None = None) -> dict[str, Any]:
    """Sentence-level uncertain/certain from ``analyze`` (default ``scoring.analyze_sentences``).

    Rows are joined with newlines into one call when no text holds a newline; otherwise each row
    is analysed alone.
    """
    analyze = analyze or _default("analyze_sentences")
    texts = [r.text for r in rows]
    t0 = time.perf_counter()
    if texts and not any("\n" in t for t in texts):
        results = analyze("\n".join(texts)).sentences
        if len(results) != len(texts):
            raise RuntimeError(f"analyzer returned {len(results)} sentences for {len(texts)} lines")
        per_row = [[c.type for c in s.cues] for s in results]
    else:
        per_row = [[c.type for s in analyze(t).sentences for c in s.cues] for t in texts]
    seconds = time.perf_counter() - t0
    gold = [r.label for r in rows]
    hedge = ["hedge" in types for types in per_row]
    wide = [any(t in UNCERTAIN_WIDE for t in types) for types in per_row]
    type_counts = Counter(t for types in per_row for t in types)
    return {
        "n_rows": len(rows),
        "n_label_1": sum(gold),
        "n_docs": len({r.doc_id for r in rows}),
        "hedge": binary_scores(gold, hedge),
        "hedge_or_vague_or_unverified": binary_scores(gold, wide),
        "predicted_cue_types": dict(sorted(type_counts.items())),
        "seconds_analyzer": round(seconds, 2),
    }


# --------------------------------------------------------------------------------------------------
# Same-process baselines
# --------------------------------------------------------------------------------------------------

#: A naive attribution detector: the reporting verbs any newsroom script would grep for first.
REPORTING_KEYWORDS = ("said", "says", "say", "told", "tells", "according to", "reported", "announced")
HEDGE_LEXICON = Path("hedge_lexicons") / "hedging_lrec" / "hedge_words.txt"
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def phrase_matcher(phrases: Iterable[str]) -> Callable[[str], bool]:
    """Whether a text contains any of the phrases as whole lower-cased word sequences."""
    seqs = {tuple(_WORD.findall(p.lower())) for p in phrases}
    seqs.discard(())
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for q in seqs:
        by_first.setdefault(q[0], []).append(q)

    def match(text: str) -> bool:
        words = _WORD.findall(text.lower())
        for i, w in enumerate(words):
            for q in by_first.get(w, ()):
                if tuple(words[i : i + len(q)]) == q:
                    return True
        return False

    return match


def load_hedge_lexicon(data_dir: str | Path = DEFAULT_DATA_DIR) -> list[str]:
    """The hedge word list of ``hedge_lexicons/hedging_lrec`` (comment lines dropped)."""
    path = _require(Path(data_dir) / HEDGE_LEXICON)
    words = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.append(line)
    if not words:
        raise DataError(f"{path}: no hedge words")
    return words


def polnear_keyword_baseline(
    articles: Sequence[Article], sentences: Sequence[GoldSentence]
) -> dict[str, Any]:
    """Sentence-level has_cue from :data:`REPORTING_KEYWORDS` alone."""
    texts = {a.name: a.text for a in articles}
    match = phrase_matcher(REPORTING_KEYWORDS)
    rows = [r for r in sentences if r.article in texts]
    return binary_scores([r.has_cue for r in rows], [match(texts[r.article][r.start : r.end]) for r in rows])


def szeged_lexicon_baseline(rows: Sequence[FactRow], data_dir: str | Path = DEFAULT_DATA_DIR) -> dict[str, Any]:
    """Sentence-level uncertain when any word of the shared hedge lexicon occurs."""
    match = phrase_matcher(load_hedge_lexicon(data_dir))
    return binary_scores([r.label for r in rows], [match(r.text) for r in rows])


# --------------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------------


def _row(name: str, s: dict[str, Any], n_pred: Any, n_gold: Any) -> str:
    return (f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} "
            f"| {n_pred} | {n_gold} |")


_HEAD = "| metric | P | R | F1 | n_pred | n_gold |\n|---|---|---|---|---|---|"


def polnear_markdown(rep: dict[str, Any], split: str) -> str:
    lines = [f"### PolNeAR {split}: {rep['n_articles']} articles, {rep['n_sentence_rows']} sentence "
             f"rows ({rep['gold_has_cue']} has_cue)", "", _HEAD]
    s = rep["sentence_has_cue"]
    lines.append(_row("sentence has_cue", s, s["n_pred_pos"], s["n_gold_pos"]))
    if "baseline_keywords_sentence_has_cue" in rep:
        b = rep["baseline_keywords_sentence_has_cue"]
        lines.append(_row("baseline: reporting-verb keywords, sentence has_cue", b, b["n_pred_pos"], b["n_gold_pos"]))
    for key, label in (("cue_spans", "cue"), ("source_spans", "source")):
        r = rep[key]
        lines.append(_row(f"{label} span, token overlap", r["overlap"], r["n_pred"], r["n_gold"]))
        if key == "source_spans" and "source_spans_antecedent" in rep:
            lines.append(_row("source span, overlap, relative pronoun = its antecedent",
                              rep["source_spans_antecedent"], r["n_pred"], r["n_gold"]))
        lines.append(_row(f"{label} span, strict", r["strict"], r["n_pred"], r["n_gold"]))
        t = r["token"]
        lines.append(_row(f"{label} tokens", t, t["tokens_pred"], t["tokens_gold"]))
    p = rep["attribution_pairs"]
    g = rep["gold_offsets"]
    lines += [
        "",
        f"Gold spans with no word token (never overlap-matched): "
        f"{rep['cue_spans']['gold_without_word_token']} cues, "
        f"{rep['source_spans']['gold_without_word_token']} sources.",
        f"Attribution pairs: {p['correct']}/{p['eligible']} matched gold cues with a gold source got "
        f"a matching source (accuracy {p['accuracy']:.3f}; {p['pred_no_source']} predicted none).",
        f"Gold check: {g['mismatches']} offset mismatches in {g['spans_checked']} Cue/Source spans; "
        f"{g['discontinuous_gold_cues']} discontinuous gold cues, "
        f"{g['discontinuous_gold_sources']} discontinuous gold sources; {g['dangling_refs']} dangling refs; "
        f"{g['articles_without_ann']} articles without .ann. Sentence rows: "
        f"{rep['sentence_check']['rows_text_ok']}/{rep['sentence_check']['rows_checked']} match the "
        f"article text at char_start:char_end. Predicted spans whose text != doc[start:end]: "
        f"{rep['pred_offset_mismatches']}.",
        f"Time: analyzer {rep['seconds_analyzer']} s, harness {rep['seconds_harness']} s.",
    ]
    return "\n".join(lines)


def szeged_markdown(rep: dict[str, Any], split: str) -> str:
    lines = [f"### Szeged FactBank {split}: {rep['n_rows']} sentences ({rep['n_label_1']} uncertain) "
             f"in {rep['n_docs']} documents", "",
             "| prediction | P | R | F1 | tp | fp | fn | tn |", "|---|---|---|---|---|---|---|---|"]
    for key, label in (("hedge", "hedge"),
                       ("hedge_or_vague_or_unverified", "hedge or vague_source or unverified"),
                       ("baseline_hedge_lexicon", "baseline: any word of hedge_lexicons/hedging_lrec")):
        if key not in rep:
            continue
        s = rep[key]
        lines.append(f"| {label} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} "
                     f"| {s['tp']} | {s['fp']} | {s['fn']} | {s['tn']} |")
    lines += ["", f"Predicted cue types: {rep['predicted_cue_types']}; analyzer "
              f"{rep['seconds_analyzer']} s."]
    return "\n".join(lines)


def errors_markdown(errors: dict[str, Counter], n: int) -> str:
    out = []
    for key in ("missed_cues", "false_positive_cues", "missed_sources", "false_positive_sources"):
        out.append(f"#### {key.replace('_', ' ')} (top {n})")
        common = errors[key].most_common(n)
        out.extend(f"- {count} × {text!r}" for text, count in common) if common else out.append("- none")
    out.append("#### missed gold sources by shape")
    out.extend(f"- {shape}: {count}" for shape, count in errors["missed_source_shapes"].most_common())
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.cue_eval", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="corpus", required=True)
    for name in ("polnear", "szeged"):
        p = sub.add_parser(name)
        p.add_argument("--split", default="dev", choices=SPLITS,
                       help="dev by default; test only for the release table")
        p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
        p.add_argument("--json", type=Path, default=None, help="also write the JSON report here")
        if name == "polnear":
            p.add_argument("--errors", type=int, default=0, metavar="N",
                           help="print the N most frequent missed / false-positive cue and source texts")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    try:
        if args.corpus == "polnear":
            articles = load_polnear(args.split, args.data_dir)
            sentences, check = load_polnear_sentences(args.split, args.data_dir, articles)
            rep = evaluate_polnear(articles, sentences)
            rep["sentence_check"] = check
            rep["baseline_keywords_sentence_has_cue"] = polnear_keyword_baseline(articles, sentences)
            rep["seconds_harness"] = round(time.perf_counter() - t0 - rep["seconds_analyzer"], 2)
            errors = rep.pop("_errors")
            print(polnear_markdown(rep, args.split))
            if args.errors:
                print()
                print(errors_markdown(errors, args.errors))
                rep["errors"] = {k: v.most_common(args.errors) for k, v in errors.items()}
        else:
            rows = load_factbank(args.split, args.data_dir)
            rep = evaluate_szeged(rows)
            rep["baseline_hedge_lexicon"] = szeged_lexicon_baseline(rows, args.data_dir)
            rep["seconds_harness"] = round(time.perf_counter() - t0 - rep["seconds_analyzer"], 2)
            print(szeged_markdown(rep, args.split))
    except DataError as exc:
        print(f"data error: {exc}", file=sys.stderr)
        return 2
    rep = {"corpus": args.corpus, "split": args.split, **rep}
    text = json.dumps(rep, indent=2, ensure_ascii=False)
    print()
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
