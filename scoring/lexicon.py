"""Cue lexicons: rules as validated data, compiled once.

A lexicon is a JSON file (the shipped ones live in ``scoring/lexicons/``)::

    {
      "name": "hedges",
      "classes": {"MODAL": ["may", "might"]},
      "rules": [
        {"id": "hedge.modal_may", "type": "hedge",
         "pattern": [{"lower": "may"}],
         "constraints": {"case": "lower_or_initial", "not_before": ["#NUM"]},
         "note": "the modal, not the month"}
      ]
    }

``pattern`` is either a phrase (a string, matched token by token, ignoring case) or a token
sequence: a list of token specs, each with exactly one of

- ``lower``: a word or list of words compared with the lower-cased token; an item ``"@NAME"``
  expands to the word class ``NAME`` (from this file's ``classes`` or from ``classes.json``);
- ``text``: the same, compared case-sensitively;
- ``regex``: a regular expression the whole token must match;
- ``shape``: ``"number"``, ``"capitalized"``, ``"upper"`` or ``"lower"``;

and optionally ``"op": "?"`` (the token may be absent). The tokens a match can start with
must be words or a number (``shape: number``), so that each rule is looked up by its first
token instead of being tried everywhere.

``constraints`` (all optional):

- ``case``: ``"lower"`` (the first token must not be capitalised) or ``"lower_or_initial"``
  (capitalised only as the first word of the sentence): "may" the modal vs "May" the month.
- ``not_before``: phrases (or ``@CLASS``, or ``#NUM`` for any number) that must not follow the
  match ("according to" + "plan").
- ``not_after``: phrases that must not precede the match ("insurance" + "claims").
- ``requires_before`` / ``requires_after``: the match counts only if one of these phrases ends
  right before it / starts right after it.
- ``requires_within``: ``{"window": N, "any": [...]}``: one of the phrases must start within N
  tokens after the match ("critics" ... "say").
- ``passive``: ``{"words": [...], "before": [...]}``: a match on one of ``words`` (or
  ``@CLASS``) directly followed by one of the ``before`` phrases is a passive participle, not
  a cue. For verbs that take an object in the active voice, "accused" + "of" or
  "criticized" + "for" can only be passive: "the man accused of arson said", "the mayor,
  criticized for the delay, said". Like ``not_before``, a match it turns down is closed to
  the context models.
- ``requires_source`` (attribution only): drop the cue when no source is found for it.
- ``requires_negation``: the match must contain a negation ("not", "n't", "cannot", "never",
  "yet"): one pattern can then cover "could not be verified" and "has not yet been confirmed"
  without matching "was confirmed".
- ``source``: where the attribution source is looked for: ``"auto"`` (default), ``"before"``,
  ``"after"`` or ``"none"``.
- ``exclude_source_kinds`` (attribution only): drop the cue when its source is of one of these
  kinds ("I think" by the writer is a hedge, not an attribution: ``["self"]``).
- ``speaker_label`` (attribution only): ``{"max_words": N, "not_words": [...]}``. The rule's
  pattern must be the one token ``":"``; it matches only a label that opens the sentence and
  names who speaks what follows: a transcript turn ("Q: ...", "Ms. Ortiz: Well, ...") or a
  headline ("Minister: Taxes will rise"). The label is at most N words, each capitalised (or
  "of", "the", "de", "'s"), not all in capitals unless it is one letter (so no "PARIS:"
  dateline), none of them in ``not_words`` (words or ``@CLASS``: "Note", "Update",
  "Correction"), and a capitalised word or a quote must follow the colon. The label is the
  attribution's source. An all-capital label is a dateline or a banner ("PARIS:", "BREAKING
  NEWS:") unless it holds one of the optional ``caps_words`` (words or ``@CLASS``), as
  transcripts write speakers: "SENATOR DAVIS:", "MODERATOR:".
- ``context_model``: the match is decided by a learned linear model over the words around it
  (:mod:`scoring.context`): ``{"features": 1, "bias": b, "threshold": t, "weights": {name: w},
  "source_threshold": s, "trained": {...provenance...}}`` (``source_threshold`` and ``trained``
  optional). Only for a one-word pattern (a word list); besides it only
  ``source``, ``requires_source`` and ``exclude_source_kinds`` may be given. Such a rule is
  tried only where no other attribution rule matched the token, and never inside a quote.
  Where an attribution rule with ``not_before`` or ``not_after`` matches a token but its
  constraints turn the match down, no context model may take that token: a hand-written
  exclusion ("insurance claims", "called off the match") wins over the learned model.

Every entry is validated at load; an error names the file and the entry (its index and id).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from scoring.context import FEATURES_VERSION, ContextModel
from scoring.types import CUE_TYPES, SOURCE_KINDS

#: The lexicon files shipped with the package, in load order.
DEFAULT_LEXICONS: tuple[str, ...] = (
    "hedges.json",
    "attribution.json",
    "vague_sources.json",
    "unverified.json",
    "approximation.json",
    "attribution_context.json",
)
CLASSES_FILE = "classes.json"

_SPEC_KEYS = {"lower", "text", "regex", "shape"}
_SHAPES = {"number", "capitalized", "upper", "lower"}
_CONSTRAINT_KEYS = {
    "case",
    "not_before",
    "not_after",
    "requires_before",
    "requires_after",
    "requires_within",
    "requires_source",
    "requires_negation",
    "exclude_source_kinds",
    "source",
    "context_model",
    "speaker_label",
    "passive",
}
_CONTEXT_MODEL_KEYS = {"features", "bias", "threshold", "source_threshold", "weights", "trained"}
_LABEL_KEYS = {"max_words", "not_words", "caps_words"}
_CONTEXT_ALLOWED = {"context_model", "source", "requires_source", "exclude_source_kinds"}
_RULE_KEYS = {"id", "type", "pattern", "constraints", "note", "examples"}
_ID_RE = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")

#: The tokenizer shared by lexicon phrases and the matcher, so both cut text the same way:
#: dotted abbreviations ("U.S.", "a.m.", "Dr.", "Jan."), numbers with separators ("4,000",
#: "3.5"), words (with inner hyphens, and apostrophes other than a possessive 's), a possessive
#: 's, or any other single non-space character.
TOKEN_RE = re.compile(
    # The lookaheads only guard the two abbreviation branches so that ordinary words skip them
    # quickly (about 20% faster over news text; the tokens are the same).
    r"(?=[A-Za-z]\.)(?:[A-Za-z]\.){2,}"
    r"|(?=[A-Za-z]{2,5}\.)(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Prof|St|Jr|Sr|Rev|Hon|Adm|Maj|Cmdr|Supt"
    r"|Det|Atty|Inc|Corp|Ltd|Co|No|Nos|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx"
    r"|est|ca|vs|etc)\.(?=\s|$|[,;:)])"
    r"|\d+(?:[.,:]\d+)*"
    r"|\w+(?:-\w+)*(?:['’](?![sS]\b)\w+)?"
    r"|['’][sS]\b"
    r"|[^\w\s]"
)


class LexiconError(ValueError):
    """A lexicon file or entry is broken; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class TokenSpec:
    """One compiled token of a pattern."""

    kind: str  # "lower" | "text" | "regex" | "shape"
    words: frozenset[str] = frozenset()
    regex: re.Pattern[str] | None = None
    shape: str = ""
    optional: bool = False

    def matches(self, text: str, lower: str) -> bool:
        k = self.kind
        if k == "lower":
            return lower in self.words
        if k == "text":
            return text in self.words
        if k == "regex":
            return self.regex.fullmatch(text) is not None  # type: ignore[union-attr]
        return token_has_shape(text, self.shape)


