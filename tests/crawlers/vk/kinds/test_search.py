"""The ``search`` kind: newsfeed.search by time windows, against the fake VK API."""

from __future__ import annotations

from pipeline.collect import Collectors, crawl_source


def _source(vk, query="Биробиджан"):
    return vk.source("vk-q", kind="search", handle=None, query=query)


def test_search_finds_posts_on_every_wall_with_owner_ids(vk, eaomedia):
    vk.configure([_source(vk)])
    other = vk.fake.world.add_user("ivan", 42, "Иван Петров")
    vk.fake.world.add_post(eaomedia, "В Биробиджане прорыв трубы", date=vk.ago(3))
    vk.fake.world.add_post(other, "биробиджан, ямы на дорогах", date=vk.ago(2))
    vk.fake.world.add_post(other, "про другое", date=vk.ago(2))
    vk.fake.world.add_post(other, "Биробиджан давно", date=vk.ago(24 * 10))
    report = vk.crawl("vk-q")
    assert (report.status, report.new) == ("ok", 2)
    stored = vk.posts("vk-q")
    assert set(stored) == {"-123_1", "42_1"}
    assert stored["42_1"]["author_name"] == "Иван Петров"


def test_more_than_1000_results_are_reached_by_time_windows(vk, eaomedia):
    vk.configure([_source(vk)])
    for i in range(1450):
        vk.fake.world.add_post(eaomedia, f"Биробиджан новость {i}", date=vk.ago(i * 0.1))
    report = vk.crawl("vk-q")
    assert report.status == "ok"
    assert len(vk.posts("vk-q")) == 1450
    assert vk.fake.count("newsfeed.search") <= 10  # 5 pages to the cap, then one more window


def test_second_run_asks_only_for_the_recent_window(vk, eaomedia):
    vk.configure([_source(vk)])
    vk.fake.world.add_post(eaomedia, "Биробиджан: старое", date=vk.ago(24 * 5))
    vk.crawl("vk-q")
    vk.fake.world.add_post(eaomedia, "Биробиджан: новое", date=vk.ago(0.1))
    report = vk.crawl("vk-q")
    assert report.new == 1 and report.fetched == 1
    params = [p for m, p in vk.fake.requests if m == "newsfeed.search"][-1]
    assert int(params["end_time"]) - int(params["start_time"]) <= 48 * 3600 + 60


class StopAfter:
    """A stop signal (like threading.Event) that fires after ``n`` committed batches."""

    def __init__(self, n: int) -> None:
        self.n = n

    def is_set(self) -> bool:
        self.n -= 1
        return self.n <= 0


def test_interrupted_search_resumes_from_its_cursor(vk, eaomedia):
    vk.configure([_source(vk)])
    for i in range(700):
        vk.fake.world.add_post(eaomedia, f"Биробиджан {i}", date=vk.ago(i * 0.1))
    collectors = Collectors(vk.config, {"vk": vk.collector})
    crawl_source(vk.store, collectors, vk.config.source("vk-q"), stop=StopAfter(2))
    assert len(vk.posts("vk-q")) == 400
    assert vk.cursor("vk-q")["run"]["next_from"]
    before = vk.fake.count("newsfeed.search")
    report = vk.crawl("vk-q")
    assert report.status == "ok" and len(vk.posts("vk-q")) == 700
    assert vk.fake.count("newsfeed.search") - before == 2  # pages 3 and 4, not from scratch
    assert "run" not in vk.cursor("vk-q")
