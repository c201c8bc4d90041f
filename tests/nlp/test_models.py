"""The committed models and their card."""

from nlp.models import MODELS_DIR, TASKS, load, read_card


def test_models_are_small_enough_for_git():
    files = [MODELS_DIR / f"{task}.npz" for task in TASKS] + [MODELS_DIR / "lexicons.json"]
    total = sum(p.stat().st_size for p in files)
    assert 0 < total < 30 * 1024 * 1024


def test_card_names_data_metrics_and_version():
    card = read_card()
    assert card["version"] == load().version
    assert card["data_files"] and all(len(f["sha256"]) == 64 and f["rows"] > 0
                                       for f in card["data_files"])
    for task in TASKS:
        cv = card["tasks"][task]["cv"]["overall"]
        assert 0 < cv["macro_f1"] <= 1 and 0 < cv["accuracy"] <= 1
        assert card["tasks"][task]["rows"] > 0
    assert (MODELS_DIR / "MODEL_CARD.md").read_text(encoding="utf-8").startswith("# Radar NLP")


def test_sector_model_speaks_config_sector_keys(shipped_config):
    classes = set(load().scorers["sector"].classes)
    assert classes == {s.key for s in shipped_config.sectors}
