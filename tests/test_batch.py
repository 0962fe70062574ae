"""`credscore batch` in-process: every input format, planted bad records with exact counts,
byte-range partitions, sentence level, Parquet output, equality with `credscore score`, exit codes.

All texts are written here; archives are built in tmp_path (WARC with warcio).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credscore import cli
from scoring.batch import BatchConfig, plan_partitions, read_partition, run_batch
from scoring.batch.readers import ReadOptions, find_inputs

S = [
    "Harbour officials said at least 40 fishing boats were damaged overnight.",
    "The damage could not be independently verified.",
    "According to the regional water board, nearly 300 households lost running water.",
    "Some analysts believe the repairs may take months.",
    "The mayor opened the new library on Saturday.",
    "A union spokesman told reporters that the strike would apparently continue.",
    "Police reported that dozens of cars were towed from the flooded square.",
]


def article(i: int) -> str:
    """A short made-up article, different for each i."""
    a, b, c = S[i % 7], S[(i + 3) % 7], S[(i + 5) % 7]
    return f"Storm update {i}\n\n{a} {b}\n{c} Crews counted {i + 2} fallen trees."


def run_cli(argv: list[str], capsys) -> tuple[int, str]:
    code = cli.main(["batch", *argv])
    return code, capsys.readouterr().err


def parts(out: Path) -> list[dict]:
    rows = []
    for p in sorted(out.glob("part-*.jsonl.gz")):
        with gzip.open(p, "rt", encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh)
    return rows


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def errors(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]


def jline(obj) -> bytes:
    return (json.dumps(obj) + "\n").encode()


# --------------------------------------------------------------------------------------------
# Planted bad records


def planted_archive(root: Path) -> Path:
    d = root / "arch"
    d.mkdir()
    lines = [
        jline({"id": "n1", "text": article(1), "url": "https://news.example/1", "date": "2024-03-01",
               "title": "Boats damaged"}),
        jline({"text": article(2)}),  # no id: becomes FILE:2
        b'{"id": "n3", "text": "unterminated\n',
        jline({"id": "n4", "body": article(4)}),
        jline({"id": "n5", "text": 12}),
        jline({"id": "n6", "text": None}),
        b'{"id": "n7", "text": "caf\xe9 owners said the rent doubled"}\n',
        b"\n",  # a blank line is no record
        jline({"id": "n9", "text": "Officials said the tally rose. " * 80}),  # 2,480 characters
        b"[1, 2]\n",
        jline({"id": "n11", "text": article(11)}),
    ]
    (d / "news.jsonl").write_bytes(b"".join(lines))
    good = gzip.compress(b"".join(jline({"id": f"g{i}", "text": article(20 + i)}) for i in range(3)))
    cut = gzip.compress(jline({"id": "g3", "text": "Ferry operators said " + " ".join(f"w{i * 7919 % 1000}" for i in range(60))}))
    (d / "old.jsonl.gz").write_bytes(good + cut[:18])  # second member cut inside its deflate data
    with open(d / "table.csv", "wb") as fh:
        fh.write(b"id,text\n")
        fh.write(b'c1,"The ministry said 12 schools \xff were closed."\n')
        fh.write(('c2,"' + S[4] + '\n' + S[1] + '"\n').encode())
        fh.write(("c3," + S[6] + "\n").encode())
    return d


def test_when_archive_has_planted_bad_records_then_exact_counts_and_reasons(tmp_path, capsys):
    d = planted_archive(tmp_path)
    out = tmp_path / "out"
    code, err = run_cli([str(d), "--out", str(out), "--max-chars", "2000"], capsys)
    assert code == 6  # finished, some records failed
    m = manifest(out)
    assert m["counts"] == {"read": 17, "scored": 8, "failed": 9, "skipped": 0}
    assert m["counts_check"]["ok"] and m["status"] == "records_failed"
    got = [(Path(e["source_file"]).name, e["position"], e["id"], e["kind"]) for e in errors(out)]
    assert got == [
        ("news.jsonl", 3, None, "malformed_json"),
        ("news.jsonl", 4, "n4", "missing_text"),
        ("news.jsonl", 5, "n5", "non_string_text"),
        ("news.jsonl", 6, "n6", "non_string_text"),
        ("news.jsonl", 7, None, "invalid_utf8"),
        ("news.jsonl", 9, "n9", "too_long"),
        ("news.jsonl", 10, None, "not_an_object"),
        ("old.jsonl.gz", 4, None, "truncated_gzip"),
        ("table.csv", 2, "c1", "invalid_utf8"),
    ]
    reasons = [e["reason"] for e in errors(out)]
    assert reasons[0].startswith("malformed JSON: ")
    assert reasons[1] == "no 'text' field"
    assert reasons[2] == "field 'text' is a number, not a string"
    assert reasons[3] == "field 'text' is null, not a string"
    assert reasons[4] == "invalid UTF-8: byte 0xe9 at byte 25 of the line"
    assert reasons[5] == "text has 2,480 characters, over the limit of 2,000 (--max-chars)"
    assert reasons[6] == "the line is a list, not a JSON object"
    assert reasons[7].startswith("truncated gzip") and "after line 3" in reasons[7]
    assert reasons[8] == "invalid UTF-8 in field 'text': byte 0xff"
    rows = parts(out)
    assert [r["id"] for r in rows] == ["n1", f"{d / 'news.jsonl'}:2", "n11", "g0", "g1", "g2", "c2", "c3"]
    assert [r["position"] for r in rows] == [1, 2, 11, 1, 2, 3, 3, 5]
    assert rows[0]["url"] == "https://news.example/1" and rows[0]["date"] == "2024-03-01"
    assert rows[0]["title"] == "Boats damaged" and rows[1]["url"] is None
    assert m["failed_by_kind"] == {"invalid_utf8": 2, "malformed_json": 1, "missing_text": 1, "non_string_text": 2,
                                   "not_an_object": 1, "too_long": 1, "truncated_gzip": 1}
    assert "17 read = 8 scored + 9 failed + 0 skipped (ok)" in err
    assert "errors.jsonl" in err


# --------------------------------------------------------------------------------------------
# Formats


def write_warc(path: Path, truncate: int = 0) -> list[str]:
    """A WARC with one warcinfo, two HTML responses (UTF-8, Latin-1), a request, an image, a
    404 page and a metadata record. Returns the texts of the two articles."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    t1 = f"<p>{S[0]}</p><p>{S[1]}</p><p>{S[2]}</p>"
    t2 = "<p>The caf\u00e9 owners said the rent doubled in March, according to the tenants' union.</p>"
    page = "<html><head><title>{}</title></head><body><nav>Home | World | Sport</nav><article>{}</article></body></html>"

    def http(ctype: str, status: str = "200 OK") -> StatusAndHeaders:
        return StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    w.write_record(w.create_warcinfo_record("test.warc.gz", {"software": "credscore tests"}))
    w.write_record(w.create_warc_record(
        "https://news.example/storm", "response", payload=io.BytesIO(page.format("Storm hits harbour", t1).encode()),
        http_headers=http("text/html; charset=utf-8"), warc_headers_dict={"WARC-Date": "2024-05-06T07:08:09Z"}))
    w.write_record(w.create_warc_record(
        "https://news.example/storm", "request", payload=io.BytesIO(b""),
        http_headers=StatusAndHeaders("GET /storm HTTP/1.1", [("Host", "news.example")], is_http_request=True)))
    w.write_record(w.create_warc_record(
        "https://news.example/logo.png", "response", payload=io.BytesIO(b"\x89PNG\r\n\x1a\nnot really"),
        http_headers=http("image/png")))
    w.write_record(w.create_warc_record(
        "https://news.example/missing", "response", payload=io.BytesIO(page.format("Not found", "<p>Gone.</p>").encode()),
        http_headers=http("text/html", "404 Not Found")))
    w.write_record(w.create_warc_record(
        "https://news.example/cafe", "response", payload=io.BytesIO(page.format("Caf\u00e9 rents", t2).encode("latin-1")),
        http_headers=http("text/html; charset=ISO-8859-1"), warc_headers_dict={"WARC-Date": "2024-05-07T00:00:00Z"}))
    w.write_record(w.create_warc_record("https://news.example/storm", "metadata", payload=io.BytesIO(b"fetchTimeMs: 12\r\n"),
                                        warc_content_type="application/warc-fields"))
    data = buf.getvalue()
    path.write_bytes(data[: len(data) - truncate] if truncate else data)
    return [t1, t2]


