"""Patients service: validation at the field, names exactly as typed (C15), accent-blind search (C11)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from clinic_desktop.models import AuditEntry, Patient
from clinic_desktop.services.errors import PermissionDenied, ValidationError
from clinic_desktop.services.messages import short_date
from clinic_desktop.services.patients import PatientCreate, create_patient, search_patients, update_patient
from clinic_desktop.services.text import fold
from tests.language import msg_text


def _new(db, actor, given, family="", dob=date(1985, 3, 14), **kw):
    return create_patient(db, actor=actor, data=PatientCreate(given_names=given, family_name=family,
                                                              date_of_birth=dob, **kw))


@pytest.mark.parametrize("given,family", [("Aoife", "O'Brien-Daly"), ("J", "Smith"), ("Suharti", ""),
                                          ("Ксения", "Павлова"), ("Zoë", "Dupré")])
def test_names_are_stored_exactly_as_typed(db, receptionist, given, family):
    patient = _new(db, receptionist, f"  {given} ", family)
    row = db.exec(select(Patient).where(Patient.id == patient.id)).one()
    assert (row.given_names, row.family_name) == (given, family)
    assert row.display_name == " ".join(p for p in (given, family) if p)


@pytest.mark.parametrize("given,family", [("", ""), ("   ", "\t")])
def test_empty_or_blank_name_is_refused_at_the_name_field(db, receptionist, given, family):
    with pytest.raises(ValidationError) as err:
        _new(db, receptionist, given, family)
    assert set(err.value.errors) == {"given_names"}
    assert db.exec(select(Patient)).all() == []


def test_future_or_missing_date_of_birth_is_refused(db, receptionist):
    with pytest.raises(ValidationError) as err:
        _new(db, receptionist, "Ana", "Silva", dob=date.today() + timedelta(days=2))
    assert err.value.errors["date_of_birth"] == msg_text("The date of birth is in the future.")
    with pytest.raises(ValidationError) as err:
        create_patient(db, actor=receptionist, data=PatientCreate(given_names="Ana"))
    assert "date_of_birth" in err.value.errors
    assert db.exec(select(Patient)).all() == []


def test_bad_amendment_changes_nothing(db, receptionist):
    patient = _new(db, receptionist, "Ana", "Silva", phone="+1 416 555 0101")
    with pytest.raises(ValidationError):
        update_patient(db, actor=receptionist, patient_id=patient.id,
                       data=PatientCreate(given_names="", date_of_birth=date(1985, 3, 14)))
    db.expire_all()
    assert db.get(Patient, patient.id).given_names == "Ana"


def test_creation_is_audited_and_needs_a_permitted_actor(db, receptionist):
    _new(db, receptionist, "Ana")
    actions = [e.action for e in db.exec(select(AuditEntry))]
    assert actions == ["patient.create"]
    with pytest.raises(PermissionDenied):
        _new(db, None, "Bob")  # nobody signed in


def test_fold():
    assert fold("Zoë") == "zoe"
    assert fold("SOCIÉTÉ") == "societe"
    assert fold("O'Brien-Daly") == "obriendaly"
    assert fold("Nguyễn Thị Hương") == "nguyen thi huong"
    assert fold("Đặng") == "dang"


def test_accent_case_and_apostrophe_blind_search(db, receptionist):
    """Case C11 and C15: stored Zoë, SOCIÉTÉ, O'Brien are found by zoe, societe, OBRIEN; O'Hara finds O'Hara."""
    zoe = _new(db, receptionist, "Zoë", "Martin")
    soc = _new(db, receptionist, "Marie", "SOCIÉTÉ")
    obrien = _new(db, receptionist, "Aoife", "O'Brien-Daly", phone="(416) 555-0199")
    ohara = _new(db, receptionist, "Sean", "O'Hara", dob=date(1990, 5, 17))
    _new(db, receptionist, "Other", "Person")
    assert [p.id for p in search_patients(db, "zoe")] == [zoe.id]
    assert [p.id for p in search_patients(db, "societe")] == [soc.id]
    assert [p.id for p in search_patients(db, "OBRIEN")] == [obrien.id]
    assert [p.id for p in search_patients(db, "O'Hara")] == [ohara.id]
    assert [p.id for p in search_patients(db, "aoife obrien")] == [obrien.id]
    assert [p.id for p in search_patients(db, "5550199")] == [obrien.id]
    assert [p.id for p in search_patients(db, "1990-05-17")] == [ohara.id]
    assert search_patients(db, "nobody here") == []


