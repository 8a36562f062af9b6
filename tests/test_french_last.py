"""The last English words of a French window and command line (issue #15): conflict messages, the sheet's
language in the history, times, the clinic's default name, the protocol checker's findings."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlmodel import Session

from clinic_desktop.db.engine import make_engine
from clinic_desktop.models import ClinicProfile
from clinic_desktop.services import messages
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common import i18n
from tests.complications.conftest import clinic, treated, zoe  # noqa: F401

ENGLISH_CONFLICT_WORDS = ("changed", "after you opened", "Someone else", "Nothing was saved", " at ", " on ")


@pytest.fixture
def french(qapp):
    assert i18n.install("fr") == "fr"
    yield
    i18n.install("en")


def _second_engine(engine):
    if engine.dialect.name == "sqlite":
        return make_engine(str(engine.url.database))
    return make_engine(engine.url.render_as_string(hide_password=False))


def _assert_french_conflict(text: str, who: str) -> None:
    assert who in text and "a modifié" in text, text
    for word in ENGLISH_CONFLICT_WORDS:
        assert word not in text, (word, text)
    assert " h " in text, text  # "14 h 05", the Canadian French way of writing a time


def test_clinic_profile_conflict_is_one_french_sentence_in_a_french_window(
    qtbot, french, engine, db, manager, admin, clinic  # noqa: F811
):
    from clinic_desktop.ui.admin.clinic_profile_dialog import ClinicProfileDialog

    desk, office = Workspace(engine, manager), Workspace(_second_engine(engine), admin)
    mine = ClinicProfileDialog(desk, lambda: manager)
    theirs = ClinicProfileDialog(office, lambda: admin)
    qtbot.addWidget(mine)
    qtbot.addWidget(theirs)
    theirs.phone.setText("+1 416 555 0111")
    qtbot.mouseClick(theirs.save_button(), Qt.MouseButton.LeftButton)
    assert theirs.saved is not None
    mine.website.setText("https://lumiere.example")
    qtbot.mouseClick(mine.save_button(), Qt.MouseButton.LeftButton)
    assert mine.saved is None
    text = mine.errors.general_label().text()
    _assert_french_conflict(text, "Ada Admin")
    assert "profil de la clinique" in text and "téléphone" in text.lower()


def test_patient_record_conflict_from_corrections_is_french(
    qtbot, french, engine, db, receptionist, manager, zoe  # noqa: F811
):
    from clinic_desktop.ui.patients.patient_dialog import PatientDialog

    desk, room = Workspace(engine, receptionist), Workspace(_second_engine(engine), manager)
    mine = PatientDialog(desk, lambda: receptionist, patient_id=zoe.id)
    theirs = PatientDialog(room, lambda: manager, patient_id=zoe.id)
    qtbot.addWidget(mine)
    qtbot.addWidget(theirs)
    theirs.phone.setText("+1 416 555 0999")
    qtbot.mouseClick(theirs.save_button(), Qt.MouseButton.LeftButton)
    assert theirs.saved is not None
    mine.email.setText("zoe@example.org")
    qtbot.mouseClick(mine.save_button(), Qt.MouseButton.LeftButton)
    assert mine.saved is None
    text = mine.errors.general_label().text()
    _assert_french_conflict(text, "Mona Manager")
    assert "dossier de" in text


def test_times_are_written_the_canadian_french_way():
    moment = datetime(2026, 5, 7, 2, 46)
    messages.set_language("en")
    assert messages.short_time(moment) == "02:46"
    messages.set_language("fr")
    assert messages.short_time(moment) == "02 h 46"
    assert messages.short_datetime(moment) == "07 mai 2026 02 h 46"


def test_the_window_writes_times_the_french_way(french):
    from clinic_desktop.ui.common.forms import short_time

    assert short_time(datetime(2026, 5, 7, 14, 5)) == "14 h 05"
    i18n.install("en")
    assert short_time(datetime(2026, 5, 7, 14, 5)) == "14:05"


def test_history_names_the_sheet_language_and_time_in_french(engine, db, admin, tmp_path, clinic):  # noqa: F811
    from datetime import date

    from clinic_desktop.services import checkout, patients, timeline, treatments

    clinic.emergency_phone = "+1 416 555 0199"
    db.add(clinic)
    db.commit()
    p = patients.create_patient(db, actor=admin, data=patients.PatientCreate(
        given_names="Zoé", family_name="Roy", date_of_birth=date(1980, 12, 2), preferred_language="fr"))
    ts = treatments.record_treatment_session(db, actor=admin, data=treatments.TreatmentSessionCreate(
        patient_id=p.id, practitioner_id=admin.id, treatment="facial-mesotherapy",
        performed_at=datetime.now(UTC) - timedelta(hours=1)))
    checkout.save_sheet(db, actor=admin, treatment_session_id=ts.id, path=tmp_path / "sheet.pdf")
    messages.set_language("fr")
    events = timeline.patient_timeline(db, actor=admin, patient_id=p.id)
    sheet = [e for e in events if e.kind == "issuance"]
    assert sheet and sheet[0].detail.endswith(", français"), sheet[0].detail
    assert not any(re.search(r"\d:\d\d", e.title) for e in events), [e.title for e in events]
    assert any(re.search(r"\d\d h \d\d", e.title) for e in events)


def test_default_clinic_name_follows_the_window_language(qtbot, french, engine, db, admin):
    from clinic_desktop.services.clinic import get_clinic_profile
    from clinic_desktop.ui.signin.card import clinic_look

    profile = get_clinic_profile(db)
    assert profile.name == ClinicProfile.model_fields["name"].default  # the stored default stays as it is
    name, _colour = clinic_look(Workspace(engine, admin))
    assert name == "Ma clinique"
    i18n.install("en")
    assert clinic_look(Workspace(engine, admin))[0] == "My Clinic"


def test_a_clinic_chosen_name_is_never_translated(qtbot, french, engine, db, admin):
    from clinic_desktop.services.clinic import get_clinic_profile
    from clinic_desktop.ui.signin.card import clinic_look

    profile = get_clinic_profile(db)
    profile.name = "Clinique Lumière"
    db.add(profile)
    db.commit()
    assert clinic_look(Workspace(engine, admin))[0] == "Clinique Lumière"
    with Session(engine) as s:
        assert s.get(ClinicProfile, profile.id).name == "Clinique Lumière"


def test_protocol_checker_findings_are_french(tmp_path, capsys):
    from clinic_desktop.cli import main

    (tmp_path / "broken.fr.toml").write_text("id = 'broken'\nlanguage = 'fr'\n[[phases]\n", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["--language", "fr", "protocols", "check", "--dir", str(empty)]) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    assert "ERREUR" in text and "Ce dossier ne contient aucun fichier de protocole" in text, text
    assert "This folder" not in text
    assert main(["--language", "fr", "protocols", "check", "--dir", str(tmp_path)]) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    # one French sentence with the line and column, the parser's finding translated too
    assert ("broken.fr.toml: le fichier n’est pas du TOML valide à la ligne 3, colonne 9 (« ]] » attendu à la "
            "fin d’une déclaration de tableau)").replace("« ", "«\u00a0").replace(" »", "\u00a0»") in text, text
    assert "not valid" not in text and "Expected" not in text and ": :" not in text, text


def test_lock_screen_in_french_names_the_default_clinic_and_writes_the_time_in_french(
    qtbot, french, engine, db, admin
):
    from PySide6.QtWidgets import QLabel, QWidget

    from clinic_desktop.services.clinic import get_clinic_profile
    from clinic_desktop.ui.signin.lock import LockOverlay

    profile = get_clinic_profile(db)
    profile.timezone = "UTC"
    db.add(profile)
    db.commit()
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(900, 600)
    overlay = LockOverlay(Workspace(engine, admin), host, admin, locked_at=datetime(2026, 5, 7, 14, 5, tzinfo=UTC))
    overlay.resize(host.size())
    host.show()
    texts = [label.text() for label in overlay.findChildren(QLabel)]
    assert "MA CLINIQUE" in texts, texts
    assert any("14 h 05" in t for t in texts) and not any("14:05" in t for t in texts), texts
    assert not any("My Clinic".upper() in t for t in texts)


def test_command_line_times_are_written_the_french_way():
    moment = datetime(2025, 12, 31, 15, 30)
    messages.set_language("en")
    assert messages.numeric_datetime(moment) == "2025-12-31 15:30"
    messages.set_language("fr")
    assert messages.numeric_datetime(moment) == "2025-12-31 15 h 30"
