"""The HTTP API (api/): shapes, errors, limits, readiness, access control, metrics, `serve`.

One scorer is loaded per process (tests/api_helpers.py) and shared by the apps built here, so
every app is ready at once except in the readiness test, which hands in a slow loader.
"""

from __future__ import annotations

import hashlib
import json
import threading

import pytest

from api import security
from api.app import create_app
from api.settings import Settings, SettingsError
from api_helpers import ARTICLE, TestClient, make_app, shared_scorer

LIMITS = dict(max_text_chars=400, max_sentences=5, max_sentence_chars=60, max_documents=3, max_body_bytes=4_000)


@pytest.fixture(scope="module")
def client():
    with TestClient(make_app()) as c:
        yield c


@pytest.fixture(scope="module")
def small():
    """An app with small limits, to test them at the boundary."""
    with TestClient(make_app(**LIMITS)) as c:
        yield c


def roundtrip(doc: dict) -> dict:
    return json.loads(json.dumps(doc))


# ---- scoring ----------------------------------------------------------------------------------


def test_when_text_posted_then_response_is_exactly_the_libraries_document_json(client):
    r = client.post("/v1/score", json={"text": ARTICLE})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    doc = r.json()
    assert doc == roundtrip(shared_scorer().score_text(ARTICLE).to_dict())
    assert {"model", "sentences", "summary", "lexicon"} <= set(doc)
    assert doc["model"]["sha256"] == shared_scorer().metadata["sha256"]


def test_when_text_posted_then_every_offset_indexes_the_submitted_text(client):
    doc = client.post("/v1/score", json={"text": ARTICLE}).json()
    assert len(doc["sentences"]) == 6
    types = set()
    for s in doc["sentences"]:
        assert ARTICLE[s["start"]:s["end"]] == s["text"]
        assert 0 <= s["verifiability"] <= 1 and s["label"] in {"verifiable", "unverifiable"}
        for c in s["cues"]:
            assert ARTICLE[c["start"]:c["end"]] == c["text"]
            types.add(c["type"])
        for a in s["attributions"]:
            if a["source"]:
                assert ARTICLE[a["source"]["start"]:a["source"]["end"]] == a["source"]["text"]
    assert types == {"hedge", "attribution", "vague_source", "unverified", "approximation"}
    last = doc["sentences"][-1]
    assert last["text"] == "Residents of the \U0001f30a shore reportedly queued for hours."
    (hedge,) = [c for c in last["cues"] if c["type"] == "hedge"]
    assert hedge["start"] == ARTICLE.index("reportedly")  # code points: the emoji counts as one


def test_when_sentences_posted_then_each_item_is_one_sentence_with_its_own_offsets(client):
    items = ["Officials said two bridges were closed. Traffic was diverted.", "  Prices may rise.  "]
    r = client.post("/v1/score", json={"sentences": items})
    assert r.status_code == 200
    doc = r.json()
    assert doc == roundtrip(shared_scorer().score_sentences(items).to_dict())
    assert [s["text"] for s in doc["sentences"]] == items  # not re-split, not trimmed
    assert [(s["start"], s["end"]) for s in doc["sentences"]] == [(0, len(items[0])), (0, len(items[1]))]
    may = [c for c in doc["sentences"][1]["cues"] if c["type"] == "hedge"]
    assert may and items[1][may[0]["start"]:may[0]["end"]] == "may"


@pytest.mark.parametrize("body", [{"text": ""}, {"text": " \n\t "}, {"sentences": []}])
def test_when_input_is_empty_then_zero_sentences_not_an_error(client, body):
    r = client.post("/v1/score", json=body)
    assert r.status_code == 200
    assert r.json()["sentences"] == [] and r.json()["summary"]["n_sentences"] == 0


