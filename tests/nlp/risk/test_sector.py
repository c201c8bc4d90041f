"""The sector choice: the model's top class unless it is unsure and a trigger names a sector."""

import pytest

from nlp.risk.rules import load_rules
from nlp.risk.sector import choose_sector, trigger_sector, trigger_sectors

RULE = {"max_top": 0.5, "min_score": 0.3}
UNSURE = {"education": 0.41, "housing": 0.40, "transport": 0.19}
SURE = {"education": 0.70, "housing": 0.25, "transport": 0.05}


@pytest.mark.parametrize("scores, from_trigger, rule, expected", [
    (UNSURE, "housing", RULE, "housing"),        # unsure model, trigger's sector is close
    (UNSURE, "transport", RULE, "education"),    # trigger's sector scores too low
    (SURE, "housing", RULE, "education"),        # the model is sure
    (UNSURE, None, RULE, "education"),           # no trigger names a sector
    (UNSURE, "housing", None, "education"),      # the rule is switched off
    (UNSURE, "social", RULE, "education"),       # a sector the model does not score
])
def test_choose_sector(scores, from_trigger, rule, expected):
    assert choose_sector(scores, from_trigger, rule) == expected


@pytest.mark.parametrize("keys, expected", [
    (["burst_pipe", "no_water"], "housing"),
    (["threat_to_life", "road_accident"], "transport"),   # "any" is skipped
    (["fire"], None),
    ([], None),
])
def test_trigger_sector(keys, expected):
    assert trigger_sector(trigger_sectors(load_rules()), keys) == expected
