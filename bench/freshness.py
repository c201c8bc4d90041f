"""Freshness: from a post appearing on the fakes to its incident in the queue.

Starts fake t.me and VK servers, a `radar run --no-web` service polling N sources every
30 s, and publishes complaint posts at random times. Prints p50/p95 of appearance →
incident (goal p95 <= 60 s), the baseline a single poll interval imposes (the expected
wait for the next poll, measured in the same run from the poll times), and the peak RSS
of the service process (goal <= 600 MB with the NLP models loaded) and of its largest
crawl child process.

    .venv/bin/python bench/freshness.py [--sources 100] [--minutes 5] [--interval 30]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "pipeline" / "service"))

from harness import COMPLAINTS, Db, Running, write_config  # noqa: E402

from fakes.tme import TmeFake  # noqa: E402
from fakes.vk_api import FakeVkApi  # noqa: E402


def make_sources(tg: int, vk: int, interval: int) -> list[dict]:
    tg_sources = [{"id": f"tg-{i}", "platform": "telegram", "kind": "channel",
                   "handle": f"chan{i}", "interval": f"{interval}s"} for i in range(tg)]
    vk_sources = [{"id": f"vk-{i}", "platform": "vk", "kind": "wall", "handle": f"wall{i}",
                   "interval": f"{interval}s"} for i in range(vk)]
    return tg_sources + vk_sources


class Publisher(threading.Thread):
    """Publishes one complaint at a random time on a random source until told to stop."""

    def __init__(self, tme: TmeFake, vk: FakeVkApi, sources: list[dict], rate: float):
        super().__init__(daemon=True)
        self.tme, self.vk, self.sources, self.rate = tme, vk, sources, rate
        self.published: dict[tuple[str, str], float] = {}  # (source, native id) -> time
        self.stop = threading.Event()
        self.rng = random.Random(7)

    def run(self) -> None:
        counter = 1000
        while not self.stop.wait(self.rng.expovariate(self.rate)):
            counter += 1
            source = self.rng.choice(self.sources)
            text = COMPLAINTS[counter % len(COMPLAINTS)].format(n=counter)
            self.published[(source["id"], self._publish(source, counter, text))] = time.time()

    def _publish(self, source: dict, number: int, text: str) -> str:
        if source["platform"] == "telegram":
            self.tme.add_posts([{"channel": source["handle"], "id": number, "text": text,
                                 "date": datetime.now(UTC).isoformat(), "views": 10}])
            return str(number)
        post = self.vk.world.add_post(source["handle"], text)
        return f"{post['owner_id']}_{post['id']}"


def incident_times(db: Db) -> dict[tuple[str, str], float]:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT p.source_id, p.native_id, ip.joined_at FROM incident_posts ip "
            "JOIN posts p ON p.id = ip.post_id")).all()
    return {(s, n): _epoch(at) for s, n, at in rows}


def _epoch(value) -> float:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children_peak(pid: int, seen: dict[int, float]) -> None:
    """Peak RSS of every child, whichever thread of the service started it."""
    kids: list[str] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids += (task / "children").read_text().split()
        except OSError:
            continue
    for kid in map(int, kids):
        seen[kid] = max(seen.get(kid, 0.0), peak_rss_mb(kid))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--interval", type=int, default=30)
    parser.add_argument("--posts-per-minute", type=float, default=30)
    args = parser.parse_args()
    tg = args.sources // 2
    sources = make_sources(tg, args.sources - tg, args.interval)
    tme, vk = TmeFake(), FakeVkApi()
    for i in range(args.sources - tg):
        vk.world.add_group(f"wall{i}", 40_000_000 + i, f"Стена {i}")
    hello = datetime.now(UTC).isoformat()  # a channel exists on t.me once it has a post
    tme.add_posts([{"channel": f"chan{i}", "id": 1, "date": hello, "text": "Доброе утро!"}
                   for i in range(tg)])
    tme.start()
    vk.start()
    with tempfile.TemporaryDirectory() as tmp:
        config = write_config(Path(tmp) / "config.yaml", tme.url, vk.api_url, sources)
        db_url = f"sqlite:///{tmp}/radar.db"
        run_bench(args, tme, vk, sources, config, db_url)
    tme.stop()
    vk.stop()


def run_bench(args, tme, vk, sources, config, db_url) -> None:
    service = Running(config, db_url)
    db = Db(db_url)
    kids: dict[int, float] = {}
    try:
        db.wait_for("SELECT count(*) FROM sources WHERE last_success_at IS NOT NULL",
                    lambda n: n >= len(sources), 600)
        publisher = Publisher(tme, vk, sources, args.posts_per_minute / 60)
        publisher.start()
        deadline = time.time() + args.minutes * 60
        while time.time() < deadline:
            children_peak(service.proc.pid, kids)
            time.sleep(0.1)
        publisher.stop.set()
        time.sleep(args.interval * 2 + 15)  # let the last posts through
        report(publisher.published, incident_times(db), args.interval)
        print(f"peak RSS of the service: {peak_rss_mb(service.proc.pid):.0f} MB (goal <= 600); "
              f"largest child process (the t.me worker): {max(kids.values(), default=0):.0f} MB")
    finally:
        service.terminate()
        db.close()


def report(published: dict, incidents: dict, interval: int) -> None:
    delays = sorted(incidents[k] - t for k, t in published.items() if k in incidents)
    missing = len(published) - len(delays)
    if not delays:
        print(f"no published post reached an incident ({len(published)} published)")
        return
    p50 = statistics.median(delays)
    p95 = delays[min(len(delays) - 1, int(0.95 * len(delays)))]
    baseline = interval / 2  # mean wait for the next poll of a source polled every interval
    print(f"posts published: {len(published)}; in an incident: {len(delays)} "
          f"(not grouped into any incident: {missing})")
    print(f"appearance -> incident: p50 {p50:.1f} s, p95 {p95:.1f} s (goal p95 <= 60 s: "
          f"{'met' if p95 <= 60 else 'NOT met'}); max {delays[-1]:.1f} s")
    print(f"baseline, mean wait for the next poll at {interval} s: {baseline:.1f} s; "
          f"p50 / baseline = {p50 / baseline:.2f}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
