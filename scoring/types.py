"""Result types shared by every part of credscore.

All offsets are half-open ``[start, end)`` indices into the *submitted* text, counted in Python
``str`` indices (code points), so ``text[start:end]`` is always the span's text. The same
convention holds for sentences, cue spans and source spans (DESIGN.md, "What a statement gets").

The span types are immutable named tuples rather than frozen dataclasses: the matcher creates
several per sentence, and a frozen dataclass costs about three times as much to build.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

# ``to_json`` methods: the JSON text of ``to_dict()`` written directly, without building the
# dicts (batch writes millions of lines: half the time of ``json.dumps(to_dict())``). The
# text is exactly ``json.dumps(obj.to_dict(), ensure_ascii=False)``: separators ", " and ": ",
# strings escaped by the json module's own C function, floats as ``float.__repr__`` (NaN and
# infinities as json writes them). They rely on the data model's types: ints (offsets, indices)
# are plain ints and written with format(), flags are bools; a string field holding anything
# else raises TypeError (scoring.batch then falls back to ``json.dumps(to_dict())``).
# ``tests/test_batch_json.py`` checks the equality on generated and adversarial documents, and
# that the keys match: a key added to a ``to_dict`` must be added to its ``to_json``.
_jstr = json.encoder.encode_basestring  # c_encode_basestring where the C accelerator exists
_jdumps = json.JSONEncoder(ensure_ascii=False).encode  # == json.dumps(obj, ensure_ascii=False)
_NONFINITE = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def _jfloat(x: Any) -> str:
    """A ``float | None`` field as json.dumps writes it (anything else: json.dumps itself)."""
    if type(x) is float:
        r = float.__repr__(x)
        return _NONFINITE.get(r, r)
    if x is None:
        return "null"
    return _jdumps(x)


def _jopt(s: str | None) -> str:
    """A ``str | None`` field."""
    return "null" if s is None else _jstr(s)


_JBOOL = {True: "true", False: "false"}
_CUE_HEADS: dict[tuple[str, str], str] = {}  # (type, rule) -> the cue's JSON up to "start"


#: The cue types of DESIGN.md. A lexicon entry must use one of them.
CUE_TYPES: tuple[str, ...] = ("hedge", "attribution", "vague_source", "unverified", "approximation")

#: The kinds a source span can have (DESIGN.md).
SOURCE_KINDS: tuple[str, ...] = (
    "named_person",
    "organization",
    "media",
    "official_anonymous",
    "vague",
    "document",
    "self",
)


#: Source kinds counted as named (identifiable) in the summary's ``source_named``.
_NAMED_KINDS = frozenset({"named_person", "organization", "media", "document"})
_WORD_RE = re.compile(r"\w+")
# What ``\w`` matches, for ASCII (index 128: any other code point, looked up on its own).
_ASCII_WORD = np.array([chr(c).isalnum() or c == 95 for c in range(128)] + [False])


def _count_words(text: str) -> int:
    """``len(_WORD_RE.findall(text))`` without building the words: the number of ``\\w``
    characters not preceded by one. For a ``str`` pattern ``\\w`` is ``str.isalnum()`` or
    ``_`` (the regex module's own definition; equal for every code point in Python 3.11)."""
    if not text:
        return 0
    # utf-32: one unit per code point (a lone surrogate passes through: no \w, not alnum)
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    word = _ASCII_WORD[np.minimum(cps, 128)]
    high = cps >= 128
    if high.any():
        other = cps[high]
        distinct = np.unique(other)
        is_word = np.fromiter((chr(c).isalnum() for c in distinct.tolist()), dtype=bool, count=len(distinct))
        word[high] = is_word[np.searchsorted(distinct, other)]
    return int(word[0]) + int(np.count_nonzero(word[1:] > word[:-1]))


class Sentence(NamedTuple):
    """One sentence of a text.

    Attributes
    ----------
    index : int
        Position of the sentence in the document, from 0.
    start, end : int
        Half-open code-point offsets into the document; ``doc[start:end] == text``.
    text : str
        The sentence text, without surrounding whitespace.
    paragraph : int
        Index of the paragraph (block of text between blank lines or line breaks) holding it.
    """

    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0


class CueSpan(NamedTuple):
    """A flagged span of text.

    Attributes
    ----------
    type : str
        One of :data:`CUE_TYPES`.
    rule : str
        Id of the lexicon rule that matched (e.g. ``"hedge.modal_may"``).
    start, end : int
        Half-open offsets into the document.
    text : str
        ``doc[start:end]``.
    quoted : bool
        True when the span sits inside a direct quotation: the hedge is the quoted speaker's,
        not the writer's.
    """

    type: str
    rule: str
    start: int
    end: int
    text: str
    quoted: bool = False

    def overlaps(self, other: "CueSpan | SourceSpan") -> bool:
        """Whether the two half-open spans share at least one code point."""
        return self.start < other.end and other.start < self.end

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "quoted": self.quoted,
        }

    def to_json(self) -> str:
        """``json.dumps(self.to_dict(), ensure_ascii=False)``, faster (see the module's top)."""
        type_, rule, start, end, text, quoted = self
        head = _CUE_HEADS.get((type_, rule))
        if head is None:
            head = f'{{"type": {_jstr(type_)}, "rule": {_jstr(rule)}, "start": '
            if len(_CUE_HEADS) < 10_000:  # one per lexicon rule in practice
                _CUE_HEADS[(type_, rule)] = head
        return f'{head}{start}, "end": {end}, "text": {_jstr(text)}, "quoted": {_JBOOL[quoted]}}}'


