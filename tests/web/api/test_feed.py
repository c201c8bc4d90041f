"""/alerts.atom: a valid Atom feed of alerts, filterable by sector and level."""

from datetime import timedelta
from xml.etree.ElementTree import fromstring

import pytest
from fastapi.testclient import TestClient
from incident_seed import MONDAY, add_post

from pipeline.incidents.stage import run as incidents_stage

A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def alerts(store, shipped_config):
    with store.transaction() as conn:
        add_post(conn, "Прорвало трубу отопления, кипяток заливает подъезд", risk=65,
                 url="https://vk.com/wall-1_1")
        add_post(conn, "Мост через Биру просел, машины едут по встречной", sector="transport",
                 risk=85)
        add_post(conn, "В поликлинике нет терапевта", sector="health", risk=45)  # medium
    incidents_stage(store, shipped_config, now=MONDAY)
    incidents_stage(store, shipped_config, now=MONDAY + timedelta(hours=5))  # high overdue


def entries(response):
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = fromstring(response.content)
    assert feed.tag == f"{A}feed" and feed.find(f"{A}id").text == "urn:radar:alerts"
    return [(e.find(f"{A}category").get("term"), e.find(f"{A}title").text,
             e.find(f"{A}content").text) for e in feed.findall(f"{A}entry")]


def test_feed_lists_every_alert_newest_first(client, alerts):
    found = entries(client.get("/alerts.atom"))
    assert [level for level, _, _ in found] == ["critical", "critical", "high"]
    housing = [e for e in found if "Строительство" in e[1]]
    assert [level for level, _, _ in housing] == ["critical", "high"]  # rose when overdue
    assert "Источник: https://vk.com/wall-1_1" in housing[0][2]
    assert "Срок реакции истёк 23.11.2026 14:00" in housing[0][2]


def test_feed_filters(client, alerts):
    assert [e[0] for e in entries(client.get("/alerts.atom?sector=housing"))] == \
        ["critical", "high"]
    assert [e[0] for e in entries(client.get("/alerts.atom?level=high"))] == ["high"]
    assert entries(client.get("/alerts.atom?sector=health")) == []


def test_feed_readers_may_pass_the_token_in_the_url(app, token, alerts):
    anonymous = TestClient(app)
    assert anonymous.get("/alerts.atom").status_code == 401
    assert anonymous.get("/alerts.atom?token=radar_wrong").status_code == 401
    assert len(entries(anonymous.get(f"/alerts.atom?token={token}"))) == 3
