"""The few lines that put photos into existing windows: the Patients page (strip + "Patient file…"), the
follow-up dialog (strip of that follow-up), and the main window's menu action."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QBoxLayout, QMessageBox, QPushButton

from clinic_desktop.models import PhotoKind
from clinic_desktop.services import photos
from clinic_desktop.services.permissions import Permission, allowed
from clinic_desktop.ui.patients.photos.strip import PhotoStrip


def _timeline_target(page: Any) -> photos.PhotoTarget | None:
    """New photos attach to the treatment session, follow-up or complication selected in the history."""
    event = page.selected_event()
    if page.patient_id is None or event is None:
        return None
    kind, entity_id = event
    if kind == "treatment":
        return photos.PhotoTarget(
            patient_id=page.patient_id, kind=PhotoKind.before, treatment_session_id=entity_id
        )
    if kind == "follow_up":
        return photos.PhotoTarget(
            patient_id=page.patient_id, kind=PhotoKind.follow_up, follow_up_id=entity_id
        )
    if kind == "complication":
        return photos.PhotoTarget(
            patient_id=page.patient_id, kind=PhotoKind.complication, complication_id=entity_id
        )
    return None


def open_patient_file_dialog(page: Any) -> Any:
    """The patient file dialog for the page's patient (concerning the selected complication, if one is)."""
    from clinic_desktop.services.patients import get_patient
    from clinic_desktop.ui.patients.photos.patient_file_dialog import PatientFileDialog

    if page.patient_id is None:
        return None
    event = page.selected_event()
    with page.workspace.session() as session:
        name = get_patient(session, page.patient_id).display_name
    return PatientFileDialog(
        page.workspace,
        page.window_.current_staff,
        page.patient_id,
        patient_name=name,
        complication_id=event[1] if event and event[0] == "complication" else None,
        parent=page,
    )


def install_on_patients_page(page: Any, column: QBoxLayout, buttons: QBoxLayout) -> PhotoStrip:
    """Add the photo strip under the history and a "Patient file…" button; returns the strip."""
    strip = PhotoStrip(
        page.workspace, page.window_.current_staff, lambda: _timeline_target(page), parent=page
    )
    column.insertWidget(column.indexOf(page.message), strip)
    page.patient_file_button = QPushButton(QCoreApplication.translate("hooks", "Patient file…"))
    page.patient_file_button.setToolTip(
        QCoreApplication.translate("hooks", "Patient file for insurer / regulator (one PDF)")
    )
    page.patient_file_button.clicked.connect(lambda: (d := open_patient_file_dialog(page)) and d.exec())
    buttons.insertWidget(buttons.count() - 1, page.patient_file_button)
    return strip


def install_on_follow_up_dialog(dialog: Any, layout: QBoxLayout, index: int) -> PhotoStrip:
    """Add a strip of the follow-up's photos (new ones attach to the follow-up) at ``index`` of ``layout``."""
    detail = dialog.detail
    patient_id = detail.patient.id
    target = photos.PhotoTarget(
        patient_id=patient_id, kind=PhotoKind.follow_up, follow_up_id=detail.follow_up.id
    )
    strip = PhotoStrip(dialog._workspace, dialog._actor, lambda: target, thumb_size=64, parent=dialog)
    layout.insertWidget(index, strip)
    strip.set_patient(patient_id)  # the patient's photos, to compare today's with earlier ones
    dialog.resize(dialog.width(), dialog.height() + strip.sizeHint().height())  # the history keeps its room
    return strip


def install_menu_action(window: Any, menu: Any) -> QAction:
    """The menu action "Patient file for insurer / regulator…": the dialog for the Patients page's patient."""
    action = QAction(QCoreApplication.translate("hooks", "Patient &file for insurer / regulator…"), window)

    def run() -> None:
        if not allowed(window.current_staff(), Permission.view_reports):
            QMessageBox.information(
                window,
                QCoreApplication.translate("hooks", "Patient file"),
                QCoreApplication.translate("hooks", "Managers and administrators make patient files."),
            )
            return
        page = window.show_page("Patients")
        dialog = open_patient_file_dialog(page) if page is not None else None
        if dialog is None:
            QMessageBox.information(
                window,
                QCoreApplication.translate("hooks", "Patient file"),
                QCoreApplication.translate("hooks", "Choose a patient on the Patients page first."),
            )
            return
        dialog.exec()

    action.triggered.connect(run)
    menu.addAction(action)
    return action
