"""The queue page and the card's actions, through the forms an operator uses."""

from sqlalchemy import select

from pipeline.store.schema import incident_events, incident_posts, incidents, labels

from .conftest import seed


def _row(store, incident_id):
    with store.transaction() as conn:
        return conn.execute(select(incidents).where(incidents.c.id == incident_id)).mappings().one()


def _kinds(store, incident_id):
    with store.transaction() as conn:
        return [(e.actor, e.kind, e.to_status) for e in conn.execute(
            select(incident_events).where(incident_events.c.incident_id == incident_id)
            .order_by(incident_events.c.id))]


def _shown(page: str, world: dict) -> set[str]:
    return {name for name in ("water", "road", "school", "hostile")
            if f'href="/incidents/{world[name]}"' in page}


def test_queue_filters_and_counters(as_user, world):
    client = as_user("admin")
    assert _shown(client.get("/queue").text, world) == {"water", "road", "school", "hostile"}
    assert _shown(client.get("/queue?sector=housing").text, world) == {"water", "hostile"}
    assert _shown(client.get("/queue?level=high").text, world) == {"road"}
    assert _shown(client.get("/queue?municipality=smidovich_district").text, world) == \
        {"school"}
    assert _shown(client.get("/queue?overdue=1").text, world) == {"water"}  # critical, 1 h
    assert _shown(client.get("/queue?status=closed").text, world) == set()
    page = client.get("/queue").text
    assert 'data-testid="count-open">4<' in page and 'data-testid="count-overdue">1<' in page
    order = [page.index(f'href="/incidents/{world[n]}"') for n in ("water", "road", "school")]
    assert order == sorted(order)  # overdue first, then by level


def test_queue_partial_refresh_returns_only_the_table(as_user, world):
    part = as_user("op1").get("/queue", headers={"X-Partial": "1"}).text
    assert part.lstrip().startswith("<table") and "<html" not in part


def test_claim_answer_resolve_flow_is_audited(as_user, world, store):
    client = as_user("op1")
    road, token = world["road"], client.csrf
    client.post(f"/incidents/{road}/claim", data={"csrf_token": token})
    assert _row(store, road)["assignee"] == "op1"
    client.post(f"/incidents/{road}/comment", data={"csrf_token": token,
                                                    "text": "Передали в дорожную службу"})
    client.post(f"/incidents/{road}/answer", data={
        "csrf_token": token, "text": "Яму засыпали, ремонт выполнен",
        "url": "https://vk.com/wall-1_5001?reply=7"})
    client.post(f"/incidents/{road}/reaction", data={"csrf_token": token, "satisfied": "yes"})
    page = client.post(f"/incidents/{road}/status",
                       data={"csrf_token": token, "to": "resolved", "comment": "закрыто"})
    assert "Статус изменён" in page.text
    row = _row(store, road)
    assert (row["status"], row["answer_text"], row["citizen_reaction"]) == \
        ("resolved", "Яму засыпали, ремонт выполнен", "satisfied")
    assert [k for k in _kinds(store, road) if k[0] == "op1"] == [
        ("op1", "status", "assigned"), ("op1", "comment", None), ("op1", "answer", None),
        ("op1", "status", "answered"), ("op1", "reaction", None),
        ("op1", "status", "resolved")]


def test_a_second_claim_is_a_conflict_not_a_steal(as_user, world, store):
    first, second = as_user("op1"), as_user("op2")
    first.post(f"/incidents/{world['school']}/claim", data={"csrf_token": first.csrf})
    page = second.post(f"/incidents/{world['school']}/claim", data={"csrf_token": second.csrf})
    assert "Действие невозможно" in page.text
    assert _row(store, world["school"])["assignee"] == "op1"


def test_a_correction_becomes_a_label_and_an_event(as_user, world, store):
    client = as_user("op1")
    post_id = world["posts"]["school"]
    page = client.post(f"/incidents/{world['school']}/correct", data={
        "csrf_token": client.csrf, "post_id": str(post_id), "sector": "housing",
        "sentiment": "negative", "risk": "high"})
    assert "Исправление сохранено" in page.text
    with store.transaction() as conn:
        saved = {(r.task, r.value, r.author) for r in conn.execute(
            select(labels).where(labels.c.post_id == post_id))}
    assert saved == {("sector", "housing", "op1"), ("risk", "high", "op1")}  # sentiment same
    assert ("op1", "correction", None) in _kinds(store, world["school"])
    foreign = client.post(f"/incidents/{world['school']}/correct", data={
        "csrf_token": client.csrf, "post_id": str(world["posts"]["road"]), "sector": "health"})
    assert "Действие невозможно" in foreign.text  # a post of another incident
    junk = client.post(f"/incidents/{world['school']}/correct", data={
        "csrf_token": client.csrf, "post_id": "1; DROP TABLE labels", "sector": "health"})
    assert junk.status_code == 200 and "Действие невозможно" in junk.text


def test_split_and_merge_from_the_card(as_user, world, store):
    client = as_user("admin")
    water, moved = world["water"], world["posts"]["water"][2]
    page = client.post(f"/incidents/{water}/split",
                       data={"csrf_token": client.csrf, "post_id": [str(moved)]})
    assert "выделены в новый инцидент" in page.text
    with store.transaction() as conn:
        new_id = conn.execute(select(incident_posts.c.incident_id).where(
            incident_posts.c.post_id == moved)).scalar_one()
    assert new_id != water and page.url.path == f"/incidents/{new_id}"
    client.post(f"/incidents/{water}/merge",
                data={"csrf_token": client.csrf, "incident_ids": f"{new_id}"})
    assert _row(store, new_id)["merged_into"] == water
    with store.transaction() as conn:
        members = conn.execute(select(incident_posts.c.post_id).where(
            incident_posts.c.incident_id == water)).scalars().all()
    assert set(members) == set(world["posts"]["water"])


def test_card_shows_posts_scores_history_and_links(as_user, world):
    page = as_user("op1").get(f"/incidents/{world['water']}").text
    assert page.count('data-testid="post"') == 3
    assert "Нет воды на улице Ленина" in page and "жалоба (риск 85)" in page
    assert 'href="https://vk.com/wall-1_' in page and "История" in page
    assert seed.PASSWORD not in page
