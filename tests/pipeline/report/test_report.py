"""The daily report on a seeded day: every number checked against the seed, computed here
independently; the HTML and the XLSX show the same cells."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from pipeline.export import neutralize
from pipeline.incidents import queue, repo
from pipeline.incidents.levels import Rules
from pipeline.records import PostRecord
from pipeline.report import build_report
from pipeline.report.render import sheet_name, write_report
from pipeline.store.posts import store_posts
from pipeline.store.schema import analyses, posts, surges
from pipeline.store.sources import ensure_imported_sources

VLAT = ZoneInfo("Asia/Vladivostok")
DAY = date(2026, 11, 23)  # Monday
HYPERLINK = '=HYPERLINK("http://evil.example","Поликлиника") не записаться к врачу'
LENINA = "ул. Ленина, 5"
# (day offset, local time, sector, municipality, sentiment, incident, address, text)
SPEC = [
    (0, "09:00", "housing", "birobidzhan", "negative", "I1", LENINA, "Нет воды на Ленина 5"),
    (0, "09:01", "housing", "birobidzhan", "negative", "I1", LENINA, "Нет воды, Ленина 5"),
    (0, "09:02", "housing", "birobidzhan", "negative", "I1", LENINA, "Без воды на Ленина"),
    (0, "09:30", "transport", "obluchye_district", "negative", "I2", None, "Автобус не пришёл"),
    (0, "09:45", "transport", "obluchye_district", "negative", "I2", None, "Снова нет автобуса"),
    (0, "11:00", "health", "birobidzhan", "neutral", "I4", None, HYPERLINK),
    (0, "00:05", "social", "leninskoe_district", "positive", None, None, "Спасибо соцзащите"),
    (0, "23:55", "housing", "birobidzhan", "neutral", None, None, "Во дворе убрали снег"),
    (-3, "09:30", "housing", "birobidzhan", "negative", "I3", LENINA, "Опять нет воды на Ленина"),
    (-1, "12:00", "housing", "birobidzhan", "negative", None, None, "Течёт крыша"),
    (-1, "12:30", "housing", "birobidzhan", "negative", None, None, "Холодные батареи"),
    (-2, "12:00", "transport", "obluchye_district", "neutral", None, None, "Изменили маршрут"),
    (-7, "00:10", "education", "smidovich_district", "negative", None, None, "Школа закрыта"),
    (-8, "23:50", "education", "smidovich_district", "negative", None, None, "Вне периода"),
    (1, "00:05", "housing", "birobidzhan", "negative", None, None, "Уже следующий день"),
]
RISK = {"I1": 85, "I2": 65, "I3": 65, "I4": 45, None: 10}
_ids = itertools.count(1)


def local(offset: int, hhmm: str) -> datetime:
    return datetime.combine(DAY + timedelta(days=offset), time.fromisoformat(hhmm), VLAT)


def store_post(conn, offset, hhmm, sector, municipality, sentiment, incident, address, text):
    native_id = f"-7_{next(_ids)}"
    at = local(offset, hhmm)
    ensure_imported_sources(conn, [("vk-report", "vk")])
    store_posts(conn, [PostRecord(platform="vk", source="vk-report", id=native_id, text=text,
                                  published_at=at)], observed_at=at)
    post_id = conn.execute(select(posts.c.id).where(posts.c.native_id == native_id)).scalar_one()
    conn.execute(analyses.insert().values(
        post_id=post_id, model_version="t", analyzed_at=at, sector=sector, sentiment=sentiment,
        municipality=municipality, address=address, risk=RISK[incident], reasons=["тест"]))
    return post_id


def make_incident(conn, rules, created: datetime, post_ids: list[int]) -> int:
    incident_id = repo.create_incident(conn, created)
    for post_id in post_ids:
        repo.attach(conn, incident_id, post_id, "тест", None, created)
    repo.refresh(conn, incident_id, rules, created)
    return incident_id


@pytest.fixture
def seeded(store, shipped_config):
    rules = Rules.from_config(shipped_config)
    with store.transaction() as conn:
        members: dict[str, list[int]] = {}
        for row in SPEC:
            post_id = store_post(conn, *row)
            if row[5]:
                members.setdefault(row[5], []).append(post_id)
        store_posts(conn, [PostRecord(platform="vk", source="vk-report", id="-7_unanalysed",
                                      text="без анализа", published_at=local(0, "12:00"))])
        ids = {"I3": make_incident(conn, rules, local(-3, "10:00"), members["I3"]),
               "I1": make_incident(conn, rules, local(0, "09:05"), members["I1"]),
               "I2": make_incident(conn, rules, local(0, "10:00"), members["I2"]),
               "I4": make_incident(conn, rules, local(0, "11:05"), members["I4"])}
        queue.claim(conn, ids["I1"], "op1", local(0, "09:10"))
        queue.record_answer(conn, ids["I1"], "op1", "Подача воды восстановлена, авария "
                            "устранена", "https://vk.com/wall-7_1?reply=1", local(0, "09:40"))
        queue.record_reaction(conn, ids["I1"], "op1", True, local(0, "12:00"))
        queue.claim(conn, ids["I2"], "op2", local(0, "10:30"))
        queue.record_answer(conn, ids["I2"], "op2", "Ваше обращение взято на контроль, "
                            "разберёмся", None, local(0, "16:00"))
        queue.record_reaction(conn, ids["I2"], "op2", False, local(0, "17:00"))
        conn.execute(surges.insert().values(
            sector="housing", municipality="birobidzhan", hour_start=local(0, "09:00"), posts=3,
            baseline=0.25, incident_id=ids["I1"], detected_at=local(0, "09:06")))
        report = build_report(conn, shipped_config, DAY, now=local(1, "08:00"))
    return report, ids


def expected_totals(field_index: int, keys: list[str]) -> dict[str, list]:
    day = Counter(r[field_index] for r in SPEC if r[0] == 0)
    before = Counter(r[field_index] for r in SPEC if -7 <= r[0] <= -1)
    out = {}
    for key in keys:
        average = round(before[key] / 7, 1)
        out[key] = [day[key], average, None if average == 0 else
                    round((day[key] - average) / average * 100)]
    return out


def test_totals_by_sector_municipality_and_sentiment(seeded, shipped_config):
    report, _ = seeded
    names = {s.key: s.title for s in shipped_config.sectors}
    for key, index, keys, title in (
            ("sectors", 2, shipped_config.sector_keys(), names),
            ("municipalities", 3, shipped_config.municipality_keys(),
             {m.key: m.name for m in shipped_config.municipalities}),
            ("sentiment", 4, ["negative", "neutral", "positive"],
             {"negative": "негативная", "neutral": "нейтральная", "positive": "позитивная"})):
        rows = {r[0]: r[1:] for r in report.table(key).rows}
        for k, numbers in expected_totals(index, keys).items():
            assert rows[title[k]] == numbers, (key, k)
        day_total = sum(1 for r in SPEC if r[0] == 0)
        before_total = sum(1 for r in SPEC if -7 <= r[0] <= -1)
        assert rows["Всего"][:2] == [day_total, round(before_total / 7, 1)]
    assert report.table("sectors").rows[-1][1] == 8  # the unanalysed post is not counted


def test_hourly_chart_counts_local_hours(seeded):
    report, _ = seeded
    hours = dict(report.charts[0].points)
    expected = Counter(int(r[1][:2]) for r in SPEC if r[0] == 0)
    assert {int(h): v for h, v in hours.items() if v} == dict(expected)


def test_incident_lists(seeded):
    report, ids = seeded
    top = report.table("top").rows
    assert [r[0] for r in top] == [ids["I1"], ids["I2"], ids["I4"]]  # by level; I3 not today
    assert [r[6] for r in top] == [3, 2, 1]  # posts of the day
    assert [r[0] for r in report.table("overdue").rows] == [ids["I3"], ids["I2"]]
    assert [r[0] for r in report.table("unanswered").rows] == [ids["I3"], ids["I4"]]
    surge = report.table("surges").rows
    assert surge == [["23.11.2026 09:00", "Строительство и ЖКХ", "город Биробиджан", 3,
                      round(0.25, 1), ids["I1"]]]


def test_blocks_rating(seeded):
    report, _ = seeded
    rows = {r[0]: r[1:] for r in report.table("rating").rows}
    # received, answered, median h, on time %, in full %, reactions, satisfied %
    assert rows["Блок строительства и ЖКХ"] == [2, 1, 0.6, 50, 50, 1, 100]  # 35 min; I3 none
    assert rows["Блок дорог и транспорта"] == [1, 1, 6.0, 0, 0, 1, 0]  # late and interim
    assert rows["Блок здравоохранения"] == [1, 0, None, 0, 0, 0, None]
    assert [r[0] for r in report.table("rating").rows][0] == "Блок строительства и ЖКХ"


def test_recurring_problems(seeded):
    report, ids = seeded
    rows = report.table("problems").rows
    assert len(rows) == 1
    assert rows[0][:6] == ["Строительство и ЖКХ", "город Биробиджан", LENINA, 2, 4, 2]
    assert rows[0][7].startswith(f"#{ids['I1']} ")


class Tables(HTMLParser):
    """Cell texts of every <table data-table=KEY> in the report page."""

    def __init__(self):
        super().__init__()
        self.tables, self.current, self.cell = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-table" in attrs:
            self.current = self.tables.setdefault(attrs["data-table"], [])
        elif tag == "tr" and self.current is not None:
            self.row = []
        elif tag == "td" and self.current is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.current is not None and self.row:
            self.current.append(self.row)
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def xlsx_rows(sheet) -> list[list]:
    rows = []
    for row in sheet.iter_rows(min_row=3, values_only=True):
        if all(v is None for v in row):
            break
        rows.append(list(row))
    return rows


def test_html_and_xlsx_show_the_same_cells(seeded, tmp_path):
    report, _ = seeded
    html_path, xlsx_path = write_report(report, tmp_path)
    parser = Tables()
    parser.feed(html_path.read_text(encoding="utf-8"))
    book = load_workbook(xlsx_path)
    for table in report.tables:
        sheet_rows = xlsx_rows(book[sheet_name(table.key)])
        html_rows = parser.tables.get(table.key, [])
        assert len(sheet_rows) == len(html_rows) == len(table.rows), table.key
        for html_row, sheet_row in zip(html_rows, sheet_rows, strict=True):
            for shown, stored in zip(html_row, sheet_row, strict=True):
                if isinstance(stored, str):  # text: the sheet holds it neutralised
                    assert neutralize(shown) == stored, table.key
                elif stored is None:  # no value, or an empty text (xlsx keeps no "")
                    assert shown in ("—", ""), table.key
                else:  # numbers stay numbers
                    assert float(shown) == stored, table.key
    assert "<svg" in html_path.read_text(encoding="utf-8")


def test_formula_cells_are_neutralised_in_the_xlsx(seeded, tmp_path):
    report, ids = seeded
    _, xlsx_path = write_report(report, tmp_path)
    sheet = load_workbook(xlsx_path)["Главные инциденты"]
    titles = [row[5] for row in xlsx_rows(sheet)]
    assert "'" + HYPERLINK in titles
    assert all(not str(t).startswith("=") for t in titles)
    assert sheet.cell(3, 1).data_type == "n"  # numbers stay numbers
