"""The urgency model's floor and veto in nlp/risk/score.py, with the shipped rules and given
signals."""

import pytest

from nlp.prep import prepare
from nlp.risk.rules import load_rules
from nlp.risk.score import Signals, all_clear, engagement, score, text_points

LEVELS = [(0, "none"), (20, "low"), (40, "medium"), (60, "high"), (80, "critical")]
FLOOR_REASON = "по смыслу похоже на срочную проблему"
VETO_REASON = "по смыслу не похоже на срочную проблему"


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def risk_of(rules, text: str, urgency: float):
    prep = prepare(text)
    return score(rules, prep.tokens, prep.lemma_text, Signals(urgency=urgency), LEVELS)


@pytest.mark.parametrize("text, urgency, level, lifted", [
    # no trigger: the no-trigger cap would keep it at none; a sure model lifts it to high
    ("В квартире пар изо рта, на подоконнике лёд", 0.9, "high", True),
    ("В квартире пар изо рта, на подоконнике лёд", 0.5, "none", False),
    # a serious trigger short of high is lifted
    ("В Бире нет воды", 0.85, "high", True),
    ("В Бире нет воды", 0.2, "medium", False),
    # an everyday trigger keeps the rules' level
    ("Течёт крыша в подъезде", 0.95, "low", False),
    # cancelled or planned: the text itself says there is nothing to react to
    ("Свет дали, спасибо энергетикам", 0.95, "none", False),
    ("Плановое отключение воды 12 марта с 9 до 17 часов", 0.95, "low", False),
    ("Уровень воды пошёл на спад, угрозы подтопления нет", 0.95, "none", False),
])
def test_urgency_floor(rules, text, urgency, level, lifted):
    risk = risk_of(rules, text, urgency)
    assert risk.level == level, (risk.score, risk.reasons)
    assert (FLOOR_REASON in risk.reasons) == lifted


LONG_OUTAGE = ("Третий день нет отопления в доме на Ленина, управляющая компания обещает, "
               "а батареи всё такие же холодные")


@pytest.mark.parametrize("text, urgency, level, vetoed", [
    # a long post the model is sure needs no quick reaction stops below high
    (LONG_OUTAGE, 0.05, "medium", True),
    (LONG_OUTAGE, 0.5, "high", False),
    (LONG_OUTAGE, None, "high", False),   # no model opinion: the rules alone
    # a short post: too little for the model to judge
    ("Третий день нет отопления", 0.05, "high", False),
    ("Свет вырубили опять, сидим в темноте, управляющая не отвечает", 0.01, "high", False),
    # a named casualty or missing person keeps the rules' level
    ("На трассе у Биробиджана в ДТП пострадал водитель легковушки, его увезли в больницу, "
     "движение затруднено", 0.01, "high", False),
    ("Ушёл из дома и не вернулся пенсионер Иван Петров, 1950 года рождения, был одет в серую "
     "куртку", 0.01, "high", False),
    # a critical post is left alone
    ("Горит жилой дом на Ленина, внутри остались дети, пожарные ещё не приехали, дым валит "
     "из окон третьего этажа", 0.01, "critical", False),
])
def test_urgency_veto(rules, text, urgency, level, vetoed):
    risk = risk_of(rules, text, urgency)
    assert risk.level == level, (risk.score, risk.reasons)
    assert (VETO_REASON in risk.reasons) == vetoed


def test_a_post_already_high_gets_no_extra_reason(rules):
    risk = risk_of(rules, "Третий день нет отопления, дети мёрзнут", 0.99)
    assert risk.level in ("high", "critical") and FLOOR_REASON not in risk.reasons


@pytest.mark.parametrize("text, clear", [
    ("свет дали", True),
    ("подача воды восстановлена, авария устранена", True),
    ("нет воды третий день", False),
    ("в квартире холодно", False),
])
def test_all_clear(rules, text, clear):
    assert all_clear(rules, prepare(text).lemma_text) == clear


@pytest.mark.parametrize("text, level", [
    # many points, but not a threat to life or to many people: stops at high
    ("Третий месяц не платят зарплату, дети голодают, пишем в прокуратуру", "high"),
    ("Третий день нет воды в доме, дети, управляющая не отвечает", "high"),
    # a threat to life, or an outage that is widespread or in frost: critical
    ("Горит жилой дом на Ленина, внутри остались дети", "critical"),
    ("Третий день весь посёлок без отопления, дети мёрзнут", "critical"),
    ("Третий день нет отопления, мороз минус 35, дети мёрзнут", "critical"),
    ("Вторые сутки весь посёлок без света, дети, старики", "critical"),
    ("Третий день нет воды в мороз минус 30, дети, старики", "critical"),
    # water, gas or fuel at scale but not in frost: high
    ("Третий день весь дом без воды, дети, управляющая не отвечает", "high"),
])
def test_critical_gate(rules, text, level):
    prep = prepare(text)
    risk = score(rules, prep.tokens, prep.lemma_text, Signals(complaint=1.0, negative=1.0),
                 LEVELS)
    assert risk.level == level, (risk.score, risk.reasons)


ENGAGEMENT = [  # metrics of the latest snapshot → engagement points, reasons
    ({"views": 15000, "likes": 80, "reposts": 10, "comments": 15}, 0.0, []),  # an ordinary post
    ({"comments": 30}, 3.0, ["30 комментариев"]),
    ({"comments": 300}, 6.0, ["300 комментариев"]),
    ({"comments": 3000}, 6.0, ["3000 комментариев"]),                        # the counter's max
    ({"views": 200000}, 4.0, ["200000 просмотров"]),
    ({"views": 80000, "likes": 2000, "reposts": 300, "comments": 500}, 8.0,   # engagement_max
     ["500 комментариев", "300 репостов", "80000 просмотров", "2000 отметок «нравится»"]),
]


@pytest.mark.parametrize(("metrics", "points", "reasons"), ENGAGEMENT)
def test_engagement(rules, metrics, points, reasons):
    scoring = rules.scoring
    got = engagement(scoring["engagement"], metrics, scoring["engagement_max"])
    assert (round(got[0], 6), got[1]) == (points, reasons)


@pytest.mark.parametrize("text, level", [
    # an everyday trigger (below high_gate) stays below high with every signal at its maximum
    ("Третий год течёт крыша, дети болеют, УК не реагирует", "medium"),
    ("Фонари не горят уже месяц, дети идут в школу в темноте", "medium"),
    # a serious trigger is not held back
    ("Третий день нет отопления, дети мёрзнут", "high"),
])
def test_high_gate_keeps_everyday_problems_below_high(rules, text, level):
    prep = prepare(text)
    loud = Signals(complaint=1.0, negative=1.0, similar_posts=10,
                   metrics={"comments": 500, "reposts": 300})
    assert score(rules, prep.tokens, prep.lemma_text, loud, LEVELS).level in (
        (level,) if level == "medium" else ("high", "critical"))


@pytest.mark.parametrize("text, counts", [
    ("Без света остались 12 домов на Садовой", True),
    ("В школе холодно, в классе 28 детей сидят в куртках", True),
    # the text loses "+" and commas: a temperature must not read as a count of people
    ("Батареи еле тёплые, в квартире +18, а в детской +16, ребёнок спит в носках", False),
    ("Минус 30, дети ходят в садик по сугробам", False),
])
def test_scale_counts_people_and_houses_not_temperatures(rules, text, counts):
    prep = prepare(text)
    assert ("scale" in text_points(rules, prep.tokens, prep.lemma_text).modifiers) == counts
