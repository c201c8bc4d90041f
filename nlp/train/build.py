"""`radar train`: build the sector, sentiment, complaint and urgency models and their model card."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from nlp.features import builtin_lexicons, model_terms
from nlp.linear import LinearScorer
from nlp.models import LEXICONS
from nlp.prep import prepare
from nlp.train import data as d
from nlp.train import risk_proxy
from nlp.train.card import write_card
from nlp.train.fit import SEED, fit, make_baseline, make_model, metrics, oof_predict

log = logging.getLogger(__name__)
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MODELS = Path(__file__).resolve().parents[1] / "models"
# Training-row weights by corpus: tweets are the closest of the sentiment sets to VK posts
# (the target domain); ×2 moved RuSentiTweet CV +0.005..+0.010 macro-F1, ×3 and ×4 less.
# The complaint model's own examples (regional news and residents' posts, nlp/examples) weigh
# 10: without it 12 of 25 held-out regional news items (nlp/examples/complaint_check.csv) read
# as complaints, their topic words outweighing ~100 hand-written rows among 25,000.
# The sector model's written appeals on topics the Kursk appeals hardly hold (breadth_*) weigh
# 0.2: at 1 they cost the Kursk CV 0.008 macro-F1 (0.003 at 0.2; schools named in passing).
# VK-style posts written for training (nlp/examples/sentiment_written) weigh 2 like the tweets:
# tweets held out of training +0.014 macro-F1, CEDR +0.013 (weights 1 and 3 did no better).
VK = "written_vk"
ORIGIN_WEIGHTS = {"sentiment": {"rusentitweet_train": 2.0, "rusentitweet_test": 2.0, VK: 2.0},
                  "complaint": {"examples": 10.0},
                  "sector": {"written_breadth_a": 0.2, "written_breadth_b": 0.2},
                  # the real appeals keep their say as the written weeks grow past them
                  "urgency": {"risk_proxy_dev": 2.0}}
REPEATED = {"sector"}
# Tasks whose features add character n-grams of the words (nlp.features.char_tokens).
CHAR_TASKS = {"sentiment", "urgency"}
MORE_SEEDS = (14, 15, 16, 17)  # besides fit.SEED
STATS = {"mean": np.mean, "std": np.std}
# Sector: naive-Bayes-scaled one-vs-rest regressions (nlp/train/nblogit.py). Over five Kursk
# shuffles 0.822 / 0.863 against the multinomial model's 0.810 / 0.855 (C 20); smoothing
# alpha 0.35, 0.5, 0.75, 1 gave 0.825, 0.822, 0.816, 0.812 macro-F1. Their margins are too
# wide for probabilities: temperature 1.4 (fitted on the out-of-fold log-loss of three
# shuffles: 1.39, 1.41, 1.42) brings the ECE from 0.06 back to 0.035.
# Urgency: the same form (alpha 0.5, C 5): CV 0.937 → 0.942, log-loss 0.110 → 0.090; its
# temperature 1.3 is fitted the same way (1.28, 1.31, 1.30); held-out blind sets in
# docs/nlp.md ("Naive-Bayes-scaled sector and urgency models").
PARAMS = {"sector": {"max_features": 60000, "C": 10.0, "nb_alpha": 0.5, "temperature": 1.4},
          "sentiment": {"max_features": 150000, "C": 2.0},
          "complaint": {"max_features": 60000, "C": 5.0},
          "urgency": {"max_features": 60000, "C": 5.0, "nb_alpha": 0.5, "temperature": 1.3}}
# The blind risk check sets the urgency model learns from are the development sets that
# nlp/examples/risk_blind/README.md marks as trained on (its table is the one record of the
# roles); the held-out sets are never trained on.
BLIND_README = EXAMPLES / "risk_blind" / "README.md"
# The urgency model also learns dev-side St Petersburg appeals beyond the proxy's (at most this
# many per portal reason; never a text of the proxy's test half): more real residents' wording.
MORE_APPEALS_PER_REASON = 120


def sector_frame(root: Path) -> pd.DataFrame:
    return pd.concat([d.kursk(root), d.kursk_topics(root), d.perm_topics(root),
                      d.examples(EXAMPLES / "sector.csv"),
                      d.written(EXAMPLES / "sector_written")], ignore_index=True)


def sentiment_frame(root: Path) -> pd.DataFrame:
    parts = [d.rusentitweet(root, "train"), d.rusentitweet(root, "test"), d.opensentiment(root),
             d.sentiruEval(root).sample(6000, random_state=0), d.cedr(root),
             d.examples(EXAMPLES / "sentiment.csv"),
             d.written(EXAMPLES / "sentiment_written", VK)]
    return d.dedupe(pd.concat(parts, ignore_index=True))


def complaint_frame(root: Path, sentiment: pd.DataFrame) -> pd.DataFrame:
    appeals = pd.concat([d.kursk(root), d.spb(root, per_reason=40)], ignore_index=True)
    positives = appeals.assign(label="yes")
    all_answers = d.spb_answers(root)
    answers = d.sample(all_answers, 5000, seed=0)
    parts = d.spb_answer_parts(all_answers, 10000, exclude=frozenset(answers["text"]))
    negatives = pd.concat([sentiment[~sentiment["origin"].isin({"examples", VK})]
                           .sample(9000, random_state=0), d.news(root), d.chatter(root, 3000),
                           answers, parts])
    own = d.examples(EXAMPLES / "complaint.csv")
    return d.dedupe(pd.concat([positives, negatives.assign(label="no"), own], ignore_index=True))


def urgency_frame(root: Path) -> pd.DataFrame:
    """Does a post need a reaction within hours (risk high or critical)?

    Positives: the blind sets' high/critical posts and the risk proxy's dev half of St
    Petersburg appeals whose portal reason is urgent. Negatives: the rest of both, plain news
    (lenta.ru sentences without emotion), tweets and the project's own non-complaints. The
    proxy's test half stays unread, so `radar eval --task risk` on it is a held-out figure.
    """
    proxy = pd.concat([risk_proxy.appeals(root), risk_proxy.chatter(root)], ignore_index=True)
    proxy = proxy[proxy["half"] == "dev"]
    more = risk_proxy.more_dev_appeals(root, MORE_APPEALS_PER_REASON)
    own = d.examples(EXAMPLES / "complaint.csv")
    parts = [d.risk_blind(EXAMPLES / "risk_blind", d.blind_roles(BLIND_README)["trained"]),
             urgent_rows(proxy, "risk_proxy_dev"), urgent_rows(more, "spb_dev_more"),
             d.lenta_neutral(root), d.rusentitweet(root, "train").sample(3000, random_state=0)
             .assign(label="no"), own[own["label"] == "no"]]
    return d.dedupe(pd.concat(parts, ignore_index=True))


def urgent_rows(proxy: pd.DataFrame, origin: str) -> pd.DataFrame:
    """Proxy rows as urgency rows: the proxy's `high` is `yes`, anything else `no`."""
    labels = (proxy["label"] == "high").map({True: "yes", False: "no"})
    return d.frame(proxy["text"], labels, origin)


