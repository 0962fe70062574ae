"""The demo page in a real headless browser (Debian's Chromium driven by Playwright).

`credscore serve` runs in a subprocess on a free loopback port with an API key configured; the
test types an article, submits it without a key (the 401 is shown), with the key (sentences
coloured, cues highlighted by type, sources listed, legends present), and an over-long text
(the 422 is shown). Chromium comes from install.sh; without it the test fails, unless
CREDSCORE_SKIP_BROWSER=1 says to skip it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from api_helpers import ARTICLE

CHROMIUM = os.environ.get("CREDSCORE_CHROMIUM", "/usr/bin/chromium")
KEY = "browser-test-key-51d2"
MAX_TEXT = 1500


def _chromium_or_skip() -> str:
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if path:
        return path
    if os.environ.get("CREDSCORE_SKIP_BROWSER") == "1":
        pytest.skip("no Chromium and CREDSCORE_SKIP_BROWSER=1")
    pytest.fail(f"Chromium not found at {CHROMIUM} (nor 'chromium' on PATH): run ./install.sh (Debian package "
                "'chromium'), point CREDSCORE_CHROMIUM at it, or set CREDSCORE_SKIP_BROWSER=1 to skip this test")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    keys = tmp_path_factory.mktemp("keys") / "keys.txt"
    keys.write_text(hashlib.sha256(KEY.encode()).hexdigest() + "\n", encoding="utf-8")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREDSCORE_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "credscore", "serve", "--port", str(port), "--api-keys-file", str(keys),
         "--max-text-chars", str(MAX_TEXT), "--no-access-log", "--log-level", "warning"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/ready", timeout=2) as r:
                if r.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("credscore serve did not start:\n" + proc.stdout.read().decode(errors="replace"))
        time.sleep(0.2)
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _api_score(url: str, text: str) -> dict:
    req = urllib.request.Request(url + "/v1/score", data=json.dumps({"text": text}).encode(),
                                 headers={"Content-Type": "application/json", "X-API-Key": KEY})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.load(r)


def test_demo_page_colours_sentences_highlights_cues_and_lists_sources(server, tmp_path):
    chromium = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    expected = _api_score(server, ARTICLE)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            console_errors = []
            page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
            page.goto(server + "/")
            page.fill("#article", ARTICLE)

            # Without the key: the 401 is shown, nothing is rendered.
            page.click("#analyse")
            page.wait_for_selector("#error:not([hidden])")
            assert "401" in page.inner_text("#error") and "API key" in page.inner_text("#error")
            assert page.is_hidden("#results")

            page.fill("#api-key", KEY)
            page.click("#analyse")
            page.wait_for_selector("#results:not([hidden])")
            assert page.is_hidden("#error")

            # Every sentence is one span, coloured by its verifiability bucket.
            spans = page.query_selector_all("#doc .sentence")
            assert len(spans) == len(expected["sentences"]) == 6
            for span, s in zip(spans, expected["sentences"]):
                assert span.text_content() == s["text"]
                bucket = min(4, int(s["verifiability"] * 5))
                assert f"v{bucket}" in span.get_attribute("class").split()
                # A sentence resting on a source the article caveats is marked as such.
                assert ("source-caveat" in span.get_attribute("class").split()) == s["source_caveat"]

            # Every cue of the response is a <mark> of its type with its text (none overlap here).
            marks = [(m.get_attribute("data-type"), m.text_content(), m.get_attribute("class"))
                     for m in page.query_selector_all("#doc mark.cue")]
            want = [(c["type"], c["text"]) for s in expected["sentences"] for c in s["cues"]]
            assert [(t, x) for t, x, _ in marks] == want
            assert all(f"cue-{t}" in cls.split() for t, _, cls in marks)
            assert {t for t, _ in want} == {"hedge", "attribution", "vague_source", "unverified", "approximation"}
            assert ("hedge", "apparently") in want and ("approximation", "at least 30") in want
            quoted = page.query_selector_all("#doc mark.cue.quoted")
            assert quoted, "cues inside the quotation are marked as quoted"

            # Sources: listed (article-level when the service sends them, else per attribution)
            # and underlined in the text.
            sources = page.inner_text("#sources")
            assert "Ingrid Solberg" in sources and "named_person" in sources
            assert "Harbour master Ingrid Solberg" in [e.text_content() for e in page.query_selector_all("#doc .src")]

            # Legends: every cue type and the verifiability scale.
            legend = page.inner_text("#legend-cues")
            for word in ["hedge", "attribution", "vague source", "unverified", "approximation"]:
                assert word in legend
            assert len(page.query_selector_all("#legend-scale .sentence")) == 7  # 5 buckets, none, caveat
            assert "6" in page.inner_text("#summary")

            page.screenshot(path=str(tmp_path / "demo.png"), full_page=True)
            if os.environ.get("CREDSCORE_SCREENSHOT"):
                shutil.copy(tmp_path / "demo.png", os.environ["CREDSCORE_SCREENSHOT"])

            # An over-long text: the 422 and its message are shown.
            page.fill("#article", "Rain may fall. " * (MAX_TEXT // 15 + 1))
            page.click("#analyse")
            page.wait_for_selector("#error:not([hidden])")
            error = page.inner_text("#error")
            assert "422" in error and f"at most {MAX_TEXT} characters" in error
            assert not [e for e in console_errors if "401" not in e and "422" not in e]
        finally:
            browser.close()
