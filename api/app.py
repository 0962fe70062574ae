"""The FastAPI application: ``create_app(settings)``.

The model is loaded once per process: either handed in (``credscore serve`` with one worker
loads it before binding, so a refused model stops the command with exit code 5), or loaded by
the lifespan in a background thread, during which ``/ready`` answers 503 and the scoring
routes 503. Scoring handlers are plain ``def``: FastAPI runs them in its thread pool, so the
CPU-bound work never blocks the event loop (``/health`` answers while a long text is scored).

Routes, limits, errors and access control are described in ``docs/API.md``.
"""

import json
import logging
import threading
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Body, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from api.limits import BodyLimitMiddleware
from api.metrics import Metrics, MetricsMiddleware
from api.schemas import (UNION_TAGS, BatchOut, DocumentOut, ErrorOut, HealthOut, ModelOut, ReadyOut,
                         build_request_models)
from api.security import APIKeyMiddleware
from api.settings import Settings

log = logging.getLogger("credscore.api")

STATIC_DIR = Path(__file__).resolve().parent / "static"

API_DESCRIPTION = """\
Scores every sentence of a news text for how verifiable it is as written, and says why: cue
spans (hedge, attribution, vague_source, unverified, approximation) and the source of each
attribution, with half-open code-point offsets into the submitted text. Responses carry the
document JSON of credscore's DESIGN.md, exactly what `credscore score` prints.

Errors: malformed JSON or a body that is not UTF-8 is **400**; an unknown field, a wrong type,
a missing or empty body or a value over a limit is **422** (the message names the field); a
body over the configured size is **413**; a protected route without a valid API key (when keys
are configured) is **401**; a scoring request before the model is loaded is **503**.
"""


class ModelState:
    """The process's scorer, or why it is not there (yet)."""

    def __init__(self, scorer: Any | None = None) -> None:
        self.scorer = scorer
        self.error: str | None = None
        self.loaded = threading.Event()
        if scorer is not None:
            self.loaded.set()

    def load(self, loader: Callable[[], Any]) -> None:
        try:
            self.scorer = loader()
        except Exception as exc:  # a refused model: /ready says why, scoring answers 503
            self.error = f"{type(exc).__name__}: {exc}"
            log.error("credscore: cannot load the model: %s", self.error)
        finally:
            self.loaded.set()

    def require(self):
        if self.scorer is None:
            detail = (f"the model could not be loaded: {self.error}" if self.error
                      else "the model is still loading; retry when GET /ready answers 200")
            raise HTTPException(503, detail=detail, headers={"Retry-After": "1"})
        return self.scorer


def default_loader(settings: Settings) -> Callable[[], Any]:
    def load():
        from scoring.scorer import Scorer

        return Scorer.load(settings.model_dir, settings.genre)

    return load


def shape_document(doc: dict[str, Any], include_cues: bool, include_attributions: bool) -> dict[str, Any]:
    """Apply the request's options to a ``to_dict()`` document (drops keys, never changes values)."""
    if not (include_cues and include_attributions):
        for s in doc["sentences"]:
            if not include_cues:
                s.pop("cues", None)
            if not include_attributions:
                s.pop("attributions", None)
    return doc


def json_response(payload: Any, status_code: int = 200) -> Response:
    try:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate in the input (valid JSON "\ud800"): escape it
        body = json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return Response(body, status_code=status_code, media_type="application/json")


def _errors_for_client(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validation errors without the offending input (it can be 100k characters), without the
    union's internal tags in ``loc`` and with a JSON-safe ``ctx``."""
    out = []
    for e in errors:
        loc = [part for part in e.get("loc", ()) if part not in UNION_TAGS]
        item = {"type": e.get("type"), "loc": loc, "msg": e.get("msg")}
        ctx = e.get("ctx")
        if ctx:
            item["ctx"] = {k: v if isinstance(v, (int, float, str, bool)) or v is None else str(v)
                           for k, v in ctx.items()}
        out.append(item)
    return out


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    errors = list(exc.errors())
    bad_json = [e for e in errors if e.get("type") == "json_invalid"]
    if bad_json:
        e = bad_json[0]
        loc = e.get("loc", ())
        pos = loc[1] if len(loc) > 1 else "?"
        reason = (e.get("ctx") or {}).get("error", "JSON decode error")
        return json_response({"detail": f"malformed JSON: {reason} at character {pos}"}, 400)
    return json_response({"detail": _errors_for_client(errors)}, 422)


_ERR = {"model": ErrorOut}
SCORE_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {**_ERR, "description": "Malformed JSON, or a body that is not UTF-8."},
    401: {**_ERR, "description": "API keys are configured and the request has no valid key."},
    413: {**_ERR, "description": "The body is larger than the configured limit (CREDSCORE_MAX_BODY_BYTES)."},
    422: {"description": "Unknown field, wrong type, missing or empty body, or a value over a limit."},
    503: {**_ERR, "description": "The model is not loaded (yet)."},
}


