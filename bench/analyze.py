"""Throughput of the full NLP analysis on one core, beside razdel-only tokenization.

    .venv/bin/python bench/analyze.py [--posts 3000] [--rss] [--data ../shared/data]

Posts are ~300-character ЕАО-style texts generated from the project's own templates (no
dataset text): a complaint-heavy mix (40 % problem reports) and a quieter one (10 %), the
latter closer to a regional channel's stream. Prints posts/s for: razdel tokenization (the
baseline), the full analysis with heavy NER off, with NER on high/critical posts ("auto",
the default), per-post calls, and (with --rss) the peak RSS of `radar analyze` on a generated file.
When the labeled data folder is there, the same with NER off and auto on real posts cut from
its tweets and appeals, each analyzed once (the generated posts flatter the caches).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PLACES = ["в Биробиджане", "в Облучье", "в Смидовиче", "в Николаевке", "в Теплоозерске",
          "в Ленинском", "в Амурзете", "в Валдгейме", "в Птичнике", "в Бире"]
STREETS = ["Шолом-Алейхема", "Пионерской", "Ленина", "Советской", "Октябрьской", "Калинина"]
PROBLEMS = ["нет отопления", "отключили свет", "нет горячей воды", "прорвало трубу",
            "не вывозят мусор", "яма на дороге", "автобус не пришел", "нет лекарств в аптеке",
            "не выплатили пособие", "в школе холодно", "не работает светофор"]
COMPLAINING = ["Управляющая компания не отвечает на звонки.", "Дети мерзнут, сколько можно?!",
               "Обращались в администрацию, ответа нет.", "Просим разобраться и принять меры.",
               "Фото прилагаю.", "Соседи тоже жалуются 😡", "Уже писали в прокуратуру."]
NEUTRAL = ["Спасибо всем, кто откликнулся ❤️", "Сегодня прошло заседание комиссии.",
           "Погода хорошая, все на прогулку!", "Поздравляем победителей конкурса 🎉",
           "Расписание работы МФЦ на праздники опубликовано.", "Кто знает, где купить дрова?",
           "В библиотеке открылась выставка детских рисунков.", "Фото прилагаю."]
DAYS = ["второй день", "третий день", "неделю", "с утра", "уже месяц", ""]


def make_post(rng: random.Random, problem_share: float = 0.4) -> str:
    fillers, text = NEUTRAL, ""
    if rng.random() < problem_share:
        text = (f"{rng.choice(PLACES).capitalize()} на ул. {rng.choice(STREETS)}, "
                f"{rng.randint(1, 120)} {rng.choice(DAYS)} {rng.choice(PROBLEMS)}. ")
        fillers = COMPLAINING + NEUTRAL
    while len(text) < 300:
        text += rng.choice(fillers) + " "
    return text[:300]


def rate(label: str, count: int, seconds: float, ratio: float | None = None) -> float:
    per_s = count / seconds
    print(f"{label:<46}{per_s:>10.0f} posts/s" + (f"  ({ratio:.2f} × tokenization)"
                                                    if ratio else ""))
    return per_s


REPEAT = 3
CHUNK = 256  # posts per timed slice, and per analyze_many call


def run_time(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def timed_beside(baseline_fn, fn, chunks: list, fresh: bool = False) -> tuple[float, float]:
    """Seconds of ``fn`` over all chunks (best of REPEAT rounds) and its rate as a share of
    the baseline's: the median of per-chunk ratios, baseline and ``fn`` alternating chunk by
    chunk. This machine's speed drifts by ±30 % within seconds, so only a ratio of two
    timings taken a fraction of a second apart means anything. ``fresh``: every round gets
    its own share of the chunks, so no post is analyzed twice (caches see new text)."""
    rounds, ratios = [], []
    for round_no in range(REPEAT):
        total = 0.0
        for chunk in (chunks[round_no::REPEAT] if fresh else chunks):
            base, own = run_time(baseline_fn, chunk), run_time(fn, chunk)
            ratios.append(base / own)
            total += own
        rounds.append(total)
    return min(rounds), statistics.median(ratios)


def bench(posts: list[str], quiet_posts: list[str], config, real: list[str]) -> None:
    import razdel

    from nlp.analyze import Analyzer, Item

    def tokenize(items):
        return [list(razdel.tokenize(i.text)) for i in items]

    items = [Item(p) for p in posts]
    slices = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
    rate("razdel tokenization", len(posts),
         min(sum(run_time(tokenize, c) for c in slices) for _ in range(REPEAT)))
    quiet = [Item(p) for p in quiet_posts]
    for ner, label, batch in (("off", "40 % problems", items), ("auto", "40 % problems", items),
                              ("auto", "10 % problems", quiet)):
        analyzer = Analyzer(config, ner=ner)
        analyzer.analyze_many(batch[:200])          # load models, warm the lemma cache
        chunks = [batch[i:i + CHUNK] for i in range(0, len(batch), CHUNK)]
        seconds, ratio = timed_beside(tokenize, analyzer.analyze_many, chunks)
        rate(f"full analysis, NER {ner}, {label}", len(batch), seconds, ratio)
        if ner == "auto":
            ner_share(analyzer, batch)
    if real:
        bench_real(real, config, tokenize)
    one = Analyzer(config, ner="off")
    seconds, ratio = timed_beside(tokenize, lambda c: [one.analyze(i.text) for i in c],
                                  [items[i:i + 50] for i in range(0, 500, 50)])
    rate("full analysis, NER off, one post per call", 500, seconds, ratio)


def ner_share(analyzer, items: list) -> None:
    """How many of the posts NER auto ran on (their level is high or critical)."""
    from nlp.analyze import NER_LEVELS

    heavy = sum(r.risk_level in NER_LEVELS for r in analyzer.analyze_many(items))
    print(f"{'':<46}(NER ran on {heavy / len(items):.0%} of the posts)")


def bench_real(texts: list[str], config, tokenize) -> None:
    """The same figures on real posts (../shared/data), each analyzed once: the generated
    posts come from a small vocabulary, so the per-word and per-segment caches nearly always
    hit on them; real text brings new words all the time."""
    from nlp.analyze import Analyzer, Item

    half = len(texts) // 2  # each setting gets its own posts: caches are shared in-process
    print(f"{len(texts)} real posts (~{half // REPEAT} per setting and round)")
    for ner, part in (("off", texts[:half]), ("auto", texts[half:])):
        items = [Item(t) for t in part]
        chunks = [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]
        analyzer = Analyzer(config, ner=ner)
        analyzer.analyze_many([Item("Прогрев моделей и словарей")])
        seconds, ratio = timed_beside(tokenize, analyzer.analyze_many, chunks, fresh=True)
        rate(f"full analysis, NER {ner}, real posts", len(items) // REPEAT, seconds, ratio)
        if ner == "auto":
            ner_share(analyzer, items[:2000])


def real_posts(data: Path, count: int) -> list[str]:
    """~300-character posts cut from real texts: tweets (chatter) and citizens' appeals."""
    import pandas as pd

    tweets = pd.read_csv(data / "sentiment/rusentitweet_train.csv")["text"].astype(str)
    appeals = pd.read_csv(data / "appeals/nash_spb.csv", usecols=["text"])["text"].astype(str)
    kursk = pd.read_csv(data / "appeals/kursk_train.csv")["text"].astype(str)
    pool = pd.concat([tweets, appeals.drop_duplicates().head(20000), kursk]).sample(
        frac=1, random_state=7).tolist()
    posts, current = [], ""
    for text in pool:
        current = f"{current} {text}".strip()
        if len(current) >= 300:
            posts.append(current[:300].rsplit(" ", 1)[0])
            current = ""
            if len(posts) == count:
                break
    return posts


