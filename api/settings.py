"""Settings of the HTTP service: limits, model directory and API keys.

Every setting has an environment variable (read by :meth:`Settings.from_env`); ``credscore serve``
flags override them. The table in ``docs/API.md`` lists them all.

====================================  ==============  =================================================
variable                              default         meaning
====================================  ==============  =================================================
``CREDSCORE_MODEL_DIR``               packaged model  model directory
``CREDSCORE_GENRE``                   model default   genre of the texts served (``news``, ``wiki``)
``CREDSCORE_MAX_BODY_BYTES``          2000000         request body limit in bytes (413 above it)
``CREDSCORE_MAX_TEXT_CHARS``          100000          ``text`` length in code points (422 above it)
``CREDSCORE_MAX_SENTENCES``           512             items in ``sentences`` (422 above it)
``CREDSCORE_MAX_SENTENCE_CHARS``      2000            one item of ``sentences`` (422 above it)
``CREDSCORE_MAX_DOCUMENTS``           100             documents in one batch request (422 above it)
``CREDSCORE_API_KEYS``                (none)          comma-separated sha256 hex digests of valid keys
``CREDSCORE_API_KEYS_FILE``           (none)          file with one sha256 hex digest per line
====================================  ==============  =================================================

Keys are never stored in clear: a client sends the key, the service compares its sha256 with
the configured digests (``printf %s "$KEY" | sha256sum`` makes one). When neither variable is
set, access control is off.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ENV_PREFIX = "CREDSCORE_"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")

#: setting name -> environment variable, for the integer limits.
LIMIT_ENV = {
    "max_body_bytes": "CREDSCORE_MAX_BODY_BYTES",
    "max_text_chars": "CREDSCORE_MAX_TEXT_CHARS",
    "max_sentences": "CREDSCORE_MAX_SENTENCES",
    "max_sentence_chars": "CREDSCORE_MAX_SENTENCE_CHARS",
    "max_documents": "CREDSCORE_MAX_DOCUMENTS",
}


class SettingsError(ValueError):
    """A setting that cannot be used (bad number, unreadable key file, malformed digest)."""


def parse_key_digests(lines: list[str], origin: str) -> frozenset[str]:
    """sha256 hex digests from ``lines`` (blank lines and ``#`` comments skipped).

    Raises :class:`SettingsError` naming ``origin`` and the entry for anything that is not 64
    hex characters, so a raw key pasted by mistake is refused instead of silently never matching.
    """
    out = set()
    for n, raw in enumerate(lines, 1):
        entry = raw.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        if not _HEX64.match(entry):
            raise SettingsError(
                f"{origin}, entry {n}: not a sha256 hex digest (64 hex characters); store the "
                f"digest of a key, e.g. printf %s \"$KEY\" | sha256sum"
            )
        out.add(entry)
    return frozenset(out)


def read_key_file(path: str | os.PathLike[str]) -> frozenset[str]:
    """The digests in a key file (one per line)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SettingsError(f"cannot read the API key file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SettingsError(f"the API key file {path} is not UTF-8 text") from None
    return parse_key_digests(text.splitlines(), f"API key file {path}")


@dataclass(frozen=True)
class Settings:
    """Configuration of one app instance (see the module docstring for the variables)."""

    model_dir: str | None = None
    #: The model's verifiability model for this genre; None: the model's default genre.
    genre: str | None = None
    max_body_bytes: int = 2_000_000
    max_text_chars: int = 100_000
    max_sentences: int = 512
    max_sentence_chars: int = 2_000
    max_documents: int = 100
    #: sha256 hex digests of the accepted keys; empty = access control off.
    api_key_digests: frozenset[str] = field(default_factory=frozenset)
    #: Where the digests came from (for /docs and logs), never the digests themselves.
    api_keys_file: str | None = None

    def __post_init__(self) -> None:
        for name in LIMIT_ENV:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise SettingsError(f"{name} must be a positive integer, not {value!r}")

    @property
    def auth_enabled(self) -> bool:
        return bool(self.api_key_digests)

    def replace(self, **changes) -> "Settings":
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """Settings from ``CREDSCORE_*`` variables (``os.environ`` by default)."""
        env = os.environ if env is None else env
        kwargs: dict = {}
        if env.get("CREDSCORE_MODEL_DIR"):
            kwargs["model_dir"] = env["CREDSCORE_MODEL_DIR"]
        if env.get("CREDSCORE_GENRE", "").strip():
            kwargs["genre"] = env["CREDSCORE_GENRE"].strip()
        for name, var in LIMIT_ENV.items():
            if env.get(var, "").strip():
                kwargs[name] = parse_positive_int(env[var], var)
        digests: set[str] = set()
        if env.get("CREDSCORE_API_KEYS", "").strip():
            digests |= parse_key_digests(env["CREDSCORE_API_KEYS"].split(","), "CREDSCORE_API_KEYS")
        if env.get("CREDSCORE_API_KEYS_FILE", "").strip():
            kwargs["api_keys_file"] = env["CREDSCORE_API_KEYS_FILE"]
            digests |= read_key_file(env["CREDSCORE_API_KEYS_FILE"])
        kwargs["api_key_digests"] = frozenset(digests)
        return cls(**kwargs)

    def to_env(self) -> dict[str, str]:
        """The variables that make :meth:`from_env` rebuild these settings (for worker processes)."""
        env = {var: str(getattr(self, name)) for name, var in LIMIT_ENV.items()}
        env["CREDSCORE_MODEL_DIR"] = self.model_dir or ""
        env["CREDSCORE_GENRE"] = self.genre or ""
        env["CREDSCORE_API_KEYS"] = ",".join(sorted(self.api_key_digests))
        env["CREDSCORE_API_KEYS_FILE"] = ""  # its digests are already in CREDSCORE_API_KEYS
        return env


def parse_positive_int(value: str, name: str) -> int:
    try:
        n = int(value.strip().replace("_", ""))
    except ValueError:
        raise SettingsError(f"{name} must be a positive integer, not {value!r}") from None
    if n < 1:
        raise SettingsError(f"{name} must be a positive integer, not {value!r}")
    return n
