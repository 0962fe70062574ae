"""Article-level sources: group an article's source mentions, and find what it says about them.

Peers score sentences one at a time, but a reporter's caveat about a source usually sits in
another sentence ("According to figures from the Coastal Monitoring Network, at least 12
villages were flooded. ... The Network's figures could not be independently verified."). This
module works on the finished sentence results of one article (pure functions over them and the
text, no model):

1. **Sources.** Every attribution's source span is a mention. Mentions are grouped into
   sources with alias rules, tried in this order (``docs/SOURCES.md`` has the examples):

   - ``self`` mentions ("we", "I") are one source, the writer, except after a speaker label
     in the same paragraph (a transcript turn), where they are the label's source;
   - a pronoun ("he", "it", "they") resolves to the one compatible candidate in its own
     sentence before it, else in the nearest earlier sentence (up to
     ``pronoun_lookback_sentences``) holding a candidate; two candidates leave it unresolved
     (it then stays a source of its own);
   - a person's name is stripped of titles ("Health Minister Anna Berg" -> Anna Berg); the
     same first + last name is the same person; a bare surname (or title + surname: "Lopez",
     "Ms. Lopez") is the one person of the article with that surname, found among the sources
     and anywhere in the text ("... and Daniel Lopez ..."); two people with that surname leave
     it unresolved unless a gendered title tells them apart;
   - an acronym (an all-capital token: "the RWA") is the name it was defined for in the
     article ("Regional Water Authority (RWA)"), or the one source whose initials it is
     (three letters or more); a full name is the source already cited by its acronym;
   - "the <head>" ("the Network", "the report", "the mayor") is the one earlier source whose
     name ends in that head (or a person with that title); a generic head ("the group", "the
     newspaper") is the one named organisation (media) source so far;
   - figures, reports and data *from/by/of* a named originator, or the originator's
     ("the Network's figures"), are mentions of the originator;
   - otherwise the same normalised text is the same source, except indefinite singulars
     ("a senior official", "a source"), which stay apart.

2. **Caveats.** Patterns (``scoring/article_rules.json``, by family: verification, dispute,
   funding, self_description, unreachable, track_record) are searched in sentences holding one
   of their trigger words, outside direct quotes. A caveat attaches to the source the caveat
   sentence names next to it (before or after the phrase, per pattern, with a bounded gap that
   holds no reporting verb or conjunction): by name or alias, possessive ("The Network's
   figures"), pronoun ("its figures", when unambiguous) or "the group". A caveat whose nearest
   named thing is no source of the article attaches to nothing. A verification or dispute
   caveat about a bare claim ("The figures could not be independently verified.") attaches to
   the source of the previous sentence when that sentence rests on exactly one source, and to
   nothing otherwise. Every sentence attributed to a caveated source gets ``source_caveat``.

The per-sentence analysis (cue spans, source spans, kinds) is not changed; only the article
grouping is added on top.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from scoring.lexicon import TOKEN_RE
from scoring.types import (
    SOURCE_KINDS,
    ArticleSource,
    SentenceResult,
    SourceCaveat,
    SourceMention,
)

RULES_FILE = "article_rules.json"
CAVEAT_FAMILIES: tuple[str, ...] = (
    "verification", "dispute", "funding", "self_description", "unreachable", "track_record",
)
_TARGETS = ("before", "after", "after_then_before", "before_then_after")
_POSS = frozenset({"'s", "’s", "'", "’"})
_ACRONYM_DEF_RE = re.compile(r"\(\s*((?:[A-Z]\.?){2,10}|[A-Z][A-Za-z&]{1,9}[A-Z])\s*\)")


class RulesError(ValueError):
    """The article rules file is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class CaveatPattern:
    id: str
    family: str
    regex: re.Pattern[str]
    target: str
    gap: re.Pattern[str]
    gap_name: str
    after_gap: re.Pattern[str]
    max_gap_words: int
    claim_reference: bool
    triggers: frozenset[str]
    trigger_suffixes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rules:
    """The validated contents of ``article_rules.json``."""

    titles: frozenset[str]
    female: frozenset[str]
    male: frozenset[str]
    suffixes: frozenset[str]
    connectors: frozenset[str]
    not_names: frozenset[str]
    determiners: frozenset[str]
    indefinite: frozenset[str]
    generic_org: frozenset[str]
    generic_media: frozenset[str]
    org_heads: frozenset[str]
    doc_heads: frozenset[str]
    claim_nouns: frozenset[str]
    originator_preps: frozenset[str]
    pronouns: dict[str, tuple[frozenset[str], str | None]]
    lookback: int
    gap_stop: frozenset[str]
    patterns: tuple[CaveatPattern, ...]
    triggers: frozenset[str]
    trigger_suffixes: tuple[str, ...]
    hash_source: str
    scan_re: re.Pattern[str] | None = None


def _words(data: dict[str, Any], key: str, where: str) -> frozenset[str]:
    val = data.get(key)
    if not isinstance(val, list) or not val or not all(isinstance(w, str) and w for w in val):
        raise RulesError(f"{where}: {key!r} must be a non-empty list of strings")
    bad = [w for w in val if w != w.lower()]
    if bad:
        raise RulesError(f"{where}: {key!r} must be lower case, got {bad[:3]}")
    return frozenset(val)


def _compile(rx: Any, where: str) -> re.Pattern[str]:
    if not isinstance(rx, str) or not rx:
        raise RulesError(f"{where}: a regex must be a non-empty string")
    try:
        return re.compile(rx, re.IGNORECASE)
    except re.error as exc:
        raise RulesError(f"{where}: bad regex: {exc}") from exc


