"""nlp/risk/index.py: the reached patterns give what trying every rule pattern by pattern gives."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pytest

from nlp.prep import prepare
from nlp.risk.index import RuleIndex, entries
from nlp.risk.prefilter import needed_words
from nlp.risk.rules import Pattern, compile_pattern, load_rules

EXAMPLES = Path(__file__).resolve().parents[3] / "nlp" / "examples"


def pattern(source: str) -> Pattern:
    return compile_pattern(source, "test")


ENTRIES = [  # pattern → (key clause, clauses left) per alternative; None: always tried
    ("нет (\\S+ ){0,2}воды", [({"воды"}, [{"нет"}, {"нет"}])]),  # "нет" is in most posts
    ("дтп|авария на (дорога|трасса)",
     [({"дтп"}, [{"авария", "дтп"}]),
      ({"авария"}, [{"на"}, {"дорога", "трасса"}, {"авария", "дтп"}])]),
    ("(?!не )слово", [({"слово"}, [])]),     # first words unknown: needs alone
    ("\\(скобка\\) слово", [(None, [])]),    # neither: tried on every post
]


@pytest.mark.parametrize(("source", "expected"), ENTRIES)
def test_entries(source, expected):
    got = [(None if key is None else set(key), list(map(set, rest)))
           for key, rest in entries(pattern(source))]
    assert got == [(None if k is None else k, r) for k, r in expected]
    assert needed_words(source) is None or len(got) == len(needed_words(source))


@lru_cache(maxsize=1)  # both parametrized cases read the same ~18,000 texts
def example_lemma_texts() -> tuple[str, ...]:
    texts = tuple(prepare(row["text"]).lemma_text for path in sorted(EXAMPLES.rglob("*.csv"))
                  for row in csv.DictReader(path.open(encoding="utf-8")))
    assert len(texts) > 1000
    return texts


@pytest.mark.parametrize("kind", ["triggers", "modifiers"])
def test_matches_are_those_of_every_pattern_in_order(kind):
    rules = getattr(load_rules(), kind)
    index, found = RuleIndex.of(rules), 0
    for lemma_text in example_lemma_texts():
        words = set(lemma_text.split(" "))
        plain = [(rule, m.span()) for rule in rules
                 if (m := next(filter(None, (p.regex.search(lemma_text) for p in rule.patterns)),
                               None))]
        indexed = [(rule, m.span()) for rule, m in index.matches(lemma_text, words)]
        assert indexed == plain, lemma_text
        found += len(plain)
    assert found > 200
