"""Save and load credscore model artifacts: a directory holding ``model.skops`` and ``metadata.json``.

A model is written with :mod:`skops.io`, never with pickle or joblib, and is read back only after
three checks that run before anything is deserialised:

1. the sha256 of ``model.skops`` equals the one recorded in ``metadata.json``;
2. every type in the file that skops does not trust by default is listed in :data:`TRUSTED_TYPES`,
   a list written in this module (never derived from the file being loaded);
3. the file was saved with the same scikit-learn major.minor version as the one installed.

Any refusal raises :class:`ModelError` naming the directory or file and the reason. Loading pickles
runs code, so a file a user hands you is never unpickled: skops rebuilds the objects from a JSON
schema and only for types that passed check 2.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import tempfile
import warnings
import zipfile
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

__all__ = [
    "METADATA_FILE",
    "MODEL_FILE",
    "TRUSTED_TYPES",
    "ModelError",
    "ModelVersionWarning",
    "load_model",
    "read_metadata",
    "save_model",
    "sha256_file",
]

MODEL_FILE = "model.skops"
METADATA_FILE = "metadata.json"
FORMAT = "skops"

# Types a credscore model may hold on top of the ones skops trusts by default (skops already trusts
# builtins, numpy and scipy containers and every public scikit-learn estimator such as Pipeline,
# FeatureUnion, TfidfVectorizer, LogisticRegression, CalibratedClassifierCV, StandardScaler and
# MaxAbsScaler). Found once, by hand, with ``skops.io.get_untrusted_types(file=...)`` on the
# issue-3 pipeline (FeatureUnion of word and char_wb TfidfVectorizers, an optional
# StandardScaler(with_mean=False) or MaxAbsScaler, CalibratedClassifierCV(LogisticRegression,
# method="sigmoid", cv=3)) under scikit-learn 1.9.1 / skops 0.16.0 / numpy 2.4: it reported only the
# two private calibration classes below; no numpy dtype or array type was reported.
#
# To extend: fit the new pipeline, ``skops.io.dump`` it, run ``skops.io.get_untrusted_types(file=...)``,
# review every name it prints (only classes from scikit-learn or from ``scoring/``; never builtins
# such as ``builtins.eval``, ``os.*``, ``subprocess.*`` or functools/operator helpers), and add the
# reviewed names here literally, with a test that dumps a pipeline needing them. Never compute this
# list from a file at run time: that would trust whatever the file asks for.
TRUSTED_TYPES: tuple[str, ...] = (
    # The project's own text featurizer (scoring/features.py).
    "scoring.features.CueFeaturizer",
    # The n-gram blocks' preprocessor with build_pipeline(fold_digits=True): a plain function
    # of ours (lower-case, digits as 0), referred to by name in the file.
    "scoring.features.fold_digits",
    # Fitted state of CalibratedClassifierCV: one per CV fold.
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
)

_REQUIRED_KEYS = ("format", "file", "sha256", "size_bytes", "library_versions")
_LIBRARIES = ("scikit-learn", "numpy", "scipy", "skops", "credscore")
_VERSION_RE = re.compile(r"^(\d+)\.(\d+)")


class ModelError(Exception):
    """A model artifact that cannot be saved or is refused on load.

    The message names the directory or file and the reason. When it is raised by
    :func:`load_model` before deserialisation, nothing from the file has been unpickled or
    constructed.
    """


class ModelVersionWarning(UserWarning):
    """The model was saved with a different scikit-learn patch version than the one installed."""


def _skops_io():
    # Imported on first use: ``import skops.io`` pulls in scikit-learn and scipy (2-7 s), which
    # ``read_metadata`` and ``sha256_file`` do not need.
    import skops.io

    return skops.io


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Return the hex sha256 digest of a file, read in 1 MiB chunks.

    Parameters
    ----------
    path : str or os.PathLike
        File to hash.

    Returns
    -------
    str
        Lower-case hexadecimal sha256 of the file's bytes.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in _LIBRARIES:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            versions[name] = "unknown"
    return versions


def _outside_trusted(untrusted: list[str]) -> list[str]:
    allowed = set(TRUSTED_TYPES)
    return sorted(t for t in untrusted if t not in allowed)


def _write_atomic(directory: Path, name: str, data: bytes) -> None:
    # Temp file in the same directory so os.replace is an atomic rename on one file system; a
    # crash leaves either the old file or the new one, never a half-written one.
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates the file private (0600); model files are shipped and shared: 0644.
        os.chmod(tmp, 0o644)
        os.replace(tmp, directory / name)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def save_model(model: Any, directory: str | os.PathLike[str], metadata: dict[str, Any]) -> dict[str, Any]:
    """Write a fitted model and its metadata to ``directory``.

    The model is serialised with skops (ZIP_DEFLATED), checked against :data:`TRUSTED_TYPES`, and
    only then written to ``model.skops`` via a temporary file and ``os.replace``. ``metadata.json``
    is written the same way, after the model file.

    Parameters
    ----------
    model : object
        Fitted estimator or Pipeline, normally the issue-3 text pipeline.
    directory : str or os.PathLike
        Target directory; created if missing. Existing ``model.skops`` and ``metadata.json`` are
        replaced.
    metadata : dict
        JSON-serialisable facts about the model (training config, data hashes, metrics, ...).
        The keys ``format``, ``file``, ``sha256``, ``size_bytes``, ``library_versions`` and
        ``saved_at`` are filled in by this function and override any given value.

    Returns
    -------
    dict
        The metadata as written: ``metadata`` plus ``format``, ``file``, ``sha256``,
        ``size_bytes``, ``library_versions`` (python, scikit-learn, numpy, scipy, skops,
        credscore; ``"unknown"`` when not installed) and ``saved_at`` (ISO-8601 UTC).

    Raises
    ------
    ModelError
        If ``metadata`` is not a JSON-serialisable dict, if the model cannot be serialised by
        skops, or if it holds types outside :data:`TRUSTED_TYPES` (a file we could not load).
        Nothing is written in these cases.
    """
    directory = Path(directory)
    if not isinstance(metadata, dict):
        raise ModelError(f"{directory}: metadata must be a dict, got {type(metadata).__name__}")
    sio = _skops_io()
    try:
        data = sio.dumps(model, compression=zipfile.ZIP_DEFLATED)
    except Exception as exc:
        raise ModelError(f"{directory}: skops cannot serialise the model: {exc}") from exc
    # The bytes checked here are the bytes written below, so the shipped file is the checked one.
    bad = _outside_trusted(sio.get_untrusted_types(data=data))
    if bad:
        raise ModelError(
            f"{directory}: refusing to save a model holding types outside TRUSTED_TYPES: {bad}; "
            "load_model would refuse this file (review the types and add them to "
            "scoring.artifacts.TRUSTED_TYPES if they are safe)"
        )
    full = dict(metadata)
    full.update(
        {
            "format": FORMAT,
            "file": MODEL_FILE,
            "sha256": hashlib.sha256(data).hexdigest(),
            "size_bytes": len(data),
            "library_versions": _library_versions(),
            "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    )
    try:
        text = json.dumps(full, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    except (TypeError, ValueError) as exc:
        raise ModelError(f"{directory}: metadata is not JSON-serialisable: {exc}") from exc
    directory.mkdir(parents=True, exist_ok=True)
    _write_atomic(directory, MODEL_FILE, data)
    _write_atomic(directory, METADATA_FILE, text.encode("utf-8"))
    return full


def read_metadata(directory: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and validate ``metadata.json`` without touching the model file.

    Parameters
    ----------
    directory : str or os.PathLike
        Artifact directory written by :func:`save_model`.

    Returns
    -------
    dict
        The parsed metadata.

    Raises
    ------
    ModelError
        If the file is missing or unreadable, is not valid JSON, is not an object, lacks one of
        ``format``, ``file``, ``sha256``, ``size_bytes``, ``library_versions`` (with a
        ``scikit-learn`` entry), or names a format or model file other than ``skops`` /
        ``model.skops``.
    """
    path = Path(directory) / METADATA_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ModelError(f"{path}: metadata file not found") from None
    except OSError as exc:
        raise ModelError(f"{path}: cannot read metadata: {exc}") from exc
    try:
        meta = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: invalid JSON: {exc}") from exc
    if not isinstance(meta, dict):
        raise ModelError(f"{path}: expected a JSON object, got {type(meta).__name__}")
    missing = [key for key in _REQUIRED_KEYS if key not in meta]
    if missing:
        raise ModelError(f"{path}: missing required keys {missing}")
    if meta["format"] != FORMAT:
        raise ModelError(f"{path}: format is {meta['format']!r}, expected {FORMAT!r}")
    # The model file name is fixed, not taken from the file, so metadata cannot point elsewhere.
    if meta["file"] != MODEL_FILE:
        raise ModelError(f"{path}: file is {meta['file']!r}, expected {MODEL_FILE!r}")
    if not isinstance(meta["sha256"], str) or not re.fullmatch(r"[0-9a-f]{64}", meta["sha256"]):
        raise ModelError(f"{path}: sha256 is not a 64-character lower-case hex digest")
    if not isinstance(meta["size_bytes"], int) or isinstance(meta["size_bytes"], bool):
        raise ModelError(f"{path}: size_bytes is not an integer")
    versions = meta["library_versions"]
    if not isinstance(versions, dict) or not isinstance(versions.get("scikit-learn"), str):
        raise ModelError(f"{path}: library_versions has no scikit-learn version")
    return meta


