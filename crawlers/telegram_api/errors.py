"""telethon errors -> source health: wait, pause, unavailable, admin, transient."""

from __future__ import annotations

from datetime import timedelta

from telethon import errors

from crawlers.errors import (
    AdminAttention,
    SourceError,
    SourcePaused,
    SourceUnavailable,
    SourceWait,
    TransientError,
)
from pipeline.config.model import Source, TelegramSettings

_GONE = (errors.UsernameNotOccupiedError, errors.UsernameInvalidError,
         errors.ChannelPrivateError, errors.ChannelInvalidError, errors.ChatForbiddenError,
         errors.MsgIdInvalidError)
_SESSION = (errors.AuthKeyUnregisteredError, errors.SessionRevokedError,
            errors.AuthKeyDuplicatedError, errors.UserDeactivatedError,
            errors.UserDeactivatedBanError, errors.SessionExpiredError)


def translate(exc: Exception, source: Source, settings: TelegramSettings) -> SourceError:
    if isinstance(exc, SourceError):
        return exc
    where = f"source {source.id} (@{source.handle})"
    if isinstance(exc, errors.FloodWaitError | errors.FloodPremiumWaitError):
        return flood_wait(exc, where, settings)
    if isinstance(exc, _GONE):
        return SourceUnavailable(f"{where}: {type(exc).__name__}: {exc}")
    if isinstance(exc, _SESSION):
        return AdminAttention(f"telegram_api: the session was rejected ({type(exc).__name__}); "
                              f"make a new ${settings.session_env}",
                              credential=settings.session_env)
    if isinstance(exc, errors.RPCError | ConnectionError | OSError | TimeoutError):
        return TransientError(f"{where}: {type(exc).__name__}: {exc}")
    return SourceError(f"{where}: {type(exc).__name__}: {exc}")


def flood_wait(exc, where: str, settings: TelegramSettings) -> SourceError:
    """Never sleep in the worker: the source waits; a wait above the cap pauses it."""
    wait = timedelta(seconds=max(int(exc.seconds), 1))
    request = type(getattr(exc, "request", None)).__name__
    if wait > settings.flood_wait_cap:
        return SourcePaused(f"{where}: Telegram FloodWait of {wait} on {request} is over the "
                            f"cap ({settings.flood_wait_cap}); paused until then",
                            retry_after=wait)
    return SourceWait(f"{where}: Telegram FloodWait of {wait} on {request}", retry_after=wait)
