"""What each role may do, enforced in the service layer (the UI only hides what a role cannot use).

Roles are cumulative: receptionist < practitioner < manager < admin (issue #6's matrix).
"""

from __future__ import annotations

import enum

from sqlmodel import Session

from clinic_desktop.models import Role, StaffMember
from clinic_desktop.services import audit
from clinic_desktop.services.errors import PermissionDenied


class Permission(str, enum.Enum):
    """An action guarded by role."""

    view_patients = "view_patients"
    edit_patients = "edit_patients"
    check_in = "check_in"  # create a treatment session entry at the desk
    print_aftercare = "print_aftercare"
    record_treatment_session = "record_treatment_session"
    record_follow_up = "record_follow_up"
    record_complication = "record_complication"
    view_reports = "view_reports"
    export_identified = "export_identified"
    approve_protocol = "approve_protocol"
    edit_clinic_profile = "edit_clinic_profile"
    view_audit = "view_audit"
    manage_staff = "manage_staff"
    manage_backups = "manage_backups"


_RECEPTIONIST = {
    Permission.view_patients,
    Permission.edit_patients,
    Permission.check_in,
    Permission.print_aftercare,
}
_PRACTITIONER = _RECEPTIONIST | {
    Permission.record_treatment_session,
    Permission.record_follow_up,
    Permission.record_complication,
}
_MANAGER = _PRACTITIONER | {
    Permission.view_reports,
    Permission.export_identified,
    Permission.approve_protocol,
    Permission.edit_clinic_profile,
    Permission.view_audit,
}
_ADMIN = _MANAGER | {Permission.manage_staff, Permission.manage_backups}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.receptionist: frozenset(_RECEPTIONIST),
    Role.practitioner: frozenset(_PRACTITIONER),
    Role.manager: frozenset(_MANAGER),
    Role.admin: frozenset(_ADMIN),
}

_DESCRIPTIONS = {
    Permission.record_treatment_session: "record treatment sessions",
    Permission.record_follow_up: "record follow-ups",
    Permission.record_complication: "record complications",
    Permission.view_reports: "see complication reports",
    Permission.export_identified: "export reports with patient names",
    Permission.approve_protocol: "approve protocols",
    Permission.edit_clinic_profile: "change the clinic profile",
    Permission.view_audit: "see the audit trail",
    Permission.manage_staff: "manage staff accounts",
    Permission.manage_backups: "make or restore backups",
}


def allowed(actor: StaffMember | None, permission: Permission) -> bool:
    """True if ``actor`` (an active staff member) holds ``permission``."""
    if actor is None or not actor.active:
        return False
    return permission in ROLE_PERMISSIONS.get(Role(actor.role), frozenset())


def require(session: Session, actor: StaffMember | None, permission: Permission) -> StaffMember:
    """Return ``actor`` if allowed; otherwise audit the refusal (committed at once) and raise PermissionDenied."""
    if actor is not None and allowed(actor, permission):
        return actor
    what = _DESCRIPTIONS.get(permission, permission.value.replace("_", " "))
    audit.record(
        session,
        actor=actor,
        action="permission.refused",
        details={"permission": permission.value, "role": actor.role.value if actor else None},
    )
    session.commit()
    if actor is None:
        raise PermissionDenied("Please sign in first.")
    raise PermissionDenied(f"{actor.full_name} ({Role(actor.role).value}) may not {what}.")
