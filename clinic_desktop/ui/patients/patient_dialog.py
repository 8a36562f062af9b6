"""The "New patient" / "Edit patient" dialog: a form that calls services.patients.create_patient (or, to
correct an existing patient, services.patients.update_patient with a reason) and shows its field errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.models import Patient, StaffMember
from clinic_desktop.services import patients
from clinic_desktop.services.clinic import SUPPORTED_LANGUAGES, get_clinic_profile
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common.forms import (
    DiscardGuard,
    FieldErrors,
    OptionalDateEdit,
    fit_to_screen,
    grow_to_fit,
    only_own_default,
    scrolling_form,
)

# labels in English, translated where shown (context "PatientDialog")
# the codes are services.patients.SEXES' (tests/ui/test_patient_sex.py keeps them in step)
SEXES: list[tuple[str, str | None]] = [(QT_TRANSLATE_NOOP("PatientDialog", "Not recorded"), None),
                                        (QT_TRANSLATE_NOOP("PatientDialog", "Female"), "female"),
                                        (QT_TRANSLATE_NOOP("PatientDialog", "Male"), "male"),
                                        (QT_TRANSLATE_NOOP("PatientDialog", "Other"), "other"),
                                        (QT_TRANSLATE_NOOP("PatientDialog", "Not stated"), "not_stated")]


class PatientDialog(DiscardGuard, QDialog):
    """New patient form, or with ``patient_id`` the Edit patient form (filled in, with a reason field).

    On Save, ``created`` holds the new Patient (or ``saved`` the corrected one) and the dialog is accepted.
    ``actor`` is a callable returning the acting staff member (read at save time, so a staff change at the
    desk while the dialog is open counts). A ValidationError (or a ConflictError: someone else changed the
    patient since the form was opened) keeps the dialog open with what was typed.
    """

    def __init__(self, workspace: Workspace, actor: Callable[[], StaffMember | None],
                 parent: QWidget | None = None, patient_id: int | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New patient") if patient_id is None else self.tr("Edit patient"))
        self._workspace = Workspace.of(workspace)
        self._actor = actor
        self.patient_id = patient_id
        self.created: Patient | None = None
        self.saved: Patient | None = None
        self._version: int | None = None
        self.open_existing: int | None = None  # a possible duplicate the user chose to open instead
        self._warned_for: patients.PatientCreate | None = None
        self.errors = FieldErrors(self)

        self.given_names = QLineEdit()
        self.given_names.setPlaceholderText(self.tr("e.g. Aoife — or the single name, e.g. Suharti"))
        self.family_name = QLineEdit()
        self.family_name.setPlaceholderText(self.tr("leave empty for a single name"))
        today = date.today()
        self.date_of_birth = OptionalDateEdit(patients.EARLIEST_BIRTH, today + timedelta(days=366),
                                              start_page=date(today.year - 35, 1, 1))
        self.sex = QComboBox()
        for text, value in SEXES:
            self.sex.addItem(QCoreApplication.translate("PatientDialog", text), value)
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.language = QComboBox()
        for code, name in SUPPORTED_LANGUAGES.items():
            self.language.addItem(name, code)
        self.large_print = QCheckBox(self.tr("Print aftercare sheets in large type"))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        self.allergies = QLineEdit()
        self.allergies.setPlaceholderText(self.tr("e.g. lidocaine; latex — leave empty when none known"))
        self.conditions_box = QWidget()
        conditions_layout = QVBoxLayout(self.conditions_box)
        conditions_layout.setContentsMargins(0, 0, 0, 0)
        conditions_layout.setSpacing(2)
        self.conditions: dict[str, QCheckBox] = {}
        for code, label in patients.alert_conditions().items():
            self.conditions[code] = QCheckBox(label)
            conditions_layout.addWidget(self.conditions[code])
        with self._workspace.session() as session:
            default_language = get_clinic_profile(session).default_language
        self.language.setCurrentIndex(max(0, self.language.findData(default_language)))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        e = self.errors
        form.addRow(self.tr("&Given names"), e.wrap("given_names", self.given_names))
        form.addRow(self.tr("&Family name"), e.wrap("family_name", self.family_name))
        form.addRow(self.tr("&Date of birth"), e.wrap("date_of_birth", self.date_of_birth))
        form.addRow(self.tr("&Sex"), e.wrap("sex", self.sex))
        form.addRow(self.tr("&Phone"), e.wrap("phone", self.phone))
        form.addRow(self.tr("&E-mail"), e.wrap("email", self.email))
        form.addRow(self.tr("&Language"), e.wrap("preferred_language", self.language))
        form.addRow("", self.large_print)
        form.addRow(self.tr("&Notes"), e.wrap("notes", self.notes))
        form.addRow(self.tr("Allerg&ies"), e.wrap("allergies", self.allergies))
        form.addRow(self.tr("Alerts"), e.wrap("conditions", self.conditions_box))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("needed when a name, the date of birth, sex, notes or alerts change"))
        if patient_id is not None:
            form.addRow(self.tr("Reason for the &correction"), e.wrap("reason", self.reason))
            self._load(patient_id)

        buttons = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(buttons.Save | buttons.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        hint = QLabel(self.tr("Names are kept exactly as typed.") if patient_id is None else
                      self.tr("Every change is kept in the patient's history with the reason. Phone, e-mail, "
                              "language and large print change without a reason."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")

        # case C17: possible duplicates are shown with their details; the user opens one or goes on anyway
        self.duplicates_box = QWidget()
        box = QVBoxLayout(self.duplicates_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.duplicates_label = QLabel()
        self.duplicates_label.setWordWrap(True)
        self.duplicates_label.setStyleSheet("color: #7a5a00; font-weight: bold;")
        self.duplicates = QListWidget()
        self.duplicates.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.duplicates.setMaximumHeight(100)
        self.duplicates.setWordWrap(True)
        self.duplicates.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.open_button = QPushButton(self.tr("Open this patient"))
        self.anyway_button = QPushButton(self.tr("Create anyway") if patient_id is None else self.tr("Save anyway"))
        self.open_button.clicked.connect(self._open_selected)
        self.anyway_button.clicked.connect(lambda: self.save(anyway=True))
        self.duplicates.itemDoubleClicked.connect(lambda _item: self._open_selected())
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.anyway_button)
        row.addStretch(1)
        box.addWidget(self.duplicates_label)
        box.addWidget(self.duplicates)
        box.addLayout(row)
        self.duplicates_box.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(scrolling_form(form), 1)  # scrolls on a low screen; Save stays in view
        layout.addWidget(hint)
        layout.addWidget(self.duplicates_box)
        layout.addWidget(e.general_label())
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460 if patient_id is None else 560)
        self.setMaximumWidth(820)  # a form of sensible width, also on a wide screen
        fit_to_screen(self)
        self.errors.changed.connect(lambda: grow_to_fit(self))
        only_own_default(self, self.save_button())  # Enter saves; "Create anyway" needs its own click
        self.mark_clean()  # Escape, Cancel or closing asks before what is typed from here on is discarded

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
            allergies=self.allergies.text(),
            conditions=[code for code, box in self.conditions.items() if box.isChecked()],
        )

    def _load(self, patient_id: int) -> None:
        """Fill the form from the stored patient and remember the version it was read at."""
        from clinic_desktop.services.corrections import current_version

        with self._workspace.session() as session:
            p = patients.get_patient(session, patient_id)
            self._version = current_version(session, "patient", p)
        self._fill({"given_names": p.given_names, "family_name": p.family_name, "date_of_birth": p.date_of_birth,
                    "sex": p.sex, "phone": p.phone, "email": p.email, "preferred_language": p.preferred_language,
                    "large_print": p.large_print, "notes": p.notes, "allergies": p.allergies,
                    "conditions": list(p.conditions or [])})
        self._loaded = self.data().model_dump()

    def _show_sex(self, stored: str | None) -> None:
        """Select the stored sex; text from before the closed choices ("F", "banana") is read as its choice
        when it means one, else offered as its own entry so that saving keeps it as it was."""
        for index in range(self.sex.count() - 1, len(SEXES) - 1, -1):  # an earlier patient's entry
            self.sex.removeItem(index)
        index = self.sex.findData(stored)
        if index < 0 and (stored or "").strip():
            code = patients.sex_code(stored)
            if code is None:
                label = self.tr("Other (as recorded: “{value}”)").format(value=stored)
            else:
                choice = self.sex.itemText(self.sex.findData(code))
                label = self.tr("{choice} (as recorded: “{value}”)").format(choice=choice, value=stored)
            self.sex.addItem(label, stored)
            index = self.sex.count() - 1
        self.sex.setCurrentIndex(max(0, index))

    def _fill(self, values: dict) -> None:
        self.given_names.setText(values["given_names"])
        self.family_name.setText(values["family_name"])
        self.date_of_birth.setValue(values["date_of_birth"])
        self._show_sex(values["sex"])
        self.phone.setText(values["phone"])
        self.email.setText(values["email"])
        self.language.setCurrentIndex(max(0, self.language.findData(values["preferred_language"])))
        self.large_print.setChecked(values["large_print"])
        self.notes.setPlainText(values["notes"])
        self.allergies.setText(values["allergies"])
        for code, box in self.conditions.items():
            box.setChecked(code in (values["conditions"] or []))

    def reload(self) -> None:
        """Re-read the patient after a conflict: untouched fields show the saved details, the fields this
        user changed keep what they typed (the reason too); the next save is checked against the version
        just read."""
        typed = self.data().model_dump()
        edited = {k: v for k, v in typed.items() if self._loaded.get(k) != v}
        self._load(self.patient_id)  # type: ignore[arg-type]
        self._fill({**self._loaded, **edited})

    def _open_selected(self) -> None:
        item = self.duplicates.currentItem() or self.duplicates.item(0)
        if item is None:
            return
        self.open_existing = item.data(Qt.ItemDataRole.UserRole)
        self.reject()

    def _warn_duplicates(self) -> bool:
        """Show the patients this may already be (case C17); True when there are some to look at first."""
        data = self.data()
        if self._warned_for == data:  # already shown for exactly this: Save means go on
            return False
        with self._workspace.session() as session:
            found = patients.possible_duplicates(session, data, exclude_id=self.patient_id)
        self.duplicates.clear()
        for match in found:
            item = QListWidgetItem(match.summary)
            item.setToolTip(match.summary)
            item.setData(Qt.ItemDataRole.UserRole, match.patient.id)
            self.duplicates.addItem(item)
        if found:
            self.duplicates.setCurrentRow(0)
        one = len(found) == 1
        self.duplicates_label.setText(
            self.tr("This may be a patient already recorded. Open the existing record, or go on if this is "
                    "someone else.") if one else
            self.tr("This may be one of these patients already recorded. Open the existing record, or go on if "
                    "this is someone else."))
        self.duplicates_box.setVisible(bool(found))
        self._warned_for = data if found else None
        grow_to_fit(self)
        return bool(found)

    def save(self, anyway: bool = False) -> None:
        """Create (or correct) the patient; on a ValidationError show the messages at the fields and stay open.

        Possible duplicates are shown first (once for what is typed); ``anyway`` goes on without asking."""
        if not anyway and not self.errors.input_problems() and self._warn_duplicates():
            return
        if self.patient_id is not None:
            ok, self.saved = self.errors.call(self._workspace, lambda session: patients.update_patient(
                session, actor=self._actor(), patient_id=self.patient_id, data=self.data(),
                reason=self.reason.text(), expected_version=self._version), reload=self.reload)
        else:
            ok, self.created = self.errors.call(
                self._workspace, lambda session: patients.create_patient(session, actor=self._actor(), data=self.data()))
        if ok:
            self.accept()