def test_when_options_turn_off_cues_and_attributions_then_only_those_keys_are_dropped(client):
    full = client.post("/v1/score", json={"text": ARTICLE}).json()
    slim = client.post("/v1/score", json={"text": ARTICLE, "include_cues": False,
                                          "include_attributions": False}).json()
    for f, s in zip(full["sentences"], slim["sentences"], strict=True):
        assert "cues" not in s and "attributions" not in s
        assert {k: v for k, v in f.items() if k not in ("cues", "attributions")} == s
    assert slim["summary"] == full["summary"] and slim["model"] == full["model"]


def test_when_batch_posted_then_each_document_is_scored_alone_and_ids_are_echoed(client):
    docs = [{"id": "a-1", "text": ARTICLE}, {"sentences": ["Experts say rents could double."]},
            {"id": "c", "text": ""}]
    r = client.post("/v1/score/batch", json={"documents": docs, "include_cues": False})
    assert r.status_code == 200
    out = r.json()["documents"]
    assert [d["id"] for d in out] == ["a-1", None, "c"]
    expected = roundtrip(shared_scorer().score_text(ARTICLE).to_dict())
    for s in expected["sentences"]:
        del s["cues"]
    assert {k: v for k, v in out[0].items() if k != "id"} == expected
    assert out[1]["sentences"][0]["text"] == "Experts say rents could double."
    assert out[2]["sentences"] == []


def test_when_library_adds_keys_then_they_pass_through():
    class Doc:
        def to_dict(self):
            return {"model": None, "sentences": [], "summary": {"n_sentences": 0, "n_sources": 1},
                    "lexicon": None, "sources": [{"id": "s1", "name": "the Port Authority",
                                                  "kind": "organization", "mentions": [],
                                                  "sentences": [0], "caveats": []}]}

    class FakeScorer:
        def score_text(self, text):
            return Doc()

        def model_info(self):
            return {}

    with TestClient(create_app(Settings(), scorer=FakeScorer())) as c:
        doc = c.post("/v1/score", json={"text": "x"}).json()
    assert doc["sources"][0]["name"] == "the Port Authority" and doc["summary"]["n_sources"] == 1


def test_scoring_runs_off_the_event_loop_so_health_answers_meanwhile():
    """A request being scored (a plain `def` handler, run in the thread pool) does not hold up
    other requests: /health answers while the scorer is still busy."""
    started, release = threading.Event(), threading.Event()
    state = {}

    class BlockingScorer:
        def score_text(self, text):
            started.set()
            release.wait(10)  # returns at once when released; 10 s only if the loop were blocked
            state["scored"] = True
            return shared_scorer().score_text(text)

        def model_info(self):
            return {}

    with TestClient(create_app(Settings(), scorer=BlockingScorer())) as c:
        result = {}
        t = threading.Thread(target=lambda: result.setdefault("r", c.post("/v1/score", json={"text": "Rain."})))
        t.start()
        assert started.wait(10)
        assert c.get("/health").status_code == 200
        assert "scored" not in state  # /health answered while the scorer was still busy
        release.set()
        t.join(10)
    assert result["r"].status_code == 200


# ---- errors: never a 5xx ----------------------------------------------------------------------


@pytest.mark.parametrize("body, field, kind", [
    ({"text": "A.", "language": "en"}, ["body", "language"], "extra_forbidden"),
    ({"text": 5}, ["body", "text"], "string_type"),
    ({"sentences": "one sentence"}, ["body", "sentences"], "list_type"),
    ({"sentences": ["ok", 3]}, ["body", "sentences", 1], "string_type"),
    ({"text": "A.", "include_cues": 0}, ["body", "include_cues"], "bool_type"),
    ({"text": "A.", "include_cues": "false"}, ["body", "include_cues"], "bool_type"),
    ({}, ["body"], "missing_text_or_sentences"),
    ({"text": "A.", "sentences": ["A."]}, ["body"], "missing_text_or_sentences"),
    ([], ["body"], "missing_text_or_sentences"),
    (None, ["body"], "missing"),
])
def test_when_body_breaks_the_schema_then_422_names_the_field(client, body, field, kind):
    r = client.post("/v1/score", json=body)
    assert r.status_code == 422
    (err,) = r.json()["detail"]
    assert err["loc"] == field and err["type"] == kind and err["msg"]
    assert "input" not in err  # the offending input is not echoed back


