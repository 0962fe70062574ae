"""Inputs of a batch run: find them, split them into partitions, and read a partition as items.

An *item* is a pair ``(kind, record)``:

``("doc", {"id", "text" | "html", "url", "date", "title", "source_file", "position"})``
    a document to score (``html`` for HTML files and WARC responses: the text is extracted
    later, in the worker);
``("error", {"source_file", "position", "id", "kind", "reason"})``
    a record that cannot be scored; ``kind`` is one of :data:`ERROR_KINDS`;
``("skip", {"source_file", "position", "id", "reason"})``
    a record that is not a document (a WARC request, a non-HTML response, ...).

Every record read is exactly one item, so ``read = scored + failed + skipped`` holds by
construction; a truncated or corrupt compressed stream is one ``error`` item where it breaks,
and reading that file stops there. Blank lines of JSONL and CSV are no records.

``position`` is where the record starts: the line number (from 1) in JSONL and CSV files, the
row index (from 0) in Parquet files, the byte offset of the record in WARC files, and ``None``
for a ``.txt``/``.html`` file, which is one record. A missing id becomes
``"<source_file>:<position>"`` (the file path alone for ``.txt``/``.html`` files; WARC records
use their ``WARC-Record-ID``).

Partitions (:func:`plan_partitions`): one per file; small ``.txt``/``.html`` files are grouped
(up to the partition size or 2,000 files); a plain (not gzipped) JSONL or CSV file larger than
the partition size is cut into byte ranges. Each range starts at a line start (in CSV: a
newline outside quotes, found from the parity of ``"`` characters before it), found by one
pass over the file when planning, which also gives each range's first line number; so
partitioning never changes the records read nor their positions.
"""

from __future__ import annotations

import io
import json
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "txt", "html", "warc")

#: File-name endings that tell the format (checked after removing a final ``.gz``).
EXTENSIONS: dict[str, str] = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet",
    ".txt": "txt", ".html": "html", ".htm": "html", ".xhtml": "html", ".warc": "warc",
}

#: The ``kind`` of an error record.
ERROR_KINDS: tuple[str, ...] = (
    "malformed_json",     # a JSONL line that does not parse
    "not_an_object",      # a JSONL line that is valid JSON but no object
    "missing_text",       # no text field (or column) in the record
    "non_string_text",    # the text field is null, a number, a list, ...
    "invalid_utf8",       # undecodable bytes (or a lone surrogate escape in JSON)
    "truncated_gzip",     # a gzip stream that ends before its end marker
    "corrupt_gzip",       # a gzip stream that cannot be decompressed
    "truncated_warc",     # a WARC record shorter than its Content-Length
    "too_long",           # text longer than max_chars
    "bad_csv_row",        # a row the csv module rejects
    "extraction_failed",  # the HTML extractor raised
    "scoring_failed",     # the scorer raised (a bug: please report it)
    "unreadable",         # the file (or the rest of it) cannot be read
)

_BLOCK = 1 << 22
_MAX_GROUP_FILES = 2000
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class BatchInputError(Exception):
    """An input that does not exist or cannot be used at all (the CLI exits with 3)."""


class BatchUsageError(Exception):
    """Options or an output folder that cannot be used (the CLI exits with 2)."""


@dataclass(frozen=True)
class ReadOptions:
    """What the readers need to know: field names and the text length limit."""

    text_field: str = "text"
    id_field: str = "id"
    keep_fields: tuple[str, ...] = ("url", "date", "title")
    max_chars: int = 1_000_000


@dataclass(frozen=True)
class Partition:
    """One unit of work: a file, a group of small files, or a byte range of a large file.

    ``start``/``end`` is the half-open byte range (``end`` ``None``: to the end of the file),
    ``first_line`` the line number at ``start``; ``header`` the CSV header row for ranges
    after the first (the first reads it from the file).
    """

    index: int
    format: str
    path: str | None = None
    files: tuple[str, ...] = ()
    gzip: bool = False
    start: int = 0
    end: int | None = None
    first_line: int = 1
    header: tuple[str, ...] | None = None
    size: int = 0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["files"] = list(self.files)
        d["header"] = None if self.header is None else list(self.header)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Partition:
        d = dict(d)
        d["files"] = tuple(d.get("files") or ())
        d["header"] = None if d.get("header") is None else tuple(d["header"])
        return cls(**d)


