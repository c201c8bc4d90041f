"""The public API: Analyzer(config).analyze(...) and analyze_many."""

import pytest

from nlp.analyze import Analysis, Item
from nlp.risk.rules import RuleError, load_rules


@pytest.mark.parametrize("text, sector", [
    ("В поликлинике невозможно записаться к терапевту, талонов нет на месяц", "health"),
    ("Автобус №5 не пришел по расписанию, люди мерзнут на остановке", "transport"),
    ("Прорвало трубу в подвале, весь подъезд в воде", "housing"),
    ("Не выплатили пособие на ребенка за два месяца, в соцзащите говорят ждать", "social"),
    ("Очередь в детский сад не двигается, место так и не дали", "education"),
])
def test_sector(analyzer, text, sector):
    assert analyzer.analyze(text).sector == sector


@pytest.mark.parametrize("text, sentiment", [
    ("Спасибо коммунальщикам, быстро починили! Молодцы 👍", "positive"),
    ("Ужас, третий день без воды, позор 😡", "negative"),
    ("Расписание работы МФЦ на праздничные дни опубликовано на сайте", "neutral"),
])
def test_sentiment(analyzer, text, sentiment):
    assert analyzer.analyze(text).sentiment == sentiment


def test_complaint_probability_separates_reports_from_greetings(analyzer):
    report = analyzer.analyze("Мусор не вывозят вторую неделю, контейнеры переполнены")
    greeting = analyzer.analyze("Всем доброе утро и хорошего дня!")
    assert report.complaint > 0.5 > greeting.complaint


def test_result_has_every_field_and_scores_sum_to_one(analyzer, shipped_config):
    result = analyzer.analyze("На ул. Шолом-Алейхема, 12 в Биробиджане нет света")
    assert isinstance(result, Analysis)
    assert set(result.to_dict()) == {
        "sector", "sector_scores", "sentiment", "sentiment_scores", "complaint",
        "municipality", "address", "risk", "risk_level", "reasons", "entities"}
    assert abs(sum(result.sector_scores.values()) - 1) < 0.01
    assert set(result.sentiment_scores) == {"negative", "neutral", "positive"}
    assert result.municipality == "birobidzhan"
    assert result.address == "ул. Шолом-Алейхема, 12"
    assert {"type": "LOC", "text": "Биробиджане", "normal": "город Биробиджан",
            "source": "gazetteer"} in result.entities


def test_batch_equals_single(analyzer):
    texts = ["В Облучье нет воды", "", "Поздравляем!", "ДТП на трассе, есть пострадавшие"]
    batch = analyzer.analyze_many([Item(t) for t in texts])
    assert [b.to_dict() for b in batch] == [analyzer.analyze(t).to_dict() for t in texts]


def test_hostile_text_does_not_break_analysis(analyzer):
    for text in ("\x00\ufeff" * 50, "🔥" * 5000, "а" * 100_000, "[id1|", "#" * 300):
        assert analyzer.analyze(text).risk_level in ("none", "low", "medium", "high", "critical")


def test_ner_runs_on_high_risk_posts(analyzer_ner):
    result = analyzer_ner.analyze("Глава района Иван Петров молчит: третий день нет отопления "
                                  "в Облучье, дети мерзнут!")
    assert result.risk_level in ("high", "critical")
    assert {"type": "PER", "text": "Иван Петров", "source": "ner"} in result.entities


def test_a_new_trigger_is_a_yaml_edit(tmp_path, shipped_config):
    from nlp.analyze import Analyzer
    from nlp.risk.rules import RULES_DIR

    for name in ("modifiers.yaml", "scoring.yaml", "triggers.yaml"):
        (tmp_path / name).write_text((RULES_DIR / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    with (tmp_path / "triggers.yaml").open("a", encoding="utf-8") as fh:
        fh.write("  - key: bears\n    sector: other\n    reason: медведь в поселке\n"
                 "    weight: 65\n    patterns: ['медведь']\n")
    custom = Analyzer(shipped_config, ner="off", rules_dir=tmp_path)
    result = custom.analyze("В Известковом по улице ходит медведь")
    assert "медведь в поселке" in result.reasons
    assert result.risk_level == "high"


def test_broken_rule_file_names_file_and_rule(tmp_path):
    (tmp_path / "triggers.yaml").write_text(
        "triggers:\n  - {key: x, reason: y, weight: 1, patterns: ['(unclosed']}\n",
        encoding="utf-8")
    (tmp_path / "modifiers.yaml").write_text("modifiers: []\n", encoding="utf-8")
    (tmp_path / "scoring.yaml").write_text("scoring: {}\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"triggers.yaml\[0\] \(x\): bad pattern"):
        load_rules(tmp_path)


@pytest.mark.parametrize("triggers, message", [
    ("triggers:\n  - key: x\n    reason: y\n    weight: 1\n    patterns: [a]\n"
     "    negations: [b]\n    negations: [c]\n", r"triggers.yaml:7: duplicate key 'negations'"),
    ("triggers: [\n", r"triggers.yaml:2: invalid YAML"),
])
def test_rule_file_yaml_errors_name_the_line(tmp_path, triggers, message):
    """A second `negations:` would silently replace the first list: refused at its line."""
    (tmp_path / "triggers.yaml").write_text(triggers, encoding="utf-8")
    (tmp_path / "modifiers.yaml").write_text("modifiers: []\n", encoding="utf-8")
    (tmp_path / "scoring.yaml").write_text("scoring: {}\n", encoding="utf-8")
    with pytest.raises(RuleError, match=message):
        load_rules(tmp_path)


def test_one_bad_item_does_not_sink_the_batch(analyzer):
    results = analyzer.analyze_each([Item("В Облучье нет воды"), Item(None), Item("Привет")])
    assert results[0].municipality == "obluchye_district"
    assert isinstance(results[1], Exception)
    assert results[2].risk_level == "none"


@pytest.mark.parametrize("gate, message", [
    ("{triggers: [fyre]}", r"unknown rules \['fyre'\]"),
    ("{triggers: [], outages: {no_water: [frost]}}", r"unknown rules \['frost'\]"),
    ("{triggers: [], outages: [no_water]}", "maps a trigger key to its modifier keys"),
])
def test_critical_gate_with_unknown_keys_is_refused(tmp_path, gate, message):
    (tmp_path / "triggers.yaml").write_text(
        "triggers:\n  - {key: no_water, reason: нет воды, weight: 50, patterns: ['нет вода']}\n",
        encoding="utf-8")
    (tmp_path / "modifiers.yaml").write_text(
        "modifiers:\n  - {key: cold_weather, reason: мороз, weight: 10, patterns: ['мороз']}\n",
        encoding="utf-8")
    (tmp_path / "scoring.yaml").write_text(f"scoring: {{critical_gate: {gate}}}\n",
                                           encoding="utf-8")
    with pytest.raises(RuleError, match=r"scoring.yaml: .*" + message):
        load_rules(tmp_path)
