"""The runtime scorer gives scikit-learn's probabilities, before and after a save/load."""

import numpy as np
import pytest

from nlp.features import builtin_lexicons, feature_tokens
from nlp.linear import LinearScorer
from nlp.prep import prepare
from nlp.train.fit import make_model

TRAIN = [("нет отопления третий день", "housing"), ("батареи холодные в квартире", "housing"),
         ("яма на дороге у остановки", "transport"), ("автобус не пришел утром", "transport"),
         ("нет талонов к терапевту", "health"), ("в поликлинике очередь к врачу", "health")] * 2
TEXTS = ["Третий день нет отопления, дети мерзнут 😡", "", "Спасибо за праздник!",
         "В поликлинике нет талонов к терапевту", "слово слово слово слово"]


def docs(texts):
    lex = builtin_lexicons()
    return [feature_tokens(prepare(t).lemmas, lex) for t in texts]


@pytest.fixture(scope="module", params=["multiclass", "binary", "nb multiclass", "nb binary"])
def pipeline(request):
    labels = [label if request.param.endswith("multiclass") else str(label == "health")
              for _, label in TRAIN]
    nb = {"nb_alpha": 0.5, "temperature": 1.4} if request.param.startswith("nb") else {}
    return make_model(1000, 5.0, **nb).fit(docs([t for t, _ in TRAIN]), labels)


@pytest.mark.parametrize("texts", [TEXTS[:1], TEXTS, TEXTS * 3],
                         ids=["one post", "a few (dense path)", "a batch (sparse path)"])
def test_same_probabilities_as_sklearn(pipeline, texts):
    expected = pipeline.predict_proba(docs(texts))
    scorer = LinearScorer.from_pipeline(pipeline)
    assert np.allclose(scorer.predict_proba(docs(texts)), expected, atol=1e-9)


def test_save_and_load_keep_the_numbers_and_the_bytes(pipeline, tmp_path):
    scorer = LinearScorer.from_pipeline(pipeline)
    scorer.save(tmp_path / "a.npz")
    loaded = LinearScorer.load(tmp_path / "a.npz")
    assert loaded.classes == scorer.classes and loaded.vocabulary == scorer.vocabulary
    assert np.array_equal(loaded.predict_proba(docs(TEXTS)), scorer.predict_proba(docs(TEXTS)))
    loaded.save(tmp_path / "b.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()


def test_a_pipeline_without_sublinear_tfidf_is_refused(pipeline):
    pipeline.named_steps["tfidf"].sublinear_tf = False
    try:
        with pytest.raises(ValueError, match="sublinear"):
            LinearScorer.from_pipeline(pipeline)
    finally:
        pipeline.named_steps["tfidf"].sublinear_tf = True


@pytest.mark.parametrize("texts", [TEXTS[:1], TEXTS, TEXTS * 3],
                         ids=["one post", "a few posts", "a batch"])
def test_shared_term_space_gives_the_same_probabilities(texts):
    """Several models scoring the same posts through one TermSpace lookup."""
    from collections import Counter

    from nlp.linear import TermSpace

    multiclass = make_model(1000, 5.0).fit(docs([t for t, _ in TRAIN]), [y for _, y in TRAIN])
    binary = make_model(1000, 5.0).fit(docs([t for t, _ in TRAIN[:8]]),
                                       [str(y == "housing") for _, y in TRAIN[:8]])
    scorers = [LinearScorer.from_pipeline(p) for p in (multiclass, binary)]
    encoded = TermSpace(scorers).encode([Counter(d) for d in docs(texts)])
    for scorer in scorers:
        expected = scorer.predict_proba(docs(texts))
        got = scorer.probabilities(scorer.encoded_scores(encoded))
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)
