"""The CLI on a database named by URL (``--db`` and ``CLINIC_DESKTOP_DB``): the PostgreSQL counterpart of
test_cli.py's file-path runs. A password in the URL is never printed."""

from __future__ import annotations

import io
import logging
import sys
from datetime import datetime

import pytest
from pypdf import PdfReader
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from clinic_desktop.cli import main
from clinic_desktop.models import AftercareIssuance, IssuanceAction
from clinic_desktop.services import auth
from tests.language import msg_like
from tests.services.helpers import TORONTO, patient, toronto_clinic, treatment

pytestmark = pytest.mark.postgres_only

PASSWORD = "a long desk password"
SERVER_PASSWORD = "s3cret-Pa%ss"  # the test server trusts loopback, so any password opens it


@pytest.fixture
def clinic(engine):
    with Session(engine, expire_on_commit=False) as db:
        admin = auth.create_first_admin(db, full_name="Ada Admin", username="ada", password=PASSWORD)
        auth.create_staff(db, actor=admin, full_name="Rita Reception", username="rita", role="receptionist",
                          password=PASSWORD)
        doc = auth.create_staff(db, actor=admin, full_name="Dr. Élise Tremblay", username="elise",
                                role="practitioner", password=PASSWORD)
        toronto_clinic(db)
        p = patient(db, doc, given="Ζωή", family="Παπαδοπούλου", language="fr")
        ts = treatment(db, doc, p.id, doc.id, datetime(2025, 12, 31, 14, 0, tzinfo=TORONTO))
    return ts.id


def _with_password(db_target: str) -> str:
    return make_url(db_target).set(password=SERVER_PASSWORD).render_as_string(hide_password=False)


def _run(argv, monkeypatch, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(argv)


def test_aftercare_command_on_a_postgres_url(clinic, db_target, engine, tmp_path, monkeypatch, capsys,
                                            caplog):
    caplog.set_level(logging.DEBUG)
    url = _with_password(db_target)
    out = tmp_path / "sheet.pdf"
    code = _run(["--db", url, "aftercare", "--session", str(clinic), "-o", str(out), "--user", "rita",
                 "--password-stdin"], monkeypatch, PASSWORD + "\n")
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "Ζωή Παπαδοπούλου" in "\n".join(page.extract_text() for page in PdfReader(out).pages)
    with Session(engine) as db:
        [issuance] = db.exec(select(AftercareIssuance)).all()
        assert issuance.action == IssuanceAction.saved
    monkeypatch.setenv("CLINIC_DESKTOP_DB", url)
    code = _run(["protocols", "approve", "hair-mesotherapy", "--user", "ada", "--password-stdin"],
                monkeypatch, PASSWORD)
    second = capsys.readouterr()
    approved = msg_like("Approved {protocol_id} v{version} ({languages}) as {name}.")
    assert code == 0 and approved.search(second.out) and "hair-mesotherapy" in second.out, second.out
    everything = printed.out + printed.err + second.out + second.err + caplog.text
    assert SERVER_PASSWORD not in everything and "Pa%25ss" not in everything


def test_a_wrong_database_name_is_said_plainly_without_the_password(db_target, monkeypatch, capsys):
    url = make_url(_with_password(db_target)).set(database="no_such_clinic")
    url = url.render_as_string(hide_password=False)
    code = _run(["--db", url, "audit", "verify"], monkeypatch)
    err = capsys.readouterr().err
    no_database = msg_like(
        "There is no database named {database} on the server at {where}. Check the name at the end of the database "
        "address (--db or CLINIC_DESKTOP_DB), or create the database as the README's \"Several workstations\" "
        "section shows. Nothing was changed.")
    assert code == 1 and no_database.search(err) and "no_such_clinic" in err and "Traceback" not in err, err
    assert SERVER_PASSWORD not in err and "damaged" not in err


def test_an_unknown_role_is_said_plainly(db_target, monkeypatch, capsys):
    url = make_url(db_target).set(username="nobody_here").render_as_string(hide_password=False)
    code = _run(["--db", url, "audit", "verify"], monkeypatch)
    err = capsys.readouterr().err
    refused = msg_like(
        "The database server at {where} did not accept the user name {user} with the password given. Check the user "
        "name in the database address and the password (in ~/.pgpass or PGPASSWORD), or ask whoever set up the "
        "server. Nothing was changed.")
    assert code == 1 and refused.search(err) and "nobody_here" in err, err
    assert "damaged" not in err


def test_an_unreachable_server_is_said_plainly(db_target, monkeypatch, capsys):
    url = make_url(_with_password(db_target)).set(host="127.0.0.1", port=1)
    url = url.render_as_string(hide_password=False)
    code = _run(["--db", url, "audit", "verify"], monkeypatch)
    err = capsys.readouterr().err
    unreachable = msg_like(
        "The database server at {where} cannot be reached. Check that the server computer is on and PostgreSQL is "
        "running there, that this computer is on the clinic's network, and the host name and port in the database "
        "address. Nothing was changed.")
    assert code == 1 and unreachable.search(err) and "127.0.0.1:1" in err and SERVER_PASSWORD not in err, err
