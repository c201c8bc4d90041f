"""Loaders for ../shared/data (see its DATA.md): each returns a frame with text, label, origin."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from nlp.text import strip_emoticons

SPB_OTHER = ("реклам", "информационн", "реализац", "иностранных граждан", "транспортное средство")
SPB_TRANSPORT = ("проезжей част", "дорожного покрытия", "дорожных знаков", "светофор",
                 "остановочн", "автомобильных дорогах", "искусственных неровност", "парковк",
                 "дорожных и газонных", "бордюрного")
PERM_SECTORS = {
    "Благоустройство": "housing", "ЖКХ": "housing", "Мусор/Свалки/ТКО": "housing",
    "Газ и топливо": "housing", "Строительство и архитектура": "housing",
    "Электроснабжение": "housing", "Здравоохранение/Медицина": "health", "Коронавирус": "health",
    "Дороги": "transport", "Общественный транспорт": "transport", "Образование": "education",
    "Социальное обслуживание и защита": "social", "Мобилизация": "social",
}
SENTIMENT_LABELS = {"positive": "positive", "negative": "negative", "neutral": "neutral",
                    "speech": "positive"}
CEDR_LABELS = {"[]": "neutral", "[0]": "positive", "[1]": "negative", "[3]": "negative",
               "[4]": "negative", "[1 4]": "negative", "[1 3]": "negative", "[3 4]": "negative",
               "[3 1]": "negative", "[4 1]": "negative", "[4 3]": "negative"}


def frame(texts, labels, origin: str) -> pd.DataFrame:
    return pd.DataFrame({"text": list(texts), "label": list(labels), "origin": origin})


def text_key(texts: pd.Series) -> pd.Series:
    """A text as `dedupe` compares it: case, punctuation and spacing aside."""
    return texts.astype(str).str.lower().str.replace(r"\W+", " ", regex=True).str.strip()


def dedupe(df: pd.DataFrame) -> pd.DataFrame:
    """Drop repeated texts (compared case- and space-insensitively) before any split."""
    key = text_key(df["text"])
    return df.loc[~key.duplicated() & (key.str.len() > 2)].reset_index(drop=True)


def kursk(root: Path) -> pd.DataFrame:
    df = pd.read_csv(root / "appeals/kursk_train.csv")
    df = df[df["category_id"] != 12]
    return dedupe(frame(df["text"], df["sector"], "kursk"))


def kursk_topics(root: Path) -> pd.DataFrame:
    df = pd.read_csv(root / "appeals/kursk_train.csv")
    topics = df.groupby("topic")["sector"].agg(lambda s: s.mode().iloc[0]).reset_index()
    return frame(topics["topic"], topics["sector"], "kursk_topics")


def spb_sector(reason: str, category: str) -> str:
    low = reason.lower()
    if any(cue in low for cue in SPB_OTHER) or "реклам" in category.lower():
        return "other"
    if "реализация товаров" in category.lower():
        return "other"
    if any(cue in low for cue in SPB_TRANSPORT) and "мусор" not in low:
        return "transport"
    return "housing"


def spb(root: Path, per_reason: int = 120, seed: int = 0) -> pd.DataFrame:
    df = pd.read_csv(root / "appeals/nash_spb.csv", usecols=["category", "reason", "text"])
    df["text"] = df["text"].astype(str).str.replace("[скрыто]", " ", regex=False)
    df["label"] = [spb_sector(r, c) for r, c in zip(df["reason"], df["category"], strict=False)]
    df = dedupe(frame(df["text"], df["label"], "spb").assign(reason=df["reason"].values))
    shuffled = df.sample(frac=1, random_state=seed)
    kept = shuffled.groupby("reason").cumcount() < per_reason
    return shuffled.loc[kept].drop(columns="reason").reset_index(drop=True)


def perm_topics(root: Path) -> pd.DataFrame:
    taxonomy = json.loads((root / "appeals/perm_topic_taxonomy.json").read_text(encoding="utf-8"))
    names = [re.sub(r"^★\s*", "", name) for name in taxonomy]
    labels = [PERM_SECTORS.get(group, "other") for group in taxonomy.values()]
    return frame(names, labels, "perm_topics")


def examples(path: Path) -> pd.DataFrame:
    """The project's own hand-written examples (nlp/examples/*.csv: text,label)."""
    if not path.exists():
        return frame([], [], "examples")
    df = pd.read_csv(path)
    return frame(df["text"], df["label"], "examples")


