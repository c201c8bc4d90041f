"""nlp/ner_forward.py against slovnet's own numpy executor, on the same batches."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.entities import ner
from nlp.segments import words

TEXTS = [
    "Глава района Иван Петров молчит: в Биробиджане третий день нет отопления.",
    "Жители ул. Шолом-Алейхема, 21 обратились в прокуратуру ЕАО и в ООО «Дальсервис».",
    "Москва",
    "В Облучье и Теплоозерске отключили воду, МЧС и Водоканал не отвечают, "
    "а депутат Законодательного собрания Сидорова обещала разобраться до пятницы.",
    "Ок",
]


@pytest.fixture(scope="module")
def tagger():
    return ner()


@pytest.fixture(scope="module")
def batch(tagger):
    return tagger.tagger.infer.encoder.input([tagger._ids(words(t)) for t in TEXTS])


def test_emissions_match_slovnet(tagger, batch):
    ours = tagger.forward(batch.word_id, batch.shape_id, batch.pad_mask)
    theirs = tagger.tagger.infer.model(batch.word_id, batch.shape_id, batch.pad_mask)
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, atol=1e-4)


def test_tags_match_slovnet(tagger):
    ours = [[(s.start, s.stop, s.type) for s in m.spans] for m in tagger.markups(TEXTS)]
    theirs = [[(s.start, s.stop, s.type) for s in m.spans] for m in tagger.tagger.map(TEXTS)]
    assert ours == theirs
    assert any(ours)  # the texts hold names: the comparison is not between empty lists
