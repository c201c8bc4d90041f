"""Live config: re-read config.yaml when it changes; a bad edit keeps the last good one."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import ConfigError, LoadedConfig, load_config

log = logging.getLogger(__name__)


@dataclass
class ConfigWatcher:
    path: Path
    current: LoadedConfig
    errors: list[str] = field(default_factory=list)
    _digest: str = ""

    @classmethod
    def start(cls, path: str | Path | None) -> ConfigWatcher:
        loaded = load_config(path)
        return cls(loaded.path, loaded, _digest=_digest(loaded.path))

    def poll(self) -> LoadedConfig | None:
        """The new config when the file changed and is valid; None otherwise."""
        digest = _digest(self.path)
        if digest == self._digest:
            return None
        self._digest = digest
        try:
            loaded = load_config(self.path)
        except ConfigError as exc:
            self.errors = exc.problems
            for problem in exc.problems:
                log.error("config reload rejected, keeping the last good config: %s", problem)
            return None
        self.errors = []
        self.current = loaded
        log.info("config reloaded from %s", self.path)
        return loaded


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        return f"unreadable:{exc.errno}"
