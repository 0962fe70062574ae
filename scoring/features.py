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
import re
import threading
from itertools import repeat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils import murmurhash3_32
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
        self.__dict__["_matcher"] = matcher
        self.__dict__.pop("_columns", None)
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
        data, indices, indptr = self.rows(self.analyze(texts))
        return sp.csr_matrix((data, indices, indptr), shape=(len(texts), self.n_features_out_))

    def rows(self, results: list[SentenceResult]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The CSR arrays of :meth:`transform` for sentences already analysed.

        Parameters
        ----------
        results : list of SentenceResult
            What :meth:`analyze` returns for the texts (each analysed *alone*, with the fitted
            lexicon); :meth:`transform` is ``rows(analyze(texts))``.

        Returns
        -------
        data : ndarray of float64
        indices : ndarray of int32
            Column indices, increasing within each row (canonical CSR, no explicit zeros).
        indptr : ndarray of int32
            Row ``i`` is ``data[indptr[i]:indptr[i + 1]]``.
        """
        check_is_fitted(self, "feature_names_")
        plan = self.__dict__.get("_columns")
        if plan is None:
            plan = _RowPlan(self.feature_names_)
            self.__dict__["_columns"] = plan
        row_of = plan.row
        cols: list[int] = []
        vals: list[float] = []
        indptr = [0]
        for result in results:
            row = sorted(row_of(result).items())
            cols.extend(j for j, v in row if v)
            vals.extend(v for _, v in row if v)
            indptr.append(len(cols))
        return (
            np.asarray(vals, dtype=np.float64),
            np.asarray(cols, dtype=np.int32),
            np.asarray(indptr, dtype=np.int32),
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
        state.pop("_columns", None)
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


class _RowPlan:
    """:func:`_sentence_features` with each name already looked up in the output columns.

    :meth:`row` returns ``{column: value}`` for the names that are columns, with the same
    values computed in the same way (names that are not columns are dropped, as
    :meth:`CueFeaturizer.rows` drops them); ``tests/test_fast_path.py`` checks it against
    :func:`_sentence_features` on many sentences.
    """

    def __init__(self, names: list[str]) -> None:
        self.col = {name: j for j, name in enumerate(names)}
        get = self.col.get
        self.n_tokens = get("n_tokens")
        self.hedge_position = get("hedge_position")
        self.types: dict[str, tuple[int | None, int | None, int | None]] = {}
        self.rules: dict[str, int | None] = {}
        self.sources: dict[str | None, int | None] = {None: get("source_none")}

    def row(self, r: SentenceResult) -> dict[int, float]:
        get = self.col.get
        text = r.sentence.text
        row: dict[int, float] = {}
        if self.n_tokens is not None:
            row[self.n_tokens] = min(max(1, len(text.split())) / _LONG_SENTENCE, 2.0)
        first_hedge = None
        if r.cues:
            counts: dict[str, int] = {}
            quoted: dict[str, int] = {}
            rules = self.rules
            for c in r.cues:
                t = c.type
                counts[t] = counts.get(t, 0) + 1
                if c.quoted:
                    quoted[t] = quoted.get(t, 0) + 1
                elif first_hedge is None and t == "hedge":
                    first_hedge = c
                j = rules.get(c.rule, -1)
                if j == -1:
                    j = rules[c.rule] = get(f"rule_{c.rule}")
                if j is not None:
                    row[j] = row.get(j, 0.0) + 1.0
            types = self.types
            for t, k in counts.items():
                tc = types.get(t)
                if tc is None:
                    tc = types[t] = (get(f"{t}_count"), get(f"{t}_any"), get(f"{t}_quoted"))
                if tc[0] is not None:
                    row[tc[0]] = math.log1p(k)
                if tc[1] is not None:
                    row[tc[1]] = 1.0
            for t, k in quoted.items():
                j = types[t][2]
                if j is not None:
                    row[j] = math.log1p(k)
        if r.attributions:
            sources = self.sources
            for a in r.attributions:
                kind = None if a.source is None else a.source.kind
                j = sources.get(kind, -1)
                if j == -1:
                    j = sources[kind] = get(f"source_{kind}")
                if j is not None:
                    row[j] = row.get(j, 0.0) + 1.0
        if first_hedge is not None and text and self.hedge_position is not None:
            row[self.hedge_position] = 1.0 - (first_hedge.start - r.sentence.start) / len(text)
        return row


# -- hashed n-gram counts --------------------------------------------------------------------------

def _canonical(cols: np.ndarray, lengths: np.ndarray, n_features: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Canonical CSR arrays (summed counts, columns increasing per row, indptr) of n-gram
    occurrences: ``cols`` the int32 column of each occurrence, row after row, ``lengths`` the
    number of occurrences in each row.

    One sort of ``row * n_features + column`` keys puts each row's columns in order; equal
    neighbours are one entry whose count is their number (exact: whole numbers).
    """
    n = len(lengths)
    total = len(cols)
    idx = np.int32 if total < 2**31 - 1 else np.int64
    if total == 0:
        return np.zeros(0, dtype=np.float64), np.zeros(0, dtype=np.int32), np.zeros(n + 1, dtype=idx)
    key_type = np.int32 if n * n_features < 2**31 else np.int64
    if n > 1:
        offsets = np.repeat(np.arange(0, n * n_features, n_features, dtype=key_type), lengths)
        keys = offsets + cols
    else:
        offsets = None
        keys = cols.astype(key_type)  # a copy
    keys.sort(kind="stable")  # runs: each word's columns come sorted from the memo
    first = np.empty(total, dtype=bool)
    first[0] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.empty(len(starts), dtype=np.float64)
    np.subtract(starts[1:], starts[:-1], out=counts[:-1], casting="unsafe")
    counts[-1] = total - starts[-1]
    # A row's occurrences keep their positions after the sort (the row is the key's high
    # part), so the offset at a position is still that of the row of the key there, and a
    # row's first entry is the number of distinct keys before its first occurrence.
    keys = keys[starts]
    if offsets is not None:
        keys -= offsets[starts]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    return counts, keys.astype(np.int32, copy=False), np.searchsorted(starts, indptr).astype(idx)


# ASCII 1-9 only (a range of code points, not ``\d``): other scripts' digits stay as they are.
_NONZERO_DIGIT_RE = re.compile("[1-9]")


def fold_digits(text: str) -> str:
    """Lower-case ``text`` and write every ASCII digit as ``0``.

    The preprocessor of the n-gram blocks when ``build_pipeline(fold_digits=True)``: "$3.5
    billion", "$8.2 billion" and "in 2019" then share their n-grams ("$0.0 billion", "in 0000"),
    so a model learns that a sentence quotes a figure or a year rather than which one. It
    replaces the vectorizer's own lower-casing (scikit-learn skips ``lowercase`` when a
    preprocessor is given). Module-level so that a saved model refers to it by name
    (``scoring.artifacts.TRUSTED_TYPES`` lists it); idempotent, which :class:`HashedNgrams`
    relies on when it analyses a folded word again.

    The substitution is ``str.translate`` with a 1-9 -> 0 table, but about three times faster:
    translate looks every character up in the table, and leaves its ASCII fast path for any
    text with a curly quote or a dash.
    """
    return _NONZERO_DIGIT_RE.sub("0", text.lower())


#: A token no news text holds, put between texts tokenised together (HashedNgrams).
_SENTINEL = "credscore0sentinel0token"


class _ColumnPool:
    """The ``char_wb`` memo: each known word's hashed columns, in one flat array.

    Word ``k`` (``ids[word]``) has the columns ``cols[starts[k]:starts[k] + lens[k]]``. A pool
    is a snapshot: :meth:`extend` writes new words after the last one and returns a new
    snapshot (sharing the arrays while they have room), and a reader only uses ids below its
    snapshot's ``n``, so words added by another thread never change what it reads.
    """

    __slots__ = ("cols", "ids", "lens", "n", "starts", "used")

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.starts = np.zeros(0, dtype=np.int64)
        self.lens = np.zeros(0, dtype=np.int64)
        self.cols = np.zeros(0, dtype=np.int32)
        self.n = 0
        self.used = 0

    def columns(self, word: str) -> np.ndarray:
        k = self.ids[word]
        return self.cols[self.starts[k]:self.starts[k] + self.lens[k]]

    def extend(self, words: list[str], cols: list[np.ndarray]) -> _ColumnPool:
        """A snapshot with ``words`` (not yet in the pool) added, ``cols`` their columns."""
        new = _ColumnPool()
        n, used = self.n, self.used
        sizes = np.fromiter(map(len, cols), dtype=np.int64, count=len(cols))
        n2, used2 = n + len(words), used + int(sizes.sum())
        starts, lens, flat = self.starts, self.lens, self.cols
        if n2 > len(starts):  # grow by doubling; the old snapshot keeps the old arrays
            cap = max(n2, 2 * len(starts), 1024)
            starts = np.concatenate([starts[:n], np.zeros(cap - n, dtype=np.int64)])
            lens = np.concatenate([lens[:n], np.zeros(cap - n, dtype=np.int64)])
        if used2 > len(flat):
            cap = max(used2, 2 * len(flat), 16384)
            flat = np.concatenate([flat[:used], np.zeros(cap - used, dtype=np.int32)])
        if words:
            lens[n:n2] = sizes
            starts[n:n2] = used + np.cumsum(sizes) - sizes
            flat[used:used2] = np.concatenate(cols)
        new.ids, new.starts, new.lens, new.cols, new.n, new.used = self.ids, starts, lens, flat, n2, used2
        for k, w in enumerate(words, n):  # after the arrays are written
            new.ids[w] = k
        return new

    def gather(self, ids: np.ndarray, per_text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The columns of the words ``ids`` one after the other, and the number of columns of
        each text, ``per_text[t]`` being the number of words of text ``t``."""
        lens = self.lens[ids]
        bounds = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(lens, out=bounds[1:])
        # position j of the output reads cols[starts[word] + (j - bounds[word])]
        idx = np.repeat(self.starts[ids] - bounds[:-1], lens)
        idx += np.arange(bounds[-1], dtype=np.int64)
        ends = np.zeros(len(per_text) + 1, dtype=np.int64)
        np.cumsum(per_text, out=ends[1:])
        edge = bounds[ends]
        return self.cols[idx], edge[1:] - edge[:-1]


class _WordMemo:
    """The memo of :meth:`HashedNgrams._word_columns_joined`: unigrams by string, bigrams by
    the pair of their tokens' ids, so that a bigram is looked up without building its string.

    ``tokens[t]`` is ``id << 32 | column`` (the token's id, and its column as a unigram);
    bigram ``(a, b)`` is ``key = id(a) << 32 | id(b)``, its column ``cols[k]`` where
    ``keys[k] == key``, ``keys`` sorted so that a text's bigrams are found with one
    ``searchsorted``. A snapshot: learning (:meth:`HashedNgrams._learn_words`, one thread at a
    time) only adds tokens to ``tokens`` and makes new ``keys``/``cols`` arrays, so a reader
    holding a snapshot reads the same columns; a token another thread added meanwhile has
    bigram keys the reader's arrays lack, so the reader learns them (under the lock) again.
    """

    __slots__ = ("cols", "keys", "tokens")

    def __init__(self, tokens: dict[str, int] | None = None, keys: np.ndarray | None = None,
                 cols: np.ndarray | None = None) -> None:
        self.tokens = {} if tokens is None else tokens
        self.keys = np.zeros(0, dtype=np.int64) if keys is None else keys
        self.cols = np.zeros(0, dtype=np.int64) if cols is None else cols

    @property
    def size(self) -> int:
        return len(self.tokens) + len(self.keys)

    def lookup(self, toks: list[str], pairs: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None] | None:
        """The unigram column of every token and the bigram column of every pair ``toks[j],
        toks[j + 1]`` with ``pairs[j]`` (None without bigrams), or None when one is missing."""
        vals = np.fromiter(map(self.tokens.get, toks, repeat(-1)), dtype=np.int64, count=len(toks))
        if (vals < 0).any():
            return None
        uni = vals & 0xFFFFFFFF
        if pairs is None:
            return uni, None
        ids = vals >> 32
        want = ((ids[:-1] << 32) | ids[1:])[pairs]
        keys = self.keys
        at = np.searchsorted(keys, want)
        if len(want) and (len(keys) == 0 or at.max() >= len(keys) or not np.array_equal(keys[at], want)):
            return None
        return uni, self.cols[at]


_MAX_TOKEN_ID = 2**31 - 1  # a token id and a column each fit in the 32 bits they get


class HashedNgrams:
    """The counts of a fitted :class:`~sklearn.feature_extraction.text.HashingVectorizer`,
    equal to ``vectorizer.transform(texts)`` but computed with memoised hashes.

    scikit-learn builds every n-gram string of every text and hashes each one. Here the hashed
    column of each distinct unit is remembered instead:

    The texts are lower-cased, or folded by :func:`fold_digits` when that is the vectorizer's
    preprocessor, before either path below.

    * ``analyzer="word"``: the n-gram strings come from the vectorizer's own analyzer; each
      string's column is looked up in a memo and only unseen strings are hashed. For unigrams
      and bigrams over several texts (batch scoring), the memo keeps each token's id and a
      sorted array of bigram keys made of two ids (:class:`_WordMemo`), so a known bigram is
      found by numpy without building its string.
    * ``analyzer="char_wb"``: the character n-grams of a text are the union of those of its
      words (padded with one space each side), so the hashed counts of a text are the sum of
      its words' counts; each distinct (lower-cased) word is analysed and hashed once, and
      the columns of all known words live in one flat array, so a text's columns are
      gathered with numpy instead of word by word (:class:`_ColumnPool`).

    Unseen strings are hashed with scikit-learn's own hash (``murmurhash3_32``) and mapped to
    a column as :class:`~sklearn.feature_extraction.FeatureHasher` maps them, one call per
    string instead of FeatureHasher's generator protocol (about twice as fast).
    ``tests/test_fast_path.py`` checks the equality with the vectorizer on many random and
    tricky strings, and the scorer checks it on probe sentences at load, falling back to the
    plain pipelines if scikit-learn ever hashes otherwise.

    Parameters
    ----------
    vectorizer : HashingVectorizer
        One that :meth:`supports`.
    max_cache : int, default=200_000
        Memo entries kept; the memo starts afresh when it is full.
    """

    def __init__(self, vectorizer: Any, max_cache: int = 200_000) -> None:
        if not self.supports(vectorizer):
            raise ValueError(f"unsupported vectorizer: {vectorizer!r}")
        self.vectorizer = vectorizer
        self.n_features = int(vectorizer.n_features)
        self.max_cache = max_cache
        self._char = vectorizer.analyzer == "char_wb"
        self._ngram_range = tuple(vectorizer.ngram_range)
        self._analyze = vectorizer.build_analyzer()
        # The whole preprocessing (see supports()): lower-casing, or fold_digits.
        self._lower = fold_digits if vectorizer.preprocessor is fold_digits else str.lower
        if not self._char:
            # The word analyzer's own steps (decoding is a no-op on str content, there are
            # no stop words): n-grams are joined below as _VectorizerMixin._word_ngrams does.
            self._preprocess = vectorizer.build_preprocessor()
            self._tokenize = vectorizer.build_tokenizer()
        # Whether :meth:`_word_columns_joined` applies: unigrams (and bigrams), and a
        # tokenizer that keeps the sentinel as one token.
        self._joined = (
            not self._char
            and self._ngram_range in ((1, 1), (1, 2))
            and self._tokenize(f"a {_SENTINEL} b") == [_SENTINEL]
        )
        self._cache: dict[str, int] = {}  # word n-gram -> column
        self._words = _WordMemo()  # the same for _word_columns_joined
        self._pool = _ColumnPool()  # char_wb: word -> its columns
        self._lock = threading.Lock()

    def clear_memo(self) -> None:
        """Forget every remembered column (as in a fresh process; benchmarks use it)."""
        with self._lock:
            self._cache = {}
            self._words = _WordMemo()
            self._pool = _ColumnPool()

    @property
    def memo_size(self) -> int:
        """Entries in the memo: n-gram strings (word analyzer) or words (``char_wb``)."""
        return len(self._pool.ids) if self._char else len(self._cache) + self._words.size

    @staticmethod
    def supports(vectorizer: Any) -> bool:
        """Whether ``vectorizer`` is a HashingVectorizer whose counts this class reproduces.

        Word or ``char_wb`` analyzers on raw ``str`` content, lower-cased (or preprocessed by
        :func:`fold_digits`), without accent stripping, other custom callables, stop words,
        binary counts, signs or normalisation.
        """
        from sklearn.feature_extraction.text import HashingVectorizer

        if type(vectorizer) is not HashingVectorizer:
            return False
        p = vectorizer.get_params()
        return (
            p["analyzer"] in ("word", "char_wb")
            and p["input"] == "content"
            and p["lowercase"] is True
            and p["strip_accents"] is None
            and (p["preprocessor"] is None or p["preprocessor"] is fold_digits)
            and p["tokenizer"] is None
            and p["stop_words"] is None
            and p["binary"] is False
            and p["norm"] is None
            and p["alternate_sign"] is False
            and np.dtype(p["dtype"]) == np.float64
        )

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        """``vectorizer.transform(texts)``: same shape, indices, data and dtypes."""
        data, indices, indptr = self.canonical_counts(texts)
        return sp.csr_matrix((data, indices, indptr), shape=(len(texts), self.n_features))

    def canonical_counts(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The CSR arrays of :meth:`transform`: duplicates summed, indices sorted per row.

        Returns
        -------
        data : ndarray of float64
            The counts (whole numbers).
        indices : ndarray of int32
            Columns, strictly increasing within each row.
        indptr : ndarray of int32 (int64 for more than 2**31 - 1 entries)
        """
        got = self._columns(texts)
        if got is None:  # a word that cannot be analysed alone (see _hash_words)
            X = self.vectorizer.transform(texts)
            return X.data, X.indices, X.indptr
        cols, lengths = got
        return _canonical(cols, lengths, self.n_features)

    def counts(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """CSR arrays of the counts, before duplicates are summed.

        Returns
        -------
        data : ndarray of float64
            All ones: an n-gram that occurs k times in a row is k entries.
        indices : ndarray of int32
            A column may occur several times in a row (the same n-gram in several words);
            :meth:`transform` sums them.
        indptr : ndarray of int64
        """
        got = self._columns(texts)
        if got is None:
            X = self.vectorizer.transform(texts)
            return X.data, X.indices, X.indptr.astype(np.int64)
        cols, lengths = got
        indptr = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        return np.ones(len(cols), dtype=np.float64), cols.astype(np.int32), indptr

    def _columns(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
        """The hashed column of every n-gram occurrence (int32, row after row) and the number
        of occurrences in each row; None when the memo cannot serve the texts."""
        return self._char_columns(texts) if self._char else self._word_columns(texts)

    # -- word n-grams: one memo entry per n-gram string ------------------------------------
    def _word_columns(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        if self._joined and len(texts) > 1:
            got = self._word_columns_joined(texts)
            if got is not None:
                return got
        pre, tokenize = self._preprocess, self._tokenize
        lo, hi = self._ngram_range
        flat: list[str] = []
        lengths = []
        for t in texts:
            toks = tokenize(pre(t))
            k0 = len(flat)
            if lo == 1:
                flat += toks
            for n in range(max(lo, 2), min(hi, len(toks)) + 1):
                if n == 2:
                    flat += map(" ".join, zip(toks, toks[1:]))
                else:
                    flat += [" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1)]
            lengths.append(len(flat) - k0)
        cache = self._cache
        cols = list(map(cache.get, flat))
        if None in cols:
            cache = self._learn(cache, {g for g, c in zip(flat, cols) if c is None})
            cols = list(map(cache.__getitem__, flat))
        return np.array(cols, dtype=np.int32), np.array(lengths, dtype=np.int64)

    def _word_columns_joined(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
        """:meth:`_word_columns` for unigrams and bigrams with the texts tokenised at once.

        The lower-cased texts are joined with a sentinel token between them, so one
        ``findall`` cuts them all (no token crosses the spaces around the sentinel), and the
        unigrams and bigrams that hold a sentinel are dropped again. None (use the loop) when
        a text holds the sentinel itself. Columns come from the :class:`_WordMemo`.
        """
        lows = list(map(self._lower, texts))  # the preprocessor (see supports())
        if any(_SENTINEL in t for t in lows):
            return None
        toks = self._tokenize(f" {_SENTINEL} ".join(lows))
        n, total = len(texts), len(toks)
        pos = np.empty(n - 1, dtype=np.int64)
        i = -1
        for k in range(n - 1):
            i = pos[k] = toks.index(_SENTINEL, i + 1)
        keep = np.ones(total, dtype=bool)
        keep[pos] = False  # the sentinels
        pairs = None
        if self._ngram_range[1] == 2:  # bigram j (tokens j and j + 1) holds no sentinel
            pairs = keep[:-1] & keep[1:]
        got = self._words.lookup(toks, pairs)
        if got is None:
            got = self._learn_words(toks, pairs).lookup(toks, pairs)
        uni, bi = got  # type: ignore[misc]
        # The row of a unigram at token i, or a bigram starting there: sentinels before i.
        at = np.searchsorted(pos, np.arange(total, dtype=np.int64))
        rows, cols = at[keep], uni[keep]
        if pairs is not None:
            rows = np.concatenate([rows, at[:-1][pairs]])
            cols = np.concatenate([cols, bi])
        order = np.argsort(rows, kind="stable")  # row after row, unigrams then bigrams
        return cols[order].astype(np.int32), np.bincount(rows, minlength=n).astype(np.int64)

    def _learn_words(self, toks: list[str], pairs: np.ndarray | None) -> _WordMemo:
        """A memo snapshot holding every token of ``toks`` and every bigram ``toks[j],
        toks[j + 1]`` with ``pairs[j]``: the ones it lacks are hashed (one thread at a time).

        A memo that would hold more than ``max_cache`` entries is replaced by a fresh one with
        this call's n-grams (as :meth:`_remember` does for the other memo).
        """
        nf = self.n_features
        with self._lock:
            memo, fresh = self._words, False
            while True:
                tokens = memo.tokens
                new = sorted(set(toks).difference(tokens))
                first = len(tokens)
                if first + len(new) > _MAX_TOKEN_ID and not fresh:  # pragma: no cover - huge max_cache
                    memo, fresh = _WordMemo(), True
                    continue
                for k, t, h in zip(range(first, first + len(new)), new, map(murmurhash3_32, new)):
                    tokens[t] = (k << 32) | (abs(h) % nf)
                keys, cols = memo.keys, memo.cols
                if pairs is not None:
                    ids = np.fromiter(map(tokens.__getitem__, toks), dtype=np.int64, count=len(toks)) >> 32
                    at_pair = np.flatnonzero(pairs)
                    want, where = np.unique((ids[at_pair] << 32) | ids[at_pair + 1], return_index=True)
                    at = np.searchsorted(keys, want)
                    known = at < len(keys)
                    known[known] = keys[at[known]] == want[known]
                    j = at_pair[where[~known]].tolist()
                    # the bigram string as scikit-learn's _word_ngrams joins it
                    grams = [f"{toks[i]} {toks[i + 1]}" for i in j]
                    hashed = np.fromiter(map(murmurhash3_32, grams), dtype=np.int64, count=len(grams))
                    keys = np.insert(keys, at[~known], want[~known])  # want is sorted: keys stay so
                    cols = np.insert(cols, at[~known], np.abs(hashed) % nf)
                if len(tokens) + len(keys) > self.max_cache and not fresh:
                    memo, fresh = _WordMemo(), True  # full: start afresh with this call's n-grams
                    continue
                memo = self._words = _WordMemo(tokens, keys, cols)
                return memo

    def _learn(self, cache: dict[str, int], grams: set[str]) -> dict[str, int]:
        """Hash unseen word n-grams into the memo (see :meth:`_remember`)."""
        order = sorted(grams)
        nf = self.n_features  # the column FeatureHasher gives (see _hash_words)
        return self._remember(cache, {g: abs(h) % nf for g, h in zip(order, map(murmurhash3_32, order))})

    # -- char_wb n-grams: one memo entry per word ---------------------------------------------
    def _char_columns(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
        # As HashingVectorizer's char_wb analyzer: preprocess (lower-case, or fold_digits),
        # squeeze whitespace, split. The squeeze (runs of 2+ characters matching \s to one
        # space) cannot change what str.split() returns: both take whitespace as
        # str.isspace() does.
        lower = self._lower
        words = [lower(t).split() for t in texts]
        flat = [w for ws in words for w in ws]
        n = len(texts)
        if not flat:
            return np.zeros(0, dtype=np.int32), np.zeros(n, dtype=np.int64)
        pool = self._pool  # this call's snapshot: entries below pool.n never change
        ids = np.array(list(map(pool.ids.get, flat, repeat(-1))), dtype=np.int64)
        bad = ids >= pool.n
        bad |= ids < 0
        if bad.any():
            pool = self._add_words(flat)
            if pool is None:
                return None
            ids = np.array(list(map(pool.ids.__getitem__, flat)), dtype=np.int64)
        return pool.gather(ids, np.fromiter(map(len, words), dtype=np.int64, count=n))

    def _add_words(self, flat: list[str]) -> _ColumnPool | None:
        """A memo snapshot that holds every word of ``flat``: the words it lacks are hashed
        (one thread at a time; readers never wait)."""
        with self._lock:
            pool = self._pool
            words = set(flat)
            todo = sorted(w for w in words if pool.ids.get(w, pool.n) >= pool.n)
            cols = self._hash_words(todo)
            if cols is None:
                return None
            if len(pool.ids) + len(todo) > self.max_cache:
                # Full: start afresh with this call's words (those known are copied over).
                keep = sorted(words.difference(todo))
                pool = _ColumnPool().extend(keep, [pool.columns(w) for w in keep])
            pool = self._pool = pool.extend(todo, cols)
            return pool

    def _hash_words(self, words: list[str]) -> list[np.ndarray] | None:
        """Hashed n-gram columns of each word, analysed alone as the vectorizer's analyzer
        does: an increasing int32 array in which a column occurring k times in the word
        appears k times.

        The n-grams come from the vectorizer's own analyzer, given the word alone, and each is
        hashed with scikit-learn's ``murmurhash3_32`` into column
        ``abs(hash) % n_features``, as ``FeatureHasher`` does (``abs(-2**31) % n`` is the value
        its special case computes). The tests compare the result with the vectorizer's on
        random and tricky text, and so does the scorer's check at load.

        None when a word would not be analysed alone as it is within its text: the
        preprocessing must leave it unchanged (lower-casing, and so :func:`fold_digits`, is
        idempotent for every code point in Python 3.11, so this never happens there; it is
        checked so that a future Unicode table cannot break the equality silently).
        """
        lower = self._lower
        if any(lower(w) != w for w in words):
            return None
        analyze, nf = self._analyze, self.n_features
        out = []
        for w in words:
            cols = [abs(h) % nf for h in map(murmurhash3_32, analyze(w))]
            cols.sort()
            out.append(np.array(cols, dtype=np.int32))
        return out

    def _remember(self, cache: dict, new: dict) -> dict:
        """Add ``new`` to the memo; returns a dict holding ``cache`` and ``new`` for lookups.

        Entries are only ever added to a dict, never removed: a full memo is replaced by a
        fresh one, so a call running in another thread keeps a complete view.
        """
        if len(cache) + len(new) <= self.max_cache:
            cache.update(new)
            return cache
        self._cache = dict(new)
        return {**cache, **new}
