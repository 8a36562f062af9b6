"""Several workstations on one record: stale-copy refusal and race-free get-or-create.

Every record that changes carries a version (models: SQLAlchemy ``version_id_col``). A service that
updates a record takes ``expected_version`` — the version the user's form was filled from — and calls
:func:`check_version` before changing anything; SQLAlchemy then adds ``WHERE version = <read>`` to the
UPDATE, so a change committed by another process between the read and the flush is caught as
``StaleDataError``, which :func:`refusing_stale` turns into the same :class:`ConflictError`. The error says
who changed the record, when (in the clinic's time zone) and which fields, read from the audit trail.

Get-or-create paths use :func:`insert_ignore` (``INSERT … ON CONFLICT DO NOTHING`` on SQLite and
PostgreSQL) followed by a select, so two workstations creating the same row at once both succeed.
See docs/concurrency.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, SQLModel, col, select

from clinic_desktop.models import AuditEntry
from clinic_desktop.services.errors import ConflictError
from clinic_desktop.services.messages import N_, _, list_of, short_date, short_time

__all__ = ["StaleDataError", "check_version", "conflict", "insert_ignore", "refusing_stale", "stale"]

#: Field names as a person reads them, for the conflict message (services add their own labels).
FIELD_WORDS: dict[str, str] = {
    "given_names": N_("given names"),
    "family_name": N_("family name"),
    "date_of_birth": N_("date of birth"),
    "preferred_language": N_("preferred language"),
    "large_print": N_("large print"),
    "emergency_phone": N_("emergency phone"),
    "brand_colour": N_("brand colour"),
    "paper_size": N_("paper size"),
    "default_language": N_("default language"),
    "timezone": N_("time zone"),
    "idle_lock_minutes": N_("idle lock"),
    "logo": N_("logo"),
    "severity_grade": N_("severity grade"),
    "kind_other": N_("description"),
    "onset_date": N_("onset date"),
    "serious_criterion": N_("serious because"),
    "action_taken": N_("action taken"),
    "resolution_date": N_("resolution date"),
    "product_use_id": N_("product and batch"),
    "entered_in_error": N_("entered in error"),
    "error_reason": N_("error reason"),
    "due_date": N_("due date"),
    "full_name": N_("name"),
    "active": N_("active"),
    "role": N_("role"),
    "password": N_("password"),
}


def _words(name: str) -> str:
    word = FIELD_WORDS.get(name)
    return _(word) if word else name.replace("_", " ").removeprefix("reported ")


def _last_changes(
    session: Session, entity: str, entity_id: int, count: int
) -> tuple[AuditEntry | None, list[str]]:
    """The newest audit entry about the record and the fields changed in the newest ``count`` entries."""
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(col(AuditEntry.id).desc())
        .limit(max(count, 1))
    )
    entries = list(session.exec(stmt))
    fields: list[str] = []
    for entry in entries:
        changes = entry.details.get("changes") if isinstance(entry.details, dict) else None
        for name in changes or ():
            if name not in fields:
                fields.append(name)
        if not changes and entry.action.startswith("staff.") and entry.action != "staff.create":
            name = {"staff.role_change": "role", "staff.password_reset": "password"}.get(
                entry.action, "active"
            )
            if name not in fields:
                fields.append(name)
    return (entries[0] if entries else None), fields


def conflict(
    session: Session,
    *,
    entity: str,
    entity_id: int,
    what: str,
    current_version: int | None,
    expected_version: int | None,
    labels: dict[str, str] | None = None,
) -> ConflictError:
    """The :class:`ConflictError` for a stale copy of record ``entity`` / ``entity_id``.

    ``what`` names the record for the user, already translated and written as the object of a verb
    (``_("this complication")``, ``_("the clinic profile")``): the message is one sentence per case with
    ``{record}`` in it, so a translation can put it where its grammar needs. ``labels`` maps field
    names to the form's labels. Who and when come from the record's newest audit entry, the fields from the
    ``changes`` of the entries written since the version the user read. The time is shown in the clinic's
    time zone; ``changed_at`` stays aware UTC.
    """
    from clinic_desktop.services.clinic import clinic_zone

    missed = (current_version or 0) - (expected_version or 0)
    entry, names = _last_changes(session, entity, entity_id, missed if missed > 0 else 1)
    label_of = dict(labels or {})
    shown = [_(label_of[n]).lower() if n in label_of else _words(n) for n in names]
    who = entry.actor_name if entry is not None and entry.actor_name else None
    when = entry.at if entry is not None else None
    if when is not None:
        local = when.astimezone(clinic_zone(session))
        # Translators: {record} is a record named as the object of a verb ("this complication", "the
        # clinic profile"); {time} "14:05" / "14 h 05", {date} "07 May 2026".
        sentence = (_("{who} changed {record} at {time} on {date} after you opened it, so your changes were "
                      "not saved.") if who else
                    _("Someone else changed {record} at {time} on {date} after you opened it, so your changes "
                      "were not saved.")).format(who=who, record=what, time=short_time(local),
                                                 date=short_date(local))
    else:
        sentence = _("Someone else changed {record} after you opened it, so your changes were not saved.").format(
            record=what)
    parts = [sentence]
    if shown:
        parts.append(_("Changed: {fields}.").format(fields=list_of(shown)))
    parts.append(_("Choose Reload to see the record as it is now — what you typed stays in the form — then save "
                   "again."))
    return ConflictError(
        " ".join(parts), changed_by=who, changed_at=when, fields=names, current_version=current_version
    )


def check_version(
    session: Session,
    row: Any,
    expected_version: int | None,
    *,
    entity: str,
    what: str,
    labels: dict[str, str] | None = None,
    attribute: str = "version",
) -> None:
    """Raise :class:`ConflictError` when ``row``'s version is not ``expected_version`` (None: no check, for
    callers that read and write in one step, such as the command line)."""
    if expected_version is None:
        return
    current = getattr(row, attribute)
    if current != expected_version:
        raise conflict(
            session,
            entity=entity,
            entity_id=row.id,
            what=what,
            current_version=current,
            expected_version=expected_version,
            labels=labels,
        )


@contextmanager
def refusing_stale(
    session: Session,
    model: type[SQLModel] | None = None,
    row_id: int | None = None,
    *,
    entity: str = "",
    what: str = "",
    expected_version: int | None = None,
    labels: dict[str, str] | None = None,
    attribute: str = "version",
) -> Iterator[None]:
    """Around a service's writes and commit: SQLAlchemy's ``StaleDataError`` (another process committed a
    change to the row between our read and our UPDATE … WHERE version=<read>) becomes the
    :class:`ConflictError` for ``model`` / ``row_id``. The session is rolled back: nothing is saved.
    ``what``: as for :func:`conflict` (empty: "this record" in the current language)."""
    what = what or _("this record")
    try:
        yield
    except StaleDataError:
        session.rollback()
        raise stale(
            session,
            model,
            row_id,
            entity=entity,
            what=what,
            expected_version=expected_version,
            labels=labels,
            attribute=attribute,
        ) from None


def stale(
    session: Session,
    model: type[SQLModel] | None,
    row_id: int | None,
    *,
    entity: str,
    what: str,
    expected_version: int | None,
    labels: dict[str, str] | None = None,
    attribute: str = "version",
) -> ConflictError:
    """The ConflictError after a refused flush or conditional update, read from the row as it is now."""
    current = None
    if model is not None and row_id is not None:
        fresh = session.get(model, row_id, populate_existing=True)
        current = getattr(fresh, attribute) if fresh is not None else None
    return conflict(
        session,
        entity=entity,
        entity_id=row_id or 0,
        what=what,
        current_version=current,
        expected_version=expected_version,
        labels=labels,
    )


def insert_ignore(
    session: Session, model: type[SQLModel], rows: Iterable[dict[str, Any]], index_elements: Sequence[str]
) -> None:
    """``INSERT … ON CONFLICT (index_elements) DO NOTHING`` for ``rows`` (column -> value), on SQLite and
    PostgreSQL: the get-or-create half that never raises a unique violation when another workstation
    inserted the same row first. The caller selects the row afterwards."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    values = list(rows)
    if not values:
        return
    table = model.__table__  # type: ignore[attr-defined]
    session.execute(insert(table).values(values).on_conflict_do_nothing(index_elements=list(index_elements)))


def column_values(row: SQLModel) -> dict[str, Any]:
    """The table columns of a model instance built in Python (defaults applied), for :func:`insert_ignore`;
    columns left None are omitted so the database's defaults apply."""
    table = type(row).__table__  # type: ignore[attr-defined]
    out = {}
    for column in table.columns:
        value = getattr(row, column.key, None)
        if value is not None:
            out[column.name] = value
    return out