def written(directory: Path, origin: str | None = None) -> pd.DataFrame:
    """Texts written for training (nlp/examples/*_written/<kind>.csv, README there).

    Each file's origin is `origin`, or `written_<kind>` so that ORIGIN_WEIGHTS can weigh a kind."""
    parts = [frame(df["text"], df["label"], origin or f"written_{path.stem}")
             for path in sorted(directory.glob("*.csv")) for df in [pd.read_csv(path)]]
    return pd.concat(parts, ignore_index=True) if parts else frame([], [], "written")


def rusentitweet(root: Path, part: str = "train") -> pd.DataFrame:
    df = pd.read_csv(root / f"sentiment/rusentitweet_{part}.csv")
    df = df[df["label"].isin(SENTIMENT_LABELS)]
    return frame(df["text"], df["label"].map(SENTIMENT_LABELS), f"rusentitweet_{part}")


def opensentiment(root: Path) -> pd.DataFrame:
    df = pd.read_csv(root / "sentiment/opensentimentcorpus-final-by-majority.csv")
    df = df[df["Sentiment"].isin(["positive", "negative", "neutral"])]
    return frame(df["Sentence"], df["Sentiment"], "opensentimentcorpus")


def sentiruEval(root: Path) -> pd.DataFrame:
    parts = []
    for name in ("banks_train", "banks_test_etalon", "telecoms_train", "telecoms_test_etalon"):
        df = pd.read_csv(root / f"sentiment/SentiRuEval-2015-{name}.csv")
        df = df[df["label"].isin(["positive", "negative", "neutral"])]
        parts.append(frame(df["text"], df["label"], f"sentiruEval_{name}"))
    return pd.concat(parts, ignore_index=True)


def cedr(root: Path) -> pd.DataFrame:
    parts = []
    for part in ("train", "test"):
        df = pd.read_csv(root / f"sentiment/cedr-main-{part}.csv")
        df = df[df["labels"].isin(CEDR_LABELS)]
        texts = df["text"].astype(str).map(strip_emoticons)
        parts.append(frame(texts, df["labels"].map(CEDR_LABELS), f"cedr_{part}"))
    return pd.concat(parts, ignore_index=True)


def chatter(root: Path, limit: int = 4000, seed: int = 0) -> pd.DataFrame:
    """Forum comments (2ch/pikabu), used only as complaint negatives."""
    df = pd.read_csv(root / "toxicity/2ch_pikabu_labeled.csv").sample(frac=1, random_state=seed)
    return frame(df["comment"].head(limit), ["no"] * min(limit, len(df)), "2ch_pikabu")


def sentiment_lexicon(root: Path) -> dict[str, str]:
    """Lemma → lex_pos/lex_neg from RuSentiLex (single words only) and LINIS crowd ratings."""
    words: dict[str, str] = {}
    for line in (root / "lexicons/rusentilex_2017.txt").read_text(encoding="utf-8").splitlines():
        cols = [c.strip() for c in line.split(",")]
        if line.startswith("!") or len(cols) < 4 or " " in cols[2]:
            continue
        if cols[3] in ("positive", "negative"):
            words[cols[2].replace("ё", "е")] = "lex_pos" if cols[3] == "positive" else "lex_neg"
    linis = pd.read_csv(root / "lexicons/linis_crowd_words.csv", sep=";", decimal=",")
    for word, mean in zip(linis.iloc[:, 0], linis.iloc[:, 1], strict=False):
        if isinstance(word, str) and abs(mean) >= 1 and word not in words:
            words[word.replace("ё", "е")] = "lex_pos" if mean > 0 else "lex_neg"
    return words


GREETING = re.compile(r"^\s*(?:уважаем\w*\s+\w+[!.,]?|здравствуйте[!.,]?)\s*", re.I)


