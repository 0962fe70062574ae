"""Text -> sentences -> cues and attributions (placeholder until the matcher lands)."""

from __future__ import annotations

from scoring.text import split_sentences
from scoring.types import DocumentResult, Sentence, SentenceResult


def analyze_text(text: str) -> DocumentResult:
    """Split ``text`` into sentences and flag cues; all offsets index ``text``."""
    return DocumentResult([SentenceResult(s) for s in split_sentences(text)])


def analyze_sentences(text: str) -> DocumentResult:
    """One sentence per line of ``text`` (no re-splitting); offsets index ``text``."""
    out, pos = [], 0
    for i, line in enumerate(text.split("\n")):
        out.append(SentenceResult(Sentence(i, pos, pos + len(line), line, i)))
        pos += len(line) + 1
    return DocumentResult(out)
