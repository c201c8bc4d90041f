"""A fake Telegram Bot API: ``/bot<token>/<method>`` with the real JSON envelope.

Answers ``{"ok": true, "result": ...}``; errors are ``{"ok": false, "error_code": N,
"description": ...}`` and flood control adds ``"parameters": {"retry_after": N}``, as the
real server does. ``flood(times, retry_after)`` makes the next sendMessage calls fail with
429; ``messages`` keeps what was delivered, with the time it arrived.
"""

from __future__ import annotations

import itertools
import threading
import time

from fakes._http import FakeHTTPServer, json_response, parse_params

BOT = {"id": 7000000001, "is_bot": True, "first_name": "Radar", "username": "radar_test_bot"}
ME = {**BOT, "can_join_groups": True, "can_read_all_group_messages": False,
      "supports_inline_queries": False}


class FakeBotAPI(FakeHTTPServer):
    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self.messages: list[dict] = []
        self.calls: list[tuple[float, str]] = []  # (monotonic time, method)
        self._floods: list[int] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def flood(self, times: int, retry_after: int) -> None:
        self._floods.extend([retry_after] * times)

    def handle(self, method, path, headers, body):
        parts = path.split("?", 1)[0].strip("/").split("/")
        if len(parts) != 2 or not parts[0].startswith("bot"):
            return json_response(404, {"ok": False, "error_code": 404,
                                       "description": "Not Found"})
        if parts[0][3:] != self.token:
            return json_response(401, {"ok": False, "error_code": 401,
                                       "description": "Unauthorized"})
        with self._lock:
            self.calls.append((time.monotonic(), parts[1]))
        params = parse_params(path, headers, body)
        if parts[1] == "getMe":
            return json_response(200, {"ok": True, "result": ME})
        if parts[1] == "sendMessage":
            return self._send_message(params)
        return json_response(404, {"ok": False, "error_code": 404, "description": "Not Found"})

    def _send_message(self, params: dict):
        with self._lock:
            if self._floods:
                wait = self._floods.pop(0)
                return json_response(429, {
                    "ok": False, "error_code": 429,
                    "description": f"Too Many Requests: retry after {wait}",
                    "parameters": {"retry_after": wait}})
        if not params.get("chat_id"):
            return json_response(400, {"ok": False, "error_code": 400,
                                       "description": "Bad Request: chat_id is empty"})
        if not str(params.get("text") or "").strip():
            return json_response(400, {"ok": False, "error_code": 400,
                                       "description": "Bad Request: message text is empty"})
        message = {"message_id": next(self._ids), "from": BOT,
                   "chat": {"id": int(params["chat_id"]), "type": "supergroup",
                            "title": "ЦУР дежурные"},
                   "date": int(time.time()), "text": params["text"]}
        with self._lock:
            self.messages.append({**message, "received": time.monotonic()})
        return json_response(200, {"ok": True, "result": message})
