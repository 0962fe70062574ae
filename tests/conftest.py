"""Shared fixtures and helpers for the test suite."""

from __future__ import annotations

import pytest

from scoring.extract import analyze_text
from scoring.types import SentenceResult


def known_bug(reason: str):
    """A table row where the library disagrees with a careful reader: a strict xfail.

    Fixing the behaviour turns the row into an XPASS, which fails the suite until the marker is
    removed, so a fix is never silent.
    """
    return pytest.mark.xfail(strict=True, reason=reason)


@pytest.fixture(scope="session")
def analyze():
    """Analyse a one-sentence text and return its only SentenceResult."""

    def run(sentence: str) -> SentenceResult:
        doc = analyze_text(sentence)
        assert len(doc.sentences) == 1, [s.sentence.text for s in doc.sentences]
        return doc.sentences[0]

    return run
