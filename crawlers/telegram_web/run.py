"""The t.me worker: one long-lived scrapy process serving many channel crawls at once.

``python -m crawlers.telegram_web.run --download-delay 1.0``. Scrapy's Twisted reactor
cannot be restarted inside a process, so the collector keeps this process running and
sends it crawl requests, one JSON object per line on stdin::

    {"op": "crawl", "id": "7", "base_url": ..., "channel": ..., "cursor": {...},
     "horizon": ISO time, "max_pages": 200, "resweep_since": ISO time}
    {"op": "cancel", "id": "7"}

It answers on stdout, one JSON object per line tagged with the request id, as events
happen (logs go to stderr):

    {"id": "7", "event": "page", "url": ..., "html": ..., "fetched_at": ..., "cursor": {...}}
    {"id": "7", "event": "cursor", "cursor": {...}}   (the walk met what was stored)
    {"id": "7", "event": "end", "reason": "top" | "depth" | "bottom" | "max_pages", ...}
    {"id": "7", "event": "unavailable" | "wait" | "failed", "reason": ..., ["retry_after"]}

It exits when stdin closes (the collector closed it, or died) and when stdout is gone.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading

from scrapy import signals
from scrapy.crawler import CrawlerProcess

from crawlers.telegram_web.settings import scrapy_settings
from crawlers.telegram_web.spider import WorkerSpider

EXIT_ORPHANED = 3
EXIT_GRACE = 5.0  # seconds to stop after stdin closed, then the process just ends
log = logging.getLogger(__name__)
_write_lock = threading.Lock()


def emit(item: dict, out=None) -> None:
    out = out or sys.stdout
    try:
        with _write_lock:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            out.flush()
    except BrokenPipeError:  # the collector is gone (killed): stop, do not crawl on for nobody
        os._exit(EXIT_ORPHANED)


def dispatch(spider: WorkerSpider, line: str) -> None:
    """One line of stdin, on the reactor thread."""
    try:
        message = json.loads(line)
        request_id = str(message["id"])
    except (ValueError, TypeError, KeyError):
        log.error("unreadable crawl request (no JSON object with an id): %.200s", line)
        return
    try:
        if message.get("op") == "cancel":
            spider.cancel(request_id)
        else:
            spider.submit(message)
    except Exception as exc:  # a bad request must not stop the other crawls
        log.exception("bad crawl request %.200s", line)
        emit({"id": request_id, "event": "failed",
              "reason": f"bad crawl request: {type(exc).__name__}: {exc}"})


def read_requests(process: CrawlerProcess, spider: WorkerSpider) -> None:
    """The stdin thread: hands each request to the reactor; EOF stops the worker."""
    from twisted.internet import reactor

    for line in sys.stdin:
        if line.strip():
            reactor.callFromThread(dispatch, spider, line)
    threading.Timer(EXIT_GRACE, os._exit, args=(0,)).start()
    reactor.callFromThread(process.stop)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--download-delay", type=float, default=1.0)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the collector decides when we stop
    process = CrawlerProcess(scrapy_settings(args.download_delay))
    crawler = process.create_crawler(WorkerSpider)

    def opened(spider: WorkerSpider) -> None:
        threading.Thread(target=read_requests, args=(process, spider), daemon=True).start()

    crawler.signals.connect(opened, signal=signals.spider_opened, weak=False)
    process.crawl(crawler, emit=emit)
    process.start(install_signal_handlers=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
