"""The "Record treatment session" dialog: patient, treatment, practitioner, time, areas, notes, products.

Products and their lot numbers are offered by type-ahead from the catalogue (services.catalogue); a name or
lot not in it yet is added when the treatment session is saved. A keyboard-wedge barcode scanner's GS1
label read into a batch field (it ends with Enter) fills the product (from a known GTIN), lot and expiry.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    QStringListModel,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.models import Patient, Role, StaffMember, TreatmentSession
from clinic_desktop.services import catalogue, patients, protocols, treatments
from clinic_desktop.services.clinic import clinic_zone
from clinic_desktop.services.errors import ValidationError
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common.forms import (
    time_format,
    DiscardGuard,
    FieldErrors,
    OptionalDateEdit,
    error_label,
    fit_to_screen,
    only_own_default,
    scrolling_form,
)

#: The patient-alert banner (allergies, conditions): white on red, large enough to be seen at once.
ALERT_STYLE = (
    "background: #b3261e; color: white; font-weight: bold; font-size: 11pt; padding: 6px; border-radius: 3px;"
)

# product table columns
COL_PRODUCT, COL_BATCH, COL_EXPIRY, COL_QUANTITY, COL_UNIT = range(5)
PRODUCT_HEADERS = (
    QT_TRANSLATE_NOOP("TreatmentSessionDialog", "Product"),
    QT_TRANSLATE_NOOP("TreatmentSessionDialog", "Batch number"),
    QT_TRANSLATE_NOOP("TreatmentSessionDialog", "Expiry date"),
    QT_TRANSLATE_NOOP("TreatmentSessionDialog", "Quantity"),
    QT_TRANSLATE_NOOP("TreatmentSessionDialog", "Unit"),
)
_PRODUCT_KEYS = ("product_name", "batch_number", "expiry_date", "quantity", "unit")


class ScanLineEdit(QLineEdit):
    """A batch field that also takes a keyboard-wedge scanner's GS1 label.

    Qt drops the FNC1 separator (GS, 0x1d; Ctrl+] on a keyboard) as unprintable: this field keeps it. The
    Enter a scanner sends after a label emits ``scanned`` instead of pressing the dialog's Save button.
    """

    scanned = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.text() == catalogue.GS or (
            event.key() == Qt.Key.Key_BracketRight
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        ):
            self.insert(catalogue.GS)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and catalogue.looks_scanned(self.text()):
            self.scanned.emit()
            event.accept()
            return
        super().keyPressEvent(event)


def _patient_label(p: Patient) -> str:
    born = QLocale().toString(QDate(p.date_of_birth), "d MMM yyyy") if p.date_of_birth else "—"
    text = QCoreApplication.translate("TreatmentSessionDialog", "{name}  ·  born {date}").format(
        name=p.display_name, date=born
    )
    return text + (f"  ·  {p.phone}" if p.phone else "")


class PatientPicker(QWidget):
    """A search box with a short list of matching patients (services.patients.search_patients).

    ``patient_id()`` is the chosen patient's id or None. Typing filters as you type (accent-blind).
    """

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self._workspace = Workspace.of(workspace)
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            QCoreApplication.translate("PatientPicker", "Type a name, phone number or date of birth…")
        )
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setFixedHeight(96)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Re-run the search and keep the chosen patient selected if still listed."""
        chosen = self.patient_id()
        with self._workspace.session() as session:
            found = patients.search_patients(session, self.search.text(), limit=30)
        self.results.clear()
        for p in found:
            item = QListWidgetItem(_patient_label(p))
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.results.addItem(item)
            if p.id == chosen:
                item.setSelected(True)
                self.results.setCurrentItem(item)
        if self.results.count() == 1:
            self.results.setCurrentRow(0)

    def set_patient(self, patient: Patient) -> None:
        """Show and select ``patient`` (e.g. one just created)."""
        self.search.blockSignals(True)
        self.search.setText(patient.display_name)
        self.search.blockSignals(False)
        self.refresh()
        for row in range(self.results.count()):
            if self.results.item(row).data(Qt.ItemDataRole.UserRole) == patient.id:
                self.results.setCurrentRow(row)

    def patient_id(self) -> int | None:
        """The selected patient's id, or None."""
        item = self.results.currentItem()
        if item is None or not item.isSelected():
            return None
        return item.data(Qt.ItemDataRole.UserRole)


