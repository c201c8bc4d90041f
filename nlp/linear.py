"""A lean scorer for the fitted TF-IDF + logistic regression pipelines.

Same numbers as ``pipeline.predict_proba`` (tested), without scikit-learn's per-call
validation: a single post is scored in tens of microseconds instead of ~1 ms.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
from scipy.sparse import csr_matrix


class LinearScorer:
    def __init__(self, pipeline) -> None:
        tfidf, clf = pipeline.named_steps["tfidf"], pipeline.named_steps["clf"]
        if not (tfidf.sublinear_tf and tfidf.norm == "l2" and tfidf.use_idf):
            raise ValueError("LinearScorer expects sublinear, l2-normalized TF-IDF")
        self.vocabulary = tfidf.vocabulary_
        self.idf = tfidf.idf_.astype(np.float64)
        self.coef = np.ascontiguousarray(clf.coef_.T, dtype=np.float64)
        self.intercept = clf.intercept_.astype(np.float64)
        self.classes = [str(c) for c in clf.classes_]

    def matrix(self, docs: list[list[str]]) -> csr_matrix:
        indptr, indices, values = [0], [], []
        for doc in docs:
            counts = Counter(self.vocabulary[t] for t in doc if t in self.vocabulary)
            weights = [(1.0 + math.log(n)) * self.idf[i] for i, n in counts.items()]
            norm = math.sqrt(sum(w * w for w in weights)) or 1.0
            indices.extend(counts)
            values.extend(w / norm for w in weights)
            indptr.append(len(indices))
        return csr_matrix((values, indices, indptr), shape=(len(docs), len(self.idf)))

    def predict_proba(self, docs: list[list[str]]) -> np.ndarray:
        scores = self.matrix(docs) @ self.coef + self.intercept
        if len(self.classes) == 2:
            positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.column_stack([1.0 - positive, positive])
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)
