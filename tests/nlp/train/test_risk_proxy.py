"""The proxy risk set: labels from the portal's reasons, halves by id parity, chatter as none.

A tiny data folder in the layout of ../shared/data is written here (own texts), so the test
needs no shared data."""

import pandas as pd
import pytest

import nlp.train.risk_proxy as rp
from nlp.train.risk_proxy import build, more_dev_appeals, proxy_label


@pytest.mark.parametrize("reason, label", [
    ("Отсутствие горячей воды", "high"),
    ("Открыт колодец, люк", "high"),
    ("Угроза падения дерева на проезжую часть, тротуар", "high"),
    ("Несанкционированные надписи / объявления на стенах дома", "low"),
    ("Неисправный домофон", "low"),
    ("Слабый напор холодной воды", None),
    ("Неисправный лифт", None),
])
def test_proxy_label(reason, label):
    assert proxy_label(reason) == label


@pytest.fixture
def data_dir(tmp_path):
    for folder in ("appeals", "sentiment", "toxicity"):
        (tmp_path / folder).mkdir()
    pd.DataFrame({
        "id": [10, 11, 12, 13, 14],
        "reason": ["Отсутствие горячей воды", "Открыт колодец, люк", "Неисправный домофон",
                   "Неочищенные урны", "Неисправный лифт"],
        "text": ["Нет горячей воды [скрыто] с утра", "Открытый люк во дворе",
                 "Домофон не работает", "Урны переполнены", "Лифт стоит"],
    }).to_csv(tmp_path / "appeals/nash_spb.csv", index=False)
    pd.DataFrame({"text": ["Какой чудесный день", "Смотрю сериал"],
                  "label": ["positive", "neutral"]}).to_csv(
        tmp_path / "sentiment/rusentitweet_test.csv", index=False)
    pd.DataFrame({"comment": ["Это всё ерунда", "Согласен с автором"],
                  "toxic": [0, 0]}).to_csv(tmp_path / "toxicity/2ch_pikabu_labeled.csv",
                                           index=False)
    return tmp_path


def test_build_writes_two_halves_with_reason_labels(data_dir, tmp_path):
    paths = build(data_dir, tmp_path / "out")
    halves = {half: pd.read_csv(path) for half, path in paths.items()}
    rows = pd.concat(halves.values())
    assert set(halves) == {"dev", "test"}
    assert "Лифт стоит" not in set(rows["text"])          # a reason in between: left out
    labels = dict(zip(rows["text"], rows["label"], strict=True))
    assert labels["Открытый люк во дворе"] == "high"
    assert labels["Урны переполнены"] == "low"
    assert labels["Смотрю сериал"] == "none"
    assert not rows["text"].str.contains("скрыто", regex=False).any()
    dev_appeals = set(halves["dev"].query("origin == 'spb'")["text"])
    assert dev_appeals == {"Нет горячей воды   с утра", "Домофон не работает"}   # even ids


def test_more_dev_appeals_are_even_beyond_the_proxy_and_never_a_test_text(tmp_path, monkeypatch):
    (tmp_path / "appeals").mkdir()
    hot, cold, door = ("Отсутствие горячей воды", "Отсутствие холодной воды",
                       "Неисправный домофон")
    pd.DataFrame({
        "id": [2, 3, 4, 6, 8, 10, 11, 12, 14, 16, 18],
        "reason": [hot, hot, cold, cold, cold] + [door] * 6,
        # id 3 is in the test half; 4, 6 and 8 repeat it but for case and punctuation
        "text": ["Нет воды на Ленина", "Нет горячей воды, Садовая 5", "НЕТ горячей воды Садовая 5",
                 "нет горячей воды — Садовая 5!", "Нет горячей воды; садовая 5",
                 "Домофон сломан", "Домофон не открывает", "Домофон пищит", "Домофон молчит",
                 "Домофон без кнопок", "Домофон разбит"],
    }).to_csv(tmp_path / "appeals/nash_spb.csv", index=False)
    monkeypatch.setattr(rp, "PER_REASON", 1)       # the proxy keeps 2 of each reason
    proxy = set(rp.appeals(tmp_path)["text"])
    more = more_dev_appeals(tmp_path, per_reason=2)
    assert cold not in set(more["reason"])          # each of its appeals repeats a test text
    assert not set(more["text"]) & proxy
    assert (more["id"] % 2 == 0).all()
    assert (more["reason"] == door).sum() == 2       # 2 of 6 in the proxy, 2 of the even rest
