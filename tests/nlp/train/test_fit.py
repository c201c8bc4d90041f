"""The term cut at max_features: most frequent first, ties by term, whatever the CPU sorts."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from nlp.features import identity
from nlp.train.fit import StableTfidfVectorizer

DOCS = [["вода", "свет", "газ"], ["вода", "свет", "тепло"], ["вода", "газ", "тепло"],
        ["вода", "мост"], ["мост", "яма"]]


def cut(docs, limit, min_df=1):
    return StableTfidfVectorizer(analyzer=identity, min_df=min_df,
                                 max_features=limit).fit(docs).vocabulary_


@pytest.mark.parametrize("limit, min_df, kept", [
    (1, 1, {"вода"}),                                  # 4 documents
    (2, 1, {"вода", "газ"}),                           # газ, мост, свет, тепло: 2 each
    (3, 1, {"вода", "газ", "мост"}),
    (5, 1, {"вода", "газ", "мост", "свет", "тепло"}),
    (3, 2, {"вода", "газ", "мост"}),                   # яма (1 document) goes first
    (10, 2, {"вода", "газ", "мост", "свет", "тепло"}),
])
def test_the_most_frequent_terms_stay_and_ties_go_by_term(limit, min_df, kept):
    assert set(cut(DOCS, limit, min_df)) == kept


def test_the_order_of_the_documents_does_not_choose_among_ties():
    assert cut(DOCS, 3) == cut(DOCS[::-1], 3)


def test_columns_are_numbered_by_term_as_scikit_learn_does():
    vocabulary = cut(DOCS, 4)
    assert sorted(vocabulary, key=vocabulary.get) == sorted(vocabulary)
    assert sorted(vocabulary.values()) == list(range(4))


def test_without_ties_it_keeps_what_scikit_learn_keeps():
    docs = [["a"] * 5 + ["b"] * 4 + ["c"] * 3 + ["d"] * 2 + ["e"]] * 2
    ours = StableTfidfVectorizer(analyzer=identity, max_features=3, sublinear_tf=True).fit(docs)
    theirs = TfidfVectorizer(analyzer=identity, max_features=3, sublinear_tf=True).fit(docs)
    assert ours.vocabulary_ == theirs.vocabulary_
    assert np.allclose(ours.transform(docs).toarray(), theirs.transform(docs).toarray())
