"""The prefilters read off rule patterns (nlp/risk/prefilter.py)."""

from __future__ import annotations

import pytest

from nlp.risk.prefilter import first_words, needed_words

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


NEEDED_WORDS = [
    ("вода (\\S+ ){0,1}(в|из) подвал|в подвал (\\S+ ){0,1}вода",
     ({"вода", "подвал"}, {"в", "подвал", "вода"})),
    ("(?<!не )гореть", ({"гореть"},)),
    ("пострадать(?! (не сообщаться|нет(?!\\S)))", ({"пострадать"},)),
    ("гор(ячий|яч) вода", ({"вода"},)),                     # a word glued to a group is partial
    ("(мобильный )?связь нет", ({"связь", "нет"},)),         # an optional group apart
    ("вода? нет", ({"нет"},)),
    ("дтп|авария на (дорога|трасса)", ({"дтп"}, {"авария", "на"})),
    ("(a|b)", None),                                        # an alternative with no literal word
    ("\\(скобка\\) слово", None),                           # escapes: no guess
]


@pytest.mark.parametrize(("source", "expected"), NEEDED_WORDS)
def test_needed_words(source, expected):
    found = needed_words(source)
    assert (None if found is None else tuple(set(n) for n in found)) == expected
