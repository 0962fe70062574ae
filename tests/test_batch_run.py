"""`credscore batch` across processes: a run killed part-way and finished with --resume gives
the uninterrupted run's output byte for byte; a Dask LocalCluster (2 worker processes) gives the
in-process output, loading the model once per worker."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from credscore import cli
from scoring.batch import BatchConfig, run_batch

REPO = Path(__file__).resolve().parents[1]

SENTENCES = [
    "The port authority said at least 18 cranes were idle on Tuesday.",
    "It remains unclear how long the shutdown will last.",
    "Several drivers reportedly waited overnight at the gates.",
    "A spokeswoman for the shipping line declined to comment.",
    "Local media reported that talks would resume next week.",
]


def make_inputs(root: Path, n_files: int = 4, per_file: int = 5) -> Path:
    d = root / "in"
    d.mkdir()
    for f in range(n_files):
        with open(d / f"batch{f}.jsonl", "w", encoding="utf-8") as fh:
            for i in range(per_file):
                k = f * per_file + i
                text = " ".join(SENTENCES[(k + j) % 5] for j in range(3)) + f" Gate {k} stayed shut."
                fh.write(json.dumps({"id": f"r{k}", "text": text, "date": f"2025-01-{k % 28 + 1:02d}"}) + "\n")
            if f == 1:
                fh.write('{"id": "broken", "text": \n')
    return d


def snapshot(out: Path) -> dict[str, bytes]:
    """Every part file decompressed, and errors.jsonl."""
    snap = {p.name: gzip.decompress(p.read_bytes()) for p in sorted(out.glob("part-*.jsonl.gz"))}
    snap["errors.jsonl"] = (out / "errors.jsonl").read_bytes()
    return snap


def test_when_run_is_killed_part_way_then_resume_gives_identical_output(tmp_path, capsys):
    inp = make_inputs(tmp_path)
    whole, crashed = tmp_path / "whole", tmp_path / "crashed"
    assert cli.main(["batch", str(inp), "--out", str(whole), "--quiet"]) == 6  # one broken record

    env = {**os.environ, "CREDSCORE_BATCH_TEST_KILL": "2:3"}  # SIGKILL after 3 docs of partition 2
    proc = subprocess.run([sys.executable, "-m", "credscore", "batch", str(inp), "--out", str(crashed)],
                          env=env, cwd=REPO, capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL
    names = sorted(p.name for p in crashed.iterdir())
    assert "part-00000.jsonl.gz" in names and "part-00001.jsonl.gz" in names
    assert "part-00002.jsonl.gz" not in names and "manifest.json" not in names
    tmp = [n for n in names if n.startswith(".part-00002.jsonl.gz.tmp-")]
    assert tmp and (crashed / tmp[0]).stat().st_size > 0  # the half-written part never took its name

    capsys.readouterr()
    assert cli.main(["batch", str(inp), "--out", str(crashed)]) == 2  # not without --resume
    assert "--resume" in capsys.readouterr().err

    (crashed / "part-00001.jsonl.gz").write_bytes(b"damaged")  # a finished part that no longer verifies
    assert cli.main(["batch", str(inp), "--out", str(crashed), "--resume", "--quiet"]) == 6
    m = json.loads((crashed / "manifest.json").read_text())
    assert m["partitions"] == {"total": 4, "finished": 4, "resumed": 1, "failed": []}
    assert m["counts"] == json.loads((whole / "manifest.json").read_text())["counts"] == {
        "read": 21, "scored": 20, "failed": 1, "skipped": 0}
    assert snapshot(crashed) == snapshot(whole)
    assert not [p for p in crashed.iterdir() if ".tmp-" in p.name]
    for p in whole.glob("part-*"):  # gzip without timestamps: even the compressed bytes agree
        assert (crashed / p.name).read_bytes() == p.read_bytes()


def test_when_local_dask_cluster_then_output_equals_in_process_and_model_loads_once_per_worker(tmp_path):
    inp = make_inputs(tmp_path, n_files=4, per_file=3)
    sync = run_batch(BatchConfig(inputs=[str(inp)], out_dir=str(tmp_path / "sync")))
    seen: list[dict] = []
    local = run_batch(BatchConfig(inputs=[str(inp)], out_dir=str(tmp_path / "local"), scheduler="local:2"),
                      progress=seen.append)
    assert local["status"] == sync["status"] == "records_failed"
    assert local["counts"] == sync["counts"] == {"read": 13, "scored": 12, "failed": 1, "skipped": 0}
    assert snapshot(tmp_path / "local") == snapshot(tmp_path / "sync")
    assert [p["sha256"] for p in local["parts"]] == [p["sha256"] for p in sync["parts"]]
    markers = [json.loads(p.read_text()) for p in sorted((tmp_path / "local" / "_state").glob("part-*.json"))]
    assert {m["pid"] for m in markers}.isdisjoint({os.getpid()})  # scored in worker processes
    loads: dict[int, int] = {}
    for m in markers:
        loads[m["pid"]] = max(loads.get(m["pid"], 0), m["model_loads_in_process"])
    assert set(loads.values()) == {1}
    assert seen and seen[-1]["parts_done"] == 4


def test_when_batch_asks_for_a_genre_then_records_carry_it_and_unknown_genres_exit_2(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "The museum is widely regarded as the finest in the city."})
                   + "\n", encoding="utf-8")
    assert cli.main(["batch", str(src), "--out", str(tmp_path / "o1"), "--genre", "wiki", "--quiet"]) == 0
    manifest = json.loads((tmp_path / "o1" / "manifest.json").read_text())
    assert manifest["model"]["genre"] == "wiki"
    assert cli.main(["batch", str(src), "--out", str(tmp_path / "o2"), "--genre", "legal", "--quiet"]) == 2
    assert "no genre 'legal'" in capsys.readouterr().err
    assert cli.main(["batch", str(src), "--out", str(tmp_path / "o3"), "--genre", "wiki", "--no-model",
                     "--quiet"]) == 2
