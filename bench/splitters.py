"""Compare sentence splitters on hand-written hard cases and on generated news-like text.

Run from the repository root::

    .venv/bin/python bench/splitters.py [--mb 3.0] [--pysbd-kb 150] [--seed 7]

Splitters compared:

* ``credscore``  -- :func:`scoring.text.split_sentences` (paragraph pre-split + nupunkt);
* ``pysbd``      -- ``pysbd.Segmenter(language="en", clean=False, char_span=True)``;
* ``nupunkt``    -- ``nupunkt.sent_spans`` on the whole text, no paragraph pre-split;
* ``naive``      -- ``re.split(r"(?<=[.!?])\\s+", text)``.

Part 1 prints, for each splitter, how many of the hard cases in ``bench/splitter_cases.py`` it
gets exactly right (the list of stripped sentence texts) and which it fails.

Part 2 generates a few MB of news-like documents from templates (seeded RNG: headline, byline,
caption lines without final punctuation; body sentences with abbreviations, numbers, straight
and curly quotes; some documents with CRLF), runs each splitter document by document on one
core, and prints a markdown table of throughput and of how many produced sentences match a
generated (true) sentence exactly. pysbd is far slower, so it is timed on a prefix of the
documents only (``--pysbd-kb``); the table says so.

nupunkt memoizes its boundary decisions per context string, and templated text repeats
contexts more than real news does, so the row ``credscore (cold cache)`` clears the decision
cache before every document as a pessimistic bound. The row ``credscore before fast path``
is the same splitter with every paragraph handed to nupunkt's ``span_tokenize`` (the frozen
reference of ``bench/splitter_agreement.py``), also with a cold cache.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from splitter_cases import CASES  # noqa: E402

Splitter = Callable[[str], list[str]]


# --- the splitters ------------------------------------------------------------------------


def make_credscore() -> Splitter:
    from scoring.text import split_sentences

    return lambda text: [s.text for s in split_sentences(text)]


def make_credscore_cold() -> Splitter:
    from scoring import text as text_mod

    split = text_mod.split_sentences
    tok = text_mod._tokenizer()

    def run(text: str) -> list[str]:
        tok.clear_decision_cache()
        return [s.text for s in split(text)]

    return run


def make_credscore_reference_cold() -> Splitter:
    """The splitter before its fast path (nupunkt on every paragraph), cold cache."""
    from scoring import text as text_mod
    from splitter_agreement import reference_split

    tok = text_mod._tokenizer()

    def run(text: str) -> list[str]:
        tok.clear_decision_cache()
        return [text[a:b] for a, b, _ in reference_split(tok, text)]

    return run


def make_pysbd() -> Splitter:
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)

    def run(text: str) -> list[str]:
        return [t for t in (span.sent.strip() for span in seg.segment(text)) if t]

    return run


def make_nupunkt() -> Splitter:
    import nupunkt

    def run(text: str) -> list[str]:
        return [t for t in (text[a:b].strip() for a, b in nupunkt.sent_spans(text)) if t]

    return run


_NAIVE = re.compile(r"(?<=[.!?])\s+")


def make_naive() -> Splitter:
    def run(text: str) -> list[str]:
        return [t for t in (p.strip() for p in _NAIVE.split(text)) if t]

    return run


SPLITTERS: dict[str, Callable[[], Splitter]] = {
    "credscore": make_credscore,
    "pysbd": make_pysbd,
    "nupunkt (no pre-split)": make_nupunkt,
    "naive regex": make_naive,
}


# --- part 1: hard cases -------------------------------------------------------------------


def run_cases(splitters: dict[str, Splitter]) -> None:
    n = len(CASES)
    print(f"## Hard cases ({n}, bench/splitter_cases.py)\n")
    print("| splitter | exact | failed cases |")
    print("|---|---:|---|")
    for name, split in splitters.items():
        failed = []
        for cid, text, expected in CASES:
            try:
                got = split(text)
            except Exception as exc:  # pysbd can raise on odd input
                got = [f"<{type(exc).__name__}>"]
            if got != expected:
                failed.append(cid)
        print(f"| {name} | {n - len(failed)}/{n} | {', '.join(failed) or '-'} |")
    print()


# --- part 2: generated text ---------------------------------------------------------------

FIRST = ["Ana", "Jonas", "Mei", "Tariq", "Lucia", "Oskar", "Nadia", "Felix", "Ines", "Kwame",
         "Sofia", "Ravi", "Elena", "Marek", "Yara", "Diego", "Hanna", "Emeka", "Lotte", "Omar"]
LAST = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Varga", "Castillo", "Brennan", "Sato",
        "Haddad", "Novak", "Quist", "Abara", "Ferreira", "Kowalski", "Dahl", "Iyer", "Ruiz"]
TITLES = ["Dr.", "Sen.", "Gov.", "Rep.", "Prof.", "Mr.", "Ms.", "Gen.", "Lt. Gen.", "Sgt."]
CITIES = ["St. Louis", "Ft. Worth", "Boston", "Lagos", "Osaka", "Lyon", "Porto", "Denver",
          "Accra", "Tampa", "Gdansk", "Mt. Vernon"]
COMPANIES = ["Norvale Inc.", "Tessaract Corp.", "Brightline Co.", "Halden Ltd.", "Vantor Inc.",
             "Ostrava Corp.", "Kelvin & Sons", "Acorn Holdings"]
MONTHS = ["Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.", "March", "April", "June"]
ORGS = ["the ministry", "the agency", "the U.S. Treasury", "the U.N. mission", "the council",
        "the regulator", "police", "the company", "the union", "the E.U. commission"]
NOUNS = ["budget", "plan", "contract", "merger", "strike", "inquiry", "bridge", "vaccine",
         "reactor", "pipeline", "election", "ceasefire", "tariff", "loan"]
VERBS = ["approved", "rejected", "delayed", "reviewed", "defended", "questioned", "cancelled",
         "expanded", "suspended", "backed"]
HEAD_VERBS = ["stalls", "collapses", "wins backing", "faces scrutiny", "hits snag",
              "sparks protests", "gets green light", "draws fire"]
QUOTES = ["We will not back down", "The numbers do not add up", "This is only the beginning",
          "Nobody saw this coming", "We may need more time", "It is too early to say"]


def _person(r: random.Random) -> str:
    return f"{r.choice(TITLES)} {r.choice(FIRST)} {r.choice(LAST)}"


def _num(r: random.Random) -> str:
    k = r.randrange(6)
    if k == 0:
        return f"{r.randrange(1, 99)}.{r.randrange(10)} percent"
    if k == 1:
        return f"{r.randrange(1, 99)},{r.randrange(1000):03d} people"
    if k == 2:
        return f"${r.randrange(1, 99)}.{r.randrange(10)} billion"
    if k == 3:
        return f"approx. {r.randrange(100, 9999)} homes"
    if k == 4:
        return f"the No. {r.randrange(1, 20)} spot"
    return f"{r.randrange(1, 9)} million barrels"


def _sentence(r: random.Random) -> str:
    """One body sentence; " | " marks a true boundary inside two-sentence templates."""
    k = r.randrange(13)
    p, n, c = _person(r), r.choice(NOUNS), r.choice(CITIES)
    if k == 0:
        return f"{p} said the {n} was {r.choice(VERBS)} on {r.choice(MONTHS)} {r.randrange(1, 29)}."
    if k == 1:
        return f"The {n} could affect {_num(r)} in {c}, according to {r.choice(ORGS)}."
    if k == 2:
        return f'{p} said "{r.choice(QUOTES)}."'
    if k == 3:
        return f"\u201c{r.choice(QUOTES)},\u201d {p} told reporters in {c}."
    if k == 4:
        return f"{r.choice(COMPANIES)} {r.choice(VERBS)} the {n} after talks with {r.choice(COMPANIES)}."
    if k == 5:
        return f"Officials in {c} said the {n} was worth {_num(r)}, up from last year."
    if k == 6:
        return f"It is not clear whether {r.choice(ORGS)} {r.choice(VERBS)} the {n}."
    if k == 7:
        return f"Sources familiar with the {n} said it may be {r.choice(VERBS)} by {_num(r)}."
    if k == 8:
        return f"Was the {n} worth it? | Residents of {c} are divided."
    if k == 9:
        return f"The vote on the {n} was {r.randrange(40, 60)}-{r.randrange(30, 50)}, a narrow margin."
    if k == 12:
        return (f"The session ended at {r.randrange(1, 12)} p.m. | "
                f"It resumes at {r.randrange(7, 11)} a.m. on {r.choice(MONTHS)} {r.randrange(1, 29)}.")
    if k == 10:
        return f"The {n} was {r.choice(VERBS)}... | Then {r.choice(ORGS)} changed course."
    return f"By {r.choice(MONTHS)} {r.randrange(1, 29)}, the {n} had cost {_num(r)}."


_DOUBLE_DOT = re.compile(r"(?<!\.)\.\.(?!\.)")


def generate_docs(target_chars: int, seed: int) -> list[tuple[str, list[str]]]:
    """News-like documents and their true sentences, about ``target_chars`` in total."""
    r = random.Random(seed)
    docs: list[tuple[str, list[str]]] = []
    total = 0
    while total < target_chars:
        lines: list[str] = []
        truth: list[str] = []
        head = f"{r.choice(NOUNS).capitalize()} in {r.choice(CITIES)} {r.choice(HEAD_VERBS)}"
        byline = f"By {r.choice(FIRST)} {r.choice(LAST)}"
        lines += [head, byline]
        truth += [head, byline]
        if r.random() < 0.3:
            cap = f"Protesters gather outside the {r.choice(NOUNS)} office in {r.choice(CITIES)}"
            credit = f"Photo: {r.choice(LAST)}/Wire"
            lines += [cap, credit]
            truth += [cap, credit]
        paragraphs = []
        for _ in range(r.randrange(4, 12)):
            # A template ending in an abbreviation must not get a second period.
            sents = [_DOUBLE_DOT.sub(".", _sentence(r)) for _ in range(r.randrange(1, 5))]
            paragraphs.append(" ".join(sents).replace(" | ", " "))
            for s in sents:
                truth += s.split(" | ")
        nl = "\r\n" if r.random() < 0.2 else "\n"
        text = nl.join(lines) + nl + nl + (nl + nl).join(paragraphs) + nl
        docs.append((text, truth))
        total += len(text)
    return docs


def time_splitter(split: Splitter, docs: list[tuple[str, list[str]]]) -> tuple[float, int, int]:
    """Seconds, sentences produced, produced sentences equal to a true one (per document)."""
    t0 = time.perf_counter()
    outs = [split(text) for text, _ in docs]
    dt = time.perf_counter() - t0
    produced = sum(len(o) for o in outs)
    correct = 0
    for out, (_, truth) in zip(outs, docs):
        correct += sum((Counter(out) & Counter(truth)).values())
    return dt, produced, correct


def run_speed(splitters: dict[str, Splitter], mb: float, pysbd_kb: float, seed: int,
              repeats: int) -> None:
    docs = generate_docs(int(mb * 1_000_000), seed)
    n_chars = sum(len(t) for t, _ in docs)
    n_true = sum(len(tr) for _, tr in docs)
    small: list[tuple[str, list[str]]] = []
    acc = 0
    for d in docs:
        if acc >= pysbd_kb * 1000:
            break
        small.append(d)
        acc += len(d[0])
    print(f"## Throughput on generated news-like text (seed {seed})\n")
    print(f"{len(docs)} documents, {n_chars / 1e6:.2f} M chars, {n_true} true sentences; "
          f"one document per call, one core, median of {repeats} runs "
          f"(pysbd: 1 run on the first {len(small)} documents, {acc / 1000:.0f} k chars).\n")
    print("| splitter | text | true sentences/s | chars/s | produced/true | exact sentences |")
    print("|---|---|---:|---:|---:|---:|")
    for name, split in splitters.items():
        sample = small if name == "pysbd" else docs
        reps = 1 if name == "pysbd" else repeats
        s_chars = sum(len(t) for t, _ in sample)
        s_true = sum(len(tr) for _, tr in sample)
        runs = [time_splitter(split, sample) for _ in range(reps)]
        dt = statistics.median(r[0] for r in runs)
        _, produced, correct = runs[0]
        label = "prefix" if sample is small else "all"
        print(f"| {name} | {label} | {s_true / dt:,.0f} | {s_chars / dt:,.0f} | "
              f"{produced / s_true:.3f} | {100 * correct / s_true:.1f}% |")
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=3.0, help="generated text size (MB)")
    ap.add_argument("--pysbd-kb", type=float, default=150.0, help="prefix timed for pysbd (kB)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    splitters = {name: make() for name, make in SPLITTERS.items()}
    run_cases(splitters)
    timed = dict(splitters)
    timed["credscore (cold cache)"] = make_credscore_cold()
    timed["credscore before fast path (cold cache)"] = make_credscore_reference_cold()
    run_speed(timed, args.mb, args.pysbd_kb, args.seed, args.repeats)


if __name__ == "__main__":
    main()
