"""Run a batch: plan partitions, score each one (in-process or on Dask), write the manifest.

:func:`run_batch` is the entry point; :func:`process_partition` is the unit of work, a plain
function that Dask ships to its workers by reference (the workers import this module, never the
caller's ``__main__``). The model is loaded once per process (:func:`_scorer` is cached), so
each Dask worker process loads it once whatever the number of partitions it scores.

Output line of a document (``level="document"``)::

    {"id", "source_file", "position", <keep_fields: url, date, title>, **DocumentResult.to_dict()}

minus the keys that are the same for every document of the run (``model`` and ``lexicon``),
which are written once in ``manifest.json``: adding them back gives exactly what
``credscore score --compact`` prints for the same text. ``level="sentence"`` writes one line
per sentence instead: the same head, then the sentence's own keys. A JSONL line's text is
joined from ``json.dumps`` of the head and the result's ``to_json()`` (the same bytes as
``json.dumps`` of the merged dict, without building the dicts).

Test hook: ``CREDSCORE_BATCH_TEST_KILL=P:N`` makes the process kill itself with SIGKILL after
writing the N-th document of partition P (after flushing the part's temporary file), to test
``--resume`` after a crash deterministically.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import platform
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scoring.batch.output import (
    PART_EXT,
    STATE_DIR,
    PartWriter,
    marker_path,
    part_is_done,
    remove_temporaries,
    write_atomic,
    write_json_atomic,
)
from scoring.batch.readers import (
    FORMATS,
    BatchUsageError,
    Partition,
    ReadOptions,
    find_inputs,
    plan_partitions,
    read_partition,
)
from scoring.types import DocumentResult, Sentence, SentenceResult

#: Keys of DocumentResult.to_dict() that are the same for the whole run: in the manifest only.
RUN_CONSTANT_KEYS: tuple[str, ...] = ("model", "lexicon")
EXTRACTORS: tuple[str, ...] = ("trafilatura", "resiliparse")
LEVELS: tuple[str, ...] = ("document", "sentence")
PROGRESS_TOPIC = "credscore-batch-progress"
MANIFEST_VERSION = 1
_HEAD = ("id", "source_file", "position")
_jdumps = json.JSONEncoder(ensure_ascii=False).encode  # == json.dumps(obj, ensure_ascii=False)
#: Documents scored together (at most this many, or until they hold this many characters).
CHUNK_DOCS = 64
CHUNK_CHARS = 256_000


@dataclass
class BatchConfig:
    """Everything a run needs. ``model_dir`` ``None`` is the model shipped in the package;
    ``use_model`` ``False`` scores cues and sources only (like ``credscore score --no-model``);
    ``genre`` picks the model's verifiability model for that genre (None: its default).
    ``partition_size`` is in bytes (0: one partition per file). ``scheduler``: ``sync``,
    ``local``, ``local:N`` or a Dask scheduler address such as ``tcp://host:8786``."""

    inputs: list[str]
    out_dir: str
    format: str = "auto"
    text_field: str = "text"
    id_field: str = "id"
    keep_fields: tuple[str, ...] = ("url", "date", "title")
    extractor: str = "trafilatura"
    level: str = "document"
    out_format: str = "jsonl"
    max_chars: int = 1_000_000
    partition_size: int = 64 * 1024 * 1024
    scheduler: str = "sync"
    resume: bool = False
    overwrite: bool = False
    model_dir: str | None = None
    use_model: bool = True
    genre: str | None = None
    command: list[str] = field(default_factory=list)

    def read_options(self) -> ReadOptions:
        return ReadOptions(self.text_field, self.id_field, tuple(self.keep_fields), self.max_chars)

    def output_options(self) -> dict[str, Any]:
        """The options that change the output; a resumed run must have the same."""
        d = asdict(self)
        for k in ("inputs", "out_dir", "scheduler", "resume", "overwrite", "command"):
            d.pop(k)
        d["keep_fields"] = list(self.keep_fields)
        return d

    def validate(self) -> None:
        if self.format not in ("auto", *FORMATS):
            raise BatchUsageError(f"unknown format {self.format!r}")
        if self.extractor not in EXTRACTORS:
            raise BatchUsageError(f"unknown extractor {self.extractor!r} (choose from {', '.join(EXTRACTORS)})")
        if self.level not in LEVELS:
            raise BatchUsageError(f"unknown level {self.level!r}")
        if self.out_format not in PART_EXT:
            raise BatchUsageError(f"unknown output format {self.out_format!r}")
        if self.max_chars < 1 or self.partition_size < 0:
            raise BatchUsageError("--max-chars must be positive and --partition-size not negative")
        bad = [k for k in self.keep_fields if k in _RESERVED]
        if bad:
            raise BatchUsageError(f"--keep-fields cannot name output keys: {', '.join(bad)}")
        parse_scheduler(self.scheduler)
        if self.genre is not None and not self.use_model:
            raise BatchUsageError("--genre picks one of the model's verifiability models; drop --no-model")
        if self.resume and self.overwrite:
            raise BatchUsageError("--resume and --overwrite exclude each other")


