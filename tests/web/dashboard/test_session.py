"""Login, logout, cookies, the login rate limit and the audit of it all."""

from fastapi.testclient import TestClient
from sqlalchemy import select

from pipeline.store.schema import audit_log, web_sessions
from web.session import COOKIE, MAX_FAILURES_PER_LOGIN

from .conftest import csrf_of, login, seed


def _actions(store):
    with store.transaction() as conn:
        return [(r.actor, r.action) for r in conn.execute(
            select(audit_log).order_by(audit_log.c.id))]


def test_pages_need_a_login(users_app):
    client = TestClient(users_app)
    for path in ("/queue", "/incidents/1", "/map", "/search", "/sources", "/reports"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/login?next=")


def test_login_sets_a_safe_cookie_and_logout_ends_the_session(users_app, store):
    client = TestClient(users_app)
    answer = login(client, "op1")
    assert answer.status_code == 303 and answer.headers["location"] == "/queue"
    cookie = answer.headers["set-cookie"]
    assert f"{COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    token = client.cookies[COOKIE]
    with store.transaction() as conn:  # only the hash is stored
        stored = conn.execute(select(web_sessions.c.id_sha256)).scalars().all()
    assert len(stored) == 1 and token not in stored[0]
    page = client.get("/queue")
    assert page.status_code == 200 and "op1" in page.text
    out = client.post("/logout", data={"csrf_token": csrf_of(page.text)},
                      follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    stale = TestClient(users_app, cookies={COOKIE: token})
    assert stale.get("/queue", follow_redirects=False).status_code == 303
    assert ("op1", "login") in _actions(store) and ("op1", "logout") in _actions(store)


def test_logout_without_csrf_is_refused(users_app):
    client = TestClient(users_app)
    login(client, "op1")
    assert client.post("/logout", data={}, follow_redirects=False).status_code == 403
    assert client.get("/queue", follow_redirects=False).status_code == 200


def test_wrong_password_is_refused_and_audited(users_app, store):
    client = TestClient(users_app)
    answer = login(client, "op1", "wrong-password")
    assert answer.status_code == 401
    assert "Неверный логин или пароль" in answer.text
    assert COOKIE not in client.cookies
    assert ("op1", "login_failed") in _actions(store)
    unknown = login(client, "nobody", "whatever-123")
    assert unknown.status_code == 401 and "Неверный логин или пароль" in unknown.text


def test_login_form_needs_its_csrf_token(users_app):
    client = TestClient(users_app)
    client.get("/login")
    for forged in ("forged", "подделка"):
        answer = client.post("/login", data={"login": "op1", "password": seed.PASSWORD,
                                             "csrf_token": forged}, follow_redirects=False)
        assert answer.status_code == 403 and COOKIE not in client.cookies


def test_too_many_failures_block_even_the_right_password(users_app, store):
    client = TestClient(users_app)
    for _ in range(MAX_FAILURES_PER_LOGIN):
        assert login(client, "op2", "bad-password").status_code == 401
    blocked = login(client, "op2")
    assert blocked.status_code == 429 and "Слишком много" in blocked.text
    assert COOKIE not in client.cookies
    # another login from the same address still works: the per-address limit is higher
    assert login(TestClient(users_app), "op1").status_code == 303


def test_next_is_only_a_local_path(users_app):
    client = TestClient(users_app)
    page = client.get("/login?next=//evil.example/x")
    answer = client.post("/login", data={"login": "op1", "password": seed.PASSWORD,
                                         "csrf_token": csrf_of(page.text),
                                         "next": "https://evil.example/"},
                         follow_redirects=False)
    assert answer.headers["location"] == "/queue"
