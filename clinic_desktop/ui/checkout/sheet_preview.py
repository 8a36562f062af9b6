""""Print aftercare…": options, an in-app preview of the sheet, then Print… or Save PDF….

Rendering goes through services.checkout.prepare_sheet (about 50 ms, so on the UI thread under a wait
cursor). Nothing is recorded while previewing: an issuance is recorded only after the sheet was really
printed (the print job was accepted) or saved (the file was written). Without any printer installed (case
C18) Print is disabled with the reason shown, and Save PDF still works.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from babel.numbers import format_decimal
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.aftercare.sheet_inputs import Adjustment
from clinic_desktop.aftercare.strings import LOCALES
from clinic_desktop.models import AftercareIssuance, IssuanceAction, StaffMember
from clinic_desktop.services import checkout, patients, protocols, treatments
from clinic_desktop.services.clinic import SUPPORTED_LANGUAGES
from clinic_desktop.services.errors import ClinicError, ValidationError
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common.files import ask_save_path
from clinic_desktop.ui.common.forms import ERROR_COLOUR, FieldErrors, WaitEdit, fit_to_screen

log = logging.getLogger(__name__)

#: English; shown through tr() in the context SheetPreviewDialog
NO_PRINTER_REASON = QT_TRANSLATE_NOOP(
    "SheetPreviewDialog", "No printer is installed on this computer — use Save PDF."
)
MAX_ADJUST_HOURS = 24 * 90
DAYS_FROM_HOURS = 72  # waits of 3 days or more are shown and typed in days


def printer_names() -> list[str]:
    """Names of the printers this computer knows (empty when none is installed)."""
    from PySide6.QtPrintSupport import QPrinterInfo

    return list(QPrinterInfo.availablePrinterNames())


def _plain_error(exc: ClinicError) -> str:
    if isinstance(exc, ValidationError):
        parts = []
        for key, message in exc.errors.items():
            if key == "adjustments":
                parts.append(QCoreApplication.translate(
                    "SheetPreviewDialog", "Personal adjustments: {message}").format(message=message))
            elif key == "language":
                parts.append(QCoreApplication.translate(
                    "SheetPreviewDialog", "Language: {message}").format(message=message))
            elif key == "path":
                parts.append(QCoreApplication.translate(
                    "SheetPreviewDialog", "Saving: {message}").format(message=message))
            else:
                parts.append(message)
        return "\n".join(parts)
    return str(exc)


class SheetPreviewDialog(QDialog):
    """Preview the aftercare sheet of a treatment session (and the rest of that visit); print or save it.

    ``issued`` is emitted with each AftercareIssuance recorded. ``prepared`` is the sheet shown now (None
    when the options are wrong; the message is in ``error_label``).
    """

    issued = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        actor: Callable[[], StaffMember | None],
        treatment_session_id: int,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._workspace = Workspace.of(workspace)
        self._actor = actor
        self.treatment_session_id = treatment_session_id
        self.prepared: checkout.PreparedSheet | None = None
        self.issuances: list[AftercareIssuance] = []
        self._buffer: QBuffer | None = None
        with Workspace.of(workspace).session() as session:
            chosen = treatments.get_treatment_session(session, treatment_session_id)
            patient = patients.get_patient(session, chosen.patient_id)
            visit = checkout.visit_sessions(session, chosen)
        self.patient = patient
        names = dict(protocols.treatments(patient.preferred_language))
        treatment_names = ", ".join(names.get(ts.treatment, ts.treatment) for ts in visit)
        self.setWindowTitle(self.tr("Aftercare sheet — {name}").format(name=patient.display_name))

        # ----- options
        self.language = QComboBox()
        for code, name in SUPPORTED_LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(patient.preferred_language)))
        self.large_print = QCheckBox()
        self.large_print.setChecked(patient.large_print)

        self.restriction_hours: dict[str, WaitEdit] = {}
        self._default_hours: dict[str, int] = {}
        # the panel's texts (waits, their labels and tooltips, the note) speak the SHEET's language and follow
        # the Language box: see _apply_sheet_language
        self._visit = visit
        self._rules: dict[str, Any] = {}  # restriction key -> the protocol's rule in the sheet's language
        self._rule_labels: dict[str, QLabel] = {}
        self.wait_errors = FieldErrors(self)  # a wait that is not one, or below the minimum, says so under it
        with self._workspace.session() as session:
            self.may_change_waits = checkout.may_change_waits(session, actor())
        restrictions_box = QGroupBox()
        self.restrictions_box = restrictions_box
        restrictions_layout = QVBoxLayout(restrictions_box)
        restrictions_layout.setSpacing(4)
        for ts in visit:
            lang = patient.preferred_language
            if lang not in protocols.languages_for(ts.treatment):
                lang = (protocols.languages_for(ts.treatment) or ["en"])[0]
            try:
                protocol = protocols.current_protocol(ts.treatment, lang).protocol
            except ClinicError:
                continue
            for r in protocol.restrictions:
                if r.key in self.restriction_hours:
                    continue
                in_days = r.default_hours >= DAYS_FROM_HOURS
                spin = WaitEdit(in_days)
                spin.setRange(r.min_hours, max(MAX_ADJUST_HOURS, r.default_hours))
                spin.setValue(r.default_hours)
                spin.setFixedWidth(200 if in_days else 150)
                if not self.may_change_waits:
                    spin.setReadOnly(True)
                self.restriction_hours[r.key] = spin
                self._default_hours[r.key] = r.default_hours
                self._rules[r.key] = r
                label = QLabel(r.render(r.default_hours))
                label.setWordWrap(True)
                label.setBuddy(spin)
                self._rule_labels[r.key] = label
                spin.setAccessibleName(r.render(r.default_hours))
                spin.valueChanged.connect(
                    lambda hours, key=r.key, label=label: label.setText(self._rules[key].render(hours))
                )
                restrictions_layout.addWidget(label)
                restrictions_layout.addWidget(self.wait_errors.wrap(f"wait.{r.key}", spin))
                restrictions_layout.addSpacing(6)
        self.no_waits_label = QLabel()
        if not self.restriction_hours:
            restrictions_layout.addWidget(self.no_waits_label)
        elif not self.may_change_waits:
            why = QLabel(self.tr("Only a practitioner can change these waiting times."))
            why.setWordWrap(True)
            why.setStyleSheet("color: #51616d;")
            restrictions_layout.addWidget(why)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(80)

        options = QWidget()
        opt_layout = QVBoxLayout(options)
        heading = QLabel(
            f"<span style='font-size:13pt; font-weight:600'>{_html(patient.display_name)}</span>"
            f"<br>{_html(treatment_names)}"
        )
        heading.setWordWrap(True)
        opt_layout.addWidget(heading)
        general = QFormLayout()
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        general.addRow(self.language_label, self.language)
        general.addRow("", self.large_print)
        opt_layout.addLayout(general)
        opt_layout.addWidget(restrictions_box)
        self.note_label = note_label = QLabel()
        note_label.setBuddy(self.note)
        opt_layout.addWidget(note_label)
        opt_layout.addWidget(self.note)
        opt_layout.addStretch(1)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error_label.setVisible(False)  # above the buttons too: why Save is disabled is always in view
        self.warning_label = QLabel()  # drafts, characters that cannot be printed (per field)
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #8a4b00;")
        self.warning_label.setVisible(False)  # shown above the buttons, outside the scrolled options
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        opt_layout.addWidget(self.status_label)
        scroll = QScrollArea()
        scroll.setWidget(options)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(300)

        # ----- preview (QtPdf is imported here, not at start-up)
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setMinimumWidth(420)

        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 560])

        # ----- buttons
        self.print_button = QPushButton(self.tr("&Print…"))
        self.save_button = QPushButton(self.tr("&Save PDF…"))
        self.close_button = QPushButton(self.tr("Close"))
        self.print_button.clicked.connect(self.print_sheet)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.accept)
        self.print_reason = QLabel()
        self.print_reason.setWordWrap(True)
        self._printers = printer_names()
        if not self._printers:
            self.print_reason.setText(self.tr(NO_PRINTER_REASON))
            self.print_button.setToolTip(self.tr(NO_PRINTER_REASON))
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_reason, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.warning_label)  # seen before Print / Save, whatever the scroll position
        layout.addLayout(buttons)
        fit_to_screen(self, 980, 760)

        self._timer = QTimer(self, singleShot=True, interval=350)
        self._timer.timeout.connect(self.refresh_preview)
        self.language.currentIndexChanged.connect(self._schedule)
        self.language.currentIndexChanged.connect(lambda _index: self._apply_sheet_language())
        self._apply_sheet_language()
        self.large_print.toggled.connect(self._schedule)
        for spin in self.restriction_hours.values():
            spin.valueChanged.connect(self._schedule)
        self.note.textChanged.connect(self._schedule)
        self.refresh_preview()

    # ------------------------------------------------------------------ options

    def sheet_language(self) -> str:
        """The language chosen for the sheet ("fr", "en"); the panel's texts are in it."""
        return self.language.currentData() or self.patient.preferred_language

    def _apply_sheet_language(self) -> None:
        """Put the panel's texts in the sheet's language: headings, the note, and each wait's sentence and
        tooltip from the protocol in that language (the hours chosen are kept)."""
        from clinic_desktop.aftercare.strings import STRINGS

        language = self.sheet_language()
        words = STRINGS.get(language, STRINGS["en"])
        self.language_label.setText(words["panel_language"])
        self.restrictions_box.setTitle(words["panel_waits"])
        self.no_waits_label.setText(words["panel_no_waits"])
        self.large_print.setText(words["panel_large_print"])
        self.note_label.setText(words["panel_note"])
        self.note.setPlaceholderText(words["panel_note_placeholder"])
        count = format_decimal(checkout.MAX_NOTE_CHARS, locale=LOCALES.get(language, "en_CA"))
        self.note.setToolTip(words["panel_note_tip"].format(count=count))
        for ts in self._visit:
            if language not in protocols.languages_for(ts.treatment):
                continue
            try:
                protocol = protocols.current_protocol(ts.treatment, language).protocol
            except ClinicError:
                continue
            for rule in protocol.restrictions:
                if rule.key in self._rules:
                    self._rules[rule.key] = rule
        for key, spin in self.restriction_hours.items():
            spin.set_language(language)  # "12 hours" beside an English sentence, "12 heures" beside a French one
            rule = self._rules[key]
            self._rule_labels[key].setText(rule.render(spin.value()))
            tip = words["panel_protocol_tip"].format(
                default=spin.textFromValue(self._default_hours[key]),
                minimum=spin.textFromValue(rule.min_hours),
            )
            if not self.may_change_waits:
                tip = self.tr("Changing a waiting time is a practitioner's decision: ask a practitioner, or a "
                              "manager can allow receptionists in the clinic profile.") + "\n" + tip
            spin.setToolTip(tip)

    def _schedule(self, *_args: object) -> None:
        self._timer.start()

    def wait_problems(self) -> dict[str, str]:
        """Waits whose text is not a usable wait ("wait.<key>" -> message), e.g. below the protocol's minimum."""
        return self.wait_errors.input_problems()

    def adjustments(self) -> list[Adjustment]:
        """The per-patient adjustments chosen: changed waiting times, then the personal note."""
        result = [
            Adjustment(kind="extend", restriction_key=key, hours=spin.value())
            for key, spin in self.restriction_hours.items()
            if spin.value() is not None and spin.value() != self._default_hours[key]
        ]
        note = self.note.toPlainText().strip()
        if note:
            result.append(Adjustment(kind="note", text=note))
        return result

    def _prepare(self, session: Any) -> checkout.PreparedSheet:  # a session from the workspace
        problems = self.wait_problems()
        if problems:  # shown under each wait; nothing is prepared from a wait the person did not mean
            self.wait_errors.show(problems, focus=False)
            raise ValidationError({key: self.tr("Correct the waiting time marked in red: {problem}").format(
                problem=message) for key, message in list(problems.items())[:1]})
        return checkout.prepare_sheet(
            session,
            actor=self._actor(),
            treatment_session_id=self.treatment_session_id,
            language=self.language.currentData(),
            large_print=self.large_print.isChecked(),
            adjustments=self.adjustments(),
        )

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def _update_buttons(self) -> None:
        ready = self.prepared is not None
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready and bool(self._printers))

    # ------------------------------------------------------------------ preview

    def refresh_preview(self) -> None:
        """Render the sheet with the current options and show it (nothing is recorded)."""
        self._timer.stop()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with self._workspace.session() as session:
                self.prepared = self._prepare(session)
                session.rollback()  # preview only: protocol versions are stored with a real issuance
            self._show_error("")
        except ClinicError as exc:
            self.prepared = None
            self._show_error(_plain_error(exc))
            self.document.close()  # never leave an out-of-date sheet on screen beside the message
        except Exception:  # a bug: logged with its traceback, a plain message here, Save stays disabled
            log.exception("aftercare preview failed")
            self.prepared = None
            self._show_error(
                self.tr(
                    "The sheet could not be prepared because of a problem in the program; it was "
                    "written to the log. Nothing was printed or saved."
                )
            )
            self.document.close()
        finally:
            QGuiApplication.restoreOverrideCursor()
        warnings = self.prepared.warnings if self.prepared is not None else []
        self.warning_label.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warning_label.setVisible(bool(warnings))
        if self.prepared is not None:
            self._load_pdf(self.prepared.pdf)
        self._update_buttons()

    def _load_pdf(self, pdf: bytes) -> None:
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer

    # ------------------------------------------------------------------ save / print

    def save_pdf(self) -> AftercareIssuance | None:
        """Ask where to save, write the PDF, then record a ``saved`` issuance. None if cancelled or failed."""
        if self.prepared is None:
            return None
        target = ask_save_path(
            self, self.tr("Save aftercare sheet"), self.prepared.suggested_filename, self.tr("PDF files (*.pdf)")
        )
        if target is None:
            return None
        try:
            with self._workspace.session() as session:
                prepared = self._prepare(session)
                try:
                    checkout.write_pdf(prepared.pdf, target)
                except ValidationError:
                    session.rollback()
                    raise
                issuance = checkout.record_issuance(
                    session, actor=self._actor(), prepared=prepared, action=IssuanceAction.saved
                )
        except ClinicError as exc:
            self._show_error(_plain_error(exc))
            return None
        self._show_error("")
        self.status_label.setText(self.tr("Saved to {path}").format(path=target))
        self._recorded(issuance)
        return issuance

    def print_sheet(self) -> AftercareIssuance | None:
        """Ask for a printer, print every page, then record a ``printed`` issuance (None if not printed)."""
        if self.prepared is None or not self._printers:
            return None
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.prepared.suggested_filename)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        try:
            with self._workspace.session() as session:
                prepared = self._prepare(session)
                if not print_pdf(prepared.pdf, printer):
                    session.rollback()
                    self._show_error(
                        self.tr(
                            "The printer did not accept the sheet; nothing was recorded. "
                            "Check the printer, or use Save PDF."
                        )
                    )
                    return None
                issuance = checkout.record_issuance(
                    session, actor=self._actor(), prepared=prepared, action=IssuanceAction.printed
                )
        except ClinicError as exc:
            self._show_error(_plain_error(exc))
            return None
        self._show_error("")
        self.status_label.setText(
            self.tr("Sent to {printer}.").format(printer=printer.printerName())
            if printer.printerName()
            else self.tr("Sent to the printer.")
        )
        self._recorded(issuance)
        return issuance

    def _recorded(self, issuance: AftercareIssuance) -> None:
        self.issuances.append(issuance)
        self.issued.emit(issuance)


def print_pdf(pdf: bytes, printer) -> bool:
    """Paint each page of ``pdf`` onto ``printer`` (a QPrinter) at up to 300 dpi; True if accepted."""
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter
    from PySide6.QtPdf import QPdfDocument

    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.pageCount() == 0:
        return False
    first = document.pagePointSize(0)
    printer.setPageSize(QPageSize(QSizeF(first.width(), first.height()), QPageSize.Unit.Point))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    painter = QPainter()
    if not painter.begin(printer):
        return False
    dpi = min(printer.resolution(), 300)
    for index in range(document.pageCount()):
        if index:
            printer.newPage()
        points = document.pagePointSize(index)
        pixels = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
        image = document.render(index, pixels)
        target = painter.viewport()
        scaled = pixels.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
        painter.drawImage(QRect(target.topLeft(), scaled), image)
    return painter.end()


def _html(text: str) -> str:
    from html import escape

    return escape(text)
