"""Ingest throughput: 100,000 post records into SQLite and PostgreSQL.

Prints posts/s for each backend beside the rate of parsing and validating the
same file without storing it (the baseline, measured in the same run).
Goal: >= 5,000 posts/s on SQLite.

    .venv/bin/python bench/ingest.py [--posts N] [--pg URL]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from pipeline.ingest import ingest, read_records
from pipeline.store import Store
from pipeline.store.engine import normalize_url

DEFAULTS = {"platform": "import", "source": "bench", "published_at": "2026-11-20T10:00:00+10:00"}
WORDS = ("нет отопления третий день в доме по улице Шолом-Алейхема "
         "дети мерзнут помогите").split(" ")


def make_file(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            text_ = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(40))
            out.write(json.dumps({
                "platform": "vk", "source": f"vk-bench-{i % 20}", "id": f"-1_{i}",
                "published_at": "2026-11-20T10:00:00+10:00", "text": text_,
                "author": {"id": str(i % 997), "name": "Житель"},
                "metrics": {"views": i % 5000, "likes": i % 50}}, ensure_ascii=False) + "\n")
    return path


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def parse_only(path: Path) -> float:
    start = time.perf_counter()
    rows = sum(1 for _ in read_records(path, DEFAULTS))
    return rate(rows, time.perf_counter() - start)


def timed_ingest(url: str, path: Path, count: int) -> float:
    store = Store.open(url)
    start = time.perf_counter()
    report = ingest(store, read_records(path, DEFAULTS))
    elapsed = time.perf_counter() - start
    store.close()
    assert report.stored.new == count, report
    return rate(count, elapsed)


def pg_database(admin_url: str):
    name = f"radar_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalize_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return admin, name, admin_url.rsplit("/", 1)[0] + f"/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = make_file(Path(tmp) / "posts.jsonl", args.posts)
        baseline = parse_only(path)
        print(f"baseline parse+validate only: {baseline:10.0f} posts/s")
        sqlite = timed_ingest(f"sqlite:///{tmp}/bench.db", path, args.posts)
        print(f"SQLite ingest:                {sqlite:10.0f} posts/s  "
              f"({sqlite / baseline:.2f} of baseline; goal >= 5,000 posts/s: "
              f"{'met' if sqlite >= 5000 else 'NOT met'})")
        admin, name, url = pg_database(args.pg)
        try:
            pg = timed_ingest(url, path, args.posts)
            print(f"PostgreSQL ingest:            {pg:10.0f} posts/s  "
                  f"({pg / baseline:.2f} of baseline)")
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