@dataclass(frozen=True)
class InputFile:
    """A file to read, with its format, whether it is gzipped, and its size in bytes."""

    path: str
    format: str
    gzip: bool
    size: int
    mtime_ns: int = field(default=0, compare=False)


# --------------------------------------------------------------------------------------------
# Finding inputs and planning partitions


def detect_format(path: str) -> tuple[str | None, bool]:
    """``(format, gzipped)`` from a file name; format ``None`` when the name does not tell."""
    name = os.path.basename(path).lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    return EXTENSIONS.get(os.path.splitext(name)[1]), gz


def find_inputs(inputs: list[str], fmt: str = "auto") -> tuple[list[InputFile], list[str]]:
    """The files to read, in a fixed order, and the files of input folders that were ignored.

    A folder is walked recursively in sorted order; it contributes the files whose name tells
    their format (``fmt`` ``auto``) or the given format. A file named on the command line is
    read with ``fmt``, or the format its name tells.
    """
    files: list[InputFile] = []
    ignored: list[str] = []
    for inp in inputs:
        if not os.path.exists(inp):
            raise BatchInputError(f"no such file or folder: {inp}")
        if os.path.isdir(inp):
            found = 0
            for root, dirs, names in os.walk(inp):
                dirs.sort()
                for name in sorted(names):
                    p = os.path.join(root, name)
                    if name.startswith("."):
                        continue
                    got, gz = detect_format(p)
                    if got is None or (fmt != "auto" and got != fmt):
                        ignored.append(p)
                        continue
                    files.append(_input_file(p, got, gz))
                    found += 1
            if not found:
                what = "files of a known format" if fmt == "auto" else f"{fmt} files"
                raise BatchInputError(f"no {what} in folder {inp}")
            continue
        got, gz = detect_format(inp)
        if fmt != "auto":
            got = fmt
        elif got is None:
            raise BatchUsageError(
                f"cannot tell the format of {inp} from its name; use --format "
                f"({'|'.join(FORMATS)})")
        files.append(_input_file(inp, got, gz))
    return files, ignored


def _input_file(path: str, fmt: str, gz: bool) -> InputFile:
    try:
        st = os.stat(path)
    except OSError as exc:
        raise BatchInputError(f"cannot read {path}: {exc.strerror}") from None
    if not os.access(path, os.R_OK):
        raise BatchInputError(f"cannot read {path}: permission denied")
    return InputFile(path, fmt, gz and fmt != "warc", st.st_size, st.st_mtime_ns)


def plan_partitions(files: list[InputFile], partition_size: int) -> list[Partition]:
    """Partitions of ``files`` in input order (see the module docstring).

    ``partition_size`` in bytes; ``0`` means one partition per file (small text/HTML files
    are still grouped, up to 2,000 per partition).
    """
    parts: list[Partition] = []
    group: list[InputFile] = []

    def flush() -> None:
        if group:
            parts.append(Partition(len(parts), group[0].format, files=tuple(f.path for f in group),
                                   size=sum(f.size for f in group)))
            group.clear()

    for f in files:
        if f.format in ("txt", "html"):
            if group and (group[0].format != f.format or len(group) >= _MAX_GROUP_FILES
                          or (partition_size and sum(g.size for g in group) + f.size > partition_size)):
                flush()
            group.append(f)
            continue
        flush()
        if f.format in ("jsonl", "csv") and not f.gzip and partition_size and f.size > partition_size:
            points = _split_points(f.path, f.size, partition_size, f.format == "csv")
            header = _csv_header(f.path) if f.format == "csv" and len(points) > 1 else None
            for k, (start, line) in enumerate(points):
                end = points[k + 1][0] if k + 1 < len(points) else None
                parts.append(Partition(len(parts), f.format, f.path, start=start, end=end, first_line=line,
                                       header=header if k else None,
                                       size=(f.size if end is None else end) - start))
        else:
            parts.append(Partition(len(parts), f.format, f.path, gzip=f.gzip, size=f.size))
    flush()
    return parts