@pytest.mark.parametrize("extractor", ["trafilatura", "resiliparse"])
def test_when_warc_then_html_responses_scored_others_skipped_and_metadata_travels(tmp_path, capsys, extractor):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc)
    out = tmp_path / "out"
    code, _ = run_cli([str(warc), "--out", str(out), "--extractor", extractor], capsys)
    assert code == 0
    m = manifest(out)
    assert m["counts"] == {"read": 7, "scored": 2, "failed": 0, "skipped": 5}
    assert m["skipped_by_reason"] == {"HTTP status 404": 1, "metadata record": 1, "not HTML (image/png)": 1,
                                      "request record": 1, "warcinfo record": 1}
    first, second = parts(out)
    assert first["url"] == "https://news.example/storm" and first["date"] == "2024-05-06T07:08:09Z"
    assert first["title"] == "Storm hits harbour"
    assert first["id"].startswith("<urn:uuid:") and isinstance(first["position"], int) and first["position"] > 0
    texts = [s["text"] for s in first["sentences"]]
    assert S[0] in texts and S[1] in texts
    assert not any("Home | World" in t for t in texts)
    assert second["title"] == "Caf\u00e9 rents"
    assert any("caf\u00e9 owners" in s["text"] for s in second["sentences"])  # Latin-1 decoded


