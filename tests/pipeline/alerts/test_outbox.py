"""Which channels an alert goes to, and that each level goes to each channel once."""

import pytest
from incident_seed import MONDAY, add_post
from sqlalchemy import select

from pipeline.alerts.outbox import channel_key, matches
from pipeline.config.model import AlertChannel, Alerts
from pipeline.incidents import edit, queue
from pipeline.incidents.levels import Rules
from pipeline.incidents.stage import run as incidents_stage
from pipeline.store.schema import alert_deliveries, incident_posts

HOOK = AlertChannel(type="webhook", url="https://example.org/hook")
HOUSING_TG = AlertChannel(type="telegram", chat_id="-100", sectors=["housing"],
                          municipalities=["birobidzhan"])
CRITICAL_MAIL = AlertChannel(type="email", to=["duty@example.org"], min_level="critical")
LOW_HOOK = AlertChannel(type="webhook", url="https://example.org/all", min_level="medium")


@pytest.mark.parametrize(("channel", "sector", "place", "level", "expected"), [
    (HOOK, "housing", "birobidzhan", "high", True),
    (HOOK, "housing", "birobidzhan", "medium", False),    # below alerts.min_level
    (HOUSING_TG, "housing", "birobidzhan", "high", True),
    (HOUSING_TG, "transport", "birobidzhan", "high", False),
    (HOUSING_TG, "housing", "obluchye_district", "critical", False),
    (CRITICAL_MAIL, "housing", "birobidzhan", "high", False),
    (CRITICAL_MAIL, "health", None, "critical", True),
    (LOW_HOOK, "health", None, "medium", True),           # a channel may ask for more
])
def test_channel_filters(channel, sector, place, level, expected):
    assert matches(channel, Alerts(), sector, place, level) is expected


def test_channel_keys_are_stable_and_distinct():
    assert channel_key(HOOK) == channel_key(AlertChannel(type="webhook",
                                                         url="https://example.org/hook"))
    assert channel_key(HOOK) != channel_key(LOW_HOOK)
    assert channel_key(AlertChannel(type="email", name="duty", to=["a@b"])) == "duty"


def test_each_level_once_per_channel(store, configure):
    config = configure(HOOK, HOUSING_TG, CRITICAL_MAIL)
    with store.transaction() as conn:
        add_post(conn, "Прорвало трубу отопления в подъезде, кипяток заливает лестницу",
                 risk=65)
    incidents_stage(store, config, now=MONDAY)
    incidents_stage(store, config, now=MONDAY)  # nothing new: nothing queued again
    with store.transaction() as conn:
        rows = {(r.channel, r.level) for r in conn.execute(select(alert_deliveries))}
        first_incident = conn.execute(select(incident_posts.c.incident_id)).scalar()
        add_post(conn, "ДТП с автобусом на трассе, пострадали пассажиры", sector="transport",
                 risk=90)
    assert rows == {("atom", "high"), (channel_key(HOOK), "high"),
                    (channel_key(HOUSING_TG), "high")}
    incidents_stage(store, config, now=MONDAY)
    with store.transaction() as conn:
        second = max(conn.execute(select(incident_posts.c.incident_id)).scalars())
        edit.merge(conn, Rules.from_config(config), first_incident, [second], "ivanova", MONDAY)
        rows = {(r.channel, r.level) for r in conn.execute(select(alert_deliveries).where(
            alert_deliveries.c.incident_id == first_incident))}
    # the merge lifted the first incident to critical (and its top post is now about
    # transport, so the housing chat is not told): one more row per matching channel
    assert rows == {("atom", "high"), (channel_key(HOOK), "high"),
                    (channel_key(HOUSING_TG), "high"), ("atom", "critical"),
                    (channel_key(HOOK), "critical"), (channel_key(CRITICAL_MAIL), "critical")}


def test_a_rejected_incident_is_not_alerted_when_it_grows(store, configure):
    config = configure(HOOK)
    spam = "Лучшие окна в Биробиджане со скидкой 50 процентов, звоните прямо сейчас"
    with store.transaction() as conn:
        add_post(conn, spam, risk=45)
    incidents_stage(store, config, now=MONDAY)
    with store.transaction() as conn:
        incident = conn.execute(select(incident_posts.c.incident_id)).scalar()
        queue.transition(conn, incident, "rejected", "ivanova", MONDAY, "спам")
        for i in range(12):
            add_post(conn, f"{spam} {i}", risk=45, source=f"vk-spam-{i}")
    incidents_stage(store, config, now=MONDAY)
    with store.transaction() as conn:
        count = len(conn.execute(select(incident_posts)).all())
        assert conn.execute(select(alert_deliveries)).first() is None
    assert count == 13  # the copies joined the rejected incident and stayed quiet
