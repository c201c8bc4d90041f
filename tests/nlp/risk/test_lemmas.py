"""The rules' own reading of forms whose first pymorphy parse is another word."""

import pytest

from nlp.prep import prepare
from nlp.risk.lemmas import lemma_fixes, relemmatize, vocabulary
from nlp.risk.rules import load_rules


@pytest.fixture(scope="module")
def fixes():
    return load_rules().lemma_fixes


@pytest.mark.parametrize(("form", "word"), [
    ("ямы", "яма"), ("ям", "яма"), ("ямах", "яма"), ("стоит", "стоять"), ("котлами", "котел"),
    ("лагере", "лагерь"), ("зашли", "зайти"), ("полынью", "полынья"),
    ("ели", None),       # ate: a verb, not the spruce
    ("бывший", None),    # a participle keeps its lemma
    ("села", None),      # "село" is a rules' word itself
    ("лета", None),      # "год" weighs far less than "лето"
])
def test_shipped_rules_reread(fixes, form, word):
    assert fixes.get(form) == word


@pytest.mark.parametrize(("text", "expected"), [
    ("Ямы на дороге", "яма на дорога"),
    ("Лифт стоит третий день", "лифт стоять третий день"),
    ("Нет света", "нет свет"),
])
def test_relemmatize(fixes, text, expected):
    post = prepare(text)
    assert relemmatize(fixes, post.tokens, post.lemma_text) == expected


def test_vocabulary_reads_the_words_of_patterns():
    assert vocabulary([r"(яма|выбоина) (\S+ ){0,2}ёлка", "нет свет"]) == {
        "яма", "выбоина", "елка", "нет", "свет"}


def test_only_forms_of_a_pattern_word_are_reread():
    assert set(lemma_fixes(vocabulary(["яма"])).values()) == {"яма"}


def test_pothole_post_fires_its_trigger(analyzer):
    assert "разбитая дорога" in analyzer.analyze("На Пионерской ямы по колено").reasons
