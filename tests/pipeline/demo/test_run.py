"""`make demo` end to end: the bundled corpus through the fakes, the real collectors, the
NLP stage, grouping, alerts and the report — what a new user sees first must work."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import create_engine, text

from pipeline.config import load_config
from pipeline.demo.run import run_demo
from pipeline.demo.world import load_corpus

ROOT = Path(__file__).resolve().parents[3]


def test_demo_runs_the_whole_pipeline(tmp_path):
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    lines: list[str] = []
    work = run_demo(load_config(tmp_path / "config.yaml"), "demo", lines.append)
    engine = create_engine(f"sqlite:///{work / 'radar.db'}")
    with engine.connect() as conn:
        scalar = lambda sql: conn.execute(text(sql)).scalar()  # noqa: E731
        stored = set(conn.execute(text("SELECT source_id, native_id FROM posts")).all())
        assert {(r["source"], r["id"]) for r in load_corpus()} <= stored  # none lost
        assert scalar("SELECT count(*) FROM posts p WHERE NOT EXISTS "
                      "(SELECT 1 FROM analyses a WHERE a.post_id = p.id)") == 0
        biggest = scalar("SELECT max(n) FROM (SELECT count(*) n FROM incident_posts "
                         "GROUP BY incident_id) x")
        assert biggest >= 10  # the water outage in Николаевка is one incident
        assert scalar("SELECT count(*) FROM alert_deliveries WHERE status = 'sent'") > 0
        assert scalar("SELECT count(*) FROM users WHERE login = 'demo'") == 1
    engine.dispose()
    output = "\n".join(lines)
    assert "Incidents in the queue:" in output and "Telegram chat (fake Bot API)" in output
    assert list((work / "report").glob("*.html")) and list((work / "report").glob("*.xlsx"))
