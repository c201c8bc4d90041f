"""Naive-Bayes-scaled one-vs-rest logistic regression (NB-LR, Wang & Manning 2012).

Each class gets a logistic regression on the TF-IDF values scaled by the terms' log-count
ratio for that class (how much likelier a term is inside the class than outside it). The
scaling and the per-class models fold into one coefficient matrix, read through a softmax
at a fixed temperature, so the saved model has the same form as a multinomial logistic
regression and `nlp.linear.LinearScorer` scores it unchanged.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.special import softmax
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression


class NaiveBayesLogit(ClassifierMixin, BaseEstimator):
    def __init__(self, C: float = 10.0, alpha: float = 0.5, temperature: float = 1.0) -> None:
        self.C = C
        self.alpha = alpha
        self.temperature = temperature

    def fit(self, X, y, sample_weight=None) -> NaiveBayesLogit:
        X, y = sparse.csr_matrix(X), np.asarray(y)
        self.classes_ = np.unique(y)
        # two classes: the first class's regression mirrors the second's (negated ratios, the
        # same weights), so one is fitted and their difference is twice its scores, in
        # scikit-learn's binary form (one row, for the second class)
        labels = self.classes_[1:] if len(self.classes_) == 2 else self.classes_
        fitted = [self._one_class(X, y == label, sample_weight) for label in labels]
        scale = (2.0 if len(self.classes_) == 2 else 1.0) / self.temperature
        self.coef_ = np.vstack([coef for coef, _ in fitted]) * scale
        self.intercept_ = np.array([icpt for _, icpt in fitted]) * scale
        return self

    def _one_class(self, X, inside: np.ndarray, sample_weight) -> tuple[np.ndarray, float]:
        ratio = log_count_ratio(X, inside, self.alpha)
        model = LogisticRegression(C=self.C, max_iter=3000, class_weight="balanced")
        model.fit(X.multiply(ratio).tocsr(), inside.astype(int), sample_weight=sample_weight)
        return model.coef_[0] * ratio, float(model.intercept_[0])

    def decision_function(self, X) -> np.ndarray:
        return sparse.csr_matrix(X) @ self.coef_.T + self.intercept_

    def predict_proba(self, X) -> np.ndarray:
        scores = self.decision_function(X)
        if scores.shape[1] == 1:
            scores = np.hstack([np.zeros_like(scores), scores])
        return softmax(scores, axis=1)

    def predict(self, X) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def log_count_ratio(X, inside: np.ndarray, alpha: float) -> np.ndarray:
    """log of (a term's share of the class's feature mass) / (its share outside the class),
    both smoothed by ``alpha``."""
    p = alpha + np.asarray(X[inside].sum(axis=0)).ravel()
    q = alpha + np.asarray(X[~inside].sum(axis=0)).ravel()
    return np.log((p / p.sum()) / (q / q.sum()))
