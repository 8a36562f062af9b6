"""Every page and main dialog of the window, built on a demo clinic: shared by ``scripts/screenshots.py``
(PNG files for docs/screenshots/) and the accessibility test (tests/ui/test_accessibility.py).

``demo_engine(folder)`` makes and fills a throw-away database (services/demo.py, a short history);
``screens()`` lists ``Screen(name, build)`` where ``build(window)`` returns the widget to show (a page of
the main window, or a dialog parented to it), for the staff member the window has (an administrator sees
everything).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select


@dataclass(frozen=True)
class Screen:
    """One page or dialog: ``name`` (file name stem), ``build(window) -> QWidget``, ``page`` (a page of the
    window, shown inside it) or a dialog (shown on its own)."""

    name: str
    build: Callable[[Any], Any]
    page: bool = False


def demo_engine(folder: Path, history_days: int = 40):  # noqa: ANN201 (an SQLAlchemy Engine)
    """A fresh demo clinic in ``folder`` (set CLINIC_DESKTOP_HOME to a throw-away folder first)."""
    from clinic_desktop.db import open_database
    from clinic_desktop.services.demo import create_demo_clinic

    engine = open_database(folder / "demo.sqlite3")
    with Session(engine, expire_on_commit=False) as session:
        create_demo_clinic(session, history_days=history_days, with_sheets=False)
    return engine


def admin_window(engine):  # noqa: ANN001, ANN201 (engine in, MainWindow out)
    """The main window with the demo clinic's administrator at the desk."""
    from clinic_desktop.models import Role, StaffMember
    from clinic_desktop.ui.main_window import MainWindow

    window = MainWindow(engine)
    with Session(engine, expire_on_commit=False) as session:
        admin = session.exec(select(StaffMember).where(StaffMember.role == Role.admin)).first()
    window.set_current_staff(next(m for m in window._members.values() if m.id == admin.id))
    return window


def _ids(engine) -> dict[str, int]:  # noqa: ANN001
    from clinic_desktop.models import Complication, FollowUp, Patient, TreatmentSession

    with Session(engine) as s:
        ts = s.exec(
            select(TreatmentSession)
            .where(col(TreatmentSession.archived).is_(False))
            .order_by(col(TreatmentSession.performed_at).desc())
        ).first()
        follow_up = s.exec(select(FollowUp).where(col(FollowUp.done_at).is_(None))).first()
        complication = s.exec(
            select(Complication).where(col(Complication.entered_in_error).is_(False))
        ).first()
        assert s.exec(select(Patient.id)).first() is not None
        return {
            "treatment_session": ts.id,
            "patient": ts.patient_id,
            "follow_up": follow_up.id,
            "complication": complication.id,
            "complication_session": complication.treatment_session_id,
        }


def screens(engine) -> list[Screen]:  # noqa: ANN001
    """The pages (Today, Follow-ups, Patients, Reports) and the main dialogs, in menu order."""
    from clinic_desktop.ui.admin.audit_viewer import AuditViewerDialog
    from clinic_desktop.ui.admin.clinic_profile_dialog import ClinicProfileDialog
    from clinic_desktop.ui.admin.products_dialog import ProductsDialog
    from clinic_desktop.ui.admin.staff_admin import StaffAdminDialog
    from clinic_desktop.ui.checkout.sheet_preview import SheetPreviewDialog
    from clinic_desktop.ui.checkout.treatment_dialog import TreatmentSessionDialog
    from clinic_desktop.ui.complications.complication_form import ComplicationForm
    from clinic_desktop.ui.followups.follow_up_dialog import FollowUpDialog
    from clinic_desktop.ui.main_window import ProtocolApprovalDialog
    from clinic_desktop.ui.patients.correction_dialogs import (
        MergePatientsDialog,
        TreatmentSessionCorrectionDialog,
    )
    from clinic_desktop.ui.patients.patient_dialog import PatientDialog
    from clinic_desktop.ui.patients.photos.consent_dialog import PhotoConsentDialog
    from clinic_desktop.ui.patients.photos.patient_file_dialog import PatientFileDialog
    from clinic_desktop.ui.reports.recall_dialog import RecallDialog
    from clinic_desktop.ui.signin.password_dialog import ChangePasswordDialog

    ids = _ids(engine)

    def page(title: str) -> Callable[[Any], Any]:
        return lambda w: w.show_page(title)

    return [
        Screen("page-today", page("Today"), page=True),
        Screen("page-follow-ups", page("Follow-ups"), page=True),
        Screen("page-patients", page("Patients"), page=True),
        Screen("page-reports", page("Reports"), page=True),
        Screen("dialog-new-patient", lambda w: PatientDialog(w.workspace, w.current_staff, w)),
        Screen(
            "dialog-edit-patient",
            lambda w: PatientDialog(w.workspace, w.current_staff, w, patient_id=ids["patient"]),
        ),
        Screen("dialog-treatment-session", lambda w: TreatmentSessionDialog(w.workspace, w.current_staff, w)),
        Screen(
            "dialog-sheet-preview",
            lambda w: SheetPreviewDialog(w.workspace, w.current_staff, ids["treatment_session"], w),
        ),
        Screen(
            "dialog-follow-up", lambda w: FollowUpDialog(w.workspace, w.current_staff, ids["follow_up"], w)
        ),
        Screen(
            "dialog-complication",
            lambda w: ComplicationForm(
                w.workspace, w.current_staff, treatment_session_id=ids["complication_session"], parent=w
            ),
        ),
        Screen(
            "dialog-amend-complication",
            lambda w: ComplicationForm(
                w.workspace, w.current_staff, complication_id=ids["complication"], parent=w
            ),
        ),
        Screen(
            "dialog-correct-treatment-session",
            lambda w: TreatmentSessionCorrectionDialog(
                w.workspace, w.current_staff, ids["treatment_session"], w
            ),
        ),
        Screen(
            "dialog-merge-patients",
            lambda w: MergePatientsDialog(w.workspace, w.current_staff, ids["patient"], w),
        ),
        Screen(
            "dialog-photo-consent",
            lambda w: PhotoConsentDialog(w.workspace, w.current_staff, ids["patient"], w),
        ),
        Screen(
            "dialog-patient-file",
            lambda w: PatientFileDialog(w.workspace, w.current_staff, ids["patient"], parent=w),
        ),
        Screen("dialog-recall", lambda w: RecallDialog(w.workspace, w.current_staff, w)),
        Screen("dialog-clinic-profile", lambda w: ClinicProfileDialog(w.workspace, w.current_staff, w)),
        Screen("dialog-products", lambda w: ProductsDialog(w.workspace, w.current_staff, w)),
        Screen("dialog-staff", lambda w: StaffAdminDialog(w.workspace, w.current_staff(), w)),
        Screen("dialog-audit-trail", lambda w: AuditViewerDialog(w.workspace, w.current_staff(), w)),
        Screen("dialog-protocol-approval", lambda w: ProtocolApprovalDialog(w.workspace, w.current_staff, w)),
        Screen("dialog-change-password", lambda w: ChangePasswordDialog(w.workspace, w.current_staff, w)),
    ]
