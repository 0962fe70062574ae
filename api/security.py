"""Optional API keys, checked before a request body is read.

A request to a protected path must carry a key in ``X-API-Key: KEY`` or
``Authorization: Bearer KEY``. The service hashes it with sha256 and compares that digest with
*every* configured digest using :func:`hmac.compare_digest` (no early exit), so the time taken
does not tell how much of a key, or which key, matched. A missing or wrong key gets 401 with a
``WWW-Authenticate`` header, before the body is read or validated (an unauthenticated client
learns nothing about the schema from error messages).

Open without a key: ``/health`` and ``/ready`` (probes), the demo page ``/`` and its
``/static`` files (they hold no data; the page asks for a key), ``/docs`` and ``/openapi.json``
(the API's description). Everything else, i.e. ``/v1/*`` and ``/metrics``, needs a key.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from starlette.types import ASGIApp, Receive, Scope, Send

OPEN_PATHS = frozenset({"/", "/health", "/ready", "/docs", "/docs/oauth2-redirect", "/openapi.json", "/redoc",
                        "/favicon.ico"})
OPEN_PREFIXES = ("/static/",)

_CHALLENGE = b'Bearer realm="credscore", ApiKey header="X-API-Key"'


def key_digest(key: str | bytes) -> str:
    """sha256 hex digest of a key, as stored in CREDSCORE_API_KEYS / the key file."""
    return hashlib.sha256(key.encode("utf-8") if isinstance(key, str) else key).hexdigest()


def presented_key(headers: list[tuple[bytes, bytes]]) -> bytes | None:
    """The key a request carries: ``X-API-Key``, else ``Authorization: Bearer``."""
    bearer = None
    for name, value in headers:
        if name == b"x-api-key":
            return value.strip()
        if name == b"authorization":
            scheme, _, rest = value.strip().partition(b" ")
            if scheme.lower() == b"bearer" and rest.strip():
                bearer = rest.strip()
    return bearer


def key_matches(key: bytes | None, digests: frozenset[str] | tuple[str, ...]) -> bool:
    """Whether ``key``'s sha256 equals one of ``digests``, compared in constant time.

    Every digest is compared (the loop never stops early) and both sides are fixed-length
    digests, so the comparison's time depends neither on the key nor on which digest matched.
    """
    candidate = hashlib.sha256(key if key is not None else b"").digest()
    found = False
    for digest in digests:
        found |= hmac.compare_digest(candidate, bytes.fromhex(digest))
    return found and key is not None


def is_open(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)


class APIKeyMiddleware:
    """Pure ASGI middleware: 401 for a protected path without a valid key."""

    def __init__(self, app: ASGIApp, digests: frozenset[str]) -> None:
        self.app = app
        # Sorted tuple: the same iteration order, hence the same work, for every request.
        self.digests = tuple(sorted(digests))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_open(scope["path"]):
            await self.app(scope, receive, send)
            return
        key = presented_key(scope["headers"])
        if key_matches(key, self.digests):
            await self.app(scope, receive, send)
            return
        detail = ("missing API key: send it in the X-API-Key header or as Authorization: Bearer KEY"
                  if key is None else "invalid API key")
        body = json.dumps({"detail": detail}).encode()
        await send({"type": "http.response.start", "status": 401, "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"www-authenticate", _CHALLENGE),
        ]})
        await send({"type": "http.response.body", "body": body})