def _check_versions(meta_path: Path, saved: str, installed: str) -> None:
    saved_mm, installed_mm = _VERSION_RE.match(saved), _VERSION_RE.match(installed)
    if saved_mm is None or installed_mm is None:
        raise ModelError(
            f"{meta_path}: cannot compare scikit-learn versions (saved {saved!r}, installed {installed!r})"
        )
    if saved_mm.groups() != installed_mm.groups():
        raise ModelError(
            f"{meta_path}: model was saved with scikit-learn {saved} but {installed} is installed; "
            "a model is only valid with the scikit-learn major.minor it was trained with: retrain it"
        )
    if saved != installed:
        warnings.warn(
            f"{meta_path}: model was saved with scikit-learn {saved}, installed is {installed} "
            "(same major.minor; loading anyway)",
            ModelVersionWarning,
            stacklevel=3,
        )


def load_model(directory: str | os.PathLike[str]) -> tuple[Any, dict[str, Any]]:
    """Load a model saved by :func:`save_model`, refusing anything that fails a check.

    The model file is read into memory once; the sha256 and type checks and the final load all
    use those same bytes, so the file cannot be swapped between check and load.

    Parameters
    ----------
    directory : str or os.PathLike
        Artifact directory holding ``metadata.json`` and ``model.skops``.

    Returns
    -------
    model : object
        The deserialised estimator.
    metadata : dict
        The metadata read from ``metadata.json``.

    Raises
    ------
    ModelError
        Before anything is deserialised: metadata missing or invalid (see :func:`read_metadata`);
        ``model.skops`` missing; its size or sha256 differs from the metadata; it holds types outside
        :data:`TRUSTED_TYPES` (the message lists them); or the scikit-learn major.minor differs
        from the one it was saved with. Also when skops fails to rebuild the model (for example
        a trusted class whose module cannot be imported).

    Warns
    -----
    ModelVersionWarning
        When the scikit-learn version differs only below major.minor.
    """
    directory = Path(directory)
    meta = read_metadata(directory)
    meta_path = directory / METADATA_FILE
    model_path = directory / MODEL_FILE
    try:
        # Cheap check first, so a swapped multi-GB file is refused without being read.
        size = model_path.stat().st_size
        if size != meta["size_bytes"]:
            raise ModelError(
                f"{model_path}: size {size} bytes does not match metadata ({meta['size_bytes']}); "
                "refusing to load"
            )
        data = model_path.read_bytes()
    except FileNotFoundError:
        raise ModelError(f"{model_path}: model file not found") from None
    except OSError as exc:
        raise ModelError(f"{model_path}: cannot read model file: {exc}") from exc

    actual = hashlib.sha256(data).hexdigest()
    if actual != meta["sha256"]:
        raise ModelError(
            f"{model_path}: sha256 does not match metadata; refusing to load "
            f"(file {actual}, metadata {meta['sha256']})"
        )

    sio = _skops_io()
    try:
        untrusted = sio.get_untrusted_types(data=data)
    except Exception as exc:
        raise ModelError(f"{model_path}: not a readable skops file: {exc}") from exc
    bad = _outside_trusted(untrusted)
    if bad:
        raise ModelError(
            f"{model_path}: holds types outside TRUSTED_TYPES: {bad}; refusing to load"
        )

    _check_versions(meta_path, meta["library_versions"]["scikit-learn"], _library_versions()["scikit-learn"])

    try:
        # Never trusted=True (rejected since skops 0.10): only the reviewed list above.
        model = sio.loads(data, trusted=list(TRUSTED_TYPES))
    except Exception as exc:
        raise ModelError(f"{model_path}: skops could not load the model: {exc}") from exc
    return model, meta