class TreatmentSessionDialog(DiscardGuard, QDialog):
    """Record a treatment session through services.treatments.record_treatment_session.

    ``created`` holds the new TreatmentSession after Save. Errors appear at the field (or product row)
    they name; the dialog stays open with what was typed.
    """

    def __init__(
        self,
        workspace: Workspace,
        actor: Callable[[], StaffMember | None],
        parent: QWidget | None = None,
        patient: Patient | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("TreatmentSessionDialog", "Record treatment session"))
        self._workspace = Workspace.of(workspace)
        self._actor = actor
        self.created: TreatmentSession | None = None
        self.errors = FieldErrors(self)
        self._gtins: dict[int, str] = {}  # id(batch field) -> GTIN scanned into it
        with Workspace.of(workspace).session() as session:
            self._zone: ZoneInfo = clinic_zone(session)
            staff = treatments.practitioners(session)
            self._product_names = QStringListModel(catalogue.product_names(session), self)

        self.patient = PatientPicker(workspace)
        self.patient.setFocusProxy(self.patient.search)
        self.alerts = QLabel()  # the chosen patient's allergies and conditions, shown before anything is done
        self.alerts.setWordWrap(True)
        self.alerts.setStyleSheet(ALERT_STYLE)
        self.alerts.setVisible(False)
        self.patient.results.itemSelectionChanged.connect(self.show_alerts)
        if patient is not None:
            self.patient.set_patient(patient)
        self.show_alerts()
        self.treatment = QComboBox()
        self.treatment.addItem(
            QCoreApplication.translate("TreatmentSessionDialog", "Choose the treatment"), None
        )
        for pid, name in protocols.treatments():
            self.treatment.addItem(name, pid)
        self.practitioner = QComboBox()
        self.practitioner.addItem(
            QCoreApplication.translate("TreatmentSessionDialog", "Choose the practitioner"), None
        )
        for member in staff:
            self.practitioner.addItem(member.full_name, member.id)
        # pre-chosen only when the person signed in is a practitioner: an administrator or manager at the
        # desk usually records for someone else, so they choose explicitly
        acting = actor()
        if acting is not None and Role(acting.role) == Role.practitioner:
            index = self.practitioner.findData(acting.id)
            if index > 0:
                self.practitioner.setCurrentIndex(index)
        now_local = datetime.now(UTC).astimezone(self._zone)
        self.performed_at = QDateTimeEdit()
        self.performed_at.setCalendarPopup(True)
        self.performed_at.setDisplayFormat("ddd dd MMM yyyy  " + time_format())
        self.performed_at.setDateTimeRange(
            QDateTime(QDate(2000, 1, 1), QTime(0, 0)),
            QDateTime(QDate(now_local.date() + timedelta(days=366)), QTime(23, 59)),
        )
        self.set_performed_at(now_local.replace(second=0, microsecond=0, tzinfo=None))
        self.performed_at.setToolTip(
            QCoreApplication.translate(
                "TreatmentSessionDialog", "Local time in the clinic's time zone ({key})."
            ).format(key=self._zone.key)
        )
        self.performed_at.dateChanged.connect(self._follow_treatment_month)
        self.areas = QLineEdit()
        self.areas.setMaxLength(300)
        self.areas.setPlaceholderText(
            QCoreApplication.translate("TreatmentSessionDialog", "e.g. full face, neck")
        )
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)

        self.products = QTableWidget(0, len(PRODUCT_HEADERS))
        self.products.setHorizontalHeaderLabels(
            [QCoreApplication.translate("TreatmentSessionDialog", h) for h in PRODUCT_HEADERS]
        )
        header = self.products.horizontalHeader()
        header.setSectionResizeMode(COL_PRODUCT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_BATCH, QHeaderView.ResizeMode.Interactive)
        self.products.setColumnWidth(COL_BATCH, 120)
        self.products.setColumnWidth(COL_EXPIRY, 130)
        self.products.setColumnWidth(COL_QUANTITY, 90)
        self.products.setColumnWidth(COL_UNIT, 90)
        self.products.verticalHeader().setDefaultSectionSize(32)
        self.products.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.products.setMinimumHeight(130)
        self.product_errors = error_label()
        add = QPushButton(QCoreApplication.translate("TreatmentSessionDialog", "Add product"))
        add.clicked.connect(lambda: self.add_product_row())
        self.remove_button = QPushButton(
            QCoreApplication.translate("TreatmentSessionDialog", "Remove product")
        )
        self.remove_button.clicked.connect(self.remove_selected_product)
        product_buttons = QHBoxLayout()
        product_buttons.addWidget(add)
        product_buttons.addWidget(self.remove_button)
        product_buttons.addStretch(1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        e = self.errors
        form.addRow(
            QCoreApplication.translate("TreatmentSessionDialog", "P&atient"),
            e.wrap("patient_id", self.patient),
        )
        form.addRow("", self.alerts)
        e.register("patient_id", self.patient.search, e.label_for("patient_id"))  # outline the search box
        form.addRow(
            QCoreApplication.translate("TreatmentSessionDialog", "&Treatment"),
            e.wrap("treatment", self.treatment),
        )
        form.addRow(
            QCoreApplication.translate("TreatmentSessionDialog", "P&ractitioner"),
            e.wrap("practitioner_id", self.practitioner),
        )
        form.addRow(
            QCoreApplication.translate("TreatmentSessionDialog", "&Date and time"),
            e.wrap("performed_at", self.performed_at),
        )
        form.addRow(
            QCoreApplication.translate("TreatmentSessionDialog", "A&reas"), e.wrap("areas", self.areas)
        )
        form.addRow(
            QCoreApplication.translate("TreatmentSessionDialog", "&Notes"), e.wrap("notes", self.notes)
        )

        products_title = QLabel(
            QCoreApplication.translate(
                "TreatmentSessionDialog",
                "<b>Products used</b> (batch number as printed on the box, or scan the box's barcode into the batch field)",
            )
        )
        buttons = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(buttons.Save | buttons.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        body = QVBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(form)
        body.addWidget(products_title)
        body.addWidget(self.products, 1)
        body.addWidget(self.product_errors)
        body.addLayout(product_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling_form(body), 1)  # scrolls on a low screen (1024×700); Save stays in view
        layout.addWidget(e.general_label())
        layout.addWidget(self.buttons)
        fit_to_screen(self, 720, 720)
        only_own_default(self, self.save_button())  # Enter saves; never "Add product" or "Remove product"
        self.mark_clean()  # Escape, Cancel or closing asks before what is typed from here on is discarded

    # ------------------------------------------------------------------ widgets

    def show_alerts(self) -> None:
        """Show the chosen patient's alerts (allergies, conditions) in the red banner, or hide it."""
        text = ""
        chosen = self.patient.patient_id()
        if chosen is not None:
            with self._workspace.session() as session:
                found = session.get(Patient, chosen)
                text = patients.alert_text(found) if found else ""
        self.alerts.setText(
            QCoreApplication.translate("TreatmentSessionDialog", "⚠ {text}").format(text=text) if text else ""
        )
        self.alerts.setVisible(bool(text))

    def save_button(self):
        """The Save button."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def set_performed_at(self, local: datetime) -> None:
        """Show ``local`` (a naive clinic-local datetime) in the date-and-time field."""
        self.performed_at.setDateTime(QDateTime(QDate(local.date()), QTime(local.hour, local.minute)))

    def performed_at_utc(self) -> datetime:
        """The date and time typed, read as clinic-local time, as an aware UTC datetime."""
        qdt = self.performed_at.dateTime()
        d, t = qdt.date(), qdt.time()
        local = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=self._zone)
        return local.astimezone(UTC)

    def add_product_row(
        self,
        name: str = "",
        batch: str = "",
        expiry: date | None = None,
        quantity: float | None = None,
        unit: str = "ml",
    ) -> int:
        """Append a product row (optionally filled in); returns its index."""
        row = self.products.rowCount()
        self.products.insertRow(row)
        name_edit = QLineEdit(name)
        name_edit.setPlaceholderText(QCoreApplication.translate("TreatmentSessionDialog", "Product name"))
        batch_edit = ScanLineEdit(batch)
        batch_edit.setPlaceholderText(QCoreApplication.translate("TreatmentSessionDialog", "Lot"))
        expiry_edit = OptionalDateEdit(
            date(2000, 1, 1),
            date(2100, 12, 31),
            empty_text="—",
            start_page=self.performed_at.date().toPython(),
        )  # the treatment month
        expiry_edit.setValue(expiry)
        qty = QDoubleSpinBox()
        qty.setRange(0, 10000)
        qty.setDecimals(2)
        qty.setSpecialValueText("—")
        qty.setValue(quantity or 0)
        unit_box = QComboBox()
        unit_box.addItems(list(treatments.UNITS))
        unit_box.setCurrentText(unit)
        for col, widget in enumerate((name_edit, batch_edit, expiry_edit, qty, unit_box)):
            self.products.setCellWidget(row, col, widget)
        names = QCompleter(self._product_names, name_edit)
        names.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        names.setFilterMode(Qt.MatchFlag.MatchContains)
        name_edit.setCompleter(names)
        lots = QCompleter(QStringListModel(batch_edit), batch_edit)
        lots.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        batch_edit.setCompleter(lots)
        name_edit.editingFinished.connect(lambda: self._offer_lots(name_edit, batch_edit))
        batch_edit.scanned.connect(lambda: self.read_scan(name_edit, batch_edit, expiry_edit))
        batch_edit.editingFinished.connect(lambda: self.read_scan(name_edit, batch_edit, expiry_edit))
        batch_edit.textEdited.connect(lambda _t: self._gtins.pop(id(batch_edit), None))
        self._register_product_rows()
        return row

    def _offer_lots(self, name_edit: QLineEdit, batch_edit: QLineEdit) -> None:
        """Offer the lot numbers the catalogue has for the product typed, newest expiry first."""
        with self._workspace.session() as session:
            lots = [b.lot_number for b in catalogue.lots_of(session, name_edit.text())]
        batch_edit.completer().model().setStringList(lots)  # type: ignore[attr-defined]

    def read_scan(self, name_edit: QLineEdit, batch_edit: QLineEdit, expiry_edit: OptionalDateEdit) -> bool:
        """If the batch field holds a scanned GS1 label, put its lot (AI 10) there, its expiry (AI 17) in the
        expiry field and, when the catalogue knows its GTIN (AI 01), the product's name; True if it was one.
        An unreadable label is said at the field and left as typed."""
        text = batch_edit.text()
        if not catalogue.looks_scanned(text):
            return False
        row = next(
            (
                r
                for r in range(self.products.rowCount())
                if self.products.cellWidget(r, COL_BATCH) is batch_edit
            ),
            0,
        )
        try:
            label = catalogue.parse_scan(text)
        except ValidationError as exc:
            self.errors.add(
                f"products[{row}].batch_number",
                QCoreApplication.translate("TreatmentSessionDialog", "Product {number}: {problem}").format(
                    number=row + 1, problem=exc
                ),
            )
            return False
        batch_edit.setText(label.lot_number)
        if label.expiry_date is not None:
            expiry_edit.setValue(label.expiry_date)
        self._gtins[id(batch_edit)] = label.gtin
        if label.gtin:
            with self._workspace.session() as session:
                known = catalogue.product_for_gtin(session, label.gtin)
            if known is not None:
                name_edit.setText(known.name)
        return True

    def _follow_treatment_month(self, day: QDate) -> None:
        """Empty expiry calendars open on the treatment's month."""
        for row in range(self.products.rowCount()):
            self.products.cellWidget(row, COL_EXPIRY).set_start_page(day.toPython())

    def remove_selected_product(self) -> None:
        """Remove the selected product row (or the last one when none is selected)."""
        rows = sorted({i.row() for i in self.products.selectedIndexes()}, reverse=True)
        if not rows and self.products.rowCount():
            rows = [self.products.rowCount() - 1]
        for row in rows:
            self.products.removeRow(row)
        self._register_product_rows()

    def _register_product_rows(self) -> None:
        self.errors.unregister_prefix("products[")
        for row in range(self.products.rowCount()):
            for col, key in enumerate(_PRODUCT_KEYS):
                self.errors.register(
                    f"products[{row}].{key}", self.products.cellWidget(row, col), self.product_errors
                )

    def product_cell(self, row: int, col: int) -> QWidget:
        """The editor widget of a product table cell."""
        return self.products.cellWidget(row, col)

    # ------------------------------------------------------------------ saving

    def data(self) -> treatments.TreatmentSessionCreate | None:
        """What is typed as the service's create shape (None only if a required id is missing)."""
        products = []
        for row in range(self.products.rowCount()):
            cell = self.products.cellWidget
            qty = cell(row, COL_QUANTITY).value()
            products.append(
                treatments.ProductUseCreate(
                    product_name=cell(row, COL_PRODUCT).text(),
                    batch_number=cell(row, COL_BATCH).text(),
                    gtin=self._gtins.get(id(cell(row, COL_BATCH)), ""),
                    expiry_date=cell(row, COL_EXPIRY).value(),
                    quantity=qty if qty > 0 else None,
                    unit=cell(row, COL_UNIT).currentText(),
                )
            )
        return treatments.TreatmentSessionCreate(
            patient_id=self.patient.patient_id() or 0,
            practitioner_id=self.practitioner.currentData() or 0,
            treatment=self.treatment.currentData() or "",
            performed_at=self.performed_at_utc(),
            areas=self.areas.text(),
            notes=self.notes.toPlainText(),
            products=products,
        )

    def save(self) -> None:
        """Record the treatment session; on a ValidationError show messages at the fields and stay open."""
        ok, self.created = self.errors.call(
            self._workspace,
            lambda session: treatments.record_treatment_session(
                session, actor=self._actor(), data=self.data()
            ),
        )
        if ok:
            self.accept()
