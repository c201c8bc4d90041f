"""A fake VK API server on 127.0.0.1 that speaks VK's real JSON (API 5.199).

    with FakeVkApi() as fake:                 # binds a free port
        owner = fake.world.add_group("eaomedia", 123, "ЕАО Медиа")
        fake.world.add_post(owner, "text", likes=3)
        config vk.api_url = fake.api_url      # http://127.0.0.1:PORT/method/
        fake.fail_next("wall.get", 6)         # any VK error on demand
        fake.set_token_kind("TOKEN", "service")  # execute → error 28

It serves wall.get, wall.getById, wall.getComments (threads), groups.getById
(``{groups: [...]}``), utils.resolveScreenName, newsfeed.search (start_time,
end_time, next_from, the 1,000-result cap) and execute (``execute_errors``), plus
an optional per-token rate limit (error 6) and daily method quotas (error 29).
It is seedable from plain dicts (``fake.world.seed([...])``) and may be changed
while running (add, edit, delete posts and comments).
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections import Counter, defaultdict, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from fakes.vk_methods import MESSAGES, METHODS, VkFault
from fakes.vk_world import World

_CALL = re.compile(r"API\.([A-Za-z]+\.[A-Za-z]+)\(")
EXECUTE_MAX = 25


class FakeVkApi:
    def __init__(self, world: World | None = None, default_token_kind: str = "user") -> None:
        self.world = world or World()
        self.default_token_kind = default_token_kind
        self.token_kinds: dict[str, str] = {}
        self.revoked: set[str] = set()
        self.quotas: dict[str, int] = {}
        self.used: Counter = Counter()  # (token, method) -> calls today
        self.rps_limit: float | None = None
        self.requests: list[tuple[str, dict]] = []  # (method, params without the token)
        self._failures: dict[str, deque] = defaultdict(deque)
        self._recent: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> FakeVkApi:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True, name="fake-vk-api")
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeVkApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        assert self._server is not None, "start() the fake first"
        return f"http://127.0.0.1:{self._server.server_address[1]}/method/"

    # -- control -----------------------------------------------------------------------
    def fail_next(self, method: str, code: int, times: int = 1, **extra: Any) -> None:
        """The next ``times`` calls of ``method`` ("*" = any) fail with VK error ``code``;
        code 500/502/503 answers with that HTTP status instead."""
        with self._lock:
            self._failures[method].extend([(code, extra)] * times)

    def set_token_kind(self, token: str, kind: str) -> None:
        self.token_kinds[token] = kind

    def revoke_token(self, token: str) -> None:
        self.revoked.add(token)

    def set_quota(self, method: str, per_day: int) -> None:
        self.quotas[method] = per_day

    def count(self, method: str | None = None) -> int:
        """HTTP requests served (``method`` counts inner execute calls too)."""
        with self._lock:
            if method is None:
                return len(self.requests)
            return sum(1 for m, _ in self.requests if m == method)

    # -- dispatch ----------------------------------------------------------------------
    def handle(self, method: str, params: dict) -> tuple[int, dict]:
        token = str(params.pop("access_token", ""))
        with self._lock:
            self.requests.append((method, dict(params)))
        try:
            self._admit(token, method)
            if method == "execute":
                return 200, self._execute(token, params)
            return 200, {"response": self._call(token, method, params)}
        except VkFault as fault:
            if fault.code >= 500:
                return fault.code, {"error": "fake HTTP failure"}
            return 200, {"error": _error_body(fault, method, params)}

    def _admit(self, token: str, method: str) -> None:
        if not token or token in self.revoked:
            raise VkFault(5)
        self._take_failure(method)
        if self.rps_limit:
            self._check_rate(token)
        if method == "execute" and self._kind(token) == "service":
            raise VkFault(28)

    def _kind(self, token: str) -> str:
        return self.token_kinds.get(token, self.default_token_kind)

    def _take_failure(self, method: str) -> None:
        with self._lock:
            for key in (method, "*"):
                if self._failures[key]:
                    code, extra = self._failures[key].popleft()
                    raise VkFault(code, **extra)

    def _check_rate(self, token: str) -> None:
        now = time.monotonic()
        with self._lock:
            recent = self._recent[token]
            while recent and now - recent[0] >= 0.95:  # a little slack for timer jitter
                recent.popleft()
            if len(recent) >= self.rps_limit:
                raise VkFault(6)
            recent.append(now)

    def _call(self, token: str, method: str, params: dict) -> Any:
        if method not in METHODS:
            raise VkFault(3, "Unknown method passed")
        with self._lock:
            limit = self.quotas.get(method)
            if limit is not None and self.used[(token, method)] >= limit:
                raise VkFault(29)
            self.used[(token, method)] += 1
        with self.world.lock:
            return METHODS[method](self.world, params)

    def _execute(self, token: str, params: dict) -> dict:
        calls = parse_execute(str(params.get("code", "")))
        if len(calls) > EXECUTE_MAX:
            raise VkFault(13, "Runtime error occurred during code invocation: "
                              "Too many API calls")
        results, errors = [], []
        for method, args in calls:
            with self._lock:
                self.requests.append((method, dict(args)))
            try:
                self._take_failure(method)
                results.append(self._call(token, method, args))
            except VkFault as fault:
                if fault.code in (5, 28):
                    raise
                results.append(False)
                errors.append({"method": method, "error_code": fault.code,
                               "error_msg": fault.message})
        body: dict[str, Any] = {"response": results}
        if errors:
            body["execute_errors"] = errors
        return body


def parse_execute(code: str) -> list[tuple[str, dict]]:
    """The calls of a ``return [API.m({...}), ...];`` program (the only form we accept)."""
    decoder = json.JSONDecoder()
    calls = []
    for match in _CALL.finditer(code):
        args, _ = decoder.raw_decode(code, match.end()) if code[match.end()] == "{" else ({}, 0)
        calls.append((match.group(1), {k: _as_param(v) for k, v in args.items()}))
    if not calls:
        raise VkFault(12, "Unable to compile code")
    return calls


def _as_param(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _error_body(fault: VkFault, method: str, params: dict) -> dict:
    shown = [{"key": "method", "value": method}, {"key": "oauth", "value": "1"}]
    shown += [{"key": k, "value": str(v)} for k, v in params.items() if k != "code"]
    body = {"error_code": fault.code, "error_msg": fault.message or MESSAGES.get(fault.code),
            "request_params": shown}
    if fault.code == 14:
        body.update(captcha_sid="548747100691",
                    captcha_img="https://api.vk.ru/captcha.php?sid=548747100691&s=1")
    if fault.code == 17:
        body["redirect_uri"] = "https://m.vk.ru/activation?act=validate&api_hash=x&hash=y"
    body.update(fault.extra)
    return body


class _Handler(BaseHTTPRequestHandler):
    fake: FakeVkApi
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()  # headers and body go out as two writes: no Nagle delay between them
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._serve(b"")

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        self._serve(self.rfile.read(length))

    def _serve(self, body: bytes) -> None:
        url = urlsplit(self.path)
        if not url.path.startswith("/method/"):
            self._reply(404, {"error": "not found"})
            return
        params = dict(parse_qsl(url.query))
        params.update(parse_qsl(body.decode("utf-8", "replace")))
        status, payload = self.fake.handle(url.path[len("/method/"):], params)
        self._reply(status, payload)

    def _reply(self, status: int, payload: dict) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass
