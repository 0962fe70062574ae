"""Model artifacts: skops round trip, metadata, and refusal of tampered, untrusted or mismatched files."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import zipfile
from importlib.metadata import version

import joblib
import numpy as np
import pytest
import skops.io as sio
from numpy.testing import assert_allclose
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MaxAbsScaler, StandardScaler

from scoring import artifacts
from scoring.artifacts import (
    METADATA_FILE,
    MODEL_FILE,
    TRUSTED_TYPES,
    ModelError,
    ModelVersionWarning,
    load_model,
    read_metadata,
    save_model,
    sha256_file,
)

HEDGED = [
    "Officials said the plan may be delayed, according to people familiar with it.",
    "The company reportedly could cut jobs, sources suggested.",
    "It is possible that the figures might be revised, an analyst said.",
    "Some experts believe the policy may have backfired.",
    "The minister allegedly knew about the deal, a report claimed.",
    "Critics say the numbers could perhaps be inflated.",
    "It appears the talks might resume next week, insiders said.",
    "The merger is rumoured to be under review, observers noted.",
    "Unnamed officials suggested the budget may be cut.",
    "The storm could possibly reach the coast, forecasters warned.",
]
PLAIN = [
    "The council approved the budget on Tuesday by seven votes to two.",
    "The factory employs 1,200 people, the annual report shows.",
    "Inflation rose to 3.1 percent in March, the statistics office said.",
    "The bridge opened to traffic on 4 June 2021.",
    "The court sentenced the defendant to five years in prison.",
    "The company reported revenue of 4 billion euros for the year.",
    "The law takes effect on 1 January, the official gazette states.",
    "The team won the final 3-1 in front of 60,000 fans.",
    "The museum recorded 2 million visitors last year.",
    "The central bank held its main rate at 4 percent.",
]
TEXTS = HEDGED + PLAIN
LABELS = np.array([0] * len(HEDGED) + [1] * len(PLAIN))


def _pipeline(scaler=None) -> Pipeline:
    """The shape of model issue 3 trains, small enough to fit in milliseconds."""
    steps = [
        (
            "features",
            FeatureUnion(
                [
                    ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
                    ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5))),
                ]
            ),
        )
    ]
    if scaler is not None:
        steps.append(("scale", scaler))
    steps.append(
        (
            "clf",
            CalibratedClassifierCV(
                LogisticRegression(class_weight="balanced", max_iter=1000), method="sigmoid", cv=3
            ),
        )
    )
    return Pipeline(steps).fit(TEXTS, LABELS)


class _Passthrough(TransformerMixin, BaseEstimator):
    """A harmless class that is nevertheless not on the trusted list."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return X


_PASSTHROUGH_NAME = f"{_Passthrough.__module__}.{_Passthrough.__qualname__}"


@pytest.fixture(scope="module")
def model():
    return _pipeline()


@pytest.fixture
def saved(tmp_path, model):
    directory = tmp_path / "model"
    meta = save_model(model, directory, {"metrics": {"f1": 0.5}, "data_sha256": "ab" * 32})
    return directory, meta


@pytest.fixture
def no_deserialisation(monkeypatch):
    """Fail the test if anything tries to rebuild objects from a file."""

    def forbidden(*args, **kwargs):
        pytest.fail("the model was deserialised although it should have been refused")

    for name in ("load", "loads"):
        monkeypatch.setattr(sio, name, forbidden)


def _rewrite_metadata(directory, **changes):
    path = directory / METADATA_FILE
    meta = json.loads(path.read_text())
    for key, value in changes.items():
        if key == "sklearn":
            meta["library_versions"]["scikit-learn"] = value
        else:
            meta[key] = value
    path.write_text(json.dumps(meta))


def _untrusted_pipeline() -> Pipeline:
    return Pipeline([("odd", _Passthrough()), ("clf", LogisticRegression())]).fit(
        np.arange(20.0).reshape(10, 2), [0, 1] * 5
    )


# --- trusted list --------------------------------------------------------------------------------


def test_when_trusted_types_are_read_then_they_are_a_literal_tuple_of_dotted_names():
    assert isinstance(TRUSTED_TYPES, tuple)
    assert "scoring.features.CueFeaturizer" in TRUSTED_TYPES
    assert all(isinstance(t, str) and "." in t for t in TRUSTED_TYPES)
    assert len(set(TRUSTED_TYPES)) == len(TRUSTED_TYPES)


@pytest.mark.parametrize("scaler", [None, MaxAbsScaler(), StandardScaler(with_mean=False)])
def test_when_issue3_pipeline_is_dumped_then_every_type_it_needs_is_trusted(scaler):
    data = sio.dumps(_pipeline(scaler), compression=zipfile.ZIP_DEFLATED)
    assert set(sio.get_untrusted_types(data=data)) <= set(TRUSTED_TYPES)


