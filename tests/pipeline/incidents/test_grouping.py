"""Posts become incidents: reposts, near-duplicates, same problem in other words, places."""

from datetime import timedelta

import pytest
from incident_seed import MONDAY, add_analysis, add_post
from sqlalchemy import select

from pipeline.incidents.assign import group_pending
from pipeline.incidents.grouping import street_of
from pipeline.store.schema import incident_posts, incidents

NOW = MONDAY
WATER_1 = "В доме на улице Шолом-Алейхема 15 третий день нет горячей воды, дети не могут помыться"
WATER_2 = ("Шолом-Алейхема 15: горячая вода отсутствует уже трое суток, "
           "управляющая компания не берёт трубку")
TRASH = "На улице Шолом-Алейхема не вывозят мусор, контейнеры переполнены, крысы бегают"


def incident_of(conn, post_id):
    return conn.execute(select(incident_posts.c.incident_id, incident_posts.c.reason).where(
        incident_posts.c.post_id == post_id)).first()


def run(store, rules, now=NOW):
    with store.transaction() as conn:
        return group_pending(conn, rules, now)


def test_repost_joins_its_original_whatever_it_says(store, rules):
    with store.transaction() as conn:
        original = add_post(conn, WATER_1, native_id="-1_10", risk=65)
        repost = add_post(conn, "Смотрите что творится!", native_id="-2_77", source="vk-other",
                          sector="other", municipality=None, risk=10,
                          repost_of=("vk", "-1_10"))
    run(store, rules)
    with store.transaction() as conn:
        first, second = incident_of(conn, original), incident_of(conn, repost)
    assert first.incident_id == second.incident_id
    assert second.reason == "репост сообщения vk/-1_10"


def test_original_arriving_after_its_repost_joins_it(store, rules):
    with store.transaction() as conn:
        repost = add_post(conn, "Смотрите!", risk=70, repost_of=("telegram", "chan/5"))
    run(store, rules)
    with store.transaction() as conn:
        original = add_post(conn, WATER_1, platform="telegram", source="tg-x",
                            native_id="chan/5", risk=30)
    run(store, rules)
    with store.transaction() as conn:
        assert incident_of(conn, original).incident_id == incident_of(conn, repost).incident_id
        assert incident_of(conn, original).reason.startswith("исходное сообщение репоста")


def test_near_duplicate_joins_even_with_another_sector(store, rules):
    with store.transaction() as conn:
        a = add_post(conn, WATER_1, risk=60)
        b = add_post(conn, WATER_1.replace("третий", "уже третий") + "!!!", sector="social",
                     municipality="birobidzhan_district", source="vk-copy", risk=45)
    run(store, rules)
    with store.transaction() as conn:
        assert incident_of(conn, a).incident_id == incident_of(conn, b).incident_id
        assert "почти дословный повтор" in incident_of(conn, b).reason


def test_same_problem_in_other_words_joins(store, rules):
    with store.transaction() as conn:
        a = add_post(conn, WATER_1, address="ул. Шолом-Алейхема, 15", risk=60)
        b = add_post(conn, WATER_2, address="Шолом-Алейхема 15", risk=50,
                     published_at=MONDAY - timedelta(minutes=10))
    run(store, rules)
    with store.transaction() as conn:
        joined = incident_of(conn, b)
        assert joined.incident_id == incident_of(conn, a).incident_id
        assert joined.reason.startswith("тот же сектор (Строительство и ЖКХ) и место "
                                        "(город Биробиджан, Шолом-Алейхема 15), похожий текст")


def test_different_problems_in_one_street_stay_apart(store, rules):
    with store.transaction() as conn:
        a = add_post(conn, WATER_1, address="ул. Шолом-Алейхема, 15", risk=60)
        b = add_post(conn, TRASH, address="ул. Шолом-Алейхема", risk=55)
    run(store, rules)
    with store.transaction() as conn:
        assert incident_of(conn, a).incident_id != incident_of(conn, b).incident_id


