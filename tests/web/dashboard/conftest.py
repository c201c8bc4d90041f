import re

import dashboard_seed as seed  # registered by tests/conftest.py
import pytest
from fastapi.testclient import TestClient

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def world(store, shipped_config):
    return seed.seed_world(store, shipped_config)


def _app(store, config):
    from web.app import create_app

    app = create_app(config, store)
    app.state.clock = lambda: seed.NOW
    return app


@pytest.fixture
def app(store, shipped_config, world):
    return _app(store, shipped_config)


@pytest.fixture
def users_app(store, shipped_config):
    """The app with users only (no posts): enough for login tests."""
    seed.seed_users(store)
    return _app(store, shipped_config)


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def login(client: TestClient, user: str, password: str = seed.PASSWORD):
    page = client.get("/login")
    return client.post("/login", data={"login": user, "password": password,
                                       "csrf_token": csrf_of(page.text), "next": "/queue"},
                       follow_redirects=False)


@pytest.fixture
def as_user(app):
    """``as_user("op1")``: a client signed in as that user, plus its page CSRF token."""
    def make(user: str):
        client = TestClient(app, base_url="http://127.0.0.1")
        assert login(client, user).status_code == 303
        client.csrf = csrf_of(client.get("/queue").text)
        return client
    return make


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashes():
    """argon2 with low cost: the same code path, a fraction of the time per login."""
    from argon2 import PasswordHasher

    from pipeline import users

    saved = users._hasher
    users.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    users.use_hasher(saved)
