"""The stages after collection: analyze → incidents → alerts.

Each stage is a function ``run(store, config) -> StageResult`` over whatever is
pending in the store, so it can run alone, in ``radar process``, inside
``radar run`` or, later, as a task on a distributed worker. A stage whose module
is not there yet is reported as unavailable, never faked.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class StageResult:
    processed: int
    detail: str = ""


@dataclass(frozen=True)
class Stage:
    name: str
    target: str  # "module:function"
    issue: int

    def load(self) -> Callable | None:
        module_name, _, attr = self.target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                return None
            raise
        return getattr(module, attr, None)


STAGES = (
    Stage("analyze", "nlp.stage:run", 6),
    Stage("incidents", "pipeline.incidents.stage:run", 7),
    Stage("alerts", "pipeline.alerts.stage:run", 7),
)


def stage_named(name: str) -> Stage:
    for stage in STAGES:
        if stage.name == name:
            return stage
    raise KeyError(name)
