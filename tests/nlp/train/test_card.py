"""The model card's markdown shows every CV figure, and the spread over shuffles when known."""

from nlp.train.card import markdown

METRICS = {"rows": 10, "macro_f1": 0.8, "accuracy": 0.85, "ece": 0.03,
           "f1_per_class": {"a": 0.8, "b": 0.8}}


def card(overall: dict) -> dict:
    return {"version": "ru-000000000000", "trained_at": "2026-11-27T00:00:00+00:00",
            "features": "f", "data_files": [], "licences": "l",
            "tasks": {"sector": {"rows": 10, "labels": {"a": 5, "b": 5},
                                 "cv": {"overall": overall}}}}


def test_repeats_line_is_shown():
    overall = {**METRICS, "repeats": {"seeds": [13, 14], "macro_f1_mean": 0.801,
                                      "macro_f1_std": 0.004, "accuracy_mean": 0.852,
                                      "accuracy_std": 0.002}}
    text = markdown(card(overall))
    assert "- overall: macro-F1 0.8, accuracy 0.85" in text
    assert ("over 2 shuffles (seeds [13, 14]): macro-F1 0.801 ± 0.004, "
            "accuracy 0.852 ± 0.002") in text


def test_no_repeats_no_line():
    assert "shuffles" not in markdown(card(METRICS))
