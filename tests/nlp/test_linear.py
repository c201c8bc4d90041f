"""The lean scorer gives scikit-learn's probabilities."""

import numpy as np
import pytest

from nlp.features import feature_tokens
from nlp.linear import LinearScorer
from nlp.models import TASKS, load
from nlp.prep import prepare

TEXTS = ["Третий день нет отопления, дети мерзнут 😡", "", "Спасибо за праздник!",
         "В поликлинике нет талонов к терапевту", "слово слово слово слово"]


@pytest.mark.parametrize("task", TASKS)
def test_same_probabilities_as_sklearn(task):
    bundle = load()
    docs = [feature_tokens(prepare(t).lemmas, bundle.lexicons) for t in TEXTS]
    expected = bundle.models[task].predict_proba(docs)
    assert np.allclose(LinearScorer(bundle.models[task]).predict_proba(docs), expected,
                       atol=1e-5)
