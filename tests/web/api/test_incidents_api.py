"""The queue over HTTP: auth, listing, claim, transitions, answer, reaction, split, merge."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from incident_seed import MONDAY, add_post

from pipeline.incidents.stage import run as incidents_stage
from web.auth import Principal, add_principal_resolver, create_token, revoke_token

WATER = "В доме на улице Шолом-Алейхема 15 третий день нет горячей воды, дети не могут помыться"
ROAD = "Мост через Биру просел, машины едут по встречной полосе"
CLINIC = "В поликлинике третий день нет терапевта, очередь на улице"


@pytest.fixture
def three(store, shipped_config):
    """Three incidents: high housing, critical transport, medium health."""
    with store.transaction() as conn:
        water = add_post(conn, WATER, risk=65, native_id="-1_1")
        add_post(conn, WATER + "!", risk=45, native_id="-1_2")
        add_post(conn, ROAD, sector="transport", risk=85, native_id="-1_3")
        add_post(conn, CLINIC, sector="health", risk=45, native_id="-1_4")
    incidents_stage(store, shipped_config, now=MONDAY - timedelta(minutes=5))
    return water


def test_requires_a_token(app, three, store):
    anonymous = TestClient(app)
    assert anonymous.get("/api/incidents").status_code == 401
    assert anonymous.get("/api/incidents").headers["www-authenticate"] == "Bearer"
    bad = TestClient(app, headers={"Authorization": "Bearer radar_nope"})
    assert bad.get("/api/incidents").status_code == 401
    with store.transaction() as conn:
        token = create_token(conn, "old", "operator", MONDAY)
        revoke_token(conn, "old", MONDAY)
    assert TestClient(app, headers={"Authorization": f"Bearer {token}"}).get(
        "/api/incidents").status_code == 401


def test_openapi_schema_describes_the_queue(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/incidents/{incident_id}/split" in schema["paths"]
    assert "deadline" in schema["components"]["schemas"]["Incident"]["properties"]


def test_the_queue_in_order_with_filters(client, three):
    items = client.get("/api/incidents").json()
    assert [i["risk_level"] for i in items] == ["critical", "high", "medium"]
    first = items[1]
    assert first["posts"][0] == {"platform": "vk", "source": "vk-test", "id": "-1_1",
                                 "url": "https://vk.com/wall-1_1", "post_id": first["posts"][0]
                                 ["post_id"], "published_at": first["posts"][0]["published_at"],
                                 "reason": "первое сообщение инцидента", "similarity": None,
                                 "text": None}
    assert first["posts_count"] == 2 and first["block"] == "Блок строительства и ЖКХ"
    assert first["deadline"] == "2026-11-23T03:55:00+00:00"  # 09:55 + 4 working h = 13:55 VLAT
    assert (first["overdue"], first["near_deadline"]) == (False, False)
    assert [i["sector"] for i in client.get("/api/incidents?sector=health").json()] == \
        ["health"]
    assert client.get("/api/incidents?status=resolved").json() == []


def test_claim_next_then_work_it_through(client, three):
    claimed = client.post("/api/incidents/claim").json()
    assert (claimed["risk_level"], claimed["status"], claimed["assignee"]) == \
        ("critical", "assigned", "token:ivanova")
    iid = claimed["id"]
    assert client.post(f"/api/incidents/{iid}/claim").status_code == 409
    assert client.post(f"/api/incidents/{iid}/transition", json={"to": "resolved"}).status_code \
        == 409
    client.post(f"/api/incidents/{iid}/transition", json={"to": "in_progress",
                                                          "comment": "выехала бригада"})
    client.post(f"/api/incidents/{iid}/comment", json={"text": "дорожники на месте"})
    done = client.post(f"/api/incidents/{iid}/answer", json={
        "text": "Движение по мосту ограничено, ремонт до пятницы",
        "url": "https://vk.com/wall-1_3?reply=9"}).json()
    assert done["status"] == "answered"
    assert done["answer"]["url"] == "https://vk.com/wall-1_3?reply=9"
    unhappy = client.post(f"/api/incidents/{iid}/reaction",
                          json={"satisfied": False, "comment": "мост так и стоит"}).json()
    assert (unhappy["status"], unhappy["citizen_reaction"]) == ("reopened", "unsatisfied")
    trail = [(e["kind"], e["from"], e["to"], e["actor"]) for e in unhappy["events"]
             if e["kind"] in ("status", "comment", "answer", "reaction")]
    assert trail == [
        ("status", "new", "assigned", "token:ivanova"),
        ("status", "assigned", "in_progress", "token:ivanova"),
        ("comment", None, None, "token:ivanova"),
        ("answer", None, None, "token:ivanova"),
        ("status", "in_progress", "answered", "token:ivanova"),
        ("reaction", None, None, "token:ivanova"),
        ("status", "answered", "reopened", "token:ivanova"),
    ]


def test_claim_when_nothing_is_left(client):
    assert client.post("/api/incidents/claim").status_code == 204


def test_missing_incident_and_bad_bodies(client):
    assert client.get("/api/incidents/999").status_code == 404
    assert client.post("/api/incidents/999/comment", json={"text": ""}).status_code == 422
    assert client.post("/api/incidents/999/transition", json={"to": "done"}).status_code == 422


def test_split_and_merge(client, three):
    items = client.get("/api/incidents").json()
    water = next(i for i in items if i["sector"] == "housing")
    second_post = water["posts"][1]["post_id"]
    new = client.post(f"/api/incidents/{water['id']}/split",
                      json={"post_ids": [second_post], "comment": "другой подъезд"})
    assert new.status_code == 201
    assert new.json()["posts"][0]["reason"].startswith(
        f"выделено оператором token:ivanova из инцидента #{water['id']}")
    merged = client.post(f"/api/incidents/{water['id']}/merge",
                         json={"incident_ids": [new.json()["id"]]}).json()
    assert merged["posts_count"] == 2
    gone = client.get(f"/api/incidents/{new.json()['id']}").json()
    assert (gone["status"], gone["merged_into"]) == ("rejected", water["id"])


def _session_resolver(request):
    """A stand-in for the dashboard's resolver: the hook is what is under test here."""
    if request.cookies.get("demo_session") == "lead-transport":
        return Principal("petrov", "lead", "session", sector="transport", csrf_token="c5rf")
    return None


def test_session_principals_via_the_hook(app, three):
    add_principal_resolver(app, _session_resolver)
    lead = TestClient(app, cookies={"demo_session": "lead-transport"})
    items = lead.get("/api/incidents").json()
    assert [i["sector"] for i in items] == ["transport"]  # a lead sees their sector only
    assert lead.post("/api/incidents/claim").status_code == 403  # no CSRF header
    claimed = lead.post("/api/incidents/claim", headers={"X-CSRF-Token": "c5rf"}).json()
    assert (claimed["sector"], claimed["assignee"]) == ("transport", "petrov")
    assert TestClient(app).get("/api/incidents").status_code == 401


def test_a_lead_cannot_touch_another_sector(app, client, three):
    add_principal_resolver(app, _session_resolver)
    water = next(i for i in client.get("/api/incidents").json() if i["sector"] == "housing")
    lead = TestClient(app, cookies={"demo_session": "lead-transport"},
                      headers={"X-CSRF-Token": "c5rf"})
    assert lead.get(f"/api/incidents/{water['id']}").status_code == 403
    assert lead.post(f"/api/incidents/{water['id']}/comment",
                     json={"text": "не моё"}).status_code == 403
