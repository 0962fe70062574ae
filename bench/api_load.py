"""Load figures for the HTTP API: `credscore serve` (one worker) driven from this process.

    .venv/bin/python bench/api_load.py                 # all scenarios, 10 s each
    .venv/bin/python bench/api_load.py --seconds 5 --json out.json

Starts ``credscore serve`` in a subprocess on 127.0.0.1 (a free port, one worker, no access
log), waits for ``/ready``, then drives it from client *processes* of this script (each with a
few threads holding keep-alive ``http.client`` connections; loopback only):

- ``single``: ``POST /v1/score {"text": one sentence}``: requests/s, p50/p99 latency;
- ``article``: ``POST /v1/score {"text": a 5 KB article}`` at low concurrency: p50/p99 latency;
- ``batch``: ``POST /v1/score/batch`` with 20 articles of 5 KB per request: sentences/s;
- errors (any non-200 or failed request) per scenario, and the server's resident memory
  (VmRSS and its peak VmHWM from /proc/PID/status) after each scenario;
- the server's CPU time per request (user + system from /proc/PID/stat over the measured
  period) and so sentences per server CPU-second: a figure that depends less on what else
  runs on the machine than the wall-clock rates do.

Targets (issue 4, one worker): >= 500 single-sentence requests/s, p99 < 50 ms for a 5 KB
article, >= 5,000 sentences/s via batch, zero errors, RSS <= 400 MB. The text is generated
here from word lists written for this script (no corpus text). Load and server share the
machine: on 2 cores the clients take CPU the server would otherwise have.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

# ---- generated news-like text ------------------------------------------------------------------

SUBJECTS = ["The city council", "Harbour officials", "A spokesman for the utility", "Local residents",
            "The transport ministry", "Firefighters", "Some analysts", "Maria Okafor, the district nurse",
            "The regional weather office", "Two witnesses", "Investigators", "The school board"]
VERBS = ["said", "reported", "announced", "told reporters", "claimed", "estimated", "confirmed", "warned"]
CLAUSES = ["the bridge may reopen next week", "at least 40 homes lost power overnight",
           "nearly 300 passengers were stranded at the terminal", "the cause of the fire remains unclear",
           "the new budget would cut road repairs by roughly a third", "the figures could not be independently verified",
           "water levels apparently peaked on Tuesday", "dozens of volunteers joined the search",
           "the plant will close in March", "repairs are expected to cost about 2 million euros",
           "the ferry service resumed at noon", "the alleged breach affected up to 5,000 accounts"]
PLAIN = ["Traffic was diverted through the old town.", "The museum opened in 1998.",
         "Schools stayed open on Wednesday.", "The river rose by 80 centimetres in six hours.",
         "Rain is forecast for the weekend.", "Shops on the main square reopened after lunch."]


def sentence(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return rng.choice(PLAIN)
    s, v, c = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(CLAUSES)
    if rng.random() < 0.3:
        return f"According to {s[0].lower() + s[1:]}, {c}."
    return f"{s} {v} {c}."


def article(rng: random.Random, size: int = 5000) -> str:
    """About ``size`` bytes: a headline and paragraphs of 2-4 sentences."""
    parts = ["Storm damage closes coastal road", ""]
    length = len(parts[0]) + 2
    while length < size:
        para = " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))
        parts.append(para)
        length += len(para.encode()) + 1
    text = "\n".join(parts)
    return text[:size].rsplit(" ", 1)[0].rstrip(",") + "."


# ---- the server ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, extra: list[str]) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREDSCORE_")}
    proc = subprocess.Popen([sys.executable, "-m", "credscore", "serve", "--port", str(port), "--workers", "1",
                             "--no-access-log", "--log-level", "warning", *extra], env=env)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"credscore serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("credscore serve did not become ready in 90 s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the server process so far."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory(pid: int) -> dict[str, float]:
    out = {}
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":")
                out[key] = int(value.split()[0]) / 1024  # MB
    return out


# ---- the load -----------------------------------------------------------------------------------


def _client(port: int, path: str, bodies: list[bytes], seconds: float, threads: int, warmup: float,
            queue) -> None:
    """One client process: ``threads`` keep-alive connections posting bodies in a loop."""
    results = []
    lock = threading.Lock()
    start = time.perf_counter() + warmup
    stop = start + seconds

    def worker(seed: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        lat, errors, sent = [], 0, 0
        i = seed
        while True:
            now = time.perf_counter()
            if now >= stop:
                break
            body = bodies[i % len(bodies)]
            i += 1
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body, {"Content-Type": "application/json"})
                resp = conn.getresponse()
                data = resp.read()
                ok = resp.status == 200
            except (OSError, http.client.HTTPException):
                ok, data = False, b""
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            t1 = time.perf_counter()
            if t0 >= start:  # after the warm-up
                sent += 1
                if ok:
                    lat.append(t1 - t0)
                else:
                    errors += 1
        conn.close()
        with lock:
            results.append((lat, errors, sent))

    ts = [threading.Thread(target=worker, args=(k * 7919 + os.getpid(),)) for k in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    lat = [x for r in results for x in r[0]]
    queue.put((lat, sum(r[1] for r in results), sum(r[2] for r in results)))


def run_load(port: int, path: str, bodies: list[bytes], seconds: float, processes: int, threads: int,
             warmup: float = 1.0, server_pid: int | None = None) -> dict:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_client, args=(port, path, bodies, seconds, threads, warmup, queue))
             for _ in range(processes)]
    for p in procs:
        p.start()
    time.sleep(warmup)
    cpu0 = cpu_seconds(server_pid) if server_pid else 0.0
    parts = [queue.get() for _ in procs]
    cpu1 = cpu_seconds(server_pid) if server_pid else 0.0
    for p in procs:
        p.join()
    lat = sorted(x for part in parts for x in part[0])
    errors = sum(p[1] for p in parts)
    sent = sum(p[2] for p in parts)

    def pct(q: float) -> float:
        return 1000 * lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")

    return {"requests": sent, "ok": len(lat), "errors": errors, "seconds": seconds,
            "rps": len(lat) / seconds, "p50_ms": pct(0.50), "p99_ms": pct(0.99),
            "mean_ms": 1000 * statistics.fmean(lat) if lat else float("nan"),
            "concurrency": processes * threads,
            # Server CPU per request (user + system, whole process) over the measured period.
            "server_cpu_ms_per_request": 1000 * (cpu1 - cpu0) / max(1, sent)}


def count_sentences(port: int, body: bytes, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("POST", path, body, {"Content-Type": "application/json"})
    resp = conn.getresponse()
    doc = json.loads(resp.read())
    conn.close()
    if path.endswith("batch"):
        return sum(len(d["sentences"]) for d in doc["documents"])
    return len(doc["sentences"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=10.0, help="duration of each scenario (default 10)")
    ap.add_argument("--processes", type=int, default=2, help="client processes for the throughput runs")
    ap.add_argument("--threads", type=int, default=4, help="connections per client process")
    ap.add_argument("--article-concurrency", type=int, default=1,
                    help="connections for the 5 KB article latency run (default 1)")
    ap.add_argument("--batch-docs", type=int, default=20, help="5 KB articles per batch request (default 20)")
    ap.add_argument("--only", choices=("single", "article", "batch"), action="append",
                    help="run only these scenarios (repeatable)")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--server-arg", action="append", default=[], help="extra argument for credscore serve")
    args = ap.parse_args(argv)

    rng = random.Random(7)
    singles = [json.dumps({"text": sentence(rng)}).encode() for _ in range(200)]
    articles_txt = [article(rng) for _ in range(40)]
    articles = [json.dumps({"text": a}).encode() for a in articles_txt]
    batches = [json.dumps({"documents": [{"id": f"d{i}-{j}", "text": articles_txt[(i * 7 + j) % 40]}
                                         for j in range(args.batch_docs)]}).encode() for i in range(8)]

    port = free_port()
    t0 = time.perf_counter()
    server = start_server(port, args.server_arg)
    startup = time.perf_counter() - t0
    rows = {"startup_s": round(startup, 2), "cores": os.cpu_count(), "idle_memory_mb": memory(server.pid)}
    try:
        wanted = args.only or ["single", "article", "batch"]
        if "single" in wanted:
            r = run_load(port, "/v1/score", singles, args.seconds, args.processes, args.threads,
                         server_pid=server.pid)
            r["memory_mb"] = memory(server.pid)
            rows["single"] = r
        if "article" in wanted:
            n = statistics.fmean(count_sentences(port, a, "/v1/score") for a in articles[:10])
            r = run_load(port, "/v1/score", articles, args.seconds, 1, args.article_concurrency,
                         server_pid=server.pid)
            r.update(bytes=round(statistics.fmean(len(a.encode()) for a in articles_txt)), sentences=n,
                     sentences_per_s=r["rps"] * n, memory_mb=memory(server.pid))
            rows["article"] = r
        if "batch" in wanted:
            n = statistics.fmean(count_sentences(port, b, "/v1/score/batch") for b in batches[:3])
            r = run_load(port, "/v1/score/batch", batches, args.seconds, 1, 2, server_pid=server.pid)
            r.update(sentences_per_request=n, sentences_per_s=r["rps"] * n, memory_mb=memory(server.pid))
            rows["batch"] = r
    finally:
        server.terminate()
        server.wait(10)

    print(f"credscore serve, 1 worker, 127.0.0.1; {rows['cores']} cores shared with the load generator; "
          f"start-up {rows['startup_s']} s")
    print("| scenario | concurrency | requests/s | p50 ms | p99 ms | sentences/s | errors | server CPU ms/request "
          "| sentences per server CPU-s | RSS MB (peak) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, label in [("single", "1 sentence, POST /v1/score"), ("article", "5 KB article, POST /v1/score"),
                        ("batch", f"{args.batch_docs} x 5 KB, POST /v1/score/batch")]:
        r = rows.get(name)
        if not r:
            continue
        sps = r.get("sentences_per_s", r["rps"])
        per_request = r.get("sentences_per_request", r.get("sentences", 1))
        cpu = r["server_cpu_ms_per_request"]
        r["sentences_per_cpu_s"] = per_request * 1000 / cpu if cpu else float("nan")
        mem = r["memory_mb"]
        print(f"| {label} | {r['concurrency']} | {r['rps']:,.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
              f"{sps:,.0f} | {r['errors']} | {cpu:.2f} | {r['sentences_per_cpu_s']:,.0f} | "
              f"{mem['VmRSS']:.0f} ({mem['VmHWM']:.0f}) |")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
