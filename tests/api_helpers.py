"""Helpers shared by the API tests: one loaded scorer per test process, app builders."""

from __future__ import annotations

import functools
import time
import warnings

from api.app import create_app
from api.settings import Settings

# Starlette 1.10's TestClient warns that httpx is deprecated in favour of httpx2 (ECOSYSTEM.md).
warnings.filterwarnings("ignore", message=".*httpx.*starlette.testclient.*")

from fastapi.testclient import TestClient  # noqa: E402

#: Written for these tests (no corpus text): hedges, attributions, a vague source, a caveat,
#: approximations, a quote, and a non-BMP character before the last cue (offsets are
#: code points, not UTF-16 units).
ARTICLE = (
    "Flooding closes river ferry\n\n"
    "Harbour master Ingrid Solberg said at least 30 cars were stranded on the quay on Monday, "
    "according to the Port Authority. Some observers believe the ferry may stay closed for weeks.\n"
    "The damage figures could not be independently verified. "
    "\u201cWe apparently lost nearly 200 tickets,\u201d a clerk told reporters. "
    "Residents of the \U0001f30a shore reportedly queued for hours."
)


@functools.lru_cache(maxsize=1)
def shared_scorer():
    """The packaged model, loaded once per test process."""
    from scoring.scorer import Scorer

    return Scorer.load(None)


def make_app(**settings):
    """An app over the shared scorer (ready at once) with these settings."""
    return create_app(Settings(**settings), scorer=shared_scorer())


def wait_ready(client, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while client.get("/ready").status_code != 200:
        if time.monotonic() > deadline:
            raise AssertionError("the app did not become ready")
        time.sleep(0.02)