class SourceSpan(NamedTuple):
    """The source an attribution cue points to ("the ministry", "Maria Lopez", "officials")."""

    text: str
    start: int
    end: int
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind}

    def to_json(self) -> str:
        return f'{{"text": {_jstr(self.text)}, "start": {self.start}, "end": {self.end}, "kind": {_jstr(self.kind)}}}'


class Attribution(NamedTuple):
    """An attribution cue and, when one was found, its source."""

    cue: CueSpan
    source: SourceSpan | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "cue": self.cue.to_dict(),
            "source": None if self.source is None else self.source.to_dict(),
        }

    def to_json(self) -> str:
        src = "null" if self.source is None else self.source.to_json()
        return f'{{"cue": {self.cue.to_json()}, "source": {src}}}'


@dataclass(slots=True)
class SentenceResult:
    """Everything credscore says about one sentence.

    ``attribution`` is the sentence's main attribution (the first cue with a source, else the
    first attribution cue); ``attributions`` lists all of them in text order.
    ``verifiability``/``label`` and ``claim``/``claim_label`` stay ``None`` until a model
    scores the sentence.
    """

    sentence: Sentence
    cues: list[CueSpan] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    verifiability: float | None = None
    label: str | None = None
    claim: float | None = None
    claim_label: str | None = None
    #: Article-level source id of each attribution's source (parallel to ``attributions``;
    #: ``None`` for an attribution without a source, or before the article step ran).
    source_ids: list[str | None] | None = None
    #: True when the article caveats a source this sentence is attributed to (any attribution).
    source_caveat: bool = False

    @property
    def attribution(self) -> Attribution | None:
        for att in self.attributions:
            if att.source is not None:
                return att
        return self.attributions[0] if self.attributions else None

    def has(self, cue_type: str, *, include_quoted: bool = True) -> bool:
        """Whether the sentence holds a cue of ``cue_type``."""
        return any(c.type == cue_type and (include_quoted or not c.quoted) for c in self.cues)

    @property
    def main_index(self) -> int | None:
        """Index in ``attributions`` of :attr:`attribution` (None without attributions)."""
        for k, att in enumerate(self.attributions):
            if att.source is not None:
                return k
        return 0 if self.attributions else None

    def source_id(self, k: int) -> str | None:
        """Article-level source id of attribution ``k``'s source, if grouped."""
        ids = self.source_ids
        return ids[k] if ids is not None and k < len(ids) else None

    def to_dict(self) -> dict[str, Any]:
        s = self.sentence
        atts = []
        for k, a in enumerate(self.attributions):
            d = a.to_dict()
            if d["source"] is not None:
                d["source"]["id"] = self.source_id(k)
            atts.append(d)
        main = self.main_index
        return {
            "index": s.index,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "paragraph": s.paragraph,
            "cues": [c.to_dict() for c in self.cues],
            "attribution": None if main is None else atts[main],
            "attributions": atts,
            "source_caveat": self.source_caveat,
            "verifiability": self.verifiability,
            "label": self.label,
            "claim": self.claim,
            "claim_label": self.claim_label,
        }

    def to_json(self) -> str:
        """``json.dumps(self.to_dict(), ensure_ascii=False)``, faster (see the module's top)."""
        index, start, end, text, paragraph = self.sentence
        cues = self.cues
        cue_json = [c.to_json() for c in cues]
        atts = []
        ids = self.source_ids
        main = None  # self.main_index, found on the way
        for k, (cue, src) in enumerate(self.attributions):
            for j, c in enumerate(cues):  # an attribution's cue is one of the sentence's cues
                if c is cue:
                    cj = cue_json[j]
                    break
            else:
                cj = cue.to_json()
            if src is None:
                atts.append(f'{{"cue": {cj}, "source": null}}')
            else:
                if main is None:
                    main = k
                sid = ids[k] if ids is not None and k < len(ids) else None
                s_text, s_start, s_end, s_kind = src
                atts.append(f'{{"cue": {cj}, "source": {{"text": {_jstr(s_text)}, "start": {s_start}, '
                            f'"end": {s_end}, "kind": {_jstr(s_kind)}, "id": {_jopt(sid)}}}}}')
        if main is None and atts:
            main = 0
        return (f'{{"index": {index}, "start": {start}, "end": {end}, "text": {_jstr(text)}, '
                f'"paragraph": {paragraph}, "cues": [{", ".join(cue_json)}], '
                f'"attribution": {"null" if main is None else atts[main]}, "attributions": [{", ".join(atts)}], '
                f'"source_caveat": {_JBOOL[self.source_caveat]}, "verifiability": {_jfloat(self.verifiability)}, '
                f'"label": {_jopt(self.label)}, "claim": {_jfloat(self.claim)}, '
                f'"claim_label": {_jopt(self.claim_label)}}}')


