"""Context models: a learned decision for cue words that are attributions only in some contexts.

PolNeAR marks a long tail of words as attribution cues that are attributions in one sentence and
plain content in the next: "support", "criticism", "plans", "appears", "known", "focused". A
rule per word cannot tell them apart, and dropping them all loses recall. A *context model* is a
lexicon rule (``constraints.context_model``, see :mod:`scoring.lexicon`) whose one-word pattern
lists such words and whose decision is a logistic regression over the words around the match:

    logit = bias + sum(weights[f] for f in context_features(...))

and the cue is kept when ``logit >= threshold``. The weights are data, trained on PolNeAR train
by ``python -m training.cue_tagger`` and written into ``scoring/lexicons/attribution_context.json``;
this module is the one feature function both training and matching use, so the two cannot
drift apart.

A context rule is only tried where no ordinary attribution rule matched the token (the rules
come first; the model fills their gaps), never inside a direct quote, and the feature ``att``
says whether a rule found an attribution elsewhere in the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import repeat

#: Version of :func:`context_features`; a context model records the version it was trained with
#: and is refused by a matcher whose features differ.
FEATURES_VERSION = 1

_BOS, _EOS = "<s>", "</s>"
_ZEROS = repeat(0.0)


def _shape(token: str) -> str:
    c = token[0]
    if c.isupper():
        return "C"
    if c.isdigit():
        return "D"
    if c.isalpha():
        return "l"
    return token


def context_features(lower: list[str], texts: list[str], i: int, has_att: bool) -> list[str]:
    """The feature names of the token ``i`` of a sentence (each has value 1).

    Parameters
    ----------
    lower, texts : list of str
        The sentence's tokens, lower-cased and as written (:mod:`scoring.cues` tokens).
    i : int
        The candidate token.
    has_att : bool
        Whether an ordinary attribution rule matched elsewhere in the sentence.
    """
    n = len(lower)
    w = lower[i]
    p1 = lower[i - 1] if i > 0 else _BOS
    p2 = lower[i - 2] if i > 1 else _BOS
    n1 = lower[i + 1] if i + 1 < n else _EOS
    n2 = lower[i + 2] if i + 2 < n else _EOS
    att = "1" if has_att else "0"
    return [
        "w=" + w,
        "p1=" + p1,
        "n1=" + n1,
        "p2=" + p2,
        "n2=" + n2,
        "p1w=" + p1 + "|" + w,
        "wn1=" + w + "|" + n1,
        "sh=" + _shape(texts[i]),
        "psh=" + (_shape(texts[i - 1]) if i > 0 else _BOS),
        "nsh=" + (_shape(texts[i + 1]) if i + 1 < n else _EOS),
        "att=" + att,
        "watt=" + w + "|" + att,
        "pos=" + str(min(i, 3)),
    ]


@dataclass(frozen=True, eq=False)
class ContextModel:
    """A compiled context model: a linear decision over :func:`context_features`.

    Attributes
    ----------
    bias : float
    threshold : float
        Decision threshold on the logit (``log(p / (1 - p))``).
    weights : dict of str to float
        Feature weights; absent features weigh 0.
    source_threshold : float or None
        An accepted cue gets a source only when its logit reaches this (a less certain cue is
        reported with no source rather than a guessed one); None: the same as ``threshold``.
    """

    bias: float
    threshold: float
    weights: dict[str, float] = field(default_factory=dict)
    source_threshold: float | None = None

    def logit(self, lower: list[str], texts: list[str], i: int, has_att: bool) -> float:
        """The model's logit for token ``i``."""
        return self.bias + sum(map(self.weights.get, context_features(lower, texts, i, has_att), _ZEROS))

    def accepts(self, lower: list[str], texts: list[str], i: int, has_att: bool) -> bool:
        """Whether token ``i`` is a cue in this context."""
        return self.logit(lower, texts, i, has_att) >= self.threshold
