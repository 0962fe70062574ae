"""The ``credscore batch`` command: score article archives into part files and a manifest.

The work is done by :mod:`scoring.batch`; this module parses the flags, draws the progress line
on a terminal and turns the outcome into an exit code:

====  ==================================================================================
0     every record was scored or skipped (skipped: WARC requests, non-HTML responses, ...)
2     usage error (bad flag, output folder not empty without --resume/--overwrite, a
      --resume whose inputs or options differ from the interrupted run's)
3     an input is missing or unreadable, or a folder holds no input files
5     the model directory is refused
6     the run finished, but some records failed: see OUT/errors.jsonl
7     the run is incomplete: a partition could not be written (see manifest.json), or the
      check read = scored + failed + skipped failed; rerun with --resume
130   interrupted (Ctrl-C); finished parts are kept, rerun with --resume
====  ==================================================================================
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from typing import Any

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_UNREADABLE = 3
EXIT_MODEL = 5
EXIT_RECORDS_FAILED = 6
EXIT_INCOMPLETE = 7
EXIT_INTERRUPTED = 130

_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30,
          "k": 10**3, "m": 10**6, "g": 10**9}


def parse_size(text: str) -> int:
    """``"64MB"`` -> 64,000,000 (decimal units as Dask's ``parse_bytes``; ``MiB`` binary)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    if not m or m.group(2).lower() not in _UNITS:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 64MB, 500KB, 0)")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"not a positive integer: {text!r}")
    return n


def register(subparsers: Any) -> None:
    """Add the ``batch`` subcommand to ``credscore``'s subparsers."""
    # cli imports this module only once it is loaded, so this import is no cycle
    from credscore.cli import GENRE_HELP
    from scoring.batch.readers import FORMATS

    p = subparsers.add_parser(
        "batch",
        help="score article archives (JSONL, CSV, Parquet, text/HTML folders, WARC) into part files",
        description="Score every document of INPUT files and folders into OUT/part-NNNNN.jsonl.gz "
        "(or .parquet), one line per document (or per sentence), with OUT/errors.jsonl for the "
        "records that could not be scored and OUT/manifest.json (counts, timings, versions, model). "
        "A line is `credscore score --compact` output for the document's text plus id and metadata, "
        "without the run-constant keys model and lexicon, which are in the manifest.",
        epilog="Exit codes: 0 all scored or skipped, 2 usage error, 3 input unreadable, 5 model refused, "
        "6 some records failed (OUT/errors.jsonl), 7 run incomplete (rerun with --resume), 130 interrupted.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (folders are walked recursively)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument("--format", choices=("auto", *FORMATS), default="auto",
                   help="input format (auto: from the file name; a final .gz is read transparently)")
    p.add_argument("--text-field", default="text", help="text field or column of JSONL/CSV/Parquet (default text)")
    p.add_argument("--id-field", default="id",
                   help="id field or column (default id; a missing id becomes FILE:LINE, or FILE:ROW for Parquet)")
    p.add_argument("--keep-fields", default="url,date,title", metavar="A,B,...",
                   help="metadata fields copied from each record to its output line (default url,date,title; "
                   "WARC and HTML fill url, date and title themselves)")
    p.add_argument("--extractor", choices=("trafilatura", "resiliparse"), default="trafilatura",
                   help="HTML to article text: trafilatura (more precise) or resiliparse (about 10x faster)")
    p.add_argument("--level", choices=("document", "sentence"), default="document",
                   help="one output line per document, or per sentence")
    p.add_argument("--out-format", choices=("jsonl", "parquet"), default="jsonl",
                   help="part files as gzipped JSON lines or Parquet (nested values as JSON strings)")
    p.add_argument("--max-chars", type=_positive_int, default=1_000_000,
                   help="longer texts are recorded as errors, not scored (default 1000000)")
    p.add_argument("--partition-size", type=parse_size, default=parse_size("64MB"), metavar="SIZE",
                   help="plain JSONL/CSV files larger than this are split into byte ranges; small text/HTML "
                   "files are grouped up to it (default 64MB; 0: one partition per file)")
    p.add_argument("--scheduler", default="sync", metavar="SPEC",
                   help="sync (in-process, default), local[:N] (a Dask LocalCluster of N worker processes) "
                   "or tcp://HOST:PORT (an existing Dask cluster that sees the same paths)")
    p.add_argument("--resume", action="store_true",
                   help="finish an interrupted run in OUT: finished, verified parts are kept")
    p.add_argument("--overwrite", action="store_true", help="replace the batch output already in OUT")
    p.add_argument("--model", metavar="MODEL_DIR", default=None,
                   help="model directory (default: the model shipped in the package)")
    p.add_argument("--no-model", action="store_true", help="cues and sources only; verifiability and claim null")
    p.add_argument("--genre", default=None, metavar="GENRE", help=GENRE_HELP)
    p.add_argument("--quiet", action="store_true", help="no progress line and no summary")
    p.set_defaults(func=run)


class _Progress:
    """A one-line progress display on a terminal (stderr), redrawn at most 5 times a second."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.last = 0.0
        self.drawn = False

    def __call__(self, s: dict[str, Any]) -> None:
        now = time.monotonic()
        if now - self.last < 0.2:
            return
        self.last = now
        el = max(s["elapsed"], 1e-9)
        line = (f"{s['docs']:,} docs  {s['docs'] / el:,.1f} docs/s  {s['bytes'] / 1e6 / el:,.2f} MB/s  "
                f"{s['failed']:,} failed  {s['skipped']:,} skipped  parts {s['parts_done']}/{s['parts_total']}  "
                f"{el:,.0f}s")
        self.stream.write("\r\x1b[2K" + line)
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def run(args: argparse.Namespace) -> int:
    from scoring.artifacts import ModelError
    from scoring.batch import BatchConfig, BatchInputError, BatchUsageError, run_batch

    cfg = BatchConfig(
        inputs=list(args.inputs), out_dir=args.out, format=args.format, text_field=args.text_field,
        id_field=args.id_field, keep_fields=tuple(f.strip() for f in args.keep_fields.split(",") if f.strip()),
        extractor=args.extractor, level=args.level, out_format=args.out_format, max_chars=args.max_chars,
        partition_size=args.partition_size, scheduler=args.scheduler, resume=args.resume,
        overwrite=args.overwrite, model_dir=args.model, use_model=not args.no_model, genre=args.genre,
        command=["credscore", *sys.argv[1:]] if sys.argv[1:2] == ["batch"] else [],
    )
    err = sys.stderr
    progress = _Progress(err) if (not args.quiet and err.isatty()) else None
    try:
        manifest = run_batch(cfg, progress=progress)
    except BatchUsageError as exc:
        print(f"credscore batch: error: {exc}", file=err)
        return EXIT_USAGE
    except BatchInputError as exc:
        print(f"credscore batch: error: {exc}", file=err)
        return EXIT_UNREADABLE
    except ModelError as exc:
        print(f"credscore batch: error: cannot use the model: {exc}", file=err)
        return EXIT_MODEL
    except KeyboardInterrupt:
        if progress:
            progress.close()
        print(f"\ncredscore batch: interrupted; finished parts are kept in {args.out}: "
              f"rerun the same command with --resume to finish", file=err)
        return EXIT_INTERRUPTED
    finally:
        if progress:
            progress.close()
    c, t = manifest["counts"], manifest["timings"]
    check = "ok" if manifest["counts_check"]["ok"] else "MISMATCH"
    if not args.quiet:
        resumed = manifest["partitions"]["resumed"]
        print(f"credscore batch: {c['read']:,} read = {c['scored']:,} scored + {c['failed']:,} failed + "
              f"{c['skipped']:,} skipped ({check}); {manifest['partitions']['finished']}/"
              f"{manifest['partitions']['total']} parts"
              + (f" ({resumed} kept from the interrupted run)" if resumed else "")
              + f"; {t['seconds']:.1f} s, {t['docs_per_second'] or 0:,.1f} docs/s, "
              f"{t['mb_per_second'] or 0:,.2f} MB/s; output in {args.out}", file=err)
    status = manifest["status"]
    if status == "incomplete":
        for fp in manifest["partitions"]["failed"]:
            print(f"credscore batch: partition {fp['index']} not finished: {fp['error']}", file=err)
        if not manifest["counts_check"]["ok"]:
            print("credscore batch: error: read != scored + failed + skipped (a bug: please report it)", file=err)
        return EXIT_INCOMPLETE
    if status == "records_failed":
        kinds = ", ".join(f"{k} {v}" for k, v in manifest["failed_by_kind"].items())
        print(f"credscore batch: {c['failed']:,} records failed ({kinds}): see {args.out}/errors.jsonl", file=err)
        return EXIT_RECORDS_FAILED
    return EXIT_OK
