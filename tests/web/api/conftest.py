import importlib.util
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from web.app import create_app
from web.auth import create_token


def _load_seed():
    if "incident_seed" not in sys.modules:
        path = Path(__file__).parents[2] / "pipeline" / "incidents" / "seed.py"
        spec = importlib.util.spec_from_file_location("incident_seed", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["incident_seed"] = module
        spec.loader.exec_module(module)
    return sys.modules["incident_seed"]


seed = _load_seed()


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
