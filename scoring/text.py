"""Paragraph and sentence splitting with exact offsets into the original text.

Design
------
Splitting runs in two passes, and every offset it returns is a half-open code-point index into
the *original* string (no normalisation, no copy with changed lengths), so
``text[s.start:s.end] == s.text`` always holds.

1. **Paragraphs** (:func:`split_paragraphs`) come from line structure alone. One regular
   expression finds every run of whitespace that holds at least one line break; each run is
   either a paragraph break or, for a hard-wrapped sentence, part of the paragraph. Line breaks
   are those of :meth:`str.splitlines`: ``\\n``, ``\\r\\n``, a lone ``\\r``, ``\\v``, ``\\x85``,
   U+2028 (LINE SEPARATOR), and the "hard" ones ``\\f``, ``\\x1c``-``\\x1e`` and U+2029
   (PARAGRAPH SEPARATOR). The rule is:

   * a blank line (two or more line breaks in one whitespace run, possibly with spaces or tabs
     between them) or a hard break always separates paragraphs;
   * a single line break also separates paragraphs, because news text puts headlines, bylines,
     datelines and photo captions on lines of their own, usually without final punctuation;
   * **except** when the break is clearly a hard wrap in the middle of a sentence: the line
     before ends with a non-terminal character -- a lowercase letter, or one of
     ``, ; : - ‐ ‑ – — ( [ / &`` -- AND the next line starts with a lowercase letter or a
     digit. Closing quotes and brackets at the end of the line before, and combining marks,
     are looked through, so ``"We will fight,"`` followed by ``he said.`` on the next line is
     one sentence. The line break then stays inside the sentence text.

   Paragraphs are stripped of whitespace at both ends (whitespace in the sense of
   :meth:`str.isspace`, which includes tabs, U+00A0, U+202F, U+2028/U+2029) and empty ones are
   dropped.

2. **Sentences** inside each paragraph come from nupunkt's pre-trained Punkt model, which knows
   news abbreviations (``U.S.``, ``Dr.``, ``Jan. 5``, ``No. 2``, ``St. Louis``, ``a.m.``,
   ``Sen.``, ``Gov.``, ``approx.``, ``Inc.``, ``Corp.``), decimals and thousands separators,
   ellipses, and keeps a closing quote with the sentence it closes (``He said "Stop."`` |
   ``Then ...``). Only the *start* of each nupunkt span is used, as a cut point; the pieces
   between cut points are then stripped. Because the pieces tile the paragraph, no character
   can be lost or duplicated whatever the model decides. A cut is moved forward past closing
   quotes/brackets glued to it and is dropped if it would separate a combining mark, a
   zero-width joiner, a variation selector or an emoji skin-tone modifier from its base.
   Paragraphs without any sentence-ending character skip the model entirely.

The model is loaded once, lazily, into a private tokenizer instance (``nupunkt.load`` hands out
a shared cached instance; we add a couple of abbreviations and must not change other users').

Speed: the per-character work is done by regular expressions and ``str`` methods; Python-level
loops run once per line break and once per sentence only.

Invariants (checked by the property tests in ``tests/test_text.py``): sentences are in order
and do not overlap; no sentence starts or ends with whitespace; every non-whitespace character
of the input lies in exactly one sentence; ``index`` runs 0..n-1 over the document.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from scoring.types import Sentence

__all__ = ["split_paragraphs", "split_sentences"]

# Line breaks as str.splitlines sees them. "Hard" ones always end a paragraph.
_LB_CHARS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_HARD_BREAK = re.compile("[\x0c\x1c\x1d\x1e\u2029]")
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x85\u2028]")
# A whitespace run holding at least one line break. The look-behind makes every match start at
# the beginning of a whitespace run, which keeps the scan linear on long runs of spaces.
_BREAK_RUN = re.compile(rf"(?<!\s)[^\S{_LB_CHARS}]*[{_LB_CHARS}]\s*")

# Last character of a line that makes a following lowercase/digit line a hard wrap.
_NON_TERMINAL = frozenset(",;:-\u2010\u2011\u2013\u2014([/&")
# Closing quotes / brackets looked through at the end of a line.
_CLOSERS = frozenset("\"'\u201d\u2019\u00bb\u203a)]}")
# Characters that must never start a sentence piece (they attach to the previous character).
_SKIN_TONES = frozenset(chr(c) for c in range(0x1F3FB, 0x1F400))
_JOINERS = frozenset("\u200d\u200c\ufe0e\ufe0f") | _SKIN_TONES
# Any character the sentence model could end a sentence on.
_SENT_END = re.compile("[.!?\u2026]")

#: Abbreviations added to the private tokenizer (absent from nupunkt 0.8.0's default model).
EXTRA_ABBREVIATIONS: tuple[str, ...] = ("lt", "cmdr")


@lru_cache(maxsize=1)
def _tokenizer():
    """The nupunkt sentence tokenizer, loaded on first use (private instance)."""
    from nupunkt import load_default_model

    tok = load_default_model()
    for abbrev in EXTRA_ABBREVIATIONS:
        tok.add_abbreviation(abbrev)
    return tok


def _check(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")


def _is_mark(ch: str) -> bool:
    return ch in _JOINERS or unicodedata.category(ch)[0] == "M"


def _is_hard_wrap(text: str, before: int, after: int, floor: int) -> bool:
    """Whether a single line break between ``text[before]`` and ``text[after]`` is a hard wrap.

    ``before`` is the last non-space character of the earlier line, ``after`` the first of the
    next one; ``floor`` bounds the look-back through closers and combining marks.
    """
    nxt = text[after]
    if not (nxt.islower() or nxt.isdigit()):
        return False
    i = before
    while i > floor and (text[i] in _CLOSERS or _is_mark(text[i])):
        i -= 1
    prev = text[i]
    return prev.islower() or prev in _NON_TERMINAL


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
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


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into paragraphs.

    A blank line always separates paragraphs; so does a single line break, unless it is a hard
    wrap inside a sentence (line before ends with a lowercase letter or one of
    ``, ; : - – — ( [ / &``, and the next line starts with a lowercase letter or a digit). See
    the module docstring for the full rule.

    Parameters
    ----------
    text : str
        The document. ``\\n``, ``\\r\\n``, lone ``\\r``, U+2028 and U+2029 are all line
        breaks.

    Returns
    -------
    list of tuple of (int, int)
        Half-open ``(start, end)`` code-point offsets of each paragraph, in order. Paragraphs
        never start or end with whitespace; whitespace-only stretches yield nothing.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.

    Examples
    --------
    >>> split_paragraphs("Storm hits coast\\nThe storm hit the\\ncoast on Monday.\\n\\nMore.")
    [(0, 16), (17, 51), (53, 58)]
    """
    _check(text)
    return _paragraph_spans(text)


