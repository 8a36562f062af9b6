"""Tampering cases against the audit trail and the audited clinical rows (shared by the tests and
``scripts/audit_tamper_table.py``). Each case edits the SQLite file directly, as someone with only the
database file would, and the check must report it."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from clinic_desktop.db import open_database
from clinic_desktop.models import ComplicationKind, IssuanceAction
from clinic_desktop.services import auth, backups
from clinic_desktop.services.checkout import prepare_sheet, record_issuance
from clinic_desktop.services.clinic import get_clinic_profile, today
from clinic_desktop.services.complications import ComplicationCreate, record_complication
from clinic_desktop.services.patients import PatientCreate, create_patient
from clinic_desktop.services.treatments import (
    ProductUseCreate,
    TreatmentSessionCreate,
    record_treatment_session,
)

PASSWORD = "a long desk password"


def build_clinic(db_path: Path, *, with_sheet: bool = True) -> None:
    """A small clinic through the services, one backup (an anchor), then a few more audited actions."""
    engine = open_database(db_path)
    with Session(engine, expire_on_commit=False) as db:
        admin = auth.create_first_admin(db, full_name="Ada Admin", username="ada", password=PASSWORD)
        doc = auth.create_staff(db, actor=admin, full_name="Dr. Élise Tremblay", username="elise",
                                role="practitioner", password=PASSWORD)
        rita = auth.create_staff(db, actor=admin, full_name="Rita Reception", username="rita",
                                 role="receptionist", password=PASSWORD)
        profile = get_clinic_profile(db)
        profile.timezone, profile.emergency_phone = "America/Toronto", "+1 416 555 0199"
        db.add(profile)
        db.commit()
        p = create_patient(db, actor=rita, data=PatientCreate(given_names="Zoë", family_name="O'Brien",
                                                              date_of_birth=date(1988, 6, 1)))
        day = today(db) - timedelta(days=5)
        ts = record_treatment_session(db, actor=doc, data=TreatmentSessionCreate(
            patient_id=p.id, practitioner_id=doc.id, treatment="facial-mesotherapy",
            performed_at=datetime(day.year, day.month, day.day, 15, tzinfo=UTC), areas="cheeks",
            products=[ProductUseCreate(product_name="NCTF 135HA", batch_number="NC24-0412A",
                                       expiry_date=date(2030, 1, 31), quantity=2.0, unit="ml")]))
        record_complication(db, actor=doc, data=ComplicationCreate(
            treatment_session_id=ts.id, kind=ComplicationKind.bruising, site="left cheek",
            onset_date=day, severity_grade=1, action_taken="Cold compress"))
        if with_sheet:
            record_issuance(db, actor=rita, prepared=prepare_sheet(db, actor=rita, treatment_session_id=ts.id),
                            action=IssuanceAction.printed)
    backups.automatic_backup(engine, reason="test")  # anchors the head outside the database
    with Session(engine) as db:
        for _ in range(3):
            try:
                auth.authenticate(db, username="rita", password="not her password")
            except auth.AuthenticationError:
                pass
    backups.automatic_backup(engine, reason="test2")
    engine.dispose()


def _sql(db_path: Path, *statements: str) -> None:
    con = sqlite3.connect(db_path)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


def _recompute_rest_sha256(db_path: Path, from_id: int, *, set_scheme: int | None = None) -> None:
    """Rewrite entry ``from_id``'s actor and recompute every later hash as the old, unkeyed scheme did
    (what someone with only the file can do)."""
    con = sqlite3.connect(db_path)
    rows = con.execute("SELECT id, at, actor_id, actor_name, action, entity, entity_id, details, prev_hash, "
                       "entry_hash, scheme, record_hash FROM audit_entry ORDER BY id").fetchall()
    prev = ""
    for row in rows:
        (id_, at, actor_id, actor_name, action, entity, entity_id, details, _p, old_hash, scheme, rec) = row
        if id_ < from_id:
            prev = old_hash
            continue
        if id_ == from_id:
            actor_name = "Somebody Else"
        scheme = set_scheme or scheme
        moment = datetime.fromisoformat(at).replace(tzinfo=UTC) if "+" not in at else datetime.fromisoformat(at)
        payload = {"prev": prev, "at": moment.isoformat(timespec="microseconds"), "actor_id": actor_id,
                   "actor_name": actor_name, "action": action, "entity": entity, "entity_id": entity_id,
                   "details": json.loads(details)}
        if scheme >= 2:
            payload["scheme"] = scheme
            payload["record_hash"] = rec
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                                           default=str).encode()).hexdigest()
        con.execute("UPDATE audit_entry SET actor_name=?, prev_hash=?, entry_hash=?, scheme=? WHERE id=?",
                    (actor_name, prev, digest, scheme, id_))
        prev = digest
    con.commit()
    con.close()


def _max_id(db_path: Path) -> int:
    con = sqlite3.connect(db_path)
    (n,) = con.execute("SELECT max(id) FROM audit_entry").fetchone()
    con.close()
    return int(n)


def _edit_anchor_file(db_path: Path) -> None:
    path = db_path.parent / "backups" / "audit-anchors.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[-1])
    record["count"] -= 3
    record["head_id"] -= 3
    lines[-1] = json.dumps(record, sort_keys=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for manifest in (db_path.parent / "backups").glob("*.json"):
        manifest.unlink()


#: name -> (what the tamperer does, the check that must catch it: "chain", "anchors" or "records")
CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "delete the newest 3 entries": (lambda p: _sql(p, f"DELETE FROM audit_entry WHERE id > {_max_id(p) - 3}"),
                                    "anchors"),
    "delete every entry": (lambda p: _sql(p, "DELETE FROM audit_entry"), "anchors"),
    "rewrite entry 3 and recompute the rest (SHA-256)": (lambda p: _recompute_rest_sha256(p, 3), "chain"),
    "rewrite entry 3, recompute the rest as unkeyed (downgrade)":
        (lambda p: _recompute_rest_sha256(p, 3, set_scheme=1), "chain"),
    "edit an anchor to match a cut trail": (lambda p: (_sql(p, f"DELETE FROM audit_entry WHERE id > "
                                                              f"{_max_id(p) - 3}"), _edit_anchor_file(p)),
                                            "anchors"),
    "change a complication's grade": (lambda p: _sql(p, "UPDATE complication SET severity_grade = 3"), "records"),
    "change a product use's batch number": (lambda p: _sql(p, "UPDATE product_use SET batch_number = 'OTHER-1'"),
                                            "records"),
    "change an issuance's PDF hash": (lambda p: _sql(p, "UPDATE aftercare_issuance SET pdf_sha256 = "
                                                        "'0000000000000000000000000000000000000000000000000000"
                                                        "000000000000'"), "records"),
    "make the receptionist an administrator": (lambda p: _sql(p, "UPDATE staff_member SET role = 'admin' "
                                                                 "WHERE username = 'rita'"), "records"),
    "delete a complication": (lambda p: _sql(p, "DELETE FROM complication_revision",
                                             "DELETE FROM complication"), "records"),
}