def _split_points(path: str, size: int, psize: int, is_csv: bool) -> list[tuple[int, int]]:
    """``[(start, first_line)]``: the first record start at or after each multiple of psize.

    A record start is the byte after a newline (in CSV: a newline with an even number of
    ``"`` before it, i.e. outside quotes). One sequential pass over the file.
    """
    targets = list(range(psize, size, psize))
    points = [(0, 1)]
    lines = quotes = 0  # newlines and quote characters before block_start + i
    ti = 0
    block_start = 0
    with open(path, "rb") as fh:
        while ti < len(targets):
            block = fh.read(_BLOCK)
            if not block:
                break
            i = 0
            while ti < len(targets):
                j = block.find(b"\n", max(targets[ti] - 1 - block_start, i))
                if j < 0:
                    break
                seg = block[i : j + 1]
                lines += seg.count(b"\n")
                quotes += seg.count(b'"') if is_csv else 0
                i = j + 1
                if quotes % 2:
                    continue  # inside a quoted CSV field: not a record boundary
                p = block_start + j + 1
                if p < size:
                    points.append((p, lines + 1))
                while ti < len(targets) and targets[ti] <= p:
                    ti += 1
            seg = block[i:]
            lines += seg.count(b"\n")
            quotes += seg.count(b'"') if is_csv else 0
            block_start += len(block)
    return points


def _csv_header(path: str) -> tuple[str, ...]:
    import csv

    with open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape", newline="")
        row = next(csv.reader(text), [])
    if row and row[0].startswith("\ufeff"):
        row[0] = row[0][1:]
    return tuple(row)


# --------------------------------------------------------------------------------------------
# Byte streams: plain ranges and gzip with exact truncation detection


class GzipStreamError(Exception):
    """A gzip stream that ends early (``kind`` ``truncated_gzip``) or is corrupt."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind


def _gunzip_chunks(path: str) -> Iterator[bytes]:
    """Decompressed chunks of a (possibly multi-member) gzip file.

    Raises :class:`GzipStreamError` at the point where the stream is cut or corrupt, after
    yielding everything decompressed before it (Python's ``gzip`` module may instead drop or
    yield a partial last line depending on buffering; this is exact).
    """
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    fresh = True
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            while chunk:
                if fresh and not chunk.strip(b"\x00"):
                    chunk = b""  # zero padding after the last member
                    break
                fresh = False
                try:
                    out = d.decompress(chunk)
                except zlib.error as exc:
                    raise GzipStreamError("corrupt_gzip", f"corrupt gzip data ({exc})") from None
                if out:
                    yield out
                if d.eof:
                    chunk = d.unused_data
                    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
                    fresh = True
                else:
                    chunk = b""
    if not fresh:
        raise GzipStreamError("truncated_gzip", "truncated gzip: the file ends before the gzip end marker")


class _IterRaw(io.RawIOBase):
    """A readable raw stream over an iterator of byte chunks."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        while not self._buf:
            try:
                self._buf = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


class _RangeRaw(io.RawIOBase):
    """A readable raw stream over bytes ``[start, end)`` of a file."""

    def __init__(self, path: str, start: int, end: int | None) -> None:
        self._fh = open(path, "rb")
        self._fh.seek(start)
        self._left = None if end is None else end - start

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        n = len(b) if self._left is None else min(len(b), self._left)
        if n <= 0:
            return 0
        data = self._fh.read(n)
        b[: len(data)] = data
        if self._left is not None:
            self._left -= len(data)
        return len(data)

    def close(self) -> None:
        self._fh.close()
        super().close()


