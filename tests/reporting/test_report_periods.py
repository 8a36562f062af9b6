"""Report period presets (issue #14): every preset but "Last year" ends today, in the clinic's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from clinic_desktop.models import ClinicProfile
from clinic_desktop.services.errors import ValidationError
from clinic_desktop.services.report_periods import (
    DEFAULT_PERIOD,
    PERIOD_LABELS,
    ReportPeriod,
    current_period,
    period_at,
    period_dates,
)
from clinic_desktop.services.reports import default_filters

P = ReportPeriod


@pytest.mark.parametrize(
    ("period", "today", "expected"),
    [
        (P.this_month, date(2026, 3, 15), (date(2026, 3, 1), date(2026, 3, 15))),
        (P.this_month, date(2026, 3, 1), (date(2026, 3, 1), date(2026, 3, 1))),
        (P.last_30_days, date(2026, 3, 15), (date(2026, 2, 14), date(2026, 3, 15))),
        (P.last_30_days, date(2026, 1, 10), (date(2025, 12, 12), date(2026, 1, 10))),
        (P.last_30_days, date(2024, 3, 1), (date(2024, 2, 1), date(2024, 3, 1))),  # leap February
        (P.last_30_days, date(2025, 3, 1), (date(2025, 1, 31), date(2025, 3, 1))),
        (P.last_12_months, date(2026, 3, 15), (date(2025, 4, 1), date(2026, 3, 15))),
        (P.last_12_months, date(2026, 1, 1), (date(2025, 2, 1), date(2026, 1, 1))),
        (P.last_12_months, date(2026, 12, 31), (date(2026, 1, 1), date(2026, 12, 31))),
        (P.last_12_months, date(2026, 11, 30), (date(2025, 12, 1), date(2026, 11, 30))),
        (P.this_year, date(2026, 1, 1), (date(2026, 1, 1), date(2026, 1, 1))),
        (P.this_year, date(2026, 12, 31), (date(2026, 1, 1), date(2026, 12, 31))),
        (P.last_year, date(2026, 1, 1), (date(2025, 1, 1), date(2025, 12, 31))),
        (P.last_year, date(2026, 12, 31), (date(2025, 1, 1), date(2025, 12, 31))),
    ],
)
def test_period_dates_at_month_and_year_boundaries(period, today, expected):
    assert period_dates(period, today) == expected
    assert period_dates(period.value, today) == expected  # names work too (CLI, saved settings)


def test_last_12_months_has_twelve_calendar_months_and_includes_today():
    for today in (date(2026, 1, 31), date(2026, 2, 28), date(2026, 7, 4), date(2026, 12, 1)):
        first, last = period_dates(P.last_12_months, today)
        assert last == today and first.day == 1
        assert (last.year - first.year) * 12 + last.month - first.month + 1 == 12


def test_the_default_period_ends_today():
    assert DEFAULT_PERIOD is P.last_12_months
    filters = default_filters(date(2026, 3, 15))
    assert (filters.date_from, filters.date_to) == (date(2025, 4, 1), date(2026, 3, 15))


def test_custom_and_unknown_periods_are_validation_errors():
    with pytest.raises(ValidationError) as err:
        period_dates(P.custom, date(2026, 3, 15))
    assert "period" in err.value.errors
    with pytest.raises(ValidationError):
        period_dates("fortnight", date(2026, 3, 15))
    assert list(PERIOD_LABELS) == list(P)  # every period has a label, in the page's order


def test_the_local_date_decides_at_new_year():
    paris, montreal = ZoneInfo("Europe/Paris"), ZoneInfo("America/Toronto")
    eve = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # already 1 January 2027 in Paris
    assert period_at(P.this_year, eve, paris) == (date(2027, 1, 1), date(2027, 1, 1))
    assert period_at(P.last_year, eve, paris) == (date(2026, 1, 1), date(2026, 12, 31))
    assert period_at(P.this_year, eve, montreal) == (date(2026, 1, 1), date(2026, 12, 31))
    early = datetime(2027, 1, 1, 3, 0, tzinfo=UTC)  # still 31 December in Montreal
    assert period_at(P.this_month, early, montreal) == (date(2026, 12, 1), date(2026, 12, 31))
    assert period_at(P.this_month, early, paris) == (date(2027, 1, 1), date(2027, 1, 1))
    with pytest.raises(ValueError):
        period_at(P.this_year, datetime(2026, 12, 31, 23, 30), paris)


def test_current_period_reads_the_clinic_time_zone(db):
    profile = db.get(ClinicProfile, 1) or ClinicProfile(id=1)
    profile.timezone = "Pacific/Auckland"
    db.add(profile)
    db.commit()
    moment = datetime(2026, 2, 28, 12, 0, tzinfo=UTC)  # 1 March 01:00 in Auckland
    assert current_period(db, P.this_month, now=moment) == (date(2026, 3, 1), date(2026, 3, 1))
