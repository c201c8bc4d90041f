"""What every command shares: the config file and the store, opened on first use."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import click

from pipeline.config import ConfigError, LoadedConfig, load_config
from pipeline.store import Store
from pipeline.store.sources import sync_sources

EXIT_CONFIG = 2


@dataclass
class AppContext:
    config_path: str | None
    _loaded: LoadedConfig | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)

    @property
    def loaded(self) -> LoadedConfig:
        if self._loaded is None:
            try:
                self._loaded = load_config(self.config_path)
            except ConfigError as exc:
                for problem in exc.problems:
                    click.echo(problem, err=True)
                sys.exit(EXIT_CONFIG)
        return self._loaded

    @property
    def config(self):
        return self.loaded.config

    def region_zone(self) -> ZoneInfo:
        return ZoneInfo(self.config.region.timezone)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store.open(self.loaded.database_url())
            with self._store.transaction() as conn:
                sync_sources(conn, self.config)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


pass_app = click.make_pass_decorator(AppContext)
