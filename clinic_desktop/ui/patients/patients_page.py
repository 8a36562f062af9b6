"""The Patients page: search as you type (name, phone, date of birth; blind to case and accents), and the
chosen patient's timeline of treatment sessions, aftercare issuances, follow-ups and complications.

From the timeline: "Report complication…" (a patient who calls in), open a complication to amend it,
open a follow-up, and "Reprint" an aftercare sheet (saying whether the bytes are identical to the first).
Corrections (services.corrections): "Edit patient…", "Correct…" a treatment session and its products,
mark a treatment session "Entered in error…", "Undo “All well”…" of a follow-up, and "Print corrected
sheet…" for a sheet issued before a correction (the sheet handed out stays in the history as it was).
Layout only; data comes from :mod:`clinic_desktop.services`.

Keyboard: the window's Ctrl+F puts the cursor in the search box (:meth:`PatientsPage.focus_search`); Enter
there searches at once, selects the first patient found and moves to the list; Enter on a patient (or a
double-click) opens their history, the timeline, with its first line selected; Enter on a line of the
history opens it (as a double-click does).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.models import Patient, TreatmentSession
from clinic_desktop.services.errors import ClinicError
from clinic_desktop.services.patients import get_patient
from clinic_desktop.services.permissions import Permission, allowed
from clinic_desktop.services.search import PatientHit, browse_patient_hits, find_patient_hits
from clinic_desktop.services.treatments import treatment_sessions_for_patient
from clinic_desktop.ui.common.forms import short_day
from clinic_desktop.ui.common.i18n import language_in_sentence, language_name

_Index = QModelIndex | QPersistentModelIndex
#: Milliseconds after the last key press before searching (keeps typing smooth; search itself takes ~ms).
SEARCH_DELAY_MS = 120
#: Rows shown at most in the search list.
SHOWN = 100
#: Patients read per page while browsing the whole list (empty search); more are read as the list scrolls.
BROWSE_PAGE = 200


class PatientTableModel(QAbstractTableModel):
    """Patients found by a search, or every patient page by page (``canFetchMore``/``fetchMore``: the view
    asks for the next page when it scrolls near the end). ``Qt.UserRole`` gives the patient id."""

    COL_NAME, COL_BORN, COL_PHONE, COL_LANGUAGE = range(4)
    HEADERS = (QT_TRANSLATE_NOOP("PatientTableModel", "Name"), QT_TRANSLATE_NOOP("PatientTableModel", "Born"),
               QT_TRANSLATE_NOOP("PatientTableModel", "Phone"),
               QT_TRANSLATE_NOOP("PatientTableModel", "Language"))

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.rows: list[tuple[int, str, str, str, str]] = []  # id, name, born, phone, language
        self._next_page: Callable[[int | None], list[PatientHit]] | None = None
        self._more = False

    @staticmethod
    def _row(p: Patient | PatientHit) -> tuple[int, str, str, str, str]:
        born = short_day(p.date_of_birth)
        # the language by its own name ("Français"), never its code
        return (p.id, p.display_name, born, p.phone, language_name(p.preferred_language))  # type: ignore[return-value]

    def set_patients(self, patients: list[Patient] | list[PatientHit],
                     next_page: Callable[[int | None], list[PatientHit]] | None = None) -> None:
        """Replace every row. ``next_page(last_id)``, when given, returns the patients after the last row
        (an empty list at the end); the view calls it through :meth:`fetchMore` as it scrolls."""
        self.beginResetModel()
        self.rows = [self._row(p) for p in patients]
        self._next_page = next_page
        self._more = next_page is not None and bool(self.rows)
        self.endResetModel()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or not self._more or self._next_page is None:
            return
        page = self._next_page(self.rows[-1][0] if self.rows else None)
        if not page:
            self._more = False
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self.rows.extend(self._row(p) for p in page)
        self.endInsertRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row[0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):  # the tooltip: the whole text
            return row[index.column() + 1]
        return None


_KIND_TEXT = {"treatment": QT_TRANSLATE_NOOP("PatientsPage", "Treatment"),  # shown translated
              "issuance": QT_TRANSLATE_NOOP("PatientsPage", "Aftercare"),
              "follow_up": QT_TRANSLATE_NOOP("PatientsPage", "Follow-up"),
              "complication": QT_TRANSLATE_NOOP("PatientsPage", "Complication"),
              "correction": QT_TRANSLATE_NOOP("PatientsPage", "Correction")}
_KIND_COLOUR = {"treatment": "#2f6f8f", "issuance": "#555555", "follow_up": "#3c7d3c", "complication": "#b3261e",
                "correction": "#7a5a00"}


class PatientsPage(QWidget):
    """The Patients page of the main window (``window.workspace``, ``window.current_staff()``)."""

    def __init__(self, window: Any):
        super().__init__()
        self.window_ = window
        self.workspace = window.workspace
        self.patient_id: int | None = None
        self.last_reprint: Any = None
        self._events: dict[tuple[str, int], Any] = {}

        self.search = QLineEdit()
        self.search.setAccessibleName(self.tr("Find patient"))
        self.search.setPlaceholderText(self.tr("Search by name, phone or date of birth (e.g. zoe, 555 0104, "
                                               "1990-05-17)"))
        find = getattr(window, "find_patient_action", None)  # the window's Find patient: names its shortcut
        self.search.setToolTip(self.tr("{find}; Enter goes to the first patient found").format(
            find=find.toolTip()) if find is not None else self.tr("Enter goes to the first patient found"))
        self.search.returnPressed.connect(self.go_to_first_match)
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.model = PatientTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # The name first, never squeezed to "…": it keeps 16 ems (more when it needs and there is room) and
        # the short columns follow at widths from the font; a narrow list scrolls sideways to them. Sized to
        # their contents, born/phone/language took all of a 1024-px window's list (fresh-user trial).
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = self.table.fontMetrics()
        em = metrics.horizontalAdvance("M")
        header.resizeSection(PatientTableModel.COL_NAME, 16 * em)
        for column, sample in ((PatientTableModel.COL_BORN, "30 Sep 2000"),
                               (PatientTableModel.COL_PHONE, "+1 416 555 0129"),
                               (PatientTableModel.COL_LANGUAGE, "Français")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + em)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.doubleClicked.connect(lambda _i: self.open_history())
        self._on_enter(self.table, self.open_history)  # Enter on a patient: their history
        self.found = QLabel()
        self.found.setWordWrap(True)  # a long count line must not set the page's minimum width

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel(self.tr("<h2>Patients</h2>")))
        lv.addWidget(self.search)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.found)

        self.header = QLabel(self.tr("Choose a patient."))
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.timeline = QTreeWidget()
        self.timeline.setHeaderLabels([self.tr("Date"), "", self.tr("What"), self.tr("Details")])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setColumnWidth(0, 95)
        self.timeline.setColumnWidth(1, 95)
        self.timeline.setColumnWidth(2, 250)
        self.timeline.itemSelectionChanged.connect(self._update_buttons)
        self.timeline.itemDoubleClicked.connect(lambda _i, _c: self.open_selected_event())
        self._on_enter(self.timeline, self.open_selected_event)  # Enter on a line of the history: open it
        self.report_button = QPushButton(self.tr("Report complication…"))
        self.open_button = QPushButton(self.tr("Open…"))
        self.open_button.setToolTip(self.tr("Open the selected complication or follow-up (Enter)"))
        self.reprint_button = QPushButton(self.tr("Reprint"))
        self.recall_button = QPushButton(self.tr("Batch recall…"))
        self.report_button.clicked.connect(lambda: self.report_complication())
        self.open_button.clicked.connect(self.open_selected_event)
        self.reprint_button.clicked.connect(lambda: self.reprint_selected())
        self.recall_button.clicked.connect(self.open_recall)
        self.edit_button = QPushButton(self.tr("Edit patient…"))
        self.edit_button.setToolTip(
            self.tr("Correct the patient's details; every change is kept in the history."))
        self.edit_button.clicked.connect(lambda: self.edit_patient())
        self.correct_button = QPushButton(self.tr("Correct…"))
        self.correct_button.setToolTip(
            self.tr("Correct the selected treatment session and its products, with a reason."))
        self.correct_button.clicked.connect(lambda: self.correct_selected())
        self.error_button = QPushButton(self.tr("Entered in error…"))
        self.error_button.setToolTip(
            self.tr("The selected treatment session should never have been recorded: it stays in the history, "
                    "marked, and leaves lists and reports."))
        self.error_button.clicked.connect(lambda: self.mark_selected_in_error())
        self.undo_button = QPushButton(self.tr("Undo “All well”…"))
        self.undo_button.setToolTip(
            self.tr("The selected follow-up was closed as “All well” by mistake: reopen it."))
        self.undo_button.clicked.connect(lambda: self.undo_all_well())
        self.merge_button = QPushButton(self.tr("Merge duplicate…"))
        self.merge_button.setToolTip(
            self.tr("Managers: the same person was recorded twice; merge the other record here."))
        self.merge_button.clicked.connect(lambda: self.merge_duplicate())
        self.corrected_sheet_button = QPushButton(self.tr("Print corrected sheet…"))
        self.corrected_sheet_button.setToolTip(
            self.tr("This sheet was issued before a correction; prepare a new one."))
        self.corrected_sheet_button.clicked.connect(lambda: self.print_corrected_sheet())
        self.message = QLabel()
        self.message.setWordWrap(True)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.merge_button, 0, Qt.AlignmentFlag.AlignTop)
        rv.addLayout(top)
        rv.addWidget(self.timeline, 1)
        rv.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.corrected_sheet_button)
        buttons.addStretch(1)
        rv.addLayout(buttons)  # two rows: in one, the actions made the window wider than a 1024 px screen
        buttons = QHBoxLayout()
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.error_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.recall_button)
        rv.addLayout(buttons)
        from clinic_desktop.ui.patients.photos.hooks import (
            install_on_patients_page,  # clinical photos (issue #16)
        )

        self.photo_strip = install_on_patients_page(self, rv, buttons)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([420, 640])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.run_search()
        self._update_buttons()

    # ------------------------------------------------------------------ search

    def run_search(self) -> None:
        """Search now with the text typed (the timer calls this ~0.1 s after the last key press)."""
        query = self.search.text().strip()
        if not query:  # every patient, newest first, read page by page as the list scrolls
            self.model.set_patients(self._browse_page(None), next_page=self._browse_page)
            self.found.setText(self.tr("Every patient, newest first; the list goes on as you scroll"))
        else:
            with self.workspace.session() as session:
                found = find_patient_hits(session, query, limit=SHOWN)
            self.model.set_patients(found)
            self.found.setText(self.tr("%n found", "", len(found)) if len(found) < SHOWN
                               else self.tr("More than %n found; keep typing to narrow", "", SHOWN - 1))
        if self.model.rowCount() == 1:
            self.table.selectRow(0)

    @staticmethod
    def _on_enter(view: QWidget, action: Callable[[], object]) -> None:
        """Enter (either key) on ``view`` runs ``action``, without the view's own handling of the key."""
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), view, context=Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(action)

    def focus_search(self) -> None:
        """Find patient (the window's Ctrl+F): the cursor in the search box, what it holds selected (typing
        replaces it)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def go_to_first_match(self) -> bool:
        """Enter in the search box: search now (not after the typing pause), select the first patient
        found and put the keyboard on the list; False (focus stays) when nobody is found."""
        self._timer.stop()
        self.run_search()
        if self.model.rowCount() == 0:
            return False
        self.table.selectRow(0)
        self.table.setCurrentIndex(self.model.index(0, 0))
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def open_history(self) -> bool:
        """Enter or double-click on a patient: their history (the timeline) takes the keyboard, its first
        line selected, so that Enter again opens it. False when no patient is chosen."""
        if self.patient_id is None:
            return False
        if self.timeline.topLevelItemCount() and self.timeline.currentItem() is None:
            self.timeline.setCurrentItem(self.timeline.topLevelItem(0))
        self.timeline.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def _browse_page(self, before_id: int | None) -> list[PatientHit]:
        with self.workspace.session() as session:
            return browse_patient_hits(session, before_id=before_id, limit=BROWSE_PAGE)

    def select_patient(self, patient_id: int) -> None:
        """Show ``patient_id``'s timeline (selecting the row when it is listed)."""
        for r, row in enumerate(self.model.rows):
            if row[0] == patient_id:
                self.table.selectRow(r)
                return
        self.patient_id = patient_id
        self.load_timeline()

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.patient_id = rows[0].data(Qt.ItemDataRole.UserRole) if rows else None
        self.load_timeline()

    # ------------------------------------------------------------------ timeline

    def load_timeline(self) -> None:
        """Fill the timeline of the chosen patient."""
        from clinic_desktop.services.timeline import patient_timeline

        self.timeline.clear()
        self.message.clear()
        self.photo_strip.set_patient(self.patient_id)
        self._events = {}
        actor = self.window_.current_staff()
        if self.patient_id is None or actor is None:
            self.header.setText(self.tr("Choose a patient.") if actor else self.tr("Nobody is at the desk."))
            self._update_buttons()
            return
        try:
            with self.workspace.session() as session:
                patient = get_patient(session, self.patient_id)
                events = patient_timeline(session, actor=actor, patient_id=self.patient_id)
        except ClinicError as exc:
            self.header.setText(str(exc))
            return
        from html import escape

        from clinic_desktop.services.patients import alert_text

        alerts = alert_text(patient)

        details = self.tr("Born {born} · Phone <b>{phone}</b> · {email} · sheets in {language}").format(
            born=short_day(patient.date_of_birth), phone=escape(patient.phone or "—"),
            email=escape(patient.email or self.tr("no e-mail")), language=escape(language_in_sentence(patient.preferred_language)))
        self.header.setText(
            f"<span style='font-size:14pt'><b>{escape(patient.display_name)}</b></span><br>{details}"
            + (f"<br><span style='color:#b3261e; font-weight:bold'>⚠ {escape(alerts)}</span>" if alerts else ""))
        for event in events:
            item = QTreeWidgetItem([short_day(event.when), self.tr(_KIND_TEXT[event.kind]), event.title,
                                    event.detail])
            item.setData(0, Qt.ItemDataRole.UserRole, (event.kind, event.entity_id))
            self._events[(event.kind, event.entity_id)] = event
            item.setForeground(1, QBrush(QColor(_KIND_COLOUR[event.kind])))
            item.setToolTip(3, event.detail)
            if event.flagged:
                for c in range(4):
                    item.setForeground(c, QBrush(QColor("#b3261e")))
            self.timeline.addTopLevelItem(item)
        self._update_buttons()

    def selected_event(self) -> tuple[str, int] | None:
        """(kind, id) of the selected timeline line."""
        item = self.timeline.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def select_event(self, kind: str, entity_id: int) -> bool:
        """Select the timeline line of (kind, id)."""
        for i in range(self.timeline.topLevelItemCount()):
            item = self.timeline.topLevelItem(i)
            if tuple(item.data(0, Qt.ItemDataRole.UserRole)) == (kind, entity_id):
                self.timeline.setCurrentItem(item)
                return True
        return False

    def _update_buttons(self) -> None:
        actor = self.window_.current_staff()
        event = self.selected_event()
        self.report_button.setEnabled(self.patient_id is not None and allowed(actor, Permission.record_complication))
        self.open_button.setEnabled(event is not None and event[0] in ("complication", "follow_up"))
        self.reprint_button.setEnabled(event is not None and event[0] == "issuance"
                                       and allowed(actor, Permission.print_aftercare))
        self.edit_button.setEnabled(self.patient_id is not None and allowed(actor, Permission.edit_patients))
        self.merge_button.setVisible(allowed(actor, Permission.manage_catalogue))
        self.merge_button.setEnabled(self.patient_id is not None and allowed(actor, Permission.manage_catalogue))
        state = self._selected_state()
        treats = allowed(actor, Permission.record_treatment_session)
        self.correct_button.setEnabled(state == "treatment" and treats)
        self.error_button.setEnabled(state == "treatment" and treats)
        self.undo_button.setEnabled(state == "all_well" and allowed(actor, Permission.record_follow_up))
        shown = self._events.get(tuple(event)) if event is not None else None  # type: ignore[call-overload]
        stale = bool(shown is not None and shown.predates_correction)
        self.corrected_sheet_button.setVisible(stale)
        self.corrected_sheet_button.setEnabled(stale and allowed(actor, Permission.print_aftercare))

    def _selected_state(self) -> str | None:
        """"treatment" for a treatment session that can be corrected, "all_well" for a follow-up closed as
        All well, else None (read from the database: the line's text is not the record)."""
        from clinic_desktop.models import FollowUp, FollowUpStatus

        event = self.selected_event()
        if event is None or event[0] not in ("treatment", "follow_up"):
            return None
        with self.workspace.session() as session:
            if event[0] == "treatment":
                ts = session.get(TreatmentSession, event[1])
                return "treatment" if ts is not None and not ts.entered_in_error else None
            fu = session.get(FollowUp, event[1])
            return "all_well" if fu is not None and FollowUpStatus(fu.status) == FollowUpStatus.all_well else None

    # ------------------------------------------------------------------ actions

    def _treatment_sessions(self) -> list[TreatmentSession]:
        with self.workspace.session() as session:
            return treatment_sessions_for_patient(session, self.patient_id)

    def complication_form_for(self, treatment_session_id: int | None = None):  # type: ignore[no-untyped-def]
        """The complication form for the chosen (or selected, or latest) treatment session, not yet shown."""
        from clinic_desktop.ui.complications.complication_form import ComplicationForm

        if treatment_session_id is None:
            event = self.selected_event()
            if event is not None and event[0] == "treatment":
                treatment_session_id = event[1]
        if treatment_session_id is None:
            sessions = self._treatment_sessions()
            if not sessions:
                self.message.setText(
                    self.tr("This patient has no treatment session to link a complication to."))
                return None
            if len(sessions) == 1:
                treatment_session_id = sessions[0].id
            else:
                from clinic_desktop.services.followups import treatment_names

                names = treatment_names()
                labels = [f"{short_day(ts.performed_at)} — {names.get(ts.treatment, ts.treatment)}" for ts in sessions]
                choice, ok = QInputDialog.getItem(self, self.tr("Which treatment session?"),
                                                  self.tr("The complication followed:"), labels, 0, False)
                if not ok:
                    return None
                treatment_session_id = sessions[labels.index(choice)].id
        return ComplicationForm(self.workspace, self.window_.current_staff, treatment_session_id=treatment_session_id,
                                parent=self)

    def report_complication(self, treatment_session_id: int | None = None) -> bool:
        """A patient calls in: report a complication (of the selected or chosen treatment session)."""
        form = self.complication_form_for(treatment_session_id)
        if form is None:
            return False
        saved = bool(form.exec())
        self.load_timeline()
        return saved

    def open_selected_event(self) -> None:
        """Open the selected complication (amend form with history) or follow-up (follow-up dialog)."""
        event = self.selected_event()
        if event is None:
            return
        kind, entity_id = event
        if kind == "complication":
            from clinic_desktop.ui.complications.complication_form import ComplicationForm

            ComplicationForm(self.workspace, self.window_.current_staff, complication_id=entity_id, parent=self).exec()
        elif kind == "follow_up":
            from clinic_desktop.ui.followups.follow_up_dialog import FollowUpDialog

            FollowUpDialog(self.workspace, self.window_.current_staff, entity_id, parent=self).exec()
        self.load_timeline()

    def reprint_selected(self, save_to: Path | None = None) -> bool:
        """Reprint the selected aftercare issuance; say whether the bytes match the original; offer to save."""
        from clinic_desktop.services.checkout import reprint, write_pdf

        event = self.selected_event()
        if event is None or event[0] != "issuance":
            return False
        try:
            with self.workspace.session() as session:
                result = reprint(session, actor=self.window_.current_staff(), issuance_id=event[1])
                patient_name = get_patient(session, self.patient_id).display_name if self.patient_id else ""
        except ClinicError as exc:
            self.message.setText(str(exc))
            return False
        self.last_reprint = result
        text = (self.tr("Reprinted: identical to the original, byte for byte.") if result.identical else
                self.tr("Reprinted: NOT identical to the original (the difference is logged)."))
        if save_to is None:
            from clinic_desktop.services.checkout import safe_file_name_part
            from clinic_desktop.ui.common.files import ask_save_path

            name = safe_file_name_part(patient_name) or "patient"
            save_to = ask_save_path(self, self.tr("Save the reprint"),
                                    f"aftercare-reprint-{name}-{result.original.id}.pdf",
                                    self.tr("PDF (*.pdf)"))
        if save_to is not None:
            try:
                write_pdf(result.pdf, save_to)
                text = self.tr("{reprinted} Saved to {path}.").format(reprinted=text, path=save_to)
            except ClinicError as exc:
                text = self.tr("{reprinted} Not saved: {reason}").format(reprinted=text, reason=exc)
        self.load_timeline()  # the reprint is now in the history (this clears the message line, so it goes first)
        self.select_event("issuance", result.issuance.id)
        self.message.setText(text)
        return True

    # ------------------------------------------------------------------ corrections

    def edit_patient(self) -> bool:
        """Correct the chosen patient's details (Edit patient form); True when saved."""
        from clinic_desktop.ui.patients.patient_dialog import PatientDialog

        if self.patient_id is None:
            return False
        try:
            dialog = PatientDialog(self.workspace, self.window_.current_staff, self, patient_id=self.patient_id)
        except ClinicError as exc:
            self.message.setText(str(exc))
            return False
        saved = bool(dialog.exec())
        dialog.deleteLater()
        if saved:
            self.run_search()
            self.select_patient(self.patient_id)
            self.message.setText(self.tr("Patient details saved; the old values are in the history."))
        elif dialog.open_existing is not None:  # the details typed were another patient's: show that one
            self.select_patient(dialog.open_existing)
        return saved

    def merge_duplicate(self) -> bool:
        """Merge a duplicate record into the patient shown (managers); True when merged."""
        from clinic_desktop.ui.patients.correction_dialogs import MergePatientsDialog

        if self.patient_id is None:
            return False
        dialog = MergePatientsDialog(self.workspace, self.window_.current_staff, self.patient_id, self)
        merged = bool(dialog.exec())
        dialog.deleteLater()
        if merged:
            self.run_search()
            self.select_patient(self.patient_id)
            self.message.setText(
                self.tr("The duplicate record was merged here; both histories show the merge."))
        return merged

    def correct_selected(self) -> bool:
        """Correct the selected treatment session (and its product uses); True when saved."""
        from clinic_desktop.ui.patients.correction_dialogs import TreatmentSessionCorrectionDialog

        event = self.selected_event()
        if event is None or event[0] != "treatment":
            return False
        try:
            dialog = TreatmentSessionCorrectionDialog(self.workspace, self.window_.current_staff, event[1], self)
        except ClinicError as exc:
            self.message.setText(str(exc))
            return False
        saved = bool(dialog.exec())
        dialog.deleteLater()
        self.load_timeline()
        if saved:
            self.select_event("treatment", event[1])
            self.message.setText(self.tr("Treatment session corrected; the old values are in the history."))
        return saved

    def _ask_reason(self, title: str, question: str, ok_text: str,
                    action: Callable[[Any, str], Any]) -> bool:  # action(database session, reason)
        from clinic_desktop.ui.patients.correction_dialogs import ReasonDialog

        dialog = ReasonDialog(self.workspace, title, question, ok_text, action, self)
        done = bool(dialog.exec())
        dialog.deleteLater()
        return done

    def mark_selected_in_error(self) -> bool:
        """Mark the selected treatment session as entered in error, with a reason; True when done."""
        from clinic_desktop.services import corrections

        event = self.selected_event()
        if event is None or event[0] != "treatment":
            return False
        with self.workspace.session() as session:
            version = corrections.current_version(session, "treatment_session",
                                                  session.get(TreatmentSession, event[1]))
        done = self._ask_reason(
            self.tr("Treatment session entered in error"),
            self.tr("Why should this treatment session never have been recorded? It stays in the history, "
                    "marked, and its open follow-ups are cancelled."), self.tr("Mark entered in error"),
            lambda session, reason: corrections.mark_treatment_session_entered_in_error(
                session, actor=self.window_.current_staff(), treatment_session_id=event[1], reason=reason,
                expected_version=version))
        self.load_timeline()
        if done:
            self.select_event("treatment", event[1])
            self.message.setText(self.tr("Marked as entered in error; it stays in the history."))
        return done

    def undo_all_well(self) -> bool:
        """Undo the selected follow-up's "All well" (the follow-up is open again), with a reason."""
        from clinic_desktop.models import FollowUp
        from clinic_desktop.services import corrections

        event = self.selected_event()
        if event is None or event[0] != "follow_up":
            return False
        with self.workspace.session() as session:
            version = corrections.current_version(session, "follow_up", session.get(FollowUp, event[1]))
        done = self._ask_reason(
            self.tr("Undo “All well”"),
            self.tr("Why was “All well” recorded by mistake? The follow-up will be open again."),
            self.tr("Undo “All well”"),
            lambda session, reason: corrections.reopen_follow_up(
                session, actor=self.window_.current_staff(), follow_up_id=event[1], reason=reason,
                expected_version=version))
        self.load_timeline()
        if done:
            self.select_event("follow_up", event[1])
            self.message.setText(
                self.tr("The follow-up is open again; the undone “All well” is in the history."))
        return done

    def print_corrected_sheet(self) -> bool:
        """Open the sheet preview for the treatment session of the selected (out-of-date) issuance."""
        from clinic_desktop.models import AftercareIssuance
        from clinic_desktop.ui.checkout.sheet_preview import SheetPreviewDialog

        event = self.selected_event()
        if event is None or event[0] != "issuance":
            return False
        with self.workspace.session() as session:
            issuance = session.get(AftercareIssuance, event[1])
            ts = session.get(TreatmentSession, issuance.treatment_session_id) if issuance else None
            ts_id = ts.id if ts else None
            in_error = bool(ts and ts.entered_in_error)
        if in_error:
            self.message.setText(self.tr("This treatment session was entered in error: there is no corrected "
                                         "sheet to print."))
            return False
        try:
            dialog = SheetPreviewDialog(self.workspace, self.window_.current_staff, ts_id, self)  # type: ignore[arg-type]
        except ClinicError as exc:
            self.message.setText(self.tr("No corrected sheet: {reason}").format(reason=exc))
            return False
        issued = bool(dialog.exec()) or bool(dialog.issuances)
        dialog.deleteLater()
        self.load_timeline()
        return issued

    def open_recall(self) -> None:
        """The batch recall dialog."""
        from clinic_desktop.ui.reports.recall_dialog import RecallDialog

        RecallDialog(self.workspace, self.window_.current_staff, parent=self).exec()

    # ------------------------------------------------------------------ main-window hooks

    def refresh(self) -> None:
        """Called by the main window when shown or when the staff member changes."""
        self.run_search()
        self.load_timeline()

    def has_unsaved_changes(self) -> bool:
        """The page holds no typed work (forms guard their own)."""
        return False

    def confirm_leave(self) -> bool:
        """True: nothing to lose by switching page."""
        return True
