"""A crawl killed in the middle (SIGKILL) and then resumed loses no post and stores none twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml
from sqlalchemy import func, select

from pipeline.collect import Collectors, crawl_source
from pipeline.config import load_config
from pipeline.store.schema import posts

ROOT = Path(__file__).resolve().parents[3]
TOKEN = "test-token-not-secret"
POSTS = 1000


def _config_file(tmp_path: Path, db_url: str, api_url: str) -> Path:
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    data["database"] = {"url": db_url}
    data["vk"] = {"api_url": api_url, "token_kind": "service", "requests_per_second": 10}
    data["sources"] = [{"id": "vk-wall", "platform": "vk", "kind": "wall", "handle": "eaomedia"}]
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _count(store) -> tuple[int, int]:
    with store.transaction() as conn:
        total = conn.execute(select(func.count()).select_from(posts)).scalar()
        distinct = conn.execute(select(func.count(func.distinct(posts.c.native_id)))).scalar()
    return total, distinct


def _crawl(config: Path) -> subprocess.Popen:
    env = {**os.environ, "VK_TOKEN": TOKEN}
    return subprocess.Popen([sys.executable, "-m", "pipeline", "--config", str(config), "crawl",
                             "--source", "vk-wall"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_killed_crawl_resumes_without_loss_or_duplicates(fake_vk, eaomedia, store, db_url,
                                                         tmp_path):
    for i in range(POSTS):  # 10 pages, one request each (a service token: no execute)
        fake_vk.world.add_post(eaomedia, f"пост {i}", date=time.time() - 90 * 3600 + i * 200)
    config = _config_file(tmp_path, db_url, fake_vk.api_url)
    process = _crawl(config)
    deadline = time.monotonic() + 60
    while _count(store)[0] < 300 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the crawl finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    killed_at = _count(store)[0]
    assert 0 < killed_at < POSTS
    loaded = load_config(config).config
    report = crawl_source(store, Collectors(loaded), loaded.source("vk-wall"))
    assert (report.status, report.errors) == ("ok", 0)
    assert _count(store) == (POSTS, POSTS)