def token_has_shape(text: str, shape: str) -> bool:
    """Whether a token has one of the spec shapes (``number``, ``capitalized``, ...)."""
    if shape == "number":
        return text[:1].isdigit()
    if shape == "capitalized":
        return text[:1].isupper()
    if shape == "upper":
        return text.isupper() and len(text) > 1
    return text[:1].islower()


Phrase = tuple[TokenSpec, ...]


def _index_phrases(multi: tuple[Phrase, ...], pos: int) -> tuple[dict[str, tuple[Phrase, ...]], tuple[Phrase, ...]]:
    """``multi`` keyed by the words their token ``pos`` (0: first, -1: last) accepts; phrases
    whose token there is no lower-case word list can match any word and come second."""
    by_word: dict[str, list[Phrase]] = {}
    anywhere: list[Phrase] = []
    for ph in multi:
        if ph[pos].kind == "lower":
            for w in ph[pos].words:
                by_word.setdefault(w, []).append(ph)
        else:
            anywhere.append(ph)
    return {w: tuple(v) for w, v in by_word.items()}, tuple(anywhere)


@dataclass(frozen=True, slots=True)
class PhraseSet:
    """Constraint phrases compiled for speed: one-word phrases become a set lookup, and
    longer ones are looked up by the word they start with (``at``) or end with (``ends_at``),
    so a token is compared only with the phrases that can match there.

    Attributes
    ----------
    words : frozenset of str
        Lower-cased one-token phrases (and the words of ``@CLASS`` items).
    number : bool
        Whether ``#NUM`` (any number) is in the set.
    multi : tuple of Phrase
        Phrases of two or more tokens, checked token by token.
    """

    words: frozenset[str] = frozenset()
    number: bool = False
    multi: tuple[Phrase, ...] = ()
    _first: tuple = field(default=(), init=False, repr=False, compare=False)
    _last: tuple = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_first", _index_phrases(self.multi, 0))
        object.__setattr__(self, "_last", _index_phrases(self.multi, -1))

    def __bool__(self) -> bool:
        return bool(self.words or self.number or self.multi)

    def at(self, lower: list[str], texts: list[str], j: int) -> bool:
        """Whether a phrase of the set starts at token ``j``."""
        n = len(lower)
        if not 0 <= j < n:
            return False
        if lower[j] in self.words or (self.number and texts[j][:1].isdigit()):
            return True
        if self.multi:
            by_word, anywhere = self._first
            for group in (by_word.get(lower[j], ()), anywhere):
                for ph in group:
                    if j + len(ph) <= n and self.at_multi(ph, lower, texts, j):
                        return True
        return False

    def ends_at(self, lower: list[str], texts: list[str], j: int) -> bool:
        """Whether a phrase of the set ends just before token ``j``."""
        if not 0 < j <= len(lower):
            return False
        if lower[j - 1] in self.words or (self.number and texts[j - 1][:1].isdigit()):
            return True
        if self.multi:
            by_word, anywhere = self._last
            for group in (by_word.get(lower[j - 1], ()), anywhere):
                for ph in group:
                    if j - len(ph) >= 0 and self.at_multi(ph, lower, texts, j - len(ph)):
                        return True
        return False

    @staticmethod
    def at_multi(ph: Phrase, lower: list[str], texts: list[str], j: int) -> bool:
        for k in range(len(ph)):
            if not ph[k].matches(texts[j + k], lower[j + k]):
                return False
        return True


