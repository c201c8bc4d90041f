import pytest

from nlp.morph import lemmas
from nlp.text import normalize, tokens


@pytest.mark.parametrize("raw, expected", [
    ("Ужаааас!!!", "ужас!!!"),
    ("Ёлка и ЁЖ", "елка и еж"),
    ("смотри https://vk.com/wall-1_2 и www.eao.ru", "смотри _url и _url"),
    ("[id123|Иван Петров], ответьте", "иван петров , ответьте"),
    ("@meriyabir когда дадут свет", "_mention когда дадут свет"),
    ("#НетСвета #горячая_вода", "нет света горячая вода"),
    ("холодно😡😡", "холодно 😡 😡"),
    ("класс 👍🏻", "класс 👍"),
    ("длинный  \n\t текст", "длинный текст"),
])
def test_normalize(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Нет света!!! 😡", ["нет", "света", "_excl", "😡"]),
    ("Почему???", ["почему", "_quest"]),
    ("Шолом-Алейхема 12", ["шолом-алейхема", "12"]),
])
def test_tokens(raw, expected):
    assert tokens(normalize(raw)) == expected


@pytest.mark.parametrize("raw, expected", [
    ("нет отопления", ["нет", "отопление"]),
    ("дети мерзнут", ["ребенок", "мерзнуть"]),
    ("батареи ледяные", ["батарея", "ледяной"]),
])
def test_lemmas(raw, expected):
    assert lemmas(tokens(normalize(raw))) == expected
