"""The written and blind example files: well formed, labelled with known labels, documented."""

from pathlib import Path

import pandas as pd
import pytest

from nlp.train import data as d
from nlp.train.build import BLIND_README, EXAMPLES, ORIGIN_WEIGHTS

SECTOR_DIRS = ("sector_written", "sector_blind")
DIRS = (*SECTOR_DIRS, "sentiment_written")
FILES = sorted(p for name in DIRS for p in (EXAMPLES / name).glob("*.csv"))
SENTIMENTS = {"positive", "negative", "neutral"}


def files_in(name: str) -> list[Path]:
    return [p for p in FILES if p.parent.name == name]


def test_there_are_example_files():
    assert {p.parent.name for p in FILES} == set(DIRS)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_file_is_well_formed(path: Path, shipped_config):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(df.columns) == ["id", "text", "label"]
    assert df["id"].is_unique and df["text"].is_unique
    assert (df["text"].str.strip().str.len() > 0).all()
    sectors = {s.key for s in shipped_config.sectors}
    assert set(df["label"]) <= (sectors if path.parent.name in SECTOR_DIRS else SENTIMENTS)


@pytest.mark.parametrize("name", DIRS)
def test_every_file_is_in_its_readme(name: str):
    readme = (EXAMPLES / name / "README.md").read_text(encoding="utf-8")
    stems = [p.stem for p in files_in(name)]
    missing = [s for s in stems if f"`{s}.csv`" not in readme and f"| {s} |" not in readme]
    assert not missing, f"{name}/README.md does not describe {missing}"


def test_written_rows_carry_their_kind_as_origin():
    df = d.written(EXAMPLES / "sector_written")
    kinds = {f"written_{p.stem}" for p in files_in("sector_written")}
    assert set(df["origin"]) == kinds
    assert set(ORIGIN_WEIGHTS["sector"]) <= kinds, "a weight names a file that is gone"


def test_no_written_row_is_a_blind_row():
    written = set(d.written(EXAMPLES / "sector_written")["text"])
    blind = {t for p in files_in("sector_blind") for t in pd.read_csv(p)["text"]}
    assert not written & blind


def blind_roles() -> dict[str, set[str]]:
    return {role: set(names) for role, names in d.blind_roles(BLIND_README).items()}


def test_set_names_expand_ranges_in_order():
    assert d.set_names("A–C, R, AB") == ["A", "B", "C", "R", "AB"]


def test_every_blind_set_has_one_role():
    roles = blind_roles()
    on_disk = {p.stem for p in (EXAMPLES / "risk_blind").glob("*.csv")}
    assert roles["development"] | roles["held-out check"] == on_disk
    assert not roles["development"] & roles["held-out check"]


def test_the_urgency_model_learns_from_development_sets_only():
    roles = blind_roles()
    assert roles["trained"]
    assert roles["trained"] <= roles["development"]
