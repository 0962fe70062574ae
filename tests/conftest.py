"""Shared fixtures and helpers for the test suite."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scoring.extract import analyze_text
from scoring.types import SentenceResult


def known_bug(reason: str):
    """A table row where the library disagrees with a careful reader: a strict xfail.

    Fixing the behaviour turns the row into an XPASS, which fails the suite until the marker is
    removed, so a fix is never silent.
    """
    return pytest.mark.xfail(strict=True, reason=reason)


def write_config(path: Path, config: dict[str, Any]) -> Path:
    """Write a training config (a dict) as JSON to ``path``; returns ``path``."""
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


def train_config(config: dict[str, Any], data: Path, root: Path) -> tuple[Path, Path, dict[str, Any]]:
    """Train ``config`` on the corpus folder ``data`` without progress output: writes
    ``root/config.json`` and the model to ``root/model``; returns (config path, model folder,
    metadata)."""
    from training.train import train

    cfg = write_config(root / "config.json", config)
    out = root / "model"
    return cfg, out, train(cfg, data, out, log=lambda m: None)


@pytest.fixture(scope="session")
def analyze():
    """Analyse a one-sentence text and return its only SentenceResult."""

    def run(sentence: str) -> SentenceResult:
        doc = analyze_text(sentence)
        assert len(doc.sentences) == 1, [s.sentence.text for s in doc.sentences]
        return doc.sentences[0]

    return run
