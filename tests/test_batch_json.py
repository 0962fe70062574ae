"""The batch serialiser: every ``to_json()`` writes exactly the text of
``json.dumps(obj.to_dict(), ensure_ascii=False)``, and every line `credscore batch` writes is
exactly ``json.dumps({**head, **doc})`` (byte for byte, not only the same values), for tricky
content: non-ASCII, emoji, quotes, backslashes, every control character, U+2028/2029, lone
surrogates, floats of every shape (NaN and infinities too), None and empty lists.

Also: the one-pass ``DocumentResult.summary()`` equals the previous, one-pass-per-figure
definition (``reference_summary`` below, kept verbatim).
"""

from __future__ import annotations

import gzip
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.batch import BatchConfig, run_batch
from scoring.batch.run import RUN_CONSTANT_KEYS, _scorer
from scoring.extract import analyze_text
from scoring.types import (
    _NAMED_KINDS,
    _WORD_RE,
    CUE_TYPES,
    ArticleSource,
    Attribution,
    CueSpan,
    DocumentResult,
    Sentence,
    SentenceResult,
    SourceCaveat,
    SourceMention,
    SourceSpan,
)

TRICKY = [
    "",
    "plain words",
    "Ünïcödé café naïve Ærø",
    "emoji 😀 👍🏽 🇩🇪 family 👨\u200d👩\u200d👧",
    'quotes " and \' and “curly” ‘single’ «guillemets»',
    "back\\slash \\n \\u2028 \\\" literal escapes",
    "".join(chr(i) for i in range(32)) + "\x7f",
    "line\u2028separator\u2029paragraph separator",
    "lone \ud800 and \udcff surrogates",
    "</script><b>&amp;</b> \u0085 \u00a0 \u200b \ufeff",
    "RTL עברית العربية combining e\u0301",
    "slash / and nul \x00 end",
]
FLOATS = [None, 0.0, -0.0, 1.0, 0.1 + 0.2, 1e-05, 3.5e-07, 0.0001, 1e16, 1.5e300, 5e-324, 0.1234,
          float("nan"), float("inf"), float("-inf"), 123456789.125]


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def tricky_document(k: int) -> DocumentResult:
    """A document whose every string field takes the tricky strings in turn (offset ``k``)."""
    n = len(TRICKY)

    def t(i: int) -> str:
        return TRICKY[(i + k) % n]

    sentences = []
    for i in range(n):
        cues = [CueSpan(CUE_TYPES[(i + j) % 5] if (i + j) % 3 else t(i + j), t(i + j + 1), i + j, i + j + 2,
                        t(i + j + 2), (i + j) % 2 == 0)
                for j in range((i + k) % 4)]
        atts = []
        for j, cue in enumerate(cues):
            src = None if (i + j) % 3 == 0 else SourceSpan(t(i + j + 3), j, j + 5, t(i + j + 4))
            atts.append(Attribution(cue, src))
        if i % 5 == 1:  # an attribution whose cue is not one of the sentence's cues
            atts.append(Attribution(CueSpan("attribution", t(i), 0, 3, t(i + 5)), SourceSpan(t(i + 6), 1, 2, "vague")))
        ids = [None if j % 2 else t(i + j + 7) for j in range(len(atts))]
        sentences.append(SentenceResult(
            sentence=Sentence(i, 10 * i, 10 * i + len(t(i)), t(i), i // 3),
            cues=cues,
            attributions=atts,
            verifiability=FLOATS[(i + k) % len(FLOATS)],
            label=None if i % 3 == 0 else t(i + 8),
            claim=FLOATS[(i + k + 5) % len(FLOATS)],
            claim_label=None if i % 4 == 1 else t(i + 9),
            source_ids=[None, ids, ids[:1], []][(i + k) % 4],
            source_caveat=i % 2 == 1,
        ))
    sources = [
        ArticleSource(
            id=t(j), name=t(j + 1), kind=["named_person", "vague", "official_anonymous", t(j + 2)][j % 4],
            mentions=[SourceMention(j, m, m + 3, t(j + m), t(j + m + 1)) for m in range(j % 3)],
            sentences=list(range(j % 4)),
            caveats=[SourceCaveat(j, c, c + 2, t(c), t(c + 1), t(c + 2), t(c + 3)) for c in range(j % 2 + 1)],
        )
        for j in range(5)
    ]
    sources.append(ArticleSource(id=t(0) + "x", name="empty", kind="media"))
    return DocumentResult(
        sentences=sentences,
        model={"name": t(0), "thresholds": {"verifiability": 0.5, "nested": [t(1), None, 1e-07]}},
        lexicon={"sha256": t(2), "rules": 7},
        sources=sources,
    )


def assert_same_json(doc: DocumentResult) -> None:
    full = doc.to_dict()
    assert doc.to_json() == dumps(full)
    body = {k: v for k, v in full.items() if k not in RUN_CONSTANT_KEYS}
    assert doc.to_json(RUN_CONSTANT_KEYS) == dumps(body)
    for r in doc.sentences:
        assert r.to_json() == dumps(r.to_dict())
        for c in r.cues:
            assert c.to_json() == dumps(c.to_dict())
        for a in r.attributions:
            assert a.to_json() == dumps(a.to_dict())
    for src in doc.sources:
        assert src.to_json() == dumps(src.to_dict())
        for m in src.mentions:
            assert m.to_json() == dumps(m.to_dict())
        for c in src.caveats:
            assert c.to_json() == dumps(c.to_dict())


def test_when_content_is_tricky_then_to_json_equals_json_dumps_of_to_dict():
    for k in range(len(TRICKY)):
        doc = tricky_document(k)
        assert_same_json(doc)
        assert dumps(doc.summary()) == dumps(reference_summary(doc))
    empty = DocumentResult([])
    assert_same_json(empty)
    assert empty.to_json(("model", "sentences", "sources", "summary", "lexicon")) == "{}"


def test_when_documents_are_analysed_then_to_json_equals_json_dumps_of_to_dict():
    texts = [
        ("Officials said at least 40 homes burned, according to the fire service.\n\n"
         "The Coastal Monitoring Network (CMN) said the water \u201cmay be unsafe\u201d. The CMN's "
         "figures could not be independently verified. It is an industry-funded group."),
        ("Spokeswoman Maria Lopez told reporters: \"It's apparently over\u2028and done.\" Lopez later said "
         "nearly 200 people were evacuated.\tExperts say the \\risk\\ remains 😀."),
        "Ärzte sagten, rund 12 Häuser seien beschädigt. \x01Control\x1f chars\x7f and \u2029 break.",
        "",
        "   \n\n  ",
    ]
    scorer = _scorer(None, True)
    for text in texts:
        for doc in (analyze_text(text), scorer.score_text(text)):
            assert_same_json(doc)
            assert doc.summary() == reference_summary(doc)
    for doc in scorer.score_texts(texts):
        assert_same_json(doc)


_any_text = st.text(st.characters(blacklist_categories=()), max_size=12)  # surrogates included
_floats = st.none() | st.floats(allow_nan=True, allow_infinity=True)
_ints = st.integers(min_value=-(2**70), max_value=2**70)


@st.composite
def documents(draw) -> DocumentResult:
    sentences = []
    for i in range(draw(st.integers(0, 4))):
        cues = [CueSpan(draw(st.sampled_from(["hedge", "attribution", "vague_source", "unverified",
                                              "approximation"]) | _any_text),
                        draw(_any_text), draw(_ints), draw(_ints), draw(_any_text), draw(st.booleans()))
                for _ in range(draw(st.integers(0, 3)))]
        atts = [Attribution(c, draw(st.none() | st.builds(
            SourceSpan, _any_text, _ints, _ints, st.sampled_from(["vague", "named_person", "self"]) | _any_text)))
            for c in cues if draw(st.booleans())]
        sentences.append(SentenceResult(
            Sentence(i, draw(_ints), draw(_ints), draw(_any_text), draw(_ints)), cues, atts,
            draw(_floats), draw(st.none() | _any_text), draw(_floats), draw(st.none() | _any_text),
            draw(st.none() | st.lists(st.none() | _any_text, max_size=3)), draw(st.booleans()),
        ))
    sources = [ArticleSource(draw(_any_text), draw(_any_text), draw(_any_text),
                             draw(st.lists(st.builds(SourceMention, _ints, _ints, _ints, _any_text, _any_text),
                                           max_size=2)),
                             draw(st.lists(_ints, max_size=3)),
                             draw(st.lists(st.builds(SourceCaveat, _ints, _ints, _ints, _any_text, _any_text,
                                                     _any_text, _any_text), max_size=2)))
               for _ in range(draw(st.integers(0, 3)))]
    return DocumentResult(sentences, draw(st.none() | st.just({"x": [1.5, "é\u2028"]})), None, sources)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_property_to_json_equals_json_dumps_of_to_dict(doc):
    assert_same_json(doc)
    assert dumps(doc.summary()) == dumps(reference_summary(doc))


def test_when_batch_writes_jsonl_then_each_line_is_json_dumps_of_head_and_document(tmp_path):
    """Byte level: the line is ``json.dumps({**head, **doc}, ensure_ascii=False)`` with ``doc`` the
    ``credscore score`` dict without the run constants, at document and sentence level."""
    texts = [t for t in TRICKY if "\ud800" not in t] + [
        "Officials said the road \u201cmay reopen\u201d soon.\u2028Nearly 30 cars were towed, police said.",
        "A spokesman told reporters that \"nothing\" was \\ wrong 😀. Experts say it is unclear.",
    ]
    src = tmp_path / "in.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for i, t in enumerate(texts):
            rec = {"id": f"d{i}\u2028\"{i}", "text": t, "url": [None, 5, {"a": [1.5, "é"]}, "https://x.org/ü"][i % 4],
                   "title": "T\"\\\x01😀", "source_caveat": "kept"}
            fh.write(json.dumps(rec, ensure_ascii=i % 2 == 0) + "\n")
    scorer = _scorer(None, True)
    docs = {i: scorer.score_text(t).to_dict() for i, t in enumerate(texts)}
    for level, keep in (("document", "url,date,title"), ("sentence", "url,title")):
        out = tmp_path / f"out-{level}-{keep}"
        m = run_batch(BatchConfig(inputs=[str(src)], out_dir=str(out), level=level,
                                  keep_fields=tuple(keep.split(","))))
        assert m["counts"]["scored"] == len(texts)
        raw = b"".join(gzip.decompress(p.read_bytes()) for p in sorted(out.glob("part-*.jsonl.gz")))
        assert raw.endswith(b"\n")
        lines = [line + "\n" for line in raw.decode("utf-8").split("\n")[:-1]]  # not splitlines: U+2028
        expected = []
        for i in range(len(texts)):
            row = json.loads(lines[len(expected)])
            head = {k: row[k] for k in ("id", "source_file", "position", *keep.split(","))}
            if level == "document":
                doc = {k: v for k, v in docs[i].items() if k not in RUN_CONSTANT_KEYS}
                expected.append(dumps({**head, **doc}) + "\n")
            else:
                expected += [dumps({**head, **s}) + "\n" for s in docs[i]["sentences"]]
        assert lines == expected


def reference_summary(doc: DocumentResult) -> dict:
    """``DocumentResult.summary`` as it was before the one-pass version (kept verbatim)."""
    self = doc
    n = len(self.sentences)

    def share(pred) -> float | None:
        return None if n == 0 else round(sum(1 for r in self.sentences if pred(r)) / n, 4)

    kinds = {src.id: src.kind for src in self.sources}

    def main_kind(r: SentenceResult) -> str | None:
        k = r.main_index
        if k is None or r.attributions[k].source is None:
            return None
        sid = r.source_id(k)
        return kinds.get(sid, r.attributions[k].source.kind) if sid else r.attributions[k].source.kind

    scores = [r.verifiability for r in self.sentences if r.verifiability is not None]
    main_kinds = [main_kind(r) for r in self.sentences]

    def kind_share(wanted: frozenset[str]) -> float | None:
        return None if n == 0 else round(sum(1 for k in main_kinds if k in wanted) / n, 4)

    words = sum(len(_WORD_RE.findall(r.sentence.text)) for r in self.sentences)
    hedges = sum(1 for r in self.sentences for c in r.cues if c.type == "hedge")
    ranked = sorted(
        (src for src in self.sources if src.sentences),
        key=lambda src: -len(src.sentences),
    )
    return {
        "n_sentences": n,
        "mean_verifiability": round(sum(scores) / len(scores), 4) if scores else None,
        "hedged": share(lambda r: r.has("hedge")),
        "attributed": share(lambda r: bool(r.attributions)),
        "vague_source": share(
            lambda r: r.has("vague_source")
            or any(a.source is not None and a.source.kind == "vague" for a in r.attributions)
        ),
        "unverified": share(lambda r: r.has("unverified")),
        "approximation": share(lambda r: r.has("approximation")),
        "source_named": kind_share(_NAMED_KINDS),
        "source_anonymous_official": kind_share(frozenset({"official_anonymous"})),
        "source_vague": kind_share(frozenset({"vague"})),
        "source_caveated": share(lambda r: r.source_caveat),
        "n_sources": len(self.sources),
        "top_sources": [
            {"id": src.id, "name": src.name, "kind": src.kind, "count": len(src.sentences)}
            for src in ranked[:5]
        ],
        "hedging_density": round(100 * hedges / words, 2) if words else None,
    }


def test_when_batch_runs_then_gc_settings_are_tuned_during_it_and_restored_after(tmp_path, monkeypatch):
    """run.py freezes the objects alive and raises the first GC threshold while partitions are
    scored (full collections over the model's objects cost about 10% of a run); the process's
    settings are back as they were afterwards, also when a partition raises."""
    import gc

    from scoring.batch import run as run_mod

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Officials said 12 roads were closed."}) + "\n", encoding="utf-8")
    before = gc.get_threshold(), gc.get_freeze_count()
    seen = []
    real = run_mod._process_partition

    def spy(*args):
        seen.append((gc.get_threshold()[0], gc.get_freeze_count() > 0))
        return real(*args)

    monkeypatch.setattr(run_mod, "_process_partition", spy)
    run_batch(BatchConfig(inputs=[str(src)], out_dir=str(tmp_path / "out")))
    if before[1] == 0:  # (when something else froze objects, the settings are left alone)
        assert seen == [(max(before[0][0], 10_000), True)]
    assert (gc.get_threshold(), gc.get_freeze_count()) == before

    def boom(*args):
        raise OSError("disk full")

    monkeypatch.setattr(run_mod, "_process_partition", boom)
    m = run_batch(BatchConfig(inputs=[str(src)], out_dir=str(tmp_path / "out2")))
    assert m["status"] == "incomplete"
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
