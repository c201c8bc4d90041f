"""The rules' own reading of forms whose first pymorphy parse is another word."""

import re

import pytest
import yaml

from nlp.morph import analyzer, lemma
from nlp.prep import prepare
from nlp.risk.lemmas import lemma_fixes, relemmatize, vocabulary
from nlp.risk.rules import RULES_DIR, load_rules


@pytest.fixture(scope="module")
def fixes():
    return load_rules().lemma_fixes


@pytest.mark.parametrize(("form", "word"), [
    ("ямы", "яма"), ("ям", "яма"), ("ямах", "яма"), ("стоит", "стоять"), ("котлами", "котел"),
    ("лагере", "лагерь"), ("зашли", "зайти"), ("полынью", "полынья"),
    # a noun's or adjective's first parse is of another nominal part of speech
    ("стояков", "стояк"), ("щитков", "щиток"), ("обваловки", "обваловка"),
    ("горячего", "горячий"), ("диспетчерской", "диспетчерский"),
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


# a whole word of a pattern: not part of a hyphenated word, not a stem before a quantifier
PATTERN_WORD = re.compile(r"(?<![\w\\-])([а-яё]{2,})(?![\wа-яё*+?{-])")


def reachable(word: str, fixes: dict[str, str]) -> bool:
    """Can the word stand in a post's lemma text (the rules' reading)?"""
    if lemma(word) == word or word in fixes.values():
        return True
    forms = {f.word.replace("ё", "е") for p in analyzer().parse(word) for f in p.lexeme}
    return any(lemma(f) == word and f not in fixes for f in forms)


def test_every_pattern_word_can_occur_in_lemma_text(fixes):
    """A word no post's lemma text holds ("ямы", "скорая", "пострадавший") is an alternative
    that never matches: write the lemma ("яма", "скорый", "пострадать")."""
    dead = set()
    for name in ("triggers", "modifiers"):
        rules = yaml.safe_load((RULES_DIR / f"{name}.yaml").read_text(encoding="utf-8"))[name]
        for rule in rules:
            for source in rule["patterns"] + rule.get("negations", []):
                words = {w.replace("ё", "е") for w in PATTERN_WORD.findall(source)}
                dead |= {f"{rule['key']}: {w} (lemma {lemma(w)})" for w in words
                         if not reachable(w, fixes)}
    assert not dead, sorted(dead)