EMPTY = PhraseSet()


@dataclass(frozen=True, slots=True)
class Rule:
    """A compiled lexicon rule."""

    id: str
    type: str
    pattern: Phrase
    case: str = ""
    not_before: PhraseSet = EMPTY
    not_after: PhraseSet = EMPTY
    requires_before: PhraseSet = EMPTY
    requires_after: PhraseSet = EMPTY
    requires_within: tuple[int, PhraseSet] | None = None
    #: True when every token of the pattern is required: matching is a plain loop.
    fixed: bool = False
    #: A one-word pattern: the index lookup already decided the match.
    single: bool = False
    #: Whether any context constraint (case, not_/requires_...) must be checked.
    constrained: bool = False
    #: The match must hold a negation ("could not be verified", not "was verified").
    needs_negation: bool = False
    requires_source: bool = False
    exclude_source_kinds: frozenset[str] = frozenset()
    source: str = "auto"
    source_file: str = ""
    #: A learned decision (``constraints.context_model``) instead of fixed constraints.
    context: ContextModel | None = None
    #: ``constraints.passive``: (participles, phrases after which they are passive), or None.
    passive: tuple[frozenset[str], PhraseSet] | None = None
    #: ``constraints.speaker_label``: (max label words, words no label may hold, words that
    #: make an all-capital label a speaker), or None.
    label: tuple[int, frozenset[str], frozenset[str]] | None = None
    #: An attribution rule with explicit exclusions (``not_before``/``not_after``): where its
    #: constraints turn a match down, no context model may take the token as a cue.
    vetoes: bool = False


