"""``radar incidents --json`` and ``radar tokens add`` on a real store (click's runner)."""

import json
from pathlib import Path

from click.testing import CliRunner
from incident_seed import MONDAY, add_post

from pipeline.cli import main
from pipeline.incidents.stage import run as incidents_stage
from web.auth import token_principal

CONFIG = str(Path(__file__).resolve().parents[3] / "config.yaml")


def radar(db_url, *args):
    result = CliRunner().invoke(main, ["--config", CONFIG, *args],
                                env={"RADAR_DATABASE_URL": db_url}, catch_exceptions=False)
    return result


def test_incidents_json(store, db_url, shipped_config):
    with store.transaction() as conn:
        add_post(conn, "Мост через Биру просел, машины едут по встречной", sector="transport",
                 risk=85, native_id="-5_1", source="vk-eaomedia")
        add_post(conn, "Прорвало трубу отопления, кипяток в подъезде", risk=65)
        add_post(conn, "Мелкая яма во дворе", risk=25, sector="transport")
    incidents_stage(store, shipped_config, now=MONDAY)
    result = radar(db_url, "incidents", "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert [i["risk_level"] for i in items] == ["critical", "high", "low"]
    first = items[0]
    assert {"id", "status", "risk", "risk_level", "sector", "municipality", "deadline",
            "overdue", "reasons", "posts"} <= set(first)
    assert first["posts"][0]["platform"] == "vk" and first["posts"][0]["id"] == "-5_1"
    assert first["posts"][0]["source"] == "vk-eaomedia"
    assert first["deadline"].endswith("+00:00") and first["overdue"] is True  # real clock
    only = json.loads(radar(db_url, "incidents", "--json", "--sector", "housing").output)
    assert [i["sector"] for i in only] == ["housing"]
    assert json.loads(radar(db_url, "incidents", "--json", "--status", "resolved").output) == []
    table = radar(db_url, "incidents").output
    assert "ПРОСРОЧЕН" in table and "critical" in table.splitlines()[0]


def test_tokens_add_prints_the_token_once(store, db_url):
    result = CliRunner().invoke(main, ["--config", CONFIG, "tokens", "add", "bot",
                                       "--role", "lead"], env={"RADAR_DATABASE_URL": db_url})
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    with store.transaction() as conn:
        principal = token_principal(conn, token)
    assert (principal.name, principal.role) == ("token:bot", "lead")
    again = radar(db_url, "tokens", "add", "bot")
    assert again.exit_code == 1 and "exists already" in again.output
