"""``credscore serve``: run the HTTP API (api/) with uvicorn.

Flags override the ``CREDSCORE_*`` environment variables (docs/API.md). With one worker the
model is loaded here, before the port is bound, and handed to the app: a refused model exits
with code 5 and nothing listens. With ``--workers N`` uvicorn starts N processes from the
factory ``api.app:create_app_from_env``; the settings travel to them in the environment, the
model is checked once here first (in a throw-away process, so this supervisor stays small), and
Prometheus runs in multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``, a fresh temporary directory
unless set) so that every scrape sees the counts of all workers.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile

from credscore.cli import EXIT_MODEL, EXIT_USAGE, InputError


def register(subparsers) -> None:
    """Add the ``serve`` subcommand to the ``credscore`` parser."""
    p = subparsers.add_parser(
        "serve",
        help="run the HTTP API (FastAPI + uvicorn): /v1/score, /v1/score/batch, demo page at /",
        description="Serve the scoring API. Every option also has an environment variable "
        "(shown in brackets); a flag overrides it. See docs/API.md.",
    )
    p.add_argument("--host", default=os.environ.get("CREDSCORE_HOST", "127.0.0.1"),
                   help="address to bind [CREDSCORE_HOST] (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port [CREDSCORE_PORT] (default 8000)")
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes [CREDSCORE_WORKERS] (default 1; each holds its own model)")
    p.add_argument("--model", metavar="MODEL_DIR", default=None,
                   help="model directory [CREDSCORE_MODEL_DIR] (default: the packaged model)")
    p.add_argument("--genre", default=None, metavar="GENRE",
                   help="genre of the texts served, which picks the model's verifiability model "
                   "[CREDSCORE_GENRE] (default: the model's default, news for the shipped model)")
    p.add_argument("--max-body-bytes", type=int, default=None, help="[CREDSCORE_MAX_BODY_BYTES] default 2000000")
    p.add_argument("--max-text-chars", type=int, default=None, help="[CREDSCORE_MAX_TEXT_CHARS] default 100000")
    p.add_argument("--max-sentences", type=int, default=None, help="[CREDSCORE_MAX_SENTENCES] default 512")
    p.add_argument("--max-sentence-chars", type=int, default=None,
                   help="[CREDSCORE_MAX_SENTENCE_CHARS] default 2000")
    p.add_argument("--max-documents", type=int, default=None, help="[CREDSCORE_MAX_DOCUMENTS] default 100")
    p.add_argument("--api-keys-file", default=None, metavar="FILE",
                   help="file of sha256 hex digests of accepted keys, one per line "
                   "[CREDSCORE_API_KEYS_FILE]; adds to CREDSCORE_API_KEYS")
    p.add_argument("--log-level", default=os.environ.get("CREDSCORE_LOG_LEVEL", "info"),
                   choices=("critical", "error", "warning", "info", "debug"),
                   help="uvicorn log level [CREDSCORE_LOG_LEVEL] (default info)")
    p.add_argument("--no-access-log", action="store_true", help="no per-request log line")
    p.set_defaults(func=run)


def build_settings(args: argparse.Namespace, env=None):
    """Settings from the environment, overridden by the flags that were given."""
    from api.settings import LIMIT_ENV, Settings, SettingsError, read_key_file

    env = os.environ if env is None else env
    try:
        settings = Settings.from_env(env)
        changes = {name: getattr(args, name) for name in LIMIT_ENV if getattr(args, name) is not None}
        if args.model is not None:
            changes["model_dir"] = args.model
        if getattr(args, "genre", None) is not None:
            changes["genre"] = args.genre
        if args.api_keys_file is not None:
            changes["api_keys_file"] = args.api_keys_file
            changes["api_key_digests"] = settings.api_key_digests | read_key_file(args.api_keys_file)
        return settings.replace(**changes)
    except SettingsError as exc:
        raise InputError(str(exc), EXIT_USAGE) from None


def _int_env(args_value: int | None, var: str, default: int) -> int:
    if args_value is not None:
        return args_value
    from api.settings import SettingsError, parse_positive_int

    if os.environ.get(var, "").strip():
        try:
            return parse_positive_int(os.environ[var], var)
        except SettingsError as exc:
            raise InputError(str(exc), EXIT_USAGE) from None
    return default


def _check_model(model_dir: str | None, genre: str | None = None) -> str | None:
    """Load the model once (in a child process when called that way); the refusal, or None."""
    from scoring.artifacts import ModelError
    from scoring.scorer import Scorer, UnknownGenreError

    try:
        Scorer.load(model_dir, genre)
    except (ModelError, UnknownGenreError) as exc:
        return str(exc)
    return None


def run(args: argparse.Namespace) -> int:
    import uvicorn

    settings = build_settings(args)
    port = _int_env(args.port, "CREDSCORE_PORT", 8000)
    workers = _int_env(args.workers, "CREDSCORE_WORKERS", 1)
    common = dict(host=args.host, port=port, log_level=args.log_level, access_log=not args.no_access_log)

    if workers == 1:
        from api.app import create_app
        from scoring.artifacts import ModelError
        from scoring.scorer import Scorer, UnknownGenreError

        try:
            scorer = Scorer.load(settings.model_dir, settings.genre)
        except ModelError as exc:
            raise InputError(f"cannot use the model: {exc}", EXIT_MODEL) from None
        except UnknownGenreError as exc:
            raise InputError(str(exc), EXIT_USAGE) from None
        uvicorn.run(create_app(settings, scorer=scorer), **common)
        return 0

    import concurrent.futures
    import multiprocessing

    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        refused = pool.submit(_check_model, settings.model_dir, settings.genre).result()
    if refused:
        raise InputError(f"cannot use the model: {refused}", EXIT_MODEL)
    os.environ.update(settings.to_env())
    created = None
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        created = os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="credscore-metrics-")
    else:
        _clear_multiproc_dir(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    print(f"credscore serve: {workers} workers; metrics aggregated in "
          f"{os.environ['PROMETHEUS_MULTIPROC_DIR']}", file=sys.stderr)
    try:
        uvicorn.run("api.app:create_app_from_env", factory=True, workers=workers, **common)
    finally:
        if created:
            shutil.rmtree(created, ignore_errors=True)
    return 0


def _clear_multiproc_dir(path: str) -> None:
    """Stale files of a previous run would be added to this run's counts."""
    os.makedirs(path, exist_ok=True)
    for name in os.listdir(path):
        if name.endswith(".db"):
            os.unlink(os.path.join(path, name))
