"""The demo's outside world: fake VK, t.me, Bot API and SMTP on 127.0.0.1, seeded from
the bundled corpus, and a config.yaml that points the real collectors and channels at them."""

from __future__ import annotations

import copy
import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from fakes.botapi import FakeBotAPI
from fakes.smtp import SmtpSink
from fakes.tme import TmeFake, posts_from_records
from fakes.vk_api import FakeVkApi

CORPUS = Path(__file__).with_name("posts.jsonl")
VK_GROUPS = {"eaomedia": (30525261, "ЕАО Медиа")}
DEMO_ENV = {"VK_TOKEN": "demo-vk-token", "RADAR_DEMO_BOT_TOKEN": "7000000001:demo-bot-token"}
DEMO_CHAT = "-1009990001"


def load_corpus(path: Path = CORPUS) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def shift_to(records: list[dict], newest: datetime) -> list[dict]:
    """Move every date so the newest post is at ``newest``: the demo is always recent."""
    dates = [datetime.fromisoformat(r["published_at"]) for r in records]
    delta = newest - max(dates)
    return [{**r, "published_at": (d + delta).isoformat()} for r, d in zip(records, dates,
                                                                            strict=True)]


@dataclass
class DemoWorld:
    tme: TmeFake
    vk: FakeVkApi
    bot: FakeBotAPI
    smtp: SmtpSink
    started: list = field(default_factory=list)

    @classmethod
    def start(cls, records: list[dict], config: dict) -> DemoWorld:
        world = cls(TmeFake(), FakeVkApi(), FakeBotAPI(DEMO_ENV["RADAR_DEMO_BOT_TOKEN"]),
                    SmtpSink())
        handles = {s["id"]: s.get("handle") for s in config["sources"]}
        queries = {s["id"]: s.get("query") for s in config["sources"]}
        world._seed_telegram(records, handles)
        world._seed_vk(records, queries)
        for server in (world.tme, world.vk, world.bot, world.smtp):
            server.start()
            world.started.append(server)
        os.environ.update(DEMO_ENV)
        return world

    def _seed_telegram(self, records: list[dict], handles: dict) -> None:
        for source, handle in handles.items():
            mine = [r for r in records if r["source"] == source and r["platform"] == "telegram"]
            self.tme.add_posts(posts_from_records(mine, channel=handle))

    def _seed_vk(self, records: list[dict], queries: dict) -> None:
        for screen_name, (group_id, name) in VK_GROUPS.items():
            self.vk.world.add_group(screen_name, group_id, name)
        vk = [r for r in records if r["platform"] == "vk"]
        self.vk.world.seed(vk)
        for record in vk:
            query = queries.get(record["source"])
            if query and "_c" not in record["id"]:
                owner, post_id = (int(x) for x in record["id"].split("_")[:2])
                self.vk.world.search_terms.setdefault((owner, post_id), set()).add(query.lower())

    def stop(self) -> None:
        for server in reversed(self.started):
            server.stop()


def read_config(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def demo_config(base: dict, world: DemoWorld) -> dict:
    """config.yaml with every outside URL pointed at the fakes and demo alert channels."""
    config = copy.deepcopy(base)
    config["database"] = {"url": "sqlite:///radar.db"}
    config["vk"]["api_url"] = world.vk.api_url
    config["vk"]["first_crawl_depth"] = "30d"
    config["telegram"]["web_url"] = world.tme.url
    config["telegram"]["bot_api_url"] = world.bot.url
    config["telegram"]["first_crawl_depth"] = "30d"
    config["alerts"]["channels"] = [
        {"type": "telegram", "name": "дежурная смена", "chat_id": DEMO_CHAT,
         "token_env": "RADAR_DEMO_BOT_TOKEN"},
        {"type": "email", "name": "почта ЖКХ", "to": ["housing@demo.example"],
         "smtp_host": "127.0.0.1", "smtp_port": world.smtp.port, "sectors": ["housing"]},
    ]
    return config


def write_config(config: dict, path: Path) -> Path:
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def newest_post_time(now: datetime) -> datetime:
    return now - timedelta(minutes=20)
