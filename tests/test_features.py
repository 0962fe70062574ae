"""CueFeaturizer follows the scikit-learn estimator contract (checked by hand: the common
checks skip text transformers), and the pipeline learns from cue features."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from scoring.features import CueFeaturizer
from scoring.lexicon import default_lexicon
from scoring.pipeline import build_pipeline
from scoring.types import CUE_TYPES, SOURCE_KINDS

# Sentences written for these tests: unverifiable ones hedge, lean on vague sources or disclaim.
UNVERIFIABLE = [
    "The minister may have known about the leak, apparently.",
    "Experts say the bridge could collapse within years.",
    "The figures could not be independently verified.",
    "It is believed that the fire was started deliberately.",
    "Some observers think the vote might be delayed.",
    "The suspect is thought to have fled the country.",
    "Reportedly, the company will close two plants.",
    "Critics argue the plan is likely to fail.",
]
VERIFIABLE = [
    "The council approved the budget on Tuesday.",
    "The river rose 40 centimetres overnight, the agency said.",
    "The school opened in 1998 with 200 pupils.",
    "Police arrested two men at the harbour on Friday.",
    "The company reported a profit of 12 million euros.",
    "The bridge reopened to traffic at noon.",
    "The mayor signed the order on Monday morning.",
    "Rail services resumed after the storm, the operator said.",
]


@pytest.fixture(scope="module")
def fitted():
    return CueFeaturizer().fit(UNVERIFIABLE + VERIFIABLE)


def test_when_constructed_then_only_parameters_are_stored():
    f = CueFeaturizer(lexicon_dir=None, per_rule=False)
    assert f.get_params() == {"lexicon_dir": None, "per_rule": False}
    assert not any(k.endswith("_") for k in vars(f))


def test_when_cloned_then_parameters_equal_and_unfitted(fitted):
    c = clone(fitted)
    assert c.get_params() == fitted.get_params()
    with pytest.raises(NotFittedError):
        c.transform(["Anything."])


def test_when_set_params_then_same_as_constructor():
    a = CueFeaturizer().set_params(per_rule=False).fit(VERIFIABLE)
    b = CueFeaturizer(per_rule=False).fit(VERIFIABLE)
    assert a.feature_names_ == b.feature_names_
    assert np.array_equal(a.transform(UNVERIFIABLE).toarray(), b.transform(UNVERIFIABLE).toarray())


def test_when_fit_then_returns_self_and_refit_replaces_state():
    f = CueFeaturizer()
    assert f.fit(VERIFIABLE) is f
    wide = f.n_features_out_
    f.set_params(per_rule=False).fit(VERIFIABLE)
    assert f.n_features_out_ < wide


def test_when_transform_then_width_equals_feature_names(fitted):
    X = fitted.transform(UNVERIFIABLE)
    names = fitted.get_feature_names_out()
    assert X.shape == (len(UNVERIFIABLE), len(names)) == (8, fitted.n_features_out_)
    assert len(set(names)) == len(names)
    n_rules = len(default_lexicon().rules)
    assert len(names) == 1 + 3 * len(CUE_TYPES) + len(SOURCE_KINDS) + 2 + n_rules


def test_when_sentence_has_cues_then_named_columns_are_set(fitted):
    names = list(fitted.get_feature_names_out())
    X = fitted.transform(["Experts say the figures could not be verified.", "The bridge reopened."]).toarray()
    row = dict(zip(names, X[0]))
    assert row["vague_source_any"] == 1.0 and row["unverified_any"] == 1.0
    assert row["source_vague"] == 1.0
    assert row["rule_unverified.could_not_be_verified"] == 1.0
    assert not X[1, names.index("hedge_any")] and not X[1, names.index("unverified_any")]


def test_when_hedge_is_quoted_then_quoted_column_counts_it(fitted):
    names = list(fitted.get_feature_names_out())
    row = dict(zip(names, fitted.transform(['"It may rain," the mayor said.']).toarray()[0]))
    assert row["hedge_quoted"] > 0 and row["hedge_position"] == 0.0  # position counts the writer's hedges only


def test_when_bare_string_then_value_error(fitted):
    with pytest.raises(ValueError, match="Iterable over raw text documents expected"):
        fitted.transform("A single string.")
    with pytest.raises(ValueError, match="not str"):
        fitted.transform(["fine", 3])


def test_when_pickled_then_matcher_is_not_saved_and_output_is_identical(fitted):
    fitted.transform(["warm the matcher cache"])
    state = fitted.__getstate__()
    assert "_matcher" not in state
    again = pickle.loads(pickle.dumps(fitted))
    assert np.array_equal(again.transform(UNVERIFIABLE).toarray(), fitted.transform(UNVERIFIABLE).toarray())


def test_when_lexicon_changes_after_fit_then_model_keeps_its_own(tmp_path):
    """The fitted featurizer holds its lexicon texts: later edits do not change its features."""
    import shutil
    from importlib import resources

    src = resources.files("scoring") / "lexicons"
    from scoring.lexicon import CLASSES_FILE, DEFAULT_LEXICONS

    for name in (*DEFAULT_LEXICONS, CLASSES_FILE):
        shutil.copyfile(src / name, tmp_path / name)
    f = CueFeaturizer(lexicon_dir=str(tmp_path)).fit(VERIFIABLE)
    before = f.transform(UNVERIFIABLE).toarray()
    (tmp_path / "hedges.json").write_text('{"name": "hedges", "rules": []}', encoding="utf-8")
    assert np.array_equal(f.transform(UNVERIFIABLE).toarray(), before)
    assert f.lexicon_hash_ == default_lexicon().hash


def test_when_pipeline_trained_on_cue_features_only_then_it_separates_the_classes():
    pipe = build_pipeline(use_word=False, use_char=False, cv=2)
    X = UNVERIFIABLE + VERIFIABLE
    y = [1] * len(UNVERIFIABLE) + [0] * len(VERIFIABLE)
    pipe.fit(X, y)
    p = pipe.predict_proba(["Analysts believe the talks may have stalled.",
                            "The museum opened on Saturday."])[:, 1]
    assert p[0] > p[1]
    assert pipe.named_steps["features"].get_feature_names_out()[0].startswith("cues__")
