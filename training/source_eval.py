"""Article-level sources on PolNeAR: how many sources per article, how many mentions are merged.

Usage::

    python -m training.source_eval [--split dev] [--data-dir DIR] [--show-merges N] [--seed S]
                                   [--include-identical] [--json OUT]

PolNeAR has no gold for coreference of sources, so this is a descriptive measurement plus a
sample for a person to judge (docs/SOURCES.md records the judged count):

* ``sources_per_article``: mean / median number of article sources (``doc.sources``);
* ``mentions``: attribution source mentions (role ``source``); ``merged``: those in a source
  with two or more such mentions; ``merged_share`` = merged / mentions;
* ``alias_merges``: mentions joined to a source whose earlier mentions all have another text
  ("Lopez" joined to "Maria Lopez") -- the merges an alias rule made; ``identical_merges``: a
  mention joined to an earlier mention with the same text;
* ``caveats``: caveats found, by family; ``sentences_source_caveat``.

``--show-merges N --seed S`` prints N alias merges drawn at random (seeded): the article, the
source's name and kind, the merged mention with its sentence, and the source's first mention with
its sentence. Corpus text is printed to the terminal only; nothing is written unless ``--json``
is given (figures only, no text). Dev by default; test only when asked (DESIGN.md).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from training.cue_eval import DEFAULT_DATA_DIR, SPLITS, load_polnear
from training.errors import DataError


def merges(doc: Any) -> list[dict[str, Any]]:
    """Every mention joined to an earlier mention of its source (role ``source`` only)."""
    out = []
    for src in doc.sources:
        ms = [m for m in src.mentions if m.role == "source"]
        for k in range(1, len(ms)):
            earlier = {m.text for m in ms[:k]}
            out.append({"source": src, "mention": ms[k], "first": ms[0],
                        "identical": ms[k].text in earlier})
    return out


def evaluate(articles: Sequence[Any], analyze: Any = None) -> tuple[dict[str, Any], list[tuple[str, Any, dict]]]:
    """Figures over the articles, and every merge as (article name, doc, merge)."""
    if analyze is None:
        from scoring import analyze_text as analyze
    per_article, mentions, merged = [], 0, 0
    families: Counter = Counter()
    caveat_sentences = alias = identical = pronoun_merged = 0
    all_merges: list[tuple[str, Any, dict]] = []
    t0 = time.perf_counter()
    n_sent = 0
    docs = []
    for art in articles:
        doc = analyze(art.text)
        docs.append((art, doc))
    seconds = time.perf_counter() - t0
    for art, doc in docs:
        n_sent += len(doc.sentences)
        per_article.append(len(doc.sources))
        for src in doc.sources:
            ms = [m for m in src.mentions if m.role == "source"]
            mentions += len(ms)
            if len(ms) >= 2:
                merged += len(ms)
            for c in src.caveats:
                families[c.family] += 1
        caveat_sentences += sum(1 for r in doc.sentences if r.source_caveat)
        for mg in merges(doc):
            if mg["identical"]:
                identical += 1
            else:
                alias += 1
                if mg["mention"].text.lower() in ("he", "she", "it", "they", "him", "his", "her", "its", "their"):
                    pronoun_merged += 1
            all_merges.append((art.name, doc, mg))
    rep = {
        "articles": len(articles),
        "sentences": n_sent,
        "sources": sum(per_article),
        "sources_per_article": {
            "mean": round(statistics.mean(per_article), 2) if per_article else None,
            "median": statistics.median(per_article) if per_article else None,
            "max": max(per_article) if per_article else None,
        },
        "mentions": mentions,
        "merged": merged,
        "merged_share": round(merged / mentions, 4) if mentions else None,
        "alias_merges": alias,
        "alias_merges_pronoun": pronoun_merged,
        "identical_merges": identical,
        "caveats": sum(families.values()),
        "caveats_by_family": dict(families.most_common()),
        "sentences_source_caveat": caveat_sentences,
        "seconds_analyze": round(seconds, 2),
    }
    return rep, all_merges


def _sentence_of(doc: Any, i: int) -> str:
    return " ".join(doc.sentences[i].sentence.text.split())


def show_merges(all_merges: list[tuple[str, Any, dict]], n: int, seed: int, include_identical: bool) -> str:
    pool = [x for x in all_merges if include_identical or not x[2]["identical"]]
    rng = random.Random(seed)
    sample = rng.sample(pool, min(n, len(pool)))
    out = [f"### {len(sample)} merges drawn from {len(pool)} (seed {seed})"]
    for k, (name, doc, mg) in enumerate(sample, 1):
        src, m, first = mg["source"], mg["mention"], mg["first"]
        texts = []
        for x in src.mentions:
            if x.role == "source" and x.text not in texts:
                texts.append(x.text)
        out.append(f"\n[{k}] {name}: source {src.id} {src.name!r} ({src.kind}); mentions {texts}")
        out.append(f"    merged  {m.text!r} in sentence {m.sentence}: {_sentence_of(doc, m.sentence)}")
        out.append(f"    first   {first.text!r} in sentence {first.sentence}: {_sentence_of(doc, first.sentence)}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m training.source_eval", description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=SPLITS, help="dev by default; test only for the release table")
    ap.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    ap.add_argument("--show-merges", type=int, default=0, metavar="N", help="print N random alias merges to judge")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--include-identical", action="store_true",
                    help="also draw merges of a mention with the same text as an earlier one")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures (no text) here")
    args = ap.parse_args(argv)
    try:
        articles = load_polnear(args.split, args.data_dir)
    except DataError as exc:
        print(f"data error: {exc}", file=sys.stderr)
        return 2
    rep, all_merges = evaluate(articles)
    rep = {"corpus": "polnear", "split": args.split, **rep}
    text = json.dumps(rep, indent=2)
    print(text)
    if args.show_merges:
        print()
        print(show_merges(all_merges, args.show_merges, args.seed, args.include_identical))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
