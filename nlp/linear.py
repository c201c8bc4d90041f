"""The runtime form of the fitted TF-IDF + logistic regression pipelines.

A model is saved as plain arrays (terms, idf, coefficients, classes) in one zip file, so that
scoring needs neither scikit-learn nor pickle: a process starts ~2 s sooner, and a model file
from elsewhere cannot run code. Same numbers as ``pipeline.predict_proba`` (tested), without
scikit-learn's per-call validation. The per-term arithmetic runs in numpy (a batch of 256
posts: ~0.015 ms per post and model); a few posts skip the sparse matrix (one post: ~0.05 ms
per model, ~1 ms through scikit-learn).
"""

from __future__ import annotations

import io
import math
import zipfile
from collections import Counter
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entry times fixed: same model → same bytes
FEW_DOCS = 8
WORD_CACHE = 200_000  # words whose derived term ids are kept (~1 KB each)


class LinearScorer:
    def __init__(self, terms: list[str], idf, coef, intercept, classes: list[str]) -> None:
        self.vocabulary = {term: i for i, term in enumerate(terms)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.coef = np.ascontiguousarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.classes = [str(c) for c in classes]
        self.shared: np.ndarray | None = None  # shared term id → column (set by TermSpace)

    @classmethod
    def from_pipeline(cls, pipeline) -> LinearScorer:
        tfidf, clf = pipeline.named_steps["tfidf"], pipeline.named_steps["clf"]
        if not (tfidf.sublinear_tf and tfidf.norm == "l2" and tfidf.use_idf):
            raise ValueError("LinearScorer expects sublinear, l2-normalized TF-IDF")
        terms = sorted(tfidf.vocabulary_, key=tfidf.vocabulary_.get)
        return cls(terms, tfidf.idf_, clf.coef_.T, clf.intercept_, list(clf.classes_))

    def columns(self, docs: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Row, vocabulary column and count of every known term of documents (token lists,
        or their Counters when several models score the same documents); rows ascending."""
        return lookup(self.vocabulary, docs)

    def values(self, rows: np.ndarray, columns: np.ndarray, counts: np.ndarray,
               n_docs: int) -> np.ndarray:
        """l2-normalized sublinear TF-IDF values, row by row."""
        values = (1.0 + np.log(counts)) * self.idf[columns]
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=n_docs))
        return values / np.where(norms > 0, norms, 1.0)[rows]

    def matrix(self, docs: list) -> csr_matrix:
        rows, columns, counts = self.columns(docs)
        indptr = np.searchsorted(rows, np.arange(len(docs) + 1))
        return csr_matrix((self.values(rows, columns, counts, len(docs)), columns, indptr),
                          shape=(len(docs), len(self.idf)))

    def scores(self, docs: list) -> np.ndarray:
        if len(docs) > FEW_DOCS:
            return self.matrix(docs) @ self.coef + self.intercept
        # a few posts (one per call from the stage or the API): skip building a sparse matrix
        return np.vstack([self.one_score(doc) for doc in docs])

    def one_score(self, doc) -> np.ndarray:
        terms = doc if isinstance(doc, Counter) else Counter(doc)
        columns = np.fromiter(map(self.vocabulary.get, terms.keys(), repeat(-1)), np.int64,
                              len(terms))
        known = columns >= 0
        columns = columns[known]
        values = (1.0 + np.log(np.fromiter(terms.values(), np.float64, len(terms))[known]))
        values *= self.idf[columns]
        norm = math.sqrt(values @ values) or 1.0
        return (values / norm) @ self.coef[columns] + self.intercept

    def encoded_scores(self, encoded: Encoded) -> np.ndarray:
        """Scores from a TermSpace encoding (shared term ids) of the same documents."""
        columns = self.shared[encoded.ids]
        known = columns >= 0
        rows, columns, counts = encoded.rows[known], columns[known], encoded.counts[known]
        if encoded.n_docs == 1:
            values = (1.0 + np.log(counts)) * self.idf[columns]
            norm = math.sqrt(values @ values) or 1.0
            return ((values / norm) @ self.coef[columns] + self.intercept)[np.newaxis, :]
        indptr = np.searchsorted(rows, np.arange(encoded.n_docs + 1))
        matrix = csr_matrix((self.values(rows, columns, counts, encoded.n_docs), columns, indptr),
                            shape=(encoded.n_docs, len(self.idf)))
        return matrix @ self.coef + self.intercept

    def probabilities(self, scores: np.ndarray) -> np.ndarray:
        if len(self.classes) == 2:
            positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.column_stack([1.0 - positive, positive])
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict_proba(self, docs: list) -> np.ndarray:
        return self.probabilities(self.scores(docs))

    def save(self, path: Path) -> None:
        terms = sorted(self.vocabulary, key=self.vocabulary.get)
        arrays = {"terms": _text_array(terms), "classes": _text_array(self.classes),
                  "idf": self.idf, "coef": self.coef, "intercept": self.intercept}
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, array in arrays.items():
                archive.writestr(zipfile.ZipInfo(f"{name}.npy", FIXED_TIME),
                                 _npy_bytes(array), zipfile.ZIP_DEFLATED, 9)

    @classmethod
    def load(cls, path: Path) -> LinearScorer:
        with np.load(path, allow_pickle=False) as arrays:
            return cls(_text_list(arrays["terms"]), arrays["idf"], arrays["coef"],
                       arrays["intercept"], _text_list(arrays["classes"]))


@dataclass
class Encoded:
    rows: np.ndarray
    ids: np.ndarray
    counts: np.ndarray
    n_docs: int


class TermSpace:
    """One dictionary pass for several models scoring the same documents: every term of any
    model gets a shared id, and each model maps shared ids to its own columns
    (``scorer.shared``), so four models cost one lookup per term instead of four.

    ``word_terms`` (word → its derived terms, e.g. character n-grams) lets a caller pass the
    words of each document instead of those terms: a word's known term ids are worked out
    once and cached, which spares counting ~400 short strings per post."""

    def __init__(self, scorers: list[LinearScorer], word_terms=None) -> None:
        self.ids: dict[str, int] = {}
        for scorer in scorers:
            for term in scorer.vocabulary:
                self.ids.setdefault(term, len(self.ids))
        for scorer in scorers:
            scorer.shared = np.full(len(self.ids), -1, dtype=np.int64)
            scorer.shared[[self.ids[t] for t in scorer.vocabulary]] = list(
                scorer.vocabulary.values())
        self.word_terms = word_terms
        self._word_ids = _WordIds(self._known_ids)

    def encode(self, docs: list[Counter], words: list[list[str]] | None = None) -> Encoded:
        """Terms of ``docs`` plus, given ``words``, the derived terms of each doc's words."""
        rows, ids, counts = lookup(self.ids, docs)
        if words is not None and self.word_terms is not None:
            rows, ids, counts = _merged((rows, ids, counts), self._word_parts(words),
                                        len(self.ids))
        return Encoded(rows, ids, counts, len(docs))

    def _known_ids(self, word: str) -> np.ndarray:
        return np.fromiter((i for i in map(self.ids.get, self.word_terms(word))
                            if i is not None), np.int64)

    def _word_parts(self, words: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Row and shared id of every derived term occurrence (repeats not yet counted)."""
        get = self._word_ids.__getitem__
        per_doc = [list(map(get, doc)) for doc in words]
        sizes = [sum(map(len, arrays)) for arrays in per_doc]
        flat = list(chain.from_iterable(per_doc))
        ids = np.concatenate(flat) if flat else np.zeros(0, np.int64)
        return np.repeat(np.arange(len(words)), sizes), ids


class _WordIds(dict):
    """word → shared ids of its derived terms, computed on first sight (at most WORD_CACHE
    words are kept; a hit costs one dict lookup at C speed through ``map``)."""

    def __init__(self, compute) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, word: str) -> np.ndarray:
        ids = self.compute(word)
        if len(self) < WORD_CACHE:
            self[word] = ids
        return ids


def _merged(base: tuple, extra: tuple, n_ids: int) -> tuple[np.ndarray, ...]:
    """Base (row, id, count) triples with the counted extra occurrences, rows ascending.
    Extra ids never coincide with a base term of the same row (their own term names)."""
    keys, counts = np.unique(extra[0] * n_ids + extra[1], return_counts=True)
    rows = np.concatenate([base[0], keys // n_ids])
    order = np.argsort(rows, kind="stable")
    return (rows[order], np.concatenate([base[1], keys % n_ids])[order],
            np.concatenate([base[2], counts.astype(np.float64)])[order])


def lookup(index: dict[str, int], docs: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row, index position and count of every indexed term of documents (token lists or
    Counters); rows ascending, unknown terms dropped."""
    found, counts, sizes = [], [], []
    for doc in docs:
        terms = doc if isinstance(doc, Counter) else Counter(doc)
        found.extend(map(index.get, terms.keys(), repeat(-1)))
        counts.extend(terms.values())
        sizes.append(len(terms))
    positions = np.asarray(found, dtype=np.int64)
    known = positions >= 0
    rows = np.repeat(np.arange(len(docs)), sizes)[known]
    return rows, positions[known], np.asarray(counts, dtype=np.float64)[known]


def _text_array(items: list[str]) -> np.ndarray:
    """Strings as one UTF-8 blob, newline-separated (terms never hold a newline)."""
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def _text_list(blob: np.ndarray) -> list[str]:
    return blob.tobytes().decode("utf-8").split("\n")


def _npy_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
    return buffer.getvalue()