def parse_scheduler(spec: str) -> tuple[str, Any]:
    """``("sync", None)``, ``("local", n_workers)`` or ``("address", address)``."""
    if spec == "sync":
        return "sync", None
    if spec == "local" or spec.startswith("local:"):
        n = spec[6:]
        if n and not (n.isdigit() and int(n) > 0):
            raise BatchUsageError(f"bad scheduler {spec!r}: local:N needs a positive number of workers")
        return "local", int(n) if n else (os.cpu_count() or 1)
    if "://" in spec:
        return "address", spec
    raise BatchUsageError(f"bad scheduler {spec!r}: use sync, local, local:N or tcp://HOST:PORT")


# --------------------------------------------------------------------------------------------
# The unit of work (runs in a worker process under Dask)


@functools.lru_cache(maxsize=4)
def _scorer(model_dir: str | None, use_model: bool, genre: str | None = None):
    """The Scorer for a model directory, loaded once per process; ``None`` without a model."""
    if not use_model:
        return None
    from scoring.scorer import Scorer

    return Scorer.load(model_dir, genre)


def _warm_worker(model_dir: str | None, use_model: bool, genre: str | None = None) -> int:
    """Load the model in this (worker) process; returns how many times it was loaded here."""
    _scorer(model_dir, use_model, genre)
    return _scorer.cache_info().misses


def _analyze_function(model_dir: str | None, use_model: bool, genre: str | None = None) -> Callable[[str], DocumentResult]:
    """The DocumentResult of one text: ``credscore score`` (or ``--no-model``) on it."""
    scorer = _scorer(model_dir, use_model, genre)
    if scorer is None:
        from scoring.extract import analyze_text

        return analyze_text
    return scorer.score_text


def _analyze_many_function(model_dir: str | None, use_model: bool, genre: str | None = None) -> Callable[[list[str]], list[DocumentResult]]:
    """Like :func:`_analyze_function` for a list of texts (the same results, in order)."""
    scorer = _scorer(model_dir, use_model, genre)
    if scorer is None:
        from scoring.extract import analyze_text

        return lambda texts: [analyze_text(t) for t in texts]
    return scorer.score_texts


def run_constants(model_dir: str | None, use_model: bool, genre: str | None = None) -> dict[str, Any]:
    """The keys left out of every output line (``model``, ``lexicon``), as scoring gives them."""
    doc = _analyze_function(model_dir, use_model, genre)("").to_dict()
    return {k: doc.get(k) for k in RUN_CONSTANT_KEYS}


class _Rendered:
    """One scored document, serialised for its part (inside the scoring ``try``, as before).

    For JSONL parts ``body`` is the JSON text of the document without the run constants
    (``DocumentResult.to_json``; a list of the sentences' JSON at ``level="sentence"``), the
    same text as ``json.dumps`` of the dict; for Parquet parts (and if ``to_json`` refuses a
    value) ``row`` is the ``to_dict()`` without them.
    """

    __slots__ = ("body", "n_sentences", "row")

    def __init__(self, doc: DocumentResult, level: str, out_format: str) -> None:
        self.n_sentences = len(doc.sentences)
        self.body: str | list[str] | None = None
        self.row: dict[str, Any] | None = None
        if out_format == "jsonl":
            try:
                self.body = (doc.to_json(RUN_CONSTANT_KEYS) if level == "document"
                             else [r.to_json() for r in doc.sentences])
            except Exception:  # noqa: BLE001 - a value of an unexpected type: json.dumps decides
                self.body = None
        if self.body is None:
            self.row = _doc_row(doc)


