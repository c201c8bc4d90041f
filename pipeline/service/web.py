"""The dashboard and API served from the service process (uvicorn in a thread)."""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)


class WebServer:
    def __init__(self, server, thread: threading.Thread) -> None:
        self.server, self.thread = server, thread

    @classmethod
    def start(cls, loaded, store, watcher, host: str, port: int) -> WebServer | None:
        app = build_app(loaded, store, watcher)
        if app is None:
            log.warning("web package not installed: dashboard and API are not served")
            return None
        import uvicorn

        server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
        server.install_signal_handlers = lambda: None  # the service owns the signals
        thread = threading.Thread(target=server.run, name="web", daemon=True)
        thread.start()
        log.info("dashboard at http://%s:%d/", host, port)
        return cls(server, thread)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(3)


def build_app(loaded, store, watcher=None):
    try:
        from web.app import create_app
    except ImportError:
        return None
    from prometheus_client import make_asgi_app

    app = create_app(loaded.config, store)
    app.mount("/metrics", make_asgi_app())
    app.state.config_watcher = watcher
    return app
