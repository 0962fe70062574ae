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

   The cut points are exactly those of ``span_tokenize``, but most of them are computed
   without it (see the comment above ``_fast_cuts``): nupunkt memoizes its decisions per
   context string, and on text whose contexts do not repeat (real news) its bookkeeping cost
   about 15 us per sentence; the whole of ``split_sentences`` now costs about 4 us per
   sentence on one core.

The model is loaded once, lazily, into a private tokenizer instance (``nupunkt.load`` hands out
a shared cached instance; we add a couple of abbreviations and must not change other users').

Speed: the per-character work is done by regular expressions and ``str`` methods; Python-level
loops run once per line break and once per candidate boundary (``. ! ? …`` followed by
whitespace or punctuation) only. The fast path caches nothing, so a cold and a warm run cost
the same; only the rare contexts it hands to nupunkt go through nupunkt's memo.

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
# The rest of a whitespace run from its first line break on. The scan for a line-break
# character is fast, and a run's leading spaces are found by stepping back from it.
_BREAK_RUN = re.compile(rf"[{_LB_CHARS}]\s*")

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


def not_abbreviations() -> frozenset[str]:
    """Ordinary words that nupunkt's model lists as abbreviations ("month", "hall", "bank"),
    removed from the private tokenizer: ``scoring/not_abbreviations.txt`` says why and how
    the list was made."""
    from importlib.resources import files

    lines = files("scoring").joinpath("not_abbreviations.txt").read_text("utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def _tokenizer():
    """The nupunkt sentence tokenizer, loaded on first use (private instance)."""
    from nupunkt import load_default_model

    tok = load_default_model()
    for abbrev in EXTRA_ABBREVIATIONS:
        tok.add_abbreviation(abbrev)
    for word in not_abbreviations():
        tok.remove_abbreviation(word)
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
        # Step back over the spaces before the first line break (text[lo] is not a space).
        while text[a - 1].isspace():
            a -= 1
        if (
            run.count("\n") < 2
            and not _HARD_BREAK.search(run)
            and len(_LINE_BREAK.findall(run)) == 1
            and _is_hard_wrap(text, a - 1, b, start)
        ):
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


def _accept_cut(para: str, c: int, last: int) -> int:
    """The cut at ``c`` adjusted, or -1 when it must be dropped.

    Closing quotes/brackets stay glued to the end of the earlier sentence; a cut that would
    separate a combining mark, a zero-width joiner sequence or a cut at/before the previous
    one is dropped.
    """
    n = len(para)
    while 0 < c < n and para[c] in _CLOSERS and not para[c - 1].isspace():
        c += 1
    if c <= last or c >= n:
        return -1
    if not para[c - 1].isspace() and (_is_mark(para[c]) or para[c - 1] == "\u200d"):
        return -1
    return c


def _starts_to_cuts(para: str, starts) -> list[int]:
    """Sentence start offsets (excluding 0) from nupunkt's span starts, see the module doc."""
    cuts: list[int] = []
    last = 0
    for c in starts:
        c = _accept_cut(para, c, last)
        if c >= 0:
            cuts.append(c)
            last = c
    return cuts


def _cuts_reference(para: str) -> list[int]:
    """Cut points from nupunkt's ``span_tokenize`` on the whole paragraph (the reference)."""
    if not _SENT_END.search(para):
        return []
    return _starts_to_cuts(para, [a for a, _ in _tokenizer().span_tokenize(para)])


# --- fast path ------------------------------------------------------------------------------
#
# ``span_tokenize`` finds candidate boundaries with one regular expression, builds a context
# ``(before, after)`` for each (the whitespace-free chunk holding the candidate, and the
# whitespace plus next chunk), drops some candidates on the characters around them, asks a
# memoized decision function about the rest, then realigns closing quotes. On a cold cache
# nearly all of the time goes into that bookkeeping and into the decision function's token
# objects. ``_fast_cuts`` does the same steps with the same regular expressions, and decides
# the contexts that make up nearly all news text without building tokens:
#
# * the candidate is ``!`` or ``?``: nupunkt's first pass marks the ``!``/``?`` token a break
#   and its second pass keeps that for tokens without a final period, so the answer is True;
# * ``before`` is a word of two or more letters, a period, and closing quotes/brackets, and the
#   word is neither a known abbreviation nor the first half of a known collocation: the first
#   pass marks it a break, and none of the second-pass rules that can undo it applies (they
#   need an abbreviation, a collocation, an initial or a number), so the answer is True;
# * ``before`` is one ASCII word with inner periods allowed (``U.S.``, ``p.m.``, ``Dr.``,
#   ``No.``, ``2019.``) and the next chunk starts with a plain word (after ``"`` or ``)``, which
#   nupunkt skips): ``pair_break`` below is nupunkt's first and second pass for that pair of
#   tokens, written out on strings (non-ASCII words call nupunkt's two passes directly);
# * ``before`` is a word and an ellipsis (``...``, ``\u2026``): the word is never decisive and the
#   ellipsis is a break when the next token is capitalised and not "I" and its contractions.
#
# Every other context (odd chunks, a quote glued to the next word) goes to nupunkt's own
# memoized decision function, and paragraphs where a candidate follows whitespace (spaced
# ellipses, ``word !``) go to ``span_tokenize`` itself. ``tests/test_text.py`` checks that
# the fast path and ``span_tokenize`` give the same cuts on hand-written text, on every kind
# of abbreviation and collocation of the model, and on random text;
# ``bench/splitter_agreement.py`` compares whole generated documents.

# A chunk that tokenizes as one word ending in a period (letters/digits, inner periods
# allowed), plus closing quotes/brackets.
_WORD_END = re.compile("([^\\W_]+(?:\\.[^\\W_]+)*)\\.[\"')\\]}\u201d\u2019\u00bb*]*")
# A next token that nupunkt's word tokenizer would cut exactly here (ASCII letters/digits up to
# whitespace, the chunk end, or a character that ends a word).
_PLAIN_TOKEN = re.compile("[A-Za-z0-9]+\\.?(?=\\s|$|[;:)\"\\]}*!?\u201d\u00bb(@{\\[]|,(?:\\s|$))")

_NUMBER = "##number##"


@lru_cache(maxsize=1)
def _fast_cuts():
    """Build the fast ``paragraph -> cuts`` function, or None if nupunkt differs."""
    tok = _tokenizer()
    try:
        from nupunkt.core.constants import ORTHO_LC
        from nupunkt.tokenizers.sentence_tokenizer import (
            _CLOSING_CHARS,
            _FP_BREAK,
            _candidate_pattern,
            ortho_heuristic,
        )

        params = tok._params
        lang = tok._lang_vars
        candidates = _candidate_pattern(lang.period_context_pattern).finditer
        last_ws = tok._RE_LAST_WS.match
        enumerator = tok._RE_LINE_ENUMERATOR.fullmatch
        realign_match = lang.re_boundary_realignment.match
        decision_state = tok._decision_state
        word_token = lang.word_tokenize_pattern.match
        first_pass = tok._first_pass_outcome
        second_pass = tok._second_pass_outcome
        titles = tok._TITLE_ABBREVS
        punct = tok._PUNCT_CHARS
        continuers = tok._ELLIPSIS_CONTINUERS
        rate_high = tok.BREAK_RATE_HIGH
        rate_low = tok.BREAK_RATE_LOW
        rate_min = tok.BREAK_RATE_MIN_COUNT
        usable = (
            tok._uses_decision_engine()
            and not tok.EXCL_QUEST_LOWERCASE_CONTINUES
            and set(lang.sent_end_chars) == {".", "!", "?"}
            and isinstance(_CLOSING_CHARS, frozenset)
        )
    except (ImportError, AttributeError):  # pragma: no cover - other nupunkt versions
        return None
    if not usable:  # pragma: no cover
        return None
    closing = _CLOSING_CHARS
    realign_first = frozenset("'\")]}\u201d\u2019\u00bb*")
    abbrevs = params.abbrev_types  # live set: add_abbreviation() changes it in place
    collocations = params.collocations
    sent_starters = params.sent_starters
    ortho_context = params.ortho_context
    break_rates = params.abbrev_break_rates
    word_end = _WORD_END.fullmatch
    plain_token = _PLAIN_TOKEN.match
    coll_first_memo: list = [None, None]

    def coll_first() -> set[str]:
        key = (id(collocations), len(collocations))
        if coll_first_memo[0] != key:
            coll_first_memo[0] = key
            coll_first_memo[1] = {first for first, _ in collocations}
        return coll_first_memo[1]

    def pair_break(word: str, tok2: str, type2: str, upper2: bool, lower2: bool) -> bool:
        """nupunkt's passes for the token pair ``word + "."``, ``tok2``.

        ``word`` is ASCII letters and digits with single inner periods; ``type2`` is
        ``tok2``'s type without a sentence-final period, ``upper2``/``lower2`` the case of
        its first character, as nupunkt derives them. Mirrors ``_first_pass_outcome`` then
        ``_second_pass_outcome`` with no paragraph start between the tokens.
        """
        low = word.lower()
        bare = word.replace(".", "") if "." in word else word
        if bare.isdigit():
            typ = _NUMBER  # numbers are never abbreviation candidates
            is_abbr = False
        elif bare.isalpha():
            typ = low
            is_abbr = low in abbrevs or (bare is not word and bare.lower() in abbrevs)
        else:  # mixed letters and digits: let nupunkt count them
            tok1 = word + "."
            out1 = first_pass(tok1)
            return bool(out1) and second_pass(tok1, out1, tok2, first_pass(tok2), False)
        if is_abbr and upper2 and typ in titles:
            return False
        if (typ, type2) in collocations:
            return False
        is_initial = len(word) == 1 and typ is not _NUMBER
        if is_abbr and not is_initial:
            if upper2 and break_rates:
                counts = break_rates.get(typ)
                if counts is not None and counts[0] >= rate_min:
                    rate = counts[1] / counts[0]
                    if rate >= rate_high:
                        return True
                    if rate_low is not None and rate <= rate_low:
                        return False
            if tok2 not in punct and (
                ortho_heuristic(ortho_context.get(type2, 0), upper2, lower2) is True
            ):
                return True
            if upper2 and type2 in sent_starters:
                return True
        if is_initial or typ is _NUMBER:
            if tok2 in punct:
                return False
            ortho = ortho_context.get(type2, 0)
            starter = ortho_heuristic(ortho, upper2, lower2)
            if starter is False:
                return False
            if starter == "unknown" and is_initial and upper2 and not (ortho & ORTHO_LC):
                return False
        return not is_abbr

    def cuts(para: str) -> list[int] | None:
        """``_cuts_reference(para)`` for a stripped paragraph; None: use the reference."""
        n = len(para)
        # 1. Candidate contexts, as nupunkt's ``_match_potential_end_contexts``: the context
        #    starts after the last whitespace before the candidate, and a candidate shares
        #    the context of the previous one when no whitespace separates them. Stored flat
        #    as (position, context start, end of closers, end of next chunk).
        contexts = []
        push = contexts.append
        prev_start = prev_stop = 0
        # In printable ASCII text the plain space is the only whitespace.
        plain = para.isascii() and para.isprintable()
        for m in candidates(para):
            pos = m.start()
            if pos > 1 and para[pos - 1].isspace():
                return None  # nupunkt looks back for a spaced ellipsis
            # The last plain space before the candidate; other whitespace in between (tab,
            # line break, no-break space) makes ``isprintable`` false.
            r = para.rfind(" ", prev_stop, pos)
            if plain or para[r + 1 if r >= 0 else prev_stop : pos].isprintable():
                word_start = r + 1 if r > prev_stop else prev_start
            else:
                w = last_ws(para, prev_stop, pos)
                word_start = w.end() if w and w.end() > prev_stop + 1 else prev_start
            if word_start < prev_stop and contexts:
                contexts.pop()  # same chunk: the previous candidate is not reported
            # (position, context start, end of closers after it, end of the next chunk)
            push((pos, word_start, m.end(3), m.end(4)))
            prev_start = word_start
            prev_stop = pos
        if not contexts:
            return []

        # 2. Decisions, as ``_slices_from_text``; slices as flat (start, stop) pairs.
        slices = [0]
        decide = None
        cf = coll_first()
        has_nl = "\n" in para
        for pos, word_start, split, end in contexts:
            e = pos + 1
            if e >= n:
                # A break here would only end the last slice at ``e`` instead of the
                # paragraph end, which changes no slice start.
                break
            ch = para[pos]
            if ch == "." and (pos <= 12 or has_nl):
                # A line-start list enumerator ("1.", "(a).", "IV.") is not a boundary.
                lo = pos - 12 if pos > 12 else 0
                nl = para.rfind("\n", lo, pos)
                if (nl != -1 or not lo) and enumerator(para, nl + 1, pos + 1):
                    continue
            nxt = para[e]
            if nxt == " " and not para[e + 1].isspace():
                q = e + 1  # the next sentence would start here
                if para[q] in "!?" and (q + 1 == n or para[q + 1].isspace() or para[q + 1] in "!?"):
                    continue
            else:
                # A run of terminal punctuation ("?!", "! ! !") ends at its last character.
                if nxt in "!?":
                    continue
                k = e
                while k < n and para[k] in " \t":
                    k += 1
                if (
                    k > e
                    and k < n
                    and para[k] in "!?"
                    and (k + 1 == n or para[k + 1].isspace() or para[k + 1] in "!?")
                ):
                    continue
                if nxt in closing:
                    # Closing punctuation, then a lowercase word: the quotation goes on.
                    k = e
                    while k < n and para[k] in closing:
                        k += 1
                    while k < n and para[k] in " \t":
                        k += 1
                    if k < n and para[k].islower():
                        continue
                q = e
                while q < n and para[q].isspace():
                    q += 1
            if ch == "!" or ch == "?":
                slices.append(e)
                slices.append(q)
                continue
            word = para[word_start:pos]
            # kind of ``before``: 1 = one word + "." (a single token), 2 = a word and an
            # ellipsis (tokens: the word, never decisive, and the ellipsis), 0 = other.
            kind = 0
            if ch == ".":
                if word.isalpha() and len(word) > 1:
                    low = word.lower()
                    if low not in abbrevs and low not in cf:
                        slices.append(e)
                        slices.append(q)
                        continue
                    kind = 1
                elif word.endswith("."):
                    stem = word.rstrip(".")
                    if not stem or stem.isalnum():
                        kind = 2
                elif word_end(para, word_start, split) is not None:
                    kind = 1
            elif not word or word.isalnum():  # "\u2026"
                kind = 2
            is_break = None
            if kind:
                # Pair ``before`` with the first token after the whitespace that is not
                # only closing punctuation, as ``_strings_contain_sentbreak`` does.
                if split == e:
                    q2 = q
                else:
                    q2 = split
                    while q2 < end and para[q2].isspace():
                        q2 += 1
                if split < q2:
                    while q2 < end and para[q2] in '")]}*':
                        q2 += 1  # each of these is a token of its own
                if split < q2 < end and para[q2] not in closing:
                    pt = plain_token(para, q2, end)
                    tok2 = pt.group() if pt is not None else word_token(para, q2, end).group(1)
                    if kind == 2:
                        is_break = tok2[0].isupper() and tok2 not in continuers
                    elif pt is not None and word.isascii():
                        first = tok2[0]
                        if tok2[-1] != ".":
                            next_typ = _NUMBER if tok2.isdigit() else tok2.lower()
                        else:
                            stem = tok2[:-1]
                            if stem.isdigit():
                                next_typ = _NUMBER
                            elif first_pass(tok2) == _FP_BREAK:
                                next_typ = stem.lower()
                            else:
                                next_typ = tok2.lower()
                        is_break = pair_break(
                            word, tok2, next_typ, first.isupper(), first.islower()
                        )
                    else:
                        tok1 = word + "."
                        out1 = first_pass(tok1)
                        is_break = bool(out1) and second_pass(
                            tok1, out1, tok2, first_pass(tok2), False
                        )
            if is_break is None:
                if decide is None:
                    decide = decision_state()[3]
                is_break = decide((para[word_start:split], para[split:end]))
            if is_break:
                slices.append(e)
                slices.append(q)
        if len(slices) == 1:
            return []
        slices.append(n)

        # 3. Realignment, as ``_realign_boundaries`` (closing quotes and brackets that start
        #    a slice, followed by whitespace, move to the slice before), then the slice starts
        #    become cuts as in ``_starts_to_cuts``.
        out = []
        last = 0
        realign = 0
        n_slices = len(slices) // 2
        for j in range(0, 2 * n_slices, 2):
            start = slices[j] + realign
            if j + 2 < 2 * n_slices:
                a2 = slices[j + 2]
                m = realign_match(para, a2, slices[j + 3]) if para[a2] in realign_first else None
                if m:
                    realign = m.end() - a2
                elif slices[j + 1] > start:
                    realign = 0
                else:
                    realign = 0
                    continue
            elif slices[j + 1] <= start:
                continue
            c = _accept_cut(para, start, last)
            if c < 0:
                continue
            out.append(c)
            last = c
        return out

    return cuts


def _cuts(para: str) -> list[int]:
    """Sentence start offsets (excluding 0) inside one stripped paragraph."""
    if not _SENT_END.search(para):
        return []
    fast = _fast_cuts()
    cuts = fast(para) if fast is not None else None
    return _cuts_reference(para) if cuts is None else cuts


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
    make = tuple.__new__  # Sentence(...) without the keyword-argument handling, same object
    fast = _fast_cuts()
    for p_idx, (a, b) in enumerate(_paragraph_spans(text)):
        para = text[a:b]
        cuts = fast(para) if fast is not None else None
        if cuts is None:
            cuts = _cuts_reference(para)
        if not cuts:
            append(make(Sentence, (len(out), a, b, para, p_idx)))
            continue
        prev = 0
        cuts.append(len(para))
        for c in cuts:
            piece = para[prev:c]
            stripped = piece.strip()
            if stripped:
                s = a + prev
                if piece[0].isspace():
                    s += len(piece) - len(piece.lstrip())
                append(make(Sentence, (len(out), s, s + len(stripped), stripped, p_idx)))
            prev = c
    return out
