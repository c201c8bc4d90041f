"""Post search: SQLite FTS5 (kept in sync by triggers) and PostgreSQL Russian FTS."""

from datetime import timedelta

import pytest

from pipeline.records import PostRecord
from pipeline.store.posts import store_posts
from web.dashboard.search_page import fts5_query, search_posts

from .conftest import seed


def _texts(store, query, sector=None):
    with store.transaction() as conn:
        return [r["text"] for r in search_posts(conn, query, sector)]


def test_words_find_posts_and_every_word_must_match(store, world):
    assert len(_texts(store, "Ленина воды")) == 3
    assert _texts(store, "яма Облучье") == ["Огромная яма на дороге в Облучье, машины бьются"]
    assert _texts(store, "яма Ленина") == []
    assert _texts(store, "   ") == [] and _texts(store, "\"*)(") == []


def test_search_follows_inserts_and_edits(store, world):
    published = seed.MONDAY - timedelta(minutes=5)
    record = PostRecord(platform="vk", source="vk-test", id="-1_9999", published_at=published,
                        text="Сломался лифт в доме на Шолом-Алейхема")
    with store.transaction() as conn:
        store_posts(conn, [record], observed_at=published)
    assert _texts(store, "лифт") == [record.text]
    edited = record.model_copy(update={"text": "Лифт починили, спасибо",
                                       "edited_at": published + timedelta(minutes=1)})
    with store.transaction() as conn:
        store_posts(conn, [edited], observed_at=published + timedelta(minutes=2))
    assert _texts(store, "починили") == ["Лифт починили, спасибо"]
    assert _texts(store, "Шолом") == []


def test_russian_word_forms(store, world):
    """'вода' finds 'воды': PostgreSQL stems Russian; FTS5 matches the prefix 'вод'."""
    query = "вода" if store.dialect == "postgresql" else "вод"
    assert len(_texts(store, query)) == 3


def test_sector_limit(store, world):
    assert _texts(store, "яма", sector="housing") == []
    assert len(_texts(store, "Ленина", sector="housing")) == 3


@pytest.mark.parametrize("raw, expected", [
    ("нет воды", '"нет"* "воды"*'),
    ('AND OR "x" NEAR(', '"AND"* "OR"* "x"* "NEAR"*'),
    ("!!!", None),
])
def test_fts5_query_quotes_user_input(raw, expected):
    assert fts5_query(raw) == expected
