"""Shared fixtures. Every storage test runs on SQLite and on PostgreSQL.

PostgreSQL comes from $RADAR_TEST_PG_URL (default: the local server). Each test
session creates its own database there, so parallel runs never collide. When the
server is unreachable the PostgreSQL half is skipped on a developer machine but
fails on CI (CI=true): it must never be silently skipped there.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from pipeline.config import load_config
from pipeline.store import Store
from pipeline.store.engine import normalize_url
from pipeline.store.migrate import upgrade
from pipeline.store.schema import metadata

ROOT = Path(__file__).resolve().parents[1]
SEED_MODULES = {"incident_seed": "tests/pipeline/incidents/seed.py",
                "dashboard_seed": "tests/web/dashboard/seed.py"}
PG_ENV = "RADAR_TEST_PG_URL"
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
SHARED = ROOT.parent / "shared"


def _register_seed_modules() -> None:
    """Test data builders shared across folders, importable as ``incident_seed`` and
    ``dashboard_seed``: under --import-mode=importlib a test folder is no package."""
    for name, relpath in SEED_MODULES.items():
        if name not in sys.modules:
            spec = importlib.util.spec_from_file_location(name, ROOT / relpath)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)


_register_seed_modules()


def _admin_url() -> str:
    return normalize_url(os.environ.get(PG_ENV, PG_DEFAULT))


@pytest.fixture(scope="session")
def pg_database_url():
    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"radar_t_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure means "no server"
        admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL unreachable on CI ({_admin_url()}): {exc}")
        pytest.skip(f"PostgreSQL unreachable ({exc.__class__.__name__}); set {PG_ENV}")
    url = _admin_url().rsplit("/", 1)[0] + f"/{name}"
    engine = create_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    engine = _PG_ENGINES.pop(url, None)
    if engine is not None:
        engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "radar.db"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


_PG_ENGINES: dict[str, object] = {}


def _truncate_pg(url: str) -> None:
    """Empty the tables a test wrote to (finding them is much cheaper than truncating all)."""
    engine = _PG_ENGINES.get(url) or _PG_ENGINES.setdefault(url, create_engine(url))
    tables = [t.name for t in metadata.sorted_tables]
    probe = " UNION ALL ".join(
        f"SELECT '{name}' WHERE EXISTS (SELECT 1 FROM \"{name}\")" for name in tables)
    with engine.begin() as conn:
        dirty = [row[0] for row in conn.execute(text(probe))]
        if dirty:
            names = ", ".join(f'"{name}"' for name in dirty)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "radar.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("pg_database_url")
    _truncate_pg(url)
    return url


@pytest.fixture
def store(db_url):
    store = Store.open(db_url)
    yield store
    store.close()


@pytest.fixture(scope="session")
def shipped_config():
    """The config.yaml that ships with the project (ЕАО)."""
    return load_config(ROOT / "config.yaml").config


@pytest.fixture(scope="session")
def shared_fixtures() -> Path:
    """../shared/fixtures: real third-party captures, present on CI, absent on a bare clone."""
    path = SHARED / "fixtures"
    if not path.is_dir():
        pytest.skip("../shared/fixtures is not present (a bare clone); CI provides it")
    return path
