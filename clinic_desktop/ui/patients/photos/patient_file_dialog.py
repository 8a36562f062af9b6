""" "Patient file for insurer / regulator…": choose the variant and the file, build it on a worker with
progress and Cancel (the ``ui/common/workers.py`` contract)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from clinic_desktop.models import StaffMember
from clinic_desktop.services.errors import ClinicError
from clinic_desktop.services.permissions import Permission, allowed
from clinic_desktop.services.workspace import Workspace
from clinic_desktop.ui.common.workers import GeneratorWorker, run_in_background


def patient_file_job(engine: Any, actor: StaffMember, **options: Any):  # type: ignore[no-untyped-def]
    """The worker's job: its own database session, then the patient file generator (yields progress)."""
    from clinic_desktop.services.patient_file import build_patient_file

    def job(cancel):  # noqa: ANN001, ANN202
        with Workspace(engine).session() as session:
            return (yield from build_patient_file(session, actor=actor, cancel=cancel, **options))

    return job


class PatientFileDialog(QDialog):
    """Options for the patient file of ``patient_id`` (optionally concerning ``complication_id``).

    ``ask_path(suggested)`` chooses the file (tests replace it); ``worker`` is the running build;
    ``result`` the :class:`~clinic_desktop.services.patient_file.PatientFileResult` once written;
    ``status`` says what happened in words.
    """

    def __init__(
        self,
        workspace: Workspace,
        actor: Callable[[], StaffMember | None],
        patient_id: int,
        *,
        patient_name: str = "",
        complication_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(
            QCoreApplication.translate("PatientFileDialog", "Patient file for insurer / regulator")
        )
        self.workspace = Workspace.of(workspace)
        self.actor = actor
        self.patient_id = patient_id
        self.complication_id = complication_id
        self.patient_name = patient_name
        self.worker: GeneratorWorker | None = None
        self.progress: QProgressDialog | None = None
        self.result: Any = None
        self.status = ""
        member = actor()
        layout = QVBoxLayout(self)
        who = patient_name or QCoreApplication.translate("PatientFileDialog", "patient {number}").format(
            number=patient_id
        )
        about = (
            QCoreApplication.translate(
                "PatientFileDialog",
                "One PDF with the complete file of <b>{name}</b>, concerning complication {number}.",
            )
            if complication_id
            else QCoreApplication.translate(
                "PatientFileDialog", "One PDF with the complete file of <b>{name}</b>."
            )
        ).format(name=who, number=complication_id)
        layout.addWidget(QLabel(about))
        self.identified = QRadioButton(
            QCoreApplication.translate(
                "PatientFileDialog", "Identified (name and date of birth; aftercare sheets attached)"
            )
        )
        self.deidentified = QRadioButton(
            QCoreApplication.translate(
                "PatientFileDialog",
                "De-identified for a regulator (initials, age, local number; no photographs)",
            )
        )
        self.photos = QCheckBox(
            QCoreApplication.translate(
                "PatientFileDialog", "Include the photographs, faces included (recorded in the audit trail)"
            )
        )
        may_identify = allowed(member, Permission.export_identified)
        self.identified.setEnabled(may_identify)
        (self.identified if may_identify else self.deidentified).setChecked(True)
        self.photos.setEnabled(may_identify)
        self.deidentified.toggled.connect(lambda on: self.photos.setEnabled(not on and may_identify))
        self.deidentified.toggled.connect(lambda on: on and self.photos.setChecked(False))
        for widget in (self.identified, self.deidentified, self.photos):
            layout.addWidget(widget)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.make_button = buttons.addButton(
            QCoreApplication.translate("PatientFileDialog", "Make PDF…"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def ask_path(self, suggested: str) -> Path | None:
        """The file to write (a save dialog)."""
        from clinic_desktop.ui.common.files import ask_save_path

        return ask_save_path(
            self,
            QCoreApplication.translate("PatientFileDialog", "Save the patient file"),
            suggested,
            QCoreApplication.translate("PatientFileDialog", "PDF (*.pdf)"),
        )

    def start(self, path: Path | None = None) -> GeneratorWorker | None:
        """Ask for the file (unless given) and start the build on a worker; returns the worker."""
        from clinic_desktop.services.checkout import safe_file_name_part

        kind = "deidentified" if self.deidentified.isChecked() else "identified"
        name = (
            f"P-{self.patient_id:06d}"
            if kind == "deidentified"
            else (safe_file_name_part(self.patient_name) or f"patient-{self.patient_id}")
        )
        path = path or self.ask_path(f"patient-file-{name}-{kind}.pdf")
        if path is None:
            return None
        actor = self.actor()
        if actor is None:
            self.message.setText(QCoreApplication.translate("PatientFileDialog", "Nobody is at the desk."))
            return None
        self.make_button.setEnabled(False)
        self.progress = QProgressDialog(
            QCoreApplication.translate("PatientFileDialog", "Making the patient file…"),
            QCoreApplication.translate("PatientFileDialog", "Cancel"),
            0,
            0,
            self,
        )
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        job = patient_file_job(
            self.workspace.engine,
            actor,
            patient_id=self.patient_id,
            out_path=Path(path),
            complication_id=self.complication_id,
            deidentified=kind == "deidentified",
            include_photos=self.photos.isChecked(),
        )
        self.worker = run_in_background(
            job,
            on_progress=self._progress,
            on_finished=self._finished,
            on_failed=self._failed,
            on_cancelled=self._cancelled,
        )
        self.progress.canceled.connect(self.worker.cancel)
        return self.worker

    def _progress(self, done: int, total: int, message: str) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            self.progress.setLabelText(message)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.hide()
        self.make_button.setEnabled(True)

    def _finished(self, result: Any) -> None:
        self._close_progress()
        if result is None:  # the job noticed the cancel itself
            self._cancelled()
            return
        self.result = result
        same = (
            QCoreApplication.translate("PatientFileDialog", "all identical to what was handed")
            if result.sheets_matching == result.sheets_total
            else QCoreApplication.translate(
                "PatientFileDialog",
                "%n NOT identical (see the last page)",
                "",
                result.sheets_total - result.sheets_matching,
            )
        )
        self.status = QCoreApplication.translate(
            "PatientFileDialog",
            "Saved {path} — {pages} pages, {sheets} aftercare sheet(s) attached ({same}), {photos} photo(s).",
        ).format(
            path=result.path,
            pages=result.pages,
            sheets=result.sheets_attached,
            same=same,
            photos=result.photos_printed,
        )
        self.message.setText(self.status)

    def _failed(self, error: BaseException) -> None:
        self._close_progress()
        self.status = (
            str(error)
            if isinstance(error, ClinicError | OSError)
            else QCoreApplication.translate(
                "PatientFileDialog", "The patient file could not be made; the details are in the log."
            )
        )
        self.message.setText(self.status)

    def _cancelled(self) -> None:
        self._close_progress()
        self.status = QCoreApplication.translate("PatientFileDialog", "Stopped: no file was written.")
        self.message.setText(self.status)
