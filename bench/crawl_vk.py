"""VK collector throughput against its rate limit, through the fake VK API.

    .venv/bin/python bench/crawl_vk.py [--walls 200] [--posts 50] [--rps 3] [--db-url URL]

Setup (not timed): ``--walls`` community walls on the fake, each visited once so
its screen name is resolved and its cursor set. Then ``--posts`` new posts
appear on every wall and all walls are crawled again at ``--rps`` requests per
second (the fake enforces the same limit and would answer error 6 if it were
exceeded). Prints requests per new post and the wall-clock time beside the
lower bound the rate limit allows: the fewest requests that can fetch the new
posts (one wall.get page of 100 per wall) divided by the rate. Goal: within 1.2x.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawlers.vk.collector import VkCollector  # noqa: E402
from fakes.vk_api import FakeVkApi  # noqa: E402
from pipeline.collect import Collectors, crawl_source  # noqa: E402
from pipeline.config import load_config  # noqa: E402
from pipeline.config.model import Source  # noqa: E402
from pipeline.store import Store  # noqa: E402
from pipeline.store.sources import sync_sources  # noqa: E402

PAGE = 100


def _config(base, api_url: str, rps: float, walls: int):
    vk = base.vk.model_copy(update={"api_url": api_url, "requests_per_second": rps,
                                    "daily_quota": {"wall.get": 10 * walls + 100}})
    sources = [Source(id=f"vk-bench-{i:03d}", platform="vk", kind="wall",
                      handle=f"bench_wall_{i:03d}") for i in range(walls)]
    return base.model_copy(update={"vk": vk, "sources": sources})


def _seed(fake: FakeVkApi, walls: int, posts: int, hours_ago: float) -> None:
    now = time.time()
    for i in range(walls):
        owner = fake.world.wall(f"bench_wall_{i:03d}").owner_id
        for j in range(posts):
            fake.world.add_post(owner, f"Биробиджан, новость {j} со стены {i}",
                                date=now - hours_ago * 3600 + j * 30, likes=j, views=10 * j)


def _crawl_all(store: Store, config) -> tuple[int, int, float]:
    collectors = Collectors(config, {"vk": VkCollector(config)})
    started = time.perf_counter()
    new = errors = 0
    for source in config.sources:
        report = crawl_source(store, collectors, source)
        new, errors = new + report.new, errors + report.errors
    return new, errors, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--walls", type=int, default=200)
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--rps", type=float, default=3.0)
    parser.add_argument("--db-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    os.environ.setdefault("VK_TOKEN", "bench-token")
    base = load_config(ROOT / "config.yaml").config
    with tempfile.TemporaryDirectory() as tmp, FakeVkApi() as fake:
        store = Store.open(args.db_url or f"sqlite:///{tmp}/bench.db")
        for i in range(args.walls):
            fake.world.add_group(f"bench_wall_{i:03d}", 300_000 + i, f"Стена {i}")
        _seed(fake, args.walls, 3, hours_ago=72)
        setup = _config(base, fake.api_url, 1000.0, args.walls)
        with store.transaction() as conn:
            sync_sources(conn, setup)
        _, setup_errors, setup_s = _crawl_all(store, setup)
        setup_requests = fake.count()
        print(f"setup: {args.walls} walls resolved and visited once: {setup_requests} requests, "
              f"{setup_s:.1f} s, errors {setup_errors} (not timed against the bound)")

        _seed(fake, args.walls, args.posts, hours_ago=1)
        fake.rps_limit = args.rps
        config = _config(base, fake.api_url, args.rps, args.walls)
        new, errors, elapsed = _crawl_all(store, config)
        requests = fake.count() - setup_requests
        bound_requests = args.walls * math.ceil(args.posts / PAGE)
        bound = max(bound_requests - 1, 0) / args.rps  # the first request needs no wait
        print(f"crawl: {args.walls} walls x {args.posts} new posts at {args.rps:g} req/s")
        print(f"  new posts stored     {new} (expected {args.walls * args.posts}), "
              f"errors {errors}")
        print(f"  requests             {requests} (fewest possible {bound_requests}); "
              f"{requests / max(new, 1):.3f} requests per new post")
        print(f"  wall-clock           {elapsed:.1f} s; rate-limit lower bound {bound:.1f} s; "
              f"ratio {elapsed / bound if bound else float('nan'):.2f}x (goal <= 1.20x)")
        store.close()


if __name__ == "__main__":
    main()
