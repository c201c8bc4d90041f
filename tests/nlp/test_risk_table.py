"""Table-driven risk tests: a post → its expected level and the reasons it must list.

Levels come from config.yaml risk_levels (none <20 ≤ low <40 ≤ medium <60 ≤ high <80 ≤
critical). The texts are the project's own ЕАО-style examples, not dataset rows.
"""

import pytest

TABLE = [
    ("Третий день нет отопления в Биробиджане на ул. Шолом-Алейхема, 12, дети мерзнут! "
     "Управляющая компания не отвечает", "critical", ["нет отопления", "дети", "третий день"]),
    ("Моему ребенку не выплатили пособие уже третий месяц, соцзащита молчит, буду писать "
     "в прокуратуру", "critical",
     ["невыплата пособий или зарплаты", "обращение в прокуратуру, СМИ или к руководству"]),
    ("ДТП на трассе Биробиджан — Хабаровск, есть пострадавшие", "critical",
     ["ДТП", "есть погибшие или пострадавшие"]),
    ("В Облучье отключили свет, сидим без света с утра", "high", ["нет электричества"]),
    ("В аптеках Николаевки нет инсулина", "high", ["нет лекарств"]),
    ("В школе Теплоозерска холодно, дети сидят в куртках", "high",
     ["холодно в помещении", "дети"]),
    ("Прорвало трубу на Октябрьской, кипяток хлещет прямо во дворе, аварийка не едет", "high",
     ["прорыв трубы", "службы не реагируют"]),
    ("Дорогу на Бирофельд размыло, мост ушел под воду, село отрезано", "high",
     ["разрушение моста или дороги"]),
    ("Помогите, в подъезде пахнет газом, газовая служба не приезжает", "high", ["запах газа"]),
    ("В Бирофельде горит лес, дым идет на село", "high", ["пожар"]),
    ("Мусор не вывозят две недели, контейнеры переполнены", "medium",
     ["не вывозят мусор", "две недели"]),
    ("Когда уже починят светофор на перекрестке Ленина и Пионерской?", "medium",
     ["не работает светофор"]),
    ("Завтра с 9 до 17 плановое отключение электроэнергии на улице Пионерской в Биробиджане",
     "low", ["нет электричества", "плановые работы с предупреждением"]),
    ("На Пионерской яма на дороге, уже пробил колесо", "low", ["разбитая дорога"]),
    ("Свет уже дали, спасибо энергетикам!", "none", []),
    ("Подача тепла восстановлена в полном объеме, авария устранена", "none", []),
    ("Сотрудники МЧС потушили пожар в частном доме в Ленинском, никто не пострадал", "none", []),
    ("Авария на теплотрассе: без тепла остались дома на Пионерской, дети мерзнут", "critical",
     ["коммунальная авария", "нет отопления", "дети"]),
    ("Скончался ветеран труда, выражаем соболезнования родным", "none", []),
    ("Жители столкнулись с проблемой оформления документов в МФЦ", "none", []),
    ("Губернатор провел совещание по подготовке к отопительному сезону", "none", []),
    ("Всем доброе утро, хорошего дня ☀️", "none", []),
    ("Продам гараж в районе ДОСов, недорого", "none", []),
]


@pytest.mark.parametrize("text, level, reasons", TABLE, ids=[t[0][:40] for t in TABLE])
def test_risk_level_and_reasons(analyzer, text, level, reasons):
    result = analyzer.analyze(text)
    assert result.risk_level == level, (result.risk, result.reasons)
    assert set(reasons) <= set(result.reasons)
    if level == "none":
        assert not any(r in result.reasons for r in ("нет электричества", "нет отопления",
                                                     "пожар", "есть погибшие или пострадавшие"))


def test_similar_posts_and_engagement_raise_the_score(analyzer):
    text = "Мусор не вывозят две недели, контейнеры переполнены"
    base = analyzer.analyze(text)
    loud = analyzer.analyze(text, similar_posts=12, metrics={"comments": 150, "views": 20000},
                            source={"reach": 25000})
    assert loud.risk > base.risk
    assert "12 похожих сообщений" in loud.reasons
    assert "150 комментариев" in loud.reasons
    assert "охват источника: 25000 подписчиков" in loud.reasons


def test_growth_between_snapshots(analyzer):
    from datetime import UTC, datetime, timedelta

    t0 = datetime(2026, 1, 10, 9, tzinfo=UTC)
    history = [{"observed_at": t0, "likes": 5, "comments": 2},
               {"observed_at": t0 + timedelta(hours=1), "likes": 60, "comments": 40}]
    result = analyzer.analyze("В Облучье нет воды", metrics=history[-1], metrics_history=history)
    assert "быстрый рост обсуждения: +93 реакции за час" in result.reasons


def test_no_trigger_caps_the_score(analyzer):
    result = analyzer.analyze("Ну и погода сегодня, ужас просто 😡😡😡", similar_posts=50,
                              metrics={"comments": 5000, "reposts": 900})
    assert result.risk <= 35
