"""The ``wall`` kind against the fake VK API, through the real runner and store."""

from __future__ import annotations

from sqlalchemy import func, select

from pipeline.store.schema import post_metrics, post_versions, raw_items

OWNER = -123


def test_first_crawl_reaches_back_to_depth_and_resolves_once(vk, eaomedia):
    vk.configure([vk.source()])
    for hours in (1, 30, 100, 160, 200, 400):  # depth is 7 days = 168 h
        vk.fake.world.add_post(eaomedia, f"пост {hours} ч назад", date=vk.ago(hours))
    report = vk.crawl("vk-wall")
    assert (report.status, report.new, report.errors) == ("ok", 4, 0)
    stored = vk.posts("vk-wall")
    assert set(stored) == {f"{OWNER}_{i}" for i in (1, 2, 3, 4)}
    assert all(p["url"] == f"https://vk.com/wall{n}" for n, p in stored.items())
    assert vk.source_row("vk-wall")["resolved"]["owner_id"] == OWNER
    vk.crawl("vk-wall")
    assert vk.fake.count("utils.resolveScreenName") == 1
    assert vk.fake.count("groups.getById") == 1


def test_paging_past_100_posts_uses_execute(vk, eaomedia):
    vk.configure([vk.source()])
    for i in range(260):
        vk.fake.world.add_post(eaomedia, f"пост {i}", date=vk.ago(100 - i * 0.3))
    report = vk.crawl("vk-wall")
    assert report.new == 260 and len(vk.posts("vk-wall")) == 260
    assert vk.fake.count("execute") == 1  # pages 2 and 3 in one request
    assert vk.cursor("vk-wall")["last_id"] == 260


def test_pinned_old_post_comes_first_and_does_not_stop_the_walk(vk, eaomedia):
    vk.configure([vk.source()])
    vk.fake.world.add_post(eaomedia, "закреплённый, месяц назад", date=vk.ago(24 * 30),
                           pinned=True)
    for i in range(5):
        vk.fake.world.add_post(eaomedia, f"свежий {i}", date=vk.ago(5 - i))
    vk.crawl("vk-wall")
    stored = vk.posts("vk-wall")
    assert len(stored) == 6
    assert stored[f"{OWNER}_1"]["extra"] == {"pinned": True}
    assert vk.cursor("vk-wall")["last_id"] == 6  # the pinned post does not count as newest


def test_reposts_link_to_the_original(vk, eaomedia):
    vk.configure([vk.source()])
    vk.fake.world.add_post(eaomedia, "смотрите", date=vk.ago(2), copy_history=[
        {"owner_id": -555, "id": 77, "text": "Оригинал: нет воды на Шолом-Алейхема"}])
    vk.crawl("vk-wall")
    post = vk.posts("vk-wall")[f"{OWNER}_1"]
    assert (post["repost_of_platform"], post["repost_of_id"]) == ("vk", "-555_77")
    assert post["extra"]["repost_text"].startswith("Оригинал")


def test_new_posts_edits_deletions_and_metrics_in_the_resweep_window(vk, eaomedia):
    vk.configure([vk.source()])
    world = vk.fake.world
    kept = world.add_post(eaomedia, "было", date=vk.ago(10), likes=1)
    gone = world.add_post(eaomedia, "удалят", date=vk.ago(9))
    old = world.add_post(eaomedia, "старый", date=vk.ago(24 * 4))
    vk.crawl("vk-wall")
    world.edit_post(eaomedia, kept["id"], "стало")
    world.set_metrics(eaomedia, kept["id"], likes=40, views=900)
    world.delete_post(eaomedia, gone["id"])
    world.add_post(eaomedia, "новый", date=vk.ago(1))
    report = vk.crawl("vk-wall")
    assert (report.new, report.updated) == (1, 2)
    stored = vk.posts("vk-wall")
    assert stored[f"{OWNER}_{kept['id']}"]["text"] == "стало"
    assert stored[f"{OWNER}_{kept['id']}"]["edited_at"] is not None
    assert stored[f"{OWNER}_{gone['id']}"]["deleted_at"] is not None
    assert stored[f"{OWNER}_{old['id']}"]["deleted_at"] is None
    with vk.store.transaction() as conn:
        versions = conn.execute(select(post_versions.c.text)).scalars().all()
        snapshots = conn.execute(select(func.count()).select_from(post_metrics).where(
            post_metrics.c.post_id == stored[f"{OWNER}_{kept['id']}"]["id"])).scalar()
    assert versions == ["было"] and snapshots == 2
    assert vk.fake.count("wall.getById") == 1


def test_post_outside_the_window_is_not_refetched(vk, eaomedia):
    vk.configure([vk.source()])
    vk.fake.world.add_post(eaomedia, "старый", date=vk.ago(24 * 5))
    vk.crawl("vk-wall")
    with vk.store.transaction() as conn:
        before = conn.execute(select(func.count()).select_from(raw_items)).scalar()
    calls = vk.fake.count()
    report = vk.crawl("vk-wall")
    assert (report.new, report.updated) == (0, 0)
    assert vk.fake.count() == calls + 1  # one page, no getById: nothing in the window vanished
    with vk.store.transaction() as conn:
        assert conn.execute(select(func.count()).select_from(raw_items)).scalar() == before + 1


def test_numeric_handle_needs_no_screen_name_lookup(vk, eaomedia):
    vk.configure([vk.source(handle="https://vk.com/club123")])
    vk.fake.world.add_post(eaomedia, "текст", date=vk.ago(1))
    assert vk.crawl("vk-wall").new == 1
    assert vk.fake.count("utils.resolveScreenName") == 0


def test_unknown_screen_name_marks_the_source_unavailable(vk, eaomedia):
    vk.configure([vk.source(handle="no_such_page")])
    report = vk.crawl("vk-wall")
    assert report.status == "unavailable" and "no_such_page" in report.error


class StopAfter:
    """A stop signal (like threading.Event) that fires after ``n`` committed batches."""

    def __init__(self, n: int) -> None:
        self.n = n

    def is_set(self) -> bool:
        self.n -= 1
        return self.n <= 0


def test_stopped_walk_goes_on_and_restarts_if_deletions_could_hide_a_gap(vk, eaomedia):
    from pipeline.collect import Collectors, crawl_source
    vk.configure([vk.source()], token_kind="service")  # one page per request
    for i in range(350):
        vk.fake.world.add_post(eaomedia, f"пост {i}", date=vk.ago(60 - i * 0.1))
    collectors = Collectors(vk.config, {"vk": vk.collector})
    crawl_source(vk.store, collectors, vk.config.source("vk-wall"), stop=StopAfter(2))
    assert len(vk.posts("vk-wall")) == 100 and vk.cursor("vk-wall")["walk"]["offset"] == 100
    for post_id in range(301, 351):  # the newest 50 vanish: older posts move up 50 places
        vk.fake.world.delete_post(eaomedia, post_id)
    assert vk.crawl("vk-wall").status == "ok"
    assert set(vk.posts("vk-wall")) == {f"{OWNER}_{i}" for i in range(1, 351)}
    assert "walk" not in vk.cursor("vk-wall")
