"""Browser tests: Debian's Chromium driven by Playwright against the real app.

The app runs with uvicorn on 127.0.0.1 (a free port) in a thread, on a SQLite database the
session seeds through the project's own functions. One browser for the whole session.
Without /usr/bin/chromium these tests skip on a developer machine and fail on CI (CI=true),
where .ci/browsers installs it.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import dashboard_seed as seed  # registered by tests/conftest.py
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"


def _need_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing (Debian package chromium; .ci/browsers installs it)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def served(tmp_path_factory, shipped_config):
    """The dashboard on a seeded SQLite database: (base URL, incident ids)."""
    _need_chromium()
    import uvicorn
    from argon2 import PasswordHasher

    from pipeline import users
    from pipeline.store import Store
    from web.app import create_app

    users.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'radar.db'}")
    world = seed.seed_world(store, shipped_config, background=True)
    app = create_app(shipped_config, store)
    app.state.clock = lambda: seed.NOW
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}", world
    server.should_exit = True
    thread.join(5)
    store.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(5000)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    errors: list[str] = []  # console errors, e.g. a script or style the CSP blocked
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


def sign_in(page, base: str, user: str, password: str = seed.PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=login]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