def open_partition_bytes(path: str, gzip: bool, start: int = 0, end: int | None = None) -> io.BufferedReader:
    """A buffered binary stream of a file's bytes (decompressed if ``gzip``) or of a range."""
    raw = _IterRaw(_gunzip_chunks(path)) if gzip else _RangeRaw(path, start, end)
    return io.BufferedReader(raw, buffer_size=1 << 20)


def read_all(path: str, gzip: bool) -> bytes:
    """All bytes of a file, decompressed if ``gzip`` (may raise :class:`GzipStreamError`)."""
    if gzip:
        return b"".join(_gunzip_chunks(path))
    with open(path, "rb") as fh:
        return fh.read()


# --------------------------------------------------------------------------------------------
# Records


def _err(src: str, pos: Any, kind: str, reason: str, rid: Any = None) -> tuple[str, dict[str, Any]]:
    return "error", {"source_file": src, "position": pos, "id": rid, "kind": kind, "reason": reason}


def _skip(src: str, pos: Any, reason: str, rid: Any = None) -> tuple[str, dict[str, Any]]:
    return "skip", {"source_file": src, "position": pos, "id": rid, "reason": reason}


def _as_str(value: Any) -> str | None:
    """Metadata and ids as strings: strings as they are, other JSON values as JSON."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return str(value)


def _type_name(value: Any) -> str:
    return {type(None): "null", bool: "a boolean", int: "a number", float: "a number", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def _bad_field(fields: dict[str, Any]) -> tuple[str, str] | None:
    """The first string field holding an undecodable byte or a lone surrogate, as (name, reason)."""
    for name, value in fields.items():
        if isinstance(value, str):
            m = _LONE_SURROGATE.search(value)
            if m:
                ch = ord(m.group())
                if 0xDC80 <= ch <= 0xDCFF:
                    return name, f"invalid UTF-8 in field '{name}': byte 0x{ch - 0xDC00:02x}"
                return name, f"field '{name}' holds a lone surrogate \\u{ch:04x}, which UTF-8 cannot encode"
    return None


def tabular_record(obj: dict[str, Any], src: str, pos: Any, opts: ReadOptions) -> tuple[str, dict[str, Any]]:
    """A JSONL/CSV/Parquet row as a document item, or an error item."""
    rid_raw = obj.get(opts.id_field)
    rid = _as_str(rid_raw) if rid_raw is not None else f"{src}:{pos}"
    if opts.text_field not in obj:
        return _err(src, pos, "missing_text", f"no '{opts.text_field}' field", rid)
    text = obj[opts.text_field]
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            return _err(src, pos, "invalid_utf8",
                        f"invalid UTF-8 in field '{opts.text_field}': byte 0x{text[exc.start]:02x} "
                        f"at byte offset {exc.start}", rid)
    if not isinstance(text, str):
        return _err(src, pos, "non_string_text",
                    f"field '{opts.text_field}' is {_type_name(text)}, not a string", rid)
    rec: dict[str, Any] = {"id": rid, "source_file": src, "position": pos}
    for k in opts.keep_fields:
        rec[k] = _as_str(obj.get(k))
    bad = _bad_field({opts.text_field: text, **{k: rec[k] for k in ("id", *opts.keep_fields)}})
    if bad:
        return _err(src, pos, "invalid_utf8", bad[1], rid if bad[0] != "id" else f"{src}:{pos}")
    if len(text) > opts.max_chars:
        return _err(src, pos, "too_long",
                    f"text has {len(text):,} characters, over the limit of {opts.max_chars:,} (--max-chars)", rid)
    rec["text"] = text
    return "doc", rec


def _read_jsonl(part: Partition, opts: ReadOptions) -> Iterator[tuple[str, dict[str, Any]]]:
    src = part.path
    lineno = part.first_line - 1
    with open_partition_bytes(src, part.gzip, part.start, part.end) as fh:
        try:
            for raw in fh:
                lineno += 1
                if not raw.strip():
                    continue
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield _err(src, lineno, "invalid_utf8",
                               f"invalid UTF-8: byte 0x{raw[exc.start]:02x} at byte {exc.start} of the line")
                    continue
                if lineno == 1 and line.startswith("\ufeff"):
                    line = line[1:]
                try:
                    obj = json.loads(line)
                except ValueError as exc:
                    yield _err(src, lineno, "malformed_json", f"malformed JSON: {exc}")
                    continue
                if not isinstance(obj, dict):
                    yield _err(src, lineno, "not_an_object", f"the line is {_type_name(obj)}, not a JSON object")
                    continue
                yield tabular_record(obj, src, lineno, opts)
        except GzipStreamError as exc:
            yield _err(src, lineno + 1, exc.kind, f"{exc} (after line {lineno}; the rest is not read)")


def _read_csv(part: Partition, opts: ReadOptions) -> Iterator[tuple[str, dict[str, Any]]]:
    import csv

    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    src = part.path
    with open_partition_bytes(src, part.gzip, part.start, part.end) as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8", errors="surrogateescape", newline="")
        reader = csv.reader(text)
        base = part.first_line - 1
        header = part.header
        done = 0  # lines consumed by the reader so far
        try:
            if header is None:
                try:
                    header = tuple(next(reader))
                except StopIteration:
                    return
                if header and header[0].startswith("\ufeff"):
                    header = (header[0][1:],) + header[1:]
                done = reader.line_num
            while True:
                start_line = base + done + 1
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    done = reader.line_num
                    yield _err(src, start_line, "bad_csv_row", f"bad CSV row: {exc}")
                    continue
                done = reader.line_num
                if not row:
                    continue
                yield tabular_record(dict(zip(header, row)), src, start_line, opts)
        except GzipStreamError as exc:
            yield _err(src, base + done + 1, exc.kind, f"{exc} (after line {base + done}; the rest is not read)")


def _read_parquet(part: Partition, opts: ReadOptions) -> Iterator[tuple[str, dict[str, Any]]]:
    import pyarrow.parquet as pq

    src = part.path
    pf = pq.ParquetFile(src)
    names = set(pf.schema_arrow.names)
    cols = [c for c in dict.fromkeys((opts.text_field, opts.id_field, *opts.keep_fields)) if c in names]
    row = 0
    if not cols:
        for row in range(pf.metadata.num_rows):
            yield tabular_record({}, src, row, opts)
        return
    for batch in pf.iter_batches(batch_size=1024, columns=cols):
        data = batch.to_pydict()
        for i in range(batch.num_rows):
            yield tabular_record({c: data[c][i] for c in cols}, src, row, opts)
            row += 1


def decode_html(data: bytes, charset: str | None = None) -> str:
    """HTML bytes as text: the declared charset if Python knows it, else resiliparse's guess."""
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return bytes_to_str(data, detect_encoding(data))


