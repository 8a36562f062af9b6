"""Photo consent: three separate ticks (record, teaching, marketing), each shown with when and by whom."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from clinic_desktop.ui.common.forms import time_format
from clinic_desktop.models import PhotoConsentPurpose, StaffMember
from clinic_desktop.services import photos
from clinic_desktop.services.clinic import clinic_zone
from clinic_desktop.services.errors import ClinicError
from clinic_desktop.services.messages import _
from clinic_desktop.services.workspace import Workspace


class PhotoConsentDialog(QDialog):
    """Shows the patient's current photo consents; records the ones changed (dated, in the actor's name)."""

    def __init__(
        self,
        workspace: Workspace,
        actor: Callable[[], StaffMember | None],
        patient_id: int,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("PhotoConsentDialog", "Photo consent"))
        self.workspace = Workspace.of(workspace)
        self.actor = actor
        self.patient_id = patient_id
        with Workspace.of(workspace).session() as session:
            self.current = photos.current_consents(session, patient_id)
            zone = clinic_zone(session)
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                QCoreApplication.translate(
                    "PhotoConsentDialog", "The patient agrees to photographs being used…"
                )
            )
        )
        self.boxes: dict[PhotoConsentPurpose, QCheckBox] = {}
        for purpose in PhotoConsentPurpose:
            state = self.current[purpose]
            box = QCheckBox(_(photos.PURPOSE_LABELS[purpose]))
            box.setChecked(bool(state and state.given))
            if state is None:
                when = QCoreApplication.translate("PhotoConsentDialog", "not asked yet")
            else:
                local = state.recorded_at.astimezone(zone)
                stamp = QLocale().toString(
                    QDateTime(QDate(local.date()), QTime(local.hour, local.minute)), "d MMM yyyy " + time_format()
                )
                when = (
                    QCoreApplication.translate("PhotoConsentDialog", "agreed {when} — recorded by {name}")
                    if state.given
                    else QCoreApplication.translate(
                        "PhotoConsentDialog", "declined {when} — recorded by {name}"
                    )
                ).format(when=stamp, name=state.recorded_by)
            self.boxes[purpose] = box
            form.addRow(box, QLabel(when))
        self.note = QLineEdit()
        self.note.setPlaceholderText(
            QCoreApplication.translate("PhotoConsentDialog", "optional, e.g. “signed form scanned”")
        )
        form.addRow(QCoreApplication.translate("PhotoConsentDialog", "Note"), self.note)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def ask_delete(self, count: int) -> bool | None:
        """When consent for the record is withdrawn: delete the patient's ``count`` stored photos too?
        (None: cancel.)"""
        answer = QMessageBox.question(
            self,
            QCoreApplication.translate("PhotoConsentDialog", "Consent withdrawn"),
            QCoreApplication.translate(
                "PhotoConsentDialog",
                "The patient withdraws consent to photographs for the record.\n\nDelete the images of their %n stored photo(s) as well? This cannot be undone (the record keeps that they existed).\nNo keeps the photos taken so far.",
                "",
                count,
            ),
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Cancel:
            return None
        return answer == QMessageBox.StandardButton.Yes

    def save(self) -> bool:
        """Record each purpose whose tick changed (or was never asked and is now ticked); close on success.

        Unticking the clinical record while photos are stored asks whether to delete their images too."""
        record = self.current[PhotoConsentPurpose.record]
        withdraw_all = False
        if record and record.given and not self.boxes[PhotoConsentPurpose.record].isChecked():
            with self.workspace.session() as session:
                count = len(photos.photo_rows(session, actor=self.actor(), patient_id=self.patient_id))  # type: ignore[arg-type]
            if count:
                choice = self.ask_delete(count)
                if choice is None:
                    return False
                withdraw_all = choice
        try:
            with self.workspace.session() as session:
                for purpose, box in self.boxes.items():
                    state = self.current[purpose]
                    if state is None and not box.isChecked():
                        continue
                    if state is None or state.given != box.isChecked():
                        if purpose == PhotoConsentPurpose.record and withdraw_all:
                            photos.withdraw_record_consent(
                                session,
                                actor=self.actor(),  # type: ignore[arg-type]
                                patient_id=self.patient_id,
                                note=self.note.text(),
                            )
                            continue
                        photos.set_consent(
                            session,
                            actor=self.actor(),
                            patient_id=self.patient_id,  # type: ignore[arg-type]
                            purpose=purpose,
                            given=box.isChecked(),
                            note=self.note.text(),
                        )
        except ClinicError as exc:
            self.error.setText(str(exc))
            return False
        self.accept()
        return True