def test_when_warc_is_truncated_then_the_cut_record_is_an_error(tmp_path, capsys):
    warc = tmp_path / "cut.warc.gz"
    write_warc(warc, truncate=40)
    out = tmp_path / "out"
    code, _ = run_cli([str(warc), "--out", str(out), "--extractor", "resiliparse"], capsys)
    assert code == 6
    m = manifest(out)
    assert m["counts"] == {"read": 7, "scored": 2, "failed": 1, "skipped": 4}
    (e,) = errors(out)
    assert e["kind"] == "truncated_warc" and e["id"].startswith("<urn:uuid:")


def test_when_csv_parquet_and_gz_then_ids_positions_and_fields(tmp_path, capsys):
    import pyarrow as pa
    import pyarrow.parquet as pq

    d = tmp_path / "in"
    d.mkdir()
    with open(d / "a.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["headline", "body", "url"])
        w.writerow(["x", article(1), "https://e.example/1"])  # body spans lines (quoted)
        w.writerow(["y", article(2), ""])
    pq.write_table(pa.table({"key": ["p1", None, "p3"], "body": [article(3), article(4), None],
                             "url": ["https://e.example/p1", None, None]}), d / "b.parquet")
    with gzip.open(d / "c.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"key": "z1", "body": article(5)}) + "\n")
    out = tmp_path / "out"
    code, _ = run_cli([str(d), "--out", str(out), "--text-field", "body", "--id-field", "key"], capsys)
    assert code == 6
    m = manifest(out)
    assert m["counts"] == {"read": 6, "scored": 5, "failed": 1, "skipped": 0}
    rows = parts(out)
    assert [(r["id"], r["position"]) for r in rows] == [
        (f"{d / 'a.csv'}:2", 2), (f"{d / 'a.csv'}:6", 6), ("p1", 0), (f"{d / 'b.parquet'}:1", 1), ("z1", 1)]
    assert rows[0]["url"] == "https://e.example/1" and rows[1]["url"] == ""
    assert rows[2]["url"] == "https://e.example/p1"
    (e,) = errors(out)
    assert (e["position"], e["id"], e["kind"]) == (2, "p3", "non_string_text")


def test_when_text_and_html_folders_then_one_document_per_file(tmp_path, capsys):
    d = tmp_path / "docs"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_bytes("\ufeff".encode() + article(1).encode())
    (d / "sub" / "b.txt").write_text(article(2), encoding="utf-8")
    (d / "bad.txt").write_bytes(b"The caf\xe9 closed.")
    (d / "c.txt.gz").write_bytes(gzip.compress(article(3).encode()))
    (d / "notes.md").write_text("ignored", encoding="utf-8")
    (d / "page.html").write_text(f"<html><head><title>Valley floods</title></head><body><article><p>{S[0]}</p>"
                                 f"<p>{S[3]}</p></article></body></html>", encoding="utf-8")
    out = tmp_path / "out"
    code, _ = run_cli([str(d), "--out", str(out)], capsys)
    assert code == 6
    m = manifest(out)
    assert m["counts"] == {"read": 5, "scored": 4, "failed": 1, "skipped": 0}
    assert m["ignored_files"] == [str(d / "notes.md")]
    rows = parts(out)
    assert [r["id"] for r in rows] == [str(d / n) for n in ("a.txt", "c.txt.gz", "page.html", "sub/b.txt")]
    assert rows[0]["sentences"][0]["start"] == 0  # BOM dropped, as `credscore score` does
    assert rows[2]["title"] == "Valley floods" and rows[2]["position"] is None
    (e,) = errors(out)
    assert e["kind"] == "invalid_utf8" and e["source_file"] == str(d / "bad.txt")
    assert "byte 0xe9 at byte offset 7" in e["reason"]


# --------------------------------------------------------------------------------------------
# Same output as `credscore score`


def test_when_batch_then_each_line_equals_credscore_score_compact(tmp_path, capsys):
    texts = [article(7), "Residents said the bridge was \u201cprobably\u201d unsafe.\r\nNo one was hurt.", ""]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)),
                   encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli([str(src), "--out", str(out)], capsys)[0] == 0
    m = manifest(out)
    rows = parts(out)
    assert len(rows) == 3
    for text, row in zip(texts, rows):
        f = tmp_path / "one.txt"
        f.write_text(text, encoding="utf-8", newline="")
        assert cli.main(["score", "--compact", str(f)]) == 0
        expected = json.loads(capsys.readouterr().out)
        head = ["id", "source_file", "position", "url", "date", "title"]
        assert list(row)[:6] == head
        doc = {k: v for k, v in row.items() if k not in head}
        assert m["document_keys_in_manifest"] == ["model", "lexicon"]
        assert {**doc, "model": m["model"], "lexicon": m["lexicon"]} == expected
        assert list(doc) == [k for k in expected if k not in ("model", "lexicon")]  # key order kept
    assert m["model"]["sha256"] and m["model"]["name"]


