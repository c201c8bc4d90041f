"""``radar serve`` serves the dashboard and the API on its own, and stops on SIGTERM.

A process-level smoke test of the command, on SQLite only: the pages and the API it serves
are tested on both databases in the other files here.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_radar_serve(tmp_path):
    port = _free_port()
    env = {**os.environ, "RADAR_DATABASE_URL": f"sqlite:///{tmp_path}/radar.db"}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "--config",
                             str(ROOT / "config.yaml"), "serve", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                login = httpx.get(f"{base}/login", timeout=1)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read()
                time.sleep(0.2)
        assert login.status_code == 200 and "Вход в Радар" in login.text
        assert httpx.get(f"{base}/queue", follow_redirects=False).status_code == 303
        assert httpx.get(f"{base}/api/incidents").status_code == 401
        assert httpx.get(f"{base}/api/openapi.json").status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal it caught
        assert proc.wait(15) in (0, -signal.SIGTERM)
