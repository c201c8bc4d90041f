import pytest

from nlp.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def gazetteer(shipped_config):
    return Gazetteer(shipped_config.municipalities)


@pytest.mark.parametrize("text, key", [
    ("Третий день без света в Биробиджане", "birobidzhan"),
    ("в биробиджане опять прорыв", "birobidzhan"),
    ("Облучье: нет воды", "obluchye_district"),
    ("в Облучье отключили газ", "obluchye_district"),
    ("в Смидовиче прорвало трубу", "smidovich_district"),
    ("Николаевка осталась без газа", "smidovich_district"),
    ("жители Николаевки жалуются", "smidovich_district"),
    ("Теплоозерск", "obluchye_district"),
    ("в Теплоозерске закрыли аптеку", "obluchye_district"),
    ("жители Теплого Озера", "obluchye_district"),
    ("в Биробиджанском районе", "birobidzhan_district"),
    ("в Ленинском районе размыло дорогу", "leninskoe_district"),
    ("из Амурзета", "oktyabrsky_district"),
    ("в Дубовом нет света", "birobidzhan_district"),
    ("в Валдгейме и в Биробиджане, но в Валдгейме хуже", "birobidzhan_district"),
    ("дубовая роща", None),            # a common adjective, not the village Дубовое
    ("приамурский край", None),        # lower-case adjective is not the settlement
    ("в Москве снег", None),
    ("проспект Ленинского Комсомола 58", None),   # a street named like the settlement
    ("по Ленинскому проспекту 114", None),
    ("ул. Смидовича, 3", None),
    ("Биробиджан, ул. Ленина, 5", "birobidzhan"),  # the comma: the city, then the street
    ("Облучье улица Тихонькая 12", "obluchye_district"),
    ("с. Ленинское, ул. Октябрьская", "leninskoe_district"),
])
def test_resolve(gazetteer, text, key):
    assert gazetteer.resolve(text)[0] == key


def test_mentions_keep_the_written_form(gazetteer):
    _, mentions = gazetteer.resolve("Жители Теплоозерска и Облучья")
    assert [(m.text, m.place.name) for m in mentions] == [
        ("Теплоозерска", "Теплоозерск"), ("Облучья", "Облучье")]
