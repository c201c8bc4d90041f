"""Throughput of the t.me collector against the fake t.me, beside plain baselines.

    .venv/bin/python bench/crawl_tme.py [--posts 2000] [--rounds 3]

Seeds fakes/tme.py with generated ЕАО-style posts (20 a page, like t.me) and prints
pages/s and posts/s for:
  parsing alone   lxml parse only (baseline) vs parse_page + map_page (pure parsing);
  end to end      plain httpx GETs of the same pages (baseline) vs ``crawl_source`` with
                  the telegram_web collector (child scrapy process, polite settings with
                  download_delay 0, parsing, mapping, storing in a fresh SQLite).
Real captures in ../shared/fixtures/tme are parsed too when present.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import lxml.html  # noqa: E402

from crawlers.telegram_web.mapper import map_page  # noqa: E402
from crawlers.telegram_web.parse import parse_page  # noqa: E402
from fakes.tme import PER_PAGE, TmeFake  # noqa: E402
from pipeline.collect import Collectors, crawl_source  # noqa: E402
from pipeline.config.model import Config, Source  # noqa: E402
from pipeline.store import Store  # noqa: E402
from pipeline.store.migrate import upgrade  # noqa: E402
from pipeline.store.sources import sync_sources  # noqa: E402

CHANNEL = "eaonews"
PROBLEMS = ["нет отопления", "отключили свет", "нет горячей воды", "прорвало трубу",
            "не вывозят мусор", "яма на дороге", "автобус не пришёл"]
PLACES = ["в Биробиджане", "в Облучье", "в Смидовиче", "в Николаевке", "в Амурзете"]
MEDIA = [[], ["photo"], ["video"], ["album"], ["poll"], ["link_preview"], []]


def posts(count: int) -> list[dict]:
    end = datetime.now(UTC)
    return [{"channel": CHANNEL, "id": i, "date": (end - (count - i) * timedelta(minutes=3))
             .isoformat(), "views": 1000 + 37 * i, "media": MEDIA[i % len(MEDIA)],
             "text": f"{PLACES[i % 5].capitalize()} {PROBLEMS[i % 7]}, ул. Ленина {i}.\n"
                     f"Жители просят разобраться. #ЖКХ https://eao.example.ru/{i}",
             "poll": {"question": "Как вы оцениваете?", "options": [["Хорошо", 40], ["Плохо", 60]]},
             "edited": i % 9 == 0, "reactions": [["👍", i % 50], ["😡", i % 13]]}
            for i in range(1, count + 1)]


def page_urls(fake: TmeFake, count: int) -> list[str]:
    befores = [None] + list(range(count - PER_PAGE + 1, 1, -PER_PAGE))
    return [f"{fake.url}/s/{CHANNEL}" + (f"?before={b}" if b else "") for b in befores]


def rate(label: str, pages: int, posts_count: int, seconds: float, base: float | None = None):
    ratio = f"  x{base / seconds:5.2f} of baseline speed" if base else ""
    print(f"  {label:<34} {pages / seconds:9.1f} pages/s {posts_count / seconds:10.1f} "
          f"posts/s{ratio}")
    return seconds


def parsing(htmls: list[str], rounds: int) -> None:
    source = Source(id="tg-bench", platform="telegram", kind="channel", handle=CHANNEL)
    total = sum(len(parse_page(h).messages) for h in htmls)
    started = time.perf_counter()
    for _ in range(rounds):
        for html in htmls:
            lxml.html.fromstring(html)
    base = rate("lxml parse only (baseline)", len(htmls) * rounds, total * rounds,
                time.perf_counter() - started)
    started = time.perf_counter()
    for _ in range(rounds):
        for html in htmls:
            map_page(html, source, datetime.now(UTC))
    rate("parse_page + map_page", len(htmls) * rounds, total * rounds,
         time.perf_counter() - started, base)


def end_to_end(fake: TmeFake, urls: list[str], count: int) -> None:
    started = time.perf_counter()
    with httpx.Client() as client:
        for url in urls:
            client.get(url).raise_for_status()
    base = rate("httpx GETs only (baseline)", len(urls), count, time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{folder}/bench.db")
        upgrade(store.engine)
        config = Config.model_validate({
            "region": {"name": "ЕАО"}, "telegram": {"web_url": fake.url,
                                                    "download_delay": 0.000001},
            "sources": [{"id": "tg-bench", "platform": "telegram", "kind": "channel",
                         "handle": CHANNEL, "depth": "30d"}],
            "sectors": [{"key": "other", "title": "Прочее", "block": "-"}],
            "risk_levels": [{"key": "none", "title": "Нет", "min_score": 0}]})
        with store.transaction() as conn:
            sync_sources(conn, config)
        started = time.perf_counter()
        report = crawl_source(store, Collectors(config), config.source("tg-bench"))
        seconds = time.perf_counter() - started
        assert report.status == "ok" and report.new == count, report
        rate("crawl_source (scrapy, store)", len(urls), report.new, seconds, base)
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with TmeFake(posts(args.posts), titles={CHANNEL: "Новости ЕАО"}) as fake:
        urls = page_urls(fake, args.posts)
        htmls = [httpx.get(u).text for u in urls]
        print(f"fake t.me: {args.posts} posts, {len(urls)} pages of {PER_PAGE}")
        print("parsing alone (generated pages):")
        parsing(htmls, args.rounds)
        real = sorted((ROOT.parent / "shared" / "fixtures" / "tme").glob("tme_s_*.html"))
        if real:
            print(f"parsing alone ({len(real)} real captures from ../shared):")
            parsing([p.read_text(encoding="utf-8") for p in real], args.rounds * 5)
        print("end to end:")
        end_to_end(fake, urls, args.posts)


if __name__ == "__main__":
    main()
