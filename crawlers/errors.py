"""Errors a collector raises; each says what the source's health becomes."""

from __future__ import annotations

from datetime import timedelta


class SourceError(Exception):
    status = "failing"

    def __init__(self, reason: str, retry_after: timedelta | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class TransientError(SourceError):
    """Network trouble or a 5xx that survived the retries: try again next interval."""


class SourceWait(SourceError):
    """The platform asked us to wait (FloodWait, quota reached, 429)."""

    status = "waiting"


class SourceUnavailable(SourceError):
    """Closed, deleted, private or without a public preview: no point retrying soon."""

    status = "unavailable"


class SourcePaused(SourceError):
    """Needs a human (invalid token, captcha): paused until the admin acts."""

    status = "paused"


class AdminAttention(SourcePaused):
    """Paused, and every source sharing the credential is affected (error 5)."""

    def __init__(self, reason: str, credential: str) -> None:
        super().__init__(reason)
        self.credential = credential
