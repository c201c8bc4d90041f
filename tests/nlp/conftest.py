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


NONE_MUST_NOT_SAY = ("нет электричества", "нет отопления", "пожар",
                     "есть погибшие или пострадавшие")
# ...unless a negative modifier says why the named problem is no event ("пожар" in statistics)
NEGATIVE_MODIFIERS = ("статистика, не событие", "проблема устранена",
                      "плановые работы с предупреждением")


@pytest.fixture(scope="session")
def check_risk_row(analyzer):
    """One row of a risk table: the post's level, and the reasons it must list."""
    def check(text: str, level: str, reasons: list[str]) -> None:
        result = analyzer.analyze(text)
        assert result.risk_level == level, (result.risk, result.reasons)
        assert set(reasons) <= set(result.reasons)
        if level == "none" and not set(NEGATIVE_MODIFIERS) & set(result.reasons):
            assert not any(r in result.reasons for r in NONE_MUST_NOT_SAY)
    return check
