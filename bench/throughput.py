"""Throughput of sentence splitting + cue extraction on one core.

Run from the repository root::

    .venv/bin/python bench/throughput.py [--mb 3] [--seed 11] [--repeat 3] [--text generated|polnear]

With ``--text generated`` (default) it generates a few MB of news-like articles from templates
(seeded; headlines without final punctuation, attributions before and after the cue, quotes,
hedges, approximations, caveats, abbreviations and numbers). With ``--text polnear`` it reads
the PolNeAR train articles (real news, about 4 MB) from ``../shared/data`` instead; nothing of
them is written anywhere. Then it times on one core, best of ``--repeat`` runs:

* ``re.finditer(r"\\w+")`` over the same texts: the floor any pure-Python tokenising pass pays;
* ``split_sentences`` alone;
* ``analyze_text(sources=False)``: split + cues + each attribution's source, the number the
  core issue's target (>= 20,000 sentences/s) is about;
* ``analyze_text``: the same plus the article-level step (issue 6: sources grouped with their
  aliases, caveats), what ``credscore score`` and the scorer run;
* ``analyze_text`` with nupunkt's per-context decision cache cleared before every article
  ("cold"): templated text repeats contexts far more than real news, so this is the honest
  lower bound.

It prints a markdown table with sentences/s, MB/s and the ratio to the ``\\w+`` pass. The
process is pinned to one core where the OS allows it.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import time

FIRST = ["Ana", "Jonas", "Mei", "Tariq", "Lucia", "Oskar", "Nadia", "Felix", "Ines", "Kwame", "Priya",
         "Diego", "Hana", "Marek", "Zainab", "Tomas", "Leila", "Arjun", "Sofia", "Emeka"]
LAST = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Varga", "Castillo", "Brennan", "Sato", "Novak",
        "Haddad", "Mensah", "Ferreira", "Kowalski", "Rahman", "Ivanova", "Duarte", "Whitfield"]
ROLES = ["spokeswoman", "spokesman", "a senior official", "the mayor", "the health minister",
         "an analyst at Brightline Capital", "the police chief", "a local resident"]
ORGS = ["the ministry", "the Regional Water Authority", "the Coastal Monitoring Network", "police",
        "the company", "NATO", "the U.N. mission", "state media", "Reuters", "local officials"]
PLACES = ["St. Louis", "Lagos", "Osaka", "Porto", "Denver", "the northern province", "the coast"]
NOUNS = ["villages", "homes", "workers", "patients", "schools", "flights", "voters", "families"]
VERBS = ["were flooded", "were evacuated", "lost power", "were closed", "were delayed", "were affected"]
QUOTES = ["We will not back down", "The numbers do not add up", "This may take weeks",
          "Nobody saw this coming", "We are doing everything we can", "It could get worse"]
HEADLINES = ["Floods cut off coastal towns", "Ministry delays budget vote", "Strike hits ports",
             "Talks stall over water rights", "Council approves bridge plan"]


def _num(r: random.Random) -> str:
    return r.choice([str(r.randint(2, 99)), f"{r.randint(1, 9)},{r.randint(100, 999)}",
                     f"{r.randint(1, 9)}.{r.randint(1, 9)} million", f"${r.randint(2, 900)} million"])


def _person(r: random.Random) -> str:
    return f"{r.choice(FIRST)} {r.choice(LAST)}"


def _sentence(r: random.Random) -> str:
    n, noun, verb, place = _num(r), r.choice(NOUNS), r.choice(VERBS), r.choice(PLACES)
    k = r.randrange(12)
    if k == 0:
        return f"{r.choice(ORGS).capitalize()} said {r.choice(['nearly', 'at least', 'about', 'roughly'])} {n} {noun} {verb} in {place}."
    if k == 1:
        return f"According to {r.choice(ORGS)}, {n} {noun} {verb} on Jan. {r.randint(1, 28)}."
    if k == 2:
        return f"\u201c{r.choice(QUOTES)},\u201d {_person(r)}, {r.choice(ROLES)}, told reporters."
    if k == 3:
        return f"\"{r.choice(QUOTES)},\" said {_person(r)}."
    if k == 4:
        return f"The figures could not be independently verified, and it remains unclear how many {noun} {verb}."
    if k == 5:
        return f"Experts say the damage may exceed {n}, though some observers believe the estimate is too high."
    if k == 6:
        return f"Dr. {r.choice(LAST)} of the U.S. agency apparently warned in May that {noun} could be at risk."
    if k == 7:
        return f"{_person(r)} announced that {n} {noun} {verb} after the storm, up from {_num(r)} last year."
    if k == 8:
        return "The so-called recovery plan went according to plan, officials said on Tuesday at 5 p.m."
    if k == 9:
        return f"Dozens of {noun} in {place} {verb}, local media reported, citing unnamed sources."
    if k == 10:
        return f"Insurance claims rose by {r.randint(2, 40)} percent in {place}, the company claims."
    return f"The {r.choice(['council', 'agency', 'board'])} approved a {n} budget for {place} on Monday."


def generate(target_chars: int, seed: int) -> list[str]:
    """News-like articles: a headline line, then paragraphs of 1-4 sentences."""
    r = random.Random(seed)
    docs, total = [], 0
    while total < target_chars:
        paras = [r.choice(HEADLINES)]
        for _ in range(r.randint(3, 8)):
            paras.append(" ".join(_sentence(r) for _ in range(r.randint(1, 4))))
        doc = "\n\n".join(paras)
        docs.append(doc)
        total += len(doc)
    return docs


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=3.0, help="megabytes of text to generate")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--repeat", type=int, default=3, help="runs per row; the best is kept")
    ap.add_argument("--text", choices=("generated", "polnear"), default="generated",
                    help="generated articles, or the PolNeAR train articles from ../shared/data")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    from scoring import analyze_text, split_sentences
    from scoring.extract import default_matcher

    if args.text == "polnear":
        from training.cue_eval import load_polnear

        docs = [a.text for a in load_polnear("train")]
    else:
        docs = generate(int(args.mb * 1_000_000), args.seed)
    n_chars = sum(len(d) for d in docs)
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    default_matcher()  # lexicon load and compile are start-up, not throughput
    n_sent = sum(len(split_sentences(d)) for d in docs)
    n_cues = sum(len(r.cues) for d in docs for r in analyze_text(d).sentences)
    word = re.compile(r"\w+")

    def words() -> None:
        for d in docs:
            for _ in word.finditer(d):
                pass

    def split() -> None:
        for d in docs:
            split_sentences(d)

    def analyze() -> None:
        for d in docs:
            analyze_text(d, sources=False)

    def analyze_article() -> None:
        for d in docs:
            analyze_text(d)

    def analyze_cold() -> None:
        for d in docs:
            _clear_nupunkt_cache()
            analyze_text(d, sources=False)

    rows = [("re.finditer(r'\\w+') pass", _best(words, args.repeat)),
            ("split_sentences", _best(split, args.repeat)),
            ("split + cues + sources (analyze_text, sources=False)", _best(analyze, args.repeat)),
            ("same, nupunkt cache cleared per article", _best(analyze_cold, args.repeat)),
            ("same + article-level sources (analyze_text)", _best(analyze_article, args.repeat))]
    base = rows[0][1]
    print(f"{args.text} text: {len(docs)} articles, {mb:.2f} MB ({n_chars:,} code points), {n_sent:,} sentences, "
          f"{n_cues:,} cues; one core, best of {args.repeat}\n")
    print("| pass | seconds | sentences/s | MB/s | time / \\w+ pass |")
    print("|---|---:|---:|---:|---:|")
    for name, sec in rows:
        print(f"| {name} | {sec:.3f} | {n_sent / sec:,.0f} | {mb / sec:.2f} | {sec / base:.1f}x |")


def _clear_nupunkt_cache() -> None:
    """Clear nupunkt's per-context decision cache (as bench/splitters.py does)."""
    from scoring import text as text_mod

    text_mod._tokenizer().clear_decision_cache()


if __name__ == "__main__":
    main()
