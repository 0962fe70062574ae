"""Request body size limit: 413 with a JSON ``{"detail": ...}`` body.

A declared ``Content-Length`` over the limit is refused before anything is read; a body sent
without one (chunked) is counted as it arrives and refused as soon as it passes the limit, so
the service never holds more than the limit in memory. (FastAPI's own ``max_body_size`` answers
a declared oversize length with a plain-text body and sits outside the metrics middleware; this
one answers JSON like every other error and is counted.)
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def too_large_detail(limit: int) -> str:
    return f"request body larger than {limit} bytes (CREDSCORE_MAX_BODY_BYTES)"


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.limit = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = None
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = None
                break
        if declared is not None and declared > self.limit:
            body = json.dumps({"detail": too_large_detail(self.limit)}).encode()
            await send({"type": "http.response.start", "status": 413, "headers": [
                (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                (b"connection", b"close")]})
            await send({"type": "http.response.body", "body": body})
            return

        total = 0
        limit = self.limit

        async def limited_receive() -> Message:
            nonlocal total
            message = await receive()
            if message["type"] == "http.request":
                total += len(message.get("body", b""))
                if total > limit:
                    # Raised inside the route while it reads the body: FastAPI passes an
                    # HTTPException through, and its exception handler answers JSON.
                    raise HTTPException(413, detail=too_large_detail(limit))
            return message

        await self.app(scope, limited_receive, send)
