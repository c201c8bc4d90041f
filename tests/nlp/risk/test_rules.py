"""The literal-first-word prefilter of rule patterns (nlp/risk/rules.py)."""

from __future__ import annotations

import pytest

from nlp.risk.rules import first_words

FIRST_WORDS = [
    ("нет (\\S+ ){0,2}воды", {"нет"}),
    ("пожар|возгорание", {"пожар", "возгорание"}),
    ("(нет|без) света", {"нет", "без"}),
    ("(?<!не )гореть|дым", {"гореть", "дым"}),            # lookbehinds consume nothing
    ("(?<!не )пострадать(?! (не сообщаться|нет(?!\\S)))", {"пострадать"}),  # nor lookaheads
    ("(?!не )слово", None),                                 # a leading lookahead: unknown
    ("(\\d+|два) час", None),                               # not literal
    ("(второй|третий)? день", None),                        # an optional group
]


@pytest.mark.parametrize(("source", "expected"), FIRST_WORDS)
def test_first_words(source, expected):
    assert first_words(source) == expected