def _doc_row(doc: DocumentResult) -> dict[str, Any]:
    d = doc.to_dict()
    for k in RUN_CONSTANT_KEYS:
        d.pop(k, None)
    return d


def _json_merge(head: str, body: str) -> str:
    """The JSON text of ``{**a, **b}`` from those of ``a`` and ``b`` (dicts without common keys)."""
    if head == "{}":
        return body
    if body == "{}":
        return head
    return f"{head[:-1]}, {body[1:]}"


#: Names ``--keep-fields`` may not use: the head's own keys, the input's text fields and every
#: key of a document's or a sentence's output (taken from the data model, so a key added there
#: is reserved too). A line's head and body therefore never share a key.
_RESERVED = (frozenset(_HEAD) | {"text", "html"} | frozenset(DocumentResult([]).to_dict())
             | frozenset(SentenceResult(Sentence(0, 0, 0, "")).to_dict()))


def extract_html(html: str, extractor: str) -> tuple[str | None, str | None]:
    """``(article text, <title>)`` of an HTML page; text ``None`` when no article is found.

    trafilatura: ``extract(fast=True, include_comments=False)`` (ECOSYSTEM.md: F1 0.962 on the
    article-extraction benchmark, about 30 pages/s); resiliparse: ``extract_plain_text(
    main_content=True)`` (F1 0.927, about 280 pages/s). The title is the page's ``<title>``.
    """
    from resiliparse.parse.html import HTMLTree

    tree = HTMLTree.parse(html)
    title = (tree.title or "").strip() or None
    if extractor == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text

        text = extract_plain_text(tree, main_content=True)
    else:
        import trafilatura

        text = trafilatura.extract(html, fast=True, include_comments=False)
    return text, title


class _Reporter:
    """Sends counts to the caller at most every ``every`` seconds (and at the end)."""

    def __init__(self, sink: Callable[[dict[str, int]], None] | str | None, every: float = 0.5) -> None:
        self.sink = sink
        self.every = every
        self.delta: Counter[str] = Counter()
        self.last = time.monotonic()

    def add(self, **kw: int) -> None:
        if self.sink is None:
            return
        self.delta.update(kw)
        if time.monotonic() - self.last >= self.every:
            self.flush()

    def flush(self) -> None:
        if self.sink is None or not self.delta:
            return
        msg, self.delta = dict(self.delta), Counter()
        self.last = time.monotonic()
        if self.sink == "dask":
            try:
                from distributed import get_worker

                get_worker().log_event(PROGRESS_TOPIC, msg)
            except Exception:  # progress is best effort; never fail a part for it
                pass
        elif callable(self.sink):
            self.sink(msg)


def _kill_hook() -> tuple[int, int] | None:
    spec = os.environ.get("CREDSCORE_BATCH_TEST_KILL")
    if not spec:
        return None
    p, _, n = spec.partition(":")
    return int(p), int(n)


_gc_lock = threading.Lock()
_gc_state: dict[str, Any] = {"users": 0, "saved": None}


@contextlib.contextmanager
def _gc_tuned():
    """Fewer and cheaper garbage collections while partitions are scored; restored after.

    Scoring allocates many short-lived containers, so CPython's collector keeps running, and
    every full collection traverses all the objects alive, the model's and the lexicons'
    (about 160,000) included: about 10% of a sync run's time. While at least one partition is
    being processed in this process, the objects alive when the first one started are frozen
    (``gc.freeze``: never traversed, unfrozen at the end) and the youngest generation's
    threshold is 10,000 allocations instead of 700. Collection still runs; the output is not
    affected. Nothing is changed when the collector is disabled or something else froze objects.
    """
    with _gc_lock:
        st = _gc_state
        if st["users"] == 0 and gc.isenabled() and not gc.get_freeze_count():
            st["saved"] = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(max(st["saved"][0], 10_000), *st["saved"][1:])
        st["users"] += 1
    try:
        yield
    finally:
        with _gc_lock:
            st["users"] -= 1
            if st["users"] == 0 and st["saved"] is not None:
                gc.set_threshold(*st["saved"])
                gc.unfreeze()
                st["saved"] = None


def process_partition(part: Partition, cfg: BatchConfig,
                      report: Callable[[dict[str, int]], None] | str | None = None) -> dict[str, Any]:
    """Score one partition into its part file and marker; returns the marker.

    Every record read ends up counted once: scored (a line in the part, or none when a
    sentence-level document has no sentence), failed (an entry in the marker's ``errors``) or
    skipped (counted by reason). Exceptions of the reader, the extractor and the scorer become
    error records; only an output failure (disk full, ...) escapes, leaving no marker.
    """
    with _gc_tuned():
        return _process_partition(part, cfg, report)


