"""Correction dialogs: correct a treatment session (and its product uses) with a reason, and a short
reason form for "entered in error" / undoing an "All well". Layout only; the work is done by
:mod:`clinic_desktop.services.corrections`, and every error shows at its field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QDateTime, QLocale, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.models import StaffMember
from clinic_desktop.services import corrections, protocols, treatments
from clinic_desktop.services.clinic import clinic_zone
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common.forms import (
    time_format,
    DiscardGuard,
    FieldErrors,
    OptionalDateEdit,
    error_label,
    grow_to_fit,
    only_own_default,
)

COL_PRODUCT, COL_BATCH, COL_EXPIRY, COL_QUANTITY, COL_UNIT = range(5)
PRODUCT_HEADERS = (
    QT_TRANSLATE_NOOP("ProductUseCorrections", "Product"),
    QT_TRANSLATE_NOOP("ProductUseCorrections", "Batch number"),
    QT_TRANSLATE_NOOP("ProductUseCorrections", "Expiry date"),
    QT_TRANSLATE_NOOP("ProductUseCorrections", "Dose"),
    QT_TRANSLATE_NOOP("ProductUseCorrections", "Unit"),
)
_PRODUCT_KEYS = ("product_name", "batch_number", "expiry_date", "quantity", "unit")


class TreatmentSessionCorrectionDialog(DiscardGuard, QDialog):
    """Correct a recorded treatment session: time, practitioner, treatment, areas, notes and each product use
    (product, batch, expiry, dose), with one reason; saved all together or not at all.

    ``saved`` holds the corrected TreatmentSession after Save. The versions read when the form opened are
    sent back, so a correction made meanwhile elsewhere is refused (the message names who made it).
    """

    def __init__(
        self,
        workspace: Workspace,
        actor: Callable[[], StaffMember | None],
        treatment_session_id: int,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(
            QCoreApplication.translate("TreatmentSessionCorrectionDialog", "Correct treatment session")
        )
        self._workspace = Workspace.of(workspace)
        self._actor = actor
        self.treatment_session_id = treatment_session_id
        self.saved: Any = None
        self.errors = FieldErrors(self)
        with Workspace.of(workspace).session() as session:
            ts = treatments.get_treatment_session(session, treatment_session_id)
            self._zone = clinic_zone(session)
            staff = treatments.practitioners(session)
            if all(m.id != ts.practitioner_id for m in staff):  # a practitioner who has left stays choosable
                former = session.get(StaffMember, ts.practitioner_id)
                staff = [*staff, *([former] if former else [])]
            uses = treatments.product_uses(session, treatment_session_id)
            self._version = corrections.current_version(session, "treatment_session", ts)
            self._product_versions = {
                u.id: corrections.current_version(session, "product_use", u) for u in uses
            }
        self._use_ids: list[int] = [u.id for u in uses]  # type: ignore[misc]

        self.treatment = QComboBox()
        for pid, name in protocols.treatments():
            self.treatment.addItem(name, pid)
        self.treatment.setCurrentIndex(max(0, self.treatment.findData(ts.treatment)))
        self.practitioner = QComboBox()
        for member in staff:
            self.practitioner.addItem(member.full_name, member.id)
        self.practitioner.setCurrentIndex(max(0, self.practitioner.findData(ts.practitioner_id)))
        local = ts.performed_at.astimezone(self._zone)  # type: ignore[union-attr]
        self.performed_at = QDateTimeEdit()
        self.performed_at.setCalendarPopup(True)
        self.performed_at.setDisplayFormat("ddd dd MMM yyyy  " + time_format())
        self.performed_at.setDateTime(QDateTime(QDate(local.date()), QTime(local.hour, local.minute)))
        self.performed_at.setToolTip(
            QCoreApplication.translate(
                "TreatmentSessionCorrectionDialog", "Local time in the clinic's time zone ({key})."
            ).format(key=self._zone.key)
        )
        self.areas = QLineEdit(ts.areas)
        self.notes = QPlainTextEdit(ts.notes)
        self.notes.setFixedHeight(60)

        self.products = QTableWidget(len(uses), len(PRODUCT_HEADERS))
        self.products.setHorizontalHeaderLabels(
            [QCoreApplication.translate("ProductUseCorrections", h) for h in PRODUCT_HEADERS]
        )
        self.products.horizontalHeader().setSectionResizeMode(COL_PRODUCT, QHeaderView.ResizeMode.Stretch)
        self.products.setColumnWidth(COL_BATCH, 120)
        self.products.setColumnWidth(COL_EXPIRY, 130)
        self.products.verticalHeader().setDefaultSectionSize(32)
        self.product_errors = error_label()
        for row, use in enumerate(uses):
            expiry = OptionalDateEdit(
                date(2000, 1, 1), date(2100, 12, 31), empty_text="—", start_page=local.date()
            )
            expiry.setValue(use.expiry_date)
            dose = QDoubleSpinBox()
            dose.setRange(0, 10000)
            dose.setDecimals(2)
            dose.setSpecialValueText("—")
            dose.setValue(use.quantity or 0)
            unit = QComboBox()
            unit.addItems(list(treatments.UNITS))
            unit.setCurrentText(use.unit)
            cells = (QLineEdit(use.product_name), QLineEdit(use.batch_number), expiry, dose, unit)
            for col, widget in enumerate(cells):
                widget.setAccessibleName(self.tr("{column}, row {row}").format(column=PRODUCT_HEADERS[col], row=row + 1))
                self.products.setCellWidget(row, col, widget)
                self.errors.register(f"products[{use.id}].{_PRODUCT_KEYS[col]}", widget, self.product_errors)
        self.products.setVisible(bool(uses))
        self.products.setMinimumHeight(40 + 32 * min(len(uses), 4) if uses else 0)

        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            QCoreApplication.translate(
                "TreatmentSessionCorrectionDialog", "e.g. batch number misread from the box"
            )
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        e = self.errors
        form.addRow(
            QCoreApplication.translate("TreatmentSessionCorrectionDialog", "&Treatment"),
            e.wrap("treatment", self.treatment),
        )
        form.addRow(
            QCoreApplication.translate("TreatmentSessionCorrectionDialog", "P&ractitioner"),
            e.wrap("practitioner_id", self.practitioner),
        )
        form.addRow(
            QCoreApplication.translate("TreatmentSessionCorrectionDialog", "&Date and time"),
            e.wrap("performed_at", self.performed_at),
        )
        form.addRow(
            QCoreApplication.translate("TreatmentSessionCorrectionDialog", "A&reas"),
            e.wrap("areas", self.areas),
        )
        form.addRow(
            QCoreApplication.translate("TreatmentSessionCorrectionDialog", "&Notes"),
            e.wrap("notes", self.notes),
        )
        reason_form = QFormLayout()
        reason_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        reason_form.addRow(
            QCoreApplication.translate("TreatmentSessionCorrectionDialog", "Reason for the &correction"),
            e.wrap("reason", self.reason),
        )

        buttons = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(buttons.Save | buttons.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        hint = QLabel(
            QCoreApplication.translate(
                "TreatmentSessionCorrectionDialog",
                "The old values stay in the patient's history with your name and the reason. Aftercare sheets already handed out are kept as they were.",
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if uses:
            layout.addWidget(
                QLabel(QCoreApplication.translate("TreatmentSessionCorrectionDialog", "<b>Products used</b>"))
            )
            layout.addWidget(self.products)
            layout.addWidget(self.product_errors)
        layout.addLayout(reason_form)
        layout.addWidget(hint)
        layout.addWidget(e.general_label())
        layout.addWidget(self.buttons)
        self.resize(720, 560 if uses else 420)
        self.errors.changed.connect(lambda: grow_to_fit(self))
        only_own_default(self, self.save_button())
        self.mark_clean()  # Escape, Cancel or closing asks before a typed correction is discarded

    def save_button(self):
        """The Save button."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def product_cell(self, row: int, col: int) -> QWidget:
        """The editor widget of a product table cell."""
        return self.products.cellWidget(row, col)

    def performed_at_utc(self) -> datetime:
        """The date and time shown, read as clinic-local time, as an aware UTC datetime."""
        qdt = self.performed_at.dateTime()
        d, t = qdt.date(), qdt.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=self._zone).astimezone(UTC)

    def data(self) -> corrections.TreatmentSessionCorrection:
        """What the form shows, as the service's correction shape."""
        cell = self.products.cellWidget
        products = {}
        for row, use_id in enumerate(self._use_ids):
            qty = cell(row, COL_QUANTITY).value()
            products[use_id] = corrections.ProductUseCorrection(
                product_name=cell(row, COL_PRODUCT).text(),
                batch_number=cell(row, COL_BATCH).text(),
                expiry_date=cell(row, COL_EXPIRY).value(),
                quantity=qty if qty > 0 else None,
                unit=cell(row, COL_UNIT).currentText(),
            )
        return corrections.TreatmentSessionCorrection(
            practitioner_id=self.practitioner.currentData() or 0,
            treatment=self.treatment.currentData() or "",
            performed_at=self.performed_at_utc(),
            areas=self.areas.text(),
            notes=self.notes.toPlainText(),
            products=products,
        )

    def save(self) -> None:
        """Save the correction; on an error show it at its field and stay open (nothing is saved)."""
        ok, self.saved = self.errors.call(
            self._workspace,
            lambda session: corrections.correct_treatment_session(
                session,
                actor=self._actor(),
                treatment_session_id=self.treatment_session_id,
                data=self.data(),
                reason=self.reason.text(),
                expected_version=self._version,
                product_versions=self._product_versions,
            ),
        )
        if ok:
            self.accept()