def spb_answers(root: Path) -> pd.DataFrame:
    """Official answers to SPb appeals (work done, planned, explained): complaint negatives
    that share the appeals' vocabulary. The salutation is cut so style cannot give them away.
    All of them, de-duplicated; `sample` picks the rows to use."""
    df = pd.read_csv(root / "appeals/nash_spb_answers.csv.gz").dropna(subset=["answer_text"])
    texts = df["answer_text"].astype(str).str.replace(GREETING, "", regex=True)
    texts = texts.str.replace("[скрыто]", " ", regex=False)
    return dedupe(frame(texts, ["no"] * len(texts), "spb_answers"))


def sample(df: pd.DataFrame, limit: int, seed: int) -> pd.DataFrame:
    return df.sample(min(limit, len(df)), random_state=seed).reset_index(drop=True)


SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def spb_answer_parts(answers: pd.DataFrame, limit: int = 10000, seed: int = 1,
                     exclude: frozenset[str] = frozenset()) -> pd.DataFrame:
    """One or two sentences from official answers: short topical statements ("работы по
    замене труб выполнены", "подача воды восстановлена") shaped like a regional channel's
    news, which the whole answers (long letters) do not teach the complaint model. Answers
    in ``exclude`` (used whole elsewhere) are skipped, so no part repeats a training row."""
    rng = np.random.default_rng(seed)
    parts = [_answer_part(text, rng) for text in sample(answers, len(answers), seed)["text"]
             if text not in exclude]
    kept = [part for part in parts if part]
    return sample(dedupe(frame(kept, ["no"] * len(kept), "spb_answer_parts")), limit, seed)


def _answer_part(text: str, rng) -> str | None:
    sentences = [s for s in SENTENCE_END.split(text) if len(s) > 20]
    if not sentences:
        return None
    start = int(rng.integers(len(sentences)))
    return " ".join(sentences[start:start + 1 + int(rng.integers(2))])[:300]


def lenta_neutral(root: Path) -> pd.DataFrame:
    """CEDR's lenta.ru sentences that carry no emotion: plain news, urgency negatives."""
    df = cedr_lenta(root)
    df = df[df["labels"] == "[]"]
    return frame(df["text"], ["no"] * len(df), "cedr_lenta_neutral")


def cedr_lenta(root: Path) -> pd.DataFrame:
    """The lenta.ru rows of both CEDR files, with their emotion labels."""
    parts = [pd.read_csv(root / f"sentiment/cedr-main-{p}.csv") for p in ("train", "test")]
    df = pd.concat(parts, ignore_index=True)
    return df[df["source"] == "lenta"]


def set_names(cell: str) -> list[str]:
    """"A–L, R, AB" → ["A", …, "L", "R", "AB"], in the cell's order."""
    names: list[str] = []
    for part in cell.split(","):
        ends = part.strip().split("–")
        names += ([chr(c) for c in range(ord(ends[0]), ord(ends[1]) + 1)]
                  if len(ends) == 2 else [ends[0]])
    return names


def blind_roles(readme: Path) -> dict[str, list[str]]:
    """Set names by role ("development", "held-out check") from the risk_blind README's table,
    and under "trained" the sets whose urgency-model column says yes, in the table's order."""
    roles: dict[str, list[str]] = {"trained": []}
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 4 and cells[3] in ("development", "held-out check"):
            roles.setdefault(cells[3], []).extend(set_names(cells[0]))
            if cells[2].startswith("yes"):
                roles["trained"] += set_names(cells[0])
    return roles


def risk_blind(directory: Path, sets: Iterable[str]) -> pd.DataFrame:
    """The blind risk check sets (nlp/examples/risk_blind/<X>.csv): high/critical → yes."""
    parts = [pd.read_csv(directory / f"{name}.csv") for name in sets]
    df = pd.concat(parts, ignore_index=True)
    return frame(df["text"], df["label"].isin(["high", "critical"]).map({True: "yes", False: "no"}),
                 "risk_blind")


def news(root: Path) -> pd.DataFrame:
    """News sentences (CEDR's lenta.ru part), used only as complaint negatives."""
    df = cedr_lenta(root)
    return frame(df["text"], ["no"] * len(df), "cedr_lenta")
