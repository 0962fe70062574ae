"""Model figures: load time, resident memory, and scoring throughput on pre-split sentences.

Run from the repository root::

    .venv/bin/python bench/model.py [--model DIR] [--n 20000] [--repeat 3]

It loads the model directory (default: the model shipped in ``scoring/models/default``) in a
fresh process state and reports: wall time of :func:`scoring.artifacts.load_model` (best of
``--repeat``, after one warm-up that pays the first imports), the process's resident memory
(VmRSS) before and after loading, and sentences/s of ``predict_proba`` for the verifiability and
the claim pipelines (features + model) and of the whole :class:`scoring.scorer.Scorer` on
pre-split sentences (``score_lines``), on one core; then the per-call figures the HTTP API
depends on: the latency of ``score_sentences`` on one sentence and of ``score_text`` on one short
text, and ``score_text`` on articles of about 5 KB, each including ``to_dict()``. Sentences and
articles come from bench/throughput.py's generator (seeded), so nothing from the corpora is
needed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=None)
    ap.add_argument("--n", type=int, default=20000, help="sentences to score")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from throughput import generate

    from scoring.text import split_sentences

    sentences = [s.text for d in generate(args.n * 90, 5) for s in split_sentences(d)][: args.n]
    # Articles of about 5 KB: generated articles joined until they reach the size.
    articles, buf = [], []
    for d in generate(60 * 5000, 13):
        buf.append(d)
        if sum(len(b) for b in buf) >= 5000:
            articles.append("\n\n".join(buf))
            buf = []
    rss0 = rss_mb()
    t0 = time.perf_counter()
    import skops.io  # noqa: F401  (import cost reported separately)
    import sklearn  # noqa: F401

    t_import = time.perf_counter() - t0
    from scoring.artifacts import load_model
    from scoring.scorer import DEFAULT_MODEL_DIR, Scorer

    directory = args.model or DEFAULT_MODEL_DIR
    models, meta = load_model(directory)  # warm-up
    loads = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        models, meta = load_model(directory)
        loads.append(time.perf_counter() - t0)
    rss1 = rss_mb()
    scorer = Scorer(models, meta)
    rows = []
    for name, pipe in models.items():
        best = min(_timed(lambda: pipe.predict_proba(sentences)) for _ in range(args.repeat))
        rows.append((f"{name}: predict_proba (features + model)", best))
    best = min(_timed(lambda: scorer.predict(sentences)) for _ in range(args.repeat))
    rows.append((f"Scorer.predict: all {len(scorer.models)} models, shared cue and n-gram features", best))
    text = "\n".join(sentences)
    best = min(_timed(lambda: scorer.score_lines(text)) for _ in range(args.repeat))
    rows.append((f"Scorer.score_lines (cues + sources + all {len(scorer.models)} models)", best))
    n_art = sum(len(split_sentences(a)) for a in articles)
    best = min(_timed(lambda: [scorer.score_text(a).to_dict() for a in articles]) for _ in range(args.repeat))
    rows.append((f"Scorer.score_text(...).to_dict(), {len(articles)} articles of ~5 KB", best, n_art))
    calls = sentences[:500]
    best = min(_timed(lambda: [scorer.score_sentences([s]).to_dict() for s in calls])
               for _ in range(args.repeat))
    per_call = [("Scorer.score_sentences([one]).to_dict()", best / len(calls))]
    best = min(_timed(lambda: [scorer.score_text(s).to_dict() for s in calls]) for _ in range(args.repeat))
    per_call.append(("Scorer.score_text(one sentence).to_dict()", best / len(calls)))
    print(f"model {meta['name']} {meta['version']} ({meta['size_bytes'] / 1e6:.1f} MB, sha256 "
          f"{meta['sha256'][:12]}); {len(sentences):,} sentences; one core\n")
    print(f"- import sklearn + skops: {t_import:.2f} s (once per process)")
    print(f"- load_model: best {min(loads):.2f} s of {args.repeat} (after a warm-up load)")
    print(f"- resident memory: {rss0:.0f} MB before imports, {rss1:.0f} MB with the model loaded\n")
    print("| pass | seconds | sentences/s |")
    print("|---|---:|---:|")
    for name, sec, *count in rows:
        n = count[0] if count else len(sentences)
        print(f"| {name} | {sec:.2f} | {n / sec:,.0f} |")
    print("\n| call (one at a time, 500 sentences) | ms per call | calls/s |")
    print("|---|---:|---:|")
    for name, sec in per_call:
        print(f"| {name} | {sec * 1e3:.3f} | {1 / sec:,.0f} |")


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