# --------------------------------------------------------------------------------------------
# Partitions


def test_when_partition_size_small_then_same_records_as_whole_files(tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    with open(d / "a.jsonl", "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps({"id": f"j{i}", "text": article(i)}) + ("\n\n" if i % 9 == 0 else "\n") for i in range(40))
    with open(d / "b.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        for i in range(30):
            w.writerow([f"c{i}", article(i) + ' She said: "it is over."'])
    whole, split = tmp_path / "whole", tmp_path / "split"
    assert run_cli([str(d), "--out", str(whole), "--partition-size", "0", "--quiet"], capsys)[0] == 0
    assert run_cli([str(d), "--out", str(split), "--partition-size", "1KB", "--quiet"], capsys)[0] == 0
    assert manifest(whole)["partitions"]["total"] == 2
    assert manifest(split)["partitions"]["total"] > 10
    assert parts(split) == parts(whole)
    assert manifest(split)["counts"] == manifest(whole)["counts"] == {"read": 70, "scored": 70, "failed": 0,
                                                                      "skipped": 0}


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(st.tuples(st.text(alphabet="ab \"\n,", max_size=12), st.booleans()), min_size=1, max_size=25),
       psize=st.integers(min_value=1, max_value=60), fmt=st.sampled_from(["jsonl", "csv"]))
def test_property_byte_ranges_read_exactly_the_records_of_the_whole_file(tmp_path_factory, lines, psize, fmt):
    path = tmp_path_factory.mktemp("p") / f"f.{fmt}"
    if fmt == "jsonl":
        data = "".join(json.dumps({"text": t}) + ("\n\n" if blank else "\n") for t, blank in lines)
        path.write_text(data, encoding="utf-8")
    else:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["text", "n"])
            for i, (t, crlf) in enumerate(lines):
                w.writerow([t, i])
    files, _ = find_inputs([str(path)])
    opts = ReadOptions()
    whole = [it for p in plan_partitions(files, 0) for it in read_partition(p, opts)]
    ranges = plan_partitions(files, psize)
    split = [it for p in ranges for it in read_partition(p, opts)]
    assert split == whole


# --------------------------------------------------------------------------------------------
# Output shapes


def test_when_level_sentence_then_one_row_per_sentence_with_document_head(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": article(i), "url": f"u{i}"}) + "\n" for i in range(3)),
                   encoding="utf-8")
    docs, sents = tmp_path / "docs", tmp_path / "sents"
    assert run_cli([str(src), "--out", str(docs), "--quiet"], capsys)[0] == 0
    assert run_cli([str(src), "--out", str(sents), "--level", "sentence", "--quiet"], capsys)[0] == 0
    drows, srows = parts(docs), parts(sents)
    expected = [{"id": d["id"], "source_file": d["source_file"], "position": d["position"], "url": d["url"],
                 "date": None, "title": None, **s} for d in drows for s in d["sentences"]]
    assert srows == expected
    m = manifest(sents)
    assert m["rows"] == len(srows) == m["sentences"] and m["counts"]["scored"] == 3


def test_when_out_format_parquet_then_rows_equal_jsonl_with_nested_values_as_json(tmp_path, capsys):
    import pyarrow.parquet as pq

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": article(i)}) + "\n" for i in range(4)), encoding="utf-8")
    j, p = tmp_path / "j", tmp_path / "p"
    assert run_cli([str(src), "--out", str(j), "--quiet"], capsys)[0] == 0
    assert run_cli([str(src), "--out", str(p), "--out-format", "parquet", "--quiet"], capsys)[0] == 0
    table = pq.read_table(p / "part-00000.parquet")
    assert table.schema.field("position").type == "int64" and table.schema.field("sentences").type == "string"
    back = [{k: (json.loads(v) if k in ("sentences", "sources", "summary") and v is not None else v)
             for k, v in row.items()} for row in table.to_pylist()]
    assert back == parts(j)


# --------------------------------------------------------------------------------------------
# Library API, usage and exit codes


def test_when_run_from_python_then_progress_callback_gets_running_totals(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"text": article(i)}) + "\n" for i in range(5)), encoding="utf-8")
    seen: list[dict] = []
    m = run_batch(BatchConfig(inputs=[str(src)], out_dir=str(tmp_path / "o")), progress=seen.append)
    assert m["status"] == "ok" and m["counts"]["scored"] == 5
    assert seen and seen[-1]["parts_done"] == seen[-1]["parts_total"] == 1
    assert max(s["docs"] for s in seen) == 5


