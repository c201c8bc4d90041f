"""Grouping throughput: N analysed posts into incidents (SQLite), against storing them.

The baseline, measured in the same run, is storing the same posts and their analysis rows;
the figure is how many posts a second the incidents stage groups (repost, near-duplicate
and same-topic rules, TF-IDF fitted per batch), and the ratio to the baseline.

    .venv/bin/python bench/incidents.py [--posts N]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pipeline.config import load_config
from pipeline.incidents.stage import run as incidents_stage
from pipeline.records import PostRecord
from pipeline.store import Store
from pipeline.store.posts import store_posts
from pipeline.store.schema import analyses, posts
from pipeline.store.sources import ensure_imported_sources

ROOT = Path(__file__).resolve().parents[1]
PROBLEMS = {
    "housing": ["нет горячей воды", "батареи холодные", "не вывозят мусор", "протекает крыша",
                "в подъезде пахнет газом", "нет света"],
    "transport": ["яма на дороге", "не пришел автобус", "не чистят снег", "сломан светофор"],
    "health": ["нет терапевта в поликлинике", "в аптеке нет инсулина", "скорая ехала час"],
    "education": ["в школе холодно", "нет мест в детском саду"],
}
STREETS = ["Ленина", "Шолом-Алейхема", "Пионерская", "Советская", "Октябрьская", "Кирова"]
EXTRA = "уже третий день помогите жители возмущены куда звонить сколько можно".split()


def make_posts(count: int, places: list[str], start: datetime, rng: random.Random):
    for i in range(count):
        sector = rng.choice(list(PROBLEMS))
        problem, street = rng.choice(PROBLEMS[sector]), rng.choice(STREETS)
        text = f"{problem} на ул. {street}, {' '.join(rng.sample(EXTRA, 4))}"
        record = PostRecord(platform="vk", source=f"vk-bench-{i % 10}", id=f"-1_{i}", text=text,
                            published_at=start + timedelta(minutes=i * 4320 / count))
        yield record, {"sector": sector, "municipality": rng.choice(places),
                       "address": f"ул. {street}", "risk": rng.randint(15, 95)}


def store_all(store: Store, items) -> float:
    begin = time.perf_counter()
    with store.transaction() as conn:
        ensure_imported_sources(conn, [(f"vk-bench-{i}", "vk") for i in range(10)])
        store_posts(conn, [r for r, _ in items])
        ids = {n: pid for n, pid in conn.execute(posts.select().with_only_columns(
            posts.c.native_id, posts.c.id))}
        conn.execute(analyses.insert(), [{
            "post_id": ids[r.id], "model_version": "bench", "analyzed_at": r.published_at,
            "risk_level": None, "reasons": ["бенчмарк"], **a} for r, a in items])
    return time.perf_counter() - begin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=3000)
    args = parser.parse_args()
    config = load_config(ROOT / "config.yaml").config
    rng = random.Random(7)
    start = datetime(2026, 11, 20, tzinfo=UTC)
    items = list(make_posts(args.posts, config.municipality_keys(), start, rng))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{tmp}/bench.db")
        baseline = store_all(store, items)
        begin = time.perf_counter()
        result = incidents_stage(store, config, now=start + timedelta(days=3))
        grouping = time.perf_counter() - begin
        store.close()
    print(f"posts: {args.posts}")
    print(f"baseline (store posts + analyses): {args.posts / baseline:,.0f} posts/s")
    print(f"incidents stage: {args.posts / grouping:,.0f} posts/s {result.detail}")
    print(f"ratio grouping/baseline time: {grouping / baseline:.1f}x")


if __name__ == "__main__":
    main()
