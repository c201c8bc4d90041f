"""Collector ``telegram_api``: channel posts and discussion comments through telethon.

Kinds: ``channel`` (posts, cursor = highest message id stored) and ``comments``
(comments under the channel's recent posts, cursor = last comment id per post).
One telethon client per process, on its own event loop, used by one crawl at a time.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from telethon import TelegramClient, types
from telethon.sessions import StringSession

from crawlers.base import Batch, Collector, SourceState
from crawlers.errors import AdminAttention, SourceUnavailable
from crawlers.telegram_api.errors import translate
from crawlers.telegram_api.mapper import map_payload
from crawlers.telegram_api.serialize import payload
from crawlers.telegram_api.session import SessionLock, credentials
from crawlers.telegram_web.collector import channel_name
from pipeline.config.model import Config, Source
from pipeline.records import PostRecord
from pipeline.store.raw import RawResponse

log = logging.getLogger(__name__)

CHUNK = 100  # messages per raw item (one GetHistory / GetReplies page)


class TelegramApiCollector(Collector):
    name = "telegram_api"
    version = "1"

    def __init__(self, config: Config,
                 client_factory: Callable[..., TelegramClient] = TelegramClient,
                 request_pause: float = 1.0) -> None:
        super().__init__(config)
        self.client_factory = client_factory
        self.request_pause = request_pause  # between two history pages, as telethon advises
        self._loop = asyncio.new_event_loop()
        self._loop_thread: threading.Thread | None = None
        self._client: TelegramClient | None = None
        self._lock: SessionLock | None = None
        self._busy = threading.Lock()

    def credential_for(self, source: Source) -> str:
        return self.config.telegram.session_env

    # --- plumbing -------------------------------------------------------------------------
    def _run(self, coro):
        """Run ``coro`` on the collector's own loop, in its own thread.

        The calling thread may already run an event loop of its own (a web server, a test
        harness); telethon must never share or start one there.
        """
        if self._loop_thread is None:
            self._loop_thread = threading.Thread(target=self._loop.run_forever,
                                                 name="telethon-loop", daemon=True)
            self._loop_thread.start()
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    async def _new_client(self, creds) -> TelegramClient:
        return self.client_factory(StringSession(creds.session), creds.api_id, creds.api_hash,
                                   flood_sleep_threshold=0, receive_updates=False)

    def client(self) -> TelegramClient:
        if self._client is not None:
            return self._client
        creds = credentials(self.config.telegram)
        lock = SessionLock(creds.session)
        lock.acquire()
        try:
            client = self._run(self._new_client(creds))  # built on the loop it will use
            self._run(client.connect())
            if not self._run(client.is_user_authorized()):
                raise AdminAttention("telegram_api: the session is not logged in (make a new "
                                     f"${self.config.telegram.session_env})",
                                     credential=self.config.telegram.session_env)
        except BaseException:
            lock.release()
            raise
        self._client, self._lock = client, lock
        return client

    def close(self) -> None:
        if self._client is not None:
            try:
                self._run(_disconnect(self._client))
            except Exception:  # noqa: BLE001 - closing must not fail the shutdown
                log.exception("telegram_api: disconnect failed")
            self._client = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        if self._loop_thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._loop_thread.join(5)
            self._loop_thread = None

    # --- crawling -------------------------------------------------------------------------
    def crawl(self, source: Source, state: SourceState) -> Iterator[Batch]:
        if source.kind not in ("channel", "comments"):
            raise SourceUnavailable(f"source {source.id}: telegram_api has no kind "
                                    f"{source.kind!r} (channel, comments)")
        with self._busy:
            try:
                yield from self._crawl(source, state)
            except Exception as exc:
                raise translate(exc, source, self.config.telegram) from exc

    def _crawl(self, source: Source, state: SourceState) -> Iterator[Batch]:
        client = self.client()
        channel = channel_name(source)
        peer, resolved = self._peer(client, channel, state.resolved)
        now = state.now or datetime.now(UTC)
        since = now - (source.depth or self.config.telegram.first_crawl_depth)
        if source.kind == "comments":
            batches = self._comments(client, peer, channel, state.cursor or {}, since)
        else:
            resweep = now - self.config.telegram.resweep_window
            batches = self._history(client, peer, channel, state.cursor or {}, since, resweep)
        first = True
        for batch in batches:
            if first and resolved:
                batch.resolved, first = resolved, False
            yield batch
        if first and resolved:
            yield Batch(resolved=resolved)

    def _peer(self, client, channel: str, known: dict | None):
        """The channel's input peer; ResolveUsername (flood-limited) only the first time."""
        if known and known.get("username") == channel and known.get("access_hash"):
            return types.InputPeerChannel(known["channel_id"], known["access_hash"]), None
        try:
            peer = self._run(client.get_input_entity(channel))
        except ValueError as exc:  # telethon's word for USERNAME_NOT_OCCUPIED and the like
            raise SourceUnavailable(f"@{channel}: {exc}") from exc
        if not isinstance(peer, types.InputPeerChannel):
            raise SourceUnavailable(f"@{channel} is not a channel")
        return peer, {"username": channel, "channel_id": peer.channel_id,
                      "access_hash": peer.access_hash}

    def _chunks(self, iterator) -> Iterator[list]:
        async def take():
            return [m async for m in _limit(iterator, CHUNK)]
        while True:
            chunk = self._run(take())
            if not chunk:
                return
            yield chunk

    def _history(self, client, peer, channel: str, cursor: dict, since: datetime,
                 resweep_since: datetime):
        last = int(cursor.get("max_id") or 0)
        stored_before = last
        pause = self.request_pause
        iterator = (client.iter_messages(peer, min_id=last, reverse=True, wait_time=pause)
                    if last else client.iter_messages(peer, offset_date=since, reverse=True,
                                                      wait_time=pause))
        for chunk in self._chunks(iterator):
            last = max(last, *(m.id for m in chunk))
            yield Batch(raw=[_raw("history", channel, peer, chunk)], cursor={"max_id": last})
        if stored_before:  # read recent stored posts again: new views, reactions, edits
            again = [m for m in self._recent_posts(client, peer, resweep_since)
                     if m.id <= stored_before]
            for start in range(0, len(again), CHUNK):
                chunk = again[start:start + CHUNK]
                yield Batch(raw=[_raw("history", channel, peer, chunk)], cursor={"max_id": last})

    def _comments(self, client, peer, channel: str, cursor: dict, since: datetime):
        seen = {str(k): int(v) for k, v in (cursor.get("posts") or {}).items()}
        posts = self._recent_posts(client, peer, since)
        seen = {k: v for k, v in seen.items() if int(k) in {p.id for p in posts}}
        for post in posts:
            replies = post.replies
            done = seen.get(str(post.id), 0)
            if not replies or not replies.comments or (replies.max_id or 0) <= done:
                continue
            iterator = client.iter_messages(peer, reply_to=post.id, min_id=done, reverse=True,
                                            wait_time=self.request_pause)
            for chunk in self._chunks(iterator):
                seen[str(post.id)] = max(done, *(m.id for m in chunk))
                done = seen[str(post.id)]
                yield Batch(raw=[_raw("replies", channel, peer, chunk, post.id)],
                            cursor={"posts": dict(seen)})

    def _recent_posts(self, client, peer, since: datetime) -> list:
        async def collect():
            found = []
            async for message in client.iter_messages(peer, wait_time=self.request_pause):
                if message.date < since:
                    break
                found.append(message)
            return found
        return self._run(collect())

    @classmethod
    def map_raw(cls, raw: RawResponse, source: Source) -> list[PostRecord]:
        return map_payload(raw.payload, source)


async def _disconnect(client: TelegramClient) -> None:
    await client.disconnect()  # inside a running loop it returns an awaitable


async def _limit(iterator, count: int):
    for _ in range(count):
        try:
            yield await iterator.__anext__()
        except StopAsyncIteration:
            return


def _raw(kind: str, channel: str, peer, chunk: list, post_id: int | None = None) -> RawResponse:
    request = (f"messages.getReplies {channel} msg_id={post_id}" if post_id is not None
               else f"messages.getHistory {channel}")
    return RawResponse(request=f"{request} ids={chunk[0].id}..{chunk[-1].id}",
                       payload=payload(kind, channel, peer.channel_id, chunk, post_id),
                       fetched_at=datetime.now(UTC))

