"""Throughput of `credscore batch` on generated archives (or real news).

Run from the repository root::

    .venv/bin/python bench/batch.py [--mb 3] [--pages 200] [--seed 11] [--workers 2] [--profile]
                                    [--text generated|polnear]

It generates (seeded, in a temporary folder):

* JSONL: news-like articles from ``bench/throughput.py``'s ``generate``, in 4 files; with
  ``--text polnear``, the PolNeAR train articles from ``../shared/data`` instead (real news,
  3.9 MB; ``--mb`` is then ignored). The generated sentences are shorter than real news (about
  79 bytes against 127) and their vocabulary is small, so the n-gram memo almost always hits:
  per MB, real text costs the models more and the per-sentence steps less. Quote both.
* WARC (gzipped, written with warcio): the same kind of articles as HTML pages with navigation,
  a sidebar and a footer around the ``<article>``, plus a request record per page.

and reports, as a markdown table:

* the ceiling: ``Scorer.score_text(...).to_dict()`` in a plain loop over the same texts (no
  I/O), one process, default garbage-collector settings; and ``Scorer.score_texts`` over chunks
  of documents with ``to_json``, as ``credscore batch`` scores and serialises them (with its
  garbage-collector settings, ``scoring.batch.run._gc_tuned``), and the same without
  ``to_json``;
* ``credscore batch`` on the JSONL with ``--scheduler sync`` and ``local:N`` (documents/s and MB/s
  of text; for ``local:N`` both with and without the cluster's start-up);
* ``credscore batch`` on the WARC with each extractor (pages/s), and the extractor alone.

Every row starts with the n-gram memo empty (``HashedNgrams.clear_memo``), as a fresh process
does; a warm memo would flatter the rows that follow the first. MB are 10^6 bytes of article
text (UTF-8), not of the archive. ``--profile`` adds the top
functions of a cProfile run of the sync JSONL job. The figures depend on the machine and on what
else runs on it: say so when you quote them.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

NAV = "<nav><a href='/'>Home</a> | <a href='/world'>World</a> | <a href='/sport'>Sport</a> | <a href='/login'>Log in</a></nav>"
ASIDE = "<aside><h3>Most read</h3><ul>" + "".join(f"<li><a href='/s/{i}'>Story number {i} of the day</a></li>" for i in range(8)) + "</ul></aside>"
FOOTER = "<footer><p>Copyright 2025 The Example Gazette. All rights reserved.</p><p>Contact | Privacy | Terms</p></footer>"


def write_jsonl(docs: list[str], folder: Path, n_files: int = 4) -> None:
    for f in range(n_files):
        with open(folder / f"news{f}.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps({"id": f"doc{i}", "text": docs[i], "url": f"https://example.org/{i}"}) + "\n" for i in range(f, len(docs), n_files))


def page(doc: str) -> str:
    title, *paras = doc.split("\n\n")
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>{NAV}"
            f"<main><article><h1>{title}</h1>{body}</article>{ASIDE}</main>{FOOTER}</body></html>")


def write_warc(docs: list[str], path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i, doc in enumerate(docs):
            url = f"https://example.org/news/{i}"
            w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=StatusAndHeaders(
                f"GET /news/{i} HTTP/1.1", [("Host", "example.org")], is_http_request=True)))
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(page(doc).encode()),
                                                http_headers=StatusAndHeaders("200 OK", [(
                                                    "Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")))


def batch(inputs: list[str], out: Path, **kw) -> tuple[dict, float]:
    from scoring.batch import BatchConfig, run_batch

    t0 = time.perf_counter()
    m = run_batch(BatchConfig(inputs=inputs, out_dir=str(out), **kw))
    return m, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=3.0, help="megabytes of JSONL article text")
    ap.add_argument("--pages", type=int, default=200, help="HTML pages in the WARC")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--workers", type=int, default=2, help="N of the local:N row")
    ap.add_argument("--profile", action="store_true", help="cProfile the sync JSONL run")
    ap.add_argument("--text", choices=("generated", "polnear"), default="generated",
                    help="JSONL of generated articles, or of the PolNeAR train articles (../shared/data)")
    args = ap.parse_args()

    from throughput import generate

    from scoring.batch.run import _scorer, extract_html

    if args.text == "polnear":
        from training.cue_eval import load_polnear

        docs = [a.text for a in load_polnear("train")]
    else:
        docs = generate(int(args.mb * 1_000_000), args.seed)
    mb = sum(len(d.encode()) for d in docs) / 1e6
    pages = _pages(args.pages, args.seed + 1, generate)
    rows = []
    with tempfile.TemporaryDirectory(prefix="credscore-bench-") as tmp:
        tmp = Path(tmp)
        (tmp / "jsonl").mkdir()
        write_jsonl(docs, tmp / "jsonl")
        write_warc(pages, tmp / "pages.warc.gz")
        psize = max(1, int(mb * 1e6 / 8))  # 8+ partitions so that every worker gets several

        scorer = _scorer(None, True)

        def cold() -> None:  # the n-gram memo as in a fresh process
            for h in (scorer._fast.hashers.values() if scorer._fast is not None else ()):
                h.clear_memo()

        best = float("inf")
        for _ in range(2):  # the second pass has the same warm caches (but the memo) as the batch runs after it
            cold()
            t0 = time.perf_counter()
            for d in docs:
                scorer.score_text(d).to_dict()
            best = min(best, time.perf_counter() - t0)
        rows.append(("Scorer.score_text loop, 1 process (ceiling), best of 2", len(docs), mb, best, None))
        from scoring.batch.run import (
            CHUNK_CHARS,
            CHUNK_DOCS,
            RUN_CONSTANT_KEYS,
            _gc_tuned,
        )

        chunks, chunk = [], []
        for d in docs:  # as process_partition groups them
            chunk.append(d)
            if len(chunk) >= CHUNK_DOCS or sum(map(len, chunk)) >= CHUNK_CHARS:
                chunks.append(chunk)
                chunk = []
        chunks += [chunk] if chunk else []
        best = best_score = float("inf")
        for _ in range(2):  # the models alone, and + to_json, as batch scores and serialises them
            t_score = t_json = 0.0
            cold()
            with _gc_tuned():  # the garbage collector's settings during a batch run
                for c in chunks:
                    t0 = time.perf_counter()
                    results = scorer.score_texts(c)
                    t1 = time.perf_counter()
                    for doc in results:
                        doc.to_json(RUN_CONSTANT_KEYS)
                    t_score += t1 - t0
                    t_json += time.perf_counter() - t1
            best, best_score = min(best, t_score + t_json), min(best_score, t_score)
        rows.append((f"Scorer.score_texts in chunks of <= {CHUNK_DOCS} docs + to_json, GC as batch, best of 2",
                     len(docs), mb, best, None))
        rows.append(("the same, score_texts alone (no serialisation)", len(docs), mb, best_score, None))

        for sched in ("sync", f"local:{args.workers}"):
            cold()
            m, wall = batch([str(tmp / "jsonl")], tmp / f"out-{sched.replace(':', '')}", scheduler=sched,
                            partition_size=psize)
            assert m["counts"]["scored"] == len(docs), m["counts"]
            t = m["timings"]
            rows.append((f"batch JSONL, --scheduler {sched}", len(docs), mb, t["score_seconds"], wall))

        for ex in ("trafilatura", "resiliparse"):
            cold()
            m, wall = batch([str(tmp / "pages.warc.gz")], tmp / f"out-{ex}", extractor=ex)
            assert m["counts"]["scored"] == len(pages), m["counts"]
            rows.append((f"batch WARC, --extractor {ex}, sync", len(pages), m["text_bytes"] / 1e6,
                         m["timings"]["score_seconds"], wall))
            html = [page(p) for p in pages]
            t0 = time.perf_counter()
            for h in html:
                extract_html(h, ex)
            rows.append((f"{ex} extraction alone (no scoring)", len(pages), None, time.perf_counter() - t0, None))

        print(f"JSONL: {len(docs):,} articles, {mb:.2f} MB of text in 4 files, partitions of {psize / 1e6:.2f} MB; "
              f"WARC: {len(pages)} pages (+ {len(pages)} request records); os.cpu_count() = {os.cpu_count()}\n")
        print("| job | docs | docs/s | MB/s of text | seconds (scoring) | seconds (wall, incl. start-up) |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, n, size, sec, wall in rows:
            mbs = "" if size is None else f"{size / sec:.2f}"
            print(f"| {name} | {n:,} | {n / sec:,.1f} | {mbs} | {sec:.2f} | {'' if wall is None else f'{wall:.2f}'} |")

        if args.profile:
            import cProfile
            import pstats

            cold()
            prof = cProfile.Profile()
            prof.enable()
            batch([str(tmp / "jsonl")], tmp / "out-profile", partition_size=psize)
            prof.disable()
            print("\ncProfile of the sync JSONL job, top 20 by own time:\n")
            pstats.Stats(prof).sort_stats("tottime").print_stats(20)


def _pages(n: int, seed: int, generate) -> list[str]:
    docs = generate(n * 2500, seed)
    while len(docs) < n:
        docs += generate(n * 2500, seed + len(docs))
    r = random.Random(seed)
    r.shuffle(docs)
    return docs[:n]


if __name__ == "__main__":
    main()