def _cuts(para: str) -> list[int]:
    """Sentence start offsets (excluding 0) inside one stripped paragraph."""
    if not _SENT_END.search(para):
        return []
    n = len(para)
    cuts: list[int] = []
    last = 0
    for start, _ in _tokenizer().span_tokenize(para):
        c = start
        # Keep closing quotes/brackets glued to the end of the earlier sentence.
        while 0 < c < n and para[c] in _CLOSERS and not para[c - 1].isspace():
            c += 1
        if c <= last or c >= n:
            continue
        if not para[c - 1].isspace() and (_is_mark(para[c]) or para[c - 1] == "\u200d"):
            continue
        cuts.append(c)
        last = c
    return cuts


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into paragraphs, then each paragraph into sentences.

    Parameters
    ----------
    text : str
        The document, in any line-ending convention.

    Returns
    -------
    list of Sentence
        In document order. ``index`` counts from 0 over the whole document, ``paragraph`` is
        the index of the paragraph (see :func:`split_paragraphs`) holding the sentence, and
        ``text[s.start:s.end] == s.text`` with no leading or trailing whitespace. Every
        non-whitespace character of ``text`` lies in exactly one sentence. Empty or
        whitespace-only input gives ``[]``.

    Raises
    ------
    TypeError
        If ``text`` is not a ``str``.

    Examples
    --------
    >>> [s.text for s in split_sentences('Dr. Lee met Sen. Ortiz. He said "No." Then he left.')]
    ['Dr. Lee met Sen. Ortiz.', 'He said "No."', 'Then he left.']
    """
    _check(text)
    out: list[Sentence] = []
    append = out.append
    for p_idx, (a, b) in enumerate(_paragraph_spans(text)):
        para = text[a:b]
        cuts = _cuts(para)
        if not cuts:
            append(Sentence(len(out), a, b, para, p_idx))
            continue
        prev = 0
        cuts.append(len(para))
        for c in cuts:
            piece = para[prev:c]
            stripped = piece.strip()
            if stripped:
                s = a + prev + (len(piece) - len(piece.lstrip()))
                append(Sentence(len(out), s, s + len(stripped), stripped, p_idx))
            prev = c
    return out
