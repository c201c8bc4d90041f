"""The committed models and their card."""

import subprocess
import sys
from pathlib import Path

from nlp.features import CHAR_MARK
from nlp.models import MODELS_DIR, TASKS, load, read_card

ROOT = Path(__file__).resolve().parents[2]


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


def test_scoring_needs_no_scikit_learn():
    """Analysis loads the plain-array models: scikit-learn (~2 s to import) stays unloaded."""
    code = ("import sys; from nlp.models import load; from nlp.prep import prepare; "
            "from nlp.features import feature_tokens; b = load(); "
            "b.predict('sector', [feature_tokens(prepare('нет воды').lemmas, b.lexicons)]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'joblib')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "[]"


def test_only_the_char_tasks_were_trained_on_char_grams():
    """Analysis gives every post char n-grams; the other models must not know them, so
    their scores are those of training (their vocabularies hold no char gram)."""
    from nlp.train.build import CHAR_TASKS

    for task, scorer in load().scorers.items():
        knows = any(term.startswith(CHAR_MARK) for term in scorer.vocabulary)
        assert knows == (task in CHAR_TASKS), task
