"""Reading dates typed at the command line, with a message in the user's words for a date that is well
written but does not exist ("2026-02-30": February 2026 has 28 days), told apart from one that is not a
date at all. The window reads typed dates in ``ui/common/forms.py: parse_typed_date`` with the same rule."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from clinic_desktop.services.messages import _, current_language

_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_MOMENT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})$")


def month_name_and_year(year: int, month: int) -> str:
    """"February 2026" / "février 2026": the month (1-12) in the current language, then the year."""
    if current_language() == "en":
        return f"{calendar.month_name[month]} {year}"
    from babel.dates import format_date

    return format_date(date(year, month, 1), "MMMM y", locale="fr_CA")


def missing_day_problem(year: int, month: int, day: int, typed: str) -> str | None:
    """Why day ``day`` of month ``month`` (1-12 expected) of ``year`` does not exist, in the user's words,
    or None when it exists. ``typed`` is the text as the person wrote it (quoted in the message)."""
    if not 1 <= year <= 9999:
        return _("“{typed}” is not a date: the year {year} cannot be right.").format(typed=typed, year=year)
    if not 1 <= month <= 12:
        return _("“{typed}” does not exist: there is no month {month} (months go from 1 to 12).").format(
            typed=typed, month=month)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return _("“{typed}” does not exist: {month} has {days} days.").format(
            typed=typed, month=month_name_and_year(year, month), days=days)
    return None


def parse_iso_date(text: str) -> date:
    """``text`` written YYYY-MM-DD (spaces around ignored) as a date.

    Raises ValueError whose message says either that the text is not written as a date, or that the
    well-written date does not exist (a 30 February, a month 13), in the current language.
    """
    typed = text.strip()
    match = _ISO_DAY.match(typed)
    if not match:
        raise ValueError(_("“{typed}” is not a date; write it as YYYY-MM-DD, for example 2026-01-31").format(
            typed=text))
    year, month, day = (int(g) for g in match.groups())
    problem = missing_day_problem(year, month, day, typed)
    if problem:
        raise ValueError(problem)
    return date(year, month, day)


def parse_iso_minute(text: str) -> datetime:
    """``text`` written "YYYY-MM-DD HH:MM" (or with a T) as a naive datetime to the minute.

    Raises ValueError in the user's words: not written as a time, a day that does not exist, or an hour
    or minute out of range.
    """
    typed = text.strip()
    match = _ISO_MOMENT.match(typed)
    if not match:
        raise ValueError(_("Write the time as “YYYY-MM-DD HH:MM” (clinic time), not “{typed}”.").format(typed=text))
    year, month, day, hour, minute = (int(g) for g in match.groups())
    problem = missing_day_problem(year, month, day, typed)
    if problem:
        raise ValueError(problem)
    if hour > 23 or minute > 59:
        raise ValueError(_("“{typed}” is not a time of day: hours go from 00 to 23 and minutes from 00 to 59.")
                         .format(typed=typed))
    return datetime(year, month, day, hour, minute)