def peak_rss(posts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "posts.jsonl"
        src.write_text("".join(json.dumps({"id": i, "text": p}, ensure_ascii=False) + "\n"
                               for i, p in enumerate(posts)), encoding="utf-8")
        radar = Path(sys.executable).with_name("radar")
        child = subprocess.Popen([str(radar), "--config", str(ROOT / "config.yaml"), "analyze",
                                  "--input", str(src), "--output", str(Path(tmp) / "out.jsonl")],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # this child's own usage (RUSAGE_CHILDREN would count every child); measured before
        # the benchmark loads anything: a child's peak includes its parent's size at the fork
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            raise SystemExit(f"radar analyze failed with exit code {child.returncode}")
    peak = usage.ru_maxrss / 1024
    print(f"{'peak RSS of radar analyze (NER auto)':<46}{peak:>10.0f} MB  (goal <= 600 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--rss", action="store_true", help="also measure `radar analyze` RSS")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per figure")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="labeled data folder for the real-post figures (skipped if absent)")
    args = parser.parse_args()
    global REPEAT
    REPEAT = max(1, args.repeat)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from pipeline.config import load_config

    rng = random.Random(7)
    posts = [make_post(rng) for _ in range(args.posts)]
    quiet = [make_post(rng, 0.1) for _ in range(args.posts)]
    print(f"{len(posts)} posts, mean {sum(map(len, posts)) / len(posts):.0f} chars, one core, "
          "batches of 256")
    if args.rss:
        peak_rss(posts)
    real = real_posts(args.data, 2 * args.posts * REPEAT) if args.data.is_dir() else []
    bench(posts, quiet, load_config(ROOT / "config.yaml").config, real)


if __name__ == "__main__":
    main()