def test_names_over_200_characters_are_refused_with_nothing_saved(db, receptionist):
    """Issue #12: a 5,000-character given name used to be accepted, and that patient could never get a
    sheet. The service refuses it at the field; nothing is saved."""
    from sqlmodel import select as _select

    from clinic_desktop.models import Patient as _Patient
    from clinic_desktop.services.errors import ValidationError as _ValidationError
    from clinic_desktop.services.patients import PatientCreate as _PatientCreate
    from clinic_desktop.services.patients import create_patient as _create

    before = len(db.exec(_select(_Patient)).all())
    for field in ("given_names", "family_name"):
        data = {"given_names": "Zoë", "family_name": "Martin", "date_of_birth": date(1990, 1, 1)}
        data[field] = "a" * 5000
        with pytest.raises(_ValidationError) as info:
            _create(db, actor=receptionist, data=_PatientCreate(**data))
        assert field in info.value.errors and "200" in info.value.errors[field]
    assert len(db.exec(_select(_Patient)).all()) == before
    ok = _create(db, actor=receptionist, data=_PatientCreate(given_names="a" * 200, date_of_birth=date(1990, 1, 1)))
    assert len(ok.given_names) == 200


def test_c17_possible_duplicates_by_folded_name_and_birth_date_or_phone(db, receptionist):
    from clinic_desktop.services.patients import possible_duplicates

    maria = _new(db, receptionist, "Maria", "Lopez", dob=date(1990, 5, 17))
    hana = create_patient(db, actor=receptionist, data=PatientCreate(
        given_names="Hana", family_name="Nováková", date_of_birth=date(1988, 2, 2), phone="+420 601 555 010"))
    _new(db, receptionist, "Maria", "Lopez", dob=date(1991, 5, 17))  # a namesake born another year

    typed = PatientCreate(given_names="MARIA ", family_name="LOPEZ ", date_of_birth=date(1990, 5, 17))
    [match] = possible_duplicates(db, typed)
    assert match.patient.id == maria.id and match.reasons == ("same name and date of birth",)
    assert match.summary == msg_text("{name} · born {born} — {why}").format(
        name="Maria Lopez", born=short_date(date(1990, 5, 17)), why=msg_text("same name and date of birth"))
    typed = PatientCreate(given_names="Hana", family_name="Novakova", date_of_birth=date(1988, 2, 2),
                          phone="601-555-010")
    [match] = possible_duplicates(db, typed)
    assert match.patient.id == hana.id
    assert match.reasons == ("same name and date of birth", "same phone")
    # editing a patient never warns about themself; a warning never blocks creating
    assert possible_duplicates(db, typed, exclude_id=hana.id) == []
    created = create_patient(db, actor=receptionist, data=PatientCreate(
        given_names="MARIA ", family_name="LOPEZ ", date_of_birth=date(1990, 5, 17)))
    assert (created.given_names, created.family_name) == ("MARIA", "LOPEZ")  # stored trimmed


def test_control_and_bidi_override_characters_are_taken_out_of_names(db, receptionist):
    """Fresh-user trial: ESC, BEL and U+202E (right-to-left override) were stored in names and echoed raw to
    the terminal; an override can make a name read differently from what is stored."""
    # they are now refused at the field (services/text_rules.py), named, rather than silently taken out
    from clinic_desktop.services.errors import ValidationError

    with pytest.raises(ValidationError) as refused:
        create_patient(db, actor=receptionist, data=PatientCreate(
            given_names="Zo\x1b[31më\x07", family_name="\u202eMartin\u202c", date_of_birth=date(1990, 1, 1)))
    assert "U+001B" in refused.value.errors["given_names"] and "U+202E" in refused.value.errors["family_name"]
    arabic = create_patient(db, actor=receptionist, data=PatientCreate(
        given_names="ليلى\u200c", family_name="حداد", date_of_birth=date(1988, 6, 1)))
    assert arabic.given_names == "ليلى\u200c"  # a joiner some names need is kept
