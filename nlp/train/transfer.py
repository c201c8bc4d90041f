"""Sentiment across domains: train without one corpus, score on it (leave one corpus out).

The sealed sentiment figure is on real VK posts, a corpus the models never see. Ordinary CV
mixes every corpus into every fold, so it cannot show what a new domain costs; this does,
for the sentiment model and for the issue's baseline (TF-IDF + default logistic regression),
whose 0.54–0.58 on VK posts is stated in the issue.

    python -m nlp.train.transfer [--data ../shared/data] [--hold rusentitweet,cedr]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from nlp.features import builtin_lexicons
from nlp.train import build
from nlp.train import data as d
from nlp.train.fit import fit, make_baseline, make_model, metrics

CORPORA = ("rusentitweet", "cedr", "sentiruEval", "opensentimentcorpus")


def corpus(origins: pd.Series) -> pd.Series:
    """`rusentitweet_test` → `rusentitweet`, `sentiruEval_banks_train` → `sentiruEval`."""
    return origins.str.replace(r"_(train|test|banks|telecoms).*$", "", regex=True)


def held_out(df: pd.DataFrame, docs, texts, name: str) -> dict[str, dict]:
    """Model and baseline trained on every other corpus, scored on `name`."""
    test = (corpus(df["origin"]) == name).to_numpy()
    labels, weights = df["label"].to_numpy(), build.row_weights("sentiment", df)
    result = {}
    for kind, model, rows, w in (("model", make_model(**build.PARAMS["sentiment"]), docs, weights),
                                 ("baseline", make_baseline(), texts, None)):
        train_rows = [rows[i] for i in np.flatnonzero(~test)]
        fit(model, train_rows, labels[~test], None if w is None else w[~test])
        proba = model.predict_proba([rows[i] for i in np.flatnonzero(test)])
        result[kind] = metrics(labels[test], proba, list(model.classes_))
    return result


def run(root: Path, names) -> dict[str, dict]:
    lex = builtin_lexicons(d.sentiment_lexicon(root))
    df = build.sentiment_frame(root).reset_index(drop=True)
    docs = build.featurize(df["text"], lex, chars="sentiment" in build.CHAR_TASKS)
    texts = df["text"].astype(str).tolist()
    with threadpool_limits(1):
        return {name: held_out(df, docs, texts, name) for name in names}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--hold", default=",".join(CORPORA),
                        help="corpora to hold out, comma-separated")
    args = parser.parse_args(argv)
    print("held-out corpus       model macro-F1 / acc   baseline macro-F1 / acc")
    for name, r in run(args.data, args.hold.split(",")).items():
        m, b = r["model"], r["baseline"]
        print(f"{name:20s}  {m['macro_f1']:.3f} / {m['accuracy']:.3f}          "
              f"{b['macro_f1']:.3f} / {b['accuracy']:.3f}")


if __name__ == "__main__":
    main()
