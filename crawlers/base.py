"""What a collector is: it fetches raw responses for a source and maps them to posts.

Fetching (I/O) and mapping (pure) are separate on purpose: raw responses are
stored immutably and ``map_raw`` can be re-run over them when markup changes
(``radar remap``), with ``version`` recording which mapper produced a post.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from pipeline.config.model import Config, Source
from pipeline.records import PostRecord
from pipeline.store.raw import RawResponse


@dataclass
class SourceState:
    """What the store remembers about a source between crawls."""

    cursor: Any = None  # JSON-serialisable, owned by the collector
    resolved: dict | None = None  # e.g. a screen name resolved to a numeric id
    now: datetime | None = None


@dataclass
class Batch:
    """Raw responses committed together, with the cursor they move the source to.

    The runner stores ``raw``, maps each through ``map_raw``, stores the posts and
    only then sets ``cursor`` — all in one transaction, so a kill loses nothing.
    """

    raw: list[RawResponse] = field(default_factory=list)
    cursor: Any = None
    resolved: dict | None = None
    facts: list[tuple[str, str]] = field(default_factory=list)  # (event kind, message)


class Collector(ABC):
    name: ClassVar[str]
    version: ClassVar[str]  # the mapper's version; bump it when map_raw changes

    def __init__(self, config: Config) -> None:
        self.config = config

    @abstractmethod
    def crawl(self, source: Source, state: SourceState) -> Iterator[Batch]:
        """Fetch what is new since ``state.cursor``; raise a SourceError on trouble."""

    @classmethod
    @abstractmethod
    def map_raw(cls, raw: RawResponse, source: Source) -> list[PostRecord]:
        """Pure: one stored raw response → post records."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections; called when the service stops."""
