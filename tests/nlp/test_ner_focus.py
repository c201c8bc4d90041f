"""Which sentences heavy NER reads (nlp/ner_focus.py)."""

from __future__ import annotations

import pytest

from nlp.entities import ner
from nlp.ner_focus import MAX_CHARS, ner_focus, sentences

FOCUS = [
    ("Дети мерзнут, сколько можно?!", ""),
    ("Повреждён асфальт. Прошу принять меры!", ""),
    ("Глава района Иван Петров молчит.", "Глава района Иван Петров молчит."),
    ("Биробиджан готовится к зиме.", "Биробиджан готовится к зиме."),
    ("Газпром поднял цены.", "Газпром поднял цены."),
    ("МЧС предупреждает о ветре.", "МЧС предупреждает о ветре."),
    ("Комитет социальной защиты не отвечает.", "Комитет социальной защиты не отвечает."),
    ("Яма на ул. Ленина. Дети мерзнут.", "Яма на ул. Ленина."),
    ("Фото прилагаю\nВ Облучье нет света", "В Облучье нет света"),
    ("Спасибо! Ждём ответа от администрации Смидовича. Всем добра.",
     "Ждём ответа от администрации Смидовича."),
]

SENTENCES = [
    ("Дорога по пр. В. Клыкова разрушилась. Фото есть.",
     ["Дорога по пр. В. Клыкова разрушилась.", "Фото есть."]),
    ("Прорыв в пгт. Глушково! Воды нет", ["Прорыв в пгт. Глушково!", "Воды нет"]),
    ("Строка один\n\nСтрока два", ["Строка один", "Строка два"]),
    ("", [""]),
]


@pytest.mark.parametrize(("text", "expected"), FOCUS)
def test_ner_focus_keeps_sentences_that_may_name(text, expected):
    assert ner_focus(text) == expected


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_sentences_do_not_end_after_abbreviations(text, expected):
    assert sentences(text) == expected


def test_spans_keep_input_order_whatever_the_lengths():
    texts = ["Дети мерзнут.", "Глава района Иван Петров молчит уже неделю, а в Облучье холодно.",
             "", "Звонили Петрову."]
    found = ner().spans_many(texts)
    assert found[0] == [] and found[2] == []
    assert {"type": "PER", "text": "Иван Петров", "source": "ner"} in found[1]
    assert [e["text"] for e in found[3]] == ["Петрову"]


def test_hostile_texts_are_bounded():
    initials = "А. " * 50_000          # every period follows an initial: one long sentence
    assert len(sentences(initials)) == 1
    assert len(ner_focus(initials)) == MAX_CHARS
    assert ner_focus("а" * 100_000) == ""


def test_markups_are_the_taggers_own():
    texts = ["Мэр Биробиджана Иван Петров посетил школу №5 на ул. Шолом-Алейхема.",
             "Прокуратура ЕАО — проверка ООО «Рассвет» в Облучье",
             "Жители Смидовича пишут Путину", "А. А. Иванов, 5 -го мая"]
    tagger = ner()
    mine = list(tagger.markups(texts))
    theirs = list(tagger.tagger.map(texts))
    assert [(m.text, [(s.start, s.stop, s.type) for s in m.spans]) for m in mine] == [
        (m.text, [(s.start, s.stop, s.type) for s in m.spans]) for m in theirs]
    assert any(m.spans for m in mine)
