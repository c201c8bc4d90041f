"""NLP fixtures: the committed models are loaded once per test session."""

from __future__ import annotations

import pytest

from nlp.analyze import Analyzer


@pytest.fixture(scope="session")
def analyzer(shipped_config) -> Analyzer:
    return Analyzer(shipped_config, ner="off")


@pytest.fixture(scope="session")
def analyzer_ner(shipped_config) -> Analyzer:
    return Analyzer(shipped_config, ner="auto")


def table_params(table: list[tuple], known_misses: dict[str, str]) -> list:
    """A risk table's rows as test parameters; a known miss is a strict xfail with its reason,
    so it fails the day the stage gets it right."""
    assert set(known_misses) <= {row[0] for row in table}, "a known miss is not a table row"
    return [pytest.param(*row, id=row[0][:40], marks=[pytest.mark.xfail(
                strict=True, reason=known_misses[row[0]])] if row[0] in known_misses else [])
            for row in table]


NONE_MUST_NOT_SAY = ("нет электричества", "нет отопления", "пожар",
                     "есть погибшие или пострадавшие")


@pytest.fixture(scope="session")
def check_risk_row(analyzer):
    """One row of a risk table: the post's level, and the reasons it must list. A post at
    none names no alarming problem, unless a modifier that takes points off says why it is no
    event ("пожар" with "статистика, не событие")."""
    negative = {m.reason for m in analyzer.rules.modifiers if m.weight < 0}

    def check(text: str, level: str, reasons: list[str]) -> None:
        result = analyzer.analyze(text)
        assert result.risk_level == level, (result.risk, result.reasons)
        assert set(reasons) <= set(result.reasons)
        if level == "none" and not negative & set(result.reasons):
            assert not any(r in result.reasons for r in NONE_MUST_NOT_SAY)
    return check
