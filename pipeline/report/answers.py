"""Interim answers ("we will look into it") versus answers in full.

An answer is interim when it only promises: it says the matter is taken up, passed on, being
checked or will be answered later, and reports nothing done. The phrases below are the
usual wording of such replies in the regional authorities' pages.
"""

from __future__ import annotations

import re

PROMISE = re.compile(
    r"(рассмотр|разбер[её]мся|разбираемся|взят[оа]? (на|в) (контрол|работ)|на контроле|"
    r"направлен[оа]? (в|для)|передан[оа]? (в|для)|провод(ится|им) проверк|будет провер|"
    r"проработ|уточня|выясня|ожидайте|в ближайшее время|сообщим|дадим ответ|"
    r"информаци[яю] (запрошен|направлен)|готовится ответ)", re.I)
DONE = re.compile(
    r"(устранен|восстановлен|отремонтирован|выполнен|заменен|заменён|подключен|"
    r"возобновлен|убран|вывезен|проведен[ыа]? работ|работы завершен|исправлен|решен[аоы]?\b|"
    r"решён|назначен[аоы]? (выплат|приём|прием))", re.I)


def is_interim(text: str | None) -> bool:
    """True for a reply that promises without reporting a result."""
    flat = " ".join((text or "").split())
    if not flat:
        return True
    return bool(PROMISE.search(flat)) and not DONE.search(flat)
