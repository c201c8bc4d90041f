"""Entities (PER, ORG, LOC): gazetteer places and organization cues on every post, natasha's
slovnet NER only where it matters (high-risk posts) and only on the sentences that may hold a
name (nlp/ner_focus.py)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import lru_cache

from nlp.gazetteer import Mention
from nlp.ner_focus import ner_focus
from nlp.ner_forward import NerForward
from nlp.segments import words

ORG = re.compile(
    r"\b(?:УК|ООО|АО|ОАО|ПАО|МУП|ГУП|МКУ|ОГБУЗ|ОГКУ|ОГБУ|ТСЖ|ФГУП|ИП)\s*[«\"][^»\"]{2,60}[»\"]"
    r"|\b(?:МЧС|ДЭК|ДРСК|Водоканал|Роспотребнадзор|Госавтоинспекци[яиюе]|ГИБДД|прокуратур[аыеу]"
    r"|мэри[яиюе]|администраци[яиюе] (?:города|района|области|ЕАО|[А-ЯЁ]\w+)"
    r"|правительств[оау] (?:ЕАО|области)|Минздрав\w*|Соцфонд\w*|Госуслуг\w*)", re.I)

# every ORG match holds a quote or one of these (lower case): posts without any skip the regex
ORG_HINTS = ("«", '"', "мчс", "дэк", "дрск", "водоканал", "роспотребнадзор", "госавтоинспекци",
             "гибдд", "прокуратур", "мэри", "администраци", "правительств", "минздрав", "соцфонд",
             "госуслуг")

_NER = None
_LOCK = threading.Lock()


def fast_entities(mentions: list[Mention], text: str) -> list[dict]:
    found = [{"type": "LOC", "text": m.text, "normal": m.place.name, "source": "gazetteer"}
             for m in mentions]
    lowered = text.lower()
    if any(hint in lowered for hint in ORG_HINTS):
        found += [{"type": "ORG", "text": m.group(0), "source": "pattern"}
                  for m in ORG.finditer(text)]
    return found


class Ner:
    """natasha's news NER tagger (slovnet), loaded once per process (~0.8 s, ~150 MB)."""

    BATCH = 32
    WORD_CACHE = 100_000

    def __init__(self) -> None:
        from natasha import NewsEmbedding, NewsNERTagger

        self.tagger = NewsNERTagger(NewsEmbedding())
        self.tagger.batch_size = self.tagger.infer.encoder.batch_size = self.BATCH
        self.forward = NerForward(self.tagger.infer.model)
        self._word_ids = lru_cache(maxsize=self.WORD_CACHE)(self._encode_word)

    def spans_many(self, texts: list[str]) -> list[list[dict]]:
        """Spans found in each text's sentences that may hold a name (nlp/ner_focus.py), the
        texts tagged in order of length: a batch is padded to its longest text, so mixed
        lengths cost ~2.5x more unsorted (measured on real appeals)."""
        focused = [ner_focus(t) for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(focused[i]))
        found: list[list[dict]] = [[] for _ in texts]
        chosen = [i for i in order if focused[i].strip()]
        for i, markup in zip(chosen, self.markups([focused[i] for i in chosen]), strict=True):
            found[i] = [{"type": s.type, "text": markup.text[s.start:s.stop], "source": "ner"}
                        for s in markup.spans]
        return found

    def markups(self, texts: list[str]) -> Iterator:
        """The tagger's span markups, as ``self.tagger.map`` gives them (slovnet's NERInfer),
        with each text's razdel words from nlp.segments' cache and each word's vocabulary
        and shape ids worked out once (together ~40 % of NER's time under cProfile), and the
        network run by nlp.ner_forward."""
        from slovnet.markup import BIOMarkup

        infer = self.tagger.infer
        for start in range(0, len(texts), self.BATCH):
            chunk = texts[start:start + self.BATCH]
            items = [words(text) for text in chunk]
            inputs = infer.encoder.input([self._ids(item) for item in items])
            emissions = self.forward(inputs.word_id, inputs.shape_id, inputs.pad_mask)
            preds = infer.decoder(infer.model.head.crf.decode(emissions, ~inputs.pad_mask))
            for text, item, pred in zip(chunk, items, preds, strict=True):
                yield BIOMarkup.from_tuples(zip(item, pred, strict=True)).to_span(text)

    def _ids(self, item: list[str]) -> tuple[list[int], list[int]]:
        pairs = list(map(self._word_ids, item))
        return [word for word, _ in pairs], [shape for _, shape in pairs]

    def _encode_word(self, word: str) -> tuple[int, int]:
        from slovnet.shape import word_shape

        encoder = self.tagger.infer.encoder
        return (encoder.words_vocab.encode(word.lower()),
                encoder.shapes_vocab.encode(word_shape(word)))

    def spans(self, text: str) -> list[dict]:
        return self.spans_many([text])[0]


def ner() -> Ner:
    global _NER
    with _LOCK:
        if _NER is None:
            _NER = Ner()
    return _NER


def merge(fast: list[dict], heavy: list[dict], text: str = "") -> list[dict]:
    """NER spans first; a fast-path entity is kept when NER did not find the same text. A
    gazetteer place is a place whatever NER calls it ("Теплоозерска" is not a PER), and a
    hashtag's words ("#НетВоды") are no name."""
    places = {e["text"].lower() for e in fast if e.get("source") == "gazetteer"}
    heavy = [e for e in heavy
             if e["text"].lower() not in places and f"#{e['text']}" not in text]
    seen = {(e["type"], e["text"].lower()) for e in heavy}
    return heavy + [e for e in fast if (e["type"], e["text"].lower()) not in seen]
