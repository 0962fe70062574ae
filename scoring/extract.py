"""Text -> sentences -> cues and attributions: the library's analysis entry points."""

from __future__ import annotations

from functools import lru_cache

from scoring.article import build_sources
from scoring.cues import CueMatcher, DocumentTokens, find_quote_regions
from scoring.text import split_sentences
from scoring.types import DocumentResult, Sentence, SentenceResult


@lru_cache(maxsize=1)
def default_matcher() -> CueMatcher:
    """The matcher over the shipped lexicons, built once per process."""
    return CueMatcher()


def paragraph_quote_regions(text: str, sentences: list[Sentence]) -> dict[int, list[tuple[int, int]]]:
    """The quote regions of each paragraph holding one of ``sentences``, by paragraph index.

    Quotes are found per paragraph, not per sentence: a quote can run over several sentences.
    """
    spans: dict[int, list[int]] = {}
    for s in sentences:
        spans.setdefault(s.paragraph, [s.start, s.end])[1] = s.end
    return {p: find_quote_regions(text, a, b) for p, (a, b) in spans.items()}


def _analyze(text: str, sentences: list[Sentence], matcher: CueMatcher | None,
             sources: bool = True, regions: dict[int, list[tuple[int, int]]] | None = None) -> DocumentResult:
    """``regions``: :func:`paragraph_quote_regions` of the sentences, when the caller has them."""
    m = matcher or default_matcher()
    if regions is None:
        regions = paragraph_quote_regions(text, sentences)
    doc_tokens = DocumentTokens(text)
    analyze = m.analyze
    toks = [doc_tokens.sentence(s.start, s.end) for s in sentences]
    results = [analyze(s, text, regions[s.paragraph], t) for s, t in zip(sentences, toks)]
    doc = DocumentResult(results, lexicon=lexicon_info(m))
    if sources:
        # Article level: sources with aliases resolved, and the article's caveats about them.
        doc.sources = build_sources(results, text, [regions[s.paragraph] for s in sentences],
                                    [t.lower for t in toks])
    return doc


def lexicon_info(matcher: CueMatcher) -> dict[str, object]:
    """The ``lexicon`` field of a document: sha256 of the lexicon files and the rule count."""
    return {"sha256": matcher.lexicon.hash, "rules": len(matcher.lexicon.rules)}


def analyze_text(text: str, matcher: CueMatcher | None = None, *, sources: bool = True) -> DocumentResult:
    """Split ``text`` into sentences and flag cues and attributions in each.

    Parameters
    ----------
    text : str
        The document. Every offset in the result indexes it.
    matcher : CueMatcher, optional
        Default: the shipped lexicons.
    sources : bool, default=True
        Also group the attribution sources into article-level sources with their caveats
        (:mod:`scoring.article`). ``False`` leaves ``sources`` empty, every ``source_caveat``
        False and no source ids: for callers that need only sentences and cue spans (it
        saves about a third of the time on real news).

    Returns
    -------
    DocumentResult
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return _analyze(text, split_sentences(text), matcher, sources)


def sentences_from_lines(text: str) -> list[Sentence]:
    """One sentence per line of ``text``: line i is sentence i (no re-splitting).

    A trailing line break does not make an extra sentence; ``\\r\\n`` endings are accepted.
    Surrounding whitespace is trimmed from each sentence's span; an empty line gives an empty
    sentence (so line numbers and sentence indices stay equal).
    """
    if not text:
        return []  # no lines at all
    lines = text.split("\n")
    if lines[-1] == "" and len(lines) > 1:
        lines.pop()
    out, pos = [], 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        lead = len(line) - len(line.lstrip())
        start = pos + lead if stripped else pos
        out.append(Sentence(i, start, start + len(stripped), stripped, i))
        pos += len(line) + 1
    return out


def analyze_sentences(text: str, matcher: CueMatcher | None = None) -> DocumentResult:
    """Like :func:`analyze_text`, but each line of ``text`` is one sentence."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return _analyze(text, sentences_from_lines(text), matcher)


def analyze_sentence_list(sentences: list[str], matcher: CueMatcher | None = None) -> list[SentenceResult]:
    """Analyse each string as one sentence on its own; offsets index that string."""
    m = matcher or default_matcher()
    out = []
    for i, s in enumerate(sentences):
        sent = Sentence(i, 0, len(s), s, i)
        out.append(m.analyze(sent, s, find_quote_regions(s)))
    return out


def analyze_sentence_items(sentences: list[str], matcher: CueMatcher | None = None) -> DocumentResult:
    """A document of separately submitted sentences (the API's ``{"sentences": [...]}``).

    Each string is sentence i as given (no re-splitting, no trimming), and its offsets
    (``start``/``end`` of the sentence, its cues and sources) index *that string*: sentence i
    always has ``start == 0`` and ``end == len(sentences[i])``. Use :func:`analyze_sentences`
    for one text with a sentence per line, whose offsets index the whole text.

    The items are taken as one article for the article-level ``sources`` (aliases are resolved
    and caveats attached across items); each mention and caveat carries its ``sentence`` index,
    and its offsets index that item.
    """
    m = matcher or default_matcher()
    results = analyze_sentence_list(sentences, m)
    quotes = [find_quote_regions(s) for s in sentences]
    sources = build_sources(results, list(sentences), quotes)
    return DocumentResult(results, lexicon=lexicon_info(m), sources=sources)