class MergePatientsDialog(DiscardGuard, QDialog):
    """A manager merges a duplicate into the patient shown: the possible duplicates are listed with their
    details (same folded name and birth date, or phone); the one chosen moves here, with a reason.

    ``merged_id`` holds the duplicate's id after the merge.
    """

    def __init__(
        self,
        workspace: Workspace,
        actor: Callable[[], StaffMember | None],
        keep_id: int,
        parent: QWidget | None = None,
    ):
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QListWidget, QListWidgetItem

        from clinic_desktop.services import patients

        super().__init__(parent)
        self._workspace = Workspace.of(workspace)
        self._actor = actor
        self.keep_id = keep_id
        self.merged_id: int | None = None
        self.errors = FieldErrors(self)
        with Workspace.of(workspace).session() as session:
            keep = patients.get_patient(session, keep_id)
            data = patients.PatientCreate(**{k: getattr(keep, k) for k in corrections.PATIENT_FIELDS})
            found = patients.possible_duplicates(session, data, exclude_id=keep_id)
            self._versions = {keep_id: corrections.current_version(session, "patient", keep)}
            self._versions.update(
                {m.patient.id: corrections.current_version(session, "patient", m.patient) for m in found}
            )
        self.setWindowTitle(
            QCoreApplication.translate("MergePatientsDialog", "Merge a duplicate into {display_name}").format(
                display_name=keep.display_name
            )
        )
        intro = QLabel(
            QCoreApplication.translate(
                "MergePatientsDialog",
                "Choose the record that is <b>the same person</b> as {display_name} (born {born}). Its treatment sessions, sheets, follow-ups and complications move here; it is archived with a pointer to this record.",
            ).format(
                display_name=keep.display_name,
                born=QLocale().toString(QDate(keep.date_of_birth), "d MMM yyyy"),
            )
            if found
            else QCoreApplication.translate(
                "MergePatientsDialog",
                "No other record has the same name and date of birth, or the same phone.",
            )
        )
        intro.setWordWrap(True)
        self.candidates = QListWidget()
        self.candidates.setWordWrap(True)
        for match in found:
            item = QListWidgetItem(match.summary)
            item.setData(Qt.ItemDataRole.UserRole, match.patient.id)
            self.candidates.addItem(item)
        if found:
            self.candidates.setCurrentRow(0)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            QCoreApplication.translate("MergePatientsDialog", "e.g. registered twice at check-in")
        )
        form = QFormLayout()
        form.addRow(
            QCoreApplication.translate("MergePatientsDialog", "Reason"),
            self.errors.wrap("reason", self.reason),
        )
        buttons = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(buttons.Ok | buttons.Cancel)
        self.ok_button().setText(QCoreApplication.translate("MergePatientsDialog", "Merge into this patient"))
        self.ok_button().setEnabled(bool(found))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.errors.wrap("merge_id", self.candidates))
        layout.addLayout(form)
        layout.addWidget(self.errors.general_label())
        layout.addWidget(self.buttons)
        self.resize(560, 360)
        self.errors.changed.connect(lambda: grow_to_fit(self))
        only_own_default(self, self.ok_button())
        self.mark_clean()

    def ok_button(self):
        """The button that merges."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def save(self) -> None:
        """Merge the chosen duplicate into this patient; close on success."""
        from PySide6.QtCore import Qt

        item = self.candidates.currentItem()
        if item is None:
            self.errors.show(
                {
                    "merge_id": QCoreApplication.translate(
                        "MergePatientsDialog", "Choose the duplicate record."
                    )
                }
            )
            return
        chosen = item.data(Qt.ItemDataRole.UserRole)
        ok, _kept = self.errors.call(
            self._workspace,
            lambda session: corrections.merge_patients(
                session,
                actor=self._actor(),
                keep_id=self.keep_id,
                merge_id=chosen,
                reason=self.reason.text(),
                expected_versions=self._versions,
            ),
        )
        if ok:
            self.merged_id = chosen
            self.accept()


class ReasonDialog(DiscardGuard, QDialog):
    """Ask for the reason of a correction and run ``action(session, reason)`` (a service call) on OK.

    ``result_value`` holds what the action returned. The service's message for ``reason`` (empty) or any
    other refusal shows in the dialog, which stays open.
    """

    def __init__(
        self,
        workspace: Workspace,
        title: str,
        question: str,
        ok_text: str,
        action: Callable[[Any, str], Any],  # (database session, reason)
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._workspace = Workspace.of(workspace)
        self._action = action
        self.result_value: Any = None
        self.errors = FieldErrors(self)
        label = QLabel(question)
        label.setWordWrap(True)
        self.reason = QLineEdit()
        buttons = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(buttons.Ok | buttons.Cancel)
        self.ok_button().setText(ok_text)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.errors.wrap("reason", self.reason))
        layout.addWidget(self.errors.general_label())
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.errors.changed.connect(lambda: grow_to_fit(self))
        only_own_default(self, self.ok_button())
        self.mark_clean()

    def ok_button(self):
        """The button that applies the correction."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def save(self) -> None:
        """Run the action with the reason typed; close on success."""
        ok, self.result_value = self.errors.call(
            self._workspace, lambda session: self._action(session, self.reason.text())
        )
        if ok:
            self.accept()