def parse_rules(data: Any, where: str = RULES_FILE) -> Rules:
    """Validate the rules data (the parsed JSON) and compile it; errors name the entry."""
    if not isinstance(data, dict):
        raise RulesError(f"{where}: the top level must be an object")
    w = {k: _words(data, k, where) for k in (
        "titles", "female_titles", "male_titles", "name_suffixes", "name_connectors", "not_names",
        "determiners", "indefinite", "generic_org_heads", "generic_media_heads", "org_heads",
        "document_heads", "claim_nouns", "originator_preps", "gap_stop_words")}
    pron = data.get("pronouns")
    if not isinstance(pron, dict) or not pron:
        raise RulesError(f"{where}: 'pronouns' must be an object")
    pronouns = {}
    for word, spec in pron.items():
        at = f"{where}: pronouns[{word!r}]"
        if word != word.lower() or not isinstance(spec, dict):
            raise RulesError(f"{at}: a lower-case word mapping to an object")
        kinds = spec.get("kinds")
        if not isinstance(kinds, list) or not kinds or any(k not in SOURCE_KINDS for k in kinds):
            raise RulesError(f"{at}: 'kinds' must be a non-empty list of {SOURCE_KINDS}")
        if spec.get("gender") not in (None, "m", "f"):
            raise RulesError(f"{at}: 'gender' must be null, 'm' or 'f'")
        pronouns[word] = (frozenset(kinds), spec.get("gender"))
    lookback = data.get("pronoun_lookback_sentences")
    if not isinstance(lookback, int) or isinstance(lookback, bool) or not 0 <= lookback <= 10:
        raise RulesError(f"{where}: 'pronoun_lookback_sentences' must be an integer 0..10")
    gaps_raw = data.get("gap_regexes")
    if not isinstance(gaps_raw, dict) or not gaps_raw:
        raise RulesError(f"{where}: 'gap_regexes' must be an object of name -> regex")
    gaps = {name: _compile(rx, f"{where}: gap_regexes[{name!r}]") for name, rx in gaps_raw.items()}
    fams = data.get("caveat_families")
    if not isinstance(fams, dict) or set(fams) != set(CAVEAT_FAMILIES):
        raise RulesError(f"{where}: 'caveat_families' must have exactly the families {CAVEAT_FAMILIES}")
    patterns = []
    seen: set[str] = set()
    for fam in CAVEAT_FAMILIES:
        plist = fams[fam].get("patterns") if isinstance(fams[fam], dict) else None
        if not isinstance(plist, list) or not plist:
            raise RulesError(f"{where}: caveat_families[{fam!r}] needs a non-empty 'patterns' list")
        for k, p in enumerate(plist):
            pid = p.get("id") if isinstance(p, dict) else None
            at = f"{where}: caveat_families[{fam!r}].patterns[{k}] (id {pid!r})"
            if not isinstance(pid, str) or not pid.startswith(fam + "."):
                raise RulesError(f"{at}: 'id' must be a string starting with {fam + '.'!r}")
            if pid in seen:
                raise RulesError(f"{at}: duplicate id")
            seen.add(pid)
            unknown = set(p) - {"id", "regex", "target", "gap", "after_gap", "max_gap_words",
                                "claim_reference", "triggers", "trigger_suffixes", "examples"}
            if unknown:
                raise RulesError(f"{at}: unknown keys {sorted(unknown)}")
            rx = _compile(p.get("regex"), at)
            if p.get("target") not in _TARGETS:
                raise RulesError(f"{at}: 'target' must be one of {_TARGETS}")
            for key in ("gap", "after_gap"):
                if key in p and p[key] not in gaps:
                    raise RulesError(f"{at}: {key!r} names no entry of gap_regexes: {p[key]!r}")
            mg = p.get("max_gap_words")
            if not isinstance(mg, int) or isinstance(mg, bool) or not 0 <= mg <= 30:
                raise RulesError(f"{at}: 'max_gap_words' must be an integer 0..30")
            if not isinstance(p.get("claim_reference"), bool):
                raise RulesError(f"{at}: 'claim_reference' must be true or false")
            trig = p.get("triggers", [])
            suf = p.get("trigger_suffixes", [])
            if not isinstance(trig, list) or not isinstance(suf, list) or not (trig or suf):
                raise RulesError(f"{at}: needs 'triggers' (words) or 'trigger_suffixes'")
            if any(not isinstance(t, str) or t != t.lower() or not t for t in trig + suf):
                raise RulesError(f"{at}: triggers must be non-empty lower-case strings")
            examples = p.get("examples")
            if not isinstance(examples, list) or not examples:
                raise RulesError(f"{at}: 'examples' must be a non-empty list")
            for ex in examples:
                if not isinstance(ex, str) or not rx.search(ex):
                    raise RulesError(f"{at}: the regex does not match its example {ex!r}")
                low = {t.lower() for t in TOKEN_RE.findall(ex)}
                if not (low & set(trig) or any(t.endswith(tuple(suf)) for t in low) if suf else low & set(trig)):
                    raise RulesError(f"{at}: no trigger word in its example {ex!r} (the pattern "
                                     "would never be tried on it)")
            patterns.append(CaveatPattern(
                pid, fam, rx, p["target"], gaps[p.get("gap", "any")], p.get("gap", "any"),
                gaps[p.get("after_gap", "tight_after" if "tight_after" in gaps else p.get("gap", "any"))],
                mg, p["claim_reference"], frozenset(trig), tuple(suf)))
    return Rules(
        titles=w["titles"], female=w["female_titles"], male=w["male_titles"],
        suffixes=w["name_suffixes"], connectors=w["name_connectors"], not_names=w["not_names"],
        determiners=w["determiners"], indefinite=w["indefinite"],
        generic_org=w["generic_org_heads"], generic_media=w["generic_media_heads"],
        org_heads=w["org_heads"], doc_heads=w["document_heads"], claim_nouns=w["claim_nouns"],
        originator_preps=w["originator_preps"], pronouns=pronouns, lookback=lookback,
        gap_stop=w["gap_stop_words"], patterns=tuple(patterns),
        triggers=frozenset().union(*(p.triggers for p in patterns)),
        trigger_suffixes=tuple(s for p in patterns for s in p.trigger_suffixes),
        hash_source=json.dumps(data, sort_keys=True),
        scan_re=_scan_re(pronouns, w["determiners"], w["name_connectors"]),
    )


def _scan_re(pronouns, determiners, connectors) -> re.Pattern[str]:
    """Finds what a sentence names: pronouns, determiner + lower-case noun, capitalised runs."""
    def alt(words):
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    cap = (r"(?:[A-Z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Prof|St|Jr|Sr|Rev|Hon)\."
           r"|[A-Z][\w&-]*(?:['’](?![sS]\b)[\w-]+)*")
    conn = alt(c for c in connectors if c != "and")
    return re.compile(
        rf"(?<![\w'’-])(?:(?P<pron>(?i:{alt(pronouns)}))(?![\w'’-])"
        rf"|(?P<det>(?i:{alt(determiners)})\s+(?P<dn>[a-z][\w-]*))"
        rf"|(?P<run>(?:{cap})(?:\s+(?:(?:{conn})\s+)?(?:{cap}))*))"
    )


