"""Users: argon2 hashes, validation, ``radar users add`` (prompt or --password-stdin)."""

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from pipeline.cli import main
from pipeline.store.schema import audit_log, users
from pipeline.users import UserError, add_user, authenticate

SECTORS = ["housing", "transport"]


@pytest.mark.parametrize("login, password, role, sector, problem", [
    ("a b", "long-enough", "operator", None, "bad login"),
    ("x", "long-enough", "boss", None, "unknown role"),
    ("x", "long-enough", "lead", None, "needs --sector"),
    ("x", "long-enough", "lead", "space", "unknown sector"),
    ("x", "short", "admin", None, "too short"),
])
def test_bad_users_are_refused(store, login, password, role, sector, problem):
    with store.transaction() as conn, pytest.raises(UserError, match=problem):
        add_user(conn, login, password, role, sector, sectors=SECTORS)


def test_hash_not_password_is_stored_and_checked(store):
    with store.transaction() as conn:
        add_user(conn, "anna", "correct horse", "lead", "housing", sectors=SECTORS)
        stored = conn.execute(select(users.c.password_hash)).scalar_one()
        assert stored.startswith("$argon2id$") and "correct horse" not in stored
        assert authenticate(conn, "anna", "correct horse").sector_limit == "housing"
        assert authenticate(conn, "anna", "wrong horse") is None
        assert authenticate(conn, "nobody", "correct horse") is None
        with pytest.raises(UserError, match="already exists"):
            add_user(conn, "anna", "another one", "operator")


def test_cli_adds_users_from_stdin_and_prompt(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("RADAR_DATABASE_URL", db_url)
    runner = CliRunner()
    done = runner.invoke(main, ["users", "add", "lead1", "--role", "lead", "--sector", "housing",
                                "--password-stdin"], input="s3cret-pass\n")
    assert done.exit_code == 0, done.output
    prompted = runner.invoke(main, ["users", "add", "op9", "--role", "operator"],
                             input="pass-word-9\npass-word-9\n")
    assert prompted.exit_code == 0, prompted.output
    bad = runner.invoke(main, ["users", "add", "lead2", "--role", "lead", "--password-stdin"],
                        input="s3cret-pass\n")
    assert bad.exit_code != 0 and "needs --sector" in bad.output
    listed = runner.invoke(main, ["users", "list"])
    assert "lead1" in listed.output and "op9" in listed.output
    from pipeline.store import Store

    store = Store.open(db_url)
    with store.transaction() as conn:
        assert authenticate(conn, "lead1", "s3cret-pass") is not None
        actions = conn.execute(select(audit_log.c.action, audit_log.c.target)).all()
    store.close()
    assert ("user_add", "lead1") in actions and ("user_add", "op9") in actions
