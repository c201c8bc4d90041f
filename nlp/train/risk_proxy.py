"""A proxy risk set from real texts, for `radar eval --task risk` (no labelled risk data exists).

Labels come from the St Petersburg portal's own `reason` of each appeal, never from our rules:
reasons that the issue's trigger list names (no heat or water, a leaking pipe, threats to life:
open manholes, hanging wires, trees about to fall, ice on roofs) are "high"; everyday reasons
(graffiti, litter bins, door closers, proposals…) are "low"; reasons in between are left out.
Real chatter (RuSentiTweet, 2ch/pikabu) is "none". Rows are split by id parity into a dev half,
the one to look at while writing rules, and a test half, the one to report.

    python -m nlp.train.risk_proxy [--data ../shared/data] [--out var/risk_proxy]
    radar eval --task risk --data var/risk_proxy/test.csv
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from nlp.train import data as d

URGENT_REASONS = (
    "Отсутствие горячей воды", "Отсутствие холодной воды",
    "Низкая температура в отапливаемом помещении", "Протечка труб в подвале",
    "Открыт колодец, люк", "Провисающие, оборванные провода", "Угроза падения дерева",
    "Утратившие жизнеспособность деревья и кустарники, угроза падения", "Наличие наледи на крыше",
)
EVERYDAY_REASONS = (
    "Несанкционированные надписи", "Незаконное размещение информационной",
    "Механическое повреждение",
    "Неочищенные урны", "Мусор на", "Скопление мусора", "Отсутствие адресной вывески",
    "Сломаны почтовые шкафы", "Неисправный доводчик", "Неисправный домофон", "Конструкци",
    "Предложени", "Отсутствие зон отдыха", "Не обустроена", "Деревья и кустарники имеют",
    "Неудовлетворительное состояние окраски фасада", "Хранение вещей", "Разбиты стекла",
    "Повреждения дорожных знаков", "Лужи", "Реализация товаров", "Самовольное размещение наружн",
    "Передача общего имущества", "Разукомплектованное транспортное средство",
    "Отсутствие или несоблюдение графика уборки", "Неудовлетворительное состояние парадной",
)
PER_REASON = 60
CHATTER_ROWS = 2000


def proxy_label(reason: str) -> str | None:
    if reason.startswith(URGENT_REASONS):
        return "high"
    if reason.startswith(EVERYDAY_REASONS):
        return "low"
    return None


def labelled_appeals(root: Path) -> pd.DataFrame:
    """Every appeal of a reason the proxy labels, one row per text, in a fixed shuffle."""
    df = pd.read_csv(root / "appeals/nash_spb.csv", usecols=["id", "reason", "text"])
    df["text"] = df["text"].astype(str).str.replace("[скрыто]", " ", regex=False)
    df["label"] = df["reason"].astype(str).map(proxy_label)
    df = df.dropna(subset=["label"]).drop_duplicates("text")
    return df.sample(frac=1, random_state=0)


def appeals(root: Path) -> pd.DataFrame:
    return sampled(labelled_appeals(root))


def sampled(labelled: pd.DataFrame) -> pd.DataFrame:
    """The proxy's appeals: at most 2 × PER_REASON of each reason, halved by id parity."""
    df = labelled[labelled.groupby("reason").cumcount() < 2 * PER_REASON]
    return df.assign(origin="spb", half=(df["id"] % 2).map({0: "dev", 1: "test"}))


def more_dev_appeals(root: Path, per_reason: int) -> pd.DataFrame:
    """Dev-side (even id) appeals beyond the proxy, at most `per_reason` of each reason, for
    training: none repeats a text of the test half (compared as `data.dedupe` compares them)."""
    df = labelled_appeals(root)
    proxy = sampled(df)
    test_keys = set(d.text_key(proxy.loc[proxy["half"] == "test", "text"]))
    df = df[(df["id"] % 2 == 0) & ~df["text"].isin(set(proxy["text"]))
            & ~d.text_key(df["text"]).isin(test_keys)]
    return df[df.groupby("reason").cumcount() < per_reason]


def chatter(root: Path) -> pd.DataFrame:
    texts = pd.concat([d.rusentitweet(root, "test")["text"], d.chatter(root, CHATTER_ROWS)["text"]])
    df = d.dedupe(d.frame(texts, ["none"] * len(texts), "chatter"))
    df = df.sample(min(2 * CHATTER_ROWS, len(df)), random_state=0).reset_index(drop=True)
    return df.assign(half=["dev" if i % 2 == 0 else "test" for i in range(len(df))])


def build(root: Path, out: Path) -> dict[str, Path]:
    rows = pd.concat([appeals(root), chatter(root)], ignore_index=True)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for half, part in rows.groupby("half"):
        paths[half] = out / f"{half}.csv"
        part[["text", "label", "origin"]].to_csv(paths[half], index=False)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("var/risk_proxy"))
    args = parser.parse_args(argv)
    for half, path in build(args.data, args.out).items():
        print(f"{half}: {path}")


if __name__ == "__main__":
    main()
