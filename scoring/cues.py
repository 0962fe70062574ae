"""Cue matching: lexicon rules -> cue spans, quote regions, and attributions with sources.

The matcher works on one sentence at a time. The sentence is cut into tokens with the
lexicon's own tokenizer (:data:`scoring.lexicon.TOKEN_RE`), each token is looked up in the
lexicon's first-token index, and only the few rules found there are tried (longest match at each
start). Constraints are checked on the tokens around the match. Then, per cue type, the longest
non-overlapping matches are kept (cues of different types may overlap: "reportedly" is both a
hedge and an attribution).

Quotes are found per paragraph (a news quote may run over several sentences, and a paragraph
that opens a quote without closing it continues the quote to its end, as news style does), so a
hedge inside a direct quote is flagged ``quoted=True``: it is the speaker's, not the writer's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.lexicon import TOKEN_RE, Lexicon, Phrase, Rule, TokenSpec, default_lexicon
from scoring.sources import SourceFinder
from scoring.types import Attribution, CueSpan, Sentence, SentenceResult

# Double quotes of every common style; single curly quotes are handled separately because the
# right single quote is also the apostrophe.
_DQUOTE_RE = re.compile(r"[\"“”„«»‹›]|(?<![\w])‘|’(?![\w])|(?<![\w])'|'(?![\w])")


@dataclass(slots=True)
class Tokens:
    """A sentence's tokens as parallel lists (faster than a list of objects)."""

    text: list[str]
    lower: list[str]
    start: list[int]
    end: list[int]

    def __len__(self) -> int:
        return len(self.text)


def tokenize_sentence(text: str, offset: int = 0) -> Tokens:
    """Tokens of ``text`` with offsets shifted by ``offset``."""
    texts, starts, ends = [], [], []
    for m in TOKEN_RE.finditer(text):
        texts.append(m.group())
        starts.append(m.start() + offset)
        ends.append(m.end() + offset)
    return Tokens(texts, [t.lower() for t in texts], starts, ends)


