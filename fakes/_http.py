"""A tiny threaded HTTP server on 127.0.0.1, port 0, shared by the HTTP fakes."""

from __future__ import annotations

import json
import threading
from abc import ABC, abstractmethod
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


class FakeHTTPServer(ABC):
    """Subclasses implement ``handle(method, path, headers, body) -> (status, headers, bytes)``."""

    def __init__(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, headers, payload = fake.handle(self.command, self.path,
                                                       dict(self.headers), body)
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    return  # the client is gone (killed mid-request in a test)

            do_GET = do_POST = _serve  # noqa: N815

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @abstractmethod
    def handle(self, method: str, path: str, headers: dict, body: bytes):
        """(status, headers, body bytes) for one request."""


def json_response(status: int, data, headers: dict | None = None):
    payload = json.dumps(data, ensure_ascii=False).encode()
    return status, {"Content-Type": "application/json", **(headers or {})}, payload


def parse_params(path: str, headers: dict, body: bytes) -> dict:
    """Query string, form or JSON body, as the Bot API accepts all three."""
    params = dict(parse_qsl(urlsplit(path).query))
    kind = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    if body and "json" in kind:
        params.update(json.loads(body))
    elif body:
        params.update(parse_qsl(body.decode()))
    return params
