"""The pure mapper: every real VK capture in ../shared/fixtures/vk, and hostile input."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from crawlers.vk.mapper import comment_id, map_raw, post_id
from crawlers.vk.walls import _group_info, _owner_from, numeric_owner
from pipeline.config.model import Source
from pipeline.store.raw import RawResponse

WALL = Source(id="w", platform="vk", kind="wall", handle="x")
COMMENTS = Source(id="c", platform="vk", kind="comments", handle="x")
SEARCH = Source(id="s", platform="vk", kind="search", query="q")


def _raw(method: str, payload: str, params: dict | None = None, **note) -> RawResponse:
    request = json.dumps({"method": method, "params": params or {}, **note})
    return RawResponse(request=request, payload=payload)


# file -> (method, source, params, expected native ids in order)
CAPTURES = {
    "wall.get_2014-04_copy_history_poll_geo.json": ("wall.get", WALL, {}, ["1563369_1164"]),
    "wall.get_extended_2020-05_podcast_attachment.json":
        ("wall.get", WALL, {}, ["-74962618_111721"]),
    "wall.getById_extended_2020-11_donut.json": ("wall.getById", WALL, {}, ["-322_123"]),
    "wall.getComments_2019-03_threads_deleted_comment.json": (
        "wall.getComments", COMMENTS, {"owner_id": -69459624, "post_id": 482121},
        ["-69459624_482121_c482124", "-69459624_482121_c482127", "-69459624_482121_c482418"]),
    "newsfeed.search_2019-08_next_from_profiles_groups.json": (
        "newsfeed.search", SEARCH, {"q": "x"},
        ["388444282_11454", "-31130529_49163", "-184898883_177"]),
    "groups.getById_legacy_list_two_groups.json": ("groups.getById", WALL, {}, []),
    "utils.resolveScreenName_group.json": ("utils.resolveScreenName", WALL, {}, []),
    "utils.resolveScreenName_user.json": ("utils.resolveScreenName", WALL, {}, []),
    "execute_response_null_execute_errors.json": ("execute", WALL, {}, []),
    "error_14_captcha_needed.json": ("wall.get", WALL, {}, []),
    "error_15_access_denied.json": ("wall.get", WALL, {}, []),
    "error_17_validation_required.json": ("wall.get", WALL, {}, []),
    "error_5_user_authorization_failed.json": ("wall.get", WALL, {}, []),
}
RESPONSE_ONLY = "wall.get_response-object_foodsharing_-109125816_2020-06_pinned_photo_doc_link.json"


def test_every_real_capture_is_known_here(shared_fixtures):
    assert {p.name for p in (shared_fixtures / "vk").glob("*.json")} == {*CAPTURES, RESPONSE_ONLY}


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_real_capture_maps(shared_fixtures, name):
    method, source, params, expected = CAPTURES[name]
    payload = (shared_fixtures / "vk" / name).read_text(encoding="utf-8")
    records = map_raw(_raw(method, payload, params), source)
    assert [r.id for r in records] == expected
    for record in records:
        assert record.platform == "vk" and record.source == source.id
        assert record.published_at.year >= 2014 and record.url.startswith("https://vk.com/wall")


def test_real_capture_details(shared_fixtures):
    def load(name, method, source, params=None):
        payload = (shared_fixtures / "vk" / name).read_text(encoding="utf-8")
        return {r.id: r for r in map_raw(_raw(method, payload, params), source)}

    repost = load("wall.get_2014-04_copy_history_poll_geo.json", "wall.get", WALL)["1563369_1164"]
    assert repost.repost_of.id == "-42895313_128" and "храм" in repost.extra["repost_text"]
    podcast = load("wall.get_extended_2020-05_podcast_attachment.json", "wall.get", WALL)
    assert podcast["-74962618_111721"].extra["attachments"] == ["photo", "podcast"]
    assert podcast["-74962618_111721"].author.name  # from the extended groups list
    donut = load("wall.getById_extended_2020-11_donut.json", "wall.getById", WALL)["-322_123"]
    assert (donut.metrics.views, donut.metrics.likes, donut.author.name) == (9, 0, "Группа ВК")
    comments = load("wall.getComments_2019-03_threads_deleted_comment.json", "wall.getComments",
                    COMMENTS, {"owner_id": -69459624, "post_id": 482121})
    deleted = comments["-69459624_482121_c482127"]
    assert deleted.deleted and deleted.parent_id == "-69459624_482121"
    assert comments["-69459624_482121_c482124"].extra == {"replies": 1}


def test_real_wall_page_with_pinned_post(shared_fixtures):
    body = (shared_fixtures / "vk" / RESPONSE_ONLY).read_text(encoding="utf-8")
    payload = '{"response": ' + body + "}"  # the capture kept only the response object
    records = map_raw(_raw("wall.get", payload, {"owner_id": -109125816}), WALL)
    assert len(records) == 10 and records[0].id == "-109125816_519471"
    assert records[0].extra["pinned"] is True
    assert records[0].published_at < records[1].published_at  # pinned comes first, older
    since = int(datetime(2020, 6, 20, 11, tzinfo=UTC).timestamp())
    recent = map_raw(_raw("wall.get", payload, {}, since=since), WALL)
    assert recent[0].id == "-109125816_519471" and len(recent) < 10


def test_real_resolve_and_group_answers(shared_fixtures):
    def response(name):
        return json.loads((shared_fixtures / "vk" / name).read_text(encoding="utf-8"))["response"]

    assert _owner_from("g", response("utils.resolveScreenName_group.json")) == -10639516
    assert _owner_from("u", response("utils.resolveScreenName_user.json")) == 186085938
    legacy = _group_info("club17683660", response("groups.getById_legacy_list_two_groups.json"))
    assert legacy["name"].startswith("Творческие каникулы")


@pytest.mark.parametrize(("handle", "owner"), [
    ("-123", -123), ("123", 123), ("club123", -123), ("public7", -7), ("event9", -9),
    ("id42", 42), ("eaomedia", None), ("club_fans", None),
])
def test_numeric_handles(handle, owner):
    assert numeric_owner(handle) == owner


def test_native_ids():
    assert post_id(-123, 456) == "-123_456"
    assert comment_id("-123", "456", 789) == "-123_456_c789"


@pytest.mark.parametrize("payload", [
    "not json", "[]", '{"response": null}', '{"response": {"items": "nope"}}',
    '{"response": {"items": [{"id": 1}]}}',  # no date, no owner
    '{"response": {"items": [{"id": 1, "owner_id": -1, "date": "x"}]}}',
])
def test_hostile_answers_map_to_nothing_without_raising(payload, caplog):
    assert map_raw(_raw("wall.get", payload, {}), WALL) == []


def test_a_malformed_item_is_skipped_and_named_the_rest_kept(caplog):
    payload = json.dumps({"response": {"items": [
        {"id": 5, "owner_id": -1, "date": "bad"},
        {"id": 6, "owner_id": -1, "date": 1700000000, "text": "ok\x00"}]}})
    records = map_raw(_raw("wall.get", payload, {}), WALL)
    assert [r.id for r in records] == ["-1_6"] and records[0].text == "ok"
    assert "source w" in caplog.text and "id=5" in caplog.text


def test_deletions_come_from_the_expectations_of_a_by_id_recheck():
    payload = json.dumps({"response": {"items": [
        {"id": 2, "owner_id": -1, "date": 1700000000, "text": "жив"}]}})
    raw = _raw("wall.getById", payload, {"posts": "-1_1,-1_2"},
               expect={"-1_1": 1699990000, "-1_2": 1700000000})
    records = {r.id: r for r in map_raw(raw, WALL)}
    assert records["-1_1"].deleted and not records["-1_2"].deleted
