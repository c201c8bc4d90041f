"""A trigger's "the problem is over" negation ("ребёнок найден", "задолженность погашена",
"свет дали") must not clear the post when the fix itself is denied ("не найден", "не погашена",
"так и не дали"): twice a negation matched its own negated form and a missing child read none."""

import pytest

from nlp.prep import prepare
from nlp.risk.lemmas import relemmatize
from nlp.risk.rules import load_rules
from nlp.risk.score import fired


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def trigger_keys(rules, text: str) -> set[str]:
    prep = prepare(text)
    lemma_text = relemmatize(rules.lemma_fixes, prep.tokens, prep.lemma_text)
    words = set(lemma_text.split(" "))
    return {rule.key for rule, _ in fired(rules.trigger_index, prep.tokens, lemma_text, words)}


@pytest.mark.parametrize("text, key", [
    ("Мальчик 9 лет ушёл в лес, до сих пор не найден", "missing_person"),
    ("Пенсионерка ушла из дома вчера, её так и не нашли", "missing_person"),
    ("Задолженность по зарплате не погашена, третий месяц без денег", "unpaid"),
    ("Зарплату так и не выплатили, долг не закрыт", "unpaid"),
    ("Свет так и не дали, сидим без электричества третий день", "no_power"),
    ("Воду не восстановили, нет воды с утра", "no_water"),
    ("Отопление не дали, батареи холодные", "no_heat"),
    ("Подачу газа не возобновили, нет газа второй день", "no_gas"),
    ("Порыв не устранили, из трубы хлещет вода на улицу", "burst_pipe"),
    ("Пожар не потушен, горит дом на Ленина", "fire"),
    ("Дерево не убрали, висит на проводах над дорогой", "dangerous_tree"),
    ("Люк так и не закрыли, открытый колодец у школы", "open_manhole"),
    ("Движение не открыто, мост разрушен", "road_collapse"),
    ("Провода не починили, оборванные провода лежат на земле", "hanging_wires"),
])
def test_a_denied_fix_leaves_the_trigger(rules, text, key):
    assert key in trigger_keys(rules, text)


@pytest.mark.parametrize("text, key", [
    ("Пропавший мальчик найден живым", "missing_person"),
    ("Задолженность по зарплате погашена", "unpaid"),
    ("Свет дали в 18:00", "no_power"),
])
def test_a_fix_clears_the_trigger(rules, text, key):
    assert key not in trigger_keys(rules, text)