def test_when_body_is_empty_then_422(client):
    r = client.post("/v1/score", content=b"", headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["type"] == "missing"


@pytest.mark.parametrize("raw", [b"{bad json", b'{"text": "unterminated', b"\xff\xfe\x00"])
def test_when_json_is_malformed_or_not_utf8_then_400_with_a_message(client, raw):
    r = client.post("/v1/score", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 400
    assert isinstance(r.json()["detail"], str) and r.json()["detail"]


def test_when_batch_item_is_wrong_then_422_locates_it(client):
    r = client.post("/v1/score/batch", json={"documents": [{"text": "ok"}, {"id": 7, "text": "x"}]})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "documents", 1, "id"]


def test_when_input_has_a_lone_surrogate_then_422_not_500(client):
    r = client.post("/v1/score", content=b'{"text": "Officials said \\ud800 it may rain."}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 422  # valid JSON, but no Unicode text
    assert r.json()["detail"][0]["type"] == "string_unicode"


# ---- limits at the boundary -------------------------------------------------------------------


def test_text_limit_at_boundary_and_one_over(small):
    limit = LIMITS["max_text_chars"]
    text = ("Officials said the road may reopen. " * 20)[:limit - 1] + "\U0001f30a"  # code points
    assert len(text) == limit
    assert small.post("/v1/score", json={"text": text}).status_code == 200
    r = small.post("/v1/score", json={"text": text + "."})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "text"]
    assert r.json()["detail"][0]["type"] == "string_too_long"


def test_sentence_count_and_length_limits_at_boundary_and_one_over(small):
    n, chars = LIMITS["max_sentences"], LIMITS["max_sentence_chars"]
    assert small.post("/v1/score", json={"sentences": ["Prices may rise."] * n}).status_code == 200
    r = small.post("/v1/score", json={"sentences": ["Prices may rise."] * (n + 1)})
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "too_long"
    assert small.post("/v1/score", json={"sentences": ["x" * chars]}).status_code == 200
    r = small.post("/v1/score", json={"sentences": ["x" * (chars + 1)]})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "sentences", 0]


def test_document_limit_at_boundary_and_one_over(small):
    n = LIMITS["max_documents"]
    docs = [{"text": "Rain is expected."}] * n
    assert small.post("/v1/score/batch", json={"documents": docs}).status_code == 200
    r = small.post("/v1/score/batch", json={"documents": docs + [{"text": "One more."}]})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "documents"]


