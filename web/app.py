"""``create_app(config, store)``: the FastAPI application.

Routers come from modules listed in ROUTERS ("module:attribute"); a module may also define
``install(app)``, called once, e.g. to add a principal resolver (the dashboard's sessions).
The dashboard adds its modules to ROUTERS, or passes them as ``extra``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from pipeline.config.model import Config
from pipeline.incidents.queue import NotFound, QueueError
from pipeline.store import Store
from pipeline.store.types import utcnow
from web.auth import bearer_resolver

ROUTERS = (
    "web.api.incidents:router",
    "web.api.alerts:router",
    "web.api.feed:router",
    "web.dashboard:router",
)


def create_app(config: Config, store: Store, extra: Iterable[str] = ()) -> FastAPI:
    app = FastAPI(title="Radar", version="1", openapi_url="/api/openapi.json",
                  docs_url="/api/docs", redoc_url=None,
                  description="Incidents queue and alert feed of the regional management "
                              "centre. Authenticate with `Authorization: Bearer <token>` "
                              "(`radar tokens add`) or a dashboard session.")
    app.state.config = config
    app.state.store = store
    app.state.clock = utcnow  # tests may pin time
    app.state.principal_resolvers = [bearer_resolver]
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(QueueError, _conflict)
    installed: set[str] = set()
    for target in (*ROUTERS, *extra):
        module_name, _, attr = target.partition(":")
        module = importlib.import_module(module_name)
        if hasattr(module, "install") and module_name not in installed:
            module.install(app)
            installed.add(module_name)
        if attr:
            app.include_router(getattr(module, attr))
    return app


async def _not_found(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=404)


async def _conflict(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=409)
