"""A staff member's window language: their own, or anyone's by an administrator; audited; checked."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from clinic_desktop.models import AuditEntry, StaffMember
from clinic_desktop.services import auth, messages, preferences
from clinic_desktop.services.errors import PermissionDenied, ValidationError


def test_own_language_and_an_administrators_choice(engine):
    with Session(engine, expire_on_commit=False) as s:
        admin = auth.create_first_admin(
            s, full_name="Ada Admin", username="ada", password="a long desk password"
        )
        rita = auth.create_staff(
            s,
            actor=admin,
            full_name="Rita R",
            username="rita",
            role="receptionist",
            password="another long desk password",
        )
        epoch = rita.access_epoch
        assert preferences.set_language(s, actor=rita, staff_id=rita.id, language="fr").ui_language == "fr"
        with pytest.raises(PermissionDenied):
            preferences.set_language(s, actor=rita, staff_id=admin.id, language="fr")
        with pytest.raises(ValidationError) as refused:
            preferences.set_language(s, actor=admin, staff_id=rita.id, language="de")
        assert "language" in refused.value.errors
        assert preferences.set_language(s, actor=admin, staff_id=rita.id, language=None).ui_language is None
        s.expire_all()
        assert s.get(StaffMember, rita.id).access_epoch == epoch  # a language change signs nobody out
        actions = s.exec(select(AuditEntry.action).where(AuditEntry.action == "staff.language")).all()
        assert len(actions) == 2


def test_service_messages_follow_the_language(engine):
    with Session(engine) as s:
        try:
            messages.set_language("fr_CA.UTF-8")
            with pytest.raises(ValidationError) as refused:
                auth.authenticate(s, username="", password="x")
            assert refused.value.errors["username"] == "Entrez votre nom d’utilisateur."
        finally:
            messages.set_language("en")
        with pytest.raises(ValidationError) as refused:
            auth.authenticate(s, username="", password="x")
        assert refused.value.errors["username"] == "Enter your user name."
