"""Rate limits, retries and backoff for every collector, in one place."""

from __future__ import annotations

import hashlib
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time
from typing import Protocol
from zoneinfo import ZoneInfo


class RateLimiter:
    """At most ``rate`` calls per second, shared by every caller holding it."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self._next = 0.0
        self._lock = threading.Lock()
        self._clock, self._sleep = clock, sleep

    def acquire(self) -> float:
        """Block until the next slot; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self.interval
        wait = slot - now
        if wait > 0:
            self._sleep(wait)
        return wait


_limiters: dict[str, RateLimiter] = {}
_limiters_lock = threading.Lock()


def shared_limiter(key: str, rate: float) -> RateLimiter:
    """One limiter per credential (token, host), shared across sources and threads."""
    with _limiters_lock:
        limiter = _limiters.get(key)
        if limiter is None or abs(limiter.interval - 1.0 / rate) > 1e-9:
            limiter = _limiters[key] = RateLimiter(rate)
        return limiter


@dataclass(frozen=True)
class Backoff:
    """Capped exponential backoff with full jitter."""

    base: float = 1.0
    cap: float = 60.0
    attempts: int = 4

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        ceiling = min(self.cap, self.base * (2 ** attempt))
        return (rng or random).uniform(ceiling / 2, ceiling)


def retry(call: Callable[[], object], is_transient: Callable[[Exception], bool],
          backoff: Backoff = Backoff(), sleep: Callable[[float], None] = time.sleep) -> object:
    """Run ``call``; retry transient failures up to ``backoff.attempts`` times."""
    for attempt in range(backoff.attempts + 1):
        try:
            return call()
        except Exception as exc:
            if attempt >= backoff.attempts or not is_transient(exc):
                raise
            sleep(backoff.delay(attempt))
    raise AssertionError("unreachable")


# -- credentials -------------------------------------------------------------------------

def credential_key(platform: str, secret: str) -> str:
    """A stable name for a credential that never reveals it (limiter keys, quota rows)."""
    return f"{platform}:{hashlib.sha256(secret.encode('utf-8')).hexdigest()[:24]}"


_blocked: dict[str, str] = {}


def block_credential(key: str, reason: str) -> None:
    """Stop every caller in this process from using a credential the platform rejected."""
    with _limiters_lock:
        _blocked[key] = reason


def credential_blocked(key: str) -> str | None:
    with _limiters_lock:
        return _blocked.get(key)


def unblock_credential(key: str) -> None:
    with _limiters_lock:
        _blocked.pop(key, None)


# -- daily quotas ------------------------------------------------------------------------

class QuotaLedger(Protocol):
    def take(self, credential: str, method: str, day: str, n: int, limit: int) -> bool:
        """Count ``n`` calls if ``used + n <= limit``; False (nothing counted) otherwise."""

    def exhaust(self, credential: str, method: str, day: str, limit: int) -> None:
        """The platform said the quota is spent: mark it so."""


class MemoryLedger:
    def __init__(self) -> None:
        self.used: dict[tuple[str, str, str], int] = {}
        self._lock = threading.Lock()

    def take(self, credential: str, method: str, day: str, n: int, limit: int) -> bool:
        with self._lock:
            used = self.used.get((credential, method, day), 0)
            if used + n > limit:
                return False
            self.used[(credential, method, day)] = used + n
            return True

    def exhaust(self, credential: str, method: str, day: str, limit: int) -> None:
        with self._lock:
            key = (credential, method, day)
            self.used[key] = max(self.used.get(key, 0), limit)


class StoreLedger:
    """Quota counters in the ``quota_usage`` table, shared by every process on the database."""

    def __init__(self, store) -> None:
        self.store = store

    def take(self, credential: str, method: str, day: str, n: int, limit: int) -> bool:
        with self.store.transaction() as conn:
            used = self._used(conn, credential, method, day)
            if (used or 0) + n > limit:
                return False
            self._write(conn, credential, method, day, used, (used or 0) + n)
            return True

    def exhaust(self, credential: str, method: str, day: str, limit: int) -> None:
        with self.store.transaction() as conn:
            used = self._used(conn, credential, method, day)
            self._write(conn, credential, method, day, used, max(used or 0, limit))

    @staticmethod
    def _used(conn, credential: str, method: str, day: str) -> int | None:
        from sqlalchemy import select

        from pipeline.store.schema import quota_usage as q
        return conn.execute(select(q.c.used).where(
            q.c.credential == credential, q.c.method == method, q.c.day == day)).scalar()

    @staticmethod
    def _write(conn, credential: str, method: str, day: str, before: int | None,
               value: int) -> None:
        from pipeline.store.schema import quota_usage as q
        if before is None:
            conn.execute(q.insert().values(credential=credential, method=method, day=day,
                                           used=value))
        else:
            conn.execute(q.update().where(q.c.credential == credential, q.c.method == method,
                                          q.c.day == day).values(used=value))


class DailyQuota:
    """Per-method daily call limits of one credential; the day resets at midnight in ``zone``."""

    def __init__(self, credential: str, limits: dict[str, int], ledger: QuotaLedger,
                 zone: str = "UTC", clock: Callable[[], datetime] | None = None) -> None:
        self.credential, self.limits, self.ledger = credential, dict(limits), ledger
        self.zone = ZoneInfo(zone)
        self._clock = clock or (lambda: datetime.now(UTC))

    def take(self, method: str, n: int = 1) -> timedelta | None:
        """Count ``n`` calls; if that would pass the limit, count nothing and return
        the time until the quota resets."""
        limit = self.limits.get(method)
        if limit is None:
            return None
        if self.ledger.take(self.credential, method, self._day(), n, limit):
            return None
        return self.until_reset()

    def exhausted(self, method: str) -> timedelta:
        if method in self.limits:
            self.ledger.exhaust(self.credential, method, self._day(), self.limits[method])
        return self.until_reset()

    def until_reset(self) -> timedelta:
        local = self._clock().astimezone(self.zone)
        midnight = datetime.combine(local.date() + timedelta(days=1), dt_time(0), self.zone)
        return midnight - local

    def _day(self) -> str:
        return self._clock().astimezone(self.zone).date().isoformat()


def retry_after_seconds(value: str | None) -> float | None:
    """An HTTP Retry-After header (seconds or an HTTP date) as seconds from now."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # noqa: PLC0415 - rarely needed
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
