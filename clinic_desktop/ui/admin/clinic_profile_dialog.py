"""The clinic profile screen (managers): identity on every sheet, paper, language, time zone, locks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from zoneinfo import available_timezones

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
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

from clinic_desktop.models import ClinicProfile, PaperSize, StaffMember
from clinic_desktop.services import backups, clinic
from clinic_desktop.services.backups import RETENTION_FLOOR, RETENTION_MAX
from clinic_desktop.services.database_location import database_location_warning
from clinic_desktop.services.permissions import Permission, allowed
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common.forms import FieldErrors, fit_to_screen, scrolling_form

LOGO_PREVIEW = (220, 80)


class ClinicProfileDialog(QDialog):
    """Edit the clinic profile through services.clinic.update_clinic_profile; errors appear at the field.

    The logo chosen is read as bytes and checked by the service (a file that is not an image is refused with
    the service's message under the logo). ``saved`` holds the ClinicProfile after Save. A field's message
    goes away as soon as that field is edited (``logo_changed`` fires when another logo is chosen or removed).
    """

    logo_changed = Signal()

    def __init__(self, workspace: Workspace, actor: Callable[[], StaffMember | None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Clinic profile"))
        self._workspace = Workspace.of(workspace)
        self._actor = actor
        self.saved: ClinicProfile | None = None
        self.errors = FieldErrors(self)
        with Workspace.of(workspace).session() as session:
            profile = clinic.get_clinic_profile(session)
        self.version = profile.version  # the version this form was filled from (sent with the save)
        self._logo: bytes | None = None  # None: keep the current logo; b"": remove it
        self._current_logo = profile.logo_png

        # the default name shows translated, as everywhere in the window; saved unchanged it stays the default
        self._stored_name = profile.name
        self.name = QLineEdit(clinic.shown_name(profile.name))
        self.address = QPlainTextEdit(profile.address)
        self.address.setFixedHeight(64)
        self.phone = QLineEdit(profile.phone)
        self.emergency_phone = QLineEdit(profile.emergency_phone)
        self.emergency_phone.setPlaceholderText(self.tr("required: printed on every sheet as the number to call"))
        self.emergency_phone.setMaxLength(50)
        self.emergency_hours = QLineEdit(profile.emergency_hours)
        self.emergency_hours.setPlaceholderText(self.tr("leave empty if answered day and night, e.g. Mon–Fri 8:00–20:00"))
        self.emergency_hours.setMaxLength(200)
        self.country = QComboBox()
        self.country.setEditable(True)
        from clinic_desktop.aftercare.emergency import emergency_services_number, known_countries

        for code in known_countries():
            self.country.addItem(self.tr("{country} — emergency {number}").format(
                country=code, number=emergency_services_number(code)), code)
        found = self.country.findData(profile.country)
        if found >= 0:
            self.country.setCurrentIndex(found)
        else:
            self.country.setEditText(profile.country)
        self.emergency_services = QLineEdit(profile.emergency_services)
        self.emergency_services.setPlaceholderText(self.tr("only if your country is not in the list"))
        self.emergency_services.setMaxLength(20)
        self.email = QLineEdit(profile.email)
        self.website = QLineEdit(profile.website)

        self.logo_preview = QLabel()
        self.logo_preview.setFixedSize(*LOGO_PREVIEW)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("border: 1px solid palette(mid); background: white;")
        self.logo_button = QPushButton(self.tr("Choose…"))
        self.logo_remove = QPushButton(self.tr("Remove"))
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
        self.colour_button.setToolTip(self.tr("Pick a colour"))
        self.colour_button.setAccessibleName(self.tr("Pick a colour"))
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
        self.idle_lock_minutes.setSuffix(self.tr(" minutes"))
        self.idle_lock_minutes.setValue(profile.idle_lock_minutes)
        self.idle_lock_minutes.setFixedWidth(140)
        # backup retention: an administrator's decision (services.backups.set_backup_retention)
        self._retention = backups.retention_of(profile)
        self.retention_daily = self._retention_box(RETENTION_FLOOR.daily, RETENTION_MAX.daily,
                                                   self._retention.daily, self.tr(" daily"))
        self.retention_weekly = self._retention_box(RETENTION_FLOOR.weekly, RETENTION_MAX.weekly,
                                                    self._retention.weekly, self.tr(" weekly"))
        self.retention_monthly = self._retention_box(RETENTION_FLOOR.monthly, RETENTION_MAX.monthly,
                                                     self._retention.monthly, self.tr(" monthly"))
        retention_row = QWidget()
        retention_layout = QHBoxLayout(retention_row)
        retention_layout.setContentsMargins(0, 0, 0, 0)
        for key, name in (("retention_daily", self.tr("Daily backups kept")),
                          ("retention_weekly", self.tr("Weekly backups kept")),
                          ("retention_monthly", self.tr("Monthly backups kept"))):
            getattr(self, key).setAccessibleName(name)
            retention_layout.addWidget(self.errors.wrap(key, getattr(self, key)))
        retention_layout.addStretch(1)
        is_admin = allowed(actor(), Permission.manage_backups)
        for box in (self.retention_daily, self.retention_weekly, self.retention_monthly):
            box.setEnabled(is_admin)
            box.setToolTip(
                self.tr("How many days, weeks and months keep their newest backup (at least 14, 8 and 12).")
                if is_admin else self.tr("Only an administrator changes how many backups are kept.")
            )

        self.receptionists_may_lengthen_waits = QCheckBox(
            self.tr("Receptionists may lengthen the waiting times on an aftercare sheet"))
        self.receptionists_may_lengthen_waits.setChecked(profile.receptionists_may_lengthen_waits)
        self.receptionists_may_lengthen_waits.setToolTip(self.tr(
            "Lengthening a protocol's waiting times for a patient is a practitioner's decision. Tick this to let "
            "receptionists do it too (for example when a practitioner has asked for it in the notes)."))

        e = self.errors
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Clinic &name"), e.wrap("name", self.name))
        form.addRow(self.tr("&Address"), e.wrap("address", self.address))
        form.addRow(self.tr("&Phone"), e.wrap("phone", self.phone))
        form.addRow(self.tr("E&mergency phone"), e.wrap("emergency_phone", self.emergency_phone))
        form.addRow(self.tr("Emergency line &hours"), e.wrap("emergency_hours", self.emergency_hours))
        form.addRow(self.tr("Cou&ntry"), e.wrap("country", self.country))
        form.addRow(self.tr("Emergency ser&vices number"), e.wrap("emergency_services", self.emergency_services))
        form.addRow(self.tr("&E-mail"), e.wrap("email", self.email))
        form.addRow(self.tr("&Website"), e.wrap("website", self.website))
        form.addRow(self.tr("&Logo"), e.wrap("logo_png", logo_row))
        e.register("logo_png", self.logo_preview, e.label_for("logo_png"), changed=self.logo_changed)
        form.addRow(self.tr("Brand &colour"), e.wrap("brand_colour", colour_row))
        e.register("brand_colour", self.brand_colour, e.label_for("brand_colour"))
        form.addRow(self.tr("Paper si&ze"), e.wrap("paper_size", self.paper_size))
        form.addRow(self.tr("Default lan&guage"), e.wrap("default_language", self.default_language))
        form.addRow(self.tr("&Time zone"), e.wrap("timezone", self.timezone))
        form.addRow(self.tr("&Lock after idle"), e.wrap("idle_lock_minutes", self.idle_lock_minutes))
        form.addRow(self.tr("&Backups kept"), retention_row)
        form.addRow(self.tr("Waiting times"), e.wrap("receptionists_may_lengthen_waits",
                                                     self.receptionists_may_lengthen_waits))

        buttons = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(buttons.Save | buttons.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.location_warning = QLabel(database_location_warning(self._workspace.engine) or "")
        self.location_warning.setObjectName("networkShareWarning")
        self.location_warning.setWordWrap(True)
        self.location_warning.setStyleSheet("color: #8a4b00; background: #fff4e0; border: 1px solid #e0b070;"
                                            " padding: 6px;")
        self.location_warning.setVisible(bool(self.location_warning.text()))
        layout.addWidget(self.location_warning)
        layout.addWidget(scrolling_form(form), 1)  # scrolls on a low screen; Save stays in view
        layout.addWidget(e.general_label())
        layout.addWidget(self.buttons)
        self.setMinimumWidth(540)
        self.setMaximumWidth(860)  # a form of sensible width, also on a wide screen
        fit_to_screen(self)
        self._loaded = self._typed()  # what the form was filled with, to tell the user's edits on Reload

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
            self.logo_preview.setText(self.tr("No logo") if not data else self.tr("Cannot show this file"))
        self.logo_remove.setEnabled(bool(data))

    def choose_logo(self) -> None:
        """Pick a PNG or JPEG file; it is checked when saving (and shown at once if Qt can read it)."""
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Choose the clinic logo"), "",
                                                    self.tr("Images (*.png *.jpg *.jpeg);;All files (*)"))
        if path:
            self.set_logo_file(Path(path))

    def set_logo_file(self, path: Path) -> None:
        """Use the file at ``path`` as the new logo (validated by the service on Save)."""
        try:
            self._logo = path.read_bytes()
        except OSError as exc:
            self.errors.show({"logo_png": self.tr("Cannot read {file}: {reason}.").format(
                file=path.name, reason=exc.strerror or exc)})
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
        colour = QColorDialog.getColor(QColor(self.brand_colour.text().strip()), self, self.tr("Brand colour"))
        if colour.isValid():
            self.brand_colour.setText(colour.name())

    # ------------------------------------------------------------------ saving

    def data(self) -> clinic.ClinicProfileUpdate:
        """The form as the service's update shape."""
        return clinic.ClinicProfileUpdate(
            name=clinic.name_to_store(self.name.text(), self._stored_name),
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
            receptionists_may_lengthen_waits=self.receptionists_may_lengthen_waits.isChecked(),
        )

    @staticmethod
    def _retention_box(low: int, high: int, value: int, suffix: str) -> QSpinBox:
        box = QSpinBox()
        box.setRange(low, high)
        box.setValue(value)
        box.setSuffix(suffix)
        box.setFixedWidth(120)
        return box

    def _save(self, session) -> ClinicProfile:  # noqa: ANN001 (a database session from the workspace)
        profile = clinic.update_clinic_profile(session, actor=self._actor(), data=self.data(),
                                               expected_version=self.version)
        asked = (self.retention_daily.value(), self.retention_weekly.value(), self.retention_monthly.value())
        if self.retention_daily.isEnabled() and asked != (self._retention.daily, self._retention.weekly,
                                                          self._retention.monthly):
            backups.set_backup_retention(session, actor=self._actor(), daily=asked[0], weekly=asked[1],
                                         monthly=asked[2])
            session.refresh(profile)
        return profile

    def _country_code(self) -> str:
        data = self.country.currentData()
        text = self.country.currentText().strip()
        if data and text == self.country.itemText(self.country.currentIndex()):
            return str(data)
        return text.split(" ", 1)[0].upper() if text else ""

    def save(self) -> None:
        """Save through the service (retention too, for an administrator); on a ValidationError show the
        messages at the fields and stay open; when someone else saved the profile meanwhile, say who, when
        and what, with Reload."""
        ok, self.saved = self.errors.call(self._workspace, self._save, reload=self.reload)
        if ok:
            self.accept()

    def _typed(self) -> dict:
        return self.data().model_dump(exclude={"logo_png"})

    def _fill(self, values: dict) -> None:
        self.name.setText(clinic.shown_name(values["name"]))
        self.address.setPlainText(values["address"])
        for key in ("phone", "emergency_phone", "email", "website", "brand_colour", "emergency_hours",
                    "emergency_services"):
            getattr(self, key).setText(values[key])
        found = self.country.findData(values["country"])
        if found >= 0:
            self.country.setCurrentIndex(found)
        else:
            self.country.setEditText(values["country"])
        for key in ("paper_size", "default_language"):
            combo = getattr(self, key)
            combo.setCurrentIndex(max(0, combo.findData(values[key])))
        self.timezone.setCurrentText(values["timezone"])
        self.idle_lock_minutes.setValue(values["idle_lock_minutes"])
        if values.get("receptionists_may_lengthen_waits") is not None:
            self.receptionists_may_lengthen_waits.setChecked(bool(values["receptionists_may_lengthen_waits"]))

    def reload(self) -> None:
        """Re-read the profile after a conflict: fields this user did not touch show the saved values, the
        ones they changed keep what they typed (a chosen logo too); the next save is checked against the
        version just read."""
        typed = self._typed()
        edited = {k: v for k, v in typed.items() if self._loaded.get(k) != v}
        with self._workspace.session() as session:
            profile = clinic.get_clinic_profile(session)
        self.version = profile.version
        self._current_logo = profile.logo_png
        self._stored_name = profile.name
        saved = {k: getattr(profile, k) for k in typed}
        saved["paper_size"] = getattr(profile.paper_size, "value", profile.paper_size)
        self._fill(saved)
        self._loaded = self._typed()
        self._fill({**self._loaded, **edited})
