"""VK error codes → what happens to the source (the table in docs/vk.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from crawlers.errors import (
    AdminAttention,
    SourceError,
    SourcePaused,
    SourceUnavailable,
    SourceWait,
    TransientError,
)

AUTH_FAILED = 5
TOO_MANY_RPS = 6
FLOOD = 9
INTERNAL = 10
CAPTCHA = 14
ACCESS_DENIED = 15
VALIDATION = 17
DELETED_OR_BANNED = 18
SERVICE_TOKEN_REFUSED = 28
QUOTA_REACHED = 29
PRIVATE = 30
INVALID_PARAM = 100
INVALID_USER = 113
COMMENTS_CLOSED = 212

RETRIED = {TOO_MANY_RPS, INTERNAL, 1}  # retried with capped backoff, then the source waits
UNAVAILABLE = {
    ACCESS_DENIED: "access denied: closed or private community",
    DELETED_OR_BANNED: "page deleted or banned",
    PRIVATE: "profile is private",
    INVALID_PARAM: "no such wall or post (invalid id)",
    INVALID_USER: "no such user",
}
# Errors about one item of a batch (one post's comments): recorded, not fatal to the source.
PER_ITEM = {COMMENTS_CLOSED, ACCESS_DENIED, DELETED_OR_BANNED, PRIVATE, INVALID_PARAM}


@dataclass(frozen=True)
class VkCallError:
    """An API error answered for one call (plain, or one entry of ``execute_errors``)."""

    method: str
    code: int
    message: str

    def __str__(self) -> str:
        return f"{self.method}: VK error {self.code} ({self.message})"


def to_source_error(error: VkCallError, credential: str) -> SourceError:
    """The source-level consequence of an API error that was not retried away."""
    code = error.code
    if code == AUTH_FAILED:
        return AdminAttention(f"VK token rejected (error 5): {error.message}", credential)
    if code == CAPTCHA:
        return SourcePaused(f"VK asks for a captcha (error 14) on {error.method}")
    if code == VALIDATION:
        return SourcePaused(f"VK asks for validation (error 17) on {error.method}")
    if code in UNAVAILABLE:
        return SourceUnavailable(f"{UNAVAILABLE[code]} (VK error {code}: {error.message})")
    if code == TOO_MANY_RPS:
        return SourceWait(f"{error} persisted after capped backoff", timedelta(minutes=1))
    if code == FLOOD:
        return SourceWait(f"{error}: flood control", timedelta(minutes=15))
    if code in RETRIED:
        return TransientError(f"{error} persisted after retries")
    return SourceError(str(error))