def test_when_inputs_or_out_dir_are_wrong_then_documented_exit_codes(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": S[0]}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code, err = run_cli([str(tmp_path / "missing.jsonl"), "--out", str(out)], capsys)
    assert code == 3 and "no such file" in err
    (tmp_path / "data.bin").write_bytes(b"x")
    code, err = run_cli([str(tmp_path / "data.bin"), "--out", str(out)], capsys)
    assert code == 2 and "--format" in err
    bad_model = tmp_path / "model"
    bad_model.mkdir()
    code, err = run_cli([str(src), "--out", str(out), "--model", str(bad_model)], capsys)
    assert code == 5 and "cannot use the model" in err
    assert run_cli([str(src), "--out", str(out), "--quiet"], capsys)[0] == 0
    code, err = run_cli([str(src), "--out", str(out)], capsys)
    assert code == 2 and "--resume" in err and "--overwrite" in err
    assert run_cli([str(src), "--out", str(out), "--overwrite", "--quiet"], capsys)[0] == 0
    code, err = run_cli([str(src), "--out", str(out), "--resume", "--level", "sentence"], capsys)
    assert code == 2 and "options differ" in err
    code, err = run_cli([str(src), "--out", str(out), "--scheduler", "spark"], capsys)
    assert code == 2 and "local:N" in err
    # a kept field may not take the name of an output key: it would be overwritten in the line
    for key in ("source_caveat", "summary", "verifiability"):
        fresh = tmp_path / f"out-{key}"
        code, err = run_cli([str(src), "--out", str(fresh), "--level", "sentence", "--keep-fields", key], capsys)
        assert code == 2 and "--keep-fields" in err and key in err, (key, code, err)
        assert not fresh.exists() or not any(fresh.iterdir())
    assert sorted(os.listdir(out)) == ["_state", "errors.jsonl", "manifest.json", "part-00000.jsonl.gz"]


# --------------------------------------------------------------------------------------------
# Documents scored in chunks


def test_when_scorer_fails_inside_a_chunk_then_that_document_fails_in_record_order(tmp_path, monkeypatch):
    """Documents are scored many at a time (Scorer.score_texts); a scorer error on one of them
    fails that document only, its error keeps its place among the reader's errors, and every
    other line is what scoring one document at a time writes."""
    from scoring import scorer as scorer_mod
    from scoring.batch import run as run_mod

    lines = []
    for i in range(12):
        if i == 3:  # read after d1, whose scoring fails, and before that chunk is scored
            lines.append('{"id": "broken", "text": \n')
        else:
            text = "BOOM " + article(i) if i in (1, 9) else article(i)
            lines.append(json.dumps({"id": f"d{i}", "text": text}) + "\n")
    src = tmp_path / "in.jsonl"
    src.write_text("".join(lines), encoding="utf-8")

    one_by_one = tmp_path / "one"
    monkeypatch.setattr(run_mod, "CHUNK_DOCS", 1)
    run_batch(BatchConfig(inputs=[str(src)], out_dir=str(one_by_one)))
    assert len(parts(one_by_one)) == 11

    split = scorer_mod.split_sentences

    def failing(text):
        if text.startswith("BOOM"):
            raise RuntimeError("planted failure")
        return split(text)

    monkeypatch.setattr(scorer_mod, "split_sentences", failing)
    chunked = tmp_path / "chunked"
    monkeypatch.setattr(run_mod, "CHUNK_DOCS", 5)
    m = run_batch(BatchConfig(inputs=[str(src)], out_dir=str(chunked)))
    assert m["counts"]["scored"] == 9 and m["counts"]["failed"] == 3
    errs = errors(chunked)
    assert [e["position"] for e in errs] == [2, 4, 10]  # record order (positions count from 1)
    assert [e["kind"] for e in errs][::2] == ["scoring_failed", "scoring_failed"]
    assert errs[1]["kind"] != "scoring_failed"
    want = {r["id"]: r for r in parts(one_by_one)}
    got = parts(chunked)
    assert [r["id"] for r in got] == [f"d{i}" for i in range(12) if i not in (1, 3, 9)]
    assert all(r == want[r["id"]] for r in got)
