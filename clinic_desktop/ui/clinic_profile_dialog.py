"""The clinic profile screen (managers): identity on every sheet, paper, language, time zone, locks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from zoneinfo import available_timezones

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine
from sqlmodel import Session

from clinic_desktop.models import ClinicProfile, PaperSize, StaffMember
from clinic_desktop.services import clinic
from clinic_desktop.ui.forms import FieldErrors

LOGO_PREVIEW = (220, 80)


class ClinicProfileDialog(QDialog):
    """Edit the clinic profile through services.clinic.update_clinic_profile; errors appear at the field.

    The logo chosen is read as bytes and checked by the service (a file that is not an image is refused with
    the service's message under the logo). ``saved`` holds the ClinicProfile after Save. A field's message
    goes away as soon as that field is edited (``logo_changed`` fires when another logo is chosen or removed).
    """

    logo_changed = Signal()

    def __init__(self, engine: Engine, actor: Callable[[], StaffMember | None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Clinic profile")
        self._engine = engine
        self._actor = actor
        self.saved: ClinicProfile | None = None
        self.errors = FieldErrors(self)
        with Session(engine, expire_on_commit=False) as session:
            profile = clinic.get_clinic_profile(session)
        self._logo: bytes | None = None  # None: keep the current logo; b"": remove it
        self._current_logo = profile.logo_png

        self.name = QLineEdit(profile.name)
        self.address = QPlainTextEdit(profile.address)
        self.address.setFixedHeight(64)
        self.phone = QLineEdit(profile.phone)
        self.emergency_phone = QLineEdit(profile.emergency_phone)
        self.emergency_phone.setPlaceholderText("required: printed on every sheet as the number to call")
        self.emergency_phone.setMaxLength(50)
        self.emergency_hours = QLineEdit(profile.emergency_hours)
        self.emergency_hours.setPlaceholderText("leave empty if answered day and night, e.g. Mon–Fri 8:00–20:00")
        self.emergency_hours.setMaxLength(200)
        self.country = QComboBox()
        self.country.setEditable(True)
        from clinic_desktop.aftercare.emergency import emergency_services_number, known_countries

        for code in known_countries():
            self.country.addItem(f"{code} — emergency {emergency_services_number(code)}", code)
        found = self.country.findData(profile.country)
        if found >= 0:
            self.country.setCurrentIndex(found)
        else:
            self.country.setEditText(profile.country)
        self.emergency_services = QLineEdit(profile.emergency_services)
        self.emergency_services.setPlaceholderText("only if your country is not in the list")
        self.emergency_services.setMaxLength(20)
        self.email = QLineEdit(profile.email)
        self.website = QLineEdit(profile.website)

        self.logo_preview = QLabel()
        self.logo_preview.setFixedSize(*LOGO_PREVIEW)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("border: 1px solid palette(mid); background: white;")
        self.logo_button = QPushButton("Choose…")
        self.logo_remove = QPushButton("Remove")
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_remove.clicked.connect(self.remove_logo)
        logo_row = QWidget()
        logo_layout = QHBoxLayout(logo_row)
        logo_layout.setContentsMargins(0, 0, 0, 0)
        logo_layout.addWidget(self.logo_preview)
        logo_buttons = QVBoxLayout()
        logo_buttons.addWidget(self.logo_button)
        logo_buttons.addWidget(self.logo_remove)
        logo_buttons.addStretch(1)
        logo_layout.addLayout(logo_buttons)
        logo_layout.addStretch(1)
        logo_row.setFocusProxy(self.logo_button)
        self._show_logo(profile.logo_png)

        self.brand_colour = QLineEdit(profile.brand_colour)
        self.brand_colour.setPlaceholderText("#1A2B3C")
        self.brand_colour.setFixedWidth(160)  # no length limit: the service quotes exactly what was typed
        self.colour_button = QPushButton()
        self.colour_button.setFixedSize(32, 24)
        self.colour_button.setToolTip("Pick a colour")
        self.colour_button.clicked.connect(self.pick_colour)
        self.brand_colour.textChanged.connect(self._show_colour)
        colour_row = QWidget()
        colour_layout = QHBoxLayout(colour_row)
        colour_layout.setContentsMargins(0, 0, 0, 0)
        colour_layout.addWidget(self.brand_colour)
        colour_layout.addWidget(self.colour_button)
        colour_layout.addStretch(1)
        colour_row.setFocusProxy(self.brand_colour)
        self._show_colour(profile.brand_colour)

        self.paper_size = QComboBox()
        self.paper_size.setFixedWidth(140)
        for size in PaperSize:
            self.paper_size.addItem(size.value, size.value)
        self.paper_size.setCurrentIndex(max(0, self.paper_size.findData(PaperSize(profile.paper_size).value)))
        self.default_language = QComboBox()
        for code, name in clinic.SUPPORTED_LANGUAGES.items():
            self.default_language.addItem(name, code)
        language_index = self.default_language.findData(profile.default_language)
        self.default_language.setCurrentIndex(max(0, language_index))
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        zones = sorted(available_timezones() | {"UTC"})
        self.timezone.addItems(zones)
        self.timezone.setCurrentText(profile.timezone)
        completer = QCompleter(zones, self.timezone)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.timezone.setCompleter(completer)
        self.idle_lock_minutes = QSpinBox()
        self.idle_lock_minutes.setRange(0, 1000)
        self.idle_lock_minutes.setSuffix(" minutes")
        self.idle_lock_minutes.setValue(profile.idle_lock_minutes)
        self.idle_lock_minutes.setFixedWidth(140)
        self.backups_keep = QSpinBox()
        self.backups_keep.setRange(0, 10000)
        self.backups_keep.setValue(profile.backups_keep)
        self.backups_keep.setFixedWidth(140)

        e = self.errors
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Clinic &name", e.wrap("name", self.name))
        form.addRow("&Address", e.wrap("address", self.address))
        form.addRow("&Phone", e.wrap("phone", self.phone))
        form.addRow("E&mergency phone", e.wrap("emergency_phone", self.emergency_phone))
        form.addRow("Emergency line &hours", e.wrap("emergency_hours", self.emergency_hours))
        form.addRow("Cou&ntry", e.wrap("country", self.country))
        form.addRow("Emergency ser&vices number", e.wrap("emergency_services", self.emergency_services))
        form.addRow("&E-mail", e.wrap("email", self.email))
        form.addRow("&Website", e.wrap("website", self.website))
        form.addRow("&Logo", e.wrap("logo_png", logo_row))
        e.register("logo_png", self.logo_preview, e.label_for("logo_png"), changed=self.logo_changed)
        form.addRow("Brand &colour", e.wrap("brand_colour", colour_row))
        e.register("brand_colour", self.brand_colour, e.label_for("brand_colour"))
        form.addRow("Paper si&ze", e.wrap("paper_size", self.paper_size))
        form.addRow("Default lan&guage", e.wrap("default_language", self.default_language))
        form.addRow("&Time zone", e.wrap("timezone", self.timezone))
        form.addRow("&Lock after idle", e.wrap("idle_lock_minutes", self.idle_lock_minutes))
        form.addRow("&Backups to keep", e.wrap("backups_keep", self.backups_keep))

        buttons = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(buttons.Save | buttons.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(e.general_label())
        layout.addWidget(self.buttons)
        self.setMinimumWidth(540)

    def save_button(self):
        """The Save button."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    # ------------------------------------------------------------------ logo and colour

    def _show_logo(self, data: bytes | None) -> None:
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.logo_preview.setPixmap(pixmap.scaled(LOGO_PREVIEW[0] - 8, LOGO_PREVIEW[1] - 8,
                                                      Qt.AspectRatioMode.KeepAspectRatio,
                                                      Qt.TransformationMode.SmoothTransformation))
        else:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("No logo" if not data else "Cannot show this file")
        self.logo_remove.setEnabled(bool(data))

    def choose_logo(self) -> None:
        """Pick a PNG or JPEG file; it is checked when saving (and shown at once if Qt can read it)."""
        path, _filter = QFileDialog.getOpenFileName(self, "Choose the clinic logo", "",
                                                    "Images (*.png *.jpg *.jpeg);;All files (*)")
        if path:
            self.set_logo_file(Path(path))

    def set_logo_file(self, path: Path) -> None:
        """Use the file at ``path`` as the new logo (validated by the service on Save)."""
        try:
            self._logo = path.read_bytes()
        except OSError as exc:
            self.errors.show({"logo_png": f"Cannot read {path.name}: {exc.strerror or exc}."})
            return
        self._show_logo(self._logo)
        self.logo_changed.emit()

    def remove_logo(self) -> None:
        """Remove the logo (the sheet then shows the clinic name only)."""
        self._logo = b""
        self._show_logo(None)
        self.logo_changed.emit()

    def _show_colour(self, text: str) -> None:
        colour = QColor(text.strip())
        shown = colour.name() if colour.isValid() and len(text.strip()) == 7 else "transparent"
        self.colour_button.setStyleSheet(f"background: {shown}; border: 1px solid palette(mid);")

    def pick_colour(self) -> None:
        """Open the colour picker on the current colour."""
        colour = QColorDialog.getColor(QColor(self.brand_colour.text().strip()), self, "Brand colour")
        if colour.isValid():
            self.brand_colour.setText(colour.name())

    # ------------------------------------------------------------------ saving

    def data(self) -> clinic.ClinicProfileUpdate:
        """The form as the service's update shape."""
        return clinic.ClinicProfileUpdate(
            name=self.name.text(),
            address=self.address.toPlainText(),
            phone=self.phone.text(),
            emergency_phone=self.emergency_phone.text(),
            emergency_hours=self.emergency_hours.text(),
            country=self._country_code(),
            emergency_services=self.emergency_services.text(),
            email=self.email.text(),
            website=self.website.text(),
            logo_png=self._logo,
            brand_colour=self.brand_colour.text(),
            paper_size=self.paper_size.currentData(),
            default_language=self.default_language.currentData(),
            timezone=self.timezone.currentText().strip(),
            idle_lock_minutes=self.idle_lock_minutes.value(),
            backups_keep=self.backups_keep.value(),
        )

    def _country_code(self) -> str:
        data = self.country.currentData()
        text = self.country.currentText().strip()
        if data and text == self.country.itemText(self.country.currentIndex()):
            return str(data)
        return text.split(" ", 1)[0].upper() if text else ""

    def save(self) -> None:
        """Save through the service; on a ValidationError show the messages at the fields and stay open."""
        ok, self.saved = self.errors.call(
            self._engine, lambda session: clinic.update_clinic_profile(session, actor=self._actor(), data=self.data()))
        if ok:
            self.accept()