@lru_cache(maxsize=8)
def _suffix_re(suffixes: tuple[str, ...]) -> re.Pattern[str] | None:
    """Every occurrence of any trigger suffix, as ``str.find`` over each would find them.

    Matches cannot overlap when no suffix occurs inside another shifted by less than its
    length; otherwise (or with no suffixes) None, and the caller falls back to ``str.find``."""
    if not suffixes:
        return None
    for x in suffixes:
        for y in suffixes:
            for k in range(1, len(x)):
                if y.startswith(x[k:]) or x[k:].startswith(y):
                    return None
    return re.compile("|".join(re.escape(x) for x in sorted(set(suffixes), key=len, reverse=True)))


@lru_cache(maxsize=8)
def _suffix_anchor(suffixes: tuple[str, ...]) -> tuple[re.Pattern[str], tuple[tuple[str, int], ...]] | None:
    """A faster way to the match starts of ``_suffix_re``: every suffix holds one character
    (the anchor, "-" for the shipped rules), and a regex that starts with that literal runs
    far faster than the alternation of the suffixes (which must try every position).

    Returns (a regex matching the anchor where some suffix's rest follows it, then
    (suffix, offset of its anchor) for each suffix), or None (no anchor common to all
    suffixes, or ``_suffix_re`` is None). The anchor regex is zero-width after the anchor, so
    it reports every anchor position followed by a suffix's rest; each suffix is then checked
    in full at its own offset. When ``_suffix_re`` exists its matches cannot overlap, so its
    match starts are exactly the starts of all occurrences of the suffixes, which this finds.
    """
    if _suffix_re(suffixes) is None:
        return None
    common = set(suffixes[0]).intersection(*suffixes[1:])
    if not common:
        return None
    c = "-" if "-" in common else min(common)
    offsets = tuple((x, x.index(c)) for x in sorted(set(suffixes)))
    rests = sorted({x[k + 1:] for x, k in offsets}, key=len, reverse=True)
    rx = re.compile(re.escape(c) + "(?=" + "|".join(re.escape(r) for r in rests) + ")")
    return rx, offsets


def _suffix_starts(text: str, suffixes: tuple[str, ...]) -> list[int] | None:
    """The match starts of ``_suffix_re(suffixes)`` in ``text`` (in no particular order, maybe
    repeated), or None when ``_suffix_re`` is None."""
    anchor = _suffix_anchor(suffixes)
    if anchor is None:
        rx = _suffix_re(suffixes)
        return None if rx is None else [m.start() for m in rx.finditer(text)]
    arx, offsets = anchor
    out = []
    for m in arx.finditer(text):
        q = m.start()
        for x, k in offsets:
            if q >= k and text.startswith(x, q - k):
                out.append(q - k)
    return out


def load_rules(path: str | Path | None = None) -> Rules:
    """Load and validate a rules file (default: the shipped ``scoring/article_rules.json``)."""
    if path is None:
        return default_rules()
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RulesError(f"{p}: cannot read: {exc}") from exc
    return parse_rules(data, str(p))


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The shipped rules, loaded once per process."""
    ref = resources.files("scoring").joinpath(RULES_FILE)
    try:
        data = json.loads(ref.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise RulesError(f"{RULES_FILE}: cannot read: {exc}") from exc
    return parse_rules(data, RULES_FILE)


# --------------------------------------------------------------------------------------------
# mentions
# --------------------------------------------------------------------------------------------


class _Parsed:
    """What the alias rules need to know about one mention's text."""

    __slots__ = (
        "acronym",
        "capflag",
        "definite",
        "det",
        "doc_head",
        "first",
        "gender",
        "head",
        "indef",
        "initials",
        "keys",
        "kind",
        "last",
        "lows",
        "name",
        "person",
        "plural",
        "poss",
        "pronoun",
        "textkey",
        "titles",
        "toks",
    )

    def __init__(self) -> None:
        self.det: str | None = None
        self.toks: list[str] = []
        self.lows: list[str] = []
        self.pronoun: str | None = None
        self.person = False
        self.first = self.last = ""
        self.titles: frozenset[str] = frozenset()
        self.gender: str | None = None
        self.acronym: str | None = None
        self.head = ""
        self.initials: frozenset[str] = frozenset()
        self.name = ""
        self.kind = ""
        self.definite = False
        self.plural = False
        self.poss = False
        self.doc_head = ""
        self.keys: tuple[tuple[str, ...], ...] = ()
        self.textkey: tuple[str, str] | None = None
        self.capflag = False
        self.indef = False


#: Parses shared across articles (they depend on the rules only), per rules object. Kept small:
#: every cached parse is several GC-tracked objects, and a cache of thousands made each full
#: garbage collection of the whole pipeline slower than re-parsing (bench/throughput.py).
_PARSE_CACHES: dict[int, dict[tuple[str, str], _Parsed]] = {}
_PARSE_CACHE_MAX = 1024


class _Entity:
    __slots__ = (
        "acronyms",
        "capitalised",
        "caveats",
        "gender",
        "heads",
        "id",
        "initials",
        "keys",
        "kind",
        "mentions",
        "name",
        "roles",
        "sentences",
    )

    def __init__(self, eid: str, name: str, kind: str) -> None:
        self.id = eid
        self.name = name
        self.kind = kind
        self.mentions: list[SourceMention] = []
        self.sentences: list[int] = []
        self.caveats: list[SourceCaveat] = []
        self.heads: set[str] = set()
        self.roles: set[str] = set()
        self.gender: str | None = None
        self.initials: frozenset[str] = frozenset()
        self.acronyms: set[str] = set()
        self.capitalised = False
        self.keys: list[tuple[str, ...]] = []


#: A capitalised word (a first name) and an optional initial, ending right before a surname.
_FIRST_NAME_RE = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]*)\s(?:[A-Z]\.\s)?\Z")


def _join(toks) -> str:
    """A name's tokens as text: words joined by spaces, a possessive clitic kept on its word
    ("company's founder", not "company 's founder")."""
    out = ""
    for t in toks:
        out += t if not out or t in _POSS else " " + t
    return out


def _cap(t: str) -> bool:
    return t[:1].isupper()


def _is_acronym(t: str) -> str | None:
    bare = t.replace(".", "").replace("&", "")
    if 2 <= len(bare) <= 10 and bare.isalpha() and bare.isupper():
        return t.replace(".", "")
    return None


