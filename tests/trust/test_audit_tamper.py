"""The audit trail cannot be cut or rewritten, nor a clinical row changed, without ``audit verify`` saying so."""

from __future__ import annotations

import json
import os
import re
import stat

import pytest
from sqlmodel import Session

from clinic_desktop.cli import main
from clinic_desktop.db import open_database
from clinic_desktop.services import audit
from clinic_desktop.services.audit_anchor import anchor_daily_start, check_anchors, read_anchors
from clinic_desktop.services.audit_key import forget_cached_keys, key_file_path, load_key
from tests.language import msg_like, msg_plural
from tests.trust.tamper_cases import CASES, build_clinic

pytestmark = pytest.mark.sqlite_only  # edits the SQLite file behind the program's back


def _plural_like(singular: str, plural: str) -> re.Pattern[str]:
    """A plural message of the catalogue (its plural form, in the run's language) with its ``{placeholders}``
    matching anything (as in tests/security/test_security_cli.py)."""
    return msg_like(msg_plural(singular, plural, 2))


MARKS = {"chain": msg_like("AUDIT TRAIL BROKEN: {message}"),
         "anchors": msg_like("AUDIT TRAIL CUT OR REWRITTEN: {message}"),
         "records": msg_like("RECORDS CHANGED OUTSIDE THE PROGRAM ({n} of {checked} checked):")}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """One built clinic (database, backups, anchors, key), copied for each case."""
    folder = tmp_path_factory.mktemp("template")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CLINIC_DESKTOP_HOME", str(folder / "home"))
        mp.setenv("CLINIC_DESKTOP_AUDIT_KEY_FILE", str(folder / "audit.key"))
        forget_cached_keys()
        build_clinic(folder / "clinic.sqlite3")
    forget_cached_keys()
    return folder


@pytest.fixture
def clinic(template, tmp_path, monkeypatch):
    import shutil

    target = tmp_path / "c"
    shutil.copytree(template, target)
    monkeypatch.setenv("CLINIC_DESKTOP_AUDIT_KEY_FILE", str(target / "audit.key"))
    forget_cached_keys()
    yield target / "clinic.sqlite3"
    forget_cached_keys()


def _verify(db_path, capsys) -> tuple[int, str]:
    code = main(["--db", str(db_path), "audit", "verify", "--records"])
    return code, capsys.readouterr().out


def test_an_untouched_clinic_verifies_against_its_anchors(clinic, capsys):
    code, out = _verify(clinic, capsys)
    assert code == 0, out
    assert msg_like("{keyed} signed with the audit key").search(out)
    assert _plural_like("Matches the {n} anchor found outside the database; verified back to the anchor of "
                        "{at} UTC (entries up to {head}, {count} entries).",
                        "Matches all {n} anchors found outside the database; verified back to the anchor of "
                        "{at} UTC (entries up to {head}, {count} entries).").search(out)
    assert _plural_like("Records: the {n} audited clinical row matches its last audit entry.",
                        "Records: all {n} audited clinical rows match their last audit entry.").search(out)


@pytest.mark.parametrize("case", list(CASES))
def test_each_tampering_is_reported(clinic, capsys, case):
    tamper, check = CASES[case]
    tamper(clinic)
    code, out = _verify(clinic, capsys)
    assert code == 1, out
    assert MARKS[check].search(out), out


def test_a_missing_key_is_reported_not_taken_as_valid(clinic, capsys, monkeypatch):
    monkeypatch.setenv("CLINIC_DESKTOP_AUDIT_KEY_FILE", str(clinic.parent / "elsewhere.key"))
    forget_cached_keys()
    code, out = _verify(clinic, capsys)
    assert code == 1
    assert msg_like("entry {id} and the ones after it are signed with the audit key, which is not available on "
                    "this computer: they cannot be verified here (see docs/security.md, 'The audit key')").search(out)