class SourceMention(NamedTuple):
    """One place where an article names a source.

    ``role`` is ``"source"`` (an attribution's source span) or ``"caveat"`` (the name, alias or
    pronoun through which a caveat sentence refers to the source). ``start``/``end`` index the
    text that sentence ``sentence``'s offsets index (the document, or the submitted item).
    """

    sentence: int
    start: int
    end: int
    text: str
    role: str = "source"

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "start": self.start, "end": self.end, "text": self.text,
                "role": self.role}

    def to_json(self) -> str:
        return (f'{{"sentence": {self.sentence}, "start": {self.start}, "end": {self.end}, '
                f'"text": {_jstr(self.text)}, "role": {_jstr(self.role)}}}')


class SourceCaveat(NamedTuple):
    """A statement of the article that qualifies a source's reliability.

    ``start``/``end``/``text`` are the caveat phrase ("could not be independently verified");
    ``family`` and ``rule`` name the pattern (``scoring/article_rules.json``); ``via`` says how
    the caveat reached the source: ``"name"`` (the sentence names it or an alias of it),
    ``"pronoun"`` ("its figures", resolved) or ``"previous_sentence"`` (a bare "The figures
    could not be verified" after a sentence resting on this one source).
    """

    sentence: int
    start: int
    end: int
    text: str
    family: str
    rule: str
    via: str

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "start": self.start, "end": self.end, "text": self.text,
                "family": self.family, "rule": self.rule, "via": self.via}

    def to_json(self) -> str:
        return (f'{{"sentence": {self.sentence}, "start": {self.start}, "end": {self.end}, '
                f'"text": {_jstr(self.text)}, "family": {_jstr(self.family)}, "rule": {_jstr(self.rule)}, '
                f'"via": {_jstr(self.via)}}}')


@dataclass(slots=True)
class ArticleSource:
    """One distinct source of an article: its mentions (aliases resolved), the sentences
    attributed to it, and the article's caveats about it (see docs/SOURCES.md)."""

    id: str
    name: str
    kind: str
    mentions: list[SourceMention] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    caveats: list[SourceCaveat] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "mentions": [m.to_dict() for m in self.mentions],
            "sentences": list(self.sentences),
            "caveats": [c.to_dict() for c in self.caveats],
        }

    def to_json(self) -> str:
        mentions = ", ".join([m.to_json() for m in self.mentions])
        sentences = ", ".join([f"{i}" for i in self.sentences])
        caveats = ", ".join([c.to_json() for c in self.caveats])
        return (f'{{"id": {_jstr(self.id)}, "name": {_jstr(self.name)}, "kind": {_jstr(self.kind)}, '
                f'"mentions": [{mentions}], "sentences": [{sentences}], "caveats": [{caveats}]}}')


