"""Agreement of :func:`scoring.text.split_sentences` with the reference splitter.

Run from the repository root::

    .venv/bin/python bench/splitter_agreement.py [--mb 2] [--seeds 1 2 3] [--show 8]

The *reference* is the splitter as it was before the fast path (a frozen copy below): the
paragraph rule of ``scoring.text`` and, inside each paragraph, the start of every span of
nupunkt's ``span_tokenize`` on the whole paragraph as a cut point. The current splitter must
give the same sentence spans.

For each seed it generates ``--mb`` MB with both generators, ``bench/throughput.py`` (news-like
articles) and ``bench/splitters.py`` (more abbreviations; it also knows the true sentences),
plus the hand-written cases of ``tests/test_text.py`` and ``bench/splitter_cases.py``, and
prints the share of reference sentences (exact ``(start, end)`` spans) that the current
splitter also produces, the number of sentences produced by only one side, and up to
``--show`` disagreements. For the ``splitters.py`` text each disagreement says which side
matches a true sentence.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

# --- reference: scoring/text.py before the fast path (frozen copy) ---------------------------

_LB_CHARS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_HARD_BREAK = re.compile("[\x0c\x1c\x1d\x1e\u2029]")
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x85\u2028]")
_BREAK_RUN = re.compile(rf"(?<!\s)[^\S{_LB_CHARS}]*[{_LB_CHARS}]\s*")
_NON_TERMINAL = frozenset(",;:-\u2010\u2011\u2013\u2014([/&")
_CLOSERS = frozenset("\"'\u201d\u2019\u00bb\u203a)]}")
_SKIN_TONES = frozenset(chr(c) for c in range(0x1F3FB, 0x1F400))
_JOINERS = frozenset("\u200d\u200c\ufe0e\ufe0f") | _SKIN_TONES
_SENT_END = re.compile("[.!?\u2026]")


def _is_mark(ch: str) -> bool:
    return ch in _JOINERS or unicodedata.category(ch)[0] == "M"


def _is_hard_wrap(text: str, before: int, after: int, floor: int) -> bool:
    nxt = text[after]
    if not (nxt.islower() or nxt.isdigit()):
        return False
    i = before
    while i > floor and (text[i] in _CLOSERS or _is_mark(text[i])):
        i -= 1
    prev = text[i]
    return prev.islower() or prev in _NON_TERMINAL


def reference_paragraphs(text: str) -> list[tuple[int, int]]:
    lo = len(text) - len(text.lstrip())
    hi = len(text.rstrip())
    if lo >= hi:
        return []
    spans: list[tuple[int, int]] = []
    start = lo
    for m in _BREAK_RUN.finditer(text, lo, hi):
        a, b = m.span()
        run = m.group()
        if not _HARD_BREAK.search(run):
            n_breaks = len(_LINE_BREAK.findall(run))
            if n_breaks == 1 and _is_hard_wrap(text, a - 1, b, start):
                continue
        spans.append((start, a))
        start = b
    spans.append((start, hi))
    return spans


def _reference_cuts(tok, para: str) -> list[int]:
    if not _SENT_END.search(para):
        return []
    n = len(para)
    cuts: list[int] = []
    last = 0
    for start, _ in tok.span_tokenize(para):
        c = start
        while 0 < c < n and para[c] in _CLOSERS and not para[c - 1].isspace():
            c += 1
        if c <= last or c >= n:
            continue
        if not para[c - 1].isspace() and (_is_mark(para[c]) or para[c - 1] == "\u200d"):
            continue
        cuts.append(c)
        last = c
    return cuts


def reference_split(tok, text: str) -> list[tuple[int, int, int]]:
    """``(start, end, paragraph)`` of each sentence, as the pre-fast-path splitter."""
    out: list[tuple[int, int, int]] = []
    for p_idx, (a, b) in enumerate(reference_paragraphs(text)):
        para = text[a:b]
        cuts = _reference_cuts(tok, para)
        prev = 0
        for c in cuts + [len(para)]:
            piece = para[prev:c]
            stripped = piece.strip()
            if stripped:
                s = a + prev + (len(piece) - len(piece.lstrip()))
                out.append((s, s + len(stripped), p_idx))
            prev = c
    return out


# --- comparison -------------------------------------------------------------------------------


def _hand_cases() -> list[str]:
    sys.path.insert(0, str(HERE.parent / "tests"))
    from splitter_cases import CASES
    from test_text import HARD_CASES, KNOWN_LIMITS

    return [t for _, t, _ in HARD_CASES + KNOWN_LIMITS] + [t for _, t, _ in CASES]


def _context(text: str, a: int, b: int, width: int = 30) -> str:
    return repr(text[max(0, a - width) : b + width])


def compare(name: str, docs: list[str], truths: list[list[str]] | None, show: int) -> float:
    from scoring import text as text_mod

    tok = text_mod._tokenizer()
    n_ref = n_new = common = 0
    shown = 0
    new_right = ref_right = 0
    for i, doc in enumerate(docs):
        ref = reference_split(tok, doc)
        new = [(s.start, s.end, s.paragraph) for s in text_mod.split_sentences(doc)]
        n_ref += len(ref)
        n_new += len(new)
        both = Counter(ref) & Counter(new)
        common += sum(both.values())
        if ref == new:
            continue
        only_ref = sorted((Counter(ref) - both).elements())
        only_new = sorted((Counter(new) - both).elements())
        truth = Counter(truths[i]) if truths is not None else None
        if truth is not None:
            ref_right += sum(1 for a, b, _ in only_ref if doc[a:b] in truth)
            new_right += sum(1 for a, b, _ in only_new if doc[a:b] in truth)
        if shown < show:
            shown += 1
            print(f"  doc {i}:")
            for label, spans in (("reference", only_ref), ("new", only_new)):
                for a, b, _ in spans:
                    mark = ""
                    if truth is not None:
                        mark = " [true sentence]" if doc[a:b] in truth else " [not a true sentence]"
                    print(f"    only {label}: {doc[a:b]!r}{mark}")
    share = common / n_ref if n_ref else 1.0
    print(f"{name}: {len(docs)} docs, reference {n_ref} sentences, new {n_new}, "
          f"same span {common} = {100 * share:.3f}% of reference; "
          f"only reference {n_ref - common}, only new {n_new - common}")
    if truths is not None and (n_ref - common or n_new - common):
        print(f"  of the differing sentences, true ones: reference {ref_right}, new {new_right}")
    return share


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=2.0, help="MB per generator and seed")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--show", type=int, default=8, help="disagreeing documents to print")
    args = ap.parse_args()

    import splitters
    import throughput

    worst = compare("hand-written cases", _hand_cases(), None, args.show)
    for seed in args.seeds:
        docs = throughput.generate(int(args.mb * 1_000_000), seed)
        worst = min(worst, compare(f"throughput.py seed {seed}", docs, None, args.show))
        pairs = splitters.generate_docs(int(args.mb * 1_000_000), seed)
        worst = min(worst, compare(f"splitters.py seed {seed}", [t for t, _ in pairs],
                                   [tr for _, tr in pairs], args.show))
    print(f"\nlowest agreement: {100 * worst:.3f}%")


if __name__ == "__main__":
    main()
