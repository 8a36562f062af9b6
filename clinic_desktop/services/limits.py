"""Limits on what users type, enforced in the service layer (not only declared on the model).

Text: at most the column's declared length (``max_length`` on the table model), or :data:`MAX_FREE_TEXT`
characters for free-text columns without one; no NUL and no lone surrogate (neither can be stored).
Numbers: ids within a 64-bit database integer; quantities finite.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlmodel import SQLModel

from clinic_desktop.services import messages
from clinic_desktop.services.errors import NotFound, ValidationError
from clinic_desktop.services.messages import N_, _

#: Free text (notes, actions taken) without a declared column length: about ten pages.
MAX_FREE_TEXT = 20_000
#: The largest id a database integer holds; larger ones cannot name a record.
MAX_ID = 2**31 - 1  # ids are INTEGER columns: 32-bit on PostgreSQL (SQLite's ids never get near it)
#: Dates users can mean: treatment, onset and report dates; birth dates have their own rule.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def column_length(table: type[SQLModel], name: str) -> int | None:
    """The declared length of ``table``'s string column ``name`` (None for unbounded text or no column)."""
    columns = table.__table__.c  # type: ignore[attr-defined]
    if name not in columns:
        return None
    return getattr(columns[name].type, "length", None)


def text_problem(value: str, limit: int | None) -> str | None:
    """Why ``value`` cannot be saved (too long for ``limit``, or unstorable characters), or None."""
    if _UNSTORABLE.search(value):
        return _("This text holds a broken character (often from a copy and paste) that cannot be saved; "
                 "retype it.")
    limit = limit or MAX_FREE_TEXT
    if len(value) > limit:
        return _("This is too long ({length:,} characters); use at most {limit:,}.").format(length=len(value), limit=limit)
    return None


def text_errors(values: Mapping[str, Any], table: type[SQLModel], *, prefix: str = "",
                label: str = "") -> dict[str, str]:
    """Problems of the string values in ``values`` against ``table``'s column lengths and the characters
    their field class refuses (``services/text_rules``: control characters in a name, anything but GS1's
    characters in a batch number), keyed by field (``prefix`` + name); ``label`` goes before each message
    (e.g. "Product 2: ")."""
    from clinic_desktop.services.text_rules import field_class, field_problem

    errors: dict[str, str] = {}
    table_name = table.__table__.name  # type: ignore[attr-defined]
    for name, value in values.items():
        if isinstance(value, str):
            length = column_length(table, name)
            problem = field_problem(value, field_class(table_name, name, has_length=length is not None)
                                    ) or text_problem(value, length)
            if problem:
                errors[f"{prefix}{name}"] = f"{label}{problem}"
    return errors


def check_text(values: Mapping[str, Any], table: type[SQLModel]) -> None:
    """Raise ValidationError for the problems :func:`text_errors` finds."""
    errors = text_errors(values, table)
    if errors:
        raise ValidationError(errors)


def check_id(value: Any, what: str) -> int:
    """``value`` as an id; raises NotFound ("There is no <what> number …") for ids no record can have
    (not an int, below 1 or beyond a 64-bit integer)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        shown = str(value)
        shown = shown if len(shown) <= 30 else shown[:27] + "…"
        sentence = _NO_SUCH.get(what)
        raise NotFound(_(sentence).format(number=shown) if sentence else
                       _("There is no record number {number}.").format(number=shown))
    return value


#: "There is no <what> number …", one whole sentence per kind of record (the French noun's gender differs)
_NO_SUCH = {
    "complication": N_("There is no complication number {number}."),
    "follow-up": N_("There is no follow-up number {number}."),
    "aftercare issuance": N_("There is no aftercare issuance number {number}."),
    "patient": N_("There is no patient number {number}."),
    "staff member": N_("There is no staff member number {number}."),
    "treatment session": N_("There is no treatment session number {number}."),
}


def date_problem(value: date | datetime | None, *, earliest: date = EARLIEST_DATE,
                 latest: date = LATEST_DATE) -> str | None:
    """Why a date no one can mean is refused (before ``earliest`` or after ``latest``), or None."""
    if value is None:
        return None
    day = value.date() if isinstance(value, datetime) else value
    if day < earliest or day > latest:
        return _("{date} cannot be right; check the year (between {earliest} and {latest}).").format(
            date=messages.short_date(day), earliest=earliest.year, latest=latest.year)
    return None


def quantity_problem(value: float | None, *, most: float = 1000.0) -> str | None:
    """Why a product quantity is refused (not a finite number above 0 and at most ``most``), or None."""
    if value is None:
        return None
    if not math.isfinite(value) or value <= 0:
        return _("the quantity must be a number more than 0.")
    if value > most:
        return _("the quantity {value:g} is not plausible; at most {most:g}.").format(value=value, most=most)
    return None


def flat(items: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """A dict of (name, value) pairs (for :func:`text_errors` over a few named values)."""
    return dict(items)