def featurize(texts, lex, chars: bool = False) -> list[list[str]]:
    return [model_terms(p.lemmas, p.tokens, lex, chars) for p in map(prepare, map(str, texts))]


def row_weights(task: str, df: pd.DataFrame):
    """Per-row training weights, or None when the task weighs all rows alike."""
    table = ORIGIN_WEIGHTS.get(task)
    return None if not table else df["origin"].map(table).fillna(1.0).to_numpy()


def cross_validate(task: str, docs, df: pd.DataFrame, eval_origins: set[str] | None) -> dict:
    """5-fold out-of-fold metrics; for sector only the real Kursk appeals are scored."""
    evaluated = df["origin"].isin(eval_origins).values if eval_origins else np.ones(len(df), bool)
    proba, y, classes = model_oof(task, docs, df, evaluated)
    result = {"overall": metrics(y, proba, classes)}
    origins = df["origin"].values[evaluated]
    for origin in sorted(set(origins)):
        mask = origins == origin
        if mask.sum() >= 200 and len(set(y[mask])) > 1:
            result[origin] = metrics(y[mask], proba[mask], classes)
    if task in ("sector", "sentiment"):
        result["baseline"] = baseline(df, evaluated)
    if task in REPEATED:
        result["overall"]["repeats"] = repeats(task, docs, df, evaluated, result["overall"])
    return result


def repeats(task: str, docs, df: pd.DataFrame, evaluated, first: dict) -> dict:
    """The same CV under other shuffles: on ~2,000 rows with classes of 27 and 58 appeals,
    one shuffle's figure moves by several thousandths, so the card shows the spread."""
    runs = [first] + [metrics(y, proba, classes) for proba, y, classes in
                      (model_oof(task, docs, df, evaluated, seed) for seed in MORE_SEEDS)]
    return {"seeds": [SEED, *MORE_SEEDS],
            **{f"{key}_{stat}": round(float(fn([r[key] for r in runs])), 4)
               for key in ("macro_f1", "accuracy") for stat, fn in STATS.items()}}


def model_oof(task: str, docs, df: pd.DataFrame, evaluated, seed: int = SEED):
    return oof_predict(lambda: make_model(**PARAMS[task]), docs, df["label"].values, evaluated,
                       ~evaluated, seed=seed, weights=row_weights(task, df))


def baseline(df: pd.DataFrame, evaluated) -> dict:
    """TF-IDF + LR on raw text, trained on the evaluated rows only, same folds."""
    texts = df["text"].astype(str).tolist()
    proba, y, classes = oof_predict(make_baseline, texts, df["label"].values, evaluated,
                                    np.zeros(len(df), bool))
    return metrics(y, proba, classes)


def train_all(root: Path, out: Path = MODELS, cv: bool = True) -> dict:
    # one BLAS thread: the summation order, hence the bytes, must not depend on the core count
    with threadpool_limits(1):
        return train_tasks(root, out, cv)


def train_tasks(root: Path, out: Path, cv: bool) -> dict:
    lex = builtin_lexicons(d.sentiment_lexicon(root))
    sentiment = sentiment_frame(root)
    frames = {"sector": sector_frame(root), "sentiment": sentiment,
              "complaint": complaint_frame(root, sentiment), "urgency": urgency_frame(root)}
    evaluated = {"sector": {"kursk"}, "sentiment": set(sentiment["origin"]) - {VK},
                 "complaint": None,
                 "urgency": {"risk_blind", "risk_proxy_dev"}}
    report = {}
    for task, df in frames.items():
        log.info("%s: %d rows, featurizing", task, len(df))
        docs = featurize(df["text"], lex, chars=task in CHAR_TASKS)
        report[task] = {"rows": int(len(df)), "labels": df["label"].value_counts().to_dict(),
                        "origins": df["origin"].value_counts().to_dict()}
        if cv:
            report[task]["cv"] = cross_validate(task, docs, df, evaluated[task])
        model = fit(make_model(**PARAMS[task]), docs, df["label"].values, row_weights(task, df))
        LinearScorer.from_pipeline(model).save(out / f"{task}.npz")
    lex.save(out / LEXICONS)
    write_card(out, root, report, PARAMS, ORIGIN_WEIGHTS, frozenset(CHAR_TASKS))
    return report


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
