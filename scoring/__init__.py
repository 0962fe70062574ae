"""credscore's library: sentences, cue spans, attribution sources (and, later, scores)."""

from scoring.extract import analyze_sentences, analyze_text
from scoring.text import split_sentences
from scoring.types import (
    CUE_TYPES,
    SOURCE_KINDS,
    Attribution,
    CueSpan,
    DocumentResult,
    Sentence,
    SentenceResult,
    SourceSpan,
)

__all__ = [
    "CUE_TYPES",
    "SOURCE_KINDS",
    "Attribution",
    "CueSpan",
    "DocumentResult",
    "Sentence",
    "SentenceResult",
    "SourceSpan",
    "analyze_sentences",
    "analyze_text",
    "split_sentences",
]
