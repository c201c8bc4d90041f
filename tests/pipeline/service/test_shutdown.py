"""SIGTERM stops `radar run` cleanly: exit 0 within 10 seconds."""

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_sigterm_exits_zero_quickly(tmp_path):
    config = tmp_path / "config.yaml"
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    # Outside services point at a closed local port: nothing leaves the machine.
    text = (text.replace("https://t.me", "http://127.0.0.1:9")
            .replace("https://api.vk.ru/method/", "http://127.0.0.1:9/method/"))
    config.write_text(text, encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "RADAR_DATABASE_URL": f"sqlite:///{tmp_path}/radar.db",
           "PYTHONFAULTHANDLER": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--config", str(config), "run", "--no-web"],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    _wait_for(proc, "radar service started")
    rest: list[str] = []
    threading.Thread(target=lambda: rest.append(proc.stderr.read()), daemon=True).start()
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGABRT)  # faulthandler prints every thread's stack
        proc.wait()
        time.sleep(0.5)
        dump = "".join(rest).split("\nExtension modules")[0][-6000:]  # the stacks
        raise AssertionError(f"no exit within 10 s after SIGTERM:\n{dump}") from None
    assert code == 0 and time.monotonic() - started < 10


def _wait_for(proc: subprocess.Popen, marker: str) -> None:
    deadline = time.monotonic() + 60
    for line in proc.stderr:
        if marker in line or time.monotonic() > deadline:
            return
    raise AssertionError(f"service exited before '{marker}'")