@pytest.mark.parametrize("fold", [False, True])
def test_when_built_pipeline_is_saved_and_loaded_then_it_predicts_the_same(tmp_path, fold):
    from scoring.features import fold_digits
    from scoring.pipeline import build_pipeline

    texts = [f"Officials said {n} people may have died in {1990 + n}." for n in range(12)] + [
        f"The council approved budget number {n} on Tuesday." for n in range(12)]
    y = [1] * 12 + [0] * 12
    pipe = build_pipeline(cv=2, hash_features=2**10, fold_digits=fold).fit(texts, y)
    assert set(sio.get_untrusted_types(data=sio.dumps(pipe))) <= set(TRUSTED_TYPES)
    save_model(pipe, tmp_path / "m", {"metrics": {}})
    loaded, _ = load_model(tmp_path / "m")
    assert np.array_equal(loaded.predict_proba(texts), pipe.predict_proba(texts))
    words = loaded.named_steps["features"].transformer_list[1][1].steps[0][1]
    assert (words.preprocessor is fold_digits) is fold


# --- save and round trip -------------------------------------------------------------------------


def test_when_model_is_saved_and_loaded_then_predict_proba_is_identical(saved, model):
    directory, _ = saved
    loaded, _ = load_model(directory)
    assert_allclose(loaded.predict_proba(TEXTS), model.predict_proba(TEXTS), rtol=0, atol=0)


def test_when_model_is_saved_then_metadata_records_versions_hash_and_given_fields(saved):
    directory, meta = saved
    assert meta == read_metadata(directory)
    assert meta["format"] == "skops"
    assert meta["file"] == MODEL_FILE
    assert meta["metrics"] == {"f1": 0.5}
    assert meta["data_sha256"] == "ab" * 32
    assert meta["sha256"] == sha256_file(directory / MODEL_FILE)
    assert meta["sha256"] == hashlib.sha256((directory / MODEL_FILE).read_bytes()).hexdigest()
    assert meta["size_bytes"] == (directory / MODEL_FILE).stat().st_size
    assert set(meta["library_versions"]) == {"python", "scikit-learn", "numpy", "scipy", "skops", "credscore"}
    assert meta["library_versions"]["skops"] == version("skops")
    assert meta["library_versions"]["scikit-learn"] == version("scikit-learn")
    assert meta["saved_at"].endswith("+00:00")


def test_when_model_is_saved_then_file_is_a_deflated_skops_zip(saved):
    directory, _ = saved
    with zipfile.ZipFile(directory / MODEL_FILE) as zf:
        assert "schema.json" in zf.namelist()
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in zf.infolist())


def test_when_model_is_saved_then_no_temp_files_are_left(saved):
    directory, _ = saved
    assert sorted(os.listdir(directory)) == [METADATA_FILE, MODEL_FILE]


def test_when_model_is_saved_twice_then_files_are_replaced_and_still_load(saved, model):
    directory, _ = saved
    second = save_model(model, directory, {"run": 2})
    assert sorted(os.listdir(directory)) == [METADATA_FILE, MODEL_FILE]
    assert "metrics" not in second and second["run"] == 2
    _, meta = load_model(directory)
    assert meta["run"] == 2


def test_when_write_fails_midway_then_temp_file_is_removed(tmp_path, model, monkeypatch):
    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(artifacts.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        save_model(model, tmp_path, {})
    assert os.listdir(tmp_path) == []


def test_when_loaded_then_pickle_and_joblib_are_never_called(saved, monkeypatch):
    def forbidden(*args, **kwargs):
        pytest.fail("pickle/joblib called while loading")

    for module, name in [(pickle, "load"), (pickle, "loads"), (joblib, "load")]:
        monkeypatch.setattr(module, name, forbidden)
    load_model(saved[0])


def test_when_metadata_is_not_json_serialisable_then_save_refuses_and_writes_nothing(tmp_path, model):
    with pytest.raises(ModelError, match="JSON"):
        save_model(model, tmp_path / "m", {"bad": object()})
    assert not (tmp_path / "m").exists()


def test_when_model_holds_untrusted_type_then_save_refuses_and_writes_nothing(tmp_path):
    with pytest.raises(ModelError, match="outside TRUSTED_TYPES") as err:
        save_model(_untrusted_pipeline(), tmp_path / "m", {})
    assert _PASSTHROUGH_NAME in str(err.value)
    assert not (tmp_path / "m").exists()


# --- refusals on load ----------------------------------------------------------------------------


def test_when_one_byte_of_model_is_flipped_then_load_refuses_on_sha256(saved, no_deserialisation):
    directory, _ = saved
    path = directory / MODEL_FILE
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="sha256.*does not match metadata; refusing to load") as err:
        load_model(directory)
    assert str(path) in str(err.value)


