"""Text features for grouping: word shingles (near-duplicates) and content lemmas (TF-IDF).

Tokens come from razdel, lemmas from pymorphy (loaded once per process, cached per word).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from razdel import tokenize

import nlp.morph

WORD = re.compile(r"^[а-яёa-z0-9]+(?:-[а-яёa-z0-9]+)*$", re.I)
URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
STOPWORDS = frozenset("""
а более бы был была были было быть в вам вас весь во вот все всё всего вы где да даже
для до его ее её если есть еще ещё же за здесь и из или им их к как когда кто ли либо мне
может мы на над надо наш не него нее неё ни них но ну о об однако он она они оно от
очень по под при с со так также такой там те тем то того тоже той только том ты у уже хотя
чего чей чем что чтобы эта эти это этот я сегодня вчера который свой мой весь день час
уважаемый здравствуйте добрый пожалуйста подсказать помочь кто-нибудь вопрос ул улица дом д
""".split())
SHINGLE = 3
# Words for the same utility or event, so "без тепла" meets "нет отопления": each word also
# counts as its concept. Kept short and obvious; anything subtler is the models' job.
CONCEPTS = {
    "отопление": "тепло", "теплоснабжение": "тепло", "батарея": "тепло", "теплотрасса": "тепло",
    "горячий": "тепло", "холодно": "тепло", "котельная": "тепло",
    "водоснабжение": "вода", "водовод": "вода", "водопровод": "вода", "кран": "вода",
    "водоканал": "вода",
    "электричество": "свет", "электроснабжение": "свет", "электроэнергия": "свет",
    "дтп": "авария", "столкнуться": "авария", "столкновение": "авария",
    "мусор": "отходы", "контейнер": "отходы", "помойка": "отходы", "свалка": "отходы",
    "яма": "дорога", "выбоина": "дорога", "асфальт": "дорога", "колея": "дорога",
    # "нет воды", "без света", "отсутствует отопление": the absence is the complaint
    "нет": "отсутствие", "нету": "отсутствие", "без": "отсутствие", "отсутствовать": "отсутствие",
    "пропасть": "отсутствие", "отключить": "отсутствие", "отключение": "отсутствие",
    "вырубить": "отсутствие", "отключать": "отсутствие",
}


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Lemma of a lower-cased word by the NLP stage's pymorphy3 analyzer (one per process).
    Unlike nlp.morph.lemma it also parses words that start with a digit ("60-летия")."""
    word = word.lower().replace("ё", "е")
    if word.isascii():
        return word
    return nlp.morph.analyzer().parse(word)[0].normal_form.replace("ё", "е")


def words(text: str) -> tuple[str, ...]:
    """Lower-cased word tokens (links dropped, punctuation skipped)."""
    return _words(text or "")


@lru_cache(maxsize=4096)  # shingles and lemmas of one text tokenize it once
def _words(text: str) -> tuple[str, ...]:
    text = URL.sub(" ", text)
    return tuple(t.text.lower().replace("ё", "е") for t in tokenize(text) if WORD.match(t.text))


def content_lemmas(text: str, exclude: Iterable[str] = ()) -> list[str]:
    """Lemmas that carry the subject: no stop words, no place names given in ``exclude``."""
    skip = STOPWORDS | set(exclude)
    out = []
    for word in words(text):
        if word.isdigit() or len(word) < 2:
            continue
        value = lemma(word)
        if value not in skip:
            out.append(value)
            if value in CONCEPTS:
                out.append(CONCEPTS[value])
    return out


def place_lemmas(names: Iterable[str]) -> frozenset[str]:
    """Lemmas of place names (municipalities, settlements, streets) to leave out of content."""
    return frozenset(lm for name in names for lm in _name_lemmas(name))


@lru_cache(maxsize=20_000)
def _name_lemmas(name: str) -> frozenset[str]:
    return frozenset(lemma(w) for w in words(name))


def shingles(text: str, size: int = SHINGLE) -> frozenset[int]:
    """Hashes of ``size``-word windows; a short text is one shingle of all its words."""
    tokens = words(text)
    if len(tokens) <= size:
        return frozenset([hash(tuple(tokens))]) if tokens else frozenset()
    return frozenset(hash(tuple(tokens[i:i + size])) for i in range(len(tokens) - size + 1))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def tfidf_vectors(docs: Sequence[list[str]]):
    """L2-normalised TF-IDF rows (sparse) for lemma lists; row dot product = cosine."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not any(docs):
        return None
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2")
    return vectorizer.fit_transform(docs).tocsr()


def _identity(doc: list[str]) -> list[str]:
    return doc


def cosine(matrix, i: int, j: int) -> float:
    if matrix is None:
        return 0.0
    return float(matrix[i].multiply(matrix[j]).sum())


def cosines(matrix, row: int, others: list[int]) -> list[float]:
    """Cosine of one row with many rows, in one sparse product."""
    if matrix is None or not others:
        return [0.0] * len(others)
    return (matrix[others] @ matrix[row].T).toarray().ravel().tolist()
