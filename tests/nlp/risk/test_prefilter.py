"""The prefilters read off rule patterns (nlp/risk/prefilter.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from nlp.prep import prepare
from nlp.risk.prefilter import first_words, needed_words
from nlp.risk.rules import load_rules

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


NEEDED_WORDS = [  # per alternative: clauses, each must find a word of the post
    ("вода (\\S+ ){0,1}(в|из) подвал|в подвал (\\S+ ){0,1}вода",
     [[{"вода"}, {"подвал"}, {"в", "из"}], [{"в"}, {"подвал"}, {"вода"}]]),
    ("(?<!не )гореть", [[{"гореть"}]]),
    ("пострадать(?! (не сообщаться|нет(?!\\S)))", [[{"пострадать"}]]),
    ("гор(ячий|яч) вода", [[{"вода"}]]),                     # a group glued to a word: no clause
    ("(мобильный )?связь нет", [[{"связь"}, {"нет"}]]),       # an optional group: no clause
    ("(нет|без) (\\S+ ){0,2}(отопление|тепло)", [[{"нет", "без"}, {"отопление", "тепло"}]]),
    ("(холодный вода|свет) нет", [[{"нет"}, {"холодный", "свет"}]]),
    ("дтп|авария на (дорога|трасса)", [[{"дтп"}], [{"авария"}, {"на"}, {"дорога", "трасса"}]]),
    ("(\\d+|два) час", [[{"час"}]]),
    ("(a|b)?", None),                                       # an alternative with no clause
    ("\\(скобка\\) слово", None),                           # escapes: no guess
]


def normalized(needs):
    return None if needs is None else [sorted(map(set, c), key=sorted) for c in needs]


@pytest.mark.parametrize(("source", "expected"), NEEDED_WORDS)
def test_needed_words(source, expected):
    assert normalized(needed_words(source)) == normalized(expected)


def test_prefilters_never_skip_a_match():
    """Every shipped pattern that matches one of the project's example posts passes its
    prefilters (checked on 24,535 dataset texts too: 9,503 matches, none skipped)."""
    rules = load_rules()
    examples = Path(__file__).resolve().parents[3] / "nlp" / "examples"
    texts = [prepare(row["text"]).lemma_text for path in sorted(examples.glob("*.csv"))
             for row in csv.DictReader(path.open(encoding="utf-8"))]
    assert len(texts) > 150
    matches = 0
    for rule in rules.triggers + rules.modifiers:
        for pattern in rule.patterns + rule.negations:
            for lemma_text in texts:
                if pattern.regex.search(lemma_text):
                    matches += 1
                    assert pattern.search(lemma_text, set(lemma_text.split(" "))), (
                        rule.key, pattern.regex.pattern, lemma_text)
    assert matches > 100
