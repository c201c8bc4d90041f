"""radar ingest: idempotent, bad rows named by line, survives SIGKILL."""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from pipeline.ingest import ingest, read_records
from pipeline.store.schema import post_metrics, post_versions, posts

ROOT = Path(__file__).resolve().parents[2]
DEFAULTS = {"platform": "import", "source": "csv", "published_at": "2026-11-20T10:00:00+10:00"}


def record(i: int, **extra) -> dict:
    return {"platform": "vk", "source": "vk-test", "id": f"-1_{i}",
            "published_at": "2026-11-20T10:00:00+10:00", "text": f"Пост номер {i}",
            "author": {"id": "42", "name": "Иван"}, "metrics": {"views": i, "likes": 1},
            **extra}


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count(store, table=posts) -> int:
    with store.transaction() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def snapshot(store) -> list[tuple]:
    with store.transaction() as conn:
        return [tuple(r) for r in conn.execute(
            select(posts.c.native_id, posts.c.text, posts.c.updated_at).order_by(posts.c.id))]


def test_same_file_twice_changes_nothing(store, tmp_path):
    path = write_jsonl(tmp_path / "p.jsonl", [json.dumps(record(i)) for i in range(50)])
    first = ingest(store, read_records(path, DEFAULTS))
    before = (snapshot(store), count(store, post_metrics))
    second = ingest(store, read_records(path, DEFAULTS))
    assert (first.stored.new, second.stored.new, second.stored.unchanged) == (50, 0, 50)
    assert (snapshot(store), count(store, post_metrics)) == before


def test_three_bad_lines_among_100(store, tmp_path):
    lines = [json.dumps(record(i)) for i in range(100)]
    lines[10] = "{not json"
    lines[50] = json.dumps(record(50, published_at="вчера"))
    lines[99] = json.dumps({k: v for k, v in record(99).items() if k != "id"})
    report = ingest(store, read_records(write_jsonl(tmp_path / "p.jsonl", lines), DEFAULTS))
    assert report.stored.new == 97 and count(store) == 97
    assert [e.line for e in report.errors] == [11, 51, 100]
    assert "published_at" in report.errors[1].reason and "id" in report.errors[2].reason


def test_edit_keeps_history_and_metrics_snapshot(store, tmp_path):
    ingest(store, read_records(write_jsonl(tmp_path / "a.jsonl", [json.dumps(record(1))]),
                               DEFAULTS))
    edited = record(1, text="Исправленный текст", metrics={"views": 500, "likes": 3})
    report = ingest(store, read_records(write_jsonl(tmp_path / "b.jsonl", [json.dumps(edited)]),
                                        DEFAULTS))
    assert report.stored.updated == 1
    assert count(store, post_versions) == 1 and count(store, post_metrics) == 2


def test_csv_with_id_and_text(store, tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("id,text,views\n1,Нет воды,10\n2,,\n,без id,\n", encoding="utf-8")
    report = ingest(store, read_records(path, DEFAULTS))
    assert report.stored.new == 2
    assert [(e.line, "id" in e.reason) for e in report.errors] == [(4, True)]


def test_sigkill_mid_ingest_then_rerun_stores_each_once(db_url, tmp_path):
    total = 12_000
    path = write_jsonl(tmp_path / "big.jsonl", [json.dumps(record(i)) for i in range(total)])
    config = tmp_path / "config.yaml"
    config.write_text((ROOT / "config.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "RADAR_DATABASE_URL": db_url}
    args = [sys.executable, "-m", "pipeline", "--config", str(config), "ingest", str(path)]
    proc = subprocess.Popen(args, env=env, cwd=ROOT)
    _wait_for_rows(db_url, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert subprocess.run(args, env=env, cwd=ROOT, capture_output=True).returncode == 0
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*), count(DISTINCT native_id) FROM posts")).one()
    engine.dispose()
    assert tuple(stored) == (total, total)


def _wait_for_rows(db_url: str, proc: subprocess.Popen) -> None:
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with engine.connect() as conn:
                    if conn.execute(text("SELECT count(*) FROM posts")).scalar():
                        return
            except Exception:  # noqa: BLE001 - the table may be mid-migration
                pass
            time.sleep(0.05)
    finally:
        engine.dispose()
    assert proc.poll() is None, "ingest finished before it could be killed; raise the total"
