"""One follow-up: the patient, the treatment session (products, batch numbers, practitioner), earlier
follow-ups and complications; record "All well" (one click), "Not reached" (reschedule) or a complication.

Layout only: every record goes through :mod:`clinic_desktop.services.followups` or the complication form.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.models import FollowUp, FollowUpKind, FollowUpStatus, StaffMember
from clinic_desktop.services import followups
from clinic_desktop.services.complications import KIND_LABELS, OUTCOME_LABELS
from clinic_desktop.services.messages import _
from clinic_desktop.services.permissions import Permission, allowed
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common.forms import (
    DiscardGuard,
    FieldErrors,
    OptionalDateEdit,
    fit_to_screen,
    only_own_default,
    scrolling_form,
)
from clinic_desktop.ui.complications.complication_form import ComplicationForm


def _long_date(d: date) -> str:
    """``d`` as "17 May 1990" in the window's language."""
    return QLocale().toString(QDate(d.year, d.month, d.day), "d MMM yyyy")


class FollowUpDialog(DiscardGuard, QDialog):
    """Open follow-up ``follow_up_id``. ``outcome`` says what was recorded ("all_well", "not_reached",
    "complication") once the dialog is accepted. ``form_factory`` builds the complication form (tests use it
    to drive the real form before it is shown)."""

    def __init__(self, workspace: Workspace, actor: Callable[[], StaffMember | None], follow_up_id: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._workspace = Workspace.of(workspace)
        self._actor = actor
        self.follow_up_id = follow_up_id
        self.outcome: str | None = None
        self.complication_form: ComplicationForm | None = None
        with Workspace.of(workspace).session() as session:
            self.detail = followups.follow_up_detail(session, actor=actor(), follow_up_id=follow_up_id)  # type: ignore[arg-type]
            from clinic_desktop.services.clinic import today

            self._today = today(session)
            from clinic_desktop.services.clinic import clinic_zone

            zone = clinic_zone(session)
            from clinic_desktop.services.complications import product_choices

            labels = dict(product_choices(session, self.detail.treatment_session.id))  # type: ignore[arg-type]
        d = self.detail
        fu = d.follow_up
        kind = _(followups.KIND_LABELS[FollowUpKind(fu.kind)])
        self.setWindowTitle(self.tr("{kind} — {patient}").format(kind=kind, patient=d.patient.display_name))
        self.errors = FieldErrors(self)

        patient = QGroupBox(self.tr("Patient"))
        pf = QFormLayout(patient)
        name = QLabel(f"<b>{d.patient.display_name}</b>")
        pf.addRow(self.tr("Name"), name)
        self.phone = QLabel("<b>{}</b>".format(d.patient.phone or self.tr("no phone recorded")))
        self.phone.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        pf.addRow(self.tr("Phone"), self.phone)
        pf.addRow(self.tr("Born"), QLabel(_long_date(d.patient.date_of_birth)))
        state = followups.state_text(fu, self._today)
        if fu.attempts:
            due_text = self.tr("{kind}, due {date} — {state} (%n attempt(s) so far)", "", fu.attempts)
        else:
            due_text = self.tr("{kind}, due {date} — {state}")
        due = QLabel(due_text.format(kind=kind, date=_long_date(fu.due_date), state=state))
        pf.addRow(self.tr("Follow-up"), due)

        session_box = QGroupBox(self.tr("Treatment session"))
        sf = QFormLayout(session_box)
        sf.addRow(self.tr("Treatment"), QLabel(self.tr("{treatment} on {date}").format(
            treatment=d.treatment_name, date=_long_date(d.treatment_date))))
        sf.addRow(self.tr("Practitioner"), QLabel(d.practitioner_name))
        sf.addRow(self.tr("Areas"), QLabel(d.treatment_session.areas or "—"))
        products = QLabel("<br>".join(labels.values()) or self.tr("No products recorded"))
        sf.addRow(self.tr("Products"), products)
        if d.checked_complication is not None:
            c = d.checked_complication
            sf.addRow(self.tr("Checking"), QLabel(self.tr("<b>{kind}</b>, grade {grade}, {outcome}").format(
                kind=_(KIND_LABELS[c.kind]), grade=c.severity_grade, outcome=_(OUTCOME_LABELS[c.outcome]).lower())))
        if not d.clinical_detail and d.complication_count:
            self.complication_notice = QLabel(self.tr(
                "<b>%n complication(s) recorded</b> for this patient: the details are "
                "for clinical staff, so pass the call to a practitioner.", "", d.complication_count))
            self.complication_notice.setWordWrap(True)
            sf.addRow(self.tr("Complications"), self.complication_notice)

        history = QGroupBox(self.tr("This patient's follow-ups and complications"))
        self.history = QTreeWidget()
        self.history.setHeaderLabels([self.tr("Date"), self.tr("What"), self.tr("Details")])
        self.history.setIndentation(14)
        self.history.setColumnWidth(0, 150)
        self.history.setColumnWidth(1, 210)
        self.earlier_group, self.upcoming_group = self._fill_history(zone)
        QVBoxLayout(history).addWidget(self.history)

        self.notes = QLineEdit()
        self.notes.setPlaceholderText(self.tr("Optional note, e.g. “mild redness only, fading”"))
        self.notes.setAccessibleName(self.tr("Follow-up note"))
        latest = self._today + timedelta(days=followups.MAX_RESCHEDULE_DAYS)
        self.reschedule = OptionalDateEdit(self._today, latest,
                                           start_page=self._today)
        self.reschedule.setValue(self._today + timedelta(days=1))
        self.reschedule.setAccessibleName(self.tr("Try again on"))
        self.all_well_button = QPushButton(self.tr("&All well"))  # its own click or Alt+A, never Enter in the note
        self.all_well_button.setToolTip(self.tr("The patient is well: this follow-up is done (Alt+A)."))
        self.all_well_button.setStyleSheet("font-weight: bold; padding: 6px 18px;")
        self.not_reached_button = QPushButton(self.tr("Not reached — try again on"))
        is_check = FollowUpKind(fu.kind) == FollowUpKind.complication_check and d.checked_complication is not None
        self.complication_button = QPushButton(self.tr("Update complication…") if is_check else self.tr("Complication…"))
        self.close_button = QPushButton(self.tr("Close"))
        self.all_well_button.clicked.connect(self.record_all_well)
        self.not_reached_button.clicked.connect(self.record_not_reached)
        self.complication_button.clicked.connect(self.open_complication_form)
        self.close_button.clicked.connect(self.reject)

        record = QGroupBox(self.tr("Record the outcome"))
        rl = QVBoxLayout(record)
        rl.addWidget(self.errors.wrap("notes", self.notes))
        row = QHBoxLayout()
        row.addWidget(self.all_well_button)
        row.addSpacing(12)
        row.addWidget(self.not_reached_button)
        row.addWidget(self.errors.wrap("reschedule_to", self.reschedule))
        row.addSpacing(12)
        row.addWidget(self.complication_button)
        row.addStretch(1)
        rl.addLayout(row)
        rl.addWidget(self.errors.general_label())
        self.errors.register("follow_up_id", self.all_well_button, self.errors.general_label())

        top = QHBoxLayout()
        top.addWidget(patient, 1)
        top.addWidget(session_box, 1)
        layout = QVBoxLayout(self)
        from clinic_desktop.services.patients import alert_text
        from clinic_desktop.ui.checkout.treatment_dialog import ALERT_STYLE

        self.alerts = QLabel(f"⚠ {alert_text(d.patient)}" if alert_text(d.patient) else "")
        self.alerts.setWordWrap(True)
        self.alerts.setStyleSheet(ALERT_STYLE)
        self.alerts.setVisible(bool(alert_text(d.patient)))
        body = QVBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(top)
        body.addWidget(history, 1)
        body.addWidget(record)
        layout.addWidget(self.alerts)
        layout.addWidget(scrolling_form(body), 1)  # scrolls on a low screen (1024×700); Close stays in view
        bottom = QHBoxLayout()
        # an "All well" recorded by mistake is undone here too (services.corrections.reopen_follow_up)
        self.undo_button = QPushButton(self.tr("Undo “All well”…"))
        self.undo_button.setToolTip(self.tr("“All well” was recorded by mistake: open this follow-up again, with a reason."))
        self.undo_button.clicked.connect(lambda: self.undo_all_well())
        self.undo_button.setVisible(FollowUpStatus(fu.status) == FollowUpStatus.all_well
                                    and allowed(actor(), Permission.record_follow_up))
        bottom.addWidget(self.undo_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)
        fit_to_screen(self, 860, 640)
        from clinic_desktop.ui.patients.photos.hooks import (
            install_on_follow_up_dialog,  # clinical photos (issue #16)
        )

        self.photo_strip = install_on_follow_up_dialog(self, body, body.indexOf(record))
        fit_to_screen(self, self.width(), self.height())  # with the strip, still inside a 1024×700 screen

        can_record = allowed(actor(), Permission.record_follow_up) and d.is_open
        for button in (self.all_well_button, self.not_reached_button, self.complication_button):
            button.setEnabled(can_record)
        only_own_default(self)  # no Save here: Enter in the note or the date records nothing
        self.notes.setFocus()  # the note is what one types first; Alt+A then records "All well"
        if not d.is_open:
            self.errors.show_message(self.tr("This follow-up is already recorded."))
        elif not allowed(actor(), Permission.record_follow_up):
            self.errors.show_message(self.tr("Only practitioners, managers and administrators record follow-ups."))

    def _fill_history(self, zone) -> tuple[QTreeWidgetItem, QTreeWidgetItem | None]:  # noqa: ANN001 (ZoneInfo)
        """Two groups: "Earlier" (complications, and follow-ups done or due before this one), newest first;
        "Coming up" (other open follow-ups due from this one's date on), soonest first; omitted when empty."""
        from clinic_desktop.services.clinic import local_date

        d = self.detail
        this_due = d.follow_up.due_date
        earlier: list[tuple[date, int, list[str]]] = []
        upcoming: list[tuple[date, int, list[str]]] = []
        for c in d.complications:
            what = (self.tr("Complication: {kind} (entered in error)") if c.entered_in_error
                    else self.tr("Complication: {kind}")).format(kind=_(KIND_LABELS[c.kind]))
            details = (self.tr("grade {grade}, {outcome}, {site}") if c.site else self.tr("grade {grade}, {outcome}"))
            earlier.append((c.onset_date, 0, [_long_date(c.onset_date), what, details.format(
                grade=c.severity_grade, outcome=_(OUTCOME_LABELS[c.outcome]).lower(), site=c.site)]))
        for other in d.earlier_follow_ups:
            status = FollowUpStatus(other.status)
            kind = _(followups.KIND_LABELS[FollowUpKind(other.kind)])
            state = _(followups.STATUS_LABELS[status])
            if status not in followups.OPEN_STATUSES:
                when = local_date(other.done_at, zone) if other.done_at else other.due_date
                earlier.append((when, other.id or 0, [_long_date(when), kind, self.tr("{state} (was due {date})").format(
                    state=state, date=_long_date(other.due_date))]))
            elif other.due_date < this_due:
                earlier.append((other.due_date, other.id or 0, [_long_date(other.due_date), kind,
                                                                 self.tr("Not done yet")]))
            else:
                upcoming.append((other.due_date, other.id or 0, [_long_date(other.due_date), kind, state]))
        earlier.sort(key=lambda row: (row[0], row[1]), reverse=True)
        upcoming.sort(key=lambda row: (row[0], row[1]))

        def group(title: str, rows: list[tuple[date, int, list[str]]], empty: str) -> QTreeWidgetItem:
            top = QTreeWidgetItem(self.history, [title])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFirstColumnSpanned(True)
            for _when, _id, texts in rows:
                QTreeWidgetItem(top, texts)
            if not rows:
                QTreeWidgetItem(top, ["", empty])
            top.setExpanded(True)
            return top

        earlier_group = group(self.tr("Earlier — newest first"), earlier, self.tr("Nothing before this follow-up"))
        upcoming_group = group(self.tr("Coming up — not yet due"), upcoming, "") if upcoming else None
        return earlier_group, upcoming_group

    # ------------------------------------------------------------------ actions

    def record_all_well(self) -> bool:
        """One click: the follow-up is done, all well."""
        ok, _ = self.errors.call(self._workspace, lambda session: followups.record_all_well(
            session, actor=self._actor(), follow_up_id=self.follow_up_id, notes=self.notes.text(),  # type: ignore[arg-type]
            expected_version=self.detail.follow_up.version), reload=self.reload)
        if not ok:
            return False
        self.outcome = "all_well"
        self.accept()
        return True

    def undo_all_well(self) -> bool:
        """Ask the reason and reopen this follow-up; the dialog closes (``outcome`` "reopened") when done."""
        from clinic_desktop.services import corrections
        from clinic_desktop.ui.patients.correction_dialogs import ReasonDialog

        with self._workspace.session() as session:
            version = corrections.current_version(session, "follow_up", session.get(FollowUp, self.follow_up_id))
        dialog = ReasonDialog(
            self._workspace, self.tr("Undo “All well”"), self.tr("Why was “All well” recorded by mistake? The "
                                                                 "follow-up will be open again."),
            self.tr("Undo “All well”"),
            lambda session, reason: corrections.reopen_follow_up(
                session, actor=self._actor(), follow_up_id=self.follow_up_id, reason=reason,  # type: ignore[arg-type]
                expected_version=version), self)
        done = bool(dialog.exec())
        dialog.deleteLater()
        if done:
            self.outcome = "reopened"
            self.accept()
        return done

    def record_not_reached(self) -> bool:
        """Count the attempt and move the follow-up to the chosen day."""
        ok, _ = self.errors.call(self._workspace, lambda session: followups.record_not_reached(
            session, actor=self._actor(), follow_up_id=self.follow_up_id,  # type: ignore[arg-type]
            reschedule_to=self.reschedule.value(), notes=self.notes.text(),
            expected_version=self.detail.follow_up.version), reload=self.reload)
        if not ok:
            return False
        self.outcome = "not_reached"
        self.accept()
        return True

    def reload(self) -> None:
        """Re-read the follow-up after a conflict (the typed note stays); once someone else has recorded it,
        the buttons that record it are disabled and the dialog says what it is now."""
        with self._workspace.session() as session:
            self.detail = followups.follow_up_detail(session, actor=self._actor(), follow_up_id=self.follow_up_id)  # type: ignore[arg-type]
        if not self.detail.is_open:
            for button in (self.all_well_button, self.not_reached_button, self.complication_button):
                button.setEnabled(False)
            status = _(followups.STATUS_LABELS[FollowUpStatus(self.detail.follow_up.status)])
            self.errors.show_message(self.tr("This follow-up is already recorded: {status}.").format(status=status))

    def make_complication_form(self) -> ComplicationForm:
        """The complication form for this follow-up: a new complication, or the amendment of the one checked."""
        d = self.detail
        if FollowUpKind(d.follow_up.kind) == FollowUpKind.complication_check and d.checked_complication is not None:
            form = ComplicationForm(self._workspace, self._actor, complication_id=d.checked_complication.id,
                                    follow_up_id=self.follow_up_id, parent=self)
        else:
            form = ComplicationForm(self._workspace, self._actor, treatment_session_id=d.treatment_session.id,
                                    follow_up_id=self.follow_up_id, parent=self)
        form.follow_up_version = d.follow_up.version  # the follow-up as this dialog showed it
        form.carry_follow_up_note(self.notes.text())  # nothing typed here is lost
        return form

    def open_complication_form(self) -> bool:
        """Open the complication form; when it is saved, this follow-up is done."""
        self.complication_form = self.make_complication_form()
        if self.complication_form.exec() == QDialog.DialogCode.Accepted:
            self.outcome = "complication"
            self.accept()
            return True
        return False

    def has_unsaved_changes(self) -> bool:
        """True when a note was typed but nothing recorded."""
        return self.outcome is None and bool(self.notes.text().strip())


