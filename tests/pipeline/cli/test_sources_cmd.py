import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def radar(db_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "RADAR_DATABASE_URL": db_url}
    return subprocess.run([sys.executable, "-m", "pipeline", "--config",
                           str(ROOT / "config.yaml"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_sources_table_and_json(db_url):
    table = radar(db_url, "sources")
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0].split()[:2] == ["source", "status"]
    assert any(line.startswith("vk-old") and "disabled" in line
               for line in table.stdout.splitlines())
    rows = {row["id"]: row for row in json.loads(radar(db_url, "sources", "--json").stdout)}
    assert rows["tg-eaoru"]["status"] == "new" and rows["vk-old"]["status"] == "disabled"
    assert set(rows["tg-eaoru"]) >= {"last_success_at", "last_error", "consecutive_failures",
                                     "next_attempt_at", "posts_per_day"}
