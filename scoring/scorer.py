"""Scorer: text -> sentences with cues, attributions, and model scores.

A :class:`Scorer` holds a loaded model directory (see :mod:`scoring.artifacts`): a dict of
fitted pipelines, ``verifiability`` (P(not verifiable as written)) and optionally ``claim``
(P(check-worthy claim)), plus their metadata. The spans it reports come from the cue
featurizer *inside* the verifiability pipeline, i.e. the lexicon the model was trained with.

The default model ships in the package (``scoring/models/default``); the CLI, the API and batch
scoring use it unless told otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.special import expit

from scoring.artifacts import ModelError, load_model
from scoring.cues import _QUOTE_CHAR_RE, CueMatcher, find_quote_regions
from scoring.extract import (
    _analyze,
    analyze_sentence_items,
    paragraph_quote_regions,
    sentences_from_lines,
)
from scoring.text import split_sentences
from scoring.types import DocumentResult, Sentence

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "models" / "default"


class UnknownGenreError(ValueError):
    """A genre the model was not trained for (a usage error: the message names the genres)."""


def _featurizer_matcher(pipeline: Any) -> CueMatcher | None:
    """The matcher of the CueFeaturizer inside a pipeline built by build_pipeline, if any."""
    feats = getattr(pipeline, "named_steps", {}).get("features")
    for name, part in getattr(feats, "transformer_list", []):
        if name == "cues":
            return part.named_steps["extract"].matcher()
    return None


class _LinearModels:
    """All models of a Scorer as plain arrays: one pass computes every model's probability.

    For pipelines built by :func:`scoring.pipeline.build_pipeline` (a FeatureUnion of the cue
    block and hashed TF-IDF blocks, then a sigmoid-calibrated logistic regression with
    ``ensemble=False``), ``predict_proba(texts)[:, 1]`` is

        expit(-(a * (X @ coef + intercept) + b))

    where each row of ``X`` is the sentence's cue features scaled by ``1 / scale_``, then each
    n-gram block's counts as ``(log(count) + 1) * idf`` divided by the block's L2 norm. This
    class computes exactly that with numpy and one scipy sparse product per model, without
    scikit-learn's per-call validation, and with the cue features and hashed counts shared
    between the models. Every floating-point operation is the one scikit-learn performs, in
    the same order (sums run over each row's entries in column order, as scikit-learn's
    hstacked CSR rows do), so the probabilities are the same to the last bit on this machine;
    the contract, checked by the tests and at load, is a difference below 1e-12.

    :meth:`build` returns None for any other shape of model, and when the arrays it reads
    from the fitted estimators do not give ``predict_proba``'s numbers on probe sentences, so
    a change inside scikit-learn makes the Scorer fall back to the plain pipelines.
    """

    #: Probe sentences for the check at load (cues, quotes, unicode, empty, long).
    PROBES = (
        "Officials said nearly 200 homes may have flooded.",
        '"It could get worse," she said, according to local media.',
        "The council approved the budget on Tuesday.",
        "",
        "Experts say the figures could not be independently verified.",
        "ΟΔΟΣ İstanbul naïve café – “quoted” ‘single’ 😀 e\u0301 1,234.5",
        "Reportedly, the minister, who told reporters that at least 12 people died, apparently "
        "believes the so-called plan went according to plan. " * 4,
    )

    def __init__(self, featurizer: Any, hashers: dict[str, Any], models: dict[str, dict]) -> None:
        self.featurizer = featurizer
        self.hashers = hashers
        self.models = models

    @classmethod
    def build(cls, pipelines: dict[str, Any]) -> "_LinearModels | None":
        """The arrays of every pipeline, or None when one is of another shape (see above)."""
        from scoring.features import HashedNgrams

        specs = {}
        for name, pipe in pipelines.items():
            spec = _linear_spec(pipe)
            if spec is None:
                return None
            specs[name] = spec
        first = next(iter(specs.values()))
        # The shared parts must be the same in every model: the same block names in the same
        # order, the same cue featurizer (lexicon and parameters) and the same hashing.
        if any(s["shared_key"] != first["shared_key"] for s in specs.values()):
            return None
        hashers = {}
        for block in first["blocks"]:
            if block[0] == "hash":
                hashers[block[1]] = HashedNgrams(block[2])
        _share_equal_idf(specs)
        fast = cls(first["featurizer"], hashers, specs)
        probes = list(cls.PROBES)
        try:
            got = fast.predict_texts(probes)
            for name, pipe in pipelines.items():
                want = pipe.predict_proba(probes)[:, 1]
                if not np.allclose(got[name], want, rtol=0.0, atol=1e-12):
                    return None
        except Exception:  # pragma: no cover - any surprise means: use the pipelines
            return None
        return fast

    def predict_texts(self, texts: list[str]) -> dict[str, np.ndarray]:
        """P(positive class) of each model for each text (one sentence each)."""
        return self.predict(texts, None if self.featurizer is None else self.featurizer.analyze(texts))

    def predict(self, texts: list[str], results: list[Any]) -> dict[str, np.ndarray]:
        """Like :meth:`predict_texts`, with the cue analysis of each text *alone* given.

        Parameters
        ----------
        texts : list of str
        results : list of SentenceResult or None
            ``featurizer.analyze(texts)``, or results known to be equal to it (None when the
            models have no cue block).
        """
        n = len(texts)
        sums = {name: np.zeros(n) for name in self.models}
        first_blocks = self.models[next(iter(self.models))]["blocks"]
        lowered: dict = {}  # the texts lower-cased once for every hasher (canonical_counts)
        for k, block in enumerate(first_blocks):
            # The parts shared by all models: the cue features and the canonical (summed,
            # sorted) hashed counts, with what their transforms share.
            if block[0] == "cues":
                data, indices, indptr = self.featurizer.rows(results)
            else:
                data, indices, indptr = self.hashers[block[1]].canonical_counts(texts, lowered)
            if len(indices) == 0:
                continue  # no entries: the block adds nothing to any row's sum
            shared: dict[str, np.ndarray] = {}
            for name, spec in self.models.items():
                vals = _block_values(spec["blocks"][k], data, indices, indptr, shared)
                # LogisticRegression.decision_function: X @ coef_ + intercept_, where X's rows
                # are the blocks' rows one after the other (FeatureUnion's hstack). The product
                # adds each row's entries from left to right, so adding block after block to
                # the same sums is that product.
                _matvec(indptr, indices, vals, spec["coefs"][k], sums[name])
        out = {}
        for name, spec in self.models.items():
            decision = sums[name] + spec["intercept"]
            out[name] = expit(-(spec["a"] * decision + spec["b"]))
        return out


def _share_equal_idf(specs: dict[str, dict]) -> None:
    """Make the models' equal idf vectors of a block one array, in place.

    Models fitted on the same texts (the shipped Wikipedia model and the news model) have the
    same idf, so their TF-IDF values are the same: :func:`_block_values` computes them once for
    each idf array (it keys what it shares by the array's identity).
    """
    seen: list[np.ndarray] = []
    for spec in specs.values():
        blocks = spec["blocks"]
        for k, block in enumerate(blocks):
            idf = block[3] if block[0] == "hash" else None
            if idf is None:
                continue
            same = next((a for a in seen if a.shape == idf.shape and np.array_equal(a, idf)), None)
            if same is None:
                seen.append(idf)
            else:
                blocks[k] = (*block[:3], same, *block[4:])


def _block_values(block: tuple, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray,
                  shared: dict) -> np.ndarray:
    """A block's transformed values, as its scikit-learn steps compute them; ``shared`` keeps
    what the models' blocks have in common (the same counts) between calls. The values are
    read-only: a later model with the same idf (the same array) and steps gets the same array.
    """
    if block[0] == "cues":
        _, inv_scale, _ = block
        return data * inv_scale.take(indices, mode="clip")  # MaxAbsScaler on sparse input
    _, _, _, idf, sublinear, norm, _ = block
    key = (id(idf), sublinear, norm)  # idf arrays are kept alive by the blocks
    done = shared.get(key)
    if done is not None:
        return done
    x = data
    if sublinear:  # TfidfTransformer.transform: log(tf) + 1, then * idf
        x = shared.get("log")
        if x is None:
            x = np.log(data)
            x += 1.0
            shared["log"] = x
    # take() gathers as indexing does, faster for an int32 index array
    x = x * idf.take(indices) if idf is not None else x.copy()
    if norm == "l2":  # sklearn.preprocessing.normalize on CSR input
        n = len(indptr) - 1
        norms = np.zeros(n)
        _matvec(indptr, indices, x * x, _ones(len(idf) if idf is not None else int(indices.max()) + 1), norms)
        np.sqrt(norms, out=norms)
        norms[norms == 0.0] = 1.0  # empty rows stay as they are
        counts = shared.get("counts")
        if counts is None:
            counts = shared["counts"] = np.diff(indptr)
        x /= np.repeat(norms, counts)  # each entry by its row's norm
    shared[key] = x
    return x


_ONES: list[np.ndarray] = [np.ones(0)]


def _ones(n: int) -> np.ndarray:
    """A vector of at least ``n`` ones (kept between calls)."""
    if len(_ONES[0]) < n:
        _ONES[0] = np.ones(max(n, 2 * len(_ONES[0])))
    return _ONES[0]


try:  # scipy's own CSR matrix-vector loop, which scipy's ``csr_matrix @ vector`` calls
    from scipy.sparse._sparsetools import csr_matvec as _csr_matvec
except Exception:  # pragma: no cover - a private module: see _matvec's fall-back
    _csr_matvec = None


def _matvec(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, x: np.ndarray, out: np.ndarray) -> None:
    """``out[i] += sum(data[j] * x[indices[j]] for j in row i)``, added to ``out[i]`` from left
    to right.

    That is the loop of scipy's CSR product with a vector (``csr_matvec``, which starts each
    row's sum from the output's value) and of scikit-learn's L2 row norm, so the sums are the
    same to the last bit; numpy's own sums add pairwise and can differ in the last place.
    Without scipy's private loop, each row gets ``out[i]`` as a first entry times 1.0 and goes
    through the public sparse product, which adds in the same order.
    """
    n = len(out)
    if _csr_matvec is not None:
        idx = indptr.dtype
        _csr_matvec(n, len(x), indptr, indices if indices.dtype == idx else indices.astype(idx),
                    np.ascontiguousarray(data, dtype=np.float64), x, out)
        return
    lens = np.diff(indptr)  # (tests/test_fast_path.py runs this with the loop removed)
    heads = indptr[:-1] + np.arange(n)
    vals = np.empty(len(data) + n)
    cols = np.empty(len(data) + n, dtype=np.int64)
    mask = np.ones(len(vals), dtype=bool)
    mask[heads] = False
    vals[heads], cols[heads] = out, 0
    vals[mask], cols[mask] = data, indices.astype(np.int64) + 1
    new_indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lens + 1, out=new_indptr[1:])
    x1 = np.concatenate([[1.0], x])
    out[:] = sp.csr_matrix((vals, cols, new_indptr), shape=(n, len(x1))) @ x1


def _linear_spec(pipe: Any) -> dict[str, Any] | None:
    """The arrays :class:`_LinearModels` needs from one pipeline, or None if another shape."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import MaxAbsScaler

    from scoring.features import CueFeaturizer, HashedNgrams

    if not (isinstance(pipe, Pipeline) and [n for n, _ in pipe.steps] == ["features", "clf"]):
        return None
    feats, clf = pipe.named_steps["features"], pipe.named_steps["clf"]
    if type(feats) is not FeatureUnion or feats.transformer_weights:
        return None
    # The calibrated classifier: one logistic regression and one sigmoid calibrator.
    if type(clf) is not CalibratedClassifierCV or clf.method != "sigmoid":
        return None
    ccs = getattr(clf, "calibrated_classifiers_", None)
    if not ccs or len(ccs) != 1:
        return None
    cc = ccs[0]
    lr = getattr(cc, "estimator", None)
    calibrators = getattr(cc, "calibrators", None)
    if (
        getattr(cc, "method", None) != "sigmoid"
        or type(lr) is not LogisticRegression
        or not calibrators
        or len(calibrators) != 1
        or type(calibrators[0]).__name__ != "_SigmoidCalibration"
        or list(clf.classes_) != [0, 1]
        or list(lr.classes_) != [0, 1]
        or lr.coef_.shape[0] != 1
    ):
        return None
    a, b = getattr(calibrators[0], "a_", None), getattr(calibrators[0], "b_", None)
    if not (np.isscalar(a) and np.isscalar(b)):
        return None
    blocks: list[tuple] = []
    key: list[Any] = []
    featurizer = None
    offset = 0
    for name, part in feats.transformer_list:
        if not (isinstance(part, Pipeline) and len(part.steps) == 2):
            return None
        (_, first), (_, second) = part.steps
        if type(first) is CueFeaturizer and type(second) is MaxAbsScaler and name == "cues":
            if featurizer is not None or second.clip or not hasattr(first, "feature_names_"):
                return None
            featurizer = first
            blocks.append(("cues", 1.0 / second.scale_, offset))
            key.append((name, first.lexicon_hash_, repr(first.get_params())))
            offset += first.n_features_out_
        elif HashedNgrams.supports(first) and type(second) is TfidfTransformer:
            if second.norm not in ("l2", None):
                return None
            idf = getattr(second, "idf_", None) if second.use_idf else None
            blocks.append(("hash", name, first, idf, second.sublinear_tf, second.norm, offset))
            key.append((name, repr(sorted(first.get_params().items()))))
            offset += first.n_features
        else:
            return None
    if offset != lr.coef_.shape[1]:
        return None
    coef = np.ascontiguousarray(lr.coef_[0], dtype=np.float64)
    # Each block's slice of the coefficients (its columns are numbered from 0).
    ends = [b[-1] for b in blocks[1:]] + [offset]
    return {
        "blocks": blocks,
        "featurizer": featurizer,
        "shared_key": tuple(key),
        "coef": coef,
        "coefs": [coef[b[-1]:end].copy() for b, end in zip(blocks, ends)],
        "intercept": float(lr.intercept_[0]),
        "a": a,
        "b": b,
    }



