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
import sys
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
        add_col, add_val, end_row = cols.append, vals.append, indptr.append
        for result in results:
            for j, v in sorted(row_of(result).items()):
                if v:
                    add_col(j)
                    add_val(v)
            end_row(len(cols))
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

_PAD = np.iinfo(np.int32).max  # after every column in a padded row (_canonical)


def _canonical(cols: np.ndarray, lengths: np.ndarray, n_features: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Canonical CSR arrays (summed counts, columns increasing per row, indptr) of n-gram
    occurrences: ``cols`` the column (below ``n_features``) of each occurrence, row after
    row, ``lengths`` the number of occurrences in each row.

    Each row's columns are sorted, then equal neighbours within a row are one entry whose
    count is their number (exact: whole numbers). The rows are sorted as 2-D arrays, one per
    class of rows of similar length (up to a power of two), padded with :data:`_PAD`: numpy
    sorts each short row on its own, faster than one sort of ``row * n_features + column``
    keys over the whole chunk (the same order).
    """
    n = len(lengths)
    total = len(cols)
    idx = np.int32 if total < 2**31 - 1 else np.int64
    if total == 0:
        return np.zeros(0, dtype=np.float64), np.zeros(0, dtype=np.int32), np.zeros(n + 1, dtype=idx)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    row_starts = indptr[:-1]
    out = np.empty(total, dtype=np.int32)
    longer = lengths > 1
    size_class = np.zeros(n, dtype=np.int64)
    size_class[longer] = np.ceil(np.log2(lengths[longer])).astype(np.int64)
    for c in np.unique(size_class[longer]).tolist():
        rows = np.flatnonzero(longer & (size_class == c))
        row_len = lengths[rows]
        width = int(row_len.max())
        inside = np.arange(width) < row_len[:, None]
        at = (row_starts[rows][:, None] + np.arange(width))[inside]  # row after row
        block = np.full((len(rows), width), _PAD, dtype=np.int32)
        block[inside] = cols[at]
        block.sort(axis=1)
        out[at] = block[inside]
    single = row_starts[lengths == 1]
    out[single] = cols[single]
    first = np.empty(total, dtype=bool)
    first[0] = True
    np.not_equal(out[1:], out[:-1], out=first[1:])
    first[row_starts[lengths > 0]] = True  # a row's first column starts an entry
    starts = np.flatnonzero(first)
    counts = np.empty(len(starts), dtype=np.float64)
    np.subtract(starts[1:], starts[:-1], out=counts[:-1], casting="unsafe")
    counts[-1] = total - starts[-1]
    # a row's first entry is the number of entries before its first occurrence
    return counts, out[starts], np.searchsorted(starts, indptr).astype(idx)


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


# -- murmurhash3_32 over many keys at once -----------------------------------------------------

_U32 = np.uint32


#: The bits of a 4-byte word that a tail of 0, 1, 2 or 3 bytes keeps.
_TAIL_MASKS = np.array([0, 0xFF, 0xFFFF, 0xFFFFFF], dtype=np.uint32)


def _rotl32(x: np.ndarray, r: int) -> np.ndarray:
    return (x << _U32(r)) | (x >> _U32(32 - r))


def _murmur_spans(buf: np.ndarray, starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """scikit-learn's ``murmurhash3_32(key)`` (MurmurHash3_x86_32, seed 0) of each key
    ``buf[a:a + n]`` for ``a, n`` in ``starts, lens``, ``buf`` a uint8 array; as int32.

    The reference algorithm step by step on uint32 arrays (numpy's uint32 arithmetic wraps
    modulo 2**32, as C's does), for the keys with the same number of 4-byte blocks at once.
    Every 4-byte block and tail is one read of ``words``, the 4 bytes from each offset of
    ``buf``: blocks are read in the machine's byte order, as the C code reads them; the tail
    (the last ``n % 4`` bytes, zeros past the end of ``buf``) is the little-endian number its
    bytes make, masked to its length, which is what the C code's ``switch`` mixes in; for a key
    without tail bytes the same steps mix a zero, which leaves the hash as it is (as skipping
    them does). The counts it leads to are compared with the vectorizer's by
    ``tests/test_fast_path.py`` and by the scorer's check at load.
    """
    out = np.empty(len(starts), dtype=np.int32)
    padded = np.zeros(len(buf) + 4, dtype=np.uint8)  # a tail may be read at len(buf)
    padded[:len(buf)] = buf
    words = np.lib.stride_tricks.sliding_window_view(padded, 4).copy().view(np.uint32)[:, 0]
    tails = words if sys.byteorder == "little" else words.byteswap()  # little-endian numbers
    blocks_of = lens >> 2
    for nb in np.unique(blocks_of).tolist():
        sel = np.flatnonzero(blocks_of == nb)
        at, size = starts[sel], lens[sel]
        h = np.zeros(len(sel), dtype=np.uint32)
        for i in range(nb):
            k = words[at + 4 * i] * _U32(0xCC9E2D51)
            k = _rotl32(k, 15)
            k *= _U32(0x1B873593)
            h ^= k
            h = _rotl32(h, 13)
            h *= _U32(5)
            h += _U32(0xE6546B64)
        k = tails[at + 4 * nb] & _TAIL_MASKS[size & 3]
        k *= _U32(0xCC9E2D51)
        k = _rotl32(k, 15)
        k *= _U32(0x1B873593)
        h ^= k
        h ^= size.astype(np.uint32)
        h ^= h >> _U32(16)
        h *= _U32(0x85EBCA6B)
        h ^= h >> _U32(13)
        h *= _U32(0xC2B2AE35)
        h ^= h >> _U32(16)
        out[sel] = h.view(np.int32)
    return out


def _hash_spans(text: str, starts: np.ndarray, lens: np.ndarray, n_features: int) -> np.ndarray | None:
    """``abs(murmurhash3_32(text[a:a + n])) % n_features`` for every ``a, n`` of ``starts``
    and ``lens`` (character offsets and lengths), as int64; None when ``text`` cannot be
    encoded as UTF-8 (a lone surrogate: the caller hashes string by string, as before).

    scikit-learn hashes a str's UTF-8 bytes: the byte offsets of the characters come from
    their code points (1 to 4 bytes each), and the keys are hashed as spans of the text's
    bytes (:func:`_murmur_spans`).
    """
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    buf = np.frombuffer(raw, dtype=np.uint8)
    if len(raw) == len(text):  # ASCII: a character is a byte
        bstart, blen = starts, lens
    else:
        cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        width = np.ones(len(cps), dtype=np.int64)
        width += cps >= 0x80
        width += cps >= 0x800
        width += cps >= 0x10000
        boff = np.zeros(len(cps) + 1, dtype=np.int64)
        np.cumsum(width, out=boff[1:])
        bstart = boff[starts]
        blen = boff[starts + lens] - bstart
    out = _murmur_spans(buf, bstart, blen).astype(np.int64)
    np.abs(out, out=out)
    out %= n_features
    return out


def _hash_strings(strings: list[str], n_features: int) -> np.ndarray:
    """``abs(murmurhash3_32(s)) % n_features`` of each of ``strings``, as int64 (see
    :func:`_hash_spans`)."""
    lens = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    starts = np.cumsum(lens) - lens
    cols = _hash_spans("".join(strings), starts, lens, n_features)
    if cols is None:  # not UTF-8: one by one, as before (murmurhash3_32 raises as it did)
        cols = np.fromiter(map(murmurhash3_32, strings), dtype=np.int64, count=len(strings))
        np.abs(cols, out=cols)
        cols %= n_features
    return cols


def _char_wb_spans(lens: np.ndarray, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The n-grams of words padded with a space each side, as scikit-learn's
    ``_char_wb_ngrams`` cuts a word: ``lens`` the padded lengths; returns each n-gram's word,
    start within the padded word and length.

    For each ``n`` from ``lo`` to ``hi``, a padded word longer than ``n`` gives its
    ``len - n + 1`` n-grams; the first ``n`` the word is not longer than gives the whole word
    once, and stops it.
    """
    words_at, starts, sizes = [], [], []
    idx = np.arange(len(lens), dtype=np.int64)
    for n in range(lo, hi + 1):
        long_ = lens > n
        cnt = np.where(long_, lens - n + 1, 0)
        total = int(cnt.sum())
        if total:
            w = np.repeat(idx, cnt)
            first = np.zeros(len(lens), dtype=np.int64)
            np.cumsum(cnt[:-1], out=first[1:])
            words_at.append(w)
            starts.append(np.arange(total, dtype=np.int64) - first[w])
            sizes.append(np.full(total, n, dtype=np.int64))
        whole = lens == n if n > lo else lens <= n
        if whole.any():
            w = idx[whole]
            words_at.append(w)
            starts.append(np.zeros(len(w), dtype=np.int64))
            sizes.append(lens[w])
    if not words_at:
        z = np.zeros(0, dtype=np.int64)
        return z, z, z
    return np.concatenate(words_at), np.concatenate(starts), np.concatenate(sizes)


_DEFAULT_TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # scikit-learn's default token_pattern
_WORD_RUN_RE = re.compile(r"\w\w+")

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
        sizes = np.fromiter(map(len, cols), dtype=np.int64, count=len(cols))
        return self.extend_flat(words, np.concatenate(cols) if cols else np.zeros(0, dtype=np.int32), sizes)

    def extend_flat(self, words: list[str], flat_cols: np.ndarray, sizes: np.ndarray) -> _ColumnPool:
        """:meth:`extend` with the words' columns one after the other in ``flat_cols``, word
        ``k`` having ``sizes[k]`` of them."""
        new = _ColumnPool()
        n, used = self.n, self.used
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
            flat[used:used2] = flat_cols
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


class HashedNgrams:
    """The counts of a fitted :class:`~sklearn.feature_extraction.text.HashingVectorizer`,
    equal to ``vectorizer.transform(texts)`` but computed with memoised hashes.

    scikit-learn builds every n-gram string of every text and hashes each one. Here the hashed
    column of each distinct unit is remembered instead:

    The texts are lower-cased, or folded by :func:`fold_digits` when that is the vectorizer's
    preprocessor, before either path below.

    * ``analyzer="word"``: the n-gram strings come from the vectorizer's own analyzer; each
      string's column is looked up in a memo and only unseen strings are hashed. For unigrams
      and bigrams over several texts (batch scoring), every n-gram is hashed, without
      building its string (:meth:`_hash_tokens`): in news most bigrams of a chunk are new,
      and hashing all the tokens costs less than looking them up.
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
            # The texts joined (_word_columns_joined): the default pattern without its \b's
            # finds the same tokens, faster (a match can only start where a run of two or more
            # \w starts, and takes the whole run, where both \b's hold).
            self._tokenize_joined = (
                _WORD_RUN_RE.findall
                if vectorizer.tokenizer is None and vectorizer.token_pattern == _DEFAULT_TOKEN_PATTERN
                else self._tokenize
            )
        # Whether :meth:`_word_columns_joined` applies: unigrams (and bigrams), and a
        # tokenizer that keeps the sentinel as one token.
        self._joined = (
            not self._char
            and self._ngram_range in ((1, 1), (1, 2))
            and self._tokenize(f"a {_SENTINEL} b") == [_SENTINEL]
        )
        self._cache: dict[str, int] = {}  # word n-gram -> column
        self._pool = _ColumnPool()  # char_wb: word -> its columns
        self._lock = threading.Lock()

    def clear_memo(self) -> None:
        """Forget every remembered column (as in a fresh process; benchmarks use it)."""
        with self._lock:
            self._cache = {}
            self._pool = _ColumnPool()

    @property
    def memo_size(self) -> int:
        """Entries in the memo: n-gram strings (word analyzer) or words (``char_wb``)."""
        return len(self._pool.ids) if self._char else len(self._cache)

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

    def canonical_counts(self, texts: list[str],
                         lowered: dict | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The CSR arrays of :meth:`transform`: duplicates summed, indices sorted per row.

        ``lowered``: a dict the caller shares between the hashers of the same ``texts``, so
        that texts are lower-cased (or folded) once for all of them.

        Returns
        -------
        data : ndarray of float64
            The counts (whole numbers).
        indices : ndarray of int32
            Columns, strictly increasing within each row.
        indptr : ndarray of int32 (int64 for more than 2**31 - 1 entries)
        """
        got = self._columns(texts, lowered)
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

    def _lows(self, texts: list[str], lowered: dict | None) -> list[str]:
        """The preprocessed texts (see :meth:`canonical_counts` for ``lowered``)."""
        if lowered is None:
            return list(map(self._lower, texts))
        got = lowered.get(self._lower)
        if got is None or len(got) != len(texts):
            got = lowered[self._lower] = list(map(self._lower, texts))
        return got

    def _columns(self, texts: list[str], lowered: dict | None = None) -> tuple[np.ndarray, np.ndarray] | None:
        """The hashed column of every n-gram occurrence (int32, row after row) and the number
        of occurrences in each row; None when the memo cannot serve the texts."""
        return self._char_columns(texts, lowered) if self._char else self._word_columns(texts, lowered)

    # -- word n-grams: one memo entry per n-gram string ------------------------------------
    def _word_columns(self, texts: list[str], lowered: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
        if self._joined and len(texts) > 1:
            got = self._word_columns_joined(texts, lowered)
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

    def _word_columns_joined(self, texts: list[str],
                             lowered: dict | None = None) -> tuple[np.ndarray, np.ndarray] | None:
        """:meth:`_word_columns` for unigrams and bigrams with the texts tokenised at once.

        The lower-cased texts are joined with a sentinel token between them, so one
        ``findall`` cuts them all (no token crosses the spaces around the sentinel), and the
        unigrams and bigrams that hold a sentinel are dropped again. None (use the loop) when
        a text holds the sentinel itself. Every unigram and bigram is hashed
        (:meth:`_hash_tokens`): cheaper than looking the tokens up in a memo, and in news most
        bigrams of a chunk are new.
        """
        lows = self._lows(texts, lowered)  # the preprocessor (see supports())
        if any(_SENTINEL in t for t in lows):
            return None
        toks = self._tokenize_joined(f" {_SENTINEL} ".join(lows))
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
        uni, bi = self._hash_tokens(toks, np.flatnonzero(pairs) if pairs is not None else None)
        # The row of a unigram at token i, or a bigram starting there: sentinels before i
        # (at or before i is the same count, token i being no sentinel).
        at = np.cumsum(~keep)
        rows = at[keep]
        per_row = np.bincount(rows, minlength=n)
        if pairs is None:
            return uni[keep].astype(np.int32), per_row.astype(np.int64)
        # Row after row, unigrams then bigrams (each in token order): the place of each entry.
        rows_b = at[:-1][pairs]
        per_row_b = np.bincount(rows_b, minlength=n)
        row_start = np.cumsum(per_row) - per_row  # in the unigrams alone
        row_start_b = np.cumsum(per_row_b) - per_row_b  # in the bigrams alone
        out_start = row_start + row_start_b  # in the output
        dest = out_start[rows] + (np.arange(len(rows), dtype=np.int64) - row_start[rows])
        dest_b = (out_start + per_row)[rows_b]
        dest_b += np.arange(len(rows_b), dtype=np.int64) - row_start_b[rows_b]
        cols = np.empty(len(rows) + len(rows_b), dtype=np.int32)
        cols[dest] = uni[keep]
        cols[dest_b] = bi
        return cols, (per_row + per_row_b).astype(np.int64)

    def _hash_tokens(self, toks: list[str], j: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
        """The column of every token as a unigram, and of each bigram ``toks[i] + " " +
        toks[i + 1]`` for ``i`` in ``j`` (the string scikit-learn's ``_word_ngrams`` joins;
        None: no bigrams), as int64: each is a span of the tokens joined by spaces, hashed
        there without being built (:func:`_hash_spans`)."""
        nf = self.n_features
        joined = " ".join(toks)
        # Token k starts after the k-th space when no token holds a space (the tokenizer's
        # \w runs never do; checked by the count).
        cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        starts = np.flatnonzero(cps == 32)
        if len(starts) == len(toks) - 1:
            starts += 1
            starts = np.concatenate([np.zeros(1, dtype=starts.dtype), starts])
            lens = np.empty(len(toks), dtype=np.int64)
            lens[:-1] = starts[1:] - starts[:-1] - 1
            lens[-1] = len(joined) - starts[-1]
        else:  # pragma: no cover - a custom tokenizer
            lens = np.fromiter(map(len, toks), dtype=np.int64, count=len(toks))
            starts = np.cumsum(lens + 1) - (lens + 1)
        if j is not None:
            starts = np.concatenate([starts, starts[j]])
            lens = np.concatenate([lens, lens[j] + 1 + lens[j + 1]])
        cols = _hash_spans(joined, starts, lens, nf)
        if cols is None:  # not UTF-8: string by string, as before
            grams = toks if j is None else toks + [f"{toks[i]} {toks[i + 1]}" for i in j.tolist()]
            cols = _hash_strings(grams, nf)
        n = len(toks)
        return cols[:n], (None if j is None else cols[n:])

    def _learn(self, cache: dict[str, int], grams: set[str]) -> dict[str, int]:
        """Hash unseen word n-grams into the memo (see :meth:`_remember`)."""
        order = sorted(grams)
        nf = self.n_features  # the column FeatureHasher gives (see _hash_words)
        return self._remember(cache, {g: abs(h) % nf for g, h in zip(order, map(murmurhash3_32, order))})

    # -- char_wb n-grams: one memo entry per word ---------------------------------------------
    def _char_columns(self, texts: list[str],
                      lowered: dict | None = None) -> tuple[np.ndarray, np.ndarray] | None:
        # As HashingVectorizer's char_wb analyzer: preprocess (lower-case, or fold_digits),
        # squeeze whitespace, split. The squeeze (runs of 2+ characters matching \s to one
        # space) cannot change what str.split() returns: both take whitespace as
        # str.isspace() does.
        words = [t.split() for t in self._lows(texts, lowered)]
        flat = [w for ws in words for w in ws]
        n = len(texts)
        if not flat:
            return np.zeros(0, dtype=np.int32), np.zeros(n, dtype=np.int64)
        pool = self._pool  # this call's snapshot: entries below pool.n never change
        ids = np.fromiter(map(pool.ids.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
        bad = ids >= pool.n
        bad |= ids < 0
        if bad.any():
            old = pool
            at = np.flatnonzero(bad)
            pool = self._add_words(flat, old, at)
            if pool is None:
                return None
            if pool.ids is old.ids:  # the same memo, grown: the ids known before still hold
                get = pool.ids.__getitem__
                ids[at] = np.fromiter((get(flat[i]) for i in at.tolist()), dtype=np.int64, count=len(at))
            else:  # a fresh memo (the old one was full): every id changed
                ids = np.fromiter(map(pool.ids.__getitem__, flat), dtype=np.int64, count=len(flat))
        return pool.gather(ids, np.fromiter(map(len, words), dtype=np.int64, count=n))

    def _add_words(self, flat: list[str], seen: _ColumnPool | None = None,
                   unknown: np.ndarray | None = None) -> _ColumnPool | None:
        """A memo snapshot that holds every word of ``flat``: the words it lacks are hashed
        (one thread at a time; readers never wait). ``unknown``: the positions in ``flat``
        of the words the snapshot ``seen`` lacks; while the memo keeps ``seen``'s word dict,
        every other word is still known, so only those are checked."""
        with self._lock:
            pool = self._pool
            if seen is not None and unknown is not None and pool.ids is seen.ids:
                maybe = {flat[i] for i in unknown.tolist()}
            else:
                maybe = set(flat)
            todo = sorted(w for w in maybe if pool.ids.get(w, pool.n) >= pool.n)
            got = self._hash_words(todo)
            if got is None:
                return None
            if len(pool.ids) + len(todo) > self.max_cache:
                # Full: start afresh with this call's words (those known are copied over).
                keep = sorted(set(flat).difference(todo))
                pool = _ColumnPool().extend(keep, [pool.columns(w) for w in keep])
            pool = self._pool = pool.extend_flat(todo, *got)
            return pool

    def _hash_words(self, words: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
        """Hashed n-gram columns of each word, analysed alone as the vectorizer's analyzer
        does: for each word an increasing run of int32 columns in which a column occurring k
        times in the word appears k times, the runs one after the other (int32), and the
        length of each run (int64).

        Each word's n-grams are those the vectorizer's analyzer gives the word alone
        (``_char_wb_ngrams``: the word padded with a space each side, see
        :func:`_char_wb_spans`), each hashed as scikit-learn's ``murmurhash3_32`` hashes the
        string (:func:`_hash_spans`, all at once over the padded words joined) into column
        ``abs(hash) % n_features``, as ``FeatureHasher`` does (``abs(-2**31) % n`` is the
        value its special case computes). The words come from ``str.split()``, so hold no
        whitespace (checked: otherwise, and for text UTF-8 cannot encode, each word goes
        through the analyzer and the hash one by one, :meth:`_hash_words_loop`). The tests
        compare the result with the vectorizer's on random and tricky text, and so does the
        scorer's check at load.

        None when a word would not be analysed alone as it is within its text: the
        preprocessing must leave it unchanged (lower-casing, and so :func:`fold_digits`, is
        idempotent for every code point in Python 3.11, so this never happens there; it is
        checked so that a future Unicode table cannot break the equality silently).
        """
        lower = self._lower
        nw, nf = len(words), self.n_features
        if not nw:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64)
        text = " " + "  ".join(words) + " "  # each word padded with a space each side
        # Lower-casing and folding change a text exactly where they change a character (the
        # one context rule, final sigma, concerns a capital, never unchanged), so the words
        # are unchanged when their joined text is; else each is checked.
        if lower(text) != text and any(lower(w) != w for w in words):
            return None
        if len(text.split()) != nw:  # a word holding whitespace (or an empty one)
            return self._hash_words_loop(words)
        padded = np.fromiter(map(len, words), dtype=np.int64, count=nw) + 2
        offsets = np.zeros(nw, dtype=np.int64)
        np.cumsum(padded[:-1], out=offsets[1:])
        lo, hi = self._ngram_range
        word_at, starts, sizes = _char_wb_spans(padded, lo, hi)
        cols = _hash_spans(text, offsets[word_at] + starts, sizes, nf)
        if cols is None:
            return self._hash_words_loop(words)
        keys = word_at * nf + cols  # word after word, columns increasing within each
        keys.sort(kind="stable")  # runs: the n-grams come word after word for each n
        keys %= nf
        return keys.astype(np.int32), np.bincount(word_at, minlength=nw).astype(np.int64)

    def _hash_words_loop(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`_hash_words` word by word, through the vectorizer's analyzer."""
        analyze, nf = self._analyze, self.n_features
        out = []
        for w in words:
            cols = [abs(h) % nf for h in map(murmurhash3_32, analyze(w))]
            cols.sort()
            out.append(np.array(cols, dtype=np.int32))
        sizes = np.fromiter(map(len, out), dtype=np.int64, count=len(out))
        return (np.concatenate(out) if out else np.zeros(0, dtype=np.int32)), sizes

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
