"""config.yaml validation: every problem is reported as FILE:LINE."""

from pathlib import Path

import pytest

from pipeline.config import ConfigError, parse_config

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = (ROOT / "config.yaml").read_text(encoding="utf-8")

BASE = """\
region: {name: Тест, timezone: Asia/Vladivostok}
sources:
  - {id: a, platform: vk, kind: wall, handle: one, interval: 5m}
  - {id: b, platform: telegram, kind: channel, handle: two, interval: 10m}
sectors:
  - {key: housing, title: ЖКХ, block: Блок ЖКХ}
  - {key: other, title: Прочее, block: Смена}
municipalities:
  - {key: city, name: Город, kind: city}
risk_levels:
  - {key: none, title: Нет, min_score: 0}
  - {key: low, title: Низкий, min_score: 20}
  - {key: medium, title: Средний, min_score: 40, sla: 9h}
  - {key: high, title: Высокий, min_score: 60, sla: 4h}
  - {key: critical, title: Критический, min_score: 80, sla: 1h}
alerts:
  channels:
    - {type: webhook, url: "http://127.0.0.1/hook", sectors: [housing]}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    return caught.value.problems


def test_shipped_config_is_valid():
    config = parse_config(SHIPPED)
    assert config.region.timezone == "Asia/Vladivostok"
    assert {"tg-eaoru", "vk-eaomedia", "vk-q-birobidzhan"} <= {s.id for s in config.sources}


def test_base_is_valid():
    assert len(parse_config(BASE).sources) == 2


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("interval: 5m}", "intervl: 5m}", "config.yaml:3: unknown key 'intervl' in sources.0"),
    ("handle: two, interval: 10m}", "handle: two, interval: often}",
     "config.yaml:4: sources.1.interval: not a duration: 'often'"),
    ("{id: b,", "{id: a,", "config.yaml:4: duplicate source id 'a'"),
    ("sectors: [housing]", "sectors: [hosuing]",
     "config.yaml:18: unknown sector 'hosuing'"),
    ("min_score: 60, sla: 4h", "min_score: high, sla: 4h",
     "config.yaml:14: risk_levels.3.min_score: Input should be a valid integer"),
    ("platform: vk,", "platform: ok,", "config.yaml:3: unknown platform 'ok'"),
    ("kind: wall,", "kind: forum,", "config.yaml:3: collector 'vk' has no kind 'forum'"),
    ("timezone: Asia/Vladivostok", "timezone: Mars/Base", "config.yaml:1: region.timezone"),
])
def test_each_problem_names_its_line(old, new, expected):
    found = problems(BASE.replace(old, new, 1))
    assert any(p.startswith(expected) for p in found), found


def test_all_problems_are_reported_at_once():
    text = (BASE.replace("interval: 5m}", "intervl: 5m}")
            .replace("{id: b,", "{id: a,")
            .replace("sectors: [housing]", "sectors: [hosuing]"))
    assert len(problems(text)) == 3


def test_yaml_syntax_error_has_a_line():
    found = problems(BASE + "  - {broken\n")
    assert found[0].startswith("config.yaml:") and "invalid YAML" in found[0]


def test_duplicate_yaml_key_is_an_error():
    found = problems(BASE.replace("alerts:", "region: {name: X}\nalerts:"))
    assert any("duplicate key 'region'" in p for p in found)
