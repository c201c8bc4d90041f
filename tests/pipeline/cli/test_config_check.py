import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def radar(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_shipped_config_passes():
    done = radar("--config", str(ROOT / "config.yaml"), "config", "check")
    assert done.returncode == 0, done.stderr
    assert "OK" in done.stdout


def test_broken_config_exits_2_with_lines(tmp_path):
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    broken = text.replace("interval: 5m, official: true}", "intervall: 5m, official: true}", 1)
    path = tmp_path / "config.yaml"
    path.write_text(broken, encoding="utf-8")
    done = radar("--config", str(path), "config", "check")
    assert done.returncode == 2
    line = broken.splitlines().index(next(x for x in broken.splitlines() if "intervall" in x)) + 1
    assert f"config.yaml:{line}: unknown key 'intervall'" in done.stderr


def test_missing_secrets_are_warnings_without_values(tmp_path, monkeypatch):
    done = subprocess.run([sys.executable, "-m", "pipeline", "--config",
                           str(ROOT / "config.yaml"), "config", "check"],
                          capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "VK_TOKEN": "secret-value-123"})
    assert done.returncode == 0
    assert "secret-value-123" not in done.stdout + done.stderr
