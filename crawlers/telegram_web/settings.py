"""Scrapy settings of the t.me crawl, all in one place: polite by default."""

from __future__ import annotations

USER_AGENT = "Mozilla/5.0 (compatible; RadarBot/1.0; public channel monitoring)"
MAX_PAGES = 200  # pages per crawl; a longer backlog continues on the next crawl
MAX_RESWEEPS = 5  # pages of already stored posts read again per crawl (views, edits)
CUT_RETRIES = 2  # a cut-off page is asked again this many times before it is used as is


def scrapy_settings(download_delay: float) -> dict:
    backoff_base = max(2 * download_delay, 0.1)
    return {
        "BOT_NAME": "radar",
        "USER_AGENT": USER_AGENT,
        "ROBOTSTXT_OBEY": False,
        "CONCURRENT_REQUESTS": 1,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "DOWNLOAD_DELAY": download_delay,
        "DOWNLOAD_DELAY_JITTER": 0.5,  # ±50 %, so requests do not tick like a clock
        "DOWNLOAD_TIMEOUT": 30,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "HTTPERROR_ALLOW_ALL": True,  # the spider decides what a 404 or a 429 means
        "RETRY_ENABLED": False,  # replaced by PoliteRetry (Retry-After, backoff)
        "DOWNLOADER_MIDDLEWARES": {"crawlers.telegram_web.middleware.DropCancelled": 100,
                                   "crawlers.telegram_web.middleware.PoliteRetry": 550},
        # walks take turns: each has one request at a time, queued first come first served
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
        "TME_RETRY_TIMES": 3,
        "TME_BACKOFF_BASE": backoff_base,
        "TME_BACKOFF_CAP": 30.0,
        "TME_MAX_INLINE_WAIT": 30.0,  # a longer Retry-After ends the crawl: the source waits
        "LOG_LEVEL": "WARNING",
    }
