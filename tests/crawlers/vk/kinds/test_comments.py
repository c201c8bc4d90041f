"""The ``comments`` kind: comments and threads under recent posts, against the fake VK API."""

from __future__ import annotations

OWNER = -123


def _source(vk):
    return vk.source("vk-comments", kind="comments")


def test_comments_and_threads_become_records_with_parent_ids(vk, eaomedia):
    vk.configure([_source(vk)])
    world = vk.fake.world
    post = world.add_post(eaomedia, "Отключение воды", date=vk.ago(5))
    first = world.add_comment(eaomedia, post["id"], "Опять нет воды на Ленина", from_id=501)
    for i in range(12):  # more replies than VK gives inline (10): the thread is fetched too
        world.add_comment(eaomedia, post["id"], f"ответ {i}", reply_to=first["id"])
    world.add_comment(eaomedia, post["id"], "И у нас тоже", from_id=502)
    report = vk.crawl("vk-comments")
    assert (report.status, report.new) == ("ok", 15)
    stored = vk.posts("vk-comments")
    top = stored[f"{OWNER}_{post['id']}_c{first['id']}"]
    assert top["parent_native_id"] == f"{OWNER}_{post['id']}"
    assert top["text"] == "Опять нет воды на Ленина" and top["author_id"] == "501"
    assert top["url"] == f"https://vk.com/wall{OWNER}_{post['id']}?reply={first['id']}"
    replies = [p for p in stored.values() if (p["extra"] or {}).get("thread_root")]
    assert len(replies) == 12
    assert all(r["parent_native_id"] == f"{OWNER}_{post['id']}" for r in replies)
    parent = stored[f"{OWNER}_{post['id']}"]  # the post is kept with its comments
    assert parent["text"] == "Отключение воды" and parent["parent_native_id"] is None


def test_more_than_100_comments_are_paged(vk, eaomedia):
    vk.configure([_source(vk)])
    post = vk.fake.world.add_post(eaomedia, "опрос", date=vk.ago(3))
    for i in range(230):
        vk.fake.world.add_comment(eaomedia, post["id"], f"мнение {i}")
    assert vk.crawl("vk-comments").new == 231


def test_only_posts_whose_comments_moved_are_fetched_again(vk, eaomedia):
    vk.configure([_source(vk)])
    world = vk.fake.world
    quiet = world.add_post(eaomedia, "старый пост", date=vk.ago(24 * 4))
    busy = world.add_post(eaomedia, "другой старый", date=vk.ago(24 * 3))
    world.add_comment(eaomedia, quiet["id"], "раз")
    world.add_comment(eaomedia, busy["id"], "два")
    vk.crawl("vk-comments")
    before = vk.fake.count("wall.getComments")
    vk.crawl("vk-comments")
    assert vk.fake.count("wall.getComments") == before  # both outside the 48 h re-sweep
    world.add_comment(eaomedia, busy["id"], "три")
    report = vk.crawl("vk-comments")
    assert report.new == 1
    assert vk.fake.count("wall.getComments") == before + 1


def test_deleted_comment_with_replies_is_marked_deleted(vk, eaomedia):
    vk.configure([_source(vk)])
    world = vk.fake.world
    post = world.add_post(eaomedia, "пост", date=vk.ago(2))
    comment = world.add_comment(eaomedia, post["id"], "грубость")
    world.add_comment(eaomedia, post["id"], "ответ", reply_to=comment["id"])
    vk.crawl("vk-comments")
    world.delete_comment(eaomedia, post["id"], comment["id"])
    vk.crawl("vk-comments")
    stored = vk.posts("vk-comments")[f"{OWNER}_{post['id']}_c{comment['id']}"]
    assert stored["deleted_at"] is not None and stored["text"] == "грубость"


def test_closed_comments_are_a_fact_recorded_once_not_an_error(vk, eaomedia):
    vk.configure([_source(vk)])
    post = vk.fake.world.add_post(eaomedia, "официально", date=vk.ago(2))
    vk.fake.world.add_comment(eaomedia, post["id"], "успели")
    vk.fake.world.walls[eaomedia].comments_closed = True
    report = vk.crawl("vk-comments")
    assert (report.status, report.errors) == ("ok", 0)
    vk.crawl("vk-comments")
    facts = [e for e in vk.events("vk-comments") if e[0] == "comments_closed"]
    assert facts == [("comments_closed", f"comments are closed under VK post {OWNER}_1")]


def test_service_token_falls_back_from_execute_to_plain_calls(vk, eaomedia):
    vk.configure([_source(vk)])  # configured as a user token, but VK says otherwise
    vk.fake.default_token_kind = "service"
    for day in range(3):
        post = vk.fake.world.add_post(eaomedia, f"пост {day}", date=vk.ago(1 + day))
        vk.fake.world.add_comment(eaomedia, post["id"], f"комментарий {day}")
    report = vk.crawl("vk-comments")
    assert (report.status, report.new) == ("ok", 6)  # 3 posts and 3 comments
    assert vk.fake.count("execute") == 1  # refused once (error 28), then plain calls only
    vk.crawl("vk-comments")
    assert vk.fake.count("execute") == 1


def test_comments_source_on_a_private_wall_is_unavailable(vk, eaomedia):
    vk.configure([_source(vk)])
    vk.fake.world.walls[eaomedia].state = "closed"
    report = vk.crawl("vk-comments")
    assert report.status == "unavailable" and "error 15" in report.error


def test_comment_that_vanishes_is_marked_deleted_from_a_complete_answer(vk, eaomedia):
    vk.configure([_source(vk)])
    world = vk.fake.world
    post = world.add_post(eaomedia, "пост", date=vk.ago(2))
    keep = world.add_comment(eaomedia, post["id"], "останется")
    gone = world.add_comment(eaomedia, post["id"], "спам")  # no replies: VK drops it entirely
    vk.crawl("vk-comments")
    world.delete_comment(eaomedia, post["id"], gone["id"])
    report = vk.crawl("vk-comments")
    assert report.updated == 1
    stored = vk.posts("vk-comments")
    assert stored[f"{OWNER}_{post['id']}_c{gone['id']}"]["deleted_at"] is not None
    assert stored[f"{OWNER}_{post['id']}_c{gone['id']}"]["text"] == "спам"
    assert stored[f"{OWNER}_{post['id']}_c{keep['id']}"]["deleted_at"] is None


def test_per_post_errors_inside_execute_are_matched_to_their_posts(vk, eaomedia):
    vk.configure([_source(vk)])
    world = vk.fake.world
    posts = [world.add_post(eaomedia, f"пост {i}", date=vk.ago(1 + i)) for i in range(3)]
    for post in posts:
        world.add_comment(eaomedia, post["id"], "комментарий")
    vk.fake.fail_next("wall.getComments", 212)  # the first call inside the execute
    report = vk.crawl("vk-comments")
    assert (report.status, report.new) == ("ok", 5)  # 3 posts, 2 comments
    assert vk.fake.count("execute") == 1
    facts = [m for k, m in vk.events("vk-comments") if k == "comments_closed"]
    assert facts == [f"comments are closed under VK post {OWNER}_{posts[0]['id']}"]
