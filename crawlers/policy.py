"""Rate limits, retries and backoff for every collector, in one place."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


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
