"""Result types shared by every part of credscore.

All offsets are half-open ``[start, end)`` indices into the *submitted* text, counted in Python
``str`` indices (code points), so ``text[start:end]`` is always the span's text. The same
convention holds for sentences, cue spans and source spans (DESIGN.md, "What a statement gets").

The span types are immutable named tuples rather than frozen dataclasses: the matcher creates
several per sentence, and a frozen dataclass costs about three times as much to build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

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


class SourceSpan(NamedTuple):
    """The source an attribution cue points to ("the ministry", "Maria Lopez", "officials")."""

    text: str
    start: int
    end: int
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind}


class Attribution(NamedTuple):
    """An attribution cue and, when one was found, its source."""

    cue: CueSpan
    source: SourceSpan | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "cue": self.cue.to_dict(),
            "source": None if self.source is None else self.source.to_dict(),
        }


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
        n = len(self.sentences)

        def share(pred) -> float | None:
            return None if n == 0 else round(sum(1 for r in self.sentences if pred(r)) / n, 4)

        kinds = {src.id: src.kind for src in self.sources}

        def main_kind(r: SentenceResult) -> str | None:
            k = r.main_index
            if k is None or r.attributions[k].source is None:
                return None
            sid = r.source_id(k)
            return kinds.get(sid, r.attributions[k].source.kind) if sid else r.attributions[k].source.kind

        scores = [r.verifiability for r in self.sentences if r.verifiability is not None]
        main_kinds = [main_kind(r) for r in self.sentences]

        def kind_share(wanted: frozenset[str]) -> float | None:
            return None if n == 0 else round(sum(1 for k in main_kinds if k in wanted) / n, 4)

        words = sum(len(_WORD_RE.findall(r.sentence.text)) for r in self.sentences)
        hedges = sum(1 for r in self.sentences for c in r.cues if c.type == "hedge")
        ranked = sorted(
            (src for src in self.sources if src.sentences),
            key=lambda src: -len(src.sentences),
        )
        return {
            "n_sentences": n,
            "mean_verifiability": round(sum(scores) / len(scores), 4) if scores else None,
            "hedged": share(lambda r: r.has("hedge")),
            "attributed": share(lambda r: bool(r.attributions)),
            "vague_source": share(
                lambda r: r.has("vague_source")
                or any(a.source is not None and a.source.kind == "vague" for a in r.attributions)
            ),
            "unverified": share(lambda r: r.has("unverified")),
            "approximation": share(lambda r: r.has("approximation")),
            "source_named": kind_share(_NAMED_KINDS),
            "source_anonymous_official": kind_share(frozenset({"official_anonymous"})),
            "source_vague": kind_share(frozenset({"vague"})),
            "source_caveated": share(lambda r: r.source_caveat),
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
