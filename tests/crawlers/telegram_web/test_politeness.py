"""Retry-After in both its forms, and the scrapy settings that keep the crawl polite."""

from __future__ import annotations

import time
from email.utils import formatdate

import pytest

from crawlers.policy import retry_after_seconds
from crawlers.telegram_web.settings import scrapy_settings


@pytest.mark.parametrize("header, low, high", [
    ("120", 120, 120), ("0.5", 0.5, 0.5), ("-3", 0, 0), (90, 85, 91), (-90, 0, 0),
])
def test_retry_after_seconds(header, low, high):
    if isinstance(header, int):  # an HTTP date this many seconds from now
        header = formatdate(time.time() + header, usegmt=True)
    assert low <= retry_after_seconds(header) <= high


@pytest.mark.parametrize("header", [None, "", "soon", "Mon, 99 Foo"])
def test_unreadable_retry_after_is_none(header):
    assert retry_after_seconds(header) is None


def test_polite_defaults():
    settings = scrapy_settings(1.0)
    assert settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == settings["CONCURRENT_REQUESTS"] == 1
    assert settings["DOWNLOAD_DELAY"] == 1.0 and settings["RETRY_ENABLED"] is False
    assert "crawlers.telegram_web.middleware.PoliteRetry" in settings["DOWNLOADER_MIDDLEWARES"]
    assert scrapy_settings(0.01)["TME_BACKOFF_BASE"] == 0.1  # backoff never below 0.1 s
