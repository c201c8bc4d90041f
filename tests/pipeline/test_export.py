import csv
import io
import json

from openpyxl import load_workbook

from pipeline.export import iter_post_records, neutralize, write_csv, write_jsonl, write_xlsx
from pipeline.ingest import ingest, read_records

DEFAULTS = {"platform": "import", "source": "x", "published_at": "2026-11-20T10:00:00+10:00"}
RECORDS = [
    {"platform": "vk", "source": "vk-a", "id": "-1_1", "published_at": "2026-11-20T10:00:00+10:00",
     "text": "=HYPERLINK(\"http://evil\")", "author": {"id": "7", "name": "@admin"},
     "metrics": {"views": 10, "likes": 2}},
    {"platform": "telegram", "source": "tg-a", "id": "4310",
     "published_at": "2026-11-21T10:00:00+10:00", "text": "Нет воды в Николаевке",
     "repost_of": {"platform": "vk", "id": "-1_1"}},
]


def load(store, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n")
    ingest(store, read_records(path, DEFAULTS))


def test_jsonl_round_trip(store, tmp_path):
    load(store, tmp_path)
    out = io.StringIO()
    with store.transaction() as conn:
        assert write_jsonl(iter_post_records(conn), out) == 2
    back = [json.loads(line) for line in out.getvalue().splitlines()]
    assert back[0]["text"] == RECORDS[0]["text"]  # JSON keeps the text as it is
    assert back[0]["metrics"] == {"views": 10, "likes": 2}
    assert back[1]["repost_of"] == {"platform": "vk", "id": "-1_1"}
    assert back[1]["published_at"].startswith("2026-11-21T00:00:00")


def test_csv_neutralises_formulas(store, tmp_path):
    load(store, tmp_path)
    out = io.StringIO()
    with store.transaction() as conn:
        write_csv(iter_post_records(conn, source="vk-a"), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["text"].startswith("'=") and rows[0]["author_name"] == "'@admin"


def test_xlsx_neutralises_formulas(store, tmp_path):
    load(store, tmp_path)
    with store.transaction() as conn:
        write_xlsx(iter_post_records(conn), str(tmp_path / "out.xlsx"))
    sheet = load_workbook(tmp_path / "out.xlsx").active
    texts = [row[7] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert texts[0].startswith("'=") and texts[1] == "Нет воды в Николаевке"


def test_neutralize_table():
    cases = {"=1+1": "'=1+1", "+7 914": "'+7 914", "-5": "'-5", "@x": "'@x", "ok": "ok", 5: 5}
    assert {k: neutralize(k) for k in cases} == cases


def test_export_carries_the_latest_metrics(store, tmp_path):
    load(store, tmp_path)
    newer = {**RECORDS[0], "metrics": {"views": 99, "likes": 7}}
    path = tmp_path / "again.jsonl"
    path.write_text(json.dumps(newer, ensure_ascii=False) + "\n")
    ingest(store, read_records(path, DEFAULTS))
    with store.transaction() as conn:
        first = next(iter_post_records(conn, source="vk-a"))
    assert first["metrics"] == {"views": 99, "likes": 7}
