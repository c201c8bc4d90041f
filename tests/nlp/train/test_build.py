"""Training-row weights by corpus, and that a weight reaches the classifier."""

import pandas as pd
import pytest

from nlp.train.build import row_weights
from nlp.train.fit import fit, make_model

FRAME = pd.DataFrame({"origin": ["rusentitweet_train", "rusentitweet_test", "cedr_train",
                                 "examples", "written_breadth_a", "written_rubricator_topics",
                                 "risk_proxy_dev"]})


@pytest.mark.parametrize("task, expected", [
    ("sentiment", [2.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
    ("sector", [1.0, 1.0, 1.0, 1.0, 0.2, 1.0, 1.0]),
    ("complaint", [1.0, 1.0, 1.0, 10.0, 1.0, 1.0, 1.0]),
    ("urgency", [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0]),
])
def test_row_weights(task, expected):
    weights = row_weights(task, FRAME)
    assert (weights if weights is None else list(weights)) == expected


def test_a_heavier_row_moves_the_model():
    docs = [["вода"], ["вода"], ["свет"], ["свет"]]
    labels = ["a", "b", "a", "b"]

    def p_a(weights):
        model = fit(make_model(100, 1.0, balanced=False), docs, labels, weights)
        return model.predict_proba([["вода"]])[0][0]

    assert p_a([3.0, 1.0, 1.0, 1.0]) > p_a(None) + 0.05
