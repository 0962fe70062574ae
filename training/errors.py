"""Errors raised by the training and evaluation code."""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """A corpus file is missing or malformed; the message names the file (and line when known)."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        where = str(path) if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {message}")
        self.path = str(path)
        self.line = line
