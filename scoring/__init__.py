"""credscore's library: sentences, cue spans, attribution sources, and model scores.

``analyze_text`` needs no model (cues and sources only); :class:`scoring.scorer.Scorer`
(``from scoring.scorer import Scorer``; it imports scikit-learn and skops, so it is not loaded
here) adds the verifiability and claim scores of a model directory.
"""

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
