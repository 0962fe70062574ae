"""The verifiability classifier: cue features + word and character n-grams -> calibrated LR."""

from __future__ import annotations

from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MaxAbsScaler

from scoring.features import CueFeaturizer
from scoring.features import fold_digits as _fold_digits


def _hashed_tfidf(**kwargs) -> Pipeline:
    """N-gram counts hashed into a fixed number of columns, then TF-IDF weighted.

    Hashing instead of a vocabulary keeps the saved model to numpy arrays: a 200k-entry
    vocabulary took about 6 s to rebuild from a skops file, the hashed model well under 1 s.
    """
    vec = HashingVectorizer(alternate_sign=False, norm=None, lowercase=True, **kwargs)
    return Pipeline([("hash", vec), ("tfidf", TfidfTransformer(sublinear_tf=True))])


def block_width(part) -> int:
    """Number of columns one fitted block of the feature union produces."""
    first = part.steps[0][1] if isinstance(part, Pipeline) else part
    return first.n_features if isinstance(first, HashingVectorizer) else first.n_features_out_


def feature_count(pipeline: Pipeline) -> int:
    """Number of columns the fitted pipeline's feature union produces."""
    return sum(block_width(part) for _, part in pipeline.named_steps["features"].transformer_list)


def build_pipeline(
    *,
    C: float = 2.0,
    use_cues: bool = True,
    use_word: bool = True,
    use_char: bool = True,
    word_ngrams: tuple[int, int] = (1, 2),
    char_ngrams: tuple[int, int] = (2, 5),
    hash_features: int = 2**18,
    fold_digits: bool = False,
    calibration: str = "sigmoid",
    cv: int = 5,
    random_state: int = 0,
) -> Pipeline:
    """A fresh, unfitted verifiability pipeline.

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the logistic regression.
    use_cues, use_word, use_char : bool
        Which feature blocks to join: cue features (:class:`CueFeaturizer`, scaled to [-1, 1]),
        word n-grams, character n-grams within word boundaries (hashed, TF-IDF, sublinear tf).
    word_ngrams, char_ngrams : (int, int)
        N-gram ranges.
    hash_features : int
        Columns of each hashed n-gram block (word, character): collisions are rare at 2**18
        for a few hundred thousand distinct n-grams, and the model file stays small.
    fold_digits : bool
        Preprocess the n-gram blocks with :func:`scoring.features.fold_digits` (lower-case,
        every digit written as 0), so that figures and years share their n-grams.
    calibration : {"sigmoid", "isotonic"}
        Probability calibration of :class:`~sklearn.calibration.CalibratedClassifierCV`,
        fitted on ``cv`` cross-validation folds; the final classifier is one model fitted on
        all the data (``ensemble=False``), so prediction costs one linear model.
    cv : int
        Folds for calibration.
    random_state : int
        Seed of the logistic regression's solver.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Steps ``features`` (a FeatureUnion) and ``clf``; ``predict_proba(texts)[:, 1]`` is the
        probability of the positive class of the training label.
    """
    parts = []
    if use_cues:
        parts.append(("cues", Pipeline([("extract", CueFeaturizer()), ("scale", MaxAbsScaler())])))
    pre = {"preprocessor": _fold_digits} if fold_digits else {}
    if use_word:
        parts.append(("word", _hashed_tfidf(ngram_range=word_ngrams, n_features=hash_features, **pre)))
    if use_char:
        parts.append(("char", _hashed_tfidf(analyzer="char_wb", ngram_range=char_ngrams,
                                            n_features=hash_features, **pre)))
    if not parts:
        raise ValueError("build_pipeline needs at least one feature block")
    lr = LogisticRegression(C=C, class_weight="balanced", max_iter=2000, random_state=random_state)
    clf = CalibratedClassifierCV(lr, method=calibration, cv=cv, ensemble=False)
    return Pipeline([("features", FeatureUnion(parts)), ("clf", clf)])
