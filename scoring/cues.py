"""Cue matching: lexicon rules -> cue spans, quote regions, and attributions with sources.

The matcher works on one sentence at a time. The sentence is cut into tokens with the
lexicon's own tokenizer (:data:`scoring.lexicon.TOKEN_RE`), each token is looked up in the
lexicon's first-token index, and only the few rules found there are tried (longest match at each
start). Constraints are checked on the tokens around the match. Then, per cue type, the longest
non-overlapping matches are kept (cues of different types may overlap: "reportedly" is both a
hedge and an attribution). A learned adverb cue ("repeatedly", "publicly") right before or
after an attribution cue joins that cue: one reporting act, one attribution.

Quotes are found per paragraph (a news quote may run over several sentences, and a paragraph
that opens a quote without closing it continues the quote to its end, as news style does), so a
hedge inside a direct quote is flagged ``quoted=True``: it is the speaker's, not the writer's.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

import numpy as np

from scoring.lexicon import TOKEN_RE, Lexicon, Rule, default_lexicon
from scoring.sources import _BE_FORMS, NOUN_SENSE, SUBJECT_PRONOUNS, SourceFinder
from scoring.types import Attribution, CueSpan, Sentence, SentenceResult, SourceSpan

# Any quote-like character; which single quotes count is decided around each hit (scanning for
# a plain character class is several times faster than lookbehinds at every position, and
# about 3x faster than an alternation such as "''|[...]": two straight apostrophes in a row,
# one double quote in ASCII news archives, are recognised in the loop instead).
_QUOTE_CHAR_RE = re.compile("[\"“”„«»‹›‘’']")


_DIGIT_RE = re.compile(r"\d")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class Tokens:
    """A sentence's tokens: texts and lower-cased texts as lists, and each token's start.

    A token's end is its start plus its length (a token is a contiguous run of the text).
    """

    __slots__ = ("text", "lower", "_starts")

    def __init__(self, starts: list[int], text: list[str], lower: list[str] | None = None) -> None:
        self._starts = starts
        self.text = text
        self.lower = list(map(str.lower, text)) if lower is None else lower

    def __len__(self) -> int:
        return len(self.text)

    def start(self, i: int) -> int:
        """Document offset where token ``i`` starts."""
        return self._starts[i]

    def end(self, i: int) -> int:
        """Document offset where token ``i`` ends."""
        return self._starts[i] + len(self.text[i])

    def starts(self) -> list[int]:
        """Document offsets of every token's start."""
        return self._starts


def tokenize_sentence(text: str, offset: int = 0) -> Tokens:
    """Tokens of ``text`` with offsets shifted by ``offset``."""
    matches = list(TOKEN_RE.finditer(text))
    return Tokens([m.start() + offset for m in matches], [m.group() for m in matches])


# Whitespace as the tokenizer's ``\s`` sees it, by code point, for code points below _WS_LIMIT
# (every whitespace character of Unicode is among them; a code point at or above the limit is
# looked up at _WS_LIMIT, which is no whitespace). Read from the regex module itself, so it is
# the same definition ``\s`` uses.
_WS_LIMIT = 0x3001
_IS_SPACE = np.zeros(_WS_LIMIT + 1, dtype=bool)
_IS_SPACE[[m.start() for m in re.finditer(r"\s", "".join(map(chr, range(_WS_LIMIT))))]] = True


