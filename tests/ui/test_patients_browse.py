"""The Patients page browses every patient lazily: pages of BROWSE_PAGE rows read as the list scrolls."""

from __future__ import annotations

from datetime import date, timedelta

from clinic_desktop.models import Patient
from clinic_desktop.services.patients import patient_search_text
from clinic_desktop.services.search import browse_patient_hits
from clinic_desktop.services.workspace import Workspace
from tests.language import ui_text


class _Window:
    def __init__(self, engine, staff):
        self.engine, self.staff = engine, staff
        self.workspace = Workspace(engine, staff)

    def current_staff(self):
        return self.staff

    def show_status(self, text: str) -> None:
        pass


def _many_patients(db, n: int) -> None:
    """``n`` patients (the third archived), added in one transaction: this tests paging, not patient entry."""
    for i in range(n):
        p = Patient(given_names=f"Name{i:04d}", family_name="Tremblay" if i % 2 else "Павлова",
                    date_of_birth=date(1950, 1, 1) + timedelta(days=i), phone=f"+1 416 555 {i:04d}",
                    archived=i == 2)
        p.search_text = patient_search_text(p)
        db.add(p)
    db.commit()


def test_browse_pages_follow_each_other_without_gaps(db):
    _many_patients(db, 25)
    first = browse_patient_hits(db, limit=10)
    second = browse_patient_hits(db, before_id=first[-1].id, limit=10)
    rest = browse_patient_hits(db, before_id=second[-1].id, limit=10)
    ids = [h.id for h in first + second + rest]
    assert ids == sorted(ids, reverse=True) and len(ids) == len(set(ids)) == 24  # archived one left out
    assert browse_patient_hits(db, before_id=ids[-1], limit=10) == []


def test_patients_page_fetches_more_as_the_list_scrolls(qtbot, qtmodeltester, engine, db, receptionist):
    from clinic_desktop.ui.patients.patients_page import BROWSE_PAGE, PatientsPage

    total = 2 * BROWSE_PAGE + 50
    _many_patients(db, total + 1)  # one of them archived
    page = PatientsPage(_Window(engine, receptionist))
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    assert page.model.rowCount() == BROWSE_PAGE and page.model.canFetchMore()
    assert page.found.text() == ui_text("PatientsPage", "Every patient, newest first; the list goes on as you scroll")
    bar = page.table.verticalScrollBar()
    last_max = 0
    while page.model.canFetchMore():
        qtbot.waitUntil(lambda m=last_max: bar.maximum() > m)  # the view has laid out the rows it holds
        last_max, before = bar.maximum(), page.model.rowCount()
        bar.setValue(last_max)  # scrolled to the end: the view asks the model for more
        qtbot.waitUntil(lambda b=before: page.model.rowCount() > b or not page.model.canFetchMore())
    ids = [row[0] for row in page.model.rows]
    assert len(ids) == len(set(ids)) == total and ids == sorted(ids, reverse=True)
    qtmodeltester.check(page.model)

    page.search.setText("tremblay")
    page.run_search()
    assert 0 < page.model.rowCount() <= 100 and not page.model.canFetchMore()
    assert all(row[1].endswith("Tremblay") for row in page.model.rows)


def test_names_keep_their_room_in_a_narrow_list_and_languages_show_by_name(qtbot, engine, db, receptionist):
    """Fresh-user trial: at 1024 px the born/phone/language columns, sized to their contents, took the whole
    list and every name showed as "…"; the language showed as its code ("fr")."""
    from clinic_desktop.ui.patients.patients_page import PatientsPage, PatientTableModel

    db.add(Patient(given_names="Søren", family_name="Kierkegaard-Holm", date_of_birth=date(1972, 7, 7),
                   phone="+1 416 555 0117", preferred_language="fr",
                   search_text="soren kierkegaard-holm"))
    db.commit()
    page = PatientsPage(_Window(engine, receptionist))
    qtbot.addWidget(page)
    page.resize(850, 700)  # a 1024-px window beside the page list
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    header = page.table.horizontalHeader()
    name = page.model.index(0, PatientTableModel.COL_NAME)
    needed = page.table.fontMetrics().horizontalAdvance(page.model.data(name))
    assert header.sectionSize(PatientTableModel.COL_NAME) > needed  # the whole name, no "…"
    language = page.model.index(0, PatientTableModel.COL_LANGUAGE)
    assert page.model.data(language) == "Français"
