"""Paragraph and sentence splitting with offsets into the original text.

Placeholder: the real splitter is being written (see split_sentences docstring contract).
"""

from __future__ import annotations

import re

from scoring.types import Sentence

_SENT = re.compile(r"[^\n]+")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; contract: offsets satisfy ``text[s.start:s.end] == s.text``."""
    out = []
    for i, m in enumerate(_SENT.finditer(text)):
        s = m.group().strip()
        if not s:
            continue
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        out.append(Sentence(len(out), start, start + len(s), s, 0))
    return out
