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
