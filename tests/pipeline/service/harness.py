"""A running `radar run` in a subprocess against the fakes, for end-to-end tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from sqlalchemy import create_engine, text

from pipeline.store.engine import normalize_url

ROOT = Path(__file__).resolve().parents[3]
COMPLAINTS = [
    "Третий день нет отопления в Биробиджане, ул. Шолом-Алейхема {n}, дети мерзнут",
    "В Николаевке опять нет воды, дом {n} по Октябрьской, сколько можно",
    "Яма на дороге в Облучье у дома {n}, машины бьют колёса, никто не ремонтирует",
]


def tme_post(channel: str, number: int, minutes_ago: float = 5, text_: str | None = None):
    date = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    body = text_ or COMPLAINTS[number % len(COMPLAINTS)].format(n=number)
    return {"channel": channel, "id": number, "date": date.isoformat(), "text": body,
            "views": 100 + number}


def write_config(path: Path, tme_url: str, vk_url: str, sources: list[dict],
                 extra_text: str = "") -> Path:
    config = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    config["database"] = {"url": "sqlite:///unused.db"}  # RADAR_DATABASE_URL decides
    config["telegram"]["web_url"] = tme_url
    config["telegram"]["download_delay"] = 0.05
    config["vk"]["api_url"] = vk_url
    config["vk"]["requests_per_second"] = 50
    config["sources"] = sources
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False) + extra_text,
                    encoding="utf-8")
    return path


class Running:
    """`radar run --no-web` with its stderr collected in the background."""

    def __init__(self, config: Path, db_url: str, *args: str) -> None:
        env = {**os.environ, "RADAR_DATABASE_URL": db_url, "VK_TOKEN": "test-token"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "--config", str(config), "run", "--no-web",
             *args], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line)

    def log(self) -> str:
        return "".join(self.lines)

    def terminate(self, timeout: float = 10) -> tuple[int, float]:
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=timeout + 5)
        return code, time.monotonic() - started

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class Db:
    def __init__(self, url: str) -> None:
        self.engine = create_engine(normalize_url(url))

    def scalar(self, sql: str, **params):
        try:
            with self.engine.connect() as conn:
                return conn.execute(text(sql), params).scalar()
        except Exception:  # noqa: BLE001 - tables may not exist yet while migrating
            return None

    def wait_for(self, sql: str, predicate, timeout: float, **params) -> float:
        """Seconds until ``predicate(value)`` holds; AssertionError after ``timeout``."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            value = self.scalar(sql, **params)
            if value is not None and predicate(value):
                return time.monotonic() - started
            time.sleep(0.1)
        raise AssertionError(f"timed out after {timeout}s: {sql} -> {self.scalar(sql, **params)}")

    def close(self) -> None:
        self.engine.dispose()
