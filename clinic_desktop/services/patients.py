"""Patients: create, amend, find (accent- and case-blind, case C11), archive. Clinical rows are never deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel
from sqlmodel import Session

from clinic_desktop.models import Patient, StaffMember
from clinic_desktop.services import audit
from clinic_desktop.services.clinic import SUPPORTED_LANGUAGES, today
from clinic_desktop.services.emails import normalised_email
from clinic_desktop.services.errors import NotFound, ValidationError
from clinic_desktop.services.limits import check_id, text_errors
from clinic_desktop.services.messages import N_, _, short_date
from clinic_desktop.services.permissions import Permission, require
from clinic_desktop.services.text import clean, clean_note, digits

EARLIEST_BIRTH = date(1900, 1, 1)


class PatientCreate(BaseModel):
    """The new-patient form. A person with a single name types it in ``given_names`` (case C15)."""

    given_names: str
    family_name: str = ""
    date_of_birth: date | None = None
    sex: str | None = None
    phone: str = ""
    email: str = ""
    preferred_language: str = "en"
    large_print: bool = False
    notes: str = ""
    allergies: str = ""  # free text, e.g. "lidocaine; latex"
    conditions: list[str] = []  # codes of ALERT_CONDITIONS


#: Conditions that change what may be done in a treatment session or what to watch for afterwards
#: (pregnancy and blood thinners are the usual contraindications and bruising risks of injections; a history
#: of cold sores can flare after facial injections). Code -> label.
ALERT_CONDITIONS: dict[str, str] = {  # code -> English; alert_conditions() gives them translated
    "pregnancy": N_("Pregnant or breastfeeding"),
    "anticoagulants": N_("Takes blood thinners (anticoagulants)"),
    "cold_sores": N_("History of cold sores"),
    "autoimmune": N_("Autoimmune disease"),
    "keloids": N_("Forms raised (keloid) scars"),
}


#: The sex choices of the patient form, code -> English label (translated where shown: ``_()`` here, the
#: window's combo box through Qt's tr()). No value (None) is "not recorded": nobody asked; ``not_stated``
#: is the patient's choice not to say. Patients recorded before the choices were closed may hold other
#: text ("F", "banana"): it is kept and shown as recorded (:func:`sex_label`), never changed behind
#: anyone's back; only a new value must be one of these.
SEXES: dict[str, str] = {  # the keys are models.SEX_CODES
    "female": N_("Female"),
    "male": N_("Male"),
    "other": N_("Other"),
    "not_stated": N_("Not stated"),
}

def sex_code(value: str | None) -> str | None:
    """The :data:`SEXES` code a stored value means ("F" -> "female"), None for none or free text
    (:func:`clinic_desktop.models.sex_code`)."""
    from clinic_desktop.models import sex_code as code_of

    return code_of(value)


def sex_label(value: str | None) -> str:
    """A stored sex in the current language: the choice's label ("Female"), "Not recorded" for none, and
    text from before the closed choices as "Other (as recorded: “banana”)". Never raises."""
    if not (value or "").strip():
        return _("Not recorded")
    code = sex_code(value)
    if code is not None:
        return _(SEXES[code])
    return _("Other (as recorded: “{value}”)").format(value=value)


def sex_problem(value: str | None, *, stored: str | None = None) -> str | None:
    """Why ``value`` cannot be saved as a patient's sex, or None: it must be empty/None or a code of
    :data:`SEXES`; ``stored`` (the patient's value now) may be kept unchanged even if it is older text."""
    if value is None or value == "" or value in SEXES or (stored is not None and value == stored):
        return None
    return _("Choose one of: {choices}, or leave it not recorded.").format(
        choices=", ".join(_(label) for label in SEXES.values()))


def alert_conditions() -> dict[str, str]:
    """The alert conditions, code -> label in the current language (services.messages), in form order."""
    return {code: _(label) for code, label in ALERT_CONDITIONS.items()}


def alert_text(patient: Patient) -> str:
    """The patient's alerts in one line ("Allergies: lidocaine · Takes blood thinners…"), "" when none."""
    parts = [_("Allergies: {allergies}").format(allergies=patient.allergies)] if patient.allergies else []
    parts += [_(ALERT_CONDITIONS[c]) if c in ALERT_CONDITIONS else c for c in (patient.conditions or [])]
    return " · ".join(parts)


def patient_search_text(patient: Patient) -> str:
    """The indexed search column: folded names (and each part of compound names), phone digits (whole and
    last 10/7/4), birth date as YYYYMMDD; space-separated. See :mod:`clinic_desktop.services.search`."""
    from clinic_desktop.services.search import search_tokens

    return search_tokens(patient.given_names, patient.family_name, patient.phone, patient.date_of_birth)


MAX_NAME_CHARS = 200
"""Longest given names or family name (characters), as the database column and the sheet allow."""


def _validate(session: Session, data: PatientCreate, *, stored_sex: str | None = None) -> dict[str, str]:
    """The create/edit form's problems by field; ``stored_sex`` is the edited patient's sex now (kept even
    when it is text from before the closed choices)."""
    errors: dict[str, str] = text_errors(
        {"given_names": data.given_names, "family_name": data.family_name, "sex": data.sex or "",
         "phone": data.phone, "email": data.email, "notes": data.notes, "allergies": data.allergies,
         "preferred_language": ""}, Patient)
    if not clean(data.given_names) and not clean(data.family_name):
        errors["given_names"] = _("Enter the patient's name (a single name is fine).")
    too_long = {"given_names": N_("The given names can be {n} characters at most."),
                "family_name": N_("The family name can be {n} characters at most.")}
    for key, message in too_long.items():
        if len(clean(getattr(data, key))) > MAX_NAME_CHARS:  # the sheet and the database hold 200
            errors[key] = _(message).format(n=MAX_NAME_CHARS)
    sex = sex_problem(data.sex, stored=stored_sex)
    if sex and "sex" not in errors:
        errors["sex"] = sex
    if data.date_of_birth is None:
        errors["date_of_birth"] = _("Enter the date of birth.")
    elif data.date_of_birth > today(session):
        errors["date_of_birth"] = _("The date of birth is in the future.")
    elif data.date_of_birth < EARLIEST_BIRTH:
        errors["date_of_birth"] = _("The date of birth is before 1900; please check the year.")
    if data.preferred_language not in SUPPORTED_LANGUAGES:
        errors["preferred_language"] = _("Choose one of: {languages}.").format(
            languages=", ".join(SUPPORTED_LANGUAGES.values()))
    _email, problem = normalised_email(data.email)
    if problem and "email" not in errors:
        errors["email"] = problem
    if clean(data.phone) and len(digits(data.phone)) < 6:
        errors["phone"] = _("This phone number has too few digits.")
    unknown = [c for c in data.conditions if c not in ALERT_CONDITIONS]
    if unknown:
        errors["conditions"] = _("Unknown condition: {codes}.").format(codes=", ".join(unknown))
    return errors


def create_patient(session: Session, *, actor: StaffMember, data: PatientCreate) -> Patient:
    """Record a new patient; names are stored exactly as typed (trimmed at the ends).

    The e-mail address is checked with email-validator and stored in its normalised form.
    ``sex`` is None (not recorded) or a code of :data:`SEXES`.
    Raises ValidationError (fields: given_names, family_name, date_of_birth, sex, preferred_language, email,
    phone, notes, conditions) and
    PermissionDenied. Audited as ``patient.create``.
    """
    require(session, actor, Permission.edit_patients)
    errors = _validate(session, data)
    if errors:
        raise ValidationError(errors)
    given, family = clean(data.given_names), clean(data.family_name)
    if not given:  # only a family name typed: keep it as the single name
        given, family = family, ""
    patient = Patient(
        given_names=given,
        family_name=family,
        date_of_birth=data.date_of_birth,
        sex=data.sex or None,
        phone=clean(data.phone),
        email=normalised_email(data.email)[0],
        preferred_language=data.preferred_language,
        large_print=data.large_print,
        notes=clean_note(data.notes),
        allergies=clean(data.allergies),
        conditions=[c for c in ALERT_CONDITIONS if c in data.conditions],
    )
    patient.search_text = patient_search_text(patient)
    session.add(patient)
    session.flush()
    audit.record(session, actor=actor, action="patient.create", entity="patient", entity_id=patient.id)
    session.commit()
    session.refresh(patient)
    return patient


def update_patient(session: Session, *, actor: StaffMember, patient_id: int, data: PatientCreate,
                   reason: str = "", expected_version: int | None = None) -> Patient:
    """Correct a patient's details with a field-by-field history; see
    :func:`clinic_desktop.services.corrections.edit_patient` (a reason is needed except for contact
    details). Errors as create, plus ``reason`` and ConflictError."""
    from clinic_desktop.services.corrections import edit_patient

    return edit_patient(session, actor=actor, patient_id=patient_id, data=data, reason=reason,
                        expected_version=expected_version)


@dataclass(frozen=True)
class PossibleDuplicate:
    """An existing patient who may be the one being entered, and why (``reasons``: plain words)."""

    patient: Patient
    reasons: tuple[str, ...]

    @property
    def summary(self) -> str:
        """One line for the warning: name, birth date, phone, e-mail and why it matched."""
        p = self.patient
        contact = " · ".join(x for x in (p.phone, p.email) if x)
        reasons = [_(reason) for reason in self.reasons]  # at most two: the name and birth date, the phone
        why = reasons[0] if len(reasons) == 1 else _("{first} and {second}").format(
            first=reasons[0], second=", ".join(reasons[1:]))
        if contact:
            return _("{name} · born {born} · {contact} — {why}").format(
                name=p.display_name, born=short_date(p.date_of_birth), contact=contact, why=why)
        return _("{name} · born {born} — {why}").format(
            name=p.display_name, born=short_date(p.date_of_birth), why=why)


#: Phone numbers match on their last digits (so "+1 416 555 0101" matches "416-555-0101").
PHONE_MATCH_DIGITS = 9


def possible_duplicates(session: Session, data: PatientCreate, *, exclude_id: int | None = None,
                        limit: int = 10) -> list[PossibleDuplicate]:
    """Patients (not archived) who may already be the one in ``data``: the same name once case, accents,
    apostrophes and spaces are ignored and the same date of birth, or the same phone number (its last
    :data:`PHONE_MATCH_DIGITS` digits). Case C17: "MARIA LOPEZ " born the same day as "Maria Lopez",
    "Hana Novakova" with Hana Nováková's phone. Warns only: nothing is refused. At most ``limit``."""
    from sqlmodel import col, select

    from clinic_desktop.services.text import fold

    found: dict[int, list[str]] = {}
    name = fold(f"{data.given_names} {data.family_name}").replace(" ", "")
    if name and data.date_of_birth is not None:
        for p in session.exec(select(Patient).where(Patient.date_of_birth == data.date_of_birth,
                                                    col(Patient.archived).is_(False))):
            if fold(f"{p.given_names} {p.family_name}").replace(" ", "") == name:
                found.setdefault(p.id, []).append(N_("same name and date of birth"))  # type: ignore[arg-type]
    phone = digits(data.phone)
    if len(phone) >= 7:
        tail = phone[-PHONE_MATCH_DIGITS:]
        for p in search_patients(session, phone[-7:], limit=200):
            if digits(p.phone)[-PHONE_MATCH_DIGITS:] == tail or digits(p.phone) == phone:
                found.setdefault(p.id, []).append(N_("same phone"))  # type: ignore[arg-type]
    found.pop(exclude_id, None)  # type: ignore[arg-type]
    out = [PossibleDuplicate(session.get(Patient, pid), tuple(why)) for pid, why in found.items()]  # type: ignore[arg-type]
    out.sort(key=lambda d: (-len(d.reasons), d.patient.id))
    return out[:limit]


def get_patient(session: Session, patient_id: int) -> Patient:
    """The patient with this id. Raises NotFound (also for an id no record can have)."""
    patient = session.get(Patient, check_id(patient_id, "patient"))
    if patient is None:
        raise NotFound(_("There is no patient number {patient_id}.").format(patient_id=patient_id))
    return patient


def search_patients(session: Session, query: str, *, limit: int = 50, include_archived: bool = False) -> list[Patient]:
    """Patients for whom every word of ``query`` starts a name part, their phone digits or date of birth.

    Matching ignores case, accents and apostrophes/hyphens ("zoe" finds "Zoë", "OBRIEN" finds "O'Brien",
    "daly" finds "O'Brien-Daly"). Digits match the phone number (whole, or its last 10/7/4 digits) and the
    birth date typed as 1990-05-17, 1990 05 17 or 19900517. An empty query returns the most recently added
    patients. At most ``limit`` rows, ordered by family then given name. Backed by an FTS5 prefix index on
    SQLite (p95 under 20 ms on 100,000 patients); see :mod:`clinic_desktop.services.search`.
    """
    from clinic_desktop.services.search import find_patients

    return find_patients(session, query, limit=limit, include_archived=include_archived)
