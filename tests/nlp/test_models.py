"""The committed models and their card."""

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from nlp.features import CHAR_MARK, feature_tokens, model_terms
from nlp.models import MODELS_DIR, TASKS, load, read_card
from nlp.prep import prepare

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


WORDY = ["Ужаааас, папапа, опять нет света 😡", "", "Спасибо!", "свет свет свет свет",
         "Третий день нет отопления, дети мерзнут, управляющая компания молчит"]


@pytest.mark.parametrize("texts", [WORDY[:1], WORDY[1:2], WORDY, WORDY * 3],
                         ids=["one post", "empty", "a few posts", "a batch"])
def test_words_give_the_same_scores_as_char_terms(texts):
    """Analysis passes the words and lets TermSpace add their cached n-gram ids; training
    spells the n-grams out (model_terms). Both must score alike."""
    bundle = load()
    prepared = [prepare(t) for t in texts]
    spelled = bundle.predict_all([Counter(model_terms(p.lemmas, p.tokens, bundle.lexicons))
                                  for p in prepared])
    fast = bundle.predict_all([Counter(feature_tokens(p.lemmas, bundle.lexicons))
                               for p in prepared], [p.tokens for p in prepared])
    assert fast == spelled
