"""A staff member's own preferences: the window's language (issue #15).

Anyone signed in sets their own; an administrator (``Permission.manage_staff``) sets anyone's. The
language takes effect at that person's next sign-in (the window installs it, ``ui/common/i18n.py``).
"""

from __future__ import annotations

from sqlmodel import Session

from clinic_desktop.models import StaffMember
from clinic_desktop.services import audit
from clinic_desktop.services.errors import NotFound, PermissionDenied, ValidationError
from clinic_desktop.services.limits import check_id
from clinic_desktop.services.messages import LANGUAGES, _, normalise
from clinic_desktop.services.permissions import Permission, require


def set_language(
    session: Session, *, actor: StaffMember, staff_id: int, language: str | None,
    expected_version: int | None = None,
) -> StaffMember:
    """Set the window language of staff member ``staff_id`` to ``language`` ("fr", "en", or None for the
    computer's language). One's own: anyone active; someone else's: administrators only.

    Returns the saved StaffMember. Raises PermissionDenied (audited), NotFound, ValidationError on
    ``language`` (not one of :data:`services.messages.LANGUAGES`), ConflictError when the account changed
    since ``expected_version``. Commits; audited as ``staff.language`` with the old and new codes. Unlike an
    administrator's account changes it does not sign the person out.
    """
    from clinic_desktop.services.concurrency import check_version, refusing_stale

    member = session.get(StaffMember, check_id(staff_id, "staff member"))
    if member is None:
        raise NotFound(_("There is no staff member with number {staff_id}.").format(staff_id=staff_id))
    if actor is None or actor.id != member.id:
        require(session, actor, Permission.manage_staff)
    else:
        fresh = session.get(StaffMember, actor.id)
        if fresh is None or not fresh.active:
            raise PermissionDenied(_("This account is deactivated."))
    code = None
    if language not in (None, ""):
        code = normalise(language)
        if code is None or code != str(language).lower().replace("-", "_").split("_")[0]:
            raise ValidationError.single(
                "language",
                _("Choose one of the languages offered: {codes}.").format(codes=", ".join(LANGUAGES)),
            )
    check_version(
        session, member, expected_version, entity="staff_member", what=_("{name}'s account").format(name=member.full_name)
    )
    old = member.ui_language
    if old == code:
        return member
    member.ui_language = code
    with refusing_stale(
        session,
        StaffMember,
        member.id,
        entity="staff_member",
        what=_("{name}'s account").format(name=member.full_name),
        expected_version=member.version,
    ):
        session.add(member)
        session.flush()
        audit.record(
            session,
            actor=actor,
            action="staff.language",
            entity="staff_member",
            entity_id=member.id,
            details={"username": member.username, "from": old or "", "to": code or ""},
        )
        session.commit()
    session.refresh(member)
    return member
