"""A webhook receiver that checks ``X-Radar-Signature`` (HMAC-SHA256 of the raw body).

It keeps every request (``received``) and, like a careful real receiver, processes each
delivery id (``X-Radar-Delivery``) once (``accepted``). It can fail on purpose
(``fail_next``) or hold requests without answering until ``release()`` (for kill tests).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading

from fakes._http import FakeHTTPServer, json_response


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookReceiver(FakeHTTPServer):
    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret
        self.received: list[dict] = []
        self.accepted: dict[str, dict] = {}
        self.rejected = 0
        self._failures: list[int] = []
        self._hold_after: int | None = None
        self._released = threading.Event()
        self.holding = threading.Event()  # set while a request waits to be answered
        self._lock = threading.Lock()

    def fail_next(self, count: int, status: int = 503) -> None:
        self._failures.extend([status] * count)

    def hold_after(self, count: int) -> None:
        """Answer ``count`` more requests, then keep the next ones waiting."""
        self._hold_after = len(self.received) + count
        self._released.clear()

    def release(self) -> None:
        self._hold_after = None
        self._released.set()

    def handle(self, method, path, headers, body):
        headers = {k.lower(): v for k, v in headers.items()}
        if not hmac.compare_digest(headers.get("x-radar-signature", ""),
                                   sign(self.secret, body)):
            self.rejected += 1
            return json_response(401, {"error": "bad signature"})
        with self._lock:
            self.received.append({"headers": headers, "body": json.loads(body)})
            hold = self._hold_after is not None and len(self.received) > self._hold_after
            failure = self._failures.pop(0) if self._failures else None
            if failure is None:
                self.accepted.setdefault(headers.get("x-radar-delivery"), json.loads(body))
        if hold:
            self.holding.set()
            self._released.wait(30)
        if failure:
            return json_response(failure, {"error": "try later"})
        return json_response(200, {"ok": True})