def create_app(settings: Settings | None = None, *, scorer: Any | None = None,
               loader: Callable[[], Any] | None = None) -> FastAPI:
    """Build the app.

    Parameters
    ----------
    settings : Settings, optional
        Limits, model directory and API keys (default: :meth:`Settings.from_env`).
    scorer : scoring.scorer.Scorer, optional
        An already loaded scorer (then the app is ready at once).
    loader : callable, optional
        Returns the scorer; run once by the lifespan in a background thread (default: load
        ``settings.model_dir`` with :meth:`Scorer.load`).
    """
    settings = Settings.from_env() if settings is None else settings
    state = ModelState(scorer)
    metrics = Metrics()
    models = build_request_models(settings)
    load = loader or default_loader(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if state.scorer is None and not state.loaded.is_set():
            threading.Thread(target=state.load, args=(load,), name="credscore-model-load", daemon=True).start()
        yield

    app = FastAPI(
        title="credscore",
        version=_package_version(),
        description=API_DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.model = state
    app.state.metrics = metrics
    app.add_exception_handler(RequestValidationError, _validation_error)

    # Real objects, not strings: FastAPI reads these annotations at run time.
    ScoreBody = Annotated[models.score, Body()]
    BatchBody = Annotated[models.batch, Body()]

    @app.get("/health", response_model=HealthOut, tags=["service"])
    def health() -> Response:
        """Liveness: the process answers (no dependency is checked). Never needs a key."""
        return json_response({"status": "ok"})

    @app.get("/ready", response_model=ReadyOut, tags=["service"],
             responses={503: {"model": ReadyOut, "description": "The model is loading or failed to load."}})
    def ready() -> Response:
        """Readiness: 503 until the model is loaded, then the model's name, version and sha256."""
        if state.scorer is None:
            status = "failed" if state.error else "loading"
            return json_response({"status": status, "model": None, "detail": state.error}, 503)
        return json_response({"status": "ready", "model": state.scorer.model_info()})

    @app.get("/v1/model", response_model=ModelOut, tags=["scoring"],
             responses={k: SCORE_RESPONSES[k] for k in (401, 503)})
    def model_info() -> Response:
        """The loaded model: name, version, sha256, thresholds, and its metadata (tasks with metrics)."""
        sc = state.require()
        from scoring.extract import default_matcher, lexicon_info

        return json_response({"model": sc.model_info(),
                              "lexicon": lexicon_info(sc.matcher or default_matcher()),
                              "metadata": sc.metadata})

    @app.post("/v1/score", response_model=DocumentOut, tags=["scoring"], responses=SCORE_RESPONSES)
    def score(request: ScoreBody) -> Response:
        """Score one text (`{"text": ...}`, split into sentences) or a list of sentences
        (`{"sentences": [...]}`, each item one sentence). Returns the document JSON."""
        sc = state.require()
        doc = _score_one(sc, request)
        n = len(doc["sentences"])
        metrics.sentences.labels("score").inc(n)
        metrics.documents.labels("score").inc()
        return json_response(shape_document(doc, request.include_cues, request.include_attributions))

    @app.post("/v1/score/batch", response_model=BatchOut, tags=["scoring"], responses=SCORE_RESPONSES)
    def score_batch(request: BatchBody) -> Response:
        """Score several documents, each on its own, in order: `{"documents": [{"id": ..., "text":
        ...}, ...]}` (or `sentences` instead of `text`). Each result is the document JSON plus `id`."""
        sc = state.require()
        out = []
        n = 0
        for item in request.documents:
            doc = shape_document(_score_one(sc, item), request.include_cues, request.include_attributions)
            n += len(doc["sentences"])
            out.append({"id": item.id, **doc})
        metrics.sentences.labels("batch").inc(n)
        metrics.documents.labels("batch").inc(len(out))
        return json_response({"documents": out})

    @app.get("/metrics", tags=["service"], response_class=Response,
             responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}},
                              "description": "Prometheus text exposition format."},
                        401: SCORE_RESPONSES[401]})
    def prometheus_metrics() -> Response:
        """Prometheus metrics: requests by route and status, latency histogram, sentences scored."""
        body, content_type = metrics.render()
        return Response(body, media_type=content_type)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def demo_page() -> Response:
        return HTMLResponse((STATIC_DIR / "index.html").read_text(encoding="utf-8"))

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    # add_middleware puts each one outside the previous: metrics -> API key -> body limit -> app.
    app.add_middleware(BodyLimitMiddleware, max_body_bytes=settings.max_body_bytes)
    if settings.auth_enabled:
        _document_security(app)
        app.add_middleware(APIKeyMiddleware, digests=settings.api_key_digests)
    known = frozenset(getattr(r, "path", "") for r in app.routes if "{" not in getattr(r, "path", "{"))
    app.add_middleware(MetricsMiddleware, metrics=metrics, known_paths=known)  # outermost: counts 401s too
    return app


def _score_one(scorer, request) -> dict[str, Any]:
    if hasattr(request, "text"):
        return scorer.score_text(request.text).to_dict()
    return scorer.score_sentences(list(request.sentences)).to_dict()


def _document_security(app: FastAPI) -> None:
    """Declare the API-key schemes in /openapi.json (enforced by APIKeyMiddleware)."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description,
                             routes=app.routes)
        schema.setdefault("components", {})["securitySchemes"] = {
            "ApiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "Bearer": {"type": "http", "scheme": "bearer"},
        }
        for path, ops in schema.get("paths", {}).items():
            if path.startswith("/v1/") or path == "/metrics":
                for op in ops.values():
                    op["security"] = [{"ApiKeyHeader": []}, {"Bearer": []}]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi


def _package_version() -> str:
    try:
        from importlib.metadata import version

        return version("credscore")
    except Exception:
        return "0"


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (``credscore serve --workers N``): settings from the
    ``CREDSCORE_*`` environment, model loaded by the lifespan."""
    return create_app(Settings.from_env())
