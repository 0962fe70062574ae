"""Result types shared by every part of credscore.

All offsets are half-open ``[start, end)`` indices into the *submitted* text, counted in Python
``str`` indices (code points), so ``text[start:end]`` is always the span's text. The same
convention holds for sentences, cue spans and source spans (DESIGN.md, "What a statement gets").

The span types are immutable named tuples rather than frozen dataclasses: the matcher creates
several per sentence, and a frozen dataclass costs about three times as much to build.
"""

from __future__ import annotations

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

    @property
    def attribution(self) -> Attribution | None:
        for att in self.attributions:
            if att.source is not None:
                return att
        return self.attributions[0] if self.attributions else None

    def has(self, cue_type: str, *, include_quoted: bool = True) -> bool:
        """Whether the sentence holds a cue of ``cue_type``."""
        return any(c.type == cue_type and (include_quoted or not c.quoted) for c in self.cues)

    def to_dict(self) -> dict[str, Any]:
        s = self.sentence
        att = self.attribution
        return {
            "index": s.index,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "paragraph": s.paragraph,
            "cues": [c.to_dict() for c in self.cues],
            "attribution": None if att is None else att.to_dict(),
            "attributions": [a.to_dict() for a in self.attributions],
            "verifiability": self.verifiability,
            "label": self.label,
            "claim": self.claim,
            "claim_label": self.claim_label,
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

    def summary(self) -> dict[str, Any]:
        """Sentence count and the share of sentences carrying each kind of cue.

        Quoted hedges count: a quoted speaker's hedge still weakens the statement, and the
        per-cue ``quoted`` flag lets a reader tell the two apart.
        """
        n = len(self.sentences)

        def share(pred) -> float | None:
            return None if n == 0 else round(sum(1 for r in self.sentences if pred(r)) / n, 4)

        scores = [r.verifiability for r in self.sentences if r.verifiability is not None]
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
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "sentences": [r.to_dict() for r in self.sentences],
            "summary": self.summary(),
            "lexicon": self.lexicon,
        }
