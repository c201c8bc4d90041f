import pytest

from nlp.morph import lemmas
from nlp.text import normalize, strip_emoticons, tokens


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
    ("Пишите на ГОСУСЛУГИ.РФ или WWW.EAO.RU", "пишите на _url или _url"),
    ("HTTP://EXAMPLE.ORG/a", "_url"),
    ("ГОСТ 12.1 и т.д.", "гост 12.1 и т.д."),
    ("\u00a0 неразрывный\u2003пробел \u3000", "неразрывный пробел"),
])
def test_normalize(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Нет света!!! 😡", ["нет", "света", "_excl", "😡"]),
    ("Почему???", ["почему", "_quest"]),
    ("Шолом-Алейхема 12", ["шолом-алейхема", "12"]),
    ("Привет))) как дела", ["привет", "_smile", "как", "дела"]),
    ("отлично :-D", ["отлично", "_smile"]),
    ("ура)", ["ура", "_smile"]),
    ("опять без света(((", ["опять", "без", "света", "_frown"]),
    ("жаль :(", ["жаль", "_frown"]),
    ("ждешь...((", ["ждешь", "_frown"]),
    ("см. (выше) текст", ["см", "выше", "текст"]),
    ("список: [1] готов", ["список", "1", "готов"]),
    ("1) вода 2) свет", ["1", "вода", "2", "свет"]),
    ("а, https://t.me/x", ["а", "_url"]),
    ("https://t.me/x", ["_url"]),
    ("ночью -22, днём −15°", ["ночью", "минус", "22", "днем", "минус", "15"]),
    ("с 10-22 часов", ["с", "10-22", "часов"]),
])
def test_tokens(raw, expected):
    assert tokens(normalize(raw)) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Люблю деревья..))", "Люблю деревья.."),
    ("жаль :( но ладно", "жаль но ладно"),
    ("цены (в рублях)", "цены (в рублях)"),
])
def test_strip_emoticons(raw, expected):
    assert strip_emoticons(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("нет отопления", ["нет", "отопление"]),
    ("дети мерзнут", ["ребенок", "мерзнуть"]),
    ("батареи ледяные", ["батарея", "ледяной"]),
])
def test_lemmas(raw, expected):
    assert lemmas(tokens(normalize(raw))) == expected
