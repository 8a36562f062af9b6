"""Photo consent: three separate ticks (record, teaching, marketing), each shown with when and by whom."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget
from sqlalchemy import Engine
from sqlmodel import Session

from clinic_desktop.models import PhotoConsentPurpose, StaffMember
from clinic_desktop.services import photos
from clinic_desktop.services.clinic import clinic_zone
from clinic_desktop.services.errors import ClinicError


class PhotoConsentDialog(QDialog):
    """Shows the patient's current photo consents; records the ones changed (dated, in the actor's name)."""

    def __init__(
        self,
        engine: Engine,
        actor: Callable[[], StaffMember | None],
        patient_id: int,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Photo consent")
        self.engine = engine
        self.actor = actor
        self.patient_id = patient_id
        with Session(engine) as session:
            self.current = photos.current_consents(session, patient_id)
            zone = clinic_zone(session)
        form = QFormLayout(self)
        form.addRow(QLabel("The patient agrees to photographs being used…"))
        self.boxes: dict[PhotoConsentPurpose, QCheckBox] = {}
        for purpose in PhotoConsentPurpose:
            state = self.current[purpose]
            box = QCheckBox(photos.PURPOSE_LABELS[purpose])
            box.setChecked(bool(state and state.given))
            when = (
                f"{'agreed' if state.given else 'declined'} "
                f"{state.recorded_at.astimezone(zone):%d %b %Y %H:%M}"
                f" — recorded by {state.recorded_by}"
                if state
                else "not asked yet"
            )
            self.boxes[purpose] = box
            form.addRow(box, QLabel(when))
        self.note = QLineEdit()
        self.note.setPlaceholderText("optional, e.g. “signed form scanned”")
        form.addRow("Note", self.note)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> bool:
        """Record each purpose whose tick changed (or was never asked and is now ticked); close on success."""
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                for purpose, box in self.boxes.items():
                    state = self.current[purpose]
                    if state is None and not box.isChecked():
                        continue
                    if state is None or state.given != box.isChecked():
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
