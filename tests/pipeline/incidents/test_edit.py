"""Operators split and merge incidents; every post keeps the trace of why it is where it is."""

from datetime import timedelta

import pytest
from incident_seed import MONDAY, add_post
from sqlalchemy import select

from pipeline.incidents import edit
from pipeline.incidents.assign import group_pending
from pipeline.incidents.queue import QueueError
from pipeline.store.schema import incident_events, incident_posts, incidents

WATER = "В доме на улице Шолом-Алейхема 15 третий день нет горячей воды, дети не могут помыться"
ROAD = "На Пионерской огромная яма посреди дороги, машины ломают подвеску"


def placement(conn):
    return {r.post_id: (r.incident_id, r.reason) for r in conn.execute(select(incident_posts))}


def test_split_moves_posts_with_their_trace(store, rules):
    with store.transaction() as conn:
        a = add_post(conn, WATER, risk=65)
        b = add_post(conn, WATER + "!", risk=45)
        c = add_post(conn, WATER + " Помогите", risk=45)
        group_pending(conn, rules, MONDAY)
        source = placement(conn)[a][0]
        due = conn.execute(select(incidents.c.deadline).where(incidents.c.id == source)).scalar()
        later = MONDAY + timedelta(hours=2)
        new_id = edit.split(conn, rules, source, [b, c], "ivanova", later, "это другой дом")
        where = placement(conn)
        rows = {r["id"]: r for r in conn.execute(select(incidents)).mappings()}
        split_event = conn.execute(select(incident_events).where(
            incident_events.c.kind == "split")).mappings().one()
    assert where[a][0] == source and where[b][0] == where[c][0] == new_id
    assert where[b][1].startswith(f"выделено оператором ivanova из инцидента #{source}; ранее: "
                                  "почти дословный повтор")
    assert rows[new_id]["risk_level"] == "medium" and rows[new_id]["deadline"] is not None
    assert rows[source]["risk_level"] == "high"
    assert rows[source]["deadline"] == due  # a split does not move the original's deadline
    assert (split_event["actor"], split_event["comment"]) == ("ivanova", "это другой дом")


def test_split_refuses_foreign_or_all_posts(store, rules):
    with store.transaction() as conn:
        a = add_post(conn, WATER, risk=65)
        b = add_post(conn, ROAD, sector="transport", risk=65)
        group_pending(conn, rules, MONDAY)
        where = placement(conn)
        with pytest.raises(QueueError, match="not in it"):
            edit.split(conn, rules, where[a][0], [b], "ivanova", MONDAY)
        with pytest.raises(QueueError, match="every post"):
            edit.split(conn, rules, where[a][0], [a], "ivanova", MONDAY)


def test_merge_moves_everything_and_closes_the_source(store, rules):
    with store.transaction() as conn:
        a = add_post(conn, WATER, risk=65)
        b = add_post(conn, ROAD, sector="transport", risk=85)
        group_pending(conn, rules, MONDAY)
        where = placement(conn)
        target, source = where[a][0], where[b][0]
        edit.merge(conn, rules, target, [source], "petrov", MONDAY, "одна авария")
        after = placement(conn)
        rows = {r["id"]: r for r in conn.execute(select(incidents)).mappings()}
        with pytest.raises(QueueError, match="merged into"):
            edit.merge(conn, rules, source, [target], "petrov", MONDAY)
    assert after[b] == (target, "объединено оператором petrov из инцидента "
                                f"#{source}; ранее: первое сообщение инцидента")
    assert rows[source]["merged_into"] == target and rows[source]["status"] == "rejected"
    assert rows[target]["risk_level"] == "critical"  # took the merged post's risk
