"""Labeled files for `radar eval`: formats, column names and label spellings."""

import json

import pytest

from nlp.labeled import read_labeled

FILES = [  # name, content, task, texts, labels
    ("plain.csv", "text,label\nНет воды,housing\n", "sector", ["Нет воды"], ["housing"]),
    ("bom.csv", "\ufefftext,label\nНет воды,housing\n", "sector", ["Нет воды"], ["housing"]),
    ("kursk.csv", "id,text,category,sector\n1,Яма,Дороги,transport\n", "sector",
     ["Яма"], ["transport"]),
    ("titles.csv", "text,label\nЯма,Автомобильные дороги и транспорт\nБольница,здравоохранение\n",
     "sector", ["Яма", "Больница"], ["transport", "health"]),
    ("tabs.tsv", "text\tlabel\nУра\tpositive\n", "sentiment", ["Ура"], ["positive"]),
    ("semi.csv", "text;label\nУра, ура;pos\n", "sentiment", ["Ура, ура"], ["positive"]),
    ("osc.csv", "Sentence,Sentiment\nПлохо,negative\nТак себе,mixed\n", "sentiment",
     ["Плохо"], ["negative"]),
    ("sre.csv", "id,text,label\n1,Банк,-1\n2,Банк,0\n3,Банк,1\n", "sentiment",
     ["Банк"] * 3, ["negative", "neutral", "positive"]),
    ("rusenti.csv", "text,label,id\nС днём рождения!,speech,1\nмем,skip,2\n", "sentiment",
     ["С днём рождения!"], ["positive"]),
    ("complaint.csv", "text,complaint\nНет света,да\nПривет,0\n", "complaint",
     ["Нет света", "Привет"], ["yes", "no"]),
    ("risk.csv", "text,risk_level\nПожар,Критический\nТихо,none\n", "risk",
     ["Пожар", "Тихо"], ["critical", "none"]),
]


@pytest.mark.parametrize(("name", "content", "task", "texts", "labels"), FILES)
def test_reads_formats_columns_and_spellings(tmp_path, shipped_config, name, content, task,
                                             texts, labels):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    data = read_labeled(path, task, shipped_config)
    assert (data.texts, data.labels, data.problems) == (texts, labels, [])


def test_json_lines(tmp_path, shipped_config):
    path = tmp_path / "posts.jsonl"
    rows = [{"text": "Ура", "sentiment": "позитив"}, "{broken", {"text": "Ну", "label": "neu"}]
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)
                              for r in rows), encoding="utf-8")
    data = read_labeled(path, "sentiment", shipped_config)
    assert (data.texts, data.labels) == (["Ура", "Ну"], ["positive", "neutral"])
    assert data.problems == [f"{path}:2: invalid JSON: Expecting property name enclosed in "
                             "double quotes; row left out"]


def test_bad_rows_are_reported_with_their_line(tmp_path, shipped_config):
    path = tmp_path / "bad.csv"
    path.write_text('text,label\n"две\nстроки",housing\n,housing\nЯма,roads\nЯма,transport\n',
                    encoding="utf-8")
    data = read_labeled(path, "sector", shipped_config)
    assert data.labels == ["housing", "transport"]
    assert data.problems[0] == f"{path}:4: empty text; row left out"
    assert data.problems[1].startswith(f"{path}:5: label 'roads' is not one of education")


def test_notes_count_what_was_read_how(tmp_path, shipped_config):
    path = tmp_path / "s.csv"
    path.write_text("text,label\nа,speech\nб,speech\nв,skip\nг,Positive\n", encoding="utf-8")
    notes = read_labeled(path, "sentiment", shipped_config).notes
    assert notes == {"'speech' read as positive": 2,
                     "'skip' rows left out (not one of the three classes)": 1}


def test_missing_columns_name_what_is_looked_for(tmp_path, shipped_config):
    path = tmp_path / "x.csv"
    path.write_text("body,label\nx,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="need a text column .*found body, label"):
        read_labeled(path, "sector", shipped_config)
