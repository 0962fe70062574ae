"""Cue features for the verifiability classifier: a scikit-learn transformer over the matcher.

:class:`CueFeaturizer` turns sentences into counts and flags of what the cue extractor finds:
per cue type (all, and inside quotes), per lexicon rule, per attribution source kind, and where
the first hedge sits. :func:`build_pipeline` joins them with word and character n-grams and a
calibrated linear classifier.

The fitted featurizer keeps the lexicon it was fitted with (the raw JSON texts, and their hash):
a model scores with exactly the rules it was trained with, and the spans a user sees are the
ones the model scored (STYLE.md, "one code path for features and explanations"). A lexicon edit
takes effect only after retraining.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from scoring.cues import CueMatcher, find_quote_regions
from scoring.lexicon import compile_lexicon, read_lexicon_files
from scoring.types import CUE_TYPES, SOURCE_KINDS, Sentence, SentenceResult

#: Length (in tokens) at which the length feature reaches 1.
_LONG_SENTENCE = 60


def _check_texts(X: Any) -> list[str]:
    if isinstance(X, (str, bytes)):
        raise ValueError("Iterable over raw text documents expected, string object received.")
    texts = list(X)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise ValueError(f"document {i} is {type(t).__name__}, not str")
    return texts


class CueFeaturizer(TransformerMixin, BaseEstimator):
    """Cue counts and flags per sentence, from the rule-based extractor.

    Parameters
    ----------
    lexicon_dir : str or None, default=None
        Folder holding the lexicon files (``hedges.json`` ... and ``classes.json``) to fit with;
        None uses the lexicons shipped in the package.
    per_rule : bool, default=True
        Add one count feature per lexicon rule (else only per cue type and source kind).

    Attributes
    ----------
    lexicon_files_ : list of (str, str)
        Names and texts of the lexicon files the featurizer was fitted with.
    lexicon_classes_ : (str, str)
        Name and text of the word-class file.
    lexicon_hash_ : str
        sha256 of those files (the same value as ``Lexicon.hash``).
    feature_names_ : list of str
        Names of the output columns, in order.
    n_features_out_ : int
        ``len(feature_names_)``.
    """

    def __init__(self, lexicon_dir: str | None = None, per_rule: bool = True) -> None:
        self.lexicon_dir = lexicon_dir
        self.per_rule = per_rule

    # -- scikit-learn protocol -----------------------------------------------------------------
    def fit(self, X: Iterable[str], y: Any = None) -> "CueFeaturizer":
        """Compile the lexicon and fix the output columns; ``X`` is only validated."""
        _check_texts(X)
        if self.lexicon_dir is None:
            files, classes = read_lexicon_files()
        else:
            d = Path(self.lexicon_dir)
            files, classes = read_lexicon_files(
                [d / n for n in _lexicon_names(d)], d / "classes.json"
            )
        self.lexicon_files_ = [(n, raw.decode("utf-8")) for n, raw in files]
        self.lexicon_classes_ = (classes[0], classes[1].decode("utf-8"))
        matcher = self._build_matcher()
        self.lexicon_hash_ = matcher.lexicon.hash
        names = ["n_tokens"]
        for t in CUE_TYPES:
            names += [f"{t}_count", f"{t}_any", f"{t}_quoted"]
        names += [f"source_{k}" for k in SOURCE_KINDS] + ["source_none", "hedge_position"]
        if self.per_rule:
            names += [f"rule_{r.id}" for r in matcher.lexicon.rules]
        self.feature_names_ = names
        self.n_features_out_ = len(names)
        return self

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """Features of each sentence (one row per text; no sentence splitting)."""
        check_is_fitted(self, "feature_names_")
        texts = _check_texts(X)
        col = {name: j for j, name in enumerate(self.feature_names_)}
        rows, cols, vals = [], [], []
        for i, result in enumerate(self.analyze(texts)):
            for name, value in _sentence_features(result).items():
                j = col.get(name)
                if j is not None and value:
                    rows.append(i)
                    cols.append(j)
                    vals.append(value)
        return sp.csr_matrix(
            (np.asarray(vals, dtype=np.float64), (rows, cols)), shape=(len(texts), self.n_features_out_)
        )

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        check_is_fitted(self, "feature_names_")
        return np.asarray(self.feature_names_, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    # -- the same extractor the features come from ----------------------------------------------
    def analyze(self, texts: Iterable[str]) -> list[SentenceResult]:
        """Cues and attributions of each text taken as one sentence, with the fitted lexicon."""
        check_is_fitted(self, "lexicon_files_")
        m = self.matcher()
        out = []
        for i, s in enumerate(texts):
            out.append(m.analyze(Sentence(i, 0, len(s), s, i), s, find_quote_regions(s)))
        return out

    def matcher(self) -> CueMatcher:
        """The matcher compiled from the fitted lexicon (built once, not serialised)."""
        m = self.__dict__.get("_matcher")
        if m is None:
            m = self._build_matcher()
            self.__dict__["_matcher"] = m
        return m

    def _build_matcher(self) -> CueMatcher:
        files = [(n, t.encode("utf-8")) for n, t in self.lexicon_files_]
        classes = (self.lexicon_classes_[0], self.lexicon_classes_[1].encode("utf-8"))
        return CueMatcher(compile_lexicon(files, classes))

    def __getstate__(self) -> dict[str, Any]:
        # The compiled matcher holds regexes and frozensets; it is rebuilt from the lexicon
        # texts after loading, so the saved model needs no types beyond plain data.
        state = dict(self.__dict__)
        state.pop("_matcher", None)
        return state


def _lexicon_names(d: Path) -> list[str]:
    from scoring.lexicon import DEFAULT_LEXICONS

    return [n for n in DEFAULT_LEXICONS if (d / n).exists()]


def _sentence_features(r: SentenceResult) -> dict[str, float]:
    """The named feature values of one analysed sentence (absent names are 0)."""
    n_tokens = max(1, len(r.sentence.text.split()))
    f: dict[str, float] = {"n_tokens": min(n_tokens / _LONG_SENTENCE, 2.0)}
    counts: dict[str, int] = {}
    quoted: dict[str, int] = {}
    for c in r.cues:
        counts[c.type] = counts.get(c.type, 0) + 1
        if c.quoted:
            quoted[c.type] = quoted.get(c.type, 0) + 1
        f[f"rule_{c.rule}"] = f.get(f"rule_{c.rule}", 0.0) + 1.0
    for t, k in counts.items():
        f[f"{t}_count"] = math.log1p(k)
        f[f"{t}_any"] = 1.0
    for t, k in quoted.items():
        f[f"{t}_quoted"] = math.log1p(k)
    for a in r.attributions:
        key = "source_none" if a.source is None else f"source_{a.source.kind}"
        f[key] = f.get(key, 0.0) + 1.0
    hedges = [c for c in r.cues if c.type == "hedge" and not c.quoted]
    if hedges and r.sentence.text:
        f["hedge_position"] = 1.0 - (hedges[0].start - r.sentence.start) / len(r.sentence.text)
    return f
