import pytest

from nlp.address import extract_address


@pytest.mark.parametrize("text, expected", [
    ("На ул. Шолом-Алейхема, 12 прорыв", "ул. Шолом-Алейхема, 12"),
    ("улица 60-летия СССР д. 5 кв. 3 без воды", "улица 60-летия СССР д. 5 кв. 3"),
    ("проспект 60-летия СССР, 14", "проспект 60-летия СССР, 14"),
    ("пр. 60-летия СССР, д. 12 — нет отопления", "пр. 60-летия СССР, д. 12"),
    ("трубы, краны и пр. мелочи", None),
    ("в доме по улице Советская 2а", "улице Советская 2а"),
    ("пер. Швейный 3", "пер. Швейный 3"),
    ("на Пионерской, 5 нет света", "Пионерской, 5"),
    ("нет света уже 5 часов", None),
    ("просто текст без адреса", None),
    ("Биршоссе 3, подвал затоплен", None),     # "шоссе" inside a word is no street word
])
def test_extract_address(text, expected):
    assert extract_address(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("На ул. Шолом-Алейхема, 12 в Биробиджане нет света", "ул. Шолом-Алейхема, 12"),
    ("ул. Ленина, 5а, подъезд 2", "ул. Ленина, 5а"),
    ("ул. Ленина 14/2 кв. 7", "ул. Ленина 14/2 кв. 7"),
])
def test_house_number_does_not_swallow_the_next_word(text, expected):
    assert extract_address(text) == expected
