"""The naive-Bayes-scaled one-vs-rest model: its ratios, weights and probabilities."""

import numpy as np
import pytest
from scipy import sparse

from nlp.train.nblogit import NaiveBayesLogit, log_count_ratio

# rows: documents; columns: terms "вода", "свет", "школа"
X = sparse.csr_matrix(np.array([[1.0, 0, 0], [1.0, 0, 0], [0, 1.0, 0], [0, 1.0, 1.0]]))
Y = np.array(["water", "water", "power", "power"])


@pytest.mark.parametrize("label, sign", [
    ("water", [1, -1, -1]),   # "вода" is the water class's word, the others are not
    ("power", [-1, 1, 1]),
])
def test_log_count_ratio_signs(label, sign):
    assert list(np.sign(log_count_ratio(X, label == Y, 0.5))) == sign


def test_smoothing_pulls_the_ratios_towards_zero():
    sharp, smooth = (np.abs(log_count_ratio(X, Y == "water", a)) for a in (0.1, 5.0))
    assert (smooth < sharp).all()


def test_temperature_flattens_the_probabilities_without_changing_the_choice():
    cold = NaiveBayesLogit(C=10.0, alpha=0.5, temperature=1.0).fit(X, Y)
    warm = NaiveBayesLogit(C=10.0, alpha=0.5, temperature=2.0).fit(X, Y)
    assert list(cold.predict(X)) == list(warm.predict(X)) == list(Y)
    assert (warm.predict_proba(X).max(axis=1) < cold.predict_proba(X).max(axis=1)).all()


def test_three_classes_keep_a_row_each_and_sum_to_one():
    y = np.array(["water", "water", "power", "school"])
    model = NaiveBayesLogit().fit(X, y)
    assert model.coef_.shape == (3, 3)
    assert np.allclose(model.predict_proba(X).sum(axis=1), 1.0)


def test_a_heavier_row_moves_the_model():
    def p_power(weights):
        return NaiveBayesLogit(C=1.0).fit(X, Y, weights).predict_proba(X[3:])[0][0]

    assert p_power(np.array([1.0, 1.0, 1.0, 4.0])) > p_power(None) + 0.02


def test_two_classes_equal_the_difference_of_both_regressions():
    """The binary shortcut: fitting the first class's regression too changes nothing."""
    y = np.array(["a", "a", "b", "b"])
    model = NaiveBayesLogit(C=1.0).fit(X, y)
    both = [NaiveBayesLogit(C=1.0)._one_class(X, y == label, None) for label in ("a", "b")]
    expected = both[1][0] - both[0][0]
    assert model.coef_.shape == (1, 3)
    assert np.allclose(model.coef_[0], expected, atol=1e-4)
