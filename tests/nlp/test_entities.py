"""Fast-path entities: gazetteer places and organization cues (nlp/entities.py)."""

from __future__ import annotations

import pytest

from nlp.entities import fast_entities, merge

ORGS = [
    ("УК «Рассвет» не отвечает", "УК «Рассвет»"),
    ('ООО "Чистый город" не вывозит мусор', 'ООО "Чистый город"'),
    ("МЧС предупреждает о ветре", "МЧС"),
    ("звонили в ДЭК", "ДЭК"),
    ("ДРСК обещает свет к вечеру", "ДРСК"),
    ("Водоканал молчит", "Водоканал"),
    ("жалоба в Роспотребнадзор", "Роспотребнадзор"),
    ("сотрудники Госавтоинспекции на месте", "Госавтоинспекции"),
    ("ГИБДД перекрыла трассу", "ГИБДД"),
    ("напишем в прокуратуру", "прокуратуру"),
    ("мэрия не реагирует", "мэрия"),
    ("администрация района молчит", "администрация района"),
    ("администрации Смидовича всё равно", "администрации Смидовича"),
    ("правительство ЕАО обещало", "правительство ЕАО"),
    ("Минздрав области ответил", "Минздрав"),
    ("в Соцфонд звонили", "Соцфонд"),
    ("на Госуслугах нет записи", "Госуслугах"),
]


@pytest.mark.parametrize(("text", "org"), ORGS)
def test_organization_cues_are_found(text, org):
    found = fast_entities([], text)
    assert {"type": "ORG", "text": org, "source": "pattern"} in found


@pytest.mark.parametrize("text", ["Дети мерзнут третий день", "управляющая компания молчит", ""])
def test_no_organization_without_a_cue(text):
    assert fast_entities([], text) == []


PLACE = {"type": "LOC", "text": "Теплоозерска", "normal": "Теплоозерск", "source": "gazetteer"}


@pytest.mark.parametrize(("heavy", "text", "kept"), [
    ([{"type": "PER", "text": "Теплоозерска", "source": "ner"}], "школа Теплоозерска", []),
    ([{"type": "LOC", "text": "НетВоды", "source": "ner"}], "#НетВоды в Теплоозерска", []),
    ([{"type": "PER", "text": "Иван Петров", "source": "ner"}], "Иван Петров из Теплоозерска",
     ["Иван Петров"]),
])
def test_merge_keeps_places_and_drops_hashtags(heavy, text, kept):
    merged = merge([PLACE], heavy, text)
    assert [e["text"] for e in merged if e["source"] == "ner"] == kept
    assert PLACE in merged