def test_when_model_file_grows_then_load_refuses_on_size_before_reading(saved, no_deserialisation):
    directory, _ = saved
    with open(directory / MODEL_FILE, "ab") as fh:
        fh.write(b"\0")
    with pytest.raises(ModelError, match="size .* does not match metadata"):
        load_model(directory)


def test_when_file_holds_untrusted_type_then_load_refuses_without_deserialising(saved, no_deserialisation):
    directory, _ = saved
    path = directory / MODEL_FILE
    sio.dump(_untrusted_pipeline(), path, compression=zipfile.ZIP_DEFLATED)
    # The hash matches, so only the trusted-type check stands between the file and skops.load.
    _rewrite_metadata(directory, sha256=sha256_file(path), size_bytes=path.stat().st_size)
    with pytest.raises(ModelError, match="outside TRUSTED_TYPES") as err:
        load_model(directory)
    assert _PASSTHROUGH_NAME in str(err.value)
    assert str(path) in str(err.value)


@pytest.mark.parametrize(
    "damage, match",
    [
        (lambda d: (d / METADATA_FILE).unlink(), "metadata.json: metadata file not found"),
        (lambda d: (d / MODEL_FILE).unlink(), "model.skops: model file not found"),
        (lambda d: (d / METADATA_FILE).write_text("{not json"), "metadata.json: invalid JSON"),
        (lambda d: (d / METADATA_FILE).write_text("[1, 2]"), "metadata.json: expected a JSON object"),
        (lambda d: _rewrite_metadata(d, file="../elsewhere.skops"), "metadata.json: file is"),
        (lambda d: _rewrite_metadata(d, format="pickle"), "metadata.json: format is"),
    ],
    ids=["no-metadata", "no-model", "bad-json", "not-object", "other-file", "other-format"],
)
def test_when_artifact_file_is_missing_or_invalid_then_load_refuses_naming_it(saved, damage, match, no_deserialisation):
    directory, _ = saved
    damage(directory)
    with pytest.raises(ModelError, match=match) as err:
        load_model(directory)
    assert str(directory) in str(err.value)


def test_when_metadata_lacks_a_key_then_read_metadata_refuses_naming_the_key(saved):
    directory, _ = saved
    meta = json.loads((directory / METADATA_FILE).read_text())
    del meta["sha256"]
    (directory / METADATA_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelError, match=r"metadata.json: missing required keys \['sha256'\]"):
        read_metadata(directory)


def test_when_directory_does_not_exist_then_load_refuses_naming_it(tmp_path):
    with pytest.raises(ModelError, match="nowhere"):
        load_model(tmp_path / "nowhere")


def test_when_sklearn_minor_version_differs_then_load_refuses_with_both_versions(saved, no_deserialisation):
    directory, meta = saved
    _rewrite_metadata(directory, sklearn="0.1.0")
    installed = meta["library_versions"]["scikit-learn"]
    with pytest.raises(ModelError, match="scikit-learn 0.1.0") as err:
        load_model(directory)
    assert installed in str(err.value)


def test_when_sklearn_patch_version_differs_then_load_warns_and_succeeds(saved, model):
    directory, meta = saved
    major, minor = meta["library_versions"]["scikit-learn"].split(".")[:2]
    _rewrite_metadata(directory, sklearn=f"{major}.{minor}.999")
    with pytest.warns(ModelVersionWarning, match=rf"{major}\.{minor}\.999"):
        loaded, _ = load_model(directory)
    assert_allclose(loaded.predict_proba(TEXTS), model.predict_proba(TEXTS))


def test_when_pipeline_holds_cue_featurizer_then_it_round_trips(tmp_path):
    features = pytest.importorskip("scoring.features")
    pipe = Pipeline(
        [
            (
                "features",
                FeatureUnion(
                    [
                        ("cues", Pipeline([("extract", features.CueFeaturizer()), ("scale", MaxAbsScaler())])),
                        ("word", TfidfVectorizer()),
                    ]
                ),
            ),
            ("clf", CalibratedClassifierCV(LogisticRegression(class_weight="balanced"), method="sigmoid", cv=3)),
        ]
    ).fit(TEXTS, LABELS)
    save_model(pipe, tmp_path, {})
    loaded, _ = load_model(tmp_path)
    assert_allclose(loaded.predict_proba(TEXTS), pipe.predict_proba(TEXTS), rtol=0, atol=0)
