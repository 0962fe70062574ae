"""Prometheus metrics of the service, served at ``GET /metrics``.

=============================================  =========  ===========================================
metric                                         type       labels
=============================================  =========  ===========================================
``credscore_http_requests_total``              counter    ``method``, ``route`` (the path template,
                                                          ``<unmatched>`` for 404s), ``status``
``credscore_http_request_duration_seconds``    histogram  ``method``, ``route``
``credscore_sentences_scored_total``           counter    ``endpoint`` (``score``, ``batch``)
``credscore_documents_scored_total``           counter    ``endpoint``
=============================================  =========  ===========================================

One process: each app has its own :class:`~prometheus_client.CollectorRegistry` (so several
apps in one test process do not collide). Several workers (``credscore serve --workers N``):
``PROMETHEUS_MULTIPROC_DIR`` is set before the workers start, every worker writes its values
there, and a scrape of any worker aggregates all of them (otherwise successive scrapes would
alternate between the workers' own counts).
"""

from __future__ import annotations

import os
import time

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.environ.get("prometheus_multiproc_dir") or None


class Metrics:
    """The service's metrics, registered in their own registry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter("credscore_http_requests", "HTTP requests by method, route and status.",
                                ("method", "route", "status"), registry=self.registry)
        self.latency = Histogram("credscore_http_request_duration_seconds",
                                 "Time from request start to the end of the response body.",
                                 ("method", "route"), buckets=LATENCY_BUCKETS, registry=self.registry)
        self.sentences = Counter("credscore_sentences_scored", "Sentences scored.", ("endpoint",),
                                 registry=self.registry)
        self.documents = Counter("credscore_documents_scored", "Documents scored.", ("endpoint",),
                                 registry=self.registry)

    def render(self) -> tuple[bytes, str]:
        """The exposition text; aggregated over all workers in multiprocess mode."""
        path = multiprocess_dir()
        if path:
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry, path=path)
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class MetricsMiddleware:
    """Pure ASGI middleware counting every HTTP request by route template and status."""

    def __init__(self, app: ASGIApp, metrics: Metrics, known_paths: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.metrics = metrics
        # Requests refused before routing (401) keep their path when it is a fixed route path;
        # any other unmatched path is one label, so a scan of random URLs cannot add series.
        self.known_paths = known_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None)
            if template is None:
                template = scope["path"] if scope["path"] in self.known_paths else "<unmatched>"
            method = scope["method"]
            self.metrics.requests.labels(method, template, str(status)).inc()
            self.metrics.latency.labels(method, template).observe(time.perf_counter() - start)
