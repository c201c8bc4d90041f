"""Which rule patterns a post's words can reach, found with set operations in C.

Each top-level alternative of a pattern needs one word from each of its clauses
(nlp/risk/prefilter.py), and the pattern as a whole one of its first words. The index files
an alternative under the words of one clause (the rarest by a rough guess: fewest common
words such as "не" or "в", then fewest words); a post reaches the alternatives filed under
its words (~10 on a real post), and an alternative is kept when its other clauses find words
too. What is left goes to the regular expressions, pattern by pattern in
the rules' order, so the first match and the reasons are those of trying every pattern.
Checking every pattern's clauses one by one cost ~360 set checks per real post, three times
the regular-expression searches they spared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nlp.risk.rules import Pattern, Rule

Entry = tuple[int, int, tuple[frozenset[str], ...]]  # rule no, pattern no, clauses left
# lemmas in nearly every post: a clause of them would file its alternative under every post
COMMON = frozenset({
    "не", "нет", "в", "на", "с", "и", "по", "к", "у", "о", "за", "из", "от", "до", "для", "без",
    "быть", "весь", "что", "как", "это", "а", "но", "уже", "еще", "так", "он", "она", "они",
    "мы", "я", "вы", "который", "этот", "тот", "свой", "мочь", "один", "два", "год", "день",
    "человек", "при", "под", "через", "после", "когда", "если", "или", "же", "бы", "все",
})


def key_clause(clauses: tuple[frozenset[str], ...]) -> frozenset[str]:
    """The clause to file an alternative under: fewest common words, then fewest words."""
    return min(clauses, key=lambda clause: (len(clause & COMMON), len(clause)))


def entries(pattern: Pattern) -> list[tuple[frozenset[str] | None, tuple[frozenset[str], ...]]]:
    """(key clause or None for "always", clauses left) per alternative of a pattern."""
    first = (pattern.first,) if pattern.first is not None else ()
    if pattern.needs is None:
        return [(pattern.first, ())]
    out = []
    for clauses in pattern.needs:
        key = key_clause(clauses)
        out.append((key, tuple(c for c in clauses if c is not key) + first))
    return out


@dataclass(frozen=True)
class RuleIndex:
    rules: tuple[Rule, ...]
    entries: tuple[Entry, ...]
    by_word: dict[str, tuple[int, ...]]
    always: frozenset[int]

    @classmethod
    def of(cls, rules: tuple[Rule, ...]) -> RuleIndex:
        found: list[Entry] = []
        by_word: dict[str, list[int]] = {}
        always = set()
        for rule_no, rule in enumerate(rules):
            for pattern_no, pattern in enumerate(rule.patterns):
                for key, rest in entries(pattern):
                    for word in key or ():
                        by_word.setdefault(word, []).append(len(found))
                    if key is None:
                        always.add(len(found))
                    found.append((rule_no, pattern_no, rest))
        return cls(rules, tuple(found), {w: tuple(ids) for w, ids in by_word.items()},
                   frozenset(always))

    def reached(self, words: set[str]) -> list[tuple[int, int]]:
        """(rule no, pattern no) of the patterns whose words are all there, in order."""
        hit = set(self.always)
        for word in self.by_word.keys() & words:
            hit.update(self.by_word[word])
        kept = set()
        for number in hit:
            rule_no, pattern_no, rest = self.entries[number]
            for clause in rest:
                if clause.isdisjoint(words):
                    break
            else:
                kept.add((rule_no, pattern_no))
        return sorted(kept)

    def matches(self, lemma_text: str, words: set[str]) -> list[tuple[Rule, object]]:
        """Each reached rule with its first matching pattern's match, in the rules' order."""
        out, done = [], -1
        for rule_no, pattern_no in self.reached(words):
            if rule_no == done:
                continue
            match = self.rules[rule_no].patterns[pattern_no].regex.search(lemma_text)
            if match:
                out.append((self.rules[rule_no], match))
                done = rule_no
        return out
