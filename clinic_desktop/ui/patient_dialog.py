"""The "New patient" dialog: a form that calls services.patients.create_patient and shows its field errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.models import Patient, StaffMember
from clinic_desktop.services import patients
from clinic_desktop.services.clinic import SUPPORTED_LANGUAGES, get_clinic_profile
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.forms import FieldErrors, OptionalDateEdit

SEXES: list[tuple[str, str | None]] = [("Not recorded", None), ("Female", "female"), ("Male", "male"),
                                        ("Other", "other")]


class PatientDialog(QDialog):
    """New patient form. On Save, ``created`` holds the new Patient and the dialog is accepted.

    ``actor`` is a callable returning the acting staff member (read at save time, so a staff change at the
    desk while the dialog is open counts). A ValidationError keeps the dialog open with what was typed.
    """

    def __init__(self, workspace: Workspace, actor: Callable[[], StaffMember | None],
                 parent: QWidget | None = None, *, patient_id: int | None = None):
        super().__init__(parent)
        self.setWindowTitle("New patient" if patient_id is None else "Patient details")
        self._workspace = Workspace.of(workspace)
        self._actor = actor
        self.patient_id = patient_id
        self.version: int | None = None  # with patient_id: the version the form was filled from
        self.created: Patient | None = None
        self.saved: Patient | None = None
        self.errors = FieldErrors(self)

        self.given_names = QLineEdit()
        self.given_names.setMaxLength(200)  # services.patients.MAX_NAME_CHARS
        self.given_names.setPlaceholderText("e.g. Aoife — or the single name, e.g. Suharti")
        self.family_name = QLineEdit()
        self.family_name.setMaxLength(200)
        self.family_name.setPlaceholderText("leave empty for a single name")
        today = date.today()
        self.date_of_birth = OptionalDateEdit(patients.EARLIEST_BIRTH, today + timedelta(days=366),
                                              start_page=date(today.year - 35, 1, 1))
        self.sex = QComboBox()
        for text, value in SEXES:
            self.sex.addItem(text, value)
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.language = QComboBox()
        for code, name in SUPPORTED_LANGUAGES.items():
            self.language.addItem(name, code)
        self.large_print = QCheckBox("Print aftercare sheets in large type")
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        with Workspace.of(workspace).session() as session:
            default_language = get_clinic_profile(session).default_language
        self.language.setCurrentIndex(max(0, self.language.findData(default_language)))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        e = self.errors
        form.addRow("&Given names", e.wrap("given_names", self.given_names))
        form.addRow("&Family name", e.wrap("family_name", self.family_name))
        form.addRow("&Date of birth", e.wrap("date_of_birth", self.date_of_birth))
        form.addRow("&Sex", e.wrap("sex", self.sex))
        form.addRow("&Phone", e.wrap("phone", self.phone))
        form.addRow("&E-mail", e.wrap("email", self.email))
        form.addRow("&Language", e.wrap("preferred_language", self.language))
        form.addRow("", self.large_print)
        form.addRow("&Notes", e.wrap("notes", self.notes))

        buttons = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(buttons.Save | buttons.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        hint = QLabel("Names are kept exactly as typed.")
        hint.setStyleSheet("color: palette(placeholder-text);")

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(e.general_label())
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        if patient_id is not None:
            with self._workspace.session() as session:
                self._load(patients.get_patient(session, patient_id))
        self._loaded = self.data().model_dump()

    def _load(self, patient: Patient) -> None:
        self.version = patient.version
        self._fill(patients.PatientCreate(
            given_names=patient.given_names, family_name=patient.family_name, date_of_birth=patient.date_of_birth,
            sex=patient.sex, phone=patient.phone, email=patient.email,
            preferred_language=patient.preferred_language, large_print=patient.large_print,
            notes=patient.notes).model_dump())

    def _fill(self, values: dict) -> None:
        self.given_names.setText(values["given_names"])
        self.family_name.setText(values["family_name"])
        self.date_of_birth.setValue(values["date_of_birth"])
        self.sex.setCurrentIndex(max(0, self.sex.findData(values["sex"])))
        self.phone.setText(values["phone"])
        self.email.setText(values["email"])
        self.language.setCurrentIndex(max(0, self.language.findData(values["preferred_language"])))
        self.large_print.setChecked(values["large_print"])
        self.notes.setPlainText(values["notes"])

    def reload(self) -> None:
        """Re-read the patient after a conflict: untouched fields show the saved details, the fields this
        user changed keep what they typed; the next save is checked against the version just read."""
        typed = self.data().model_dump()
        edited = {k: v for k, v in typed.items() if self._loaded.get(k) != v}
        with self._workspace.session() as session:
            self._load(patients.get_patient(session, self.patient_id))  # type: ignore[arg-type]
        self._loaded = self.data().model_dump()
        self._fill({**self._loaded, **edited})

    def save_button(self):
        """The Save button (for tests and keyboard users)."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def data(self) -> patients.PatientCreate:
        """What is typed, as the service's create shape."""
        return patients.PatientCreate(
            given_names=self.given_names.text(),
            family_name=self.family_name.text(),
            date_of_birth=self.date_of_birth.value(),
            sex=self.sex.currentData(),
            phone=self.phone.text(),
            email=self.email.text(),
            preferred_language=self.language.currentData(),
            large_print=self.large_print.isChecked(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        """Create (or, with ``patient_id``, amend) the patient; on a ValidationError show the messages at the
        fields and stay open; when someone else changed the patient meanwhile, say who/when/what, with Reload."""
        if self.patient_id is None:
            ok, self.created = self.errors.call(
                self._workspace, lambda session: patients.create_patient(session, actor=self._actor(), data=self.data()))
        else:
            ok, self.saved = self.errors.call(
                self._workspace, lambda session: patients.update_patient(
                    session, actor=self._actor(), patient_id=self.patient_id, data=self.data(),  # type: ignore[arg-type]
                    expected_version=self.version), reload=self.reload)
        if ok:
            self.accept()