@dataclass(slots=True)
class Lexicon:
    """All rules, indexed by the words a match can start with.

    Attributes
    ----------
    rules : list of Rule
    classes : dict of str to frozenset
        The word classes (also used by the attribution source finder).
    index : dict of str to list of Rule
        Fixed-length rule variants (:func:`expand_optional`) keyed by the lower-cased first
        token they accept; ``"#NUM"`` for those starting with a number.
    index2 : dict of (str, str) to list of Rule
        Variants whose first two tokens are both word lists, keyed by those two words, so a
        rule starting with a common word ("in", "to", "was") is only tried where its second
        word follows. Such variants are not in ``index``; ``index`` holds a key (maybe with an
        empty list) for every word that starts a rule in either.
    hash : str
        sha256 of the lexicon files' contents, recorded in model metadata.
    """

    rules: list[Rule]
    classes: dict[str, frozenset[str]]
    index: dict[str, list[Rule]] = field(default_factory=dict)
    index2: dict[tuple[str, str], list[Rule]] = field(default_factory=dict)
    hash: str = ""


def tokenize(text: str) -> list[str]:
    """The lexicon tokenizer applied to a phrase: a list of token strings."""
    return TOKEN_RE.findall(text)


def _single_token(word: str) -> bool:
    """Whether a (lower-case) word is one token as it may appear in text ("mr." as "Mr.")."""
    return any(len(tokenize(w)) == 1 for w in (word, word.capitalize(), word.upper()))