def test_body_size_limit_at_boundary_and_one_over(small):
    limit = LIMITS["max_body_bytes"]
    prefix, suffix = b'{"sentences": ["Rain.", "', b'"]}'
    body = prefix + b"x" * (limit - len(prefix) - len(suffix)) + suffix
    assert len(body) == limit
    r = small.post("/v1/score", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422  # within the byte limit; the 60-character item limit answers
    r = small.post("/v1/score", content=body + b" ", headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert "larger than 4000 bytes" in r.json()["detail"]


def test_body_over_limit_without_content_length_is_413_too(small):
    def chunks():
        for _ in range(10):
            yield b" " * 1000

    r = small.post("/v1/score", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["detail"].startswith("request body larger")


def test_schema_carries_the_configured_limits(small):
    comps = small.get("/openapi.json").json()["components"]["schemas"]
    assert comps["ScoreTextRequest"]["properties"]["text"]["maxLength"] == LIMITS["max_text_chars"]
    assert comps["BatchRequest"]["properties"]["documents"]["maxItems"] == LIMITS["max_documents"]


# ---- service endpoints ------------------------------------------------------------------------


def test_health_ready_and_model_endpoints(client):
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "model": shared_scorer().model_info()}
    info = client.get("/v1/model").json()
    assert info["model"] == shared_scorer().model_info()
    assert info["metadata"]["tasks"]["verifiability"]["threshold"] == info["model"]["thresholds"]["verifiability"]
    assert info["lexicon"]["rules"] > 0 and len(info["lexicon"]["sha256"]) == 64


def test_ready_is_503_until_the_model_is_loaded_and_scoring_waits_too():
    release = threading.Event()

    def slow_loader():
        release.wait(10)
        return shared_scorer()

    with TestClient(create_app(Settings(), loader=slow_loader)) as c:
        assert c.get("/health").status_code == 200  # alive while loading
        r = c.get("/ready")
        assert r.status_code == 503 and r.json()["status"] == "loading"
        r = c.post("/v1/score", json={"text": "Rain."})
        assert r.status_code == 503 and r.headers["retry-after"] == "1"
        release.set()
        c.app.state.model.loaded.wait(10)
        assert c.get("/ready").status_code == 200
        assert c.post("/v1/score", json={"text": "Rain."}).status_code == 200


def test_refused_model_leaves_ready_503_with_the_reason(tmp_path):
    with TestClient(create_app(Settings(model_dir=str(tmp_path)))) as c:
        c.app.state.model.loaded.wait(30)
        r = c.get("/ready")
        assert r.status_code == 503 and r.json()["status"] == "failed"
        assert "metadata" in r.json()["detail"]
        assert c.post("/v1/score", json={"text": "Rain."}).status_code == 503


def test_demo_page_and_its_files_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script src="/static/app.js">' in page.text
    for name, kind in [("app.js", "javascript"), ("style.css", "text/css")]:
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and kind in r.headers["content-type"]
        assert "http:" not in r.text and "https:" not in r.text  # nothing loaded from elsewhere
    assert 'src="http' not in page.text and 'href="http' not in page.text


# ---- metrics ----------------------------------------------------------------------------------


def _sample(text: str, name: str, **labels) -> float:
    from prometheus_client.parser import text_string_to_metric_families

    total = 0.0
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                total += s.value
    return total


def test_metrics_count_requests_statuses_latency_and_sentences(client):
    before = client.get("/metrics").text
    client.post("/v1/score", json={"sentences": ["Prices may rise.", "Officials said so.", "Rain."]})
    client.post("/v1/score/batch", json={"documents": [{"text": "It rained. It may rain again."}]})
    client.post("/v1/score", json={"nope": 1})
    client.get("/no/such/path")
    after = client.get("/metrics")
    assert after.headers["content-type"].startswith("text/plain")
    a = after.text

    def delta(name, **labels):
        return _sample(a, name, **labels) - _sample(before, name, **labels)

    assert delta("credscore_http_requests_total", route="/v1/score", status="200", method="POST") == 1
    assert delta("credscore_http_requests_total", route="/v1/score", status="422") == 1
    assert delta("credscore_http_requests_total", route="/v1/score/batch", status="200") == 1
    assert delta("credscore_http_requests_total", route="<unmatched>", status="404") == 1
    assert delta("credscore_http_request_duration_seconds_count", route="/v1/score") == 2
    assert delta("credscore_sentences_scored_total", endpoint="score") == 3
    assert delta("credscore_sentences_scored_total", endpoint="batch") == 2
    assert delta("credscore_documents_scored_total", endpoint="batch") == 1


# ---- access control ---------------------------------------------------------------------------

KEYS = ["k-first-3f9a", "k-second-77c1"]


@pytest.fixture(scope="module")
def keyed():
    digests = frozenset(hashlib.sha256(k.encode()).hexdigest() for k in KEYS)
    with TestClient(make_app(api_key_digests=digests)) as c:
        yield c


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": "Basic " + KEYS[0]}, {"X-API-Key": ""}])
def test_when_keys_are_set_then_requests_without_a_valid_key_get_401(keyed, headers):
    for method, path in [("post", "/v1/score"), ("post", "/v1/score/batch"), ("get", "/v1/model"),
                         ("get", "/metrics")]:
        r = getattr(keyed, method)(path, headers=headers, **({"json": {"text": "Rain."}} if method == "post" else {}))
        assert r.status_code == 401, (path, headers)
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert "API key" in r.json()["detail"]


def test_when_keys_are_set_then_401_comes_before_body_validation(keyed):
    r = keyed.post("/v1/score", content=b"{bad", headers={"content-type": "application/json"})
    assert r.status_code == 401


@pytest.mark.parametrize("headers", [{"X-API-Key": KEYS[0]}, {"X-API-Key": KEYS[1]},
                                     {"Authorization": "Bearer " + KEYS[1]}, {"authorization": "bearer " + KEYS[0]}])
def test_when_a_valid_key_is_sent_then_200(keyed, headers):
    assert keyed.post("/v1/score", json={"text": "Rain."}, headers=headers).status_code == 200
    assert keyed.get("/metrics", headers=headers).status_code == 200


def test_when_keys_are_set_then_health_ready_page_and_docs_stay_open(keyed):
    for path in ["/health", "/ready", "/", "/static/app.js", "/openapi.json", "/docs"]:
        assert keyed.get(path).status_code == 200, path
    schemes = keyed.get("/openapi.json").json()["components"]["securitySchemes"]
    assert schemes["ApiKeyHeader"] == {"type": "apiKey", "in": "header", "name": "X-API-Key"}


def test_key_check_compares_every_digest_in_constant_time(monkeypatch):
    calls = []
    real = security.hmac.compare_digest

    def spy(a, b):
        calls.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(security.hmac, "compare_digest", spy)
    digests = tuple(sorted(hashlib.sha256(k.encode()).hexdigest() for k in ["a", "b", "c"]))
    for key, ok in [(b"a", True), (b"c", True), (b"nope", False), (None, False)]:
        calls.clear()
        assert security.key_matches(key, digests) is ok
        assert calls == [(32, 32)] * 3  # all digests, always, fixed-length sha256 digests


def test_settings_from_env_and_key_file(tmp_path):
    good = hashlib.sha256(b"file-key").hexdigest()
    path = tmp_path / "keys"
    path.write_text(f"# newsroom tools\n{good}  # desk A\n\n", encoding="utf-8")
    env_digest = hashlib.sha256(b"env-key").hexdigest()
    s = Settings.from_env({"CREDSCORE_API_KEYS": f" {env_digest.upper()} ,", "CREDSCORE_API_KEYS_FILE": str(path),
                           "CREDSCORE_MAX_TEXT_CHARS": "5_000", "CREDSCORE_MODEL_DIR": "/m",
                           "CREDSCORE_GENRE": " wiki "})
    assert s.api_key_digests == {good, env_digest} and s.max_text_chars == 5000 and s.model_dir == "/m"
    assert s.genre == "wiki" and Settings.from_env({}).genre is None
    assert Settings.from_env(s.to_env()) == s.replace(api_keys_file=None)
    assert not Settings.from_env({}).auth_enabled
    path.write_text("my-raw-secret\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="entry 1: not a sha256 hex digest"):
        Settings.from_env({"CREDSCORE_API_KEYS_FILE": str(path)})
    with pytest.raises(SettingsError, match="CREDSCORE_MAX_SENTENCES"):
        Settings.from_env({"CREDSCORE_MAX_SENTENCES": "0"})
    with pytest.raises(SettingsError, match="cannot read"):
        Settings.from_env({"CREDSCORE_API_KEYS_FILE": str(tmp_path / "missing")})


# ---- credscore serve --------------------------------------------------------------------------


def test_serve_flags_override_the_environment(monkeypatch, tmp_path):
    from credscore import cli, serve

    monkeypatch.setenv("CREDSCORE_MAX_DOCUMENTS", "7")
    monkeypatch.setenv("CREDSCORE_MAX_SENTENCES", "9")
    keyfile = tmp_path / "keys"
    keyfile.write_text(hashlib.sha256(b"k").hexdigest() + "\n", encoding="utf-8")
    args = cli.build_parser().parse_args(["serve", "--max-documents", "3", "--model", "/x",
                                          "--api-keys-file", str(keyfile)])
    s = serve.build_settings(args)
    assert (s.max_documents, s.max_sentences, s.model_dir) == (3, 9, "/x")
    assert s.api_key_digests == {hashlib.sha256(b"k").hexdigest()}


def test_serve_with_a_refused_model_exits_5_before_binding(tmp_path, capsys):
    from credscore import cli

    (tmp_path / "metadata.json").write_text("{not json", encoding="utf-8")
    assert cli.main(["serve", "--model", str(tmp_path), "--port", "1"]) == 5
    assert "cannot use the model" in capsys.readouterr().err


def test_serve_with_a_genre_the_model_lacks_exits_2_before_binding(capsys):
    from credscore import cli

    assert cli.main(["serve", "--genre", "legal", "--port", "1"]) == 2
    assert "no genre 'legal'" in capsys.readouterr().err


def test_when_app_serves_wiki_then_documents_carry_the_genre_and_its_threshold():
    from fastapi.testclient import TestClient

    from api.app import create_app, default_loader
    from scoring.artifacts import read_metadata
    from scoring.scorer import DEFAULT_MODEL_DIR

    wiki = read_metadata(DEFAULT_MODEL_DIR)["tasks"]["verifiability"]["genres"]["wiki"]
    settings = Settings(genre="wiki")
    with TestClient(create_app(settings, scorer=default_loader(settings)())) as c:
        doc = c.post("/v1/score", json={"text": "The band is widely regarded as the best in the city."}).json()
    assert doc["model"]["genre"] == "wiki"
    assert doc["model"]["thresholds"]["verifiability"] == wiki["threshold"]


def test_serve_with_a_bad_limit_exits_2(capsys):
    from credscore import cli

    assert cli.main(["serve", "--max-sentences", "0"]) == 2
    assert "max_sentences must be a positive integer" in capsys.readouterr().err


@pytest.mark.slow
def test_serve_with_two_workers_aggregates_metrics_over_both(tmp_path):
    """Every scrape sees all workers' counts (PROMETHEUS_MULTIPROC_DIR), not one worker's."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CREDSCORE_", "PROMETHEUS_"))}
    env["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path / "metrics")
    proc = subprocess.Popen([sys.executable, "-m", "credscore", "serve", "--workers", "2", "--port", str(port),
                             "--no-access-log", "--log-level", "warning"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline, ready = time.monotonic() + 90, 0
        while ready < 10:  # both workers up: ten /ready answers in a row
            assert time.monotonic() < deadline and proc.poll() is None, "serve --workers 2 did not start"
            try:
                ready = ready + 1 if urllib.request.urlopen(url + "/ready", timeout=2).status == 200 else 0
            except OSError:
                ready = 0
                time.sleep(0.3)
        scored = 0
        while scored < 12:  # a new connection each: spread over the workers
            req = urllib.request.Request(url + "/v1/score", data=b'{"sentences": ["Rain may fall."]}',
                                         headers={"Content-Type": "application/json"})
            try:
                assert urllib.request.urlopen(req, timeout=10).status == 200
                scored += 1
            except urllib.error.HTTPError as exc:
                # The other worker may still be loading its model: 503 with Retry-After, as
                # documented; anything else is a failure.
                assert exc.code == 503 and exc.headers.get("Retry-After"), exc
                assert time.monotonic() < deadline, "a worker never finished loading its model"
                time.sleep(0.3)
        scrapes = [urllib.request.urlopen(url + "/metrics", timeout=5).read().decode() for _ in range(6)]
        counts = {_sample(t, "credscore_sentences_scored_total", endpoint="score") for t in scrapes}
        assert counts == {12.0}
        pids = {f.name for f in (tmp_path / "metrics").iterdir()}
        assert len({name.rsplit("_", 1)[-1] for name in pids}) >= 2  # files of two worker processes
    finally:
        proc.terminate()
        proc.wait(20)