def _read_files(part: Partition, opts: ReadOptions) -> Iterator[tuple[str, dict[str, Any]]]:
    for path in part.files:
        gz = path.lower().endswith(".gz")
        try:
            data = read_all(path, gz)
        except GzipStreamError as exc:
            yield _err(path, None, exc.kind, str(exc), path)
            continue
        except OSError as exc:
            yield _err(path, None, "unreadable", f"cannot read the file: {exc.strerror or exc}", path)
            continue
        rec = {"id": path, "source_file": path, "position": None}
        rec.update({k: None for k in opts.keep_fields})
        if part.format == "html":
            try:
                rec["html"] = decode_html(data)
            except Exception as exc:  # one bad file must not end the group
                yield _err(path, None, "unreadable", f"cannot decode the HTML: {type(exc).__name__}: {exc}", path)
                continue
            yield "doc", rec
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield _err(path, None, "invalid_utf8",
                       f"not valid UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start} ({exc.reason})",
                       path)
            continue
        text = text.removeprefix("\ufeff")
        if len(text) > opts.max_chars:
            yield _err(path, None, "too_long",
                       f"text has {len(text):,} characters, over the limit of {opts.max_chars:,} (--max-chars)", path)
            continue
        rec["text"] = text
        yield "doc", rec


_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def _parse_http(block: bytes) -> tuple[int | None, dict[str, str], bytes] | None:
    """(status, lower-cased headers, body) of an HTTP response block, or None if it is none."""
    head, sep, body = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = block.partition(b"\n\n")
        if not sep:
            return None
    lines = head.decode("latin-1").splitlines()
    if not lines or not lines[0].startswith("HTTP/"):
        return None
    parts = lines[0].split()
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers.setdefault(k.strip().lower(), v.strip())
    return status, headers, body


