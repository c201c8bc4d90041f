"""The telethon session: secrets from the environment, one process per session."""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from crawlers.errors import AdminAttention, SourceWait
from pipeline.config.model import TelegramSettings
from pipeline.config.secrets import read_secret

LOCK_DIR_ENV = "RADAR_RUN_DIR"  # where session locks live (default: the temp directory)


@dataclass(frozen=True)
class Credentials:
    api_id: int
    api_hash: str
    session: str


def credentials(settings: TelegramSettings) -> Credentials:
    """api_id, api_hash and the StringSession, or AdminAttention naming what is missing."""
    names = (settings.api_id_env, settings.api_hash_env, settings.session_env)
    values = [read_secret(name) for name in names]
    missing = [f"${name}" for name, value in zip(names, values, strict=True) if not value]
    if missing:
        raise AdminAttention(f"telegram_api: {', '.join(missing)} not set",
                             credential=settings.session_env)
    api_id, api_hash, session = values
    if not api_id.strip().isdigit():
        raise AdminAttention(f"telegram_api: ${settings.api_id_env} is not a number",
                             credential=settings.session_env)
    return Credentials(int(api_id), api_hash.strip(), session.strip())


class SessionLock:
    """An exclusive lock per session: two processes on one session get it revoked."""

    def __init__(self, session: str, directory: str | os.PathLike | None = None) -> None:
        digest = hashlib.sha256(session.encode()).hexdigest()[:16]
        folder = Path(directory or os.environ.get(LOCK_DIR_ENV) or tempfile.gettempdir())
        self.path = folder / f"radar-telegram-{digest}.lock"
        self._file = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")  # noqa: SIM115 - held for the process's life
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            raise SourceWait(f"telegram_api: the session is in use by another process "
                             f"(pid {holder}, lock {self.path})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
