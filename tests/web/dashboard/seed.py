"""A small, realistic dashboard world: posts, analyses, incidents (by the incidents stage)
and users — all stored through the project's own functions.

Loaded by path as module ``dashboard_seed`` (tests/web/dashboard and tests/browser).
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from pipeline.incidents.stage import run as incidents_stage
from pipeline.records import PostRecord
from pipeline.store.posts import store_posts
from pipeline.store.schema import analyses, incident_posts, posts
from pipeline.store.sources import ensure_imported_sources
from pipeline.users import add_user

VLAT = ZoneInfo("Asia/Vladivostok")
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=VLAT)  # a working Monday, 10:00 local
NOW = MONDAY + timedelta(hours=3)  # the app's clock: critical 1 h deadlines have passed
PASSWORD = "secret-pass-1"
HOSTILE_TEXT = "<script>alert('xss')</script><img src=x onerror=alert(1)> Нет света в Ленинском"
HOSTILE_AUTHOR = "<b onmouseover=alert(2)>Вася</b>"
USERS = (("op1", "operator", None), ("op2", "operator", None),
         ("lead_housing", "lead", "housing"), ("admin", "admin", None))
_ids = itertools.count(5000)


def level_of(risk: int) -> str:
    for bound, level in ((80, "critical"), (60, "high"), (40, "medium"), (20, "low")):
        if risk >= bound:
            return level
    return "none"


def add_post(conn, text: str, *, sector: str, municipality: str, risk: int,
             sentiment: str = "negative", address: str | None = None,
             published_at: datetime | None = None, author: str | None = None,
             views: int | None = None, source: str = "vk-test",
             reasons: list[str] | None = None) -> int:
    """One post as a collector stores it, plus its analysis; returns the post id."""
    native_id = f"-1_{next(_ids)}"
    published_at = published_at or MONDAY - timedelta(minutes=30)
    record = PostRecord(platform="vk", source=source, id=native_id, text=text,
                        published_at=published_at, url=f"https://vk.com/wall{native_id}",
                        author={"id": "42", "name": author} if author else {},
                        metrics={"views": views} if views is not None else {})
    ensure_imported_sources(conn, [(source, "vk")])
    store_posts(conn, [record], observed_at=published_at)
    post_id = conn.execute(select(posts.c.id).where(posts.c.native_id == native_id)).scalar_one()
    conn.execute(analyses.insert().values(
        post_id=post_id, model_version="test-1", analyzed_at=published_at, sector=sector,
        sector_scores={sector: 0.9}, sentiment=sentiment, complaint=0.9,
        municipality=municipality, address=address, risk=risk, risk_level=level_of(risk),
        reasons=reasons or [f"жалоба (риск {risk})"]))
    return post_id


BACKGROUND = (  # low-risk chatter of the week before: trends and the report have a past
    ("housing", "birobidzhan", "Когда покрасят подъезд?"),
    ("transport", "birobidzhan", "Расписание автобусов изменилось"),
    ("health", "obluchye_district", "Спасибо врачам районной больницы"),
    ("education", "birobidzhan", "Ремонт спортзала закончили"),
    ("social", "leninskoe_district", "Как оформить пособие на ребёнка?"),
    ("housing", "smidovich_district", "Во дворе темно по вечерам"),
)


def add_background(conn) -> None:
    for day in range(1, 8):
        for i, (sector, municipality, text) in enumerate(BACKGROUND[: 2 + day % 4]):
            add_post(conn, text, sector=sector, municipality=municipality, risk=10,
                     sentiment=("neutral", "positive", "negative")[i % 3],
                     published_at=MONDAY - timedelta(days=day, hours=i * 3 - 2))


def incident_of(conn, post_id: int) -> int:
    return conn.execute(select(incident_posts.c.incident_id).where(
        incident_posts.c.post_id == post_id)).scalar_one()


def seed_users(store) -> None:
    with store.transaction() as conn:
        for login, role, sector in USERS:
            add_user(conn, login, PASSWORD, role, sector, now=MONDAY)


def seed_world(store, config, background: bool = False) -> dict:
    """Posts -> incidents (the real stage) -> users; returns incident ids by name."""
    with store.transaction() as conn:
        water = [add_post(conn, f"Нет воды на улице Ленина, дом 5, уже {n} день без воды",
                          sector="housing", municipality="birobidzhan", risk=85,
                          address="ул. Ленина, 5", published_at=MONDAY - timedelta(minutes=50 - n))
                 for n in (1, 2, 3)]
        road = add_post(conn, "Огромная яма на дороге в Облучье, машины бьются", views=120,
                        sector="transport", municipality="obluchye_district", risk=65,
                        published_at=MONDAY - timedelta(hours=2))
        school = add_post(conn, "В школе Смидовича холодно, дети сидят в куртках",
                          sector="education", municipality="smidovich_district", risk=45,
                          published_at=MONDAY - timedelta(hours=1))
        hostile = add_post(conn, HOSTILE_TEXT, sector="housing", author=HOSTILE_AUTHOR,
                           municipality="leninskoe_district", risk=55,
                           published_at=MONDAY - timedelta(minutes=40))
        if background:
            add_background(conn)
    incidents_stage(store, config, now=MONDAY)
    seed_users(store)
    with store.transaction() as conn:
        ids = {"water": incident_of(conn, water[0]), "road": incident_of(conn, road),
               "school": incident_of(conn, school), "hostile": incident_of(conn, hostile)}
    ids["posts"] = {"water": water, "road": road, "school": school, "hostile": hostile}
    return ids
