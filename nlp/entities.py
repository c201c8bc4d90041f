"""Entities (PER, ORG, LOC): gazetteer places and organization cues on every post, natasha's
slovnet NER only where it matters (it runs ~280 posts/s against ~2,000 for the fast path)."""

from __future__ import annotations

import re
import threading

from nlp.gazetteer import Mention

ORG = re.compile(
    r"\b(?:УК|ООО|АО|ОАО|ПАО|МУП|ГУП|МКУ|ОГБУЗ|ОГКУ|ОГБУ|ТСЖ|ФГУП|ИП)\s*[«\"][^»\"]{2,60}[»\"]"
    r"|\b(?:МЧС|ДЭК|ДРСК|Водоканал|Роспотребнадзор|Госавтоинспекци[яиюе]|ГИБДД|прокуратур[аыеу]"
    r"|мэри[яиюе]|администраци[яиюе] (?:города|района|области|ЕАО|[А-ЯЁ]\w+)"
    r"|правительств[оау] (?:ЕАО|области)|Минздрав\w*|Соцфонд\w*|Госуслуг\w*)", re.I)

_NER = None
_LOCK = threading.Lock()


def fast_entities(mentions: list[Mention], text: str) -> list[dict]:
    found = [{"type": "LOC", "text": m.text, "normal": m.place.name, "source": "gazetteer"}
             for m in mentions]
    found += [{"type": "ORG", "text": m.group(0), "source": "pattern"} for m in ORG.finditer(text)]
    return found


class Ner:
    """natasha segmenter + news NER tagger, loaded once per process (~0.8 s, ~150 MB)."""

    def __init__(self) -> None:
        from natasha import NewsEmbedding, NewsNERTagger, Segmenter

        self.segmenter = Segmenter()
        self.tagger = NewsNERTagger(NewsEmbedding())

    def spans(self, text: str) -> list[dict]:
        from natasha import Doc

        doc = Doc(text)
        doc.segment(self.segmenter)
        doc.tag_ner(self.tagger)
        return [{"type": s.type, "text": s.text, "source": "ner"} for s in doc.spans]


def ner() -> Ner:
    global _NER
    with _LOCK:
        if _NER is None:
            _NER = Ner()
    return _NER


def merge(fast: list[dict], heavy: list[dict]) -> list[dict]:
    """NER spans first; a fast-path entity is kept when NER did not find the same text."""
    seen = {(e["type"], e["text"].lower()) for e in heavy}
    return heavy + [e for e in fast if (e["type"], e["text"].lower()) not in seen]
