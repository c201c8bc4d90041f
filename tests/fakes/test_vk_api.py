"""The fake VK API speaks VK's wire format: compared with real captures where they exist."""

from __future__ import annotations

import json
import time

import pytest
import requests

from fakes.vk_api import FakeVkApi, parse_execute

TOKEN = "t"


@pytest.fixture
def fake():
    with FakeVkApi() as fake:
        yield fake


def call(fake, method, token=TOKEN, **params):
    answer = requests.post(fake.api_url + method, data={**params, "access_token": token,
                                                        "v": "5.199"}, timeout=5)
    return answer.status_code, answer.json()


def _capture(shared_fixtures, name):
    return json.loads((shared_fixtures / "vk" / name).read_text(encoding="utf-8"))


def test_wall_get_item_has_the_fields_of_a_real_answer(fake, shared_fixtures):
    owner = fake.world.add_group("g", 5)
    fake.world.add_post(owner, "текст", likes=2, views=10)
    _, body = call(fake, "wall.get", owner_id=owner, extended=1)
    real = _capture(shared_fixtures, "wall.get_extended_2020-05_podcast_attachment.json")
    real_item, item = real["response"]["items"][0], body["response"]["items"][0]
    assert set(real["response"]) == set(body["response"])  # count, items, profiles, groups
    missing = {"id", "from_id", "owner_id", "date", "post_type", "text", "comments", "likes",
               "reposts", "views", "attachments", "marked_as_ads"} - set(item)
    assert not missing and {"id", "from_id", "owner_id", "date"} <= set(real_item)
    assert set(real_item["likes"]) <= set(item["likes"]) | {"can_publish", "user_likes"}


def test_error_body_has_the_real_shape(fake, shared_fixtures):
    fake.fail_next("wall.get", 14)
    status, body = call(fake, "wall.get", owner_id=-1)
    real = _capture(shared_fixtures, "error_14_captcha_needed.json")
    assert status == 200 and set(real["error"]) == set(body["error"])
    assert {"key", "value"} == set(body["error"]["request_params"][0])
    assert all(p["value"] != TOKEN for p in body["error"]["request_params"])


def test_execute_errors_have_the_real_shape(fake, shared_fixtures):
    owner = fake.world.add_group("g", 5)
    fake.world.walls[owner].comments_closed = True
    fake.world.add_post(owner, "x")
    code = ('return [API.wall.get({"owner_id": -5, "count": 1}),'
            'API.wall.getComments({"owner_id": -5, "post_id": 1})];')
    _, body = call(fake, "execute", code=code)
    real = _capture(shared_fixtures, "execute_response_null_execute_errors.json")
    assert set(real["execute_errors"][0]) == set(body["execute_errors"][0])
    assert body["response"][1] is False and body["execute_errors"][0]["error_code"] == 212
    assert body["response"][0]["count"] == 1


def test_newsfeed_search_next_from_and_the_1000_cap(fake, shared_fixtures):
    owner = fake.world.add_group("g", 5)
    now = int(time.time())
    for i in range(1100):
        fake.world.add_post(owner, f"Биробиджан {i}", date=now - i)
    seen, start_from = [], None
    while True:
        params = {"q": "биробиджан", "count": 200, **({"start_from": start_from}
                                                       if start_from else {})}
        _, body = call(fake, "newsfeed.search", **params)
        seen += body["response"]["items"]
        start_from = body["response"].get("next_from")
        if not start_from:
            break
    assert len(seen) == 1000 and body["response"]["total_count"] == 1100
    real = _capture(shared_fixtures, "newsfeed.search_2019-08_next_from_profiles_groups.json")
    head, _, tail = real["response"]["next_from"].partition("/")
    assert head.isdigit() and tail.count("_") == 1
    _, body = call(fake, "newsfeed.search", q="биробиджан", count=200, end_time=now - 1050)
    assert len(body["response"]["items"]) == 50  # an older window reaches the rest


