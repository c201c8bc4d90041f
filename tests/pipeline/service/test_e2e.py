"""The service end to end against the fakes: new posts analyzed within two poll intervals,
a live config edit picked up, an invalid edit reported and ignored, SIGTERM within 10 s."""

from __future__ import annotations

import time

import pytest

from fakes.tme import TmeFake
from fakes.vk_api import FakeVkApi

from .harness import Db, Running, tme_post, write_config

INTERVAL = 3  # seconds between polls of each source


def source(sid: str, handle: str, platform: str = "telegram", kind: str = "channel") -> dict:
    return {"id": sid, "platform": platform, "kind": kind, "handle": handle,
            "interval": f"{INTERVAL}s"}


SQL_ANALYZED = ("SELECT count(*) FROM analyses a JOIN posts p ON p.id = a.post_id "
                "WHERE p.source_id = :source")


@pytest.fixture
def fakes():
    tme, vk = TmeFake(), FakeVkApi()
    tme.add_posts([tme_post("chan_a", n) for n in range(1, 4)])
    tme.add_posts([tme_post("chan_b", n) for n in range(1, 3)])
    vk.world.add_group("eaomedia", 30525261, "ЕАО Медиа")
    vk.world.add_post("eaomedia", "Нет света на Пионерской в Биробиджане второй день")
    tme.start()
    vk.start()
    yield tme, vk
    tme.stop()
    vk.stop()


@pytest.mark.timeout(240)
def test_service_end_to_end(fakes, db_url, tmp_path):
    tme, vk = fakes
    sources = [source("tg-a", "chan_a"), source("vk-w", "eaomedia", "vk", "wall")]
    config = write_config(tmp_path / "config.yaml", tme.url, vk.api_url, sources)
    service, db = Running(config, db_url, "--reload-every", "1"), Db(db_url)
    try:
        db.wait_for(SQL_ANALYZED, lambda n: n == 3, 90, source="tg-a")
        _new_posts_are_analyzed_within_two_intervals(tme, db)
        _live_edit_adds_and_removes_sources(tme, vk, db, config, sources, service)
        _invalid_edit_is_reported_and_ignored(tme, db, config, service)
        code, seconds = service.terminate()
        assert code == 0 and seconds < 10, service.log()[-3000:]
    finally:
        service.kill()
        db.close()


def _new_posts_are_analyzed_within_two_intervals(tme, db) -> None:
    tme.add_posts([tme_post("chan_a", 4, minutes_ago=0), tme_post("chan_a", 5, minutes_ago=0)])
    took = db.wait_for(SQL_ANALYZED, lambda n: n == 5, 4 * INTERVAL, source="tg-a")
    assert took <= 2 * INTERVAL, f"analyzed after {took:.1f}s, more than two poll intervals"


def _live_edit_adds_and_removes_sources(tme, vk, db, config, sources, service) -> None:
    edited = [sources[0], source("tg-b", "chan_b")]
    write_config(config, tme.url, vk.api_url, edited)
    db.wait_for(SQL_ANALYZED, lambda n: n == 2, 4 * INTERVAL, source="tg-b")
    db.wait_for("SELECT count(*) FROM sources WHERE id = 'vk-w' AND enabled = :no",
                lambda n: n == 1, 10, no=False)
    vk_posts = db.scalar("SELECT count(*) FROM posts WHERE source_id = 'vk-w'")
    vk.world.add_post("eaomedia", "Новый пост, который уже не должен собираться")
    time.sleep(2 * INTERVAL)
    assert db.scalar("SELECT count(*) FROM posts WHERE source_id = 'vk-w'") == vk_posts


def _invalid_edit_is_reported_and_ignored(tme, db, config, service) -> None:
    text = config.read_text(encoding="utf-8")
    broken = text.replace("interval: 3s", "intervall: 3s", 1)
    config.write_text(broken, encoding="utf-8")
    line = next(i for i, ln in enumerate(broken.splitlines(), 1) if "intervall" in ln)
    deadline = time.monotonic() + 15
    while f"config.yaml:{line}: unknown key 'intervall'" not in service.log():
        assert time.monotonic() < deadline, service.log()[-3000:]
        time.sleep(0.2)
    tme.add_posts([tme_post("chan_a", 6, minutes_ago=0)])
    db.wait_for(SQL_ANALYZED, lambda n: n == 6, 4 * INTERVAL, source="tg-a")
