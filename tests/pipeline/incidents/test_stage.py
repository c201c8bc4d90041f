"""The incidents stage end to end: deadlines, alerts in the outbox, overdue, surges."""

from datetime import UTC, datetime, timedelta

import pandas as pd
from incident_seed import MONDAY, VLAT, add_post
from sqlalchemy import select

from pipeline.incidents import queue
from pipeline.incidents.repo import incident_members
from pipeline.incidents.stage import run
from pipeline.incidents.surges import detect
from pipeline.store.schema import (
    alert_deliveries,
    analyses,
    incident_events,
    incidents,
    surges,
)

WATER = "В доме на улице Шолом-Алейхема 15 третий день нет горячей воды, дети не могут помыться"
NO_WATER = [
    "Нет воды в Николаевке с самого утра", "Смидович сидит без воды, что случилось?",
    "Когда дадут воду в Приамурском? Краны сухие", "Опять отключили водоснабжение, Камышовка",
    "Воды нет уже пять часов, никто ничего не объясняет", "У нас в Ауре тоже пропала вода",
    "Водоканал не берет трубку, воды нет", "Без воды остались дома на Октябрьской",
    "Третий час без воды, дети не умыты", "Где вода?? Волочаевка тоже сухая",
]


def one(conn, table):
    return conn.execute(select(table)).mappings().one()


def test_new_incident_gets_block_deadline_and_alert(store, shipped_config):
    with store.transaction() as conn:
        add_post(conn, WATER, risk=65, reasons=["жалоба на ЖКХ", "дети"])
    result = run(store, shipped_config, now=MONDAY)
    assert result.processed == 1
    with store.transaction() as conn:
        row = one(conn, incidents)
        alert = one(conn, alert_deliveries)
    assert (row["risk_level"], row["block"], row["status"]) == \
        ("high", "Блок строительства и ЖКХ", "new")
    assert row["deadline"] == datetime(2026, 11, 23, 14, 0, tzinfo=VLAT)  # 4 working hours
    assert row["reasons"] == ["жалоба на ЖКХ", "дети"]
    assert (alert["channel"], alert["level"], alert["status"]) == ("atom", "high", "sent")
    assert "Срок реакции: 23.11.2026 14:00 (Asia/Vladivostok)" in alert["payload"]["text"]
    assert "Сектор: Строительство и ЖКХ" in alert["payload"]["text"]


def test_medium_incident_is_not_alerted(store, shipped_config):
    with store.transaction() as conn:
        add_post(conn, WATER, risk=45)
    run(store, shipped_config, now=MONDAY)
    with store.transaction() as conn:
        assert one(conn, incidents)["risk_level"] == "medium"
        assert conn.execute(select(alert_deliveries)).first() is None


def test_passed_deadline_raises_the_level_once(store, shipped_config):
    with store.transaction() as conn:
        add_post(conn, WATER, risk=65)
    run(store, shipped_config, now=MONDAY)
    later = MONDAY + timedelta(hours=5)
    run(store, shipped_config, now=later)
    run(store, shipped_config, now=later + timedelta(minutes=5))
    with store.transaction() as conn:
        row = one(conn, incidents)
        kinds = [e.kind for e in conn.execute(select(incident_events.c.kind))]
        levels = sorted(a.level for a in conn.execute(select(alert_deliveries.c.level)))
        overdue = conn.execute(queue.queue_query(later).with_only_columns(
            queue.overdue_expr(later))).scalar()
    assert row["risk_level"] == "critical"
    assert "Срок реакции истёк 23.11.2026 14:00" in row["reasons"]
    assert kinds.count("overdue") == 1
    assert levels == ["critical", "high"]
    assert overdue == 1


def test_detect_compares_with_the_pairs_own_baseline(shipped_config):
    now = datetime(2026, 11, 23, 1, 30, tzinfo=UTC)
    rows, pid = [], 0
    for hours_ago in range(1, 24 * 14):  # a busy pair: 5 posts every hour for two weeks
        for _ in range(5):
            pid += 1
            rows.append((pid, "housing", "birobidzhan", now - timedelta(hours=hours_ago)))
    for i in range(10):  # ten posts this hour in both pairs
        rows.append((10_000 + i, "housing", "birobidzhan", now - timedelta(minutes=i)))
        rows.append((20_000 + i, "housing", "smidovich_district", now - timedelta(minutes=i)))
    frame = pd.DataFrame(rows, columns=["post_id", "sector", "municipality", "published_at"])
    found = detect(frame, now, shipped_config.incidents)
    assert [(s.municipality, s.posts) for s in found] == [("smidovich_district", 10)]
    assert found[0].baseline == 0.0


def test_a_surge_of_medium_posts_becomes_one_high_incident(store, shipped_config):
    now = MONDAY
    with store.transaction() as conn:
        for day in range(1, 8):  # the usual: a complaint every other day
            add_post(conn, f"Во дворе яма, обращение номер {day}", risk=25,
                     municipality="smidovich_district",
                     published_at=now - timedelta(days=2 * day))
        ids = [add_post(conn, text, municipality="smidovich_district", risk=45,
                        published_at=now - timedelta(minutes=50 - 4 * i))
               for i, text in enumerate(NO_WATER)]
        earlier = add_post(conn, "Сидим без воды, краны сухие, Николаевка",
                           municipality="smidovich_district", risk=45,
                           published_at=now - timedelta(minutes=100))  # the hour before
        gas = add_post(conn, "В Приамурском в подъезде сильно пахнет газом, вызвали аварийку",
                       municipality="smidovich_district", risk=85,
                       published_at=now - timedelta(minutes=30))
    run(store, shipped_config, now=now)
    with store.transaction() as conn:
        surge = one(conn, surges)
        target = conn.execute(select(incidents).where(
            incidents.c.id == surge["incident_id"])).mappings().one()
        members = conn.execute(select(incident_events.c.kind).where(
            incident_events.c.incident_id == target["id"])).scalars().all()
        alert_levels = conn.execute(select(alert_deliveries.c.level).where(
            alert_deliveries.c.incident_id == target["id"])).scalars().all()
        posts_in = {m["id"] for m in incident_members(conn, target["id"])}
    assert surge["posts"] == 11  # ten about water and the gas leak
    assert set(ids) | {earlier} <= posts_in
    assert gas not in posts_in  # another problem in the same hour and district stays apart
    assert target["risk_level"] == "high"
    assert any(r.startswith("Всплеск: 11 сообщений за час") for r in target["reasons"])
    assert "surge" in members
    assert alert_levels == ["high"]
    run(store, shipped_config, now=now + timedelta(minutes=5))  # seen once, not again
    with store.transaction() as conn:
        assert len(conn.execute(select(surges)).all()) == 1


def test_odd_analyses_do_not_break_the_stage(store, shipped_config):
    with store.transaction() as conn:
        odd = add_post(conn, "", risk=70, sector="unknown_sector", municipality="atlantis")
        emoji = add_post(conn, "!!! ??? 🔥🔥🔥", risk=65)
        conn.execute(analyses.update().where(analyses.c.post_id == odd).values(risk=None))
        conn.execute(analyses.update().where(analyses.c.post_id == emoji).values(
            reasons="одна строка вместо списка"))
        add_post(conn, "Нормальная жалоба: нет воды в Николаевке третий день", risk=None,
                 municipality="smidovich_district")
    result = run(store, shipped_config, now=MONDAY)
    assert result.processed == 3
    with store.transaction() as conn:
        [row] = conn.execute(select(incidents)).mappings().all()
    assert (row["risk_level"], row["reasons"]) == ("high", ["одна строка вместо списка"])