class _Ctx:
    """Validation context: which file and entry an error is about."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.entry = ""

    def fail(self, msg: str) -> LexiconError:
        where = f"{self.file}: {self.entry}" if self.entry else self.file
        return LexiconError(f"{where}: {msg}")


def _expand_words(
    items: Any, classes: dict[str, frozenset[str]], ctx: _Ctx, key: str, curly: bool = True
) -> frozenset[str]:
    """The words of a spec (classes expanded), with their ``’`` twins unless ``curly`` is False."""
    if isinstance(items, str):
        items = [items]
    if not isinstance(items, list) or not items or not all(isinstance(w, str) and w for w in items):
        raise ctx.fail(f"'{key}' must be a non-empty word or list of non-empty words")
    out: set[str] = set()
    for w in items:
        if w.startswith("@"):
            if w[1:] not in classes:
                raise ctx.fail(f"unknown word class {w!r}")
            out |= classes[w[1:]]
        else:
            out.add(w.lower() if key == "lower" else w)
    return _curly(frozenset(out)) if curly else frozenset(out)


def _lower_words(items: Any, classes: dict[str, frozenset[str]], ctx: _Ctx, key: str) -> frozenset[str]:
    """:func:`_expand_words` lower-cased, with ``key`` (a constraint's name) in its errors."""
    return frozenset(w.lower() for w in _expand_words(items, classes, ctx, key))


def _compile_spec(spec: Any, classes: dict[str, frozenset[str]], ctx: _Ctx) -> TokenSpec:
    if not isinstance(spec, dict):
        raise ctx.fail(f"token spec must be an object, got {spec!r}")
    keys = set(spec) & _SPEC_KEYS
    unknown = set(spec) - _SPEC_KEYS - {"op"}
    if unknown:
        raise ctx.fail(f"unknown token spec key(s) {sorted(unknown)}")
    if len(keys) != 1:
        raise ctx.fail(f"token spec needs exactly one of {sorted(_SPEC_KEYS)}, got {spec!r}")
    op = spec.get("op")
    if op not in (None, "?"):
        raise ctx.fail(f"token spec 'op' must be '?', got {op!r}")
    (key,) = keys
    value = spec[key]
    if key in ("lower", "text"):
        return TokenSpec(key, words=_expand_words(value, classes, ctx, key), optional=op == "?")
    if key == "regex":
        if not isinstance(value, str):
            raise ctx.fail("'regex' must be a string")
        try:
            rx = re.compile(value)
        except re.error as exc:
            raise ctx.fail(f"regex {value!r} does not compile: {exc}") from None
        return TokenSpec("regex", regex=rx, optional=op == "?")
    if value not in _SHAPES:
        raise ctx.fail(f"'shape' must be one of {sorted(_SHAPES)}, got {value!r}")
    return TokenSpec("shape", shape=value, optional=op == "?")


def _compile_phrase(value: Any, classes: dict[str, frozenset[str]], ctx: _Ctx, what: str) -> Phrase:
    """A phrase string, ``@CLASS`` (any one word of it) or ``#NUM``, as token specs."""
    if not isinstance(value, str) or not value.strip():
        raise ctx.fail(f"{what}: phrases must be non-empty strings, got {value!r}")
    if value == "#NUM":
        return (TokenSpec("shape", shape="number"),)
    if value.startswith("@"):
        return (TokenSpec("lower", words=_expand_words(value, classes, ctx, "lower")),)
    return tuple(TokenSpec("lower", words=_curly(frozenset([t.lower()]))) for t in tokenize(value))


def _compile_phrases(value: Any, classes, ctx: _Ctx, what: str) -> PhraseSet:
    if not isinstance(value, list) or not value:
        raise ctx.fail(f"'{what}' must be a non-empty list of phrases")
    words: set[str] = set()
    number = False
    multi = []
    for v in value:
        ph = _compile_phrase(v, classes, ctx, what)
        if len(ph) == 1 and ph[0].kind == "lower":
            words |= ph[0].words
        elif len(ph) == 1 and ph[0].kind == "shape" and ph[0].shape == "number":
            number = True
        else:
            multi.append(ph)
    return PhraseSet(frozenset(words), number, tuple(multi))


def _compile_rule(entry: Any, classes: dict[str, frozenset[str]], ctx: _Ctx) -> Rule:
    if not isinstance(entry, dict):
        raise ctx.fail("a rule must be an object")
    rid = entry.get("id")
    if not isinstance(rid, str) or not _ID_RE.match(rid):
        raise ctx.fail(f"'id' must be a dotted lower-case name like 'hedge.may', got {rid!r}")
    ctx.entry += f" ({rid})"
    unknown = set(entry) - _RULE_KEYS
    if unknown:
        raise ctx.fail(f"unknown key(s) {sorted(unknown)}")
    rtype = entry.get("type")
    if rtype not in CUE_TYPES:
        raise ctx.fail(f"'type' must be one of {list(CUE_TYPES)}, got {rtype!r}")
    if not rid.startswith(rtype + "."):
        raise ctx.fail(f"id must start with its type '{rtype}.'")
    pat = entry.get("pattern")
    if isinstance(pat, str):
        if not pat.strip():
            raise ctx.fail("'pattern' is an empty phrase")
        pattern = tuple(TokenSpec("lower", words=_curly(frozenset([t.lower()]))) for t in tokenize(pat))
    elif isinstance(pat, list) and pat:
        pattern = tuple(_compile_spec(s, classes, ctx) for s in pat)
    else:
        raise ctx.fail("'pattern' must be a phrase string or a non-empty list of token specs")
    if all(s.optional for s in pattern):
        raise ctx.fail("'pattern' has no required token")
    if "#ANY" in _first_keys(pattern):
        # Such a rule would be tried at every token of every sentence.
        raise ctx.fail("a pattern must start with words (lower/text) or a number (shape "
                       "'number'); put regex or other shapes after the first token")
    cons = entry.get("constraints", {})
    if not isinstance(cons, dict):
        raise ctx.fail("'constraints' must be an object")
    unknown = set(cons) - _CONSTRAINT_KEYS
    if unknown:
        raise ctx.fail(f"unknown constraint(s) {sorted(unknown)}")
    case = cons.get("case", "")
    if case not in ("", "lower", "lower_or_initial"):
        raise ctx.fail(f"'case' must be 'lower' or 'lower_or_initial', got {case!r}")
    within = None
    if "requires_within" in cons:
        rw = cons["requires_within"]
        if not isinstance(rw, dict) or set(rw) != {"window", "any"}:
            raise ctx.fail("'requires_within' must be {\"window\": N, \"any\": [phrases]}")
        if type(rw["window"]) is not int or not 1 <= rw["window"] <= 10:
            raise ctx.fail("'requires_within.window' must be an integer in 1..10")
        within = (rw["window"], _compile_phrases(rw["any"], classes, ctx, "requires_within.any"))
    source = cons.get("source", "auto")
    if source not in ("auto", "before", "after", "none"):
        raise ctx.fail(f"'source' must be auto, before, after or none, got {source!r}")
    req_src = cons.get("requires_source", False)
    for key in ("requires_source", "requires_negation"):
        if not isinstance(cons.get(key, False), bool):
            raise ctx.fail(f"'{key}' must be true or false")
    if (req_src or "source" in cons or "exclude_source_kinds" in cons) and rtype != "attribution":
        raise ctx.fail("'requires_source', 'source' and 'exclude_source_kinds' apply to attribution rules only")
    excl = cons.get("exclude_source_kinds", [])
    if not isinstance(excl, list) or any(k not in SOURCE_KINDS for k in excl):
        raise ctx.fail(f"'exclude_source_kinds' must be a list of {list(SOURCE_KINDS)}")

    def phrases(key: str) -> PhraseSet:
        return _compile_phrases(cons[key], classes, ctx, key) if key in cons else EMPTY

    label = None
    if "speaker_label" in cons:
        sl = cons["speaker_label"]
        if rtype != "attribution" or len(pattern) != 1 or pattern[0].words != frozenset([":"]):
            raise ctx.fail("'speaker_label' needs an attribution rule whose pattern is the one token \":\"")
        if not isinstance(sl, dict) or not {"max_words", "not_words"} <= set(sl) <= _LABEL_KEYS:
            raise ctx.fail(
                "'speaker_label' must be {\"max_words\": N, \"not_words\": [words]} (and optionally \"caps_words\")"
            )
        if type(sl["max_words"]) is not int or not 1 <= sl["max_words"] <= 8:
            raise ctx.fail("'speaker_label.max_words' must be an integer in 1..8")
        label = (
            sl["max_words"],
            _expand_words(sl["not_words"], classes, ctx, "lower"),
            _lower_words(sl["caps_words"], classes, ctx, "speaker_label.caps_words")
            if "caps_words" in sl
            else frozenset(),
        )

    passive = None
    if "passive" in cons:
        pv = cons["passive"]
        if not isinstance(pv, dict) or set(pv) != {"words", "before"}:
            raise ctx.fail("'passive' must be {\"words\": [words], \"before\": [phrases]}")
        passive = (
            _lower_words(pv["words"], classes, ctx, "passive.words"),
            _compile_phrases(pv["before"], classes, ctx, "passive.before"),
        )
        if not passive[1]:
            raise ctx.fail("'passive.before' needs at least one phrase")

    context = None
    if "context_model" in cons:
        if set(cons) - _CONTEXT_ALLOWED:
            raise ctx.fail(f"'context_model' decides the match alone: drop {sorted(set(cons) - _CONTEXT_ALLOWED)}")
        if len(pattern) != 1 or pattern[0].kind != "lower" or pattern[0].optional:
            raise ctx.fail("a 'context_model' rule needs a one-token pattern of lower-case words")
        context = _compile_context_model(cons["context_model"], ctx)
        # A learned word list is taken as written: its weights are per literal token, so a
        # "’" twin of a straight word would be decided by the context features alone.
        words = frozenset([pat.lower()]) if isinstance(pat, str) else _expand_words(pat[0]["lower"], classes, ctx,
                                                                                  "lower", curly=False)
        pattern = (replace(pattern[0], words=words),)

    return Rule(
        id=rid,
        type=rtype,
        pattern=pattern,
        case=case,
        not_before=phrases("not_before"),
        not_after=phrases("not_after"),
        requires_before=phrases("requires_before"),
        requires_after=phrases("requires_after"),
        requires_within=within,
        requires_source=req_src,
        exclude_source_kinds=frozenset(excl),
        source=source,
        source_file=ctx.file,
        **_pattern_fields(pattern),
        constrained=bool(
            case or phrases("not_before") or phrases("not_after") or phrases("requires_before")
            or phrases("requires_after") or within or passive
        ),
        needs_negation=bool(cons.get("requires_negation", False)),
        context=context,
        label=label,
        passive=passive,
        vetoes=rtype == "attribution" and bool(phrases("not_before") or phrases("not_after") or passive),
    )


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _compile_context_model(value: Any, ctx: _Ctx) -> ContextModel:
    """Validate a ``context_model`` constraint (see :mod:`scoring.context`)."""
    if not isinstance(value, dict):
        raise ctx.fail("'context_model' must be an object")
    keys = set(value)
    if keys - _CONTEXT_MODEL_KEYS or not {"features", "bias", "threshold", "weights"} <= keys:
        raise ctx.fail(f"'context_model' needs features, bias, threshold and weights (and may have "
                       f"source_threshold and trained), got {sorted(keys)}")
    if value["features"] != FEATURES_VERSION:
        raise ctx.fail(f"'context_model' was trained with context features version "
                       f"{value['features']!r}; this credscore computes version {FEATURES_VERSION}: retrain it")
    for key in ("bias", "threshold", "source_threshold"):
        if key in value and not _finite(value[key]):
            raise ctx.fail(f"'context_model.{key}' must be a finite number")
    weights = value["weights"]
    if not isinstance(weights, dict) or not weights:
        raise ctx.fail("'context_model.weights' must be a non-empty object of feature: weight")
    bad = [k for k, w in weights.items() if not _finite(w)]
    if bad:
        raise ctx.fail(f"'context_model.weights' must be finite numbers; not so for {bad[:5]}")
    if "trained" in value and not isinstance(value["trained"], dict):
        raise ctx.fail("'context_model.trained' must be an object")
    source_th = value.get("source_threshold")
    return ContextModel(float(value["bias"]), float(value["threshold"]),
                        {k: float(w) for k, w in weights.items()},
                        None if source_th is None else float(source_th))


def _pattern_fields(pattern: Phrase) -> dict[str, Any]:
    """The matcher's shortcuts for a pattern (see the Rule attributes)."""
    fixed = not any(spec.optional for spec in pattern)
    return {
        "fixed": fixed,
        "single": fixed and len(pattern) == 1 and pattern[0].kind == "lower",
    }


#: An auxiliary and its negation as one token, as the tokenizer keeps it ("didn't", "cannot").
_NEGATED = {
    "do": ("don't",), "does": ("doesn't",), "did": ("didn't",), "has": ("hasn't",), "have": ("haven't",),
    "had": ("hadn't",), "is": ("isn't",), "are": ("aren't",), "was": ("wasn't",), "were": ("weren't",),
    "can": ("can't", "cannot"), "could": ("couldn't",), "will": ("won't",), "would": ("wouldn't",),
    "should": ("shouldn't",), "must": ("mustn't",), "need": ("needn't",), "shall": ("shan't",),
}


def _curly(words: frozenset[str]) -> frozenset[str]:
    """``words`` with the typographic apostrophe variant of each word holding a straight one
    ("didn't" -> "didn’t"): the lexicons are written with ``'`` and news sites print ``’``."""
    if not any("'" in w for w in words):
        return words
    return words | {w.replace("'", "’") for w in words if "'" in w}


def _contracted(pattern: Phrase) -> Phrase | None:
    """The fixed ``pattern`` with its first "auxiliary, not" pair as one contracted token.

    The tokenizer keeps "didn't", "couldn't" and "cannot" whole, so a rule written "did not
    respond" or "could n't verify" would never see them: "Officials didn't respond", "police
    couldn't confirm". None when the pattern has no such pair or its first word already lists
    every contracted form.
    """
    for k in range(len(pattern) - 1):
        aux, neg = pattern[k], pattern[k + 1]
        if aux.kind != "lower" or neg.kind != "lower" or not neg.words & {"not", "n't"}:
            continue
        forms = {f for w in aux.words for f in _NEGATED.get(w, ())}
        forms = _curly(frozenset(forms)) - aux.words
        if forms:
            return (*pattern[:k], TokenSpec("lower", words=forms), *pattern[k + 2:])
    return None


def expand_optional(rule: Rule) -> list[Rule]:
    """The rule as fixed-length variants, one per choice of its optional tokens.

    "could (not) be (independently) verified" becomes four plain sequences, so matching never
    backtracks. The variants keep the rule's id; the overlap policy keeps the longest match.
    A variant with an auxiliary followed by "not" also gets its contracted twin ("could not be
    verified" -> "couldn't be verified", :func:`_contracted`).
    """
    variants: list[Phrase] = [()]
    for spec in rule.pattern:
        req = replace(spec, optional=False)
        with_it = [v + (req,) for v in variants]
        variants = with_it + variants if spec.optional else with_it
    variants = [v for v in variants if v]
    twins = [t for t in map(_contracted, variants) if t is not None]
    if rule.fixed and not twins:
        return [rule]
    return [replace(rule, pattern=v, **_pattern_fields(v)) for v in variants + twins]


def _read_bytes(path: Path | Any, name: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LexiconError(f"{name}: cannot read lexicon file: {exc}") from None


def _parse_json(raw: bytes, name: str) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LexiconError(f"{name}: not valid UTF-8 JSON: {exc}") from None


def _compile_classes(data: Any, ctx: _Ctx, into: dict[str, frozenset[str]]) -> None:
    if not isinstance(data, dict):
        raise ctx.fail("'classes' must be an object of NAME: [words]")
    for cname, words in data.items():
        ctx.entry = f"class {cname!r}"
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", cname):
            raise ctx.fail("class names are UPPER_SNAKE")
        if cname in into:
            raise ctx.fail("class defined twice")
        into[cname] = _expand_words(words, into, ctx, "lower")
        multi = sorted(w for w in into[cname] if not _single_token(w))
        if multi:
            raise ctx.fail(f"class words must be single tokens; split into a rule instead: {multi}")
    ctx.entry = ""


def read_lexicon_files(
    paths: list[Path] | None = None, classes_path: Path | None = None
) -> tuple[list[tuple[str, bytes]], tuple[str, bytes]]:
    """The raw bytes of lexicon files and of the classes file, with their names.

    Defaults are the files shipped in ``scoring/lexicons``. A model keeps these bytes (see
    :class:`scoring.features.CueFeaturizer`) so that it scores with exactly the rules it was
    trained with, whatever the installed lexicon files say later.
    """
    pkg = resources.files("scoring") / "lexicons"
    files = [pkg / n for n in DEFAULT_LEXICONS] if paths is None else [Path(p) for p in paths]
    cpath = pkg / CLASSES_FILE if classes_path is None else Path(classes_path)
    return [(f.name, _read_bytes(f, f.name)) for f in files], (cpath.name, _read_bytes(cpath, cpath.name))


def load_lexicon(paths: list[Path] | None = None, classes_path: Path | None = None) -> Lexicon:
    """Load, validate and compile lexicon files.

    Parameters
    ----------
    paths : list of Path, optional
        Lexicon files; default: the files shipped in ``scoring/lexicons`` (DEFAULT_LEXICONS).
    classes_path : Path, optional
        Shared word classes; default: the shipped ``classes.json``.

    Returns
    -------
    Lexicon

    Raises
    ------
    LexiconError
        If a file is unreadable or an entry is invalid; the message names file and entry.
    """
    files, classes_file = read_lexicon_files(paths, classes_path)
    return compile_lexicon(files, classes_file)


def compile_lexicon(files: list[tuple[str, bytes]], classes_file: tuple[str, bytes]) -> Lexicon:
    """Validate and compile lexicons given as ``(name, raw bytes)`` pairs (see :func:`load_lexicon`)."""
    digest = hashlib.sha256()
    classes: dict[str, frozenset[str]] = {}
    cname, raw = classes_file
    digest.update(raw)
    data = _parse_json(raw, cname)
    ctx = _Ctx(cname)
    if not isinstance(data, dict) or set(data) - {"name", "description", "classes"}:
        raise ctx.fail("a classes file is {name, description, classes}")
    _compile_classes(data.get("classes", {}), ctx, classes)

    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for name, raw in files:
        digest.update(raw)
        data = _parse_json(raw, name)
        ctx = _Ctx(name)
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            raise ctx.fail("a lexicon file is an object with a 'rules' list")
        extra = set(data) - {"name", "description", "classes", "rules"}
        if extra:
            raise ctx.fail(f"unknown top-level key(s) {sorted(extra)}")
        local = dict(classes)
        _compile_classes(data.get("classes", {}), ctx, local)
        for i, entry in enumerate(data["rules"]):
            ctx.entry = f"rule #{i}"
            rule = _compile_rule(entry, local, ctx)
            if rule.id in seen:
                raise ctx.fail(f"duplicate rule id (first defined in {seen[rule.id]})")
            seen[rule.id] = name
            rules.append(rule)
    lex = Lexicon(rules=rules, classes=classes, hash=digest.hexdigest())
    lex.index, lex.index2 = _build_index(rules)
    return lex


def _first_keys(pattern: Phrase) -> set[str]:
    """Index keys for the tokens a match of ``pattern`` can start with."""
    keys: set[str] = set()
    for spec in pattern:
        if spec.kind == "lower":
            keys |= spec.words
        elif spec.kind == "text":
            keys |= {w.lower() for w in spec.words}
        elif spec.kind == "shape" and spec.shape == "number":
            keys.add("#NUM")
        else:
            keys.add("#ANY")
        if not spec.optional:
            break
    return keys


def _build_index(rules: list[Rule]) -> tuple[dict[str, list[Rule]], dict[tuple[str, str], list[Rule]]]:
    index: dict[str, list[Rule]] = {}
    index2: dict[tuple[str, str], list[Rule]] = {}
    for rule in rules:
        for variant in expand_optional(rule):
            pat = variant.pattern
            two = len(pat) > 1 and pat[0].kind == "lower" and pat[1].kind == "lower"
            for key in _first_keys(pat):
                bucket = index.setdefault(key, [])
                if two:
                    for second in pat[1].words:
                        index2.setdefault((key, second), []).append(variant)
                else:
                    bucket.append(variant)
    return index, index2


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicons, loaded and compiled once per process."""
    return load_lexicon()
