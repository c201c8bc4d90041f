
import incident_seed as seed  # registered by tests/conftest.py
import pytest
from fastapi.testclient import TestClient

from web.app import create_app
from web.auth import create_token


@pytest.fixture
def app(store, shipped_config):
    app = create_app(shipped_config, store)
    app.state.clock = lambda: seed.MONDAY
    return app


@pytest.fixture
def token(store):
    with store.transaction() as conn:
        return create_token(conn, "ivanova", "operator", seed.MONDAY)


@pytest.fixture
def client(app, token):
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
        yield client
