"""Leave one corpus out: the held-out corpus is scored and never trained on."""

import pandas as pd
import pytest

from nlp.train.transfer import corpus, held_out


@pytest.mark.parametrize("origin, name", [
    ("rusentitweet_test", "rusentitweet"),
    ("rusentitweet_train", "rusentitweet"),
    ("sentiruEval_banks_test_etalon", "sentiruEval"),
    ("cedr_train", "cedr"),
    ("opensentimentcorpus", "opensentimentcorpus"),
])
def test_corpus(origin, name):
    assert corpus(pd.Series([origin]))[0] == name


def test_the_held_out_corpus_is_never_trained_on():
    words = {"positive": "отлично", "negative": "ужасно", "neutral": "обычно"}
    flipped = {"positive": "ужасно", "negative": "обычно", "neutral": "отлично"}
    rows = [(w, label, "cedr_train") for label, w in words.items() for _ in range(4)]
    rows += [(w, label, "rusentitweet_test") for label, w in flipped.items() for _ in range(2)]
    df = pd.DataFrame(rows, columns=["text", "label", "origin"])
    docs = [[t] for t in df["text"]]
    result = held_out(df, docs, df["text"].tolist(), "rusentitweet")
    for kind in ("model", "baseline"):
        assert result[kind]["rows"] == 6
        assert result[kind]["accuracy"] == 0.0  # learnt from cedr, whose words mean otherwise