class _Scanned:
    """A thing a sentence names, found by scanning its tokens (not only attribution sources)."""

    __slots__ = ("claim", "end", "entity", "gender", "kind", "named", "pronoun", "start", "text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self.start, self.end, self.text = start, end, text
        self.entity: _Entity | None = None
        self.kind: str | None = None  # guessed kind when no entity
        self.gender: str | None = None
        self.pronoun: str | None = None
        self.claim = False  # "the figures": a claim noun, no named source
        self.named = False  # a capitalised name (person- or organisation-like)


class _Article:
    def __init__(self, results: Sequence[SentenceResult], texts: Sequence[str] | str,
                 quotes: Sequence[Sequence[tuple[int, int]]] | None, rules: Rules) -> None:
        self.results = results
        self.shared = texts if isinstance(texts, str) else None
        self.texts = texts
        self.quotes = quotes
        self.R = rules
        self.entities: list[_Entity] = []
        self.keys: dict[tuple[str, ...], _Entity] = {}
        self.self_entity: _Entity | None = None
        # per sentence: [(start, end, entity)] of resolved attribution mentions
        self.known: dict[int, list[tuple[int, int, _Entity]]] = {}
        self._acronyms: dict[str, tuple[str, ...]] | None = None
        self._surnames: dict[str, set[tuple[str, str]]] = {}
        self._person_gender: dict[tuple[str, str], str | None] = {}
        self._scan_cache: dict[int, list[_Scanned]] = {}
        self._known_people: dict[str, set[tuple[str, str]]] = {}
        self._lower_texts: list[str] | None = None
        self._registered: set[tuple[int, str, str]] = set()
        cache = _PARSE_CACHES.get(id(rules))
        if cache is None:
            cache = _PARSE_CACHES[id(rules)] = {}
        self._parse_cache: dict[tuple[str, str], _Parsed] = cache

    def text(self, i: int) -> str:
        return self.shared if self.shared is not None else self.texts[i]  # type: ignore[index]

    def all_texts(self) -> list[str]:
        return [self.shared] if self.shared is not None else list(self.texts)

    # -- parsing ------------------------------------------------------------------------------
    def parse(self, text: str, kind: str) -> _Parsed:
        """The parse of a mention text (cached across articles in a small cache: it depends on
        the rules only; callers never modify a _Parsed)."""
        key = (text, kind)
        cache = self._parse_cache
        got = cache.get(key)
        if got is None:
            if len(cache) >= _PARSE_CACHE_MAX:
                cache.clear()
            got = cache[key] = self._finish(self._parse(text, kind))
        return got

    def _finish(self, p: _Parsed) -> _Parsed:
        """Precompute the article-independent keys of a parse."""
        keys: list[tuple[str, ...]] = []
        if p.person:
            keys.append(("person", p.first, p.last) if p.first else ("surname", p.last))
        else:
            if p.acronym:
                keys.append(("acr", p.acronym))
            if p.lows:
                p.textkey = ("text", " ".join(p.lows))
                keys.append(p.textkey)
        p.keys = tuple(keys)
        p.capflag = p.kind in ("organization", "media", "document") and any(_cap(t) for t in p.toks)
        p.indef = p.det in self.R.indefinite and not p.plural
        return p

    def _parse(self, text: str, kind: str) -> _Parsed:
        R = self.R
        p = _Parsed()
        p.kind = kind
        toks = [t for t in TOKEN_RE.findall(text) if t[:1].isalnum() or t in _POSS or t == "&"]
        lows = [t.lower() for t in toks]
        if lows and (lows[0] in R.determiners or lows[0] in R.indefinite):
            p.det = lows[0]
            toks, lows = toks[1:], lows[1:]
        while lows and lows[-1] in _POSS:
            p.poss = True
            toks, lows = toks[:-1], lows[:-1]
        p.definite = p.det in ("the", "this", "that", "these", "those")
        if not toks:
            p.toks, p.lows = toks, lows
            return p
        if len(toks) == 1 and lows[0] in R.pronouns and p.det is None:
            p.pronoun = lows[0]
            p.toks, p.lows = toks, lows
            return p
        # "the Network's figures", "figures from the Coastal Monitoring Network": the originator.
        orig = None
        for k, low in enumerate(lows):
            if low in _POSS and 0 < k < len(lows) - 1 and _cap(toks[k - 1]) and all(
                x in R.doc_heads or x in R.claim_nouns or not _cap(t) for x, t in zip(lows[k + 1:], toks[k + 1:])
            ) and lows[-1] in R.doc_heads:
                orig = (toks[:k], lows[:k])
                p.doc_head = lows[-1]
                break
            if (low in R.originator_preps and k > 0 and lows[k - 1] in R.doc_heads
                    and k + 1 < len(lows)):
                rest_t, rest_l = toks[k + 1:], lows[k + 1:]
                if rest_l and rest_l[0] in R.determiners:
                    rest_t, rest_l = rest_t[1:], rest_l[1:]
                if rest_t and _cap(rest_t[0]):
                    orig = (rest_t, rest_l)
                    p.doc_head = lows[k - 1]
                    p.det = None
                    break
        if orig is not None:
            toks, lows = orig
            while lows and lows[-1] in _POSS:
                toks, lows = toks[:-1], lows[:-1]
            if lows and lows[0] in R.determiners:
                toks, lows = toks[1:], lows[1:]
            if not toks:
                p.toks, p.lows = toks, lows
                return p
            kind = p.kind = self._guess_kind(toks, lows)
        p.toks, p.lows = toks, lows
        p.titles = R.titles.intersection(lows)  # the same set as a filtered frozenset
        p.gender = "f" if p.titles & R.female else "m" if p.titles & R.male else None
        p.head = lows[-1]
        p.plural = p.head.endswith("s") and not p.head.endswith("ss") or p.head in ("police", "people", "staff")
        if len(toks) == 1:
            p.acronym = _is_acronym(toks[0])
        if kind == "named_person" and p.acronym is None:
            self._person_name(p, toks, lows)
        p.name = _join(toks)
        caps = [t for t in toks if _cap(t)]
        if len(caps) >= 2:
            plain = "".join(t[0] for t in caps).upper()
            full = "".join(t[0] for t, x in zip(toks, lows) if _cap(t) or x in ("of", "for", "on", "and")).upper()
            p.initials = frozenset({plain, full})
        return p

    def _person_name(self, p: _Parsed, toks: list[str], lows: list[str]) -> None:
        R = self.R
        j = len(toks)
        while j > 0 and (_cap(toks[j - 1]) or lows[j - 1] in R.suffixes):
            j -= 1
        run_t, run_l = toks[j:], lows[j:]
        cut = 0
        for k, x in enumerate(run_l):
            if x in R.titles or x.split("-")[0] in R.titles:
                cut = k + 1
        name_t, name_l = run_t[cut:], run_l[cut:]
        if j >= 2 and lows[j - 1] == "of" and len(name_t) >= 3:
            name_t, name_l = name_t[1:], name_l[1:]  # "Secretary of State John Kerry"
        while name_l and name_l[-1] in R.suffixes:
            name_t, name_l = name_t[:-1], name_l[:-1]
        if not name_t or any(x in R.org_heads for x in name_l):
            return
        p.person = True
        p.last = name_l[-1]
        p.first = name_l[0] if len(name_l) >= 2 else ""
        p.toks = name_t + []
        p.lows = name_l + []
        p.head = p.last
        p.titles = R.titles.intersection(lows)  # the same set as a filtered frozenset

    def _guess_kind(self, toks: list[str], lows: list[str]) -> str:
        R = self.R
        if len(toks) == 1 and _is_acronym(toks[0]):
            return "organization"
        if any(x in R.org_heads for x in lows):
            return "organization"
        caps = [t for t in toks if _cap(t)]
        if 2 <= len(caps) <= 4 and len(caps) == len(toks):
            return "named_person"
        return "organization"

    # -- acronyms and surnames found anywhere in the article ----------------------------------
    def acronym_defs(self) -> dict[str, tuple[str, ...]]:
        if self._acronyms is None:
            self._acronyms = {}
            for text in self.all_texts():
                if "(" not in text:
                    continue
                for m in _ACRONYM_DEF_RE.finditer(text):
                    acr = m.group(1).replace(".", "")
                    name = self._name_before(text, m.start(), acr)
                    if name:
                        self._acronyms.setdefault(acr, name)
        return self._acronyms

    def _name_before(self, text: str, pos: int, acr: str) -> tuple[str, ...] | None:
        """The capitalised name right before ``pos`` whose initials are ``acr``."""
        words = TOKEN_RE.findall(text[max(0, pos - 160):pos])
        run: list[str] = []
        for t in reversed(words):
            if _cap(t) or (run and t.lower() in self.R.connectors and t.lower() != "the"):
                run.insert(0, t)
            else:
                break
        while run and not _cap(run[0]):
            run.pop(0)
        for k in range(len(run)):
            cand = run[k:]
            if not _cap(cand[0]):
                continue
            plain = "".join(t[0] for t in cand if _cap(t)).upper()
            full = "".join(t[0] for t in cand).upper()
            if acr.upper() in (plain, full):
                return tuple(cand)
        return None

    def surname_people(self, last: str) -> set[tuple[str, str]]:
        """(first, last) of every person with this surname named anywhere in the article."""
        got = self._surnames.get(last)
        if got is not None:
            return got
        got = set(self._known_people.get(last, ()))
        R = self.R
        if self._lower_texts is None:
            self._lower_texts = [t.lower() for t in self.all_texts()]
        n = len(last)
        for text, low in zip(self.all_texts(), self._lower_texts):
            pos = low.find(last)
            while pos >= 0:
                end = pos + n
                if (end == len(low) or not low[end].isalnum()) and pos > 0 and text[pos - 1] == " ":
                    m = _FIRST_NAME_RE.search(text, max(0, pos - 40), pos)
                    if m is not None:
                        first = m.group(1).lower()
                        if not (first in R.titles or first.rstrip(".") in R.titles or first in R.not_names
                                or first in R.connectors or first in R.org_heads):
                            got.add((first, last))
                pos = low.find(last, end)
        self._surnames[last] = got
        return got

    # -- entities -------------------------------------------------------------------------------
    def new_entity(self, name: str, kind: str) -> _Entity:
        e = _Entity(f"s{len(self.entities) + 1}", name, kind)
        self.entities.append(e)
        return e

    def register(self, e: _Entity, p: _Parsed) -> None:
        """Index the entity under the keys this mention gives it."""
        done = (id(e), id(p))
        if done in self._registered:
            return
        self._registered.add(done)
        keys = self.keys
        for k in p.keys:
            if k not in keys:
                keys[k] = e
        if p.person:
            if p.titles:
                e.roles |= p.titles
            if p.gender and e.gender is None:
                e.gender = p.gender
        else:
            if p.acronym:
                e.acronyms.add(p.acronym)
            if p.head:
                e.heads.add(p.head)
            if p.doc_head:
                e.heads.add(p.doc_head)
            if p.initials:
                e.initials = e.initials | p.initials
                acr = self.defined_acronym_for(p.toks)
                if acr:
                    keys.setdefault(("acr", acr), e)
                    e.acronyms.add(acr)
            if p.titles and p.kind in ("named_person", "official_anonymous"):
                e.roles |= p.titles
        if p.capflag:
            e.capitalised = True

    def defined_acronym_for(self, toks: list[str]) -> str | None:
        defs = self.acronym_defs()
        if not defs:
            return None
        for acr, name in defs.items():
            if tuple(toks) == name or tuple(toks[-len(name):]) == name:
                return acr
        return None

    def lookup(self, p: _Parsed) -> _Entity | None:
        """The existing entity this parsed mention refers to, or None."""
        R = self.R
        keys = self.keys
        if p.textkey is not None and not p.acronym and not p.indef:
            e = keys.get(p.textkey)
            if e is not None:
                return e
        if p.person:
            if p.first:
                e = keys.get(("person", p.first, p.last))
                if e is not None:
                    return e
                # a surname-only source seen before; this full name is the only one with it
                e = keys.get(("surname", p.last))
                if e is not None and len(self.surname_people(p.last) | {(p.first, p.last)}) == 1:
                    return e
                return None
            people = self.surname_people(p.last)
            if p.gender and len(people) > 1:
                people = {x for x in people if self._person_gender.get(x) in (None, p.gender)}
            if len(people) == 1:
                (first, last), = people
                e = keys.get(("person", first, last))
                if e is not None:
                    return e
                return None  # the caller creates the person under the full name
            if not people:
                return keys.get(("surname", p.last))
            return None  # two people with this surname: ambiguous
        if p.acronym:
            e = keys.get(("acr", p.acronym))
            if e is not None:
                return e
            name = self.acronym_defs().get(p.acronym)
            if name:
                e = keys.get(("text", " ".join(t.lower() for t in name)))
                if e is not None:
                    return e
            if len(p.acronym) >= 3:
                hits = {id(x): x for x in self.entities if p.acronym.upper() in x.initials}
                if len(hits) == 1:
                    return next(iter(hits.values()))
            return None
        if p.initials:
            for x in p.initials:
                if len(x) >= 3 or self.defined_acronym_for(p.toks) == x:
                    e = keys.get(("acr", x))
                    if e is not None:
                        return e
        if p.definite and (len(p.lows) == 1 or (len(p.lows) == 2 and not _cap(p.toks[0]))):
            head = p.head
            hits = {id(x): x for x in self.entities if head in x.heads or head in x.roles}
            if len(hits) == 1:
                return next(iter(hits.values()))
            if not hits and (head in R.generic_org or head in R.generic_media):
                want = "media" if head in R.generic_media else "organization"
                named = [x for x in self.entities if x.capitalised and x.kind == want]
                if len(named) == 1:
                    return named[0]
        return None

    def entity_for(self, p: _Parsed, sentence: int, kind: str) -> _Entity:
        """The entity of an attribution source mention, created when new."""
        if kind == "self":
            if self.self_entity is None:
                self.self_entity = self.new_entity("the writer (self)", "self")
            return self.self_entity
        e = self.lookup(p)
        if e is None:
            if p.person and not p.first:
                people = self.surname_people(p.last)
                if p.gender and len(people) > 1:
                    people = {x for x in people if self._person_gender.get(x) in (None, p.gender)}
                if len(people) == 1:
                    (first, last), = people
                    e = self.new_entity(self._full_name(first, last), "named_person")
                    self.keys[("person", first, last)] = e
                    e.keys.append(("person", first, last))
                elif len(people) > 1:
                    e = self.new_entity(_join(p.toks), "named_person")  # ambiguous: its own
                    e.roles |= p.titles
                    return e
            if e is None:
                name = _join(p.toks) if p.toks else ""
                defined = self.acronym_defs().get(p.acronym) if p.acronym else None
                if defined:
                    name = " ".join(defined)
                e = self.new_entity(name, p.kind or kind)
                if defined:
                    self.keys.setdefault(("text", name.lower()), e)
                    e.heads.add(defined[-1].lower())
                    e.capitalised = True
        if p.indef and not p.person:
            # an indefinite singular is never found by its text again, only by its head
            if p.head:
                e.heads.add(p.head)
            return e
        self.register(e, p)
        return e

    def _full_name(self, first: str, last: str) -> str:
        """The full name as the article writes it ("Maria Lopez", "John F. Kennedy")."""
        if self._lower_texts is None:
            self._lower_texts = [t.lower() for t in self.all_texts()]
        for text, low in zip(self.all_texts(), self._lower_texts):
            pos = low.find(last)
            while pos > 0:
                m = _FIRST_NAME_RE.search(text, max(0, pos - 40), pos)
                if m is not None and m.group(1).lower() == first:
                    return text[m.start(1):pos + len(last)]
                pos = low.find(last, pos + 1)
        return f"{first.title()} {last.title()}"

    # -- pronouns -------------------------------------------------------------------------------
    def resolve_pronoun(self, sentence: int, pos: int, pronoun: str) -> _Entity | None:
        """The one compatible candidate before ``pos`` in the sentence, else in the nearest
        earlier sentence holding any (up to the lookback); None when none or several, or when
        an earlier sentence resting on a source that does not fit comes first."""
        spec = self.R.pronouns.get(pronoun)
        if spec is None:
            return None
        kinds, gender = spec
        for back in range(self.R.lookback + 1):
            i = sentence - back
            if i < 0:
                break
            cands = [s for s in (self.scan(i, pos) if back == 0 else self.scan(i)) if s.pronoun is None]
            found: dict[Any, Any] = {}
            for s in cands:
                kind = s.entity.kind if s.entity is not None else s.kind
                if kind not in kinds:
                    continue
                g = s.entity.gender if s.entity is not None else s.gender
                if gender and g and g != gender:
                    continue
                found[id(s.entity) if s.entity is not None else s.text.lower()] = s
            if len(found) == 1:
                s = next(iter(found.values()))
                if s.entity is None:
                    p = self.parse(s.text, s.kind or "organization")
                    s.entity = self.entity_for(p, i, s.kind or "organization")
                return s.entity
            if len(found) > 1:
                return None
            if back > 0 and any(a.source is not None for a in self.results[i].attributions):
                # The nearest earlier sentence resting on a source, none of which fits the
                # pronoun ("Acme's spokesman said ... It ..."): do not reach past it to an
                # older candidate; the pronoun is left unresolved.
                return None
        return None

    # -- scanning a sentence for everything it names -------------------------------------------
    def scan(self, i: int, end: int | None = None) -> list[_Scanned]:
        """What sentence ``i`` names (up to ``end``: uncached, for the sentence being grouped)."""
        if end is not None:
            return self._scan(i, end)
        got = self._scan_cache.get(i)
        if got is None:
            got = self._scan(i)
            self._scan_cache[i] = got
        return got

    def _in_quote(self, i: int, pos: int) -> bool:
        if self.quotes is None or not self.quotes[i]:
            return False
        return any(a <= pos < b for a, b in self.quotes[i])

    def _scan(self, i: int, end: int | None = None) -> list[_Scanned]:
        R = self.R
        s = self.results[i].sentence
        text = self.text(i)
        known = self.known.get(i, [])
        out: list[_Scanned] = []
        quotes = None
        if self.quotes is not None and self.quotes[i]:
            quotes = [(a, b) for a, b in self.quotes[i] if a < s.end and b > s.start] or None
        first_word = s.start + (len(s.text) - len(s.text.lstrip("\"“‘'([—–- ")))
        parse = self.parse
        lookup = self.lookup
        not_names = R.not_names
        org_heads = R.org_heads
        for m in R.scan_re.finditer(text, s.start, s.end if end is None else end):
            pos = m.start()
            if quotes is not None and any(a <= pos < b for a, b in quotes):
                continue
            mend = m.end()
            if known:
                hit = False
                for ka, kb, _ in known:
                    if ka <= pos < kb or pos <= ka < mend:
                        hit = True
                        break
                if hit:
                    continue
            kind_of = m.lastgroup
            if kind_of == "pron":
                sc = _Scanned(pos, mend, m.group())
                sc.pronoun = m.group().lower()
                out.append(sc)
                continue
            if kind_of == "det":
                nl = m.group("dn").lower()
                if not (nl in R.generic_org or nl in R.generic_media or nl in R.doc_heads
                        or nl in R.claim_nouns or nl in R.titles):
                    continue
                sc = _Scanned(pos, mend, m.group())
                p = parse(sc.text, "organization")
                sc.entity = lookup(p)
                sc.claim = sc.entity is None and (nl in R.claim_nouns or nl in R.doc_heads)
                if sc.entity is not None or sc.claim:
                    out.append(sc)
                continue
            # a run of capitalised words
            words = m.group().split()
            a = pos
            while words and words[0].lower() in not_names:
                a = text.index(words[1], a + len(words[0])) if len(words) > 1 else mend
                words.pop(0)
            if not words:
                continue
            b = mend
            det_a = a
            if a >= 4 and text[a - 4:a].lower() == "the ":
                det_a = a - 4
            poss = text.startswith(("'s", "’s"), b)
            lows = [w.lower() for w in words]
            sc = _Scanned(a, b, text[a:b])
            # (_guess_kind is pure, and its answer is not used for a single word)
            single = len(words) == 1 and not _is_acronym(words[0]) and lows[0] not in org_heads
            if single:
                kind = "named_person"  # a surname, or something unknown
            else:
                kind = self._guess_kind(words, lows)
            p = parse(text[det_a:b], kind)
            sc.entity = lookup(p)
            sc.gender = p.gender
            # candidates for a pronoun: organisation-like names, or persons with a first name or
            # a title; a lone unknown capitalised word ("Denver") is no candidate.
            sc.kind = None if single and not (p.titles and p.person) else kind
            sc.named = not single or poss or a > first_word or bool(p.titles)
            if sc.entity is not None or sc.named:
                out.append(sc)
        for a, b, e in known:
            if (end is not None and b > end) or (quotes is not None and any(x <= a < y for x, y in quotes)):
                continue
            sc = _Scanned(a, b, text[a:b])
            sc.entity = e
            sc.named = True
            out.append(sc)
        if known:
            out.sort(key=lambda x: x.start)
        return out

    # -- caveats --------------------------------------------------------------------------------
    def caveat_sentences(self, lowers: Sequence[Sequence[str]] | None) -> list[tuple[int, list[CaveatPattern]]]:
        """Sentences holding a trigger word of some pattern, with the patterns to try there."""
        R = self.R
        suffixes = R.trigger_suffixes
        suffix_hits: set[int] = set()
        if self.shared is not None:
            text = self.shared
            starts = [r.sentence.start for r in self.results]
            found = _suffix_starts(text, suffixes)
            if found is not None:  # one pass instead of one str.find pass per suffix
                for pos in found:
                    suffix_hits.add(bisect_right(starts, pos) - 1)
            else:
                for x in suffixes:
                    pos = text.find(x)
                    while pos >= 0:
                        suffix_hits.add(bisect_right(starts, pos) - 1)
                        pos = text.find(x, pos + 1)
        else:
            suffix_hits = {i for i, r in enumerate(self.results) if any(x in r.sentence.text for x in suffixes)}
        out = []
        triggers = R.triggers
        if lowers is not None:
            # the common case (a document's tokens): one C-level set test per sentence, and only
            # the sentences with a trigger word or suffix go on
            todo = sorted(suffix_hits.union(
                i for i, low in enumerate(lowers) if not triggers.isdisjoint(low)))
        else:
            todo = range(len(self.results))
        results = self.results
        for i in todo:
            if i < 0:
                continue
            r = results[i]
            low = lowers[i] if lowers is not None else [t.lower() for t in TOKEN_RE.findall(r.sentence.text)]
            hit_words = not triggers.isdisjoint(low)
            hit_suffix = i in suffix_hits
            if not (hit_words or hit_suffix):
                continue
            words = R.triggers.intersection(low) if hit_words else frozenset()
            pats = [p for p in R.patterns if (p.triggers and not p.triggers.isdisjoint(words))
                    or (hit_suffix and p.trigger_suffixes and any(x in r.sentence.text for x in p.trigger_suffixes))]
            if pats:
                out.append((i, pats))
        return out

    def find_caveats(self, candidates: list[tuple[int, list[CaveatPattern]]]) -> None:
        for i, pats in candidates:
            r = self.results[i]
            s = r.sentence
            text = self.text(i)
            seen: list[tuple[int, int]] = []
            for pat in pats:
                for m in pat.regex.finditer(text, s.start, s.end):
                    a, b = m.start(), m.end()
                    if any(x < b and a < y for x, y in seen) or self._in_quote(i, a):
                        continue
                    target = self.caveat_target(i, a, b, pat)
                    seen.append((a, b))
                    if target is None:
                        continue
                    entity, via, mention = target
                    cav = SourceCaveat(i, a, b, text[a:b], pat.family, pat.id, via)
                    if not any(c.start == a and c.sentence == i for c in entity.caveats):
                        entity.caveats.append(cav)
                    if mention is not None and not any(
                            x.sentence == i and x.start == mention.start for x in entity.mentions):
                        entity.mentions.append(SourceMention(i, mention.start, mention.end, mention.text, "caveat"))

    def caveat_target(self, i: int, a: int, b: int, pat: CaveatPattern):
        order = {"before": ("before",), "after": ("after",),
                 "after_then_before": ("after", "before"),
                 "before_then_after": ("before", "after")}[pat.target]
        text = self.text(i)
        scanned = self.scan(i)
        # "The self-styled Tidewater Watch said", "industry-funded Delta Institute said": the
        # caveat sits inside the source's own noun phrase.
        inside = next((s for s in scanned if s.start <= a and b <= s.end and s.entity is not None), None)
        if inside is not None:
            return inside.entity, "name", inside
        for direction in order:
            if direction == "before":
                cands = [s for s in scanned if s.end <= a]
                if not cands:
                    continue
                s = max(cands, key=lambda x: x.end)
                gap = text[s.end:a]
                ok = self._gap_ok(gap, pat.gap, pat.max_gap_words, pat.gap_name != "any")
            else:
                cands = [s for s in scanned if s.start >= b]
                if not cands:
                    continue
                s = min(cands, key=lambda x: x.start)
                gap = text[b:s.start]
                ok = self._gap_ok(gap, pat.after_gap, pat.max_gap_words, True)
            if not ok:
                continue
            if s.pronoun is not None:
                if pat.claim_reference and s.pronoun in ("it", "they") and direction == "before":
                    return self._previous_source(i)
                e = self.resolve_pronoun(i, s.start, s.pronoun)
                if e is None:
                    return None
                return e, "pronoun", s
            if s.entity is not None:
                return s.entity, "name", s
            if s.claim:
                return self._previous_source(i) if pat.claim_reference else None
            return None  # names something that is no source of the article
        if pat.claim_reference and not any(s.end <= a for s in scanned):
            return self._previous_source(i)
        return None

    def _gap_ok(self, gap: str, rx: re.Pattern[str], max_words: int, stops: bool) -> bool:
        words = TOKEN_RE.findall(gap)
        if sum(1 for w in words if w[:1].isalnum()) > max_words:
            return False
        if stops and any(w.lower() in self.R.gap_stop for w in words):
            return False
        return rx.fullmatch(gap) is not None

    def _previous_source(self, i: int):
        if i == 0:
            return None
        prev = self.known.get(i - 1, [])
        ents = {id(e): e for _, _, e in prev if e.kind != "self"}
        if len(ents) == 1:
            return next(iter(ents.values())), "previous_sentence", None
        return None


def build_sources(
    results: Sequence[SentenceResult],
    texts: Sequence[str] | str,
    quotes: Sequence[Sequence[tuple[int, int]]] | None = None,
    lowers: Sequence[Sequence[str]] | None = None,
    rules: Rules | None = None,
) -> list[ArticleSource]:
    """Group the article's source mentions into sources and attach caveats.

    Sets each result's ``source_ids`` (parallel to its attributions) and ``source_caveat``, and
    returns the sources in order of first mention.

    Parameters
    ----------
    results : sequence of SentenceResult
        The sentences of one article, in order.
    texts : str or sequence of str
        The text every sentence's offsets index (one document), or one text per sentence
        (separately submitted sentences, whose offsets index each item).
    quotes : sequence of quote-region lists, optional
        Per sentence, the direct-quote regions of its paragraph; caveats inside a quote (the
        quoted speaker's) are not the article's and are skipped.
    lowers : sequence of token lists, optional
        Per sentence, its lower-cased tokens (a prefilter for the caveat patterns); computed
        when not given.
    rules : Rules, optional
        Default: the shipped ``article_rules.json``.
    """
    R = rules or default_rules()
    art = _Article(results, texts, quotes, R)
    parse = art.parse
    attributed = [(i, r) for i, r in enumerate(results) if r.attributions]
    # pre-pass: every full-named person (for surnames met before the full name) and the gender
    # their titles give
    for _, r in attributed:
        for att in r.attributions:
            src = att.source
            if src is not None and src.kind == "named_person":
                p = parse(src.text, "named_person")
                if p.person and p.first:
                    key = (p.first, p.last)
                    art._known_people.setdefault(p.last, set()).add(key)
                    if p.gender:
                        art._person_gender.setdefault(key, p.gender)
    # mention text -> entity, for mentions whose resolution does not depend on where they are
    seen: dict[tuple[str, str], _Entity] = {}
    # A transcript turn ("SENATOR HOLLIS: We never ..."): the speaker label's source and its
    # paragraph; "I" and "we" in the turn are the speaker (and the speaker's side), not the
    # writer. A turn ends at the paragraph's end.
    turn: tuple[int, _Entity] | None = None
    for i, r in attributed:
        ids: list[str | None] = []
        known = art.known[i] = []
        para = r.sentence.paragraph
        if turn is not None and turn[0] != para:
            turn = None
        for att in r.attributions:
            src = att.source
            if src is None:
                ids.append(None)
                continue
            if src.kind == "self" and turn is not None:
                e = turn[1]
                e.mentions.append(SourceMention(i, src.start, src.end, src.text, "source"))
                if not e.sentences or e.sentences[-1] != i:
                    e.sentences.append(i)
                known.append((src.start, src.end, e))
                ids.append(e.id)
                continue
            same = next((x for a, b, x in known if a == src.start and b == src.end), None)
            if same is not None:
                # one span, two cues ("A spokesperson said ..., but declined to ..."): one
                # mention of one source, even for an indefinite singular that stays apart
                # from its other mentions
                ids.append(same.id)
                continue
            key = (src.text, src.kind)
            e = seen.get(key)
            if e is None:
                p = parse(src.text, src.kind)
                if p.pronoun is not None:
                    if src.kind == "self":
                        e = art.entity_for(p, i, "self")
                    else:
                        e = art.resolve_pronoun(i, src.start, p.pronoun)
                        if e is None:
                            e = art.new_entity(src.text, src.kind)
                            # An unresolved "She" keeps its gender, so that a later "he" cannot
                            # take it as its antecedent.
                            e.gender = art.R.pronouns[p.pronoun][1]
                elif not p.toks:
                    e = art.new_entity(src.text, src.kind)
                else:
                    e = art.entity_for(p, i, src.kind)
                    if not p.indef and not (p.person and not p.first):
                        seen[key] = e
                    if p.person and e.kind == "named_person":
                        _appositive_roles(art, e, src, att.cue, art.text(i))
            ms = e.mentions
            ms.append(SourceMention(i, src.start, src.end, src.text, "source"))
            sents = e.sentences
            if not sents or sents[-1] != i:
                sents.append(i)
            known.append((src.start, src.end, e))
            ids.append(e.id)
            if att.cue.rule == "attribution.speaker_label":
                turn = (para, e)
        r.source_ids = ids
    art._scan_cache.clear()
    cands = art.caveat_sentences(lowers)
    if cands:
        art.find_caveats(cands)
    entities = art.entities
    kept = [e for e in entities if e.mentions or e.caveats]
    if len(kept) != len(entities):
        renumber = {e.id: f"s{k + 1}" for k, e in enumerate(kept)}
        for r in results:
            if r.source_ids:
                r.source_ids = [None if x is None else renumber[x] for x in r.source_ids]
        for e in kept:
            e.id = renumber[e.id]
    out = []
    caveated = set()
    for e in kept:
        mentions = e.mentions
        caveats = e.caveats
        if caveats:
            caveated.add(e.id)
            mentions = sorted(mentions, key=lambda m: (m.sentence, m.start))
            caveats = sorted(caveats, key=lambda c: (c.sentence, c.start))
        out.append(ArticleSource(e.id, e.name or (mentions[0].text if mentions else ""), e.kind,
                                 mentions, e.sentences, caveats))
    if caveated:
        for r in results:
            if r.source_ids and any(x in caveated for x in r.source_ids):
                r.source_caveat = True
    return out


def _appositive_roles(art: _Article, e: _Entity, src: Any, cue: Any, text: str) -> None:
    """Titles and gender from an appositive: "Maria Lopez, a spokeswoman for ..., said"."""
    if src.end > cue.start or not text.startswith(",", src.end):
        return
    R = art.R
    words = {w.lower() for w in TOKEN_RE.findall(text, src.end, cue.start)}
    e.roles |= words & R.titles
    if e.gender is None:
        e.gender = "f" if words & R.female else "m" if words & R.male else None
