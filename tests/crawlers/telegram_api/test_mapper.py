"""The pure telethon mapper: real TL messages -> stored JSON -> post records, table-driven."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from telethon import types

from crawlers.telegram_api.mapper import map_payload, media_kind
from crawlers.telegram_api.serialize import message_json, payload
from pipeline.config.model import Source

WHEN = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
SOURCE = Source(id="tga-eaonews", platform="telegram", kind="channel", handle="eaonews")


def doc(*attributes) -> types.MessageMediaDocument:
    return types.MessageMediaDocument(document=types.Document(
        id=1, access_hash=2, file_reference=b"\x00\xffref", date=WHEN, mime_type="video/mp4",
        size=10, dc_id=2, attributes=list(attributes)))


PHOTO = types.MessageMediaPhoto(photo=types.Photo(id=1, access_hash=2, file_reference=b"\x01",
                                                  date=WHEN, sizes=[], dc_id=2))
POLL = types.MessageMediaPoll(poll=types.Poll(
    id=1, question=types.TextWithEntities("Как вам?", []), hash=0,
    answers=[types.PollAnswer(types.TextWithEntities("Да", []), b"0")]),
    results=types.PollResults())


@pytest.mark.parametrize("media, kind", [
    (PHOTO, "photo"),
    (doc(types.DocumentAttributeVideo(duration=3, w=1, h=1)), "video"),
    (doc(types.DocumentAttributeVideo(duration=3, w=1, h=1, round_message=True)), "round_video"),
    (doc(types.DocumentAttributeAudio(duration=3, voice=True, waveform=b"\x02")), "voice"),
    (doc(types.DocumentAttributeAudio(duration=3, title="Гимн")), "audio"),
    (doc(types.DocumentAttributeSticker(alt="🙂", stickerset=types.InputStickerSetEmpty())),
     "sticker"),
    (doc(types.DocumentAttributeFilename("обращение.pdf")), "document"),
    (POLL, "poll"),
    (types.MessageMediaWebPage(webpage=types.WebPageEmpty(id=1, url="https://eao.ru")),
     "link_preview"),
])
def test_media_kinds_survive_json(media, kind):
    message = types.Message(id=1, peer_id=types.PeerChannel(7), date=WHEN, media=media)
    stored = json.loads(json.dumps(message_json(message)))  # bytes and datetimes made JSON
    assert media_kind(stored["media"]) == kind


def test_channel_post_fields():
    message = types.Message(
        id=4310, peer_id=types.PeerChannel(7), date=WHEN, message="Свет отключили #ЖКХ",
        views=15300, forwards=4, post_author="Ирина",
        replies=types.MessageReplies(replies=12, replies_pts=1, comments=True, max_id=99),
        reactions=types.MessageReactions(results=[
            types.ReactionCount(reaction=types.ReactionEmoji("👍"), count=30),
            types.ReactionCount(reaction=types.ReactionCustomEmoji(555), count=2),
            types.ReactionCount(reaction=types.ReactionPaid(), count=100)]),
        fwd_from=types.MessageFwdHeader(date=WHEN, from_id=types.PeerChannel(42),
                                        channel_post=812),
        edit_date=datetime(2026, 6, 1, 10, 0, tzinfo=UTC), media=PHOTO)
    [record] = map_payload(payload("history", "eaonews", 7, [message]), SOURCE)
    assert (record.id, record.url) == ("4310", "https://t.me/eaonews/4310")
    assert record.published_at == WHEN and record.text.startswith("Свет отключили")
    assert record.author.model_dump() == {"id": "eaonews", "name": "Ирина"}
    assert record.metrics.model_dump() == {"views": 15300, "likes": 32, "reposts": 4,
                                           "comments": 12}
    assert record.repost_of.model_dump() == {"platform": "telegram", "id": "c42/812"}
    assert record.edited_at == datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    assert record.extra["media"] == ["photo"] and record.extra["hashtags"] == ["ЖКХ"]
    assert {"paid": True, "count": 100} in record.extra["reactions"]
    assert record.parent_id is None


def test_service_and_empty_messages_are_not_posts():
    service = types.MessageService(id=5, peer_id=types.PeerChannel(7), date=WHEN,
                                   action=types.MessageActionPinMessage())
    empty = types.MessageEmpty(id=6, peer_id=types.PeerChannel(7))
    plain = types.Message(id=7, peer_id=types.PeerChannel(7), date=WHEN, message="Текст")
    records = map_payload(payload("history", "eaonews", 7, [service, empty, plain]), SOURCE)
    assert [r.id for r in records] == ["7"]


def test_comment_fields_and_hidden_edit():
    comment = types.Message(id=201, peer_id=types.PeerChannel(1_000_007), date=WHEN,
                            message="У нас тоже нет воды", from_id=types.PeerUser(501),
                            reply_to=types.MessageReplyHeader(reply_to_msg_id=200),
                            edit_date=WHEN, edit_hide=True)
    data = json.loads(payload("replies", "eaonews", 7, [comment], post_id=2))
    data["authors"] = {"501": "Анна"}  # names come from the response's users
    [record] = map_payload(json.dumps(data), SOURCE)
    assert (record.id, record.parent_id) == ("201", "2")
    assert record.url == "https://t.me/eaonews/2?comment=201"
    assert record.author.model_dump() == {"id": "501", "name": "Анна"}
    assert record.edited_at is None and record.extra["reply_to"] == 200


def test_a_message_that_cannot_be_mapped_is_named_and_left_out(caplog):
    good = types.Message(id=8, peer_id=types.PeerChannel(7), date=WHEN, message="Есть")
    data = json.loads(payload("history", "eaonews", 7, [good]))
    data["messages"].insert(0, {"_": "Message", "id": 3, "message": "без даты"})
    records = map_payload(json.dumps(data), SOURCE)
    assert [r.id for r in records] == ["8"]
    assert "source tga-eaonews, message 3: cannot map: KeyError" in caplog.text
    with pytest.raises(json.JSONDecodeError):
        map_payload('{"messages": [', SOURCE)  # an unusable item: remap names it
