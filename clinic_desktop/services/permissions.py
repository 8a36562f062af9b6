"""What each role may do, enforced in the service layer (the UI only hides what a role cannot use).

Roles are cumulative: receptionist < practitioner < manager < admin (issue #6's matrix).
"""

from __future__ import annotations

import enum

from sqlmodel import Session, select

from clinic_desktop.models import Role, StaffMember
from clinic_desktop.services import audit
from clinic_desktop.services.errors import PermissionDenied
from clinic_desktop.services.messages import N_, _


class Permission(str, enum.Enum):  # noqa: UP042 (same style as models.Role)
    """An action guarded by role."""

    view_patients = "view_patients"
    edit_patients = "edit_patients"
    check_in = "check_in"  # create a treatment session entry at the desk
    print_aftercare = "print_aftercare"
    view_clinical = "view_clinical"  # complications' clinical detail (kind, site, grade), follow-up notes
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
    manage_catalogue = "manage_catalogue"  # merge products of the catalogue
    # change a protocol's waiting times on one patient's sheet (receptionists too where the clinic allows)
    lengthen_waits = "lengthen_waits"


_RECEPTIONIST = {
    Permission.view_patients,
    Permission.edit_patients,
    Permission.check_in,
    Permission.print_aftercare,
}
_PRACTITIONER = _RECEPTIONIST | {
    Permission.view_clinical,
    Permission.record_treatment_session,
    Permission.record_follow_up,
    Permission.record_complication,
    Permission.lengthen_waits,
}
_MANAGER = _PRACTITIONER | {
    Permission.view_reports,
    Permission.export_identified,
    Permission.approve_protocol,
    Permission.edit_clinic_profile,
    Permission.view_audit,
    Permission.manage_catalogue,
}
_ADMIN = _MANAGER | {Permission.manage_staff, Permission.manage_backups}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.receptionist: frozenset(_RECEPTIONIST),
    Role.practitioner: frozenset(_PRACTITIONER),
    Role.manager: frozenset(_MANAGER),
    Role.admin: frozenset(_ADMIN),
}

#: the refusal of each permission, a whole sentence for the catalogue ({name}: the person; {role}: their role)
_REFUSALS = {
    Permission.view_patients: N_("{name} ({role}) may not see patients."),
    Permission.edit_patients: N_("{name} ({role}) may not change patients' details."),
    Permission.check_in: N_("{name} ({role}) may not check patients in."),
    Permission.print_aftercare: N_("{name} ({role}) may not print aftercare sheets."),
    Permission.view_clinical: N_("{name} ({role}) may not see the clinical detail of complications and "
                                 "follow-ups."),
    Permission.record_treatment_session: N_("{name} ({role}) may not record treatment sessions."),
    Permission.record_follow_up: N_("{name} ({role}) may not record follow-ups."),
    Permission.record_complication: N_("{name} ({role}) may not record complications."),
    Permission.view_reports: N_("{name} ({role}) may not see complication reports."),
    Permission.export_identified: N_("{name} ({role}) may not export reports with patient names."),
    Permission.approve_protocol: N_("{name} ({role}) may not approve protocols."),
    Permission.edit_clinic_profile: N_("{name} ({role}) may not change the clinic profile."),
    Permission.view_audit: N_("{name} ({role}) may not see the audit trail."),
    Permission.manage_staff: N_("{name} ({role}) may not manage staff accounts."),
    Permission.manage_backups: N_("{name} ({role}) may not make or restore backups."),
    Permission.manage_catalogue: N_("{name} ({role}) may not merge products of the catalogue."),
    Permission.lengthen_waits: N_("{name} ({role}) may not change the waiting times of an aftercare sheet "
                                  "(a practitioner's decision)."),
}
#: the roles as a refusal names them (translated where shown)
_ROLE_NAMES = {Role.admin: N_("admin"), Role.manager: N_("manager"), Role.practitioner: N_("practitioner"),
               Role.receptionist: N_("receptionist")}


def allowed(actor: StaffMember | None, permission: Permission) -> bool:
    """True if ``actor`` (an active staff member) holds ``permission``."""
    if actor is None or not actor.active:
        return False
    return permission in ROLE_PERMISSIONS.get(Role(actor.role), frozenset())


def _current_standing(session: Session, actor: StaffMember) -> tuple[Role, bool] | None:
    """The actor's role and active flag as stored in the database (not as held in memory), or None."""
    if actor.id is None:
        return None
    with session.no_autoflush:  # an unsaved in-memory change to the actor must not count
        row = session.exec(
            select(StaffMember.role, StaffMember.active).where(StaffMember.id == actor.id)
        ).first()
    if row is None:
        return None
    return Role(row[0]), bool(row[1])


def require(session: Session, actor: StaffMember | None, permission: Permission) -> StaffMember:
    """Return ``actor`` if allowed; otherwise audit the refusal (committed) and raise PermissionDenied.

    The role and active flag are read from the database, so a stale or tampered in-memory
    ``StaffMember`` (for example one whose role was lowered by an administrator a minute ago, or a
    deactivated account still signed in elsewhere) gets no more than the stored row allows.
    On refusal, anything not yet committed in ``session`` is rolled back (a refused action leaves no
    trace but its audit entry), then the refusal's audit entry is committed. Call it before writing.
    """
    standing = _current_standing(session, actor) if actor is not None else None
    if actor is not None and standing is not None:
        role, active = standing
        if active and permission in ROLE_PERMISSIONS.get(role, frozenset()):
            return actor
    session.rollback()
    audit.record(
        session,
        actor=actor if standing is not None else None,
        action="permission.refused",
        details={
            "permission": permission.value,
            "role": (standing[0] if standing else Role(actor.role)).value if actor else None,
            "actor_name": actor.full_name if actor else None,
        },
    )
    session.commit()
    if actor is None:
        raise PermissionDenied(_("Please sign in first."))
    if standing is not None and not standing[1]:
        raise PermissionDenied(_("The account of {name} is deactivated.").format(name=actor.full_name))
    role = standing[0] if standing else Role(actor.role)
    raise PermissionDenied(_(_REFUSALS[permission]).format(name=actor.full_name, role=_(_ROLE_NAMES[role])))


def allowed_now(session: Session, actor: StaffMember | None, permission: Permission) -> bool:
    """Like :func:`allowed`, but from the role and active flag stored in the database (no audit entry):
    for read services that show less, rather than refuse, to a role without ``permission``."""
    if actor is None:
        return False
    standing = _current_standing(session, actor)
    if standing is None:
        return False
    role, active = standing
    return active and permission in ROLE_PERMISSIONS.get(role, frozenset())
