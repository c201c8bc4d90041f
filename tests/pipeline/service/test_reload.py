from pathlib import Path

from pipeline.service.reload import ConfigWatcher

ROOT = Path(__file__).resolve().parents[3]


def copy_config(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text((ROOT / "config.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_unchanged_file_gives_nothing(tmp_path):
    watcher = ConfigWatcher.start(copy_config(tmp_path))
    assert watcher.poll() is None


def test_valid_edit_is_picked_up(tmp_path):
    path = copy_config(tmp_path)
    watcher = ConfigWatcher.start(path)
    text = path.read_text(encoding="utf-8").replace(
        "  - {id: vk-old,", "  - {id: vk-new, platform: vk, kind: wall, handle: x, interval: 2m}\n"
        "  - {id: vk-old,")
    path.write_text(text, encoding="utf-8")
    loaded = watcher.poll()
    assert loaded is not None and loaded.config.source("vk-new") is not None
    assert watcher.current is loaded and watcher.errors == []


def test_invalid_edit_keeps_last_good_and_names_the_line(tmp_path):
    path = copy_config(tmp_path)
    watcher = ConfigWatcher.start(path)
    good = watcher.current
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if "id: tg-kostuyk" in line)
    lines[index] = lines[index].replace("interval: 10m", "interval: sometimes")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert watcher.poll() is None
    assert watcher.current is good
    assert watcher.errors and watcher.errors[0].startswith(f"config.yaml:{index + 1}:")