@dataclass(slots=True)
class DocumentResult:
    """The analysis of one document: its sentences and a summary.

    ``model`` names the model that scored it (``None`` for cues only); ``lexicon`` the sha256
    and rule count of the lexicon that made the spans (the model's own when a model is used),
    so every output can be traced to the rules and model that made it.
    """

    sentences: list[SentenceResult]
    model: dict[str, Any] | None = None
    lexicon: dict[str, Any] | None = None
    #: Article-level sources (scoring.article): filled by every analysis entry point.
    sources: list[ArticleSource] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Sentence count, the share of sentences carrying each kind of cue, and the sources.

        Quoted hedges count: a quoted speaker's hedge still weakens the statement, and the
        per-cue ``quoted`` flag lets a reader tell the two apart.

        Source shares use each sentence's main attribution (``attribution``) and the kind of the
        article source it resolves to (a resolved "he" counts as its named antecedent):
        ``source_named`` (named_person, organization, media, document),
        ``source_anonymous_official``, ``source_vague``; ``self`` counts in none of them.
        ``source_caveated`` is the share of sentences with ``source_caveat``. ``top_sources``:
        up to 5 sources by number of attributed sentences (ties: first cited first).
        ``hedging_density``: hedge cues (quoted ones included) per 100 words (``\\w+`` runs of
        the sentences).
        """
        # One pass over the sentences (this runs for every document scored, batch included);
        # the counts and the float arithmetic are those of the definitions above.
        sentences = self.sentences
        n = len(sentences)
        kinds = {src.id: src.kind for src in self.sources}
        hedged = attributed = vague = unverified = approximation = caveated = 0
        named = anonymous = vague_main = hedges = 0
        scores = []
        for r in sentences:
            if r.verifiability is not None:
                scores.append(r.verifiability)
            has_hedge = has_vague = has_unverified = has_approximation = False
            for c in r.cues:
                t = c.type
                if t == "hedge":
                    hedges += 1
                    has_hedge = True
                elif t == "vague_source":
                    has_vague = True
                elif t == "unverified":
                    has_unverified = True
                elif t == "approximation":
                    has_approximation = True
            main = None  # the kind of the main attribution's source (the first one with a source)
            atts = r.attributions
            if atts:
                attributed += 1
                found = False
                for k, att in enumerate(atts):
                    src = att.source
                    if src is not None:
                        if not found:
                            found = True
                            sid = r.source_id(k)
                            main = kinds.get(sid, src.kind) if sid else src.kind
                        if src.kind == "vague":
                            has_vague = True
                            break
            hedged += has_hedge
            vague += has_vague
            unverified += has_unverified
            approximation += has_approximation
            if r.source_caveat:
                caveated += 1
            if main is not None:
                if main in _NAMED_KINDS:
                    named += 1
                elif main == "official_anonymous":
                    anonymous += 1
                elif main == "vague":
                    vague_main += 1

        def share(count: int) -> float | None:
            return None if n == 0 else round(count / n, 4)

        words = _count_words(" ".join([r.sentence.text for r in sentences]))
        ranked = sorted(
            (src for src in self.sources if src.sentences),
            key=lambda src: -len(src.sentences),
        )
        return {
            "n_sentences": n,
            "mean_verifiability": round(sum(scores) / len(scores), 4) if scores else None,
            "hedged": share(hedged),
            "attributed": share(attributed),
            "vague_source": share(vague),
            "unverified": share(unverified),
            "approximation": share(approximation),
            "source_named": share(named),
            "source_anonymous_official": share(anonymous),
            "source_vague": share(vague_main),
            "source_caveated": share(caveated),
            "n_sources": len(self.sources),
            "top_sources": [
                {"id": src.id, "name": src.name, "kind": src.kind, "count": len(src.sentences)}
                for src in ranked[:5]
            ],
            "hedging_density": round(100 * hedges / words, 2) if words else None,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "sentences": [r.to_dict() for r in self.sentences],
            "sources": [src.to_dict() for src in self.sources],
            "summary": self.summary(),
            "lexicon": self.lexicon,
        }

    def to_json(self, exclude: frozenset[str] | tuple[str, ...] = ()) -> str:
        """``json.dumps(d, ensure_ascii=False)`` of ``d = self.to_dict()`` without the keys in
        ``exclude``, built without the dicts (several times faster; see the module's top)."""
        parts = []
        if "model" not in exclude:
            parts.append(f'"model": {_jdumps(self.model)}')
        if "sentences" not in exclude:
            parts.append(f'"sentences": [{", ".join([r.to_json() for r in self.sentences])}]')
        if "sources" not in exclude:
            parts.append(f'"sources": [{", ".join([src.to_json() for src in self.sources])}]')
        if "summary" not in exclude:
            parts.append(f'"summary": {_jdumps(self.summary())}')
        if "lexicon" not in exclude:
            parts.append(f'"lexicon": {_jdumps(self.lexicon)}')
        return "{" + ", ".join(parts) + "}"
