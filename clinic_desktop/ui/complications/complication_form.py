"""The complication form: record a new complication, or amend a saved one (with its history beside it).

Layout only; every save goes through :mod:`clinic_desktop.services.complications`, and its
ValidationError is shown at the fields it names. The CTCAE wording of the chosen severity grade is shown
beside the grade selector. Closing with unsaved changes asks first (:meth:`ComplicationForm.reject`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.models import (
    Causality,
    ComplicationKind,
    ComplicationOutcome,
    FollowUp,
    Patient,
    StaffMember,
    TreatmentSession,
)
from clinic_desktop.services import complications as comp
from clinic_desktop.services.clinic import clinic_zone, local_date, today
from clinic_desktop.services.errors import ClinicError, ConflictError, ValidationError
from clinic_desktop.services.messages import _
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common.forms import (
    short_time,
    DeliberateComboBox,
    DiscardGuard,
    FieldErrors,
    OptionalDateEdit,
    fit_to_screen,
    only_own_default,
    short_day,
)


def _combo(items: list[tuple[str, Any]], placeholder: str | None = None) -> QComboBox:
    box = DeliberateComboBox()  # a typed letter or the wheel never changes a clinical choice
    if placeholder is not None:
        box.addItem(placeholder, None)
    for label, value in items:
        box.addItem(label, value)
    return box


def _set_combo(box: QComboBox, value: Any) -> None:
    index = box.findData(value)
    box.setCurrentIndex(max(index, 0))


class ComplicationForm(DiscardGuard, QDialog):
    """Record (``complication_id`` None) or amend a complication of ``treatment_session_id``.

    ``follow_up_id``: the open follow-up the complication was found at (new) or the open complication
    check being done (amend). ``actor`` returns the acting staff member. After a successful save
    ``saved_id`` holds the complication's id and the dialog is accepted.
    """

    def __init__(self, workspace: Workspace, actor: Callable[[], StaffMember | None], *, treatment_session_id: int | None = None,
                 complication_id: int | None = None, follow_up_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._workspace = Workspace.of(workspace)
        self._actor = actor
        self.complication_id = complication_id
        self.follow_up_id = follow_up_id
        self.saved_id: int | None = None
        self.follow_up_note = ""  # typed at the follow-up: kept in the follow-up's notes when this is saved
        self._initial: dict[str, Any] = {}
        with self._workspace.session() as session:
            existing = (comp.get_complication(session, complication_id, actor=actor())
                        if complication_id else None)
            ts_id = existing.treatment_session_id if existing else treatment_session_id
            if ts_id is None:
                raise ValueError("a treatment session or a complication is needed")
            ts = session.get(TreatmentSession, ts_id)
            assert ts is not None
            patient = session.get(Patient, ts.patient_id)
            self.treatment_session_id = ts.id
            self._treated = local_date(ts.performed_at, clinic_zone(session))  # type: ignore[arg-type]
            self._today = today(session)
            self._zone = clinic_zone(session)
            products = comp.product_choices(session, ts.id)  # type: ignore[arg-type]
            from html import escape

            from clinic_desktop.services.followups import treatment_names

            heading = self.tr("<b>{patient}</b> — {treatment} on {day} ({areas})").format(
                patient=escape(patient.display_name if patient else ""),
                treatment=escape(treatment_names().get(ts.treatment, ts.treatment)),
                day=short_day(self._treated), areas=escape(ts.areas) if ts.areas else self.tr("areas not noted"))
            history = (comp.complication_history(session, complication_id, actor=actor())
                       if complication_id else [])
            current = comp.fields_of(existing) if existing else None
            # the versions this form was filled from: sent with the save, so a stale copy is refused
            self.version: int | None = existing.version if existing else None
            follow_up = session.get(FollowUp, follow_up_id) if follow_up_id else None
            self.follow_up_version: int | None = follow_up.version if follow_up else None
            self._in_error = bool(existing and existing.entered_in_error)
        self.setWindowTitle(self.tr("Amend complication") if complication_id else self.tr("Report a complication"))
        self.errors = FieldErrors(self)
        self._build(heading, products, history)
        if current is not None:
            self.set_values(current.model_dump())
        else:
            self.site.setText("")
            self.onset.setValue(None)
        self._initial = self.values()
        fit_to_screen(self, 1040 if complication_id else 720, 760)
        only_own_default(self, self.save_button)  # Enter saves, never "Mark entered in error…"

    # ------------------------------------------------------------------ building

    def _build(self, heading: str, products: list[tuple[int, str]], history: list[comp.HistoryEntry]) -> None:
        e = self.errors
        self.kind = _combo([(_(label), kind) for kind, label in comp.KIND_LABELS.items()], self.tr("Choose…"))
        self.kind_other = QLineEdit()
        self.kind_other.setPlaceholderText(self.tr("What happened, in a few words"))
        self.site = QLineEdit()
        self.site.setPlaceholderText(self.tr("e.g. left cheek, crown"))
        earliest = self._treated
        self.onset = OptionalDateEdit(earliest - timedelta(days=365), self._today + timedelta(days=365),
                                      start_page=self._treated)  # onset: on or after the treatment
        self.grade = _combo([(f"{g} — {_(name)}", g) for g, (name, _w) in comp.CTCAE_GRADES.items()],
                            self.tr("Choose…"))
        self.grade_wording = QLabel()
        self.grade_wording.setWordWrap(True)
        self.grade_wording.setStyleSheet("color: #444; font-size: 9pt;")
        grade_row = QWidget()
        gl = QVBoxLayout(grade_row)
        gl.setContentsMargins(0, 0, 0, 0)
        gl.addWidget(self.grade)
        gl.addWidget(self.grade_wording)
        grade_row.setFocusProxy(self.grade)  # the "Severity grade" label names the grade box
        self.serious = QCheckBox(self.tr("Serious"))
        self.criterion = _combo([(_(label), c) for c, label in comp.SERIOUS_LABELS.items()],
                                self.tr("Why serious…"))
        serious_row = QWidget()
        sl = QHBoxLayout(serious_row)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.serious)
        sl.addWidget(self.criterion, 1)
        self.criterion.setAccessibleName(self.tr("Why serious"))
        self.product = _combo([(label, pid) for pid, label in products],
                              self.tr("Not linked to a product"))
        self.causality = _combo([(_(label), c) for c, label in comp.CAUSALITY_LABELS.items()])
        _set_combo(self.causality, Causality.undetermined)
        self.action = QPlainTextEdit()
        self.action.setFixedHeight(54)
        self.outcome = _combo([(_(label), o) for o, label in comp.OUTCOME_LABELS.items()])
        _set_combo(self.outcome, ComplicationOutcome.not_resolved)
        self.resolution = OptionalDateEdit(earliest - timedelta(days=365), self._today + timedelta(days=365),
                                           start_page=self._today)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)
        self.notes.setAccessibleName(self.tr("Notes"))

        what = QGroupBox(self.tr("What happened"))
        f1 = QFormLayout(what)
        f1.addRow(self.tr("Kind"), e.wrap("kind", self.kind))
        f1.addRow(self.tr("Description"), e.wrap("kind_other", self.kind_other))
        f1.addRow(self.tr("Site or area"), e.wrap("site", self.site))
        f1.addRow(self.tr("Onset date"), e.wrap("onset_date", self.onset))
        f1.addRow(self.tr("Severity grade"), e.wrap("severity_grade", grade_row))
        e.register("severity_grade", self.grade, e.label_for("severity_grade"))
        f1.addRow("", e.wrap("serious", serious_row))
        e.register("serious_criterion", self.criterion, e.label_for("serious"))
        link = QGroupBox(self.tr("Product and cause"))
        f2 = QFormLayout(link)
        f2.addRow(self.tr("Product and batch"), e.wrap("product_use_id", self.product))
        f2.addRow(self.tr("Causality"), e.wrap("causality", self.causality))
        outcome = QGroupBox(self.tr("Action and outcome"))
        f3 = QFormLayout(outcome)
        f3.addRow(self.tr("Action taken"), e.wrap("action_taken", self.action))
        f3.addRow(self.tr("Outcome"), e.wrap("outcome", self.outcome))
        f3.addRow(self.tr("Resolution date"), e.wrap("resolution_date", self.resolution))
        reported = QGroupBox(self.tr("Reported to"))
        grid = QGridLayout(reported)
        grid.addWidget(QLabel(self.tr("On")), 0, 1)
        grid.addWidget(QLabel(self.tr("Reference")), 0, 2)
        self.report_on: dict[str, OptionalDateEdit] = {}
        self.report_ref: dict[str, QLineEdit] = {}
        for row, target in enumerate(comp.REPORT_TARGETS, start=1):
            on = OptionalDateEdit(earliest - timedelta(days=365), self._today + timedelta(days=365),
                                  start_page=self._today)
            ref = QLineEdit()
            self.report_on[target], self.report_ref[target] = on, ref
            on.setAccessibleName(self.tr("Reported to {target} on").format(target=target))
            ref.setAccessibleName(self.tr("Reference at {target}").format(target=target))
            grid.addWidget(QLabel(target.capitalize()), row, 0)
            grid.addWidget(e.wrap(f"reported_{target}_on", on), row, 1)
            grid.addWidget(e.wrap(f"reported_{target}_ref", ref), row, 2)
        notes = QGroupBox(self.tr("Notes"))
        QVBoxLayout(notes).addWidget(self.notes)

        body = QWidget()
        col = QVBoxLayout(body)
        title = QLabel(heading)
        title.setWordWrap(True)
        col.addWidget(title)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Why is it amended? e.g. reviewed at day 14"))
        if self.complication_id:
            amend = QGroupBox(self.tr("Amendment"))
            fa = QFormLayout(amend)
            fa.addRow(self.tr("Reason"), e.wrap("reason", self.reason))
            col.addWidget(amend)
        for box in (what, link, outcome, reported, notes):
            col.addWidget(box)
        e.register("changes", self.reason, e.general_label())
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("Save amendment") if self.complication_id
                                             else self.tr("Save complication"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.error_button: QPushButton | None = None
        if self.complication_id:
            self.error_button = buttons.addButton(self.tr("Mark entered in error…"),
                                                  QDialogButtonBox.ButtonRole.ResetRole)
            self.error_button.clicked.connect(lambda: self.mark_in_error())  # not the 'checked' flag

        outer = QVBoxLayout(self)
        if self.complication_id:
            self.history = QTreeWidget()
            self.history.setHeaderLabels([self.tr("Field"), self.tr("Before"), self.tr("After")])
            self.history.setColumnWidth(0, 130)
            self.history.setColumnWidth(1, 110)
            self.history.setWordWrap(True)
            self._fill_history(history)
            side = QWidget()
            sv = QVBoxLayout(side)
            sv.setContentsMargins(0, 0, 0, 0)
            sv.addWidget(QLabel(self.tr("<b>History</b> (nothing is overwritten)")))
            sv.addWidget(self.history)
            split = QSplitter()
            split.addWidget(scroll)
            split.addWidget(side)
            split.setSizes([600, 420])
            outer.addWidget(split, 1)
            if self._in_error:
                banner = QLabel(self.tr("This complication was marked as entered in error; it is kept for the "
                                        "record and can no longer be amended."))
                banner.setStyleSheet("background: #fdecea; color: #8c1d18; padding: 6px;")
                banner.setWordWrap(True)
                banner.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
                outer.insertWidget(0, banner)
                self.save_button.setEnabled(False)
                self.error_button.setEnabled(False)  # type: ignore[union-attr]
        else:
            outer.addWidget(scroll, 1)
        outer.addWidget(e.general_label())  # outside the scroll: a refusal (e.g. a conflict) is always in view
        outer.addWidget(buttons)

        self.kind.currentIndexChanged.connect(self._sync)
        self.grade.currentIndexChanged.connect(self._sync)
        self.serious.toggled.connect(self._sync)
        self.outcome.currentIndexChanged.connect(self._sync)
        self._sync()

    def _fill_history(self, history: list[comp.HistoryEntry]) -> None:
        self.history.clear()
        for entry in reversed(history):
            when = short_day(local := entry.at.astimezone(self._zone)) + " " + short_time(local) if entry.at else ""
            top = QTreeWidgetItem([self.tr("Version {version} · {when} · {by}").format(
                version=entry.version, when=when, by=entry.by)])
            top.setToolTip(0, top.text(0))
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.history.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            why = QTreeWidgetItem(top, [self.tr("Reason: {reason}").format(reason=entry.reason) if entry.reason
                                        else self.tr("No reason given")])
            why.setFirstColumnSpanned(True)
            why.setToolTip(0, why.text(0))
            for change in entry.changes:
                child = QTreeWidgetItem(top, [change.label, change.old, change.new])
                for column in range(3):
                    child.setToolTip(column, child.text(column))
            top.setExpanded(True)

    def _sync(self) -> None:
        """Show what applies: the description for "Other", the criterion when serious, the CTCAE wording."""
        self.kind_other.setEnabled(self.kind.currentData() == ComplicationKind.other)
        grade = self.grade.currentData()
        if grade is None:
            self.grade_wording.setText(self.tr("CTCAE: 1 mild · 2 moderate · 3 severe · 4 life-threatening · 5 death"))
        else:
            name, wording = comp.CTCAE_GRADES[grade]
            self.grade_wording.setText(self.tr("<b>Grade {grade} — {name}.</b> {wording}").format(
                grade=grade, name=_(name), wording=_(wording)))
        self.criterion.setEnabled(self.serious.isChecked())
        outcome = self.outcome.currentData()
        self.resolution.setEnabled(outcome not in comp.UNRESOLVED and outcome != ComplicationOutcome.unknown
                                   or self.resolution.value() is not None)

    # ------------------------------------------------------------------ values

    def values(self) -> dict[str, Any]:
        """The form's current values in the service's field names."""
        out: dict[str, Any] = {
            "kind": self.kind.currentData(), "kind_other": self.kind_other.text(), "site": self.site.text(),
            "onset_date": self.onset.value(), "severity_grade": self.grade.currentData(),
            "serious": self.serious.isChecked(),
            "serious_criterion": self.criterion.currentData() if self.serious.isChecked() else None,
            "action_taken": self.action.toPlainText(), "outcome": self.outcome.currentData(),
            "resolution_date": self.resolution.value(), "product_use_id": self.product.currentData(),
            "causality": self.causality.currentData(), "notes": self.notes.toPlainText(),
        }
        for target in comp.REPORT_TARGETS:
            out[f"reported_{target}_on"] = self.report_on[target].value()
            out[f"reported_{target}_ref"] = self.report_ref[target].text()
        return out

    def set_values(self, values: dict[str, Any]) -> None:
        """Fill the form (service field names)."""
        _set_combo(self.kind, values.get("kind"))
        self.kind_other.setText(values.get("kind_other") or "")
        self.site.setText(values.get("site") or "")
        self.onset.setValue(values.get("onset_date"))
        _set_combo(self.grade, values.get("severity_grade"))
        self.serious.setChecked(bool(values.get("serious")))
        _set_combo(self.criterion, values.get("serious_criterion"))
        self.action.setPlainText(values.get("action_taken") or "")
        _set_combo(self.outcome, values.get("outcome") or ComplicationOutcome.not_resolved)
        self.resolution.setValue(values.get("resolution_date"))
        _set_combo(self.product, values.get("product_use_id"))
        _set_combo(self.causality, values.get("causality") or Causality.undetermined)
        self.notes.setPlainText(values.get("notes") or "")
        for target in comp.REPORT_TARGETS:
            self.report_on[target].setValue(values.get(f"reported_{target}_on"))
            self.report_ref[target].setText(values.get(f"reported_{target}_ref") or "")
        self._sync()

    def carry_follow_up_note(self, note: str) -> None:
        """Take the note typed at the follow-up: it goes into this form's notes (when they are empty) and
        is kept with the follow-up when the complication is saved. Cancel then asks before discarding it."""
        self.follow_up_note = note.strip()
        if self.follow_up_note and not self.notes.toPlainText().strip():
            self.notes.setPlainText(self.follow_up_note)

    def has_unsaved_changes(self) -> bool:  # Cancel, Esc and the window's close button ask (DiscardGuard)
        """True when anything differs from what was loaded (or typed since the last save)."""
        return self.saved_id is None and (self.values() != self._initial or bool(self.reason.text().strip()))

    # ------------------------------------------------------------------ actions

    def save(self) -> bool:
        """Save through the service; errors appear at their fields and the dialog stays open."""
        problems = self.errors.input_problems()  # a date typed that cannot be read: say so, never drop it
        if problems:
            self.errors.show(problems)
            return False
        values = self.values()
        try:
            with self._workspace.session() as session:
                if self.complication_id is None:
                    row = comp.record_complication(session, actor=self._actor(), data=comp.ComplicationCreate(  # type: ignore[arg-type]
                        treatment_session_id=self.treatment_session_id, follow_up_id=self.follow_up_id, **values),
                        follow_up_version=self.follow_up_version, follow_up_note=self.follow_up_note)
                else:
                    row = comp.amend_complication(session, actor=self._actor(), complication_id=self.complication_id,  # type: ignore[arg-type]
                                                  follow_up_id=self.follow_up_id, expected_version=self.version,
                                                  follow_up_note=self.follow_up_note,
                                                  data=comp.ComplicationAmend(reason=self.reason.text(), **values))
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return False
        except ConflictError as exc:  # someone else amended it since this form was filled
            self.errors.show_conflict(exc, self.reload)
            return False
        except ClinicError as exc:
            self.errors.show_message(str(exc))
            return False
        self.errors.clear()
        self.saved_id = row.id
        self.accept()
        return True

    def mark_in_error(self, reason: str | None = None) -> bool:
        """Ask for the reason and flag the complication as entered in error (it stays in the history)."""
        if reason is None:
            typed = self.reason.text() if getattr(self, "reason", None) is not None else ""
            reason, ok = QInputDialog.getText(self, self.tr("Entered in error"),
                                              self.tr("Why was this complication entered in error?"), text=typed)
            if not ok:
                return False
        try:
            with self._workspace.session() as session:
                row = comp.mark_entered_in_error(session, actor=self._actor(),  # type: ignore[arg-type]
                                                 complication_id=self.complication_id, reason=reason,  # type: ignore[arg-type]
                                                 expected_version=self.version)
        except ValidationError as exc:
            self.errors.show({"reason": exc.errors.get("reason", str(exc))})
            return False
        except ConflictError as exc:
            self.errors.show_conflict(exc, self.reload)
            return False
        except ClinicError as exc:
            self.errors.show_message(str(exc))
            return False
        self.saved_id = row.id
        self.accept()
        return True

    def reload(self) -> None:
        """Re-read the complication after a conflict: the form shows the record as it is now, with every
        field this user had changed put back as they typed it (and the reason kept), and its history
        updated; the next save is checked against the version just read. Nothing typed is thrown away."""
        mine = self.values()
        edited = {k: v for k, v in mine.items() if self._initial.get(k) != v}
        with self._workspace.session() as session:
            if self.complication_id is not None:
                actor = self._actor()
                row = comp.get_complication(session, self.complication_id, actor=actor)  # type: ignore[arg-type]
                self.version = row.version
                current = comp.fields_of(row).model_dump()
                history = comp.complication_history(
                    session, self.complication_id, actor=actor  # type: ignore[arg-type]
                )
            else:
                current, history = dict(self._initial), []
            if self.follow_up_id is not None:
                follow_up = session.get(FollowUp, self.follow_up_id)
                self.follow_up_version = follow_up.version if follow_up else None
        self.set_values(current)
        self._initial = self.values()
        self.set_values({**self._initial, **edited})
        if history and getattr(self, "history", None) is not None:
            self._fill_history(history)