def find_quote_regions(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Half-open spans of ``text[start:end]`` that are inside direct quotations.

    A double quote of any style (straight, curly, low-9, guillemet) opens a quote; the next
    double quote closes it. Single quotes count only when they open after a non-word character
    (‘ or ') and close before one, so the apostrophes of "don't" and "the players' union" are not
    quotes. A double quote left open runs to the end of the region (news style for a quote that
    continues into the next paragraph); an unclosed single quote is ignored. A closing curly
    quote (” or ») before any opening one closes a quote that began before the region.
    """
    end = len(text) if end is None else end
    regions: list[tuple[int, int]] = []
    open_at = -1
    open_single = False
    for m in _DQUOTE_RE.finditer(text, start, end):
        ch = m.group()
        single = ch in "‘’'"
        if open_at < 0:
            if ch in "”»" and not regions and text[start:m.start()].strip():
                # A closing quote with none open: the quote began before this region (a
                # sentence analysed alone, or a quote continued from an earlier paragraph).
                regions.append((start, m.start()))
                continue
            if single and (ch == "’" or (m.start() > 0 and text[m.start() - 1].isalnum())):
                continue  # an apostrophe or a stray closer
            open_at, open_single = m.end(), single
        elif single == open_single and not (single and ch == "‘"):
            regions.append((open_at, m.start()))
            open_at = -1
    if open_at >= 0 and not open_single:
        regions.append((open_at, end))
    return regions


def _phrase_at(phrase: Phrase, toks: Tokens, j: int) -> bool:
    """Whether the phrase (no optional tokens) matches the tokens starting at ``j``."""
    if j < 0 or j + len(phrase) > len(toks):
        return False
    for k, spec in enumerate(phrase):
        if not spec.matches(toks.text[j + k], toks.lower[j + k]):
            return False
    return True


def _phrase_ends_at(phrase: Phrase, toks: Tokens, j: int) -> bool:
    """Whether the phrase matches the tokens ending just before index ``j``."""
    return _phrase_at(phrase, toks, j - len(phrase))


def _match_len(pattern: tuple[TokenSpec, ...], toks: Tokens, i: int) -> int:
    """End token index of the longest match of ``pattern`` starting at ``i``, or -1."""
    n = len(toks)
    texts, lowers = toks.text, toks.lower
    m = len(pattern)

    def rec(k: int, j: int) -> int:
        if k == m:
            return j
        spec = pattern[k]
        best = -1
        if j < n and spec.matches(texts[j], lowers[j]):
            best = rec(k + 1, j + 1)
        if spec.optional:
            alt = rec(k + 1, j)
            if alt > best:
                best = alt
        return best

    return rec(0, i)


def _first_word(toks: Tokens) -> int:
    """Index of the sentence's first word token (after opening quotes, dashes, bullets)."""
    for j, t in enumerate(toks.text):
        if t[0].isalnum():
            return j
    return 0


def _constraints_ok(rule: Rule, toks: Tokens, i: int, e: int, first: int) -> bool:
    if rule.case:
        t = toks.text[i]
        if t[:1].isupper():
            if rule.case == "lower" or i != first:
                return False
    for ph in rule.not_before:
        if _phrase_at(ph, toks, e):
            return False
    for ph in rule.not_after:
        if _phrase_ends_at(ph, toks, i):
            return False
    if rule.requires_before and not any(_phrase_ends_at(ph, toks, i) for ph in rule.requires_before):
        return False
    if rule.requires_after and not any(_phrase_at(ph, toks, e) for ph in rule.requires_after):
        return False
    if rule.requires_within is not None:
        window, phrases = rule.requires_within
        if not any(_phrase_at(ph, toks, j) for j in range(e, min(e + window, len(toks))) for ph in phrases):
            return False
    return True


# Negation words that must be present in an "unverified.could_not_be_verified" match: the
# pattern allows "has been confirmed" shapes to share one rule, and only the negated ones are
# caveats. Kept in code because it is a property of the whole match, not of one token.
_NEGATION = frozenset({"not", "n't", "cannot", "can't", "couldn't", "hasn't", "haven't", "hadn't",
                       "isn't", "wasn't", "weren't", "aren't", "wouldn't", "won't", "didn't",
                       "doesn't", "don't", "yet", "never"})
NEGATION_REQUIRED = frozenset({"unverified.could_not_be_verified", "unverified.cannot_be_reached"})


class CueMatcher:
    """Finds cue spans and attributions in sentences with a compiled :class:`Lexicon`.

    Parameters
    ----------
    lexicon : Lexicon, optional
        Default: the shipped lexicons (:func:`scoring.lexicon.default_lexicon`).
    """

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon if lexicon is not None else default_lexicon()
        self.sources = SourceFinder(self.lexicon.classes)
        self._index = self.lexicon.index
        self._num_rules = self._index.get("#NUM", [])
        self._any_rules = self._index.get("#ANY", [])

    # -- matching ------------------------------------------------------------------------------
    def _candidates(self, toks: Tokens) -> list[tuple[int, int, Rule]]:
        """All rule matches ``(start_tok, end_tok, rule)`` passing their constraints."""
        out: list[tuple[int, int, Rule]] = []
        index = self._index
        first = _first_word(toks)
        num_rules, any_rules = self._num_rules, self._any_rules
        for i, low in enumerate(toks.lower):
            rules = index.get(low)
            if low[0].isdigit():
                rules = (rules or []) + num_rules
            if any_rules:
                rules = (rules or []) + any_rules
            if not rules:
                continue
            for rule in rules:
                e = _match_len(rule.pattern, toks, i)
                if e <= i:
                    continue
                if not _constraints_ok(rule, toks, i, e, first):
                    continue
                if rule.id in NEGATION_REQUIRED and not any(
                    t in _NEGATION for t in toks.lower[i:e]
                ):
                    continue
                out.append((i, e, rule))
        return out

    @staticmethod
    def _select(cands: list[tuple[int, int, Rule]]) -> list[tuple[int, int, Rule]]:
        """Per cue type, keep the longest non-overlapping matches (earliest first on ties)."""
        cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        by_type_end: dict[str, int] = {}
        kept: list[tuple[int, int, Rule]] = []
        # Greedy over starts: a match is kept if it does not overlap a kept one of its type.
        # Sorting by (start, -length) keeps the longest of those starting at the same token; a
        # longer match starting later than a shorter one is rare in these lexicons.
        for i, e, rule in cands:
            if i < by_type_end.get(rule.type, -1):
                continue
            kept.append((i, e, rule))
            by_type_end[rule.type] = e
        return kept

    def analyze(
        self,
        sentence: Sentence,
        doc_text: str,
        quotes: list[tuple[int, int]] = (),  # type: ignore[assignment]
    ) -> SentenceResult:
        """Cues and attributions of one sentence.

        Parameters
        ----------
        sentence : Sentence
            The sentence; its offsets index ``doc_text``.
        doc_text : str
            The whole document (spans are reported into it).
        quotes : list of (int, int)
            Quote regions of the sentence's paragraph, in document offsets.

        Returns
        -------
        SentenceResult
        """
        toks = tokenize_sentence(sentence.text, sentence.start)
        if not toks.text:
            return SentenceResult(sentence)
        kept = self._select(self._candidates(toks))
        in_quote = _quoted_flags(toks, quotes)
        cues: list[CueSpan] = []
        attributions: list[Attribution] = []
        for i, e, rule in kept:
            start, end = toks.start[i], toks.end[e - 1]
            cue = CueSpan(rule.type, rule.id, start, end, doc_text[start:end], in_quote[i])
            if rule.type == "attribution":
                src = None
                if rule.source != "none":
                    src = self.sources.find(toks, i, e, rule.source, in_quote, doc_text)
                    if src is None:
                        src = self.sources.clause_subject(toks, i, in_quote, doc_text)
                if src is None and rule.requires_source:
                    continue
                # An attribution inside a direct quote is the quoted speaker's (nested): it stays
                # a cue, flagged quoted, but is not an attribution of the writer's statement.
                if not cue.quoted:
                    attributions.append(Attribution(cue, src))
            cues.append(cue)
        cues.sort(key=lambda c: (c.start, c.end, c.type))
        return SentenceResult(sentence, cues=cues, attributions=attributions)


def _quoted_flags(toks: Tokens, quotes) -> list[bool]:
    if not quotes:
        return [False] * len(toks)
    flags = []
    for s in toks.start:
        flags.append(any(a <= s < b for a, b in quotes))
    return flags
