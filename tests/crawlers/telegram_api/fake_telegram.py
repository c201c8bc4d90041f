"""A Telegram server in memory behind a real ``TelegramClient``.

``FakeTelegram`` holds channels, their posts and discussion comments as real TL objects
(``types.Message`` with views, forwards, replies, reactions). ``client_class(server)``
gives a ``TelegramClient`` subclass whose MTProto sender is swapped for one that answers
from the server: telethon's own request pipeline (flood-wait bookkeeping, entity cache,
``iter_messages`` paging) runs unchanged; only the socket is gone.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime

from telethon import TelegramClient, errors, functions, types


@dataclass
class FakeChannel:
    id: int
    username: str
    access_hash: int
    title: str
    discussion_id: int
    posts: list[types.Message] = field(default_factory=list)
    comments: dict[int, list[types.Message]] = field(default_factory=dict)

    def entity(self) -> types.Channel:
        return types.Channel(id=self.id, title=self.title, photo=types.ChatPhotoEmpty(),
                             date=None, broadcast=True, access_hash=self.access_hash,
                             username=self.username)

    def discussion(self) -> types.Channel:
        return types.Channel(id=self.discussion_id, title=f"{self.title} chat",
                             photo=types.ChatPhotoEmpty(), date=None, megagroup=True,
                             access_hash=self.access_hash + 1)


@dataclass
class FakeTelegram:
    channels: dict[str, FakeChannel] = field(default_factory=dict)
    users: dict[int, types.User] = field(default_factory=dict)
    authorized: bool = True
    floods: list[list] = field(default_factory=list)  # [request class, seconds, calls to let by]
    calls: list[str] = field(default_factory=list)
    requests: list = field(default_factory=list)

    def channel(self, username: str, channel_id: int, title: str = "") -> FakeChannel:
        found = FakeChannel(channel_id, username, channel_id * 7 + 3, title or username,
                            channel_id + 1_000_000)
        self.channels[username] = found
        return found

    def flood_next(self, request: type, seconds: int, after: int = 0) -> None:
        """FLOOD_WAIT_<seconds> on the next such request, or on the one ``after`` calls on."""
        self.floods.append([request, seconds, after])

    # --- answering ------------------------------------------------------------------------
    def answer(self, request):
        if isinstance(request, functions.InvokeWithoutUpdatesRequest):
            request = request.query  # receive_updates=False wraps every request
        name = type(request).__name__
        self.calls.append(name)
        self.requests.append(request)
        for index, (kind, seconds, after) in enumerate(self.floods):
            if not isinstance(request, kind):
                continue
            if after:
                self.floods[index][2] -= 1
                break
            del self.floods[index]
            raise errors.FloodWaitError(request=request, capture=seconds)
        handler = getattr(self, f"_{name}", None)
        if handler is None:
            raise errors.RPCError(request, f"fake Telegram does not answer {name}", 400)
        return handler(request)

    def _GetStateRequest(self, request):  # noqa: N802
        if not self.authorized:
            raise errors.AuthKeyUnregisteredError(request)
        return types.updates.State(pts=1, qts=0, date=datetime.now(), seq=1, unread_count=0)

    def _ResolveUsernameRequest(self, request):  # noqa: N802
        found = self.channels.get(request.username)
        if found is None:
            raise errors.UsernameNotOccupiedError(request)
        return types.contacts.ResolvedPeer(peer=types.PeerChannel(found.id),
                                           chats=[found.entity()], users=[])

    def _by_peer(self, request, peer) -> FakeChannel:
        for found in self.channels.values():
            if found.id == peer.channel_id:
                if found.access_hash != peer.access_hash:
                    raise errors.ChannelInvalidError(request)
                return found
        raise errors.ChannelPrivateError(request)

    def _GetHistoryRequest(self, request):  # noqa: N802
        found = self._by_peer(request, request.peer)
        return self._slice(request, found.posts, [found.entity()], [])

    def _GetRepliesRequest(self, request):  # noqa: N802
        found = self._by_peer(request, request.peer)
        comments = found.comments.get(request.msg_id)
        if comments is None:
            raise errors.MsgIdInvalidError(request)
        users = [self.users[c.from_id.user_id] for c in comments
                 if isinstance(c.from_id, types.PeerUser) and c.from_id.user_id in self.users]
        return self._slice(request, comments, [found.entity(), found.discussion()], users)

    @staticmethod
    def _slice(request, messages, chats, users):
        """Telegram's paging: newest first from offset_id (or offset_date), add_offset, limit."""
        ordered = sorted(messages, key=lambda m: m.id, reverse=True)
        if request.offset_id:
            start = sum(1 for m in ordered if m.id >= request.offset_id)
        elif request.offset_date:
            start = sum(1 for m in ordered if m.date >= request.offset_date)
        else:
            start = 0
        start += request.add_offset
        end = start + request.limit
        page = ordered[max(start, 0):max(end, 0)]
        page = [m for m in page if (not request.min_id or m.id > request.min_id)
                and (not request.max_id or m.id < request.max_id)]
        return types.messages.ChannelMessages(pts=1, count=len(ordered), messages=page,
                                              topics=[], chats=chats, users=users)


class _Sender:
    """Stands in for MTProtoSender: every request is answered from the fake server."""

    def __init__(self, server: FakeTelegram) -> None:
        self.server = server
        self.auth_key = None

    def send(self, request, ordered: bool = False):
        future = asyncio.get_running_loop().create_future()
        try:
            future.set_result(self.server.answer(request))
        except Exception as exc:  # noqa: BLE001 - delivered to telethon like a server error
            future.set_exception(exc)
        return future

    def is_connected(self) -> bool:
        return True

    async def disconnect(self) -> None:
        return None


def client_class(server: FakeTelegram) -> type[TelegramClient]:
    class FakeClient(TelegramClient):
        async def connect(self) -> None:
            self._loop = asyncio.get_running_loop()
            self._sender = _Sender(server)

        async def _disconnect_coro(self) -> None:
            return None

    return FakeClient


def message(number: int, peer_id: int, date: datetime, text: str = "", **fields) -> types.Message:
    return types.Message(id=number, peer_id=types.PeerChannel(peer_id), date=date,
                         message=text, **fields)


def reactions(*pairs: tuple[str, int]) -> types.MessageReactions:
    return types.MessageReactions(results=[
        types.ReactionCount(reaction=types.ReactionEmoji(emoticon=e), count=n) for e, n in pairs])


