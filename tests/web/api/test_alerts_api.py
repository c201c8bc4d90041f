"""/api/alerts: the outbox over HTTP, and putting a dead letter back."""

from fastapi.testclient import TestClient
from incident_seed import MONDAY, add_post

from pipeline.alerts.stage import run as alerts_stage
from pipeline.config.model import AlertChannel, Alerts
from pipeline.incidents.stage import run as incidents_stage
from web.auth import create_token


def test_dead_letters_listed_and_retried(store, app, client, shipped_config):
    channel = AlertChannel(type="webhook", name="hook", url="http://127.0.0.1:1/hook",
                           max_attempts=1)
    config = shipped_config.model_copy(update={"alerts": Alerts(channels=[channel])})
    with store.transaction() as conn:
        add_post(conn, "Прорвало трубу отопления, кипяток в подъезде", risk=70)
    incidents_stage(store, config, now=MONDAY)
    alerts_stage(store, config, now=MONDAY)  # connection refused: one attempt, dead
    [dead] = client.get("/api/alerts?status=dead").json()
    assert (dead["channel"], dead["level"], dead["attempts"]) == ("hook", "high", 1)
    assert "ConnectError" in dead["last_error"]
    assert [d["channel"] for d in client.get("/api/alerts?status=sent").json()] == ["atom"]
    assert client.post(f"/api/alerts/{dead['id']}/retry").status_code == 403  # an operator
    with store.transaction() as conn:
        lead = create_token(conn, "lead", "lead", MONDAY)
    as_lead = TestClient(app, headers={"Authorization": f"Bearer {lead}"})
    again = as_lead.post(f"/api/alerts/{dead['id']}/retry").json()
    assert (again["status"], again["attempts"]) == ("pending", 0)
    assert as_lead.post(f"/api/alerts/{dead['id']}/retry").status_code == 409
    assert as_lead.post("/api/alerts/999/retry").status_code == 404