def _token_starts(doc: str, texts: list[str]) -> list[int] | None:
    """The offset of each of ``texts``, the tokens of ``doc`` in order, or None.

    It relies on the tokens cutting ``doc``'s non-whitespace characters into runs: no branch of
    :data:`~scoring.lexicon.TOKEN_RE` matches a ``\\s`` character, and every other character
    starts a match where no earlier match covers it (``\\w`` by the word branch, anything else
    by ``[^\\w\\s]``). Token ``k`` then starts at the non-whitespace character whose rank is the
    total length of the tokens before it. The count check makes the result None instead of
    wrong if that ever fails (a whitespace character the table does not know, say), so the
    caller can fall back to the match objects. This replaces a ``re.Match`` per token (which
    the garbage collector tracks) with a few numpy passes.
    """
    # utf-32 gives one code unit per code point, as ``len`` and str offsets count; a lone
    # surrogate (possible in a str decoded from JSON) is passed through as its own code point.
    cps = np.frombuffer(doc.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    nonspace = np.flatnonzero(~_IS_SPACE[np.minimum(cps, _WS_LIMIT)])
    lens = np.fromiter(map(len, texts), dtype=np.intp, count=len(texts))
    ends = np.cumsum(lens)
    if len(nonspace) != (int(ends[-1]) if len(ends) else 0):
        return None
    return nonspace[ends - lens].tolist()


# TOKEN_RE behind a check that a token starts here: no branch starts with whitespace, so the
# tokens are the same, and findall skips the spaces between tokens without trying each branch.
_DOC_TOKEN_RE = re.compile(rf"(?=\S)(?:{TOKEN_RE.pattern})", TOKEN_RE.flags)


class DocumentTokens:
    """The tokens of a whole document, cut into per-sentence :class:`Tokens` by offset.

    Tokenising once per document saves the per-sentence set-up; the tokens are the same as
    sentence by sentence because sentences start and end at whitespace, which no token spans.
    """

    __slots__ = ("starts", "text", "lower", "_pos")

    def __init__(self, doc: str) -> None:
        self.text = _DOC_TOKEN_RE.findall(doc)  # the pattern has no groups: findall gives the tokens
        starts = _token_starts(doc, self.text)
        if starts is None:  # pragma: no cover - see _token_starts
            starts = [m.start() for m in TOKEN_RE.finditer(doc)]
        self.starts = starts
        self.lower = list(map(str.lower, self.text))
        self._pos = 0

    def sentence(self, start: int, end: int) -> Tokens:
        """Tokens inside ``[start, end)``; calls in document order are cheapest."""
        starts = self.starts
        lo = self._pos if self._pos and starts[self._pos - 1] < start else 0
        a = bisect_left(starts, start, lo)
        b = bisect_left(starts, end, a)
        self._pos = b
        return Tokens(starts[a:b], self.text[a:b], self.lower[a:b])


def find_quote_regions(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Half-open spans of ``text[start:end]`` that are inside direct quotations.

    A double quote of any style (straight, curly, low-9, guillemet, or two straight apostrophes
    ``''`` as in ASCII news archives) opens a quote; the next double quote closes it. Single
    quotes count only when they open after a non-word character
    (‘ or ') and close before one, so the apostrophes of "don't" and "the players' union" are not
    quotes. A double quote left open runs to the end of the region (news style for a quote that
    continues into the next paragraph); an unclosed single quote is ignored. A closing curly
    quote (” or »), or a straight one that follows a word or punctuation and precedes a space,
    before any opening one closes a quote that began before the region.
    """
    end = len(text) if end is None else end
    regions: list[tuple[int, int]] = []
    open_at = -1
    open_single = False
    n = len(text)
    skip = -1
    for m in _QUOTE_CHAR_RE.finditer(text, start, end):
        pos, m_end, ch = m.start(), m.end(), m.group()
        if pos < skip:
            continue  # the second apostrophe of a pair
        if ch == "'" and pos + 1 < end and text[pos + 1] == "'":
            # ''like this'': a doubled apostrophe is one straight double quote
            ch, m_end = '"', pos + 2
            skip = m_end
        single = ch in "‘’'"
        if single:
            before = pos > 0 and _is_word(text[pos - 1])
            after = pos + 1 < n and _is_word(text[pos + 1])
            # ‘ opens only after a non-word character, ’ closes only before one; a straight '
            # between two word characters is an apostrophe ("don't").
            if (ch == "‘" and before) or (ch == "’" and after) or (ch == "'" and before and after):
                continue
        if open_at < 0:
            if not regions and text[start:pos].strip() and (
                ch in "”»" or (ch == '"' and _closes(text, pos, end, m_end))
            ):
                # A closing quote with none open: the quote began before this region (a
                # sentence analysed alone, or a quote continued from an earlier paragraph).
                regions.append((start, pos))
                continue
            if single and (ch == "’" or (pos > 0 and text[pos - 1].isalnum())):
                continue  # an apostrophe or a stray closer
            open_at, open_single = m_end, single
        elif single == open_single and not (single and ch == "‘"):
            regions.append((open_at, pos))
            open_at = -1
    if open_at >= 0 and not open_single:
        regions.append((open_at, end))
    return regions


def _match_len(rule: Rule, lower: list[str], texts: list[str], i: int) -> int:
    """End token index of the rule's (fixed-length) pattern matched at ``i``, or -1."""
    pattern = rule.pattern
    m = len(pattern)
    if i + m > len(lower):
        return -1
    for k in range(1, m):  # token 0 was matched by the index lookup
        if not pattern[k].matches(texts[i + k], lower[i + k]):
            return -1
    if pattern[0].kind != "lower" and not pattern[0].matches(texts[i], lower[i]):
        return -1
    return i + m


def _first_word(texts: list[str]) -> int:
    """Index of the sentence's first word token (after opening quotes, dashes, bullets)."""
    for j, t in enumerate(texts):
        if t[0].isalnum():
            return j
    return 0


def _constraints_ok(rule: Rule, lower: list[str], texts: list[str], i: int, e: int, first: int) -> bool:
    if rule.case and texts[i][:1].isupper():
        if rule.case == "lower" or i != first:
            return False
    if rule.not_before and rule.not_before.at(lower, texts, e):
        return False
    if rule.not_after and rule.not_after.ends_at(lower, texts, i):
        return False
    if rule.passive is not None and lower[i] in rule.passive[0] and rule.passive[1].at(lower, texts, e):
        return False
    if rule.requires_before and not rule.requires_before.ends_at(lower, texts, i):
        return False
    if rule.requires_after and not rule.requires_after.at(lower, texts, e):
        return False
    if rule.requires_within is not None:
        window, phrases = rule.requires_within
        if not any(phrases.at(lower, texts, j) for j in range(e, min(e + window, len(lower)))):
            return False
    return True


def _by_word(rules: list[Rule], k: int) -> tuple[list[Rule], dict[str, list[Rule]]]:
    """``rules`` that can still match, by the lower-cased word at their token ``k``.

    Returns ``(rest, by_word)``: ``by_word[w]`` holds the rules whose token ``k`` may be ``w``,
    and ``rest`` those that can match whatever the word at ``k`` is, or with no token there
    (shorter patterns, a token ``k`` that is no word list); a word not in ``by_word`` leaves
    ``rest``. The order of ``rules`` is kept in every list (it decides ties in
    :meth:`CueMatcher._select`). Dropping the others only skips :func:`_match_len` calls that
    would fail, so the matches are the same.
    """
    def any_word(rule: Rule) -> bool:
        return len(rule.pattern) <= k or rule.pattern[k].kind != "lower"

    words = {w for rule in rules if not any_word(rule) for w in rule.pattern[k].words}
    rest = [rule for rule in rules if any_word(rule)]
    # The words of one class share one list (a matcher holds some 55,000 of them otherwise).
    shared: dict[tuple[int, ...], list[Rule]] = {}
    by_word = {}
    for w in words:
        keep = [rule for rule in rules if any_word(rule) or w in rule.pattern[k].words]
        by_word[w] = shared.setdefault(tuple(map(id, keep)), keep)
    return rest, by_word


_LABEL_JOINERS = frozenset({"of", "the", "de", "'s", "’s", "-"})
_LABEL_OPENERS = frozenset('"“‘\'')


def _label_ok(
    label: tuple[int, frozenset[str], frozenset[str]], lower: list[str], texts: list[str], i: int, first: int
) -> bool:
    """Whether the colon at ``i`` closes a speaker label that opens the sentence
    (``constraints.speaker_label``, see :mod:`scoring.lexicon`)."""
    max_words, not_words, caps_words = label
    if i <= first or i + 1 >= len(texts):
        return False
    nxt = texts[i + 1]
    if not (nxt[:1].isupper() or nxt in _LABEL_OPENERS):
        return False
    words = 0
    all_caps = True
    for j in range(first, i):
        t, low = texts[j], lower[j]
        if low in not_words:
            return False
        if t[:1].isupper():
            words += 1
            all_caps = all_caps and t.rstrip(".").isupper()
        elif low not in _LABEL_JOINERS:
            return False
    if words == 0 or words > max_words:
        return False
    # "PARIS:" or "BREAKING NEWS:" is a dateline or a banner; "Q:" / "A:" is an interview turn;
    # "SENATOR DAVIS:" or "MODERATOR:" (a title or a speaking role) is a transcript's speaker
    return (
        not all_caps
        or (i - first == 1 and len(texts[first]) == 1)
        or any(lower[j].rstrip(".") in caps_words or lower[j] in caps_words for j in range(first, i))
    )


# What counts as a negation for rules with ``requires_negation``.
_NEGATION = frozenset({"not", "n't", "cannot", "can't", "couldn't", "hasn't", "haven't", "hadn't",
                       "isn't", "wasn't", "weren't", "aren't", "wouldn't", "won't", "didn't",
                       "doesn't", "don't", "yet", "never", "couldn’t", "can’t", "hasn’t",
                       "haven’t", "wasn’t", "weren’t", "isn’t", "didn’t", "doesn’t", "don’t"})


_NP_OPENERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "his", "her", "its", "their",
                         "our", "my", "your"})
_CONJUNCTIONS = frozenset({"and", "or", "but", "nor"})
_OBJECT_PREPS = frozenset({"in", "on", "at", "from", "with", "to", "about", "into", "under", "during", "through",
                           "via"})


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
        # Most rules tried after the two-word lookup fail on their third word ("could not be
        # verified" after "could not"), and most number rules on the word after the number:
        # those lists are split by that word here, once, so a match tries only the rules that
        # can get past it (see _by_word).
        self._index2 = {pair: _by_word(rules, 2) for pair, rules in self.lexicon.index2.items()}
        self._num_rules = _by_word(self._index.get("#NUM", []), 1)
        # A context rule's twin without a source search, for cues its model accepts with too
        # little confidence to name a source (ContextModel.source_threshold).
        # words that end a noun phrase scanned leftwards (_modifies_object)
        self._np_stop = self.sources.stop | self.sources.relative | _CONJUNCTIONS
        # "the doctor quoted in the post": a participle whose active voice needs an object,
        # then a preposition, is passive (as the rules' ``passive`` constraint says for single
        # words), also where a longer rule ("quoted in the post") would match
        classes = self.lexicon.classes
        self._transitive = classes.get("TRANSITIVE_PARTICIPLES", frozenset())
        self._passive_preps = frozenset(w for w in classes.get("PASSIVE_PREPS", ()) if " " not in w)
        # first words of the two checks below, tested first (every attribution match passes here)
        self._noun_or_passive = self._transitive | NOUN_SENSE
        self._unsourced = {
            id(r): replace(r, source="none") for rules in self._index.values() for r in rules if r.context is not None
        }

    # -- matching ------------------------------------------------------------------------------
    def _candidates(
        self,
        lower: list[str],
        texts: list[str],
        has_digit: bool = True,
        sites: list[tuple[int, Rule, bool]] | None = None,
    ) -> list[tuple[int, int, Rule]]:
        """All rule matches ``(start_tok, end_tok, rule)`` passing their constraints.

        Context-model rules (:mod:`scoring.context`) are decided last, at tokens no other
        attribution match covers and no attribution rule with ``not_before``/``not_after`` turned
        down (a hand-written exclusion such as "insurance claims" wins over the learned model).
        With ``sites``, each such ``(token, rule, has_att)`` is also appended there before the
        model decides (training collects its examples so).
        """
        index = self._index
        num_rest, num_by_word = self._num_rules
        num_rules = bool(num_rest or num_by_word)
        # One pass picks the tokens some rule can start with; most tokens are not. Numbers are
        # looked for only in sentences that hold a digit at all.
        if num_rules and has_digit:
            hits = [i for i, low in enumerate(lower) if low in index or low[0].isdigit()]
        else:
            hits = [i for i, low in enumerate(lower) if low in index]
        if not hits:
            return []
        out: list[tuple[int, int, Rule]] = []
        deferred: list[tuple[int, Rule]] = []
        vetoed: list[int] = []  # tokens a rule's explicit exclusion turned down
        dropped = False  # a rule's match turned down here (a noun, a passive), not by its constraints
        first = _first_word(texts)
        n = len(lower)
        index2 = self._index2
        noun_or_passive = self._noun_or_passive
        for i in hits:
            low = lower[i]
            rules = index.get(low, ())
            if num_rules and has_digit and low[0].isdigit():
                num = num_by_word.get(lower[i + 1], num_rest) if i + 1 < n else num_rest
                if num:
                    rules = [*rules, *num]
            if i + 1 < n:
                pair = index2.get((low, lower[i + 1]))
                if pair:
                    rest, by_third = pair
                    pair = by_third.get(lower[i + 2], rest) if i + 2 < n else rest
                    if pair:
                        rules = [*rules, *pair]
            for rule in rules:
                if rule.context is not None:
                    deferred.append((i, rule))
                    continue
                e = i + 1 if rule.single else _match_len(rule, lower, texts, i)
                if e <= i:
                    continue
                if rule.constrained and not _constraints_ok(rule, lower, texts, i, e, first):
                    if rule.vetoes:
                        vetoed.append(i)
                    continue
                if rule.needs_negation and _NEGATION.isdisjoint(lower[i:e]):
                    continue
                if low in noun_or_passive and rule.type == "attribution" and (
                    (
                        # "the doctor quoted in the post": passive ("she quoted in her speech a
                        # line ..." keeps its subject pronoun)
                        e > i + 2 and low in self._transitive and lower[i + 1] in self._passive_preps
                        and lower[i + 2] in self.sources.det and not (i and lower[i - 1] in self.sources.pronouns)
                    )
                    # "its revenue forecast for the year": a noun, not a verb
                    or (e == i + 1 and self.sources.noun_compound(lower, texts, i))
                ):
                    vetoed.append(i)
                    dropped = True
                    continue
                if (rule.type == "hedge" and e == i + 1 and low in NOUN_SENSE
                        and self.sources.noun_compound(lower, texts, i)):
                    continue  # "cut its annual revenue forecast": the noun states no belief
                if rule.label is not None and not _label_ok(rule.label, lower, texts, i, first):
                    continue
                out.append((i, e, rule))
        if deferred:
            self._context_matches(deferred, vetoed, lower, texts, out, sites, dropped)
        return out

    def _context_matches(
        self,
        deferred: list[tuple[int, Rule]],
        vetoed: list[int],
        lower: list[str],
        texts: list[str],
        out: list[tuple[int, int, Rule]],
        sites: list[tuple[int, Rule, bool]] | None,
        dropped: bool = False,
    ) -> None:
        """Append to ``out`` the context-rule matches whose model accepts them. ``dropped``:
        an attribution rule matched but was turned down after its constraints (a noun, a
        passive); it still sets the models' ``att`` feature, as when they were trained."""
        att = [(a, b) for a, b, r in out if r.type == "attribution"]
        has_att = bool(att) or dropped
        for i, rule in deferred:
            if i in vetoed or any(a <= i < b for a, b in att):
                continue
            if sites is not None:
                sites.append((i, rule, has_att))
            if self._modifies_object(lower, i):
                continue
            model = rule.context
            logit = model.logit(lower, texts, i, has_att)  # type: ignore[union-attr]
            if logit >= model.threshold:  # type: ignore[union-attr]
                src_th = model.source_threshold  # type: ignore[union-attr]
                # A participle after a form of "be" is passive ("has been accused"): the
                # subject is what the stance is about, not who holds it (the rules exclude such
                # subjects the same way), so the cue stands with no source.
                if (src_th is not None and logit < src_th) or _passive(lower, i, self._transitive):
                    rule = self._unsourced[id(rule)]
                out.append((i, i + 1, rule))

    def _modifies_object(self, lower: list[str], i: int) -> bool:
        """Whether the participle at ``i`` ends a noun phrase that is the object of a
        preposition after a reporting verb (or its object), a comma or the sentence's start:
        "said in a statement released by the campaign", "described the method in a paper
        published on Monday", "In a statement released Thursday, ...", "according to a report
        published on Monday". Such a participle modifies the noun (who released the
        statement is not the sentence's subject), so the context models do not take it as a
        cue. "Some in the crowd booed" (a subject) and "members of the group remained" are left
        to the model."""
        if not lower[i].endswith("ed") or i < 3:
            return False
        src = self.sources
        noun = lower[i - 1]
        if not noun.isalpha() or noun in _NP_OPENERS or noun in src.pronouns or noun.endswith("ly"):
            return False
        k = self._np_opener(lower, i - 1, max(i - 5, 0))  # the noun, up to two modifiers
        if k < 0 or lower[k - 1] not in _OBJECT_PREPS:
            return False
        before = lower[k - 2] if k >= 2 else ""
        if k == 1 or before in (",", ";", "according") or before in src.verbs:
            return True
        # "described the method in a paper released ...": the preposition follows a reporting
        # verb's object (a subject, "some in the crowd booed", does not count)
        m = self._np_opener(lower, k - 2, max(k - 6, 0))
        return m >= 1 and lower[m - 1] in src.verbs

    def _np_opener(self, lower: list[str], k: int, stop_at: int) -> int:
        """Index of the determiner opening the noun phrase that ends at ``k``, scanning left
        down to ``stop_at`` (excluded) over plain words; -1 if a stop word or punctuation comes
        first."""
        for x in range(k, stop_at, -1):
            low = lower[x]
            if low in _NP_OPENERS:
                return x
            if not low.isalpha() or low in self._np_stop:
                return -1
        return -1

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
        tokens: Tokens | None = None,
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
        tokens : Tokens, optional
            The sentence's tokens, when the caller tokenised the document at once
            (:class:`DocumentTokens`); by default the sentence is tokenised here.

        Returns
        -------
        SentenceResult
        """
        toks = tokenize_sentence(sentence.text, sentence.start) if tokens is None else tokens
        if not toks.text:
            return SentenceResult(sentence)
        kept = self._select(
            self._candidates(toks.lower, toks.text, _DIGIT_RE.search(sentence.text) is not None)
        )
        if not kept:  # about a third of news sentences: no quote flags needed
            return SentenceResult(sentence)
        in_quote = _quoted_flags(toks, quotes)
        cues: list[CueSpan] = []
        attributions: list[Attribution] = []
        vague = [(i, e) for i, e, rule in kept if rule.type == "vague_source"]
        # "could not be independently confirmed": a verb inside a caveat is no reporting act
        caveats = [(i, e) for i, e, rule in kept if rule.type == "unverified"]
        last_source: SourceSpan | None = None
        adverbs: list[int] = []  # tokens of learned "-ly" cues ("repeatedly", "publicly")
        unsourced_learned = False  # some learned cue's attribution has no source
        learned_att = False  # some attribution's cue is a learned one
        noun_like = False  # some attribution's cue is as often a noun ("reports")
        for i, e, rule in kept:
            if rule.context is not None and in_quote[i]:
                continue  # the context models were trained on the writer's words only
            start, end = toks.start(i), toks.end(e - 1)
            cue = CueSpan(rule.type, rule.id, start, end, doc_text[start:end], in_quote[i])
            if rule.context is not None and toks.lower[i].endswith("ly"):
                adverbs.append(i)
            if rule.type == "attribution":
                if caveats and any(ci < i and e <= ce for ci, ce in caveats):
                    continue
                src = None
                if rule.label is not None:
                    # "Q: ...", "Minister: ...": the label before the colon is who speaks
                    if in_quote[i]:
                        continue
                    f = _first_word(toks.text)
                    src = self.sources.label_source(toks, f, i, doc_text)
                elif rule.source != "none":
                    src = _vague_subject(toks, i, vague, doc_text, self.sources)
                    # A learned cue is as often a noun ("a common message") as a verb: its own
                    # noun phrase is no speaker, so no "determiner + noun" subject (loose).
                    learned = rule.context is not None
                    if src is None:
                        # "An engineer who requested anonymity said": the subject stands
                        # before the anonymity request's "who"
                        w = i
                        for vi, ve in vague:
                            if ve == i and vi >= 1 and toks.lower[vi - 1] == "who" and toks.lower[vi] in _ANONYMITY_VERBS:
                                w = vi - 1
                        src = self.sources.find(
                            toks, w, e, rule.source, in_quote, doc_text,
                            loose=not (rule.requires_source or learned), learned=learned,
                        )
                    if src is None:
                        src = self.sources.clause_subject(toks, i, in_quote, doc_text, last_source)
                    if src is None and learned:
                        src = self.sources.verb_phrase_subject(toks, i, e, in_quote, doc_text)
                if src is None and rule.requires_source:
                    continue
                if src is not None and src.end - src.start <= 8:
                    src = _trim_contraction(src)
                if src is not None and src.kind in rule.exclude_source_kinds:
                    continue
                # An attribution inside a direct quote is the quoted speaker's (nested): it stays
                # a cue, flagged quoted, but is not an attribution of the writer's statement.
                if not cue.quoted:
                    attributions.append(Attribution(cue, src))
                    noun_like = noun_like or rule.id in _NOUN_LIKE_RULES
                    if src is not None:
                        last_source = src
                    if rule.context is not None:
                        learned_att = True
                        unsourced_learned = unsourced_learned or src is None
            cues.append(cue)
        if len(attributions) > 1:
            if attributions[0].source is None:
                _opening_participle(toks, attributions, doc_text)
            if noun_like:
                _drop_cues_in_sources(attributions, cues)
        if adverbs:
            _join_adverbs(toks, adverbs, cues, attributions, doc_text)
        if unsourced_learned and len(cues) > len(attributions):
            # a learned cue with no source: one phrase with a passive hedge around it?
            _widen_passives(cues, attributions, doc_text)
        if learned_att and len(attributions) > 1:  # the object of the reporting verb before it?
            _join_objects(toks, cues, attributions, doc_text, self.sources.stop, self.sources.people)
        cues.sort(key=lambda c: (c.start, c.end, c.type))
        return SentenceResult(sentence, cues=cues, attributions=attributions)


# A vague cue that opens with a preposition ("on condition of anonymity", "under
# condition...") modifies the clause, and one that opens with a verb is a clause ("who asked
# not to be named", "requested anonymity": the anonymity-request rules of
# vague_sources.json, whose first words these are); neither is a noun phrase, so never the
# subject.
_ANONYMITY_VERBS = frozenset({
    "asked", "asking", "asks", "requested", "requesting", "requests", "declined", "declining",
    "declines", "refused", "refusing", "wished", "wishing", "preferred", "preferring", "wanted", "want", "wish",
    "granted", "given", "insisted", "insisting", "sought", "seeking", "demanded",
})
_NOUN_LIKE_RULES = frozenset({"attribution.report_ambiguous"})
_VAGUE_NOT_SUBJECT = frozenset({"on", "under", "in", "with", "without", "from", "by", "at", "for"}) | _ANONYMITY_VERBS
_SUBJECT_STOP = frozenset(",;:.!?\"“”‘’()—–")
_NP_PREPS = frozenset({"of", "with", "to", "on", "about", "in", "for", "at", "from"})


# Irregular past participles of reporting and thinking verbs ("is understood to", "was known
# for", "were told"): after a form of "be" they are passive like any "-ed" form.
_IRREGULAR_PARTICIPLES = frozenset({
    "understood", "known", "thought", "told", "said", "seen", "heard", "meant", "written", "shown",
    "held", "felt", "found",
})


def _passive(lower: list[str], i: int, transitive: frozenset[str] = frozenset()) -> bool:
    """Whether the word at ``i`` is a passive participle after a form of "be": an "-ed" form
    right after it ("has been accused"), or an irregular one ("is understood to", "was known
    for") or one whose active voice needs an object (``transitive``: "is widely regarded
    as") with an "-ly" adverb between them allowed ("are widely understood"; the adverb
    itself counts too). An adverb before another "-ed" form is left to the model: "voters
    are evenly divided" holds a stance of its own."""
    low = lower[i]
    if low.endswith("ly") and i + 1 < len(lower) and i and lower[i - 1] in _BE_FORMS:
        return lower[i + 1] in _IRREGULAR_PARTICIPLES or lower[i + 1] in transitive
    if low in _IRREGULAR_PARTICIPLES or low in transitive:
        k = i - 1
        if k >= 1 and lower[k].endswith("ly") and lower[k].isalpha():
            k -= 1
        return k >= 0 and lower[k] in _BE_FORMS
    return low.endswith("ed") and i > 0 and lower[i - 1] in _BE_FORMS


def _join_objects(toks: Tokens, cues: list[CueSpan], attributions: list[Attribution], doc: str,
                  stop: frozenset[str], people: frozenset[str]) -> None:
    """Join a learned cue with no source (or the same source) that heads the object of the
    attribution cue right before it to that cue, in place: "The company released a
    statement", "the agency published a report" are one reporting act (the verb's, with its
    source), not a second attribution. Between them stand at most three determiners or lower-case
    modifiers ("issued a brief written statement"), not "that" or a noun of people (a
    clause's subject: "angered that party leaders ignored")."""
    for k in range(len(attributions) - 1, -1, -1):
        att = attributions[k]
        cue = att.cue
        if not cue.rule.startswith("attribution.context") or cue.quoted:
            continue
        ends = {a.cue.end: x for x, a in enumerate(attributions) if x != k}
        i = bisect_left(toks.starts(), cue.start)
        j = i - 1
        verb = None
        while j >= 0 and i - j <= 4:
            verb = ends.get(toks.end(j))
            if verb is not None:
                break
            low = toks.lower[j]
            if low == "that" or low in people or not (
                low.isalpha() and toks.text[j].islower() and (low in _NP_OPENERS or low not in stop)
            ):
                break  # "angered that party leaders ignored": a clause, not an object
            j -= 1  # "a", "brief", "written"
        if verb is None:
            continue
        v = attributions[verb]
        src = att.source
        if src is not None and src != v.source and not src.start <= v.cue.start < src.end:
            continue  # the noun has a speaker of its own (not one running over the verb)
        joined = v.cue._replace(end=cue.end, text=doc[v.cue.start:cue.end])
        attributions[verb] = Attribution(joined, v.source)
        cues[:] = [joined if c is v.cue else c for c in cues if c is not cue]
        del attributions[k]


def _widen_passives(cues: list[CueSpan], attributions: list[Attribution], doc: str) -> None:
    """A learned cue with no source inside an impersonal passive hedge ("are understood to")
    takes the hedge's span, in place: one reporting phrase, as "is expected to" is one cue."""
    hedges = [c for c in cues if c.rule == "hedge.impersonal_passive"]
    if not hedges:
        return
    for k, att in enumerate(attributions):
        cue = att.cue
        if att.source is not None or not cue.rule.startswith("attribution.context"):
            continue
        h = next((h for h in hedges if h.start <= cue.start and cue.end <= h.end and h != cue), None)
        if h is None:
            continue
        wide = cue._replace(start=h.start, end=h.end, text=doc[h.start:h.end])
        attributions[k] = Attribution(wide, None)
        cues[:] = [wide if c is cue else c for c in cues]


def _opening_participle(toks: Tokens, attributions: list[Attribution], doc: str) -> None:
    """A sentence-opening participle takes the main clause's subject, in place.

    "Writing on X, the former minister said ...", "Referring to the strike, the union leader
    said ...": the participle's speaker is the subject after its clause's comma, which is
    the source of the first later attribution.
    """
    first = attributions[0].cue
    f = _first_word(toks.text)
    if toks.start(f) != first.start or not toks.lower[f].endswith(("ing", "ed")) or toks.lower[f] == "according":
        return  # "According to X, ..." has its own source, found or not
    later = next((a.source for a in attributions[1:] if a.source is not None and a.source.start >= first.end), None)
    if later is not None and "," in doc[first.end:later.start]:
        attributions[0] = Attribution(first, later)


def _drop_cues_in_sources(attributions: list[Attribution], cues: list[CueSpan]) -> None:
    """Drop an attribution whose cue, a word that is as often a noun ("reports", "claims"),
    lies inside another attribution's source: it is a noun of that phrase ("Local reports put
    the toll at 50": "reports" is no verb whose subject is "Local"). A verb of saying inside a
    source stays ("those who said ... were outnumbered" is an attribution of its own)."""
    sources = [a.source for a in attributions if a.source is not None]
    inside = [a for a in attributions if a.cue.rule in _NOUN_LIKE_RULES and any(
        s.start <= a.cue.start and a.cue.end <= s.end and _heads(a.cue, s) for s in sources)]
    for a in inside:
        attributions.remove(a)
        cues.remove(a.cue)


_CONTRACTED_PRONOUN = re.compile(rf"(?i)(?:{'|'.join(sorted(SUBJECT_PRONOUNS))})(?=['’](?:d|ve|ll|re|m)$)")


def _trim_contraction(src: SourceSpan) -> SourceSpan:
    """"They’d" as a source is "They": the contracted auxiliary is no part of who spoke."""
    m = _CONTRACTED_PRONOUN.match(src.text)
    if m is None:
        return src
    return SourceSpan(m.group(), src.start, src.start + m.end(), src.kind)


def _heads(cue: CueSpan, source: SourceSpan) -> bool:
    """Whether ``cue`` is the head noun of ``source``: its last word, or followed there by a
    preposition ("reports on social media"); not "The Times reports Beck" read as one phrase."""
    rest = source.text[cue.end - source.start:].split(None, 1)
    return not rest or rest[0].lower() in _NP_PREPS


def _join_adverbs(toks: Tokens, adverbs: list[int], cues: list[CueSpan], attributions: list[Attribution],
                  doc: str) -> None:
    """Join a learned adverb cue to the attribution cue right before or after it, in place.

    "has repeatedly denied", "publicly said", "said privately": the adverb and the verb are one
    reporting act (and one cue in PolNeAR), not two attributions of the same act. The verb's
    cue takes in the adverb; the adverb's own cue and attribution go. An adverb with no
    attribution cue next to it stays as it is.
    """
    for i in adverbs:
        a, b = toks.start(i), toks.end(i)
        own = next((k for k, x in enumerate(attributions) if x.cue.start == a and x.cue.end == b), None)
        after = toks.start(i + 1) if i + 1 < len(toks) else -1
        before = toks.end(i - 1) if i > 0 else -1
        verb = next((k for k, x in enumerate(attributions) if k != own and x.cue.start == after), None)
        if verb is None:
            verb = next((k for k, x in enumerate(attributions) if k != own and x.cue.end == before), None)
        if verb is None:
            continue
        v = attributions[verb]
        lo, hi = min(a, v.cue.start), max(b, v.cue.end)
        joined = v.cue._replace(start=lo, end=hi, text=doc[lo:hi])
        source = v.source if v.source is not None or own is None else attributions[own].source
        attributions[verb] = Attribution(joined, source)
        cues[:] = [joined if c is v.cue else c for c in cues
                   if not (c.type == "attribution" and c.start == a and c.end == b)]
        if own is not None:
            del attributions[own]


def _vague_subject(toks: Tokens, i: int, vague: list[tuple[int, int]], doc: str, finder) -> SourceSpan | None:
    """A vague-source cue right before an attribution cue is its source.

    "People familiar with the matter said", "Sources close to the minister denied": the source
    runs from the start of the vague cue's noun phrase ("Labour sources") to the cue's subject
    position (up to a comma), and is ``vague`` whatever the nouns inside it are.
    """
    for vi, ve in vague:
        if vi >= i or i - vi > 12 or toks.lower[vi] in _VAGUE_NOT_SUBJECT:
            continue
        j = finder.skip_left(toks, i - 1)
        if j < ve - 1:
            continue
        end = j
        for k in range(ve, j + 1):
            if toks.text[k] in _SUBJECT_STOP:
                end = k - 1
                break
        if end < ve - 1 or any(toks.text[k] in _SUBJECT_STOP for k in range(vi, ve)):
            continue
        # Only noun-phrase material may stand between the vague cue and the verb ("... with
        # the matter said"), not a clause ("Some observers were present when the minister said").
        if any(
            toks.lower[k] in finder.stop and toks.lower[k] not in _NP_PREPS for k in range(ve, end + 1)
        ):
            continue
        # the cue's own modifiers belong to the source: "Labour sources", "two senior experts"
        a = min(vi, finder._extend_left(toks, ve - 1))
        start, stop = toks.start(a), toks.end(end)
        return SourceSpan(doc[start:stop], start, stop, "vague")
    return None


def _closes(text: str, pos: int, end: int, after: int | None = None) -> bool:
    """Whether a straight double quote at ``pos`` (ending at ``after``, by default ``pos + 1``)
    looks like a closer: right after a word or sentence punctuation and followed by a space, a
    comma or the end ('tonight," she said')."""
    after = pos + 1 if after is None else after
    prev = text[pos - 1] if pos > 0 else " "
    nxt = text[after] if after < end else " "
    return (prev.isalnum() or prev in ".,!?;:") and (nxt.isspace() or nxt in ",.;:)")


def _quoted_flags(toks: Tokens, quotes) -> list[bool]:
    """Per token, whether it starts inside one of the (sorted, disjoint) quote regions."""
    n = len(toks)
    lo, hi = toks.start(0), toks.end(n - 1)
    quotes = [(a, b) for a, b in quotes if a < hi and b > lo]
    if not quotes:
        return [False] * n
    starts = toks.starts()
    flags = [False] * n
    for a, b in quotes:
        i0 = bisect_left(starts, a)
        i1 = bisect_left(starts, b)
        flags[i0:i1] = [True] * (i1 - i0)
    return flags