class Scorer:
    """Scores documents with a loaded model.

    Parameters
    ----------
    models : dict of str to fitted Pipeline
        ``verifiability`` (required) and optionally ``claim``; a model trained by genre also
        holds ``verifiability@GENRE`` for its other genres (see :mod:`training.genres`).
    metadata : dict
        The model directory's metadata (name, version, sha256, per-task thresholds and, for a
        model trained by genre, ``tasks.verifiability.genres`` and ``default_genre``).
    genre : str, optional
        The genre of the text to score, among the model's genres (:meth:`genres`); None serves
        the model's default genre (``news`` for the shipped model). A genre's entry in the
        metadata names its ``model`` and, optionally, ``models``: the genre models whose
        largest probability is the served P(unverifiable) (the shipped ``news`` serves the
        larger of the news and the Wikipedia model: a sentence is unverifiable as written when
        either notion says so), with the genre's ``threshold``.

    Attributes
    ----------
    models : dict of str to Pipeline
        The pipelines this scorer computes (``predict_models``).
    outputs : dict of str to list of str
        Per output (``verifiability``, ``claim``), the models whose largest probability it is.

    Raises
    ------
    ValueError
        No ``verifiability`` pipeline.
    UnknownGenreError
        A genre the model was not trained for.
    scoring.artifacts.ModelError
        The metadata names a genre model the model file does not hold.
    """

    def __init__(self, models: dict[str, Any], metadata: dict[str, Any], genre: str | None = None) -> None:
        if "verifiability" not in models:
            raise ValueError("a credscore model needs a 'verifiability' pipeline")
        self.metadata = metadata
        tasks = metadata.get("tasks", {})
        verif = tasks.get("verifiability", {})
        genres = verif.get("genres") or {}
        self.default_genre = verif.get("default_genre")
        self.genre = self.default_genre if genre is None else genre
        # Serve the plain task models; the genre models stand in for 'verifiability' on request.
        self.models = {name: m for name, m in models.items() if "@" not in name}
        self.outputs = {name: [name] for name in self.models}
        self.thresholds = {name: float(tasks[name]["threshold"]) for name in self.models}
        if genre is not None and genre not in genres:
            known = sorted(genres) or ["none: this model has one verifiability model for all text"]
            raise UnknownGenreError(f"the model has no genre {genre!r}; its genres: {', '.join(known)}")
        if self.genre in genres:
            spec = genres[self.genre]
            keys = list(spec.get("models") or [spec["model"]])
            missing = [k for k in keys if k not in models]
            if missing:
                raise ModelError(f"the model's metadata names {missing} for genre {self.genre!r}, "
                                 "but the model file holds no such pipeline")
            # The genre's first model serves as 'verifiability' (its cue featurizer gives the
            # spans); the others are computed beside it under their own names.
            self.models["verifiability"] = models[keys[0]]
            for k in keys[1:]:
                self.models[k] = models[k]
            self.outputs["verifiability"] = ["verifiability", *keys[1:]]
            self.thresholds["verifiability"] = float(spec["threshold"])
        self.matcher = _featurizer_matcher(self.models["verifiability"])
        self._fast = _LinearModels.build(self.models)

    @classmethod
    def load(cls, directory: str | Path | None = None, genre: str | None = None) -> "Scorer":
        """Load a model directory (default: the model shipped in the package), serving
        ``genre`` (default: the model's default genre)."""
        models, metadata = load_model(DEFAULT_MODEL_DIR if directory is None else directory)
        return cls(models, metadata, genre)

    def genres(self) -> list[str]:
        """The genres this model can serve (empty for a model trained without genres)."""
        return sorted(self.metadata.get("tasks", {}).get("verifiability", {}).get("genres") or {})

    def model_info(self) -> dict[str, Any]:
        """Name, version, sha256, thresholds and (for a model trained by genre) the genre
        served: carried by every output (DESIGN.md)."""
        m = self.metadata
        return {
            "name": m.get("name"),
            "version": m.get("version"),
            "sha256": m.get("sha256"),
            "thresholds": self.thresholds,
        } | ({} if self.genre is None else {"genre": self.genre})

    def score_text(self, text: str) -> DocumentResult:
        """Split ``text`` into sentences, flag cues, and score every sentence."""
        return self._score(*self._analysed(text, split_sentences(text)))

    def score_texts(self, texts: list[str]) -> list[DocumentResult]:
        """``[score_text(t) for t in texts]``, with the models run once over the sentences of
        all the texts: the same results, faster for many short documents (batch scoring)."""
        docs, reusables = [], []
        for text in texts:
            doc, reusable = self._analysed(text, split_sentences(text))
            docs.append(doc)
            reusables.append(reusable)
        self._score_many(docs, reusables)
        return docs

    def score_lines(self, text: str) -> DocumentResult:
        """Like :meth:`score_text` with one sentence per line (no re-splitting)."""
        return self._score(*self._analysed(text, sentences_from_lines(text)))

    def _analysed(self, text: str, sentences: list[Sentence]) -> tuple[DocumentResult, list[bool]]:
        """The document analysis of ``sentences`` and :meth:`_reusable` of each, with the
        paragraphs' quote regions found once for both."""
        regions = paragraph_quote_regions(text, sentences)
        doc = _analyze(text, sentences, self.matcher, regions=regions)
        return doc, self._reusable(text, sentences, regions)

    def score_sentences(self, sentences: list[str]) -> DocumentResult:
        """Score separately submitted sentences; offsets index each string (see
        :func:`scoring.extract.analyze_sentence_items`)."""
        doc = analyze_sentence_items(sentences, self.matcher)
        # Each item was analysed alone, exactly as the cue featurizer analyses it.
        return self._score(doc, [self.matcher is not None] * len(doc.sentences))

    def predict(self, texts: list[str]) -> dict[str, np.ndarray]:
        """P(positive class) of every output (``verifiability``: P(unverifiable), ``claim``)
        for each text (one sentence each): per output, the largest probability of its models
        (:attr:`outputs`; one model per output unless the genre combines several)."""
        return self._combine(self.predict_models(texts))

    def predict_models(self, texts: list[str]) -> dict[str, np.ndarray]:
        """P(positive class) of every model in :attr:`models` for each text (one sentence each).

        Equal to each pipeline's ``predict_proba(texts)[:, 1]`` (within 1e-12; see
        :class:`_LinearModels`): for models built by :func:`scoring.pipeline.build_pipeline`
        the parts that do not depend on the training data (cue features, hashed n-gram
        counts) are computed once for all models and the linear models with numpy. Models of
        another shape, or whose arrays fail the check at load, are scored by their own
        pipelines. No texts give empty arrays.
        """
        texts = list(texts)
        if not texts:
            return {name: np.empty(0) for name in self.models}
        if self._fast is not None:
            return self._fast.predict_texts(texts)
        return {name: m.predict_proba(texts)[:, 1] for name, m in self.models.items()}

    def _combine(self, probs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        out = {}
        for name, keys in self.outputs.items():
            p = probs[keys[0]]
            for k in keys[1:]:
                p = np.maximum(p, probs[k])
            out[name] = p
        return out

    def _reusable(self, text: str, sentences: list[Sentence],
                  regions: dict[int, list[tuple[int, int]]] | None = None) -> list[bool]:
        """Per sentence of ``text``, whether its document analysis equals its analysis alone.

        The model scores each sentence analysed alone (as it was trained), while the spans
        shown come from the document analysis, where quotes are found per paragraph. The two
        are the same, up to the shift of offsets, when (1) the sentence's tokens are the same
        alone: true when whitespace or an end of ``text`` bounds it, since no token and no
        look-ahead of the tokenizer crosses whitespace, and (2) every token gets the same
        quote flag: true when the paragraph's quote regions, clipped to the sentence, are the
        sentence's own quote regions (always, for a sentence that passes (1) and is its
        paragraph: ``find_quote_regions`` reads nothing outside a region but the character on
        each side, which whitespace and the end of the text pass as alike in all its tests).
        Everything else the matcher reads lies inside the sentence. Sentences that fail the
        test are analysed again, alone. ``regions``: the paragraphs' quote regions as the
        document analysis found them (:func:`~scoring.extract.paragraph_quote_regions`), when
        the caller has them.
        """
        if self._fast is None or self._fast.featurizer is None or self.matcher is None:
            return [False] * len(sentences)
        if self._fast.featurizer.lexicon_hash_ != self.matcher.lexicon.hash:
            return [False] * len(sentences)
        if regions is None:
            regions = paragraph_quote_regions(text, sentences)
        count: dict[int, int] = {}
        for s in sentences:
            count[s.paragraph] = count.get(s.paragraph, 0) + 1
        n = len(text)
        out = []
        for s in sentences:
            a, b = s.start, s.end
            if (a > 0 and not text[a - 1].isspace()) or (b < n and not text[b].isspace()):
                out.append(False)
                continue
            p = s.paragraph
            if count[p] == 1:
                # The paragraph is this sentence: its quote regions are the sentence's own
                # (find_quote_regions reads the region and, for word and space tests, the
                # character on each side, here whitespace or no character, which test alike).
                out.append(True)
                continue
            clipped = [(max(x, a) - a, min(y, b) - a) for x, y in regions[p] if max(x, a) < min(y, b)]
            own = [(x, y) for x, y in find_quote_regions(s.text) if x < y] if _has_quote(s.text) else []
            out.append(clipped == own)
        return out

    def _score(self, doc: DocumentResult, reusable: list[bool]) -> DocumentResult:
        """Fill the model fields of ``doc``; ``reusable[i]``: sentence i's analysis in ``doc``
        equals its analysis alone (see :meth:`_reusable`), so the cue features can use it."""
        self._score_many([doc], [reusable])
        return doc

    def _score_many(self, docs: list[DocumentResult], reusables: list[list[bool]]) -> None:
        """:meth:`_score` of each document, with the models run once over all the sentences.

        A sentence's probabilities depend on that sentence alone (every feature and every sum
        of the fast path is per row), so they are the same whichever sentences share the call.
        """
        for doc in docs:
            doc.model = self.model_info()
        rows = [r for doc in docs for r in doc.sentences]
        if not rows:
            return
        texts = [r.sentence.text for r in rows]
        if self._fast is not None:
            results = [r if ok else None for doc, reusable in zip(docs, reusables)
                       for r, ok in zip(doc.sentences, reusable)]
            redo = [i for i, r in enumerate(results) if r is None]
            if redo and self._fast.featurizer is not None:
                for i, r in zip(redo, self._fast.featurizer.analyze([texts[i] for i in redo])):
                    results[i] = r
            probs = self._combine(self._fast.predict(texts, results))
        elif len(docs) == 1:
            probs = self.predict(texts)
        else:  # models of another shape: each document's sentences on their own, as before
            for doc, reusable in zip(docs, reusables):
                self._score_many([doc], [reusable])
            return
        p_unverifiable = probs["verifiability"].tolist()
        t = self.thresholds["verifiability"]
        p_claim = probs["claim"].tolist() if "claim" in probs else None
        t_claim = self.thresholds.get("claim")
        for i, r in enumerate(rows):
            p = p_unverifiable[i]
            r.verifiability = round(1.0 - p, 4)
            r.label = "unverifiable" if p >= t else "verifiable"
            if p_claim is not None:
                pc = p_claim[i]
                r.claim = round(pc, 4)
                r.claim_label = "claim" if pc >= t_claim else "not_claim"


def _has_quote(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` holds any character :func:`find_quote_regions` looks at."""
    return _QUOTE_CHAR_RE.search(text, start, len(text) if end is None else end) is not None
