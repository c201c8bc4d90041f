"""The model card: data files with row counts and hashes, parameters, CV metrics, version."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from pathlib import Path

import pandas as pd

from nlp.models import LEXICONS

DATA_FILES = {
    "appeals/kursk_train.csv": "sector (all rows, 16 categories mapped to sectors), complaint +",
    "appeals/nash_spb.csv": "complaint + (dedupe, ≤40 per reason); not sector: lowered CV; "
                            "urgency (risk proxy dev half: urgent reasons +, everyday −; "
                            "rows weigh 2; more dev-side appeals beyond it, ≤120 per reason)",
    "appeals/nash_spb_answers.csv.gz": "complaint − (5000 official answers, salutation cut; "
                                       "10000 one- or two-sentence parts of other answers)",
    "appeals/perm_topic_taxonomy.json": "sector (topic names)",
    "sentiment/rusentitweet_train.csv": "sentiment (speech→positive, skip dropped; rows weigh 2), "
                                        "complaint −, urgency − (3000 sampled)",
    "sentiment/rusentitweet_test.csv": "sentiment (rows weigh 2), complaint −, "
                                       "urgency − (the risk proxy's chatter, dev half)",
    "sentiment/opensentimentcorpus-final-by-majority.csv": "sentiment (mixed dropped)",
    "sentiment/SentiRuEval-2015-banks_train.csv": "sentiment (6000-row sample of 4 files)",
    "sentiment/SentiRuEval-2015-banks_test_etalon.csv": "sentiment",
    "sentiment/SentiRuEval-2015-telecoms_train.csv": "sentiment",
    "sentiment/SentiRuEval-2015-telecoms_test_etalon.csv": "sentiment",
    "sentiment/cedr-main-train.csv": "sentiment (joy→pos; sadness/fear/anger→neg; none→neutral); "
                                     "its lenta.ru news also complaint −, those without "
                                     "emotion urgency −",
    "sentiment/cedr-main-test.csv": "sentiment",
    "toxicity/2ch_pikabu_labeled.csv": "complaint − (3000 comments as chatter), urgency − "
                                       "(the risk proxy's chatter, dev half)",
    "lexicons/rusentilex_2017.txt": "sentiment features (lex_pos/lex_neg markers)",
    "lexicons/linis_crowd_words.csv": "sentiment features (|mean| ≥ 1)",
}
LIBRARIES = ("scikit-learn", "numpy", "scipy", "pymorphy3")
LICENCES = ("Kursk appeals: no licence (public hackathon data); nash_spb: no licence; Perm "
            "taxonomy: no licence; opensentimentcorpus: CC BY-SA 3.0; CEDR: Apache-2.0; "
            "RuSentiTweet: CC BY (article); SentiRuEval-2015: research use; 2ch/pikabu: unknown; "
            "RuSentiLex: research use; LINIS: not stated. Used for the project's non-commercial "
            "public-sector purpose (data/DATA.md). sensitive_topics is not used.")


def count_rows(path: Path) -> int:
    """Data rows (CSV records, JSON entries, lexicon lines without comments)."""
    if path.suffix == ".json":
        return len(json.loads(path.read_text(encoding="utf-8")))
    if path.suffix == ".txt":
        return sum(1 for line in path.read_text(encoding="utf-8").splitlines()
                   if line.strip() and not line.startswith("!"))
    sep = ";" if "linis" in path.name else ","
    return len(pd.read_csv(path, sep=sep, usecols=[0], on_bad_lines="skip"))


def file_info(root: Path, rel: str) -> dict:
    path = root / rel
    raw = path.read_bytes()
    return {"path": rel, "use": DATA_FILES[rel], "rows": count_rows(path),
            "lines": raw.count(b"\n"), "sha256": hashlib.sha256(raw).hexdigest()}


def model_version(out: Path) -> str:
    digest = hashlib.sha256()
    for name in ("sector.npz", "sentiment.npz", "complaint.npz", LEXICONS):
        digest.update((out / name).read_bytes())
    return f"ru-{digest.hexdigest()[:12]}"  # same files → same models → same version


def write_card(out: Path, root: Path, report: dict, params: dict,
               weights: dict | None = None, char_tasks: frozenset[str] = frozenset()) -> dict:
    card = {
        "version": model_version(out),
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "data_files": [file_info(root, rel) for rel in DATA_FILES],
        "licences": LICENCES,
        "features": "lemmas (pymorphy3) unigrams+bigrams, negation, emoji and lexicon markers, "
                    f"sector cue markers, for {' and '.join(sorted(char_tasks))} also character "
                    "4-grams of the words; "
                    "TF-IDF (sublinear; the max_features cut breaks ties by term) → "
                    "LogisticRegression (balanced); for sector and urgency one-vs-rest logistic "
                    "regressions on naive-Bayes-scaled TF-IDF, read through a softmax at a "
                    "temperature (nlp/train/nblogit.py)",
        "params": params,
        "row_weights": weights or {},
        "libraries": libraries(),
        "tasks": report,
    }
    (out / "model_card.json").write_text(json.dumps(card, ensure_ascii=False, indent=1),
                                         encoding="utf-8")
    (out / "MODEL_CARD.md").write_text(markdown(card), encoding="utf-8")
    return card


def libraries() -> dict[str, str]:
    """lbfgs coefficients move slightly between numeric library versions and between the
    CPU kernels OpenBLAS picks (the same code and files gave sector coefficients up to 0.24
    apart on a Haswell kernel and on the machine before): same files, versions and kernel
    give byte-identical models."""
    return {**{name: package_version(name) for name in LIBRARIES}, "openblas": openblas()}


def openblas() -> str:
    from threadpoolctl import threadpool_info

    found = [f"{i.get('version')} {i.get('architecture')}" for i in threadpool_info()
             if i.get("internal_api") == "openblas"]
    return ", ".join(sorted(set(found))) or "none"


def markdown(card: dict) -> str:
    lines = [f"# Radar NLP models — {card['version']}", "",
             f"Trained {card['trained_at']} by `radar train`. {card['features']}.", "",
             "## Data", "", "| file | rows | sha256 | use |", "|---|---|---|---|"]
    lines += [f"| {f['path']} | {f['rows']} | `{f['sha256'][:16]}…` | {f['use']} |"
              for f in card["data_files"]]
    libs = ", ".join(f"{k} {v}" for k, v in card.get("libraries", {}).items())
    lines += ["", "Besides these files: the project's own examples (nlp/examples/*.csv; for "
              "sector the appeals and for sentiment the VK-style posts written for training by "
              "language-model helpers, nlp/examples/sector_written and sentiment_written; for "
              "urgency the blind risk check sets of nlp/examples/risk_blind but the held-out "
              "ones; see their READMEs). Training rows weigh 1 except, by "
              f"task and origin: {card.get('row_weights') or 'none'}.", "",
              f"Trained with {libs} (one BLAS thread): the same files, versions and OpenBLAS "
              "kernel give byte-identical models.",
              "", f"Licences: {card['licences']}", "", "## Cross-validated metrics (5-fold)", "",
              "`baseline` = TF-IDF of the raw text + default logistic regression, trained "
              "and scored on the same folds (the reference the targets are stated against).",
              ""]
    for task, rep in card["tasks"].items():
        lines.append(f"### {task} ({rep['rows']} rows: {rep['labels']})")
        for name, m in rep.get("cv", {}).items():
            lines.append(f"- {name}: macro-F1 {m['macro_f1']}, accuracy {m['accuracy']}, "
                         f"ECE {m['ece']}, per class {m['f1_per_class']} (n={m['rows']})")
            if "repeats" in m:
                lines.append(repeats_line(m["repeats"]))
        lines.append("")
    return "\n".join(lines)


def repeats_line(r: dict) -> str:
    return (f"  - over {len(r['seeds'])} shuffles (seeds {r['seeds']}): macro-F1 "
            f"{r['macro_f1_mean']} ± {r['macro_f1_std']}, accuracy "
            f"{r['accuracy_mean']} ± {r['accuracy_std']}")
