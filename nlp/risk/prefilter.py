"""Prefilters read off a rule pattern's source: words a post must contain for it to match.

Patterns are regular expressions over lemmas joined by spaces. Only what is literal counts:
a word inside a group, before a quantifier or glued to a group ("гор(ячий|яч)") is not
required; lookarounds consume nothing, so the words around them still are.
"""

from __future__ import annotations

META = set("\\[].*+?{}^$")
LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")
GLUE = "\x00"  # stands for a removed group that consumed text: a word touching it is partial
NOT_PLAIN = META | set("()|") | {GLUE}


def _plain(word: str) -> bool:
    """A literal word: no regex syntax, no group, no stand-in of a removed group."""
    return bool(word) and not NOT_PLAIN & set(word)


def split_top(source: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(source):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
    return parts + [source[start:]]


def first_words(source: str) -> set[str] | None:
    """Possible first words of a pattern, or None when they cannot be read off literally."""
    words: set[str] = set()
    for alt in split_top(source):
        alt = _skip_lookbehinds(alt)  # they consume nothing: the first word comes after them
        if alt.startswith("(?"):  # a lookahead or flags: the first word is not literal
            return None
        if alt.startswith("("):
            close = _closing(alt)
            if close < 0 or alt[close + 1:close + 2] in ("?", "*", "{"):
                return None
            inner = first_words(alt[1:close])
            if inner is None:
                return None
            words |= inner
            continue
        head = alt.split(" ", 1)[0]
        if head.find("(?!") > 0 or head.find("(?=") > 0:  # "слово(?! …)": a lookahead consumes
            head = head[:head.find("(?")]                  # nothing, the word is still literal
        if not _plain(head):
            return None
        words.add(head)
    return words


def _skip_lookbehinds(alt: str) -> str:
    while alt.startswith(("(?<!", "(?<=")):
        close = _closing(alt)
        if close < 0:
            return alt
        alt = alt[close + 1:]
    return alt


def _closing(alt: str) -> int:
    depth = 0
    for i, ch in enumerate(alt):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return i
    return -1


def needed_words(source: str) -> tuple[tuple[frozenset[str], ...], ...] | None:
    """Per top-level alternative, clauses of words: the alternative cannot match unless every
    clause has a word in the post. A plain word is a clause of one; a group of plain
    alternatives standing apart ("нет (вода|свет)") is a clause of their first words. None
    when an alternative has no clause, so the prefilter could never skip the pattern."""
    needs = tuple(_clauses(alt) for alt in split_top(source))
    return None if any(not clauses for clauses in needs) else needs


def _clauses(alt: str) -> tuple[frozenset[str], ...]:
    if "\\" in alt.replace("\\S", "").replace("\\d", "").replace("\\w", "") or "[" in alt:
        return ()  # escapes or classes: do not guess
    flat, clauses, i = [], [], 0
    while i < len(alt):
        if alt[i] == "(":
            close = i + _closing(alt[i:])
            if close < i:
                return ()
            after = _after_quantifier(alt, close + 1)
            if after == close + 1 and _stands_apart(flat, alt, close):
                clauses += _group_clause(alt[i + 1:close])
            flat.append(_group_stand_in(alt, i, close))
            i = after
            continue
        flat.append(alt[i])
        i += 1
    words = [w for w in "".join(flat).split(" ") if _plain(w)]
    return tuple(frozenset([w]) for w in words) + tuple(clauses)


def _stands_apart(flat: list[str], alt: str, close: int) -> bool:
    """The group is whole words: a space (or a lookaround, or a group ending in a space, as
    their stand-ins in ``flat`` say) before it, and a space, a lookahead or the end after."""
    before = flat[-1][-1] if flat else " "
    after = alt[close + 1] if close + 1 < len(alt) else " "
    return before == " " and (after == " " or alt.startswith(LOOKAROUND, close + 1))


def _group_clause(inner: str) -> list[frozenset[str]]:
    """The first words of a group's alternatives, when every one starts with a plain word."""
    if inner.startswith("?"):
        return []
    firsts = [alt.split(" ", 1)[0] for alt in split_top(inner)]
    if not all(map(_plain, firsts)):
        return []
    return [frozenset(firsts)]


def _group_stand_in(alt: str, start: int, close: int) -> str:
    """A lookaround becomes a space; another group a glue mark on each side that its content
    does not end with a space ("(\\S+ )слово": the word after it is whole)."""
    if alt.startswith(LOOKAROUND, start):
        return " "
    inner = alt[start + 1:close]
    return (" " if inner.startswith(" ") else GLUE) + (" " if inner.endswith(" ") else GLUE)


def _after_quantifier(alt: str, i: int) -> int:
    if i < len(alt) and alt[i] == "{":
        return alt.find("}", i) + 1 or len(alt)
    return i + 1 if i < len(alt) and alt[i] in "?*+" else i
