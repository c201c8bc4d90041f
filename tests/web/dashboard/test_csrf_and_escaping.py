"""Every form needs the session's CSRF token; untrusted text is shown as text."""

from sqlalchemy import func, select

from pipeline.store.schema import incident_events, incidents

from .conftest import seed


def _events(store, incident_id):
    with store.transaction() as conn:
        return conn.execute(select(func.count()).select_from(incident_events).where(
            incident_events.c.incident_id == incident_id)).scalar_one()


def test_form_posts_without_or_with_a_wrong_csrf_token_change_nothing(as_user, world, store):
    client = as_user("op1")
    incident = world["school"]
    before = _events(store, incident)
    for data in ({}, {"csrf_token": "forged"}, {"csrf_token": client.csrf + "x"},
                 {"csrf_token": "токен"}):
        answer = client.post(f"/incidents/{incident}/claim", data=data, follow_redirects=False)
        assert answer.status_code == 403 and "CSRF" in answer.text
    assert _events(store, incident) == before
    ok = client.post(f"/incidents/{incident}/claim", data={"csrf_token": client.csrf},
                     follow_redirects=False)
    assert ok.status_code == 303 and _events(store, incident) == before + 1


def test_a_csrf_token_belongs_to_its_session(as_user, world):
    first, second = as_user("op1"), as_user("op2")
    answer = second.post(f"/incidents/{world['school']}/comment",
                         data={"csrf_token": first.csrf, "text": "чужой токен"},
                         follow_redirects=False)
    assert answer.status_code == 403


def test_the_api_accepts_a_session_only_with_the_csrf_header(as_user, world):
    client = as_user("op1")
    url = f"/api/incidents/{world['road']}/claim"
    assert client.post(url).status_code == 403
    answer = client.post(url, headers={"X-CSRF-Token": client.csrf})
    assert answer.status_code == 200 and answer.json()["assignee"] == "op1"


def test_hostile_post_text_and_author_are_inert(as_user, world):
    client = as_user("op1")
    for path in (f"/incidents/{world['hostile']}", "/queue", "/search?q=света"):
        page = client.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page, path
        assert "onmouseover=alert" not in page or "&lt;b onmouseover" in page, path
    card = client.get(f"/incidents/{world['hostile']}").text
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" \
        in card
    assert "&lt;b onmouseover=alert(2)&gt;Вася&lt;/b&gt;" in card


def test_only_http_links_become_links(as_user, world, store):
    client = as_user("op1")
    incident = world["school"]
    client.post(f"/incidents/{incident}/claim", data={"csrf_token": client.csrf})
    client.post(f"/incidents/{incident}/answer", data={
        "csrf_token": client.csrf, "text": "Отопление восстановлено",
        "url": "javascript:alert(document.cookie)"})
    card = client.get(f"/incidents/{incident}").text
    assert 'href="javascript:' not in card
    assert "<code>javascript:alert(document.cookie)</code>" in card
    post_links = [line for line in card.splitlines() if 'data-testid="original"' in line]
    assert post_links and all('href="https://vk.com/wall' in line for line in post_links)
    with store.transaction() as conn:
        assert conn.execute(select(incidents.c.status).where(
            incidents.c.id == incident)).scalar_one() == "answered"


def test_pages_are_not_cached_and_forms_carry_tokens(as_user, world):
    page = as_user("admin").get(f"/incidents/{world['water']}")
    assert page.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    forms = page.text.count("<form method=\"post\"")
    assert forms >= 8 and page.text.count('name="csrf_token"') == forms
    assert seed.PASSWORD not in page.text
