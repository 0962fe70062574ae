"""Part files, per-part markers and atomic writes.

A part is written to a hidden temporary file in the output folder, flushed to disk, and
renamed into place (``os.replace``); then its *marker* ``_state/part-NNNNN.json`` (counts, the
part's errors, skipped reasons and the part file's sha256) is written the same way. A part is
finished exactly when its marker exists and the part file's sha256 matches it: a crash or
Ctrl-C at any point leaves at most a temporary file behind, which the next run removes.

``part-NNNNN.jsonl.gz`` is gzip (level 3: on scored JSON it is three times as fast as level
6 for files about 25% larger) with no name and a zero timestamp in its header, so the same rows
give the same bytes. ``part-NNNNN.parquet`` has one column per top-level key; nested
values (``sentences``, ``sources``, ``summary``, ``cues``, ``attributions``, ...) are JSON
strings, so every part has the same schema whatever its contents.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path
from typing import Any

PART_EXT = {"jsonl": "jsonl.gz", "parquet": "parquet"}
STATE_DIR = "_state"


def part_name(index: int, out_format: str) -> str:
    return f"part-{index:05d}.{PART_EXT[out_format]}"


def marker_path(out_dir: Path, index: int) -> Path:
    return out_dir / STATE_DIR / f"part-{index:05d}.json"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _tmp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    tmp = _tmp_path(path)
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write_json_atomic(path: Path, obj: Any) -> None:
    write_atomic(path, (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def remove_temporaries(out_dir: Path) -> int:
    """Remove temporary files left by an interrupted run; returns how many."""
    n = 0
    for d in (out_dir, out_dir / STATE_DIR):
        if d.is_dir():
            for p in d.iterdir():
                if p.name.startswith(".") and ".tmp-" in p.name:
                    p.unlink(missing_ok=True)
                    n += 1
    return n


#: Arrow types of the keys whose type is known; other scalars take the type of their first
#: non-null value; dicts and lists are JSON strings.
_KNOWN_TYPES = {
    "position": "int64", "index": "int64", "start": "int64", "end": "int64", "paragraph": "int64",
    "verifiability": "float64", "claim": "float64",
}


class PartWriter:
    """Writes the rows of one part to a temporary file; :meth:`commit` renames it into place."""

    def __init__(self, out_dir: Path, index: int, out_format: str, skeleton: list[str]) -> None:
        self.path = out_dir / part_name(index, out_format)
        self.tmp = _tmp_path(self.path)
        self.format = out_format
        self.rows = 0
        self._skeleton = skeleton
        if out_format == "jsonl":
            self._raw = open(self.tmp, "wb")
            self._gz = gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0, compresslevel=3)
        else:
            self._buf: list[dict[str, Any]] = []
            self._pq = None
            self._schema = None

    def write(self, row: dict[str, Any]) -> None:
        self.rows += 1
        if self.format == "jsonl":
            self._gz.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
            return
        self._buf.append(row)
        if len(self._buf) >= 2000:
            self._flush_parquet()

    def write_json(self, line: str) -> None:
        """A JSONL row given as its JSON text (what :meth:`write` makes of the row's dict)."""
        self.rows += 1
        self._gz.write((line + "\n").encode("utf-8"))

    def _flush_parquet(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows, self._buf = self._buf, []
        if self._schema is None:
            keys = list(dict.fromkeys(k for r in rows for k in r)) if rows else list(self._skeleton)
            fields = []
            for k in keys:
                values = [r.get(k) for r in rows]
                if k in _KNOWN_TYPES:
                    t = getattr(pa, _KNOWN_TYPES[k])()
                else:
                    first = next((v for v in values if v is not None), None)
                    t = (pa.bool_() if isinstance(first, bool) else pa.int64() if isinstance(first, int)
                         else pa.float64() if isinstance(first, float) else pa.string())
                fields.append(pa.field(k, t))
            self._schema = pa.schema(fields)
            self._pq = pq.ParquetWriter(self.tmp, self._schema, compression="zstd")
        cols = {}
        for f in self._schema:
            vals = [r.get(f.name) for r in rows]
            if pa.types.is_string(f.type):
                vals = [v if v is None or isinstance(v, str) else json.dumps(v, ensure_ascii=False)
                        for v in vals]
            cols[f.name] = pa.array(vals, type=f.type)
        self._pq.write_table(pa.table(cols, schema=self._schema))

    def commit(self) -> tuple[str, str]:
        """Finish the file, flush it to disk and rename it into place: ``(name, sha256)``."""
        if self.format == "jsonl":
            self._gz.close()
            self._raw.flush()
            os.fsync(self._raw.fileno())
            self._raw.close()
        else:
            if self._buf or self._pq is None:
                self._flush_parquet()
            self._pq.close()
            with open(self.tmp, "rb") as fh:
                os.fsync(fh.fileno())
        digest = sha256_file(self.tmp)
        os.replace(self.tmp, self.path)
        return self.path.name, digest

    def abort(self) -> None:
        try:
            if self.format == "jsonl":
                self._gz.close()
                self._raw.close()
            elif self._pq is not None:
                self._pq.close()
        finally:
            self.tmp.unlink(missing_ok=True)


def part_is_done(out_dir: Path, index: int, out_format: str) -> dict[str, Any] | None:
    """The marker of a finished part whose file is intact, else ``None``."""
    mp = marker_path(out_dir, index)
    try:
        marker = json.loads(mp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    part = out_dir / part_name(index, out_format)
    if marker.get("file") != part.name or not part.is_file() or sha256_file(part) != marker.get("sha256"):
        return None
    return marker
