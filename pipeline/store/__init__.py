"""Storage: SQLite (WAL) by default, PostgreSQL in production; one schema, Alembic migrations."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from pipeline.store.engine import make_engine
from pipeline.store.migrate import ensure_schema


@dataclass
class Store:
    engine: Engine

    @classmethod
    def open(cls, url: str, migrate: bool = True) -> Store:
        engine = make_engine(url)
        if migrate:
            ensure_schema(engine)
        return cls(engine)

    @contextmanager
    def transaction(self):
        with self.engine.begin() as conn:
            yield conn

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()


__all__ = ["Connection", "Store"]
