"""A sector lead sees and acts only on its own sector; assigning is for leads and admins."""

from sqlalchemy import select

from pipeline.store.schema import incidents


def _row(store, incident_id):
    with store.transaction() as conn:
        return conn.execute(select(incidents).where(incidents.c.id == incident_id)).mappings().one()


def test_lead_queue_shows_only_its_sector_whatever_the_filter(as_user, world):
    lead = as_user("lead_housing")
    for path in ("/queue?status=all", "/queue?status=all&sector=transport"):
        page = lead.get(path).text
        assert f'href="/incidents/{world["water"]}"' in page
        assert f'href="/incidents/{world["hostile"]}"' in page
        assert f'href="/incidents/{world["road"]}"' not in page
        assert f'href="/incidents/{world["school"]}"' not in page
    assert 'name="sector"' not in lead.get("/queue").text  # no sector filter to pick


def test_lead_cannot_open_or_act_on_another_sector(as_user, world, store):
    lead = as_user("lead_housing")
    road = world["road"]
    assert lead.get(f"/incidents/{road}").status_code == 403
    for action, data in (("claim", {}), ("comment", {"text": "x"}),
                         ("status", {"to": "rejected"}), ("assign", {"assignee": "op1"})):
        answer = lead.post(f"/incidents/{road}/{action}",
                           data={"csrf_token": lead.csrf, **data}, follow_redirects=False)
        assert answer.status_code == 403, action
    merged = lead.post(f"/incidents/{world['water']}/merge",
                       data={"csrf_token": lead.csrf, "incident_ids": str(road)},
                       follow_redirects=False)
    assert merged.status_code == 403
    assert _row(store, road)["status"] == "new" and _row(store, road)["merged_into"] is None


def test_lead_search_and_map_stay_in_its_sector(as_user, world):
    assert "Огромная яма" in as_user("admin").get("/search?q=яма").text
    lead = as_user("lead_housing")
    assert "Огромная яма" not in lead.get("/search?q=яма").text
    assert "Нет воды" in lead.get("/search?q=воды").text
    heat = lead.get("/map").text
    assert "Автомобильные дороги" not in heat and "Строительство и ЖКХ" in heat
    assert lead.get("/reports/2026-11-23").status_code == 403


def test_lead_can_assign_in_its_sector_operator_cannot(as_user, world, store):
    water = world["water"]
    operator = as_user("op1")
    refused = operator.post(f"/incidents/{water}/assign",
                            data={"csrf_token": operator.csrf, "assignee": "op2"},
                            follow_redirects=False)
    assert refused.status_code == 403
    lead = as_user("lead_housing")
    done = lead.post(f"/incidents/{water}/assign",
                     data={"csrf_token": lead.csrf, "assignee": "op2"}, follow_redirects=False)
    assert done.status_code == 303
    row = _row(store, water)
    assert row["assignee"] == "op2" and row["status"] == "assigned"


def test_lead_api_is_limited_the_same_way(as_user, world):
    lead = as_user("lead_housing")
    listed = lead.get("/api/incidents", params={"status": ["new"]}).json()
    assert listed and {i["sector"] for i in listed} == {"housing"}
    assert lead.get(f"/api/incidents/{world['road']}").status_code == 403