def _process_partition(part: Partition, cfg: BatchConfig,
                       report: Callable[[dict[str, int]], None] | str | None) -> dict[str, Any]:
    t0 = time.perf_counter()
    out = Path(cfg.out_dir)
    opts = cfg.read_options()
    analyze = _analyze_function(cfg.model_dir, cfg.use_model, cfg.genre)
    analyze_many = _analyze_many_function(cfg.model_dir, cfg.use_model, cfg.genre)
    level, out_format = cfg.level, cfg.out_format

    def score(text: str) -> _Rendered:
        return _Rendered(analyze(text), level, out_format)

    def score_many(texts: list[str]) -> list[_Rendered]:
        return [_Rendered(d, level, out_format) for d in analyze_many(texts)]

    constants = _scorer(cfg.model_dir, cfg.use_model, cfg.genre)
    model_sha = None if constants is None else constants.model_info().get("sha256")
    kill = _kill_hook()
    rep = _Reporter(report)
    counts = Counter(read=0, scored=0, failed=0, skipped=0, sentences=0, text_bytes=0, rows=0)
    errors: list[dict[str, Any]] = []
    skipped: Counter[str] = Counter()
    writer = PartWriter(out, part.index, cfg.out_format, [*_HEAD, *opts.keep_fields])

    def fail(rec: dict[str, Any], kind: str, reason: str, *, in_order: bool = True) -> None:
        if in_order:
            flush()  # the documents before this record first: errors stay in record order
        counts["failed"] += 1
        errors.append({"partition": part.index, "source_file": rec.get("source_file"),
                       "position": rec.get("position"), "id": rec.get("id"), "kind": kind, "reason": reason})
        rep.add(failed=1)

    # Documents are scored in chunks (Scorer.score_texts: the models run once per chunk, the
    # same results as one document at a time) and written in record order.
    pending: list[tuple[dict[str, Any], str]] = []
    pending_chars = 0

    def flush() -> None:
        nonlocal pending, pending_chars
        if not pending:
            return
        chunk, pending, pending_chars = pending, [], 0
        try:
            docs = score_many([text for _, text in chunk]) if len(chunk) > 1 else None
        except Exception:  # noqa: BLE001 - find the document: score them one at a time
            docs = None
        for k, (rec, text) in enumerate(chunk):
            if docs is not None:
                doc = docs[k]
            else:
                try:
                    doc = score(text)
                except Exception as exc:  # noqa: BLE001 - a scorer bug on one text must not stop the run
                    fail(rec, "scoring_failed", f"scoring raised {type(exc).__name__}: {exc}", in_order=False)
                    continue
            emit(rec, text, doc)

    def emit(rec: dict[str, Any], text: str, result: _Rendered) -> None:
        body = result.body
        if body is None:  # Parquet, or a value to_json refused
            doc = result.row
            if level == "document":
                writer.write({**rec, **doc})
                counts["rows"] += 1
            else:
                for s in doc["sentences"]:
                    writer.write({**rec, **s})
                    counts["rows"] += 1
        else:  # JSONL: the line's text is joined from the head's and the body's JSON
            head = _jdumps(rec)
            if level == "document":
                writer.write_json(_json_merge(head, body))
                counts["rows"] += 1
            else:
                for s in body:
                    writer.write_json(_json_merge(head, s))
                counts["rows"] += len(body)
        nbytes = len(text.encode("utf-8", "surrogatepass"))
        counts["scored"] += 1
        counts["sentences"] += result.n_sentences
        counts["text_bytes"] += nbytes
        rep.add(docs=1, bytes=nbytes)
        if kill and kill == (part.index, counts["scored"]):
            _die(writer)

    try:
        for kind, rec in read_partition(part, opts):
            counts["read"] += 1
            if kind == "skip":
                counts["skipped"] += 1
                skipped[rec["reason"]] += 1
                rep.add(skipped=1)
                continue
            if kind == "error":
                fail(rec, rec["kind"], rec["reason"])
                continue
            if "html" in rec:
                try:
                    text, title = extract_html(rec.pop("html"), cfg.extractor)
                except Exception as exc:  # noqa: BLE001 - one page must not stop the run
                    fail(rec, "extraction_failed", f"{cfg.extractor} failed: {type(exc).__name__}: {exc}")
                    continue
                if "title" in rec and rec["title"] is None:
                    rec["title"] = title
                if not text or not text.strip():
                    counts["skipped"] += 1
                    skipped["no article text found in the HTML"] += 1
                    rep.add(skipped=1)
                    continue
                if len(text) > opts.max_chars:
                    fail(rec, "too_long", f"extracted text has {len(text):,} characters, over the limit of "
                         f"{opts.max_chars:,} (--max-chars)")
                    continue
            else:
                text = rec.pop("text")
            pending.append((rec, text))
            pending_chars += len(text)
            if len(pending) >= CHUNK_DOCS or pending_chars >= CHUNK_CHARS:
                flush()
        flush()
        name, digest = writer.commit()
    except BaseException:
        writer.abort()
        raise
    rep.flush()
    marker = {
        "index": part.index,
        "file": name,
        "sha256": digest,
        "counts": dict(counts),
        "skipped_reasons": dict(sorted(skipped.items())),
        "errors": errors,
        "model_sha256": model_sha,
        "seconds": round(time.perf_counter() - t0, 3),
        "host": platform.node(),
        "pid": os.getpid(),
        "model_loads_in_process": _scorer.cache_info().misses,
    }
    write_json_atomic(marker_path(out, part.index), marker)
    return marker


