"""The security commands: staff add, backup, backup list, restore, audit verify."""

from __future__ import annotations

import io
import re
import sqlite3

import pytest

from clinic_desktop.cli import main
from tests.language import msg_like, msg_plural, msg_text


def _plural_like(singular: str, plural: str) -> re.Pattern[str]:
    """A plural message of the catalogue (its plural form, in the run's language) as a pattern whose
    ``{placeholders}`` match anything."""
    parts = re.split(r"\{[^{}]*\}", msg_plural(singular, plural, 2))
    return re.compile(".*?".join(re.escape(part) for part in parts))


@pytest.fixture
def run(monkeypatch, capsys, tmp_path):
    db = tmp_path / "cli.sqlite3"

    def _run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(["--db", str(db), *args])
        out, err = capsys.readouterr()
        return code, out, err

    _run.db = db
    return _run


def test_security_commands_end_to_end(run):
    code, out, _ = run(
        "staff",
        "add",
        "--full-name",
        "Ada Admin",
        "--username",
        "ada",
        "--role",
        "admin",
        "--password-stdin",
        stdin="correct horse battery\n",
    )
    assert code == 0 and msg_text("first administrator created: {user} ({name})").format(
        user="ada", name="Ada Admin") in out
    code, out, _ = run(
        "staff",
        "add",
        "--user",
        "ada",
        "--full-name",
        "Rita Reception",
        "--username",
        "rita",
        "--password-stdin",
        stdin="correct horse battery\nrita password 1\n",
    )
    assert code == 0 and msg_text("staff member added: {user} ({name}, {role})").format(
        user="rita", name="Rita Reception", role=msg_text("receptionist")) in out
    code, _, err = run(
        "staff",
        "add",
        "--user",
        "rita",
        "--full-name",
        "X",
        "--username",
        "x",
        "--password-stdin",
        stdin="rita password 1\nanother password\n",
    )
    assert code == 1 and msg_text("{name} ({role}) may not manage staff accounts.").format(
        name="Rita Reception", role=msg_text("receptionist")) in err

    code, out, _ = run("backup", "--reason", "weekly")
    assert code == 0 and "weekly" in out
    code, out, _ = run("backup", "list")
    assert code == 0 and "weekly" in out
    backup_file = out.split()[-1]

    code, _, err = run("restore", backup_file, "--user", "ada", "--password-stdin", stdin="wrong\n")
    assert code == 1 and msg_text("The user name or password is not right.") in err
    code, out, _ = run(
        "restore", backup_file, "--user", "ada", "--password-stdin", stdin="correct horse battery\n"
    )
    assert code == 0 and "before-restore" in out and msg_like("the data it replaced is saved in {path}").search(out)

    code, out, _ = run("audit", "verify")
    assert code == 0 and _plural_like("audit trail intact ({count} entry: {detail})",
                                      "audit trail intact ({count} entries: {detail})").match(out)
    con = sqlite3.connect(run.db)
    con.execute("UPDATE audit_entry SET action='nothing.happened' WHERE id=2")
    con.commit()
    con.close()
    code, out, _ = run("audit", "verify")
    assert code == 1 and out.startswith(msg_text("AUDIT TRAIL BROKEN: {message}").format(message=""))
    assert msg_like("entry {id} was changed after it was written, or signed with another audit key than this "
                    "computer's ({key})", id=2).search(out)


def test_restore_refuses_a_non_database_before_asking_a_password(run, tmp_path):
    run(
        "staff",
        "add",
        "--full-name",
        "Ada",
        "--username",
        "ada",
        "--role",
        "admin",
        "--password-stdin",
        stdin="correct horse battery\n",
    )
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("hello")
    code, _, err = run("restore", str(junk), "--user", "ada")  # no stdin needed: refused first
    assert code == 1 and msg_text("{name} is not a Clinic Desktop backup (not a database file).").format(
        name="junk.sqlite3") in err


def test_staff_password_typed_at_the_prompt_asks_twice_and_saves(run, monkeypatch, capsys):
    """Typed at the terminal (no --password-stdin): current password, new one, then "Again:". This path
    crashed with a NameError before (getpass was not imported in commands/security.py)."""
    code, _, _ = run("staff", "add", "--full-name", "Ada Admin", "--username", "ada", "--role", "admin",
                     "--password-stdin", stdin="correct horse battery\n")
    assert code == 0
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def at_the_terminal(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", Terminal())
        code = main(["--db", str(run.db), *args])
        out, err = capsys.readouterr()
        return code, out, err

    answers = iter(["correct horse battery", "a brand new desk phrase", "a brand new desk phrase"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, out, err = at_the_terminal("staff", "password", "--user", "ada")
    assert (code, err) == (0, "") and msg_text("password changed for {user}").format(user="ada") in out
    code, _, _ = run("backup", "--user", "ada", "--password-stdin", stdin="a brand new desk phrase\n")
    assert code == 0
    answers = iter(["a brand new desk phrase", "one more new phrase", "a different phrase"])
    code, _, err = at_the_terminal("staff", "password", "--user", "ada")
    assert code == 1 and msg_text("the two passwords differ; nothing was saved") in err