def test_same_words_other_district_or_street_stay_apart(store, rules):
    with store.transaction() as conn:
        a = add_post(conn, "Нет горячей воды второй день, ул. Ленина 3", address="ул. Ленина, 3",
                     risk=60)
        b = add_post(conn, "Нет горячей воды второй день", address="ул. Пионерская, 8",
                     risk=60)  # the same words, but the analysis found another street
        c = add_post(conn, "Нет горячей воды второй день", municipality="obluchye_district",
                     risk=60)
    run(store, rules)
    with store.transaction() as conn:
        ids = {incident_of(conn, p).incident_id for p in (a, b, c)}
    assert len(ids) == 3


def test_outside_the_window_a_new_incident_opens(store, rules):
    with store.transaction() as conn:
        a = add_post(conn, WATER_1, risk=60, published_at=MONDAY - timedelta(days=5))
        b = add_post(conn, WATER_2, risk=60)
    run(store, rules)
    with store.transaction() as conn:
        assert incident_of(conn, a).incident_id != incident_of(conn, b).incident_id


def test_a_comment_forms_an_incident_of_its_own(store, rules):
    with store.transaction() as conn:
        post = add_post(conn, "Администрация отчиталась о ремонте дорог в городе", risk=45,
                        sector="transport", native_id="-1_500")
        comment = add_post(conn, TRASH, parent_id="-1_500", native_id="-1_500_c1", risk=55)
    run(store, rules)
    with store.transaction() as conn:
        assert incident_of(conn, comment).incident_id != incident_of(conn, post).incident_id
        assert incident_of(conn, comment).reason == "первое сообщение инцидента"


def test_a_comment_naming_no_place_is_placed_by_its_parent(store, rules):
    with store.transaction() as conn:
        post = add_post(conn, "В Николаевке нет воды с самого утра, водоканал молчит", risk=60,
                        municipality="smidovich_district", native_id="-9_1")
        comment = add_post(conn, "И у нас на соседней улице тоже воды нет с утра", risk=50,
                           municipality=None, parent_id="-9_1", native_id="-9_1_c5")
        stranger = add_post(conn, "И у нас на соседней улице тоже воды нет с утра!", risk=50,
                            municipality=None, native_id="-9_2", source="vk-else")
    run(store, rules)
    with store.transaction() as conn:
        assert incident_of(conn, comment).incident_id == incident_of(conn, post).incident_id
        assert "место (Смидовичский район)" in incident_of(conn, comment).reason
        # the same words without a parent: a near-duplicate of the comment, so it joins too
        assert incident_of(conn, stranger).incident_id == incident_of(conn, post).incident_id


def test_low_posts_open_nothing_and_are_not_rescanned(store, rules):
    with store.transaction() as conn:
        quiet = add_post(conn, "Хорошая погода сегодня в парке", risk=5, sector="other")
    assert run(store, rules).skipped == 1
    assert run(store, rules).posts == 0
    with store.transaction() as conn:
        assert incident_of(conn, quiet) is None
        # a newer analysis (another model version) is looked at again
        add_analysis(conn, quiet, sector="housing", municipality="birobidzhan", risk=70,
                     model_version="test-2", analyzed_at=MONDAY)
    assert run(store, rules).created == 1
    with store.transaction() as conn:
        level = conn.execute(select(incidents.c.risk_level)).scalar_one()
    assert level == "high"  # from the newest analysis


def test_growth_raises_the_level(store, rules):
    with store.transaction() as conn:
        for i in range(12):
            add_post(conn, f"{WATER_1} (сообщение {i})", risk=45,
                     published_at=MONDAY - timedelta(minutes=60 - i))
    run(store, rules)
    with store.transaction() as conn:
        row = conn.execute(select(incidents)).mappings().one()
    assert row["risk_level"] == "critical"  # medium + 2 growth steps (5 and 12 posts)
    assert "12 похожих сообщений" in row["reasons"]


@pytest.mark.parametrize(("address", "street"), [
    ("ул. Шолом-Алейхема, 15", "шолом-алейхем"),
    ("улице Ленина 5", "ленин"),
    ("улица Ленина, 5а", "ленин"),
    ("Пионерской, 5", "пионерский"),
    ("переулке Швейном, дом 4", "швейный"),
    ("пр-т 60-летия СССР д. 3", "60-летие ссср"),
    (None, None),
    ("15", None),
])
def test_street_of_an_address(address, street):
    assert street_of(address) == street
