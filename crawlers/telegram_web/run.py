"""One t.me crawl in its own process: ``python -m crawlers.telegram_web.run ...``.

Scrapy's Twisted reactor cannot be restarted inside a process, so the long-running
service starts this module once per crawl. It prints one JSON object per line on
stdout, as events happen (logs go to stderr):

    {"event": "page", "url": ..., "html": ..., "fetched_at": ..., "cursor": {...}}
    {"event": "cursor", "cursor": {...}}   (the walk met what was stored; re-reading follows)
    {"event": "end", "reason": "top" | "depth" | "bottom" | "max_pages", "cursor": {...}}
    {"event": "unavailable" | "wait" | "failed", "reason": ..., ["retry_after": ...]}

A crawl that ends without one of the last two kinds of lines died: the collector says so.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from scrapy import signals
from scrapy.crawler import CrawlerProcess

from crawlers.telegram_web.settings import MAX_PAGES, scrapy_settings
from crawlers.telegram_web.spider import ChannelSpider

EXIT_ORPHANED = 3


def emit(item: dict, out=None) -> None:
    out = out or sys.stdout
    try:
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
        out.flush()
    except BrokenPipeError:  # the collector is gone (killed): stop, do not crawl on for nobody
        os._exit(EXIT_ORPHANED)


def _on_item(item: dict, **_) -> None:
    emit(item)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--channel", required=True)
    parser.add_argument("--cursor", default="null", help="the cursor as JSON")
    parser.add_argument("--horizon", default=None, help="ISO time a first crawl reaches back to")
    parser.add_argument("--max-pages", type=int, default=MAX_PAGES)
    parser.add_argument("--resweep-since", default=None,
                        help="ISO time: stored posts newer than this are read again")
    parser.add_argument("--download-delay", type=float, default=1.0)
    args = parser.parse_args(argv)
    process = CrawlerProcess(scrapy_settings(args.download_delay))
    crawler = process.create_crawler(ChannelSpider)
    crawler.signals.connect(_on_item, signal=signals.item_scraped)  # held weakly: a def
    process.crawl(crawler, base_url=args.base_url, channel=args.channel,
                  cursor=json.loads(args.cursor), horizon=args.horizon,
                  max_pages=args.max_pages, resweep_since=args.resweep_since)
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
