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

from scoring.artifacts import load_model
from scoring.cues import CueMatcher
from scoring.extract import _analyze, analyze_sentence_items, sentences_from_lines
from scoring.text import split_sentences
from scoring.types import DocumentResult

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "models" / "default"


def _featurizer_matcher(pipeline: Any) -> CueMatcher | None:
    """The matcher of the CueFeaturizer inside a pipeline built by build_pipeline, if any."""
    feats = getattr(pipeline, "named_steps", {}).get("features")
    for name, part in getattr(feats, "transformer_list", []):
        if name == "cues":
            return part.named_steps["extract"].matcher()
    return None


def _blocks(pipeline: Any) -> dict[str, Any] | None:
    """The parts of a build_pipeline model (cues, hashed word/char TF-IDF), or None."""
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.pipeline import Pipeline

    feats = getattr(pipeline, "named_steps", {}).get("features")
    parts = getattr(feats, "transformer_list", None)
    if not parts or parts[0][0] != "cues" or getattr(feats, "transformer_weights", None):
        return None
    cues = parts[0][1]
    out: dict[str, Any] = {"extract": cues.named_steps["extract"], "scale": cues.named_steps["scale"],
                           "hash": {}, "tfidf": {}, "order": []}
    for name, part in parts[1:]:
        if not (isinstance(part, Pipeline) and isinstance(part.steps[0][1], HashingVectorizer)):
            return None
        out["hash"][name] = part.steps[0][1]
        out["tfidf"][name] = part.steps[1][1]
        out["order"].append(name)
    vec_params = tuple((n, repr(sorted(v.get_params().items()))) for n, v in out["hash"].items())
    out["shared_key"] = (out["extract"].lexicon_hash_, repr(out["extract"].get_params()), vec_params)
    return out


class Scorer:
    """Scores documents with a loaded model.

    Parameters
    ----------
    models : dict of str to fitted Pipeline
        ``verifiability`` (required) and optionally ``claim``.
    metadata : dict
        The model directory's metadata (name, version, sha256, per-task thresholds).
    """

    def __init__(self, models: dict[str, Any], metadata: dict[str, Any]) -> None:
        if "verifiability" not in models:
            raise ValueError("a credscore model needs a 'verifiability' pipeline")
        self.models = models
        self.metadata = metadata
        tasks = metadata.get("tasks", {})
        self.thresholds = {name: float(tasks[name]["threshold"]) for name in models}
        self.matcher = _featurizer_matcher(models["verifiability"])

    @classmethod
    def load(cls, directory: str | Path | None = None) -> "Scorer":
        """Load a model directory (default: the model shipped in the package)."""
        models, metadata = load_model(DEFAULT_MODEL_DIR if directory is None else directory)
        return cls(models, metadata)

    def model_info(self) -> dict[str, Any]:
        """Name, version, sha256 and thresholds: carried by every output (DESIGN.md)."""
        m = self.metadata
        return {
            "name": m.get("name"),
            "version": m.get("version"),
            "sha256": m.get("sha256"),
            "thresholds": self.thresholds,
        }

    def score_text(self, text: str) -> DocumentResult:
        """Split ``text`` into sentences, flag cues, and score every sentence."""
        return self._score(_analyze(text, split_sentences(text), self.matcher))

    def score_lines(self, text: str) -> DocumentResult:
        """Like :meth:`score_text` with one sentence per line (no re-splitting)."""
        return self._score(_analyze(text, sentences_from_lines(text), self.matcher))

    def score_sentences(self, sentences: list[str]) -> DocumentResult:
        """Score separately submitted sentences; offsets index each string (see
        :func:`scoring.extract.analyze_sentence_items`)."""
        return self._score(analyze_sentence_items(sentences, self.matcher))

    def predict(self, texts: list[str]) -> dict[str, np.ndarray]:
        """P(positive class) of every model for each text (one sentence each).

        Equal to each pipeline's ``predict_proba(texts)[:, 1]``, but the parts that do not
        depend on the training data are computed once for all models: the cue features (when
        the models were fitted with the same lexicon) and the hashed n-gram counts (hashing is
        stateless). Pipelines of another shape are scored one by one.
        """
        blocks = [_blocks(m) for m in self.models.values()]
        if any(b is None for b in blocks) or len({b["shared_key"] for b in blocks}) != 1:
            return {name: m.predict_proba(texts)[:, 1] for name, m in self.models.items()}
        first = blocks[0]
        cues = first["extract"].transform(texts)
        counts = {name: vec.transform(texts) for name, vec in first["hash"].items()}
        out = {}
        for (name, model), b in zip(self.models.items(), blocks):
            parts = [b["scale"].transform(cues)] + [b["tfidf"][k].transform(counts[k]) for k in b["order"]]
            X = sp.hstack(parts, format="csr")
            out[name] = model.named_steps["clf"].predict_proba(X)[:, 1]
        return out

    def _score(self, doc: DocumentResult) -> DocumentResult:
        doc.model = self.model_info()
        texts = [r.sentence.text for r in doc.sentences]
        if not texts:
            return doc
        probs = self.predict(texts)
        p_unverifiable = probs["verifiability"]
        t = self.thresholds["verifiability"]
        p_claim = probs.get("claim")
        for i, r in enumerate(doc.sentences):
            p = float(p_unverifiable[i])
            r.verifiability = round(1.0 - p, 4)
            r.label = "unverifiable" if p >= t else "verifiable"
            if p_claim is not None:
                r.claim = round(float(p_claim[i]), 4)
                r.claim_label = "claim" if p_claim[i] >= self.thresholds["claim"] else "not_claim"
        return doc
