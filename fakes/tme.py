"""A fake t.me on 127.0.0.1: /s/<channel> preview pages in the real markup, with paging.

Seed it from plain data (post dicts) and change it while it runs::

    fake = TmeFake([{"channel": "eaonews", "id": 1, "date": "2026-06-01T10:00:00+00:00",
                     "text": "Hello #ЖКХ", "views": 1530, "media": ["photo"]}])
    fake.start()                    # fake.url -> "http://127.0.0.1:PORT"
    fake.add_posts([...])           # new posts between crawls
    fake.fail_next(429, times=2, retry_after=1)   # then 429s on demand
    fake.truncate_next()            # cut the next page in the middle
    fake.stop()

Like t.me: 20 messages a page, ``?before=N`` gives the 20 newest with id < N, a channel
without preview and a free username redirect /s/<name> to the /<name> landing page.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections.abc import Iterable
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from fakes.tme_markup import channel_page, landing_page

PER_PAGE = 20


def _post(data: dict) -> dict:
    post = dict(data)
    post["id"] = int(post["id"])
    if isinstance(post.get("date"), str):
        post["date"] = datetime.fromisoformat(post["date"])
    return post


def posts_from_records(records: Iterable[dict], channel: str | None = None) -> list[dict]:
    """Post records (docs/post-record.md, e.g. a bundled demo corpus) -> fake t.me posts.

    The channel is ``channel``, else the record's author id, else its source id; a record
    whose id is not a number gets the next free number of its channel.
    """
    posts: list[dict] = []
    numbers: dict[str, int] = {}
    for record in records:
        name = channel or (record.get("author") or {}).get("id") or record["source"]
        native = str(record.get("id", ""))
        number = int(native) if native.isdigit() else numbers.get(name, 0) + 1
        numbers[name] = max(numbers.get(name, 0), number)
        extra = record.get("extra") or {}
        posts.append({"channel": name, "id": number, "date": record["published_at"],
                      "text": record.get("text", ""),
                      "views": (record.get("metrics") or {}).get("views"),
                      "media": extra.get("media") or [], "edited": bool(extra.get("edited"))})
    return posts


class TmeFake:
    def __init__(self, posts: Iterable[dict] = (), titles: dict[str, str] | None = None,
                 no_preview: Iterable[str] = (), latency: float = 0.0) -> None:
        self.channels: dict[str, dict[int, dict]] = {}
        self.titles = dict(titles or {})
        self.no_preview = set(no_preview)
        self.latency = latency
        self.requests: list[tuple[str, int]] = []  # (path?query, status)
        self.max_in_flight = 0
        self._in_flight = 0
        self._faults: list[tuple[int, float | None, str | None]] = []
        self._truncate = 0
        self._keep = 2 / 3
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self.add_posts(posts)

    # --- data -----------------------------------------------------------------------------
    def add_posts(self, posts: Iterable[dict]) -> None:
        with self._lock:
            for data in posts:
                post = _post(data)
                self.channels.setdefault(post["channel"], {})[post["id"]] = post

    def edit_post(self, channel: str, number: int, **changes) -> None:
        with self._lock:
            self.channels[channel][number].update(changes)

    def fail_next(self, status: int = 429, times: int = 1, retry_after: float | None = None,
                  body: str | None = None) -> None:
        """The next ``times`` requests get ``status`` (and ``body``, e.g. a proxy's page)."""
        with self._lock:
            self._faults += [(status, retry_after, body)] * times

    def truncate_next(self, times: int = 1, keep: float = 2 / 3) -> None:
        """Cut the next ``times`` channel pages, keeping the first ``keep`` of each."""
        with self._lock:
            self._truncate += times
            self._keep = keep

    # --- serving --------------------------------------------------------------------------
    def start(self) -> str:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self.url

    @property
    def url(self) -> str:
        assert self._server is not None, "start() first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> TmeFake:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def respond(self, path: str, query: dict) -> tuple[int, dict, str]:
        """(status, headers, body) for one request; the HTTP handler only writes it out."""
        with self._lock:
            if self._faults:
                status, retry_after, body = self._faults.pop(0)
                headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}
                return status, headers, body or f"<html><body>{status}</body></html>"
            truncate = self._truncate > 0 and path.startswith("/s/")
            self._truncate -= truncate
            status, headers, body = self._page(path, query)
        if truncate:
            body = body[: int(len(body) * self._keep)]
        return status, headers, body

    def _page(self, path: str, query: dict) -> tuple[int, dict, str]:
        parts = [p for p in path.split("/") if p]
        if len(parts) == 2 and parts[0] == "s":
            name = parts[1]
            if name not in self.channels or name in self.no_preview:
                return 302, {"Location": f"/{name}"}, ""
            return 200, {}, self._history(name, query)
        if len(parts) == 1:
            name = parts[0]
            if name in self.channels or name in self.no_preview:
                title = self.titles.get(name, name)
                return 200, {}, landing_page(name, title, "1 204 subscribers")
            return 200, {}, landing_page(name, None, None)
        return 404, {}, "<html><body>Not found</body></html>"

    def _history(self, name: str, query: dict) -> str:
        before = (query.get("before") or [None])[0]
        posts = sorted(self.channels[name].values(), key=lambda p: p["id"])
        if before and before.isdigit():
            posts = [p for p in posts if p["id"] < int(before)]
        page = posts[-PER_PAGE:]
        older = page[0]["id"] if page and len(posts) > len(page) else None
        return channel_page(name, self.titles.get(name, name), page, older)


class _Handler(BaseHTTPRequestHandler):
    fake: TmeFake

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        fake = self.fake
        with fake._lock:
            fake._in_flight += 1
            fake.max_in_flight = max(fake.max_in_flight, fake._in_flight)
        try:
            if fake.latency:
                time.sleep(fake.latency)
            url = urlparse(self.path)
            status, headers, body = fake.respond(url.path, parse_qs(url.query))
            with fake._lock:  # before answering: the client's next request may race it
                fake.requests.append((self.path, status))
            self._send(status, headers, body)
        finally:
            with fake._lock:
                fake._in_flight -= 1

    def _send(self, status: int, headers: dict, body: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet
        pass


def main(argv: list[str] | None = None) -> None:
    """``python -m fakes.tme [--seed posts.jsonl] [--port 0]``: serve until interrupted."""
    parser = argparse.ArgumentParser(description="A fake t.me on 127.0.0.1.")
    parser.add_argument("--seed", help="a .jsonl of fake posts or of post records")
    parser.add_argument("--channel", help="put every seeded post into this channel")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    rows = []
    if args.seed:
        with open(args.seed, encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
    records = [r for r in rows if "published_at" in r]
    posts = [r for r in rows if "published_at" not in r] + posts_from_records(records,
                                                                              args.channel)
    fake = TmeFake(posts)
    fake._server = ThreadingHTTPServer(("127.0.0.1", args.port),
                                       type("Handler", (_Handler,), {"fake": fake}))
    print(fake.url, flush=True)
    try:
        fake._server.serve_forever(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        fake._server.server_close()


if __name__ == "__main__":
    main()
