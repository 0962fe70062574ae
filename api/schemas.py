"""Request and response models of the HTTP API.

Requests are strict (``extra="forbid"``, ``strict=True``): an unknown field, a number where a
string is expected or ``0`` for a boolean is a 422 naming the field. The limits of
:class:`~api.settings.Settings` are part of the schema (``maxLength``/``maxItems``), so clients
and schemathesis see them in ``/openapi.json``; the models are therefore built per app by
:func:`build_request_models`.

Responses pass :meth:`scoring.types.DocumentResult.to_dict` through unchanged (the document JSON
of DESIGN.md, as ``credscore score`` prints it); their models below only describe it for
``/openapi.json`` and allow extra keys, so fields added by the library (article ``sources``, a
sentence's ``source_caveat``, new summary keys) appear without an API change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from api.settings import Settings

_STRICT = ConfigDict(extra="forbid", strict=True)
_LOOSE = ConfigDict(extra="allow")

ID_MAX_CHARS = 256
#: Tags of the text/sentences unions; pydantic puts them in an error's ``loc``, the API drops them.
TEXT_TAG, SENTENCES_TAG = "<text request>", "<sentences request>"
UNION_TAGS = frozenset({TEXT_TAG, SENTENCES_TAG})

INCLUDE_CUES_DOC = ("Include each sentence's `cues` list (default true). false drops the key `cues` "
                    "from every sentence; attributions keep their cue.")
INCLUDE_ATTRIBUTIONS_DOC = ("Include each sentence's `attributions` list, all attribution cues with "
                            "their sources (default true). false drops the key `attributions`; the "
                            "main `attribution` stays.")


def _choose(tagged_keys: tuple[str, str]):
    """Discriminator for a text/sentences union: which one of the two keys the object has."""

    def choose(value: Any) -> str | None:
        if isinstance(value, dict):
            present = [k for k in tagged_keys if k in value]
        elif isinstance(value, BaseModel):
            present = [k for k in tagged_keys if k in type(value).model_fields]
        else:
            return None
        if len(present) != 1:
            return None
        return TEXT_TAG if present[0] == "text" else SENTENCES_TAG

    return choose


@dataclass(frozen=True)
class RequestModels:
    """The request types of one app (their limits come from its settings)."""

    text: type[BaseModel]
    sentences: type[BaseModel]
    score: Any  # the annotated union of the two
    batch: type[BaseModel]
    batch_text: type[BaseModel]
    batch_sentences: type[BaseModel]


def build_request_models(settings: Settings) -> RequestModels:
    """Request models whose limits are ``settings``' (documented in the JSON schema)."""
    max_text = settings.max_text_chars
    max_sents = settings.max_sentences
    max_sent = settings.max_sentence_chars

    TextField = Annotated[str, Field(
        max_length=max_text,
        description=f"An article or any text, split into sentences by the service; at most {max_text} "
                    "characters (code points). Offsets in the response index this string.",
        examples=["Officials said at least 40 homes burned. The cause apparently remains unclear."])]
    SentencesField = Annotated[list[Annotated[str, Field(max_length=max_sent)]], Field(
        max_length=max_sents,
        description=f"Sentences, each item one sentence as given (not re-split): at most {max_sents} "
                    f"items of at most {max_sent} characters. The offsets of sentence i index item i.",
        examples=[["Officials said at least 40 homes burned.", "The cause apparently remains unclear."]])]
    Cues = Annotated[bool, Field(description=INCLUDE_CUES_DOC)]
    Atts = Annotated[bool, Field(description=INCLUDE_ATTRIBUTIONS_DOC)]
    DocId = Annotated[str | None, Field(max_length=ID_MAX_CHARS,
                                        description="Your identifier, echoed in the result (optional).")]

    class ScoreTextRequest(BaseModel):
        """Score a text: the service splits it into sentences."""

        model_config = _STRICT
        text: TextField
        include_cues: Cues = True
        include_attributions: Atts = True

    class ScoreSentencesRequest(BaseModel):
        """Score a list of sentences, each item one sentence."""

        model_config = _STRICT
        sentences: SentencesField
        include_cues: Cues = True
        include_attributions: Atts = True

    either = ('give exactly one of "text" (a string) or "sentences" (a list of strings) in a JSON '
              'object')

    def text_or_sentences(text_model: type[BaseModel], sentences_model: type[BaseModel]) -> Any:
        """The union of a text and a sentences model, told apart by which key is present."""
        return Annotated[
            Union[Annotated[text_model, Tag(TEXT_TAG)], Annotated[sentences_model, Tag(SENTENCES_TAG)]],
            Discriminator(_choose(("text", "sentences")), custom_error_type="missing_text_or_sentences",
                          custom_error_message=either),
        ]

    ScoreRequest = text_or_sentences(ScoreTextRequest, ScoreSentencesRequest)

    class BatchTextDocument(BaseModel):
        model_config = _STRICT
        id: DocId = None
        text: TextField

    class BatchSentencesDocument(BaseModel):
        model_config = _STRICT
        id: DocId = None
        sentences: SentencesField

    BatchDocument = text_or_sentences(BatchTextDocument, BatchSentencesDocument)

    class BatchRequest(BaseModel):
        """Score several documents in one request; each is scored on its own."""

        model_config = _STRICT
        documents: Annotated[list[BatchDocument], Field(
            max_length=settings.max_documents,
            description=f"At most {settings.max_documents} documents, each with a `text` or "
                        "`sentences` (same limits as /v1/score) and an optional `id`.")]
        include_cues: Cues = True
        include_attributions: Atts = True

    return RequestModels(ScoreTextRequest, ScoreSentencesRequest, ScoreRequest, BatchRequest,
                         BatchTextDocument, BatchSentencesDocument)


# ---- responses (descriptive; extra keys allowed) --------------------------------------------


class CueOut(BaseModel):
    model_config = _LOOSE
    type: str = Field(description="hedge, attribution, vague_source, unverified or approximation")
    rule: str
    start: int
    end: int
    text: str
    quoted: bool


class SourceOut(BaseModel):
    model_config = _LOOSE
    text: str
    start: int
    end: int
    kind: str


class AttributionOut(BaseModel):
    model_config = _LOOSE
    cue: CueOut
    source: SourceOut | None


class SentenceOut(BaseModel):
    model_config = _LOOSE
    index: int
    start: int = Field(description="Half-open code-point offsets into the submitted text (or item).")
    end: int
    text: str
    paragraph: int
    cues: list[CueOut] | None = Field(None, description="Absent with include_cues=false.")
    attribution: AttributionOut | None
    attributions: list[AttributionOut] | None = Field(None, description="Absent with include_attributions=false.")
    verifiability: float | None
    label: str | None
    claim: float | None
    claim_label: str | None


class DocumentOut(BaseModel):
    """The document JSON of DESIGN.md, as ``credscore score`` prints it."""

    model_config = _LOOSE
    model: dict[str, Any] | None = Field(description="Name, version, sha256, thresholds and genre served of the model.")
    sentences: list[SentenceOut]
    summary: dict[str, Any]
    lexicon: dict[str, Any] | None
    sources: list[dict[str, Any]] | None = Field(
        None, description="Article-level sources ({id, name, kind, mentions, sentences, caveats}) "
                          "when the library provides them.")


class BatchDocumentOut(DocumentOut):
    id: str | None = Field(description="The request's id for this document (null when not given).")


class BatchOut(BaseModel):
    model_config = _LOOSE
    documents: list[BatchDocumentOut]


class ErrorOut(BaseModel):
    detail: str


class HealthOut(BaseModel):
    status: str


class ReadyOut(BaseModel):
    model_config = _LOOSE
    status: str = Field(description="ready, loading or failed")
    model: dict[str, Any] | None = None
    detail: str | None = None


class ModelOut(BaseModel):
    model_config = _LOOSE
    model: dict[str, Any] = Field(description="Name, version, sha256, thresholds and genre served (as in every document).")
    lexicon: dict[str, Any]
    metadata: dict[str, Any] = Field(description="The model directory's metadata.json: tasks with "
                                                 "their metrics and thresholds, library versions, ...")
