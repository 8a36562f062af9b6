"""Named report periods ("This month", "Last 12 months" …) as first and last local dates (issue #14).

Qt-free, so the report page, the exports and the CLI count the same days. Every period is a pair of
local calendar dates in the clinic's time zone, both inclusive, and every period but "Last year" ends
*today*: a complication logged today is in the default report at once.

- :func:`period_dates`: (first day, last day) of a preset for a given local ``today``.
- :func:`period_at`: the same for an aware moment (UTC) and the clinic's time zone.
- :func:`current_period`: the same for now, read from the clinic profile's time zone.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from clinic_desktop.services.errors import ValidationError
from clinic_desktop.services.messages import _


class ReportPeriod(str, enum.Enum):
    """The periods the report page offers. ``custom`` has no dates of its own (the user picks them)."""

    this_month = "this_month"
    last_30_days = "last_30_days"
    last_12_months = "last_12_months"
    this_year = "this_year"
    last_year = "last_year"
    custom = "custom"


#: The report page's first period.
DEFAULT_PERIOD = ReportPeriod.last_12_months

#: English labels, in the order the report page lists them (the window translates them with tr()).
PERIOD_LABELS: dict[ReportPeriod, str] = {
    ReportPeriod.this_month: "This month",
    ReportPeriod.last_30_days: "Last 30 days",
    ReportPeriod.last_12_months: "Last 12 months",
    ReportPeriod.this_year: "This year",
    ReportPeriod.last_year: "Last year",
    ReportPeriod.custom: "Custom",
}


def _months_back(day: date, months: int) -> date:
    """The first day of the calendar month ``months`` before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, 1)


def period_dates(period: ReportPeriod | str, today: date) -> tuple[date, date]:
    """(first day, last day), both inclusive local dates, of ``period`` as seen on the local date ``today``.

    - ``this_month``: the 1st of this month to today.
    - ``last_30_days``: the 30 days ending today (today and the 29 days before it).
    - ``last_12_months``: the 1st of the month 11 months ago to today: this month so far and the 11 whole
      months before it, so the monthly chart has 12 bars and ends with today's complications.
    - ``this_year``: 1 January to today.
    - ``last_year``: the whole previous calendar year.

    Raises ValidationError (field ``period``) for ``custom`` (it has no dates of its own) or an unknown name.
    """
    try:
        period = ReportPeriod(period)
    except ValueError:
        raise ValidationError.single("period", _("Unknown report period “{period}”.").format(period=period)) from None
    if period is ReportPeriod.this_month:
        return today.replace(day=1), today
    if period is ReportPeriod.last_30_days:
        return today - timedelta(days=29), today
    if period is ReportPeriod.last_12_months:
        return _months_back(today, 11), today
    if period is ReportPeriod.this_year:
        return date(today.year, 1, 1), today
    if period is ReportPeriod.last_year:
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    raise ValidationError.single("period", _("Choose the first and last day of a custom period."))


def period_at(period: ReportPeriod | str, moment: datetime, zone: ZoneInfo) -> tuple[date, date]:
    """:func:`period_dates` for the local date of the aware ``moment`` in ``zone``.

    At 23:30 UTC on 31 December in Paris it is already 1 January, so "This year" is the new year's first
    day only. Raises ValueError for a naive ``moment``; ValidationError as :func:`period_dates`.
    """
    if moment.tzinfo is None:
        raise ValueError("moment must be an aware datetime (UTC)")
    return period_dates(period, moment.astimezone(zone).date())


def current_period(
    session: Session, period: ReportPeriod | str, *, now: datetime | None = None
) -> tuple[date, date]:
    """:func:`period_at` for ``now`` (default: the current UTC time) in the clinic's time zone."""
    from clinic_desktop.services.clinic import clinic_zone

    return period_at(period, now or datetime.now(UTC), clinic_zone(session))


__all__ = [
    "DEFAULT_PERIOD",
    "PERIOD_LABELS",
    "ReportPeriod",
    "current_period",
    "period_at",
    "period_dates",
]