def _die(writer: PartWriter) -> None:
    import signal

    if writer.format == "jsonl":
        writer._gz.flush()
        writer._raw.flush()
    os.kill(os.getpid(), signal.SIGKILL)


# --------------------------------------------------------------------------------------------
# The run


class _Tracker:
    """Thread-safe running totals for the progress callback."""

    def __init__(self, callback: Callable[[dict[str, Any]], None] | None, parts_total: int,
                 parts_done: int, bytes_total: int) -> None:
        self.callback = callback
        self.lock = threading.Lock()
        self.t0 = time.monotonic()
        self.state: dict[str, Any] = {"docs": 0, "failed": 0, "skipped": 0, "bytes": 0,
                                      "parts_done": parts_done, "parts_total": parts_total,
                                      "input_bytes_total": bytes_total, "elapsed": 0.0}

    def delta(self, msg: dict[str, int]) -> None:
        with self.lock:
            for k, v in msg.items():
                if k in self.state:
                    self.state[k] += v
            self._emit()

    def part_done(self) -> None:
        with self.lock:
            self.state["parts_done"] += 1
            self._emit()

    def _emit(self) -> None:
        if self.callback is not None:
            self.state["elapsed"] = time.monotonic() - self.t0
            self.callback(dict(self.state))


def _prepare_out_dir(out: Path, cfg: BatchConfig, plan: dict[str, Any]) -> None:
    state = out / STATE_DIR
    if out.exists() and not out.is_dir():
        raise BatchUsageError(f"--out {out} exists and is not a folder")
    nonempty = out.is_dir() and any(out.iterdir())
    if nonempty and cfg.resume:
        try:
            old = json.loads((state / "plan.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise BatchUsageError(f"{out} holds no batch run to resume (no {STATE_DIR}/plan.json)") from None
        for key in ("options", "inputs", "partitions"):
            if old.get(key) != plan[key]:
                raise BatchUsageError(
                    f"cannot resume in {out}: the {key} differ from the interrupted run's "
                    f"(same inputs, unchanged files and the same options are needed; or use --overwrite)")
        return
    if nonempty and not cfg.overwrite:
        raise BatchUsageError(f"--out {out} is not empty: add --resume to finish an interrupted run there, "
                              f"or --overwrite to replace its batch output")
    if nonempty:
        for p in out.iterdir():
            if p.name == STATE_DIR:
                shutil.rmtree(p)
            elif p.name.startswith("part-") or p.name in ("errors.jsonl", "manifest.json") or ".tmp-" in p.name:
                p.unlink()
    state.mkdir(parents=True, exist_ok=True)
    write_json_atomic(state / "plan.json", plan)


def _versions() -> dict[str, str | None]:
    from importlib import metadata

    out: dict[str, str | None] = {"python": platform.python_version()}
    for dist in ("credscore", "scikit-learn", "skops", "nupunkt", "numpy", "dask", "distributed", "fastwarc",
                 "trafilatura", "resiliparse", "pyarrow"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = None
    return out


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def run_batch(cfg: BatchConfig, progress: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Score every input of ``cfg`` into ``cfg.out_dir``; returns the manifest (also written).

    ``progress`` is called with running totals (``docs``, ``failed``, ``skipped``, ``bytes`` of
    text scored, ``parts_done``, ``parts_total``, ``elapsed``), from another thread under Dask.
    Raises :class:`~scoring.batch.readers.BatchInputError` for a missing input,
    :class:`BatchUsageError` for bad options or output folder, and
    :class:`scoring.artifacts.ModelError` for a refused model, all before anything is written.
    ``KeyboardInterrupt`` leaves finished parts in place for ``resume``.
    """
    started, t0 = _now(), time.perf_counter()
    cfg.validate()
    out = Path(cfg.out_dir).resolve()
    cfg = BatchConfig(**{**asdict(cfg), "out_dir": str(out), "keep_fields": tuple(cfg.keep_fields)})
    files, ignored = find_inputs(list(cfg.inputs), cfg.format)
    parts = plan_partitions(files, cfg.partition_size)
    from scoring.scorer import UnknownGenreError

    try:  # loads (and checks) the model here first
        constants = run_constants(cfg.model_dir, cfg.use_model, cfg.genre)
    except UnknownGenreError as exc:
        raise BatchUsageError(str(exc)) from None
    plan = {
        "version": MANIFEST_VERSION,
        "options": cfg.output_options(),
        "inputs": [{"path": f.path, "format": f.format, "gzip": f.gzip, "bytes": f.size, "mtime_ns": f.mtime_ns}
                   for f in files],
        "partitions": [p.to_dict() for p in parts],
    }
    _prepare_out_dir(out, cfg, plan)
    remove_temporaries(out)
    t_plan = time.perf_counter() - t0

    markers: dict[int, dict[str, Any]] = {}
    if cfg.resume:
        for p in parts:
            m = part_is_done(out, p.index, cfg.out_format)
            if m is not None:
                markers[p.index] = m
    resumed = sorted(markers)
    todo = [p for p in parts if p.index not in markers]
    tracker = _Tracker(progress, len(parts), len(resumed), sum(p.size for p in todo))
    failed_parts: list[dict[str, Any]] = []
    kind, arg = parse_scheduler(cfg.scheduler)
    t1 = time.perf_counter()
    startup: dict[str, float] = {"seconds": 0.0}
    if kind == "sync":
        with _gc_tuned():  # once for the run (each partition would do it too)
            for p in todo:
                try:
                    markers[p.index] = process_partition(p, cfg, tracker.delta)
                except Exception as exc:  # output failure: report the part, go on with the others
                    failed_parts.append({"index": p.index, "error": f"{type(exc).__name__}: {exc}"})
                tracker.part_done()
    elif todo:
        for index, result in _run_dask(kind, arg, todo, cfg, tracker, startup):
            if isinstance(result, dict):
                markers[index] = result
            else:
                failed_parts.append({"index": index, "error": result})
            tracker.part_done()
    t_score = time.perf_counter() - t1 - startup["seconds"]
    return _finish(out, cfg, parts, markers, resumed, failed_parts, ignored, constants,
                   {"started": started, "plan_seconds": round(t_plan, 3), "score_seconds": round(t_score, 3),
                    "cluster_start_seconds": round(startup["seconds"], 3), "t0": t0})


def _run_dask(kind: str, arg: Any, todo: list[Partition], cfg: BatchConfig, tracker: _Tracker,
              startup: dict[str, float]):
    """Yield ``(index, marker | error message)`` as partitions finish on a Dask cluster.

    ``startup["seconds"]`` is set to the time taken to start (or reach) the cluster and see a
    worker, so that the rate reported is the scoring rate.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    t0 = time.perf_counter()
    cluster = None
    if kind == "local":
        cluster = LocalCluster(n_workers=arg, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(arg)
    try:
        client.wait_for_workers(arg if kind == "local" else 1)
        try:  # load the model on every worker now, so that the rate measured is the scoring rate
            client.run(_warm_worker, cfg.model_dir, cfg.use_model, cfg.genre)
        except Exception:  # a worker that cannot load it reports so in its partitions' errors
            pass
        startup["seconds"] = time.perf_counter() - t0
        client.subscribe_topic(PROGRESS_TOPIC, lambda event: tracker.delta(event[1]))
        futures = client.map(process_partition, todo, cfg=cfg, report="dask", pure=False)
        index_of = {f.key: p.index for f, p in zip(futures, todo)}
        for fut in as_completed(futures):
            try:
                yield index_of[fut.key], fut.result()
            except Exception as exc:  # the part raised, or its workers died too often
                yield index_of[fut.key], f"{type(exc).__name__}: {exc}"
        try:
            client.unsubscribe_topic(PROGRESS_TOPIC)
        except Exception:
            pass
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _finish(out: Path, cfg: BatchConfig, parts: list[Partition], markers: dict[int, dict[str, Any]],
            resumed: list[int], failed_parts: list[dict[str, Any]], ignored: list[str],
            constants: dict[str, Any], times: dict[str, Any]) -> dict[str, Any]:
    totals: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    failed_kinds: Counter[str] = Counter()
    lines = []
    bad_counts = []
    model_sha = (constants.get("model") or {}).get("sha256")
    for i in sorted(markers):
        m = markers[i]
        c = m["counts"]
        totals.update(c)
        skipped.update(m["skipped_reasons"])
        if c["read"] != c["scored"] + c["failed"] + c["skipped"] or c["failed"] != len(m["errors"]):
            bad_counts.append(i)
        if m.get("model_sha256") != model_sha:
            failed_parts.append({"index": i, "error": f"scored with model sha256 {m.get('model_sha256')}, "
                                                      f"not {model_sha}: workers run another model"})
        for e in m["errors"]:
            failed_kinds[e["kind"]] += 1
            lines.append(json.dumps(e, ensure_ascii=False) + "\n")
    write_atomic(out / "errors.jsonl", "".join(lines).encode("utf-8"))
    this_run = [markers[i] for i in markers if i not in resumed]
    run_docs = sum(m["counts"]["scored"] for m in this_run)
    run_bytes = sum(m["counts"]["text_bytes"] for m in this_run)
    sec = times["score_seconds"]
    check_ok = totals["read"] == totals["scored"] + totals["failed"] + totals["skipped"] and not bad_counts
    complete = len(markers) == len(parts) and not failed_parts
    status = ("incomplete" if not complete or not check_ok else
              "records_failed" if totals["failed"] else "ok")
    manifest = {
        "credscore_batch": MANIFEST_VERSION,
        "status": status,
        "command": cfg.command,
        "inputs": [{"path": p["path"], "format": p["format"], "gzip": p["gzip"], "bytes": p["bytes"]}
                   for p in json.loads((out / STATE_DIR / "plan.json").read_text(encoding="utf-8"))["inputs"]],
        "ignored_files": ignored,
        "options": {**cfg.output_options(), "scheduler": cfg.scheduler},
        "counts": {k: totals[k] for k in ("read", "scored", "failed", "skipped")},
        "counts_check": {"ok": check_ok, "rule": "read == scored + failed + skipped",
                         "parts_with_bad_counts": bad_counts},
        "sentences": totals["sentences"],
        "rows": totals["rows"],
        "text_bytes": totals["text_bytes"],
        "failed_by_kind": dict(sorted(failed_kinds.items())),
        "skipped_by_reason": dict(sorted(skipped.items())),
        "parts": [{"file": markers[i]["file"], "sha256": markers[i]["sha256"], "rows": markers[i]["counts"]["rows"],
                   "documents": markers[i]["counts"]["scored"]} for i in sorted(markers)],
        "partitions": {"total": len(parts), "finished": len(markers), "resumed": len(resumed),
                       "failed": failed_parts},
        "model": constants.get("model"),
        "lexicon": constants.get("lexicon"),
        "document_keys_in_manifest": list(RUN_CONSTANT_KEYS),
        "versions": _versions(),
        "timings": {
            "started": times["started"],
            "finished": _now(),
            "seconds": round(time.perf_counter() - times["t0"], 3),
            "plan_seconds": times["plan_seconds"],
            "score_seconds": sec,
            "cluster_start_seconds": times["cluster_start_seconds"],
            "documents_this_run": run_docs,
            "docs_per_second": round(run_docs / sec, 2) if sec > 0 else None,
            "mb_per_second": round(run_bytes / 1e6 / sec, 3) if sec > 0 else None,
        },
    }
    write_json_atomic(out / "manifest.json", manifest)
    return manifest
