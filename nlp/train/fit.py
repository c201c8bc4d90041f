"""Model definition and cross-validation for the three text classifiers."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline

from nlp.features import identity
from nlp.train.nblogit import NaiveBayesLogit

SEED = 13


class StableTfidfVectorizer(TfidfVectorizer):
    """TF-IDF whose ``max_features`` cut breaks ties by term (alphabetical), not by numpy's
    unstable argsort, whose order among equal counts depends on the CPU's SIMD sort (AVX-512
    and AVX2 machines kept different terms at the cut, so the same files gave other models)."""

    def _limit_features(self, X, vocabulary, high=None, low=None, limit=None):
        if high is not None or low is not None:
            X = super()._limit_features(X, vocabulary, high, low, None)
        if limit is None or X.shape[1] <= limit:
            return X
        totals = np.asarray(X.sum(axis=0)).ravel()
        kept = np.sort(np.argsort(-totals, kind="stable")[:limit])
        new_index = {int(old): new for new, old in enumerate(kept)}
        for term, old in list(vocabulary.items()):
            if old in new_index:
                vocabulary[term] = new_index[old]
            else:
                del vocabulary[term]
        return X[:, kept]


def make_model(max_features: int, C: float, balanced: bool = True,
               nb_alpha: float | None = None, temperature: float = 1.0) -> Pipeline:
    """TF-IDF + multinomial logistic regression; given ``nb_alpha``, the naive-Bayes-scaled
    one-vs-rest form instead (nlp.train.nblogit, always balanced)."""
    clf = (NaiveBayesLogit(C, nb_alpha, temperature) if nb_alpha is not None else
           LogisticRegression(C=C, max_iter=3000, class_weight="balanced" if balanced else None))
    return Pipeline([
        ("tfidf", StableTfidfVectorizer(analyzer=identity, min_df=2, max_features=max_features,
                                        sublinear_tf=True, dtype=np.float32)),
        ("clf", clf),
    ])


def make_baseline() -> Pipeline:
    """The reference of the targets: TF-IDF of the raw text + default logistic regression."""
    return Pipeline([("tfidf", TfidfVectorizer()), ("clf", LogisticRegression(max_iter=2000))])


def fit(model: Pipeline, docs, labels, weights=None) -> Pipeline:
    if weights is None:
        return model.fit(docs, labels)
    return model.fit(docs, labels, clf__sample_weight=weights)


def oof_predict(make, docs, labels, eval_mask, extra_mask, folds: int = 5, seed: int = SEED,
                weights=None):
    """Out-of-fold probabilities for rows in eval_mask; rows in extra_mask always train.

    The evaluated rows (e.g. real appeals) are split into folds; auxiliary rows (topic names,
    other corpora) join every training fold but are never scored, so the figure speaks for
    the evaluated corpus alone. ``weights`` (one per row) weigh the training rows.
    """
    labels = np.asarray(labels)
    eval_idx = np.flatnonzero(eval_mask)
    extra_idx = np.flatnonzero(extra_mask)
    proba, classes = None, None
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for train_part, test_part in splitter.split(eval_idx, labels[eval_idx]):
        train_idx = np.concatenate([eval_idx[train_part], extra_idx])
        model = fit(make(), [docs[i] for i in train_idx], labels[train_idx],
                    None if weights is None else weights[train_idx])
        classes = list(model.classes_)
        if proba is None:
            proba = np.zeros((len(labels), len(classes)))
        proba[eval_idx[test_part]] = model.predict_proba([docs[i] for i in eval_idx[test_part]])
    return proba[eval_idx], labels[eval_idx], classes


def metrics(y_true, proba, classes) -> dict:
    y_pred = np.asarray(classes)[proba.argmax(axis=1)]
    per_class = f1_score(y_true, y_pred, labels=classes, average=None, zero_division=0)
    return {
        "rows": int(len(y_true)),
        "macro_f1": round(float(f1_score(y_true, y_pred, average="macro", zero_division=0)), 4),
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "f1_per_class": {c: round(float(f), 4) for c, f in zip(classes, per_class, strict=False)},
        "ece": round(expected_calibration_error(y_true, proba, classes), 4),
        "confusion": confusion_matrix(y_true, y_pred, labels=classes).tolist(),
        "labels": list(classes),
    }


def expected_calibration_error(y_true, proba, classes, bins: int = 10) -> float:
    conf = proba.max(axis=1)
    correct = np.asarray(classes)[proba.argmax(axis=1)] == np.asarray(y_true)
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=False):
        in_bin = (conf > lo) & (conf <= hi)
        if in_bin.any():
            total += in_bin.mean() * abs(correct[in_bin].mean() - conf[in_bin].mean())
    return float(total)
