"""`radar analyze`, `radar eval` and `radar train` argument handling through the real CLI."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

CONFIG = str(Path(__file__).resolve().parents[2] / "config.yaml")


def radar(*args):
    return CliRunner().invoke(main, ["--config", CONFIG, *args], catch_exceptions=False)


@pytest.fixture(autouse=True)
def _shared_models(analyzer):
    """Loads the models once for the session (the CLI reuses the process-wide cache)."""


def test_analyze_csv_reports_bad_rows_and_writes_the_rest(tmp_path):
    src = tmp_path / "posts.csv"
    src.write_text(
        "id,text,published_at,source,metrics\n"
        '1,"Третий день нет отопления в Биробиджане, дети мерзнут",2026-01-12T09:00:00Z,'
        'tg-novostieao,"{""comments"": 40}"\n'
        '2,"Многострочный\nтекст: в Облучье нет воды",,,\n'
        ',"Без id",,,\n'
        "3,,,,\n"
        '4,"Всем привет",not-a-date,,\n'
        '5,"Продам гараж",,,"[1, 2]"\n'
        '6,"Спасибо за праздник!",,,\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = radar("analyze", "--input", str(src), "--output", str(out), "--ner", "off")
    assert result.exit_code == 1
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["1", "2", "3", "6"]   # 3: empty text is a post too
    assert lines[0]["risk_level"] in ("high", "critical")
    assert lines[0]["municipality"] == "birobidzhan"
    assert "40 комментариев" in lines[0]["reasons"]
    assert lines[1]["municipality"] == "obluchye_district"
    for field in ("sector", "sector_scores", "sentiment", "sentiment_scores", "complaint",
                  "municipality", "risk", "risk_level", "reasons", "entities"):
        assert field in lines[0]
    assert f"{src}:5: no id" in result.stderr
    assert f"{src}:7: published_at is not an ISO date" in result.stderr
    assert f"{src}:8: metrics must be an object" in result.stderr


def test_analyze_jsonl(tmp_path):
    src = tmp_path / "posts.jsonl"
    src.write_text(json.dumps({"id": 7, "text": "В Смидовиче прорвало трубу"}, ensure_ascii=False)
                   + "\n{broken\n" + json.dumps({"id": 8, "text": "Доброе утро"}) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = radar("analyze", "--input", str(src), "--output", str(out))
    assert result.exit_code == 1
    assert f"{src}:2: invalid JSON" in result.stderr
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["7", "8"]
    assert rows[0]["municipality"] == "smidovich_district"


def test_analyze_clean_file_exits_zero(tmp_path):
    src = tmp_path / "posts.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Нет света"}) + "\n", encoding="utf-8")
    result = radar("analyze", "--input", str(src), "--output", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 0


def test_analyze_reads_a_csv_with_a_byte_order_mark(tmp_path):
    src = tmp_path / "excel.csv"
    src.write_text("\ufeffid,text\n1,Нет света в Облучье\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert radar("analyze", "--input", str(src), "--output", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == "1"


def test_analyze_without_an_id_column_uses_lines_and_reads_other_text_names(tmp_path):
    src = tmp_path / "posts.csv"
    src.write_text("message,source\nНет света в Облучье,\nС праздником!,\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = radar("analyze", "--input", str(src), "--output", str(out))
    assert result.exit_code == 0
    assert result.stderr.count("no id column; each row's id is its line") == 1
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["municipality"]) for r in rows] == [("2", "obluchye_district"),
                                                           ("3", None)]


def test_eval_prints_report(tmp_path):
    data = tmp_path / "labeled.csv"
    data.write_text("text,label\n"
                    "В поликлинике нет талонов к терапевту,health\n"
                    "Автобус не пришел,transport\n"
                    "Третий день нет отопления,housing\n"
                    "Пособие на ребенка не перечислили,social\n"
                    "В школе холодно,education\n", encoding="utf-8")
    result = radar("eval", "--task", "sector", "--data", str(data))
    assert result.exit_code == 0
    for part in ("precision", "recall", "macro-F1", "accuracy", "confusion matrix", "housing"):
        assert part in result.output


def test_eval_complaint_accepts_numeric_labels(tmp_path):
    data = tmp_path / "c.csv"
    data.write_text("text,label\nНет воды третий день,1\nС праздником!,0\n", encoding="utf-8")
    result = radar("eval", "--task", "complaint", "--data", str(data))
    assert result.exit_code == 0
    assert "yes" in result.output and "no" in result.output


def test_eval_reports_left_out_rows_and_scores_the_rest(tmp_path):
    data = tmp_path / "s.csv"
    data.write_text("text,label\nСпасибо!,speech\nмем,skip\nНу и ладно,maybe\n"
                    "Ужас,negative\n", encoding="utf-8")
    result = radar("eval", "--task", "sentiment", "--data", str(data))
    assert result.exit_code == 0
    assert f"{data}:4: label 'maybe' is not one of negative, neutral, positive" in result.stderr
    assert "1 'speech' read as positive" in result.stderr
    assert "task sentiment, 2 rows" in result.output


def test_eval_rejects_missing_columns(tmp_path):
    data = tmp_path / "bad.csv"
    data.write_text("body,label\nx,1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", CONFIG, "eval", "--task", "sector",
                                       "--data", str(data)])
    assert result.exit_code != 0
    assert "need text,label" in result.output


def test_train_needs_a_data_folder(tmp_path):
    result = CliRunner().invoke(main, ["--config", CONFIG, "train", "--data", str(tmp_path)])
    assert result.exit_code != 0
    assert "not a data folder" in result.output


def test_eval_risk_reports_high_and_critical(tmp_path):
    data = tmp_path / "risk.csv"
    data.write_text("text,label\n"
                    '"Третий день нет отопления, дети мерзнут",critical\n'
                    "В Облучье отключили свет без предупреждения,high\n"
                    "С праздником!,none\n", encoding="utf-8")
    result = radar("eval", "--task", "risk", "--data", str(data))
    assert result.exit_code == 0
    assert "high+critical: recall 1.000, precision 1.000 (2 labeled, 2 predicted)" in result.output


def test_analyze_uses_published_at_and_metrics_time(tmp_path):
    src = tmp_path / "posts.jsonl"
    src.write_text(json.dumps({
        "id": "g", "text": "В Смидовиче нет воды", "published_at": "2026-01-10T09:00:00Z",
        "metrics": {"observed_at": "2026-01-10T10:00:00Z", "comments": 90, "likes": 30}},
        ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert radar("analyze", "--input", str(src), "--output", str(out)).exit_code == 0
    row = json.loads(out.read_text(encoding="utf-8"))
    assert "быстрый рост обсуждения: +120 реакций за час" in row["reasons"]