def test_an_old_unkeyed_trail_still_verifies_and_new_entries_are_keyed(engine, db, admin):
    """Entries from before keying (scheme 1) keep verifying; entries after them are signed."""
    from clinic_desktop.models import AuditEntry

    old = AuditEntry(at=audit.utcnow(), action="old.entry", details={}, scheme=1, prev_hash="")
    old.entry_hash = audit._entry_digest(old)
    db.add(old)
    db.commit()
    audit.record(db, actor=admin, action="new.entry")
    db.commit()
    check = audit.verify_chain(db)
    assert check.ok and (check.unkeyed, check.keyed) == (1, 1), check.message


def test_the_key_file_is_owner_only_and_not_in_the_database(db, admin, db_path):
    audit.record(db, actor=admin, action="x")
    db.commit()
    path = key_file_path()
    assert path is not None and path.exists()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    secret_hex = load_key().secret.hex()
    assert secret_hex.encode() not in db_path.read_bytes()


def test_the_daily_start_writes_one_anchor_a_day(engine, db, admin):
    audit.record(db, actor=admin, action="x")
    db.commit()
    first = anchor_daily_start(engine)
    assert first is not None and first.source == "start"
    assert anchor_daily_start(engine) is None  # once a day
    folder = db.get_bind().url.database
    anchors = read_anchors(__import__("pathlib").Path(folder).parent / "backups")
    result = check_anchors(db, anchors)
    assert result.ok and result.found == 1 and result.verified_head_id == first.head_id


def test_a_backup_manifest_carries_the_anchor(engine, db, admin, db_path):
    from clinic_desktop.services import backups

    audit.record(db, actor=admin, action="x")
    db.commit()
    target = backups.backup_now(db, actor=admin)
    manifest = json.loads(target.with_name(target.name + ".json").read_text(encoding="utf-8"))
    anchor = manifest["audit_anchor"]
    with Session(open_database(target)) as copy:
        assert anchor["head_id"] == audit.verify_chain(copy).head_id
    assert anchor["count"] >= 1 and anchor["mac"]


def test_a_restore_sets_older_anchors_aside_and_later_cuts_are_still_caught(engine, db, admin, db_path):
    """After a completed restore the anchors of the replaced data no longer apply; anchors from then on do."""
    import sqlite3

    from clinic_desktop.services import backups

    audit.record(db, actor=admin, action="x")
    db.commit()
    first = backups.backup_now(db, actor=admin)
    for n in range(5):
        audit.record(db, actor=admin, action=f"later {n}")
    db.commit()
    backups.backup_now(db, actor=admin)  # an anchor with a head the restore will take away
    db.close()
    backups.restore_backup(engine, actor=admin, backup_path=first)
    folder = db_path.parent / "backups"
    with Session(engine) as fresh:
        result = check_anchors(fresh, read_anchors(folder))
        assert result.ok and result.superseded >= 2, result.message
        assert _plural_like("{n} older anchor describes the data replaced by the restore of {at} UTC and was set "
                            "aside.",
                            "{n} older anchors describe the data replaced by the restore of {at} UTC and were set "
                            "aside.").search(result.message)
    backups.automatic_backup(engine, reason="after")
    con = sqlite3.connect(db_path)
    con.execute("DELETE FROM audit_entry WHERE id >= (SELECT max(id) - 1 FROM audit_entry)")  # the anchored head
    con.commit()
    con.close()
    with Session(engine) as fresh:
        assert not check_anchors(fresh, read_anchors(folder)).ok


def test_an_unsigned_restore_line_cannot_hide_a_cut(clinic, capsys):
    """A hand-written 'restore' anchor without the key's HMAC does not set anything aside."""
    path = clinic.parent / "backups" / "audit-anchors.jsonl"
    last = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])
    fake = {**last, "source": "restore", "mac": None, "at": "2999-01-01T00:00:00+00:00"}
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(fake) + "\n")
    CASES["delete the newest 3 entries"][0](clinic)
    code, out = _verify(clinic, capsys)
    assert code == 1 and MARKS["anchors"].search(out)
