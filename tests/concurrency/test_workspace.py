"""The workspace notices what changed under a window: a restore, an account disabled, re-roled or reset."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from clinic_desktop.models import Role
from clinic_desktop.services import auth, patients
from clinic_desktop.services.workspace import SignInRequired, Workspace, bump_database_epoch
from tests.language import msg_text

PASSWORD = "a long secret phrase"
CHANGED_ACCOUNT = "An administrator changed your account (role or password), so please sign in again."


@pytest.fixture
def team(db):
    ada = auth.create_first_admin(db, full_name="Ada Admin", username="ada", password=PASSWORD)
    elise = auth.create_staff(db, actor=ada, full_name="Dr. Élise Tremblay", username="elise",
                              role=Role.practitioner, password="elise secret pass")
    return {"ada": ada, "elise": elise}


def test_run_calls_a_service_as_the_signed_in_person(engine, team):
    workspace = Workspace(engine, team["ada"])
    created = workspace.run(patients.create_patient, data=patients.PatientCreate(
        given_names="Zoë", date_of_birth="1990-05-17"))
    assert created.id is not None and workspace.moved() is None


@pytest.mark.parametrize(("change", "words"), [
    (lambda s, ada, elise: auth.update_staff_role(s, actor=ada, staff_id=elise.id, role="manager"),
     CHANGED_ACCOUNT),
    (lambda s, ada, elise: auth.set_password(s, actor=ada, staff_id=elise.id, password="another long phrase"),
     CHANGED_ACCOUNT),
    (lambda s, ada, elise: auth.deactivate_staff(s, actor=ada, staff_id=elise.id),
     "Your account was deactivated by an administrator."),
    (lambda s, ada, elise: bump_database_epoch(s), "The data was replaced (a backup was restored), so please sign in "
                                                   "again."),
])
def test_a_change_elsewhere_stops_the_next_operation_and_tells_the_window_once(engine, team, change, words):
    words = msg_text(words)
    workspace = Workspace(engine, team["elise"])
    heard: list[str] = []
    workspace.on_moved(heard.append)
    with Session(engine, expire_on_commit=False) as office:
        change(office, team["ada"], team["elise"])
    for _ in range(2):
        with pytest.raises(SignInRequired) as err:
            with workspace.session():
                pass
        assert words in str(err.value)
    assert len(heard) == 1 and words in heard[0]
    with Session(engine) as s:  # signing in again (as whoever may) starts afresh
        workspace.sign_in(auth.authenticate(s, username="ada", password=PASSWORD))
    with workspace.session():
        pass
    assert workspace.moved() is None


def test_an_unrelated_sign_in_or_change_does_not_disturb_the_window(engine, team):
    workspace = Workspace(engine, team["elise"])
    with Session(engine, expire_on_commit=False) as office:
        auth.authenticate(office, username="ada", password=PASSWORD)
        auth.authenticate(office, username="elise", password="elise secret pass")  # herself, elsewhere
        auth.update_staff_role(office, actor=team["ada"], staff_id=team["ada"].id, role="admin")
    assert workspace.moved() is None
