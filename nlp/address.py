"""Street and house number mentioned in a post ("ул. Шолом-Алейхема, 12", "на Пионерской, 5")."""

from __future__ import annotations

import re

NAME = r"(?:\d{1,3}-(?:летия|го|й)\s+)?[А-ЯЁ0-9][А-Яа-яЁё0-9\-]*(?:\s+[А-ЯЁ][А-Яа-яЁё\-]*)?"
HOUSE = (r"(?:,?\s*(?:д\.|дом|д)?\s*\d{1,4}(?:[а-яА-Я]\b)?(?:/\d{1,3})?"
         r"(?:\s*,?\s*(?:корп\.?|к\.|кв\.?|квартира)\s*\d+)?)?")
STREET_WORD = (r"(?:ул\.|улиц[аеуы]|пр-т|пр\.|просп\.|проспект[ае]?|пер\.|переул(?:ок|ке)|пл\.|"
               r"площад[ьи]|ш\.|шоссе|мкр\.?|микрорайон[ае]?|бульвар[ае]?|б-р|наб\.|"
               r"набережн(?:ая|ой)|проезд[ае]?|тупик[ае]?|кв-л|квартал[ае]?)")
EXPLICIT = re.compile(r"(?<![А-Яа-яЁё])" + STREET_WORD + r"\s*" + NAME + HOUSE)
IMPLICIT = re.compile(r"(?<=\s)(?:на|по)\s+"
                      r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё][а-яё]+)*(?:ой|ая|ом|ого|ей|ий|ы|а))"
                      r"\s*,?\s*(?:д\.|дом)?\s*(\d{1,4}[а-я]?\b(?:/\d{1,3})?)")


def extract_address(text: str) -> str | None:
    """The first street address in the text, as written, or None."""
    match = EXPLICIT.search(text)
    if match:
        return match.group(0).strip(" ,")
    match = IMPLICIT.search(" " + text)
    if match:
        return f"{match.group(1)}, {match.group(2)}"
    return None