def _dechunk(body: bytes) -> bytes:
    out, i = [], 0
    while i < len(body):
        j = body.find(b"\r\n", i)
        if j < 0:
            break
        size = int(body[i:j].split(b";")[0].strip() or b"0", 16)
        if size == 0:
            break
        out.append(body[j + 2 : j + 2 + size])
        i = j + 2 + size + 2
    return b"".join(out)


def _read_warc(part: Partition, opts: ReadOptions) -> Iterator[tuple[str, dict[str, Any]]]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    src = part.path
    for rec in ArchiveIterator(src, parse_http=False):
        pos = rec.stream_pos
        rid = rec.record_id
        rtype = rec.record_type
        if rec.headers.get("Content-Length") is None:
            yield _err(src, pos, "truncated_warc",
                       "WARC record without a Content-Length header (the file is truncated or corrupt here)", rid)
            continue
        if rtype != WarcRecordType.response:
            yield _skip(src, pos, f"{getattr(rtype, 'name', str(rtype))} record", rid)
            continue
        block = rec.reader.read()
        if len(block) < rec.content_length:
            yield _err(src, pos, "truncated_warc",
                       f"truncated WARC record: {len(block):,} of {rec.content_length:,} bytes", rid)
            continue
        http = _parse_http(block)
        if http is None:
            yield _skip(src, pos, "response without HTTP headers", rid)
            continue
        status, headers, body = http
        if status is None or not 200 <= status < 300:
            yield _skip(src, pos, f"HTTP status {status}", rid)
            continue
        ctype = headers.get("content-type", "")
        mime = ctype.split(";")[0].strip().lower()
        if mime not in _HTML_TYPES:
            yield _skip(src, pos, f"not HTML ({mime or 'no Content-Type'})", rid)
            continue
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body = _dechunk(body)
        enc = headers.get("content-encoding", "").lower()
        if enc in ("gzip", "x-gzip", "deflate"):
            try:
                body = zlib.decompress(body, 47 if "gzip" in enc else zlib.MAX_WBITS)
            except zlib.error:
                pass  # many crawlers store the decoded body but keep the header
        charset = None
        m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", ctype, re.IGNORECASE)
        if m:
            charset = m.group(1)
        doc = {"id": rid, "source_file": src, "position": pos}
        doc.update({k: None for k in opts.keep_fields})
        if "url" in doc:
            doc["url"] = rec.headers.get("WARC-Target-URI")
        if "date" in doc:
            doc["date"] = rec.headers.get("WARC-Date")
        doc["html"] = decode_html(body, charset)
        yield "doc", doc


_READERS = {"jsonl": _read_jsonl, "csv": _read_csv, "parquet": _read_parquet, "txt": _read_files,
            "html": _read_files, "warc": _read_warc}


def read_partition(part: Partition, opts: ReadOptions) -> Iterator[tuple[str, dict[str, Any]]]:
    """The items of a partition, in file order.

    A reader that fails part-way (an unreadable or corrupt file) ends with one ``unreadable``
    error item naming the last position read; the run goes on with the next partition.
    """
    last: Any = None
    src = part.path or (part.files[0] if part.files else None)
    try:
        for item in _READERS[part.format](part, opts):
            last = item[1].get("position")
            src = item[1].get("source_file", src)
            yield item
    except GzipStreamError as exc:
        yield _err(src, last, exc.kind, str(exc))
    except Exception as exc:  # a corrupt file must not stop the run: report it and go on
        where = "" if last is None else f" after position {last}"
        yield _err(src, last, "unreadable",
                   f"cannot read the file{where}: {type(exc).__name__}: {exc} (the rest is not read)")
