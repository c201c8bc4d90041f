"""``radar crawl``: per-source fetched/new/updated/errors, one failing source never stops others."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from fakes.vk_api import FakeVkApi
from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setenv("VK_TOKEN", "cli-test-token")
    with FakeVkApi() as fake:
        owner = fake.world.add_group("eaomedia", 123, "ЕАО Медиа")
        for i in range(3):
            fake.world.add_post(owner, f"Биробиджан: новость {i}", date=time.time() - 3600 * i)
        banned = fake.world.add_group("gone", 9)
        fake.world.walls[banned].state = "banned"
        yield fake


def _config(tmp_path: Path, db_url: str, api_url: str) -> Path:
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    data["database"] = {"url": db_url}
    data["vk"] = {"api_url": api_url, "requests_per_second": 1000}
    data["sources"] = [
        {"id": "vk-gone", "platform": "vk", "kind": "wall", "handle": "gone"},
        {"id": "vk-wall", "platform": "vk", "kind": "wall", "handle": "eaomedia"},
        {"id": "vk-q", "platform": "vk", "kind": "search", "query": "Биробиджан"},
        {"id": "vk-off", "platform": "vk", "kind": "wall", "handle": "x", "enabled": False},
    ]
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_crawl_all_once_reports_every_enabled_source(fake, db_url, tmp_path):
    config = _config(tmp_path, db_url, fake.api_url)
    result = CliRunner().invoke(main, ["--config", str(config), "crawl", "--all", "--once"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("vk-gone: fetched 0, new 0, updated 0, errors 1 [unavailable:")
    assert "vk-wall: fetched 3, new 3, updated 0, errors 0" in lines
    assert "vk-q: fetched 3, new 3, updated 0, errors 0" in lines
    assert lines[-1] == "total: fetched 6, new 6, updated 0, errors 1"
    assert not any(line.startswith("vk-off") for line in lines)


def test_crawl_named_sources_again_shows_no_new_posts(fake, db_url, tmp_path):
    config = _config(tmp_path, db_url, fake.api_url)
    runner = CliRunner()
    runner.invoke(main, ["--config", str(config), "crawl", "--source", "vk-wall"])
    result = runner.invoke(main, ["--config", str(config), "crawl", "--source", "vk-wall",
                                  "--source", "vk-q"])
    assert result.exit_code == 0, result.output
    assert "vk-wall: fetched 3, new 0, updated 0, errors 0" in result.output
    assert "vk-q: fetched 3, new 3, updated 0, errors 0" in result.output


def test_unknown_source_and_no_choice_are_errors(fake, db_url, tmp_path):
    config = _config(tmp_path, db_url, fake.api_url)
    result = CliRunner().invoke(main, ["--config", str(config), "crawl", "--source", "nope"])
    assert result.exit_code == 2 and "unknown source: nope" in result.output
    result = CliRunner().invoke(main, ["--config", str(config), "crawl"])
    assert result.exit_code == 2 and "--all" in result.output
