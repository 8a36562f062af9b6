"""The last English words of a French window (issue #15): treatment names and dates follow the window's
language everywhere the window shows them, while a sheet keeps the patient's language."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLabel, QListWidget, QTextBrowser, QWidget

from clinic_desktop.ui.common import i18n

ENGLISH_TREATMENTS = ("Facial mesotherapy", "Hair mesotherapy")
FRENCH_TREATMENTS = ("Mésothérapie faciale", "Mésothérapie capillaire")
ENGLISH_MONTHS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")


@pytest.fixture
def french(qapp):
    assert i18n.install("fr") == "fr"
    yield
    i18n.install("en")


def every_text(root: QWidget) -> list[str]:
    """What a person can read in ``root``: labels, combo items, list items and every cell of every table."""
    texts = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
        elif isinstance(widget, QTextBrowser):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    texts.append(str(model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole) or ""))
        if hasattr(widget, "text") and widget.__class__.__name__ == "OptionalDateEdit":
            texts.append(widget.text())
    return [t for t in texts if t]


def _patient_with_session(workspace, admin, language="en", when=None):
    from clinic_desktop.services import patients, treatments

    with workspace.session() as db:
        p = patients.create_patient(db, actor=admin, data=patients.PatientCreate(
            given_names="Zoé", family_name="Roy", date_of_birth=date(1980, 12, 2), preferred_language=language))
        ts = treatments.record_treatment_session(db, actor=admin, data=treatments.TreatmentSessionCreate(
            patient_id=p.id, practitioner_id=admin.id, treatment="facial-mesotherapy",
            performed_at=when or datetime.now(UTC)))
        return p.id, ts.id


def test_services_name_treatments_in_the_current_language():
    from clinic_desktop.services import messages, protocols
    from clinic_desktop.services.followups import treatment_names

    messages.set_language("fr")
    assert dict(protocols.treatments())["facial-mesotherapy"] == "Mésothérapie faciale"
    assert treatment_names()["hair-mesotherapy"] == "Mésothérapie capillaire"
    assert dict(protocols.treatments("en"))["facial-mesotherapy"] == "Facial mesotherapy"
    messages.set_language("en")
    assert treatment_names()["facial-mesotherapy"] == "Facial mesotherapy"


def test_a_treatment_without_the_window_language_keeps_another_name(tmp_path, monkeypatch):
    import shutil

    from clinic_desktop import paths
    from clinic_desktop.services import messages, protocols

    own = tmp_path / "protocols"
    shutil.copytree(paths.protocols_dir(), own)
    (own / "hair-mesotherapy.fr.toml").unlink()
    monkeypatch.setenv(paths.ENV_PROTOCOLS, str(own))
    protocols.reload_protocols()
    try:
        messages.set_language("fr")
        names = dict(protocols.treatments())
        assert names == {"facial-mesotherapy": "Mésothérapie faciale", "hair-mesotherapy": "Hair mesotherapy"}
    finally:
        monkeypatch.undo()
        protocols.reload_protocols()


def test_today_followups_patients_and_reports_name_treatments_in_french(qtbot, french, engine, admin):
    from clinic_desktop.services.workspace import Workspace
    from clinic_desktop.ui.main_window import MainWindow

    workspace = Workspace(engine)
    patient_id, _ts = _patient_with_session(workspace, admin, language="en")
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.set_current_staff(next(m for m in main._members.values() if m.id == admin.id))
    seen = []
    for title in ("Today", "Follow-ups", "Reports"):
        page = main.show_page(title)
        qtbot.wait(50)
        seen.append((title, every_text(page)))
    patients_page = main.show_page("Patients")
    patients_page.select_patient(patient_id)
    qtbot.waitUntil(lambda: any("Mésothérapie" in t for t in every_text(patients_page)), timeout=5000)
    seen.append(("Patients", every_text(patients_page)))
    for title, texts in seen:
        joined = "\n".join(texts)
        assert not any(name in joined for name in ENGLISH_TREATMENTS), (title, joined)
    assert any("Mésothérapie faciale" in "\n".join(texts) for title, texts in seen if title == "Today")


def test_treatment_dialog_lists_french_names(qtbot, french, engine, admin):
    from clinic_desktop.services.workspace import Workspace
    from clinic_desktop.ui.checkout.treatment_dialog import TreatmentSessionDialog

    dialog = TreatmentSessionDialog(Workspace(engine), lambda: admin)
    qtbot.addWidget(dialog)
    items = [dialog.treatment.itemText(i) for i in range(dialog.treatment.count())]
    assert set(FRENCH_TREATMENTS) <= set(items) and not set(ENGLISH_TREATMENTS) & set(items)


# ------------------------------------------------------------------------------------------------ dates

ENGLISH_DAYS = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(day)?\b")


def english_dates(texts: list[str]) -> list[str]:
    return [t for t in texts if ENGLISH_MONTHS.search(t) or ENGLISH_DAYS.search(t)]


def test_optional_date_edit_writes_months_in_the_window_language(qtbot, french):
    from clinic_desktop.ui.common.forms import OptionalDateEdit

    edit = OptionalDateEdit(date(2000, 1, 1), date(2030, 12, 31))
    qtbot.addWidget(edit)
    edit.setValue(date(2026, 12, 2))
    assert edit.text() == "02 déc. 2026"
    edit.clear()
    qtbot.keyClicks(edit, "4/2/2026")
    edit.editingFinished.emit()
    assert edit.text() == "04 févr. 2026" and edit.value() == date(2026, 2, 4)
    edit.setText("4 févr. 2031")
    assert "2030" in edit.input_problem() and "déc." in edit.input_problem()


def test_service_dates_follow_the_language():
    from clinic_desktop.services import messages
    from clinic_desktop.services.photos import label

    class Photo:
        kind, area, taken_on = "before", "joues", date(2026, 12, 2)

    messages.set_language("fr")
    assert label(Photo()).endswith("02 déc. 2026")
    assert messages.short_datetime(datetime(2026, 12, 2, 14, 5)) == "02 déc. 2026 14 h 05"
    messages.set_language("en")
    assert label(Photo()).endswith("02 Dec 2026")


def test_dates_in_screens_follow_french(qtbot, french, engine, admin):
    """A patient born and treated on 2 December: no English month or day name on the main screens and
    dialogs that show those dates (OptionalDateEdit fields, tables, QDateEdit/QDateTimeEdit)."""
    from clinic_desktop.services import followups
    from clinic_desktop.services.workspace import Workspace
    from clinic_desktop.ui.checkout.treatment_dialog import TreatmentSessionDialog
    from clinic_desktop.ui.complications.complication_form import ComplicationForm
    from clinic_desktop.ui.followups.follow_up_dialog import FollowUpDialog
    from clinic_desktop.ui.main_window import MainWindow
    from clinic_desktop.ui.patients.correction_dialogs import TreatmentSessionCorrectionDialog
    from clinic_desktop.ui.patients.patient_dialog import PatientDialog

    workspace = Workspace(engine)
    patient_id, ts_id = _patient_with_session(workspace, admin)
    with workspace.session() as db:
        fu = followups.follow_ups_for_patient(db, patient_id)[0]
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.set_current_staff(next(m for m in main._members.values() if m.id == admin.id))
    screens = {title: main.show_page(title) for title in ("Today", "Follow-ups", "Reports")}
    patients_page = main.show_page("Patients")
    patients_page.select_patient(patient_id)
    qtbot.waitUntil(lambda: any("déc." in t for t in every_text(patients_page)), timeout=5000)
    screens["Patients"] = patients_page
    actor = lambda: admin  # noqa: E731
    screens["treatment"] = TreatmentSessionDialog(workspace, actor)
    screens["complication"] = ComplicationForm(workspace, actor, treatment_session_id=ts_id)
    screens["follow-up"] = FollowUpDialog(workspace, actor, fu.id)
    screens["correction"] = TreatmentSessionCorrectionDialog(workspace, actor, ts_id)
    patient_form = PatientDialog(workspace, actor)
    patient_form.date_of_birth.setValue(date(1980, 12, 2))
    screens["patient"] = patient_form
    from PySide6.QtWidgets import QDateTimeEdit

    found = {}
    for name, screen in screens.items():
        qtbot.addWidget(screen) if screen.parent() is None else None
        texts = every_text(screen) + [w.text() for w in screen.findChildren(QDateTimeEdit)]
        if english_dates(texts):
            found[name] = english_dates(texts)
    assert found == {}


def test_patient_history_reads_french(engine, admin):
    """The history's lines (services.timeline) in the window's language: no "at", "Due", "areas not noted"."""
    from clinic_desktop.services import messages
    from clinic_desktop.services.timeline import patient_timeline
    from clinic_desktop.services.workspace import Workspace

    workspace = Workspace(engine)
    patient_id, _ts = _patient_with_session(workspace, admin)
    messages.set_language("fr")
    with workspace.session() as db:
        events = patient_timeline(db, actor=admin, patient_id=patient_id)
    texts = [f"{e.title} | {e.detail}" for e in events]
    assert any(t.startswith("Mésothérapie faciale à ") and "zones non notées" in t for t in texts), texts
    assert any("Suivi téléphonique\u00a0: À faire" in t for t in texts), texts
    words = {"at", "Due", "areas", "noted", "Review", "Phone", "check", "batch", "printed", "reason"}
    assert [t for t in texts if words & set(re.findall(r"\w+", t))] == []