def test_groups_get_by_id_answers_the_5_194_shape(fake):
    fake.world.add_group("eaomedia", 123, "ЕАО Медиа")
    _, body = call(fake, "groups.getById", group_id="eaomedia")
    assert body["response"]["groups"][0] == {**body["response"]["groups"][0], "id": 123,
                                             "name": "ЕАО Медиа"}
    _, body = call(fake, "utils.resolveScreenName", screen_name="eaomedia")
    assert body["response"] == {"type": "group", "object_id": 123}
    _, body = call(fake, "utils.resolveScreenName", screen_name="nobody")
    assert body["response"] == []


def test_comments_threads_and_paging(fake):
    owner = fake.world.add_group("g", 5)
    post = fake.world.add_post(owner, "x")
    top = fake.world.add_comment(owner, post["id"], "top")
    for i in range(12):
        fake.world.add_comment(owner, post["id"], f"r{i}", reply_to=top["id"])
    _, body = call(fake, "wall.getComments", owner_id=owner, post_id=1, thread_items_count=10)
    thread = body["response"]["items"][0]["thread"]
    assert (thread["count"], len(thread["items"])) == (12, 10)
    assert body["response"]["current_level_count"] == 1 and body["response"]["count"] == 13
    _, body = call(fake, "wall.getComments", owner_id=owner, post_id=1, comment_id=top["id"],
                   count=100)
    assert len(body["response"]["items"]) == 12


@pytest.mark.parametrize(("setup", "code"), [
    (lambda f: f.fail_next("wall.get", 6), 6),
    (lambda f: f.revoke_token(TOKEN), 5),
    (lambda f: f.set_quota("wall.get", 0), 29),
    (lambda f: setattr(f.world.walls[-5], "state", "closed"), 15),
    (lambda f: setattr(f.world.walls[-5], "state", "private"), 30),
])
def test_errors_on_demand(fake, setup, code):
    fake.world.add_group("g", 5)
    setup(fake)
    _, body = call(fake, "wall.get", owner_id=-5)
    assert body["error"]["error_code"] == code


def test_service_tokens_may_not_execute_and_5xx_on_demand(fake):
    fake.set_token_kind(TOKEN, "service")
    _, body = call(fake, "execute", code='return [API.wall.get({"owner_id": -5})];')
    assert body["error"]["error_code"] == 28
    fake.fail_next("wall.get", 503)
    status, _ = call(fake, "wall.get", owner_id=-5)
    assert status == 503


def test_rate_limit_answers_error_6(fake):
    fake.world.add_group("g", 5)
    fake.rps_limit = 3
    codes = [call(fake, "wall.get", owner_id=-5)[1].get("error", {}).get("error_code")
             for _ in range(5)]
    assert codes[:3] == [None] * 3 and 6 in codes[3:]


def test_seed_from_plain_dicts_and_edit_while_running(fake):
    fake.world.add_group("eaomedia", 123)
    fake.world.seed([
        {"group": "eaomedia", "id": 10, "date": "2026-11-20T10:00:00+10:00", "text": "a",
         "likes": 5, "comments": [{"text": "c", "replies": [{"text": "r"}]}]},
        {"owner_id": -123, "id": 11, "date": 1790000000, "text": "b", "is_pinned": True,
         "copy_history": [{"owner_id": -9, "id": 1, "text": "orig"}]},
    ])
    _, body = call(fake, "wall.get", owner_id=-123, count=10)
    items = body["response"]["items"]
    assert [i["id"] for i in items] == [11, 10] and items[0]["is_pinned"] == 1
    assert items[1]["comments"]["count"] == 2 and items[1]["likes"]["count"] == 5
    fake.world.edit_post(-123, 10, "a2")
    fake.world.delete_post(-123, 11)
    _, body = call(fake, "wall.get", owner_id=-123)
    assert [(i["id"], i["text"]) for i in body["response"]["items"]] == [(10, "a2")]
    assert body["response"]["items"][0]["edited"] > 0


def test_parse_execute_reads_only_api_calls():
    calls = parse_execute('return [API.wall.get({"owner_id": -1, "q": "a})"}),'
                          'API.groups.getById({"group_id": 1})];')
    assert calls == [("wall.get", {"owner_id": "-1", "q": "a})"}),
                     ("groups.getById", {"group_id": "1"})]
