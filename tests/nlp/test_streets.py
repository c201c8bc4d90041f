import pytest

from nlp.streets import StreetIndex
from pipeline.config.model import Municipality


@pytest.fixture(scope="module")
def streets():
    return StreetIndex([
        Municipality(key="birobidzhan", name="город Биробиджан",
                     streets=["Шолом-Алейхема", "Биршоссе", "Пионерская", "Ленина"]),
        Municipality(key="obluchye_district", name="Облученский район", streets=["Ленина"]),
    ])


@pytest.mark.parametrize("text, key", [
    ("Шолом-Алейхема 67, второй подъезд — батареи ледяные", "birobidzhan"),
    ("на Шолом-Алейхема, 12 нет воды", "birobidzhan"),
    ("ул. Шолом-Алейхема опять раскопали", "birobidzhan"),
    ("по Биршоссе пробка до моста", "birobidzhan"),
    ("на Пионерской, 5 нет света", "birobidzhan"),           # a case form of the listed name
    ("читаю Шолом-Алейхема вечерами", None),                  # the writer, not the street
    ("на шолом-алейхема 12", None),                           # a street is written capitalized
    ("ул. Ленина, 5 нет света", None),                        # listed under two: tells neither
    ("нет света третий день", None),
])
def test_street_places_a_post(streets, text, key):
    assert streets.municipality(text) == key


def test_no_streets_configured_places_nothing():
    plain = StreetIndex([Municipality(key="birobidzhan", name="город Биробиджан")])
    assert plain.municipality("Шолом-Алейхема 67") is None


def test_a_named_place_wins_over_a_street(analyzer):
    assert analyzer.analyze("В Облучье на ул. Шолом-Алейхема 3 горит сарай").municipality \
        == "obluchye_district"
    assert analyzer.analyze("Шолом-Алейхема 67 — третий день без воды").municipality \
        == "birobidzhan"
