import pytest

from pipeline.stages import STAGES, Stage


def test_every_stage_is_available():
    assert [(s.name, s.load() is not None) for s in STAGES] == [
        ("analyze", True), ("incidents", True), ("alerts", True)]


@pytest.mark.parametrize(("target", "available"), [
    ("pipeline.stages:stage_named", True),
    ("pipeline.not_written_yet:run", False),
])
def test_a_missing_stage_module_is_reported_not_faked(target, available):
    assert (Stage("x", target, 0).load() is not None) is available


def test_a_broken_stage_module_is_an_error_not_unavailable(tmp_path, monkeypatch):
    (tmp_path / "broken_stage_mod.py").write_text("import no_such_dependency_xyz\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError):
        Stage("x", "broken_stage_mod:run", 0).load()
