"""Complication report: filters, figures and the line list, computed with SQL aggregation.

What is counted
- A treatment session is *in the period* when its ``performed_at`` falls on a local date (clinic time
  zone, :class:`~clinic_desktop.models.ClinicProfile.timezone`) from ``date_from`` to ``date_to``
  inclusive, and it is not archived.
- A complication belongs to the period of the treatment session it followed (a cohort: the sessions are
  the denominator, their complications the numerator). Complications marked ``entered_in_error`` are
  never counted.
- **Rate per 1,000** = treatment sessions with at least one (matching) complication per 1,000 treatment
  sessions, with a 95 % Wilson interval. The number of complications is shown beside it (one treatment
  session may have several).
- Product and batch: a complication linked to a product use counts for that product use's batch; one
  with no product use recorded counts for every batch used in its treatment session. A batch's
  denominator is the number of treatment sessions in the period that used it.
- Filters on the treatment session (treatment, practitioner, product, batch) narrow both numerator and
  denominator; filters on the complication (minimum severity grade, outcome, serious only) narrow the
  numerator only.
- Open complications: outcome ``resolving`` or ``not_resolved``.
- Days to onset: onset date minus the treatment session's local date. Days to resolution: resolution
  date minus onset date (complications with a resolution date only).

Speed: the figures come from a handful of aggregate queries, no per-row Python over treatment sessions.
Treatment sessions (per treatment, practitioner and month, and per batch) are read from ``report_day``,
their counts per UTC day (:mod:`clinic_desktop.reporting.summary`, migration 0013), for every day not
marked dirty by a write; dirty days are counted from the raw rows in the same statement, and a day cut
by a period or month boundary is counted from ``report_day`` for its longer side with only its shorter
side's sessions read raw and moved (:meth:`_Sql._summary_params`), so the figures are exactly a plain
recount's (``plain=True`` runs the recount, which a database without ``report_day`` also gets).
Complications of clean days are read from ``report_complication`` (each with its session's time,
treatment and practitioner) and their batches from ``report_complication_use`` (migration 0014): one
range scan each instead of a session and a product use looked up per complication; those of dirty days
from the raw rows; months and days to onset are computed from the stored UTC time, so every time zone
and period works. They are grouped by one integer key per grouping where they can be
(:func:`_complication_figures`). The product filter is looked up per complication
(``ix_product_use_session_batch``). SQLite and PostgreSQL run the same SQL but for the day arithmetic;
plans are in ``docs/report-plans.md``.
"""

from __future__ import annotations

import calendar
import dataclasses
import enum
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlmodel import Session

from clinic_desktop.models import (
    ClinicProfile,
    ComplicationKind,
    ComplicationOutcome,
    StaffMember,
    UTCDateTime,
)
from clinic_desktop.reporting.summary import day_param, has_summary, next_day
from clinic_desktop.services.messages import N_, _, babel_locale, current_language, ngettext, number
from clinic_desktop.reporting.stats import (
    fisher_exact_greater,
    median_from_counts,
    per_thousand,
    wilson_interval,
)

Progress = tuple[int, int, str]
"""(done, total, message): what long-running report steps yield."""

OPEN_OUTCOMES = (ComplicationOutcome.resolving.value, ComplicationOutcome.not_resolved.value)
SIGNAL_MIN_EVENTS = 3
SIGNAL_P_VALUE = 0.05

# ----------------------------------------------------------------------------------------- filters


class PeriodPreset(str, enum.Enum):
    """Named periods offered on the report page and the CLI; all are whole calendar months or quarters."""

    last_month = "last_month"
    last_quarter = "last_quarter"
    last_12_months = "last_12_months"


def period_preset(preset: PeriodPreset | str, today: date) -> tuple[date, date]:
    """(first day, last day) of a named period relative to ``today`` (a local date).

    ``last_month``: the previous calendar month. ``last_quarter``: the previous calendar quarter.
    ``last_12_months``: the 12 complete calendar months before the current month.
    """
    preset = PeriodPreset(preset)
    first_this_month = today.replace(day=1)
    if preset is PeriodPreset.last_month:
        end = first_this_month - timedelta(days=1)
        return end.replace(day=1), end
    if preset is PeriodPreset.last_quarter:
        q_start_month = 3 * ((today.month - 1) // 3) + 1
        end = today.replace(month=q_start_month, day=1) - timedelta(days=1)
        return _add_months(end.replace(day=1), -2), end
    end = first_this_month - timedelta(days=1)
    return _add_months(first_this_month, -12), end


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


class ReportFilters(BaseModel):
    """What a complication report covers. Dates are local (clinic time zone) and inclusive.

    Raises ``pydantic.ValidationError`` for ``date_to`` before ``date_from`` (field ``date_to``) or a
    grade outside 1-5 (field ``min_grade``). Blank text filters mean "any".
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    date_from: date
    date_to: date
    treatment: str | None = None
    practitioner_id: int | None = None
    product_name: str | None = None
    batch_number: str | None = None
    min_grade: int | None = Field(default=None, ge=1, le=5)
    outcome: ComplicationOutcome | None = None
    serious_only: bool = False

    @field_validator("treatment", "product_name", "batch_number", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    @field_validator("date_to")
    @classmethod
    def _to_after_from(cls, value: date, info: Any) -> date:
        start = info.data.get("date_from")
        if start is not None and value < start:
            raise ValueError(
                _("The end date ({end}) is before the start date ({start}).").format(
                    end=value.isoformat(), start=start.isoformat())
            )
        return value

    @property
    def session_filtered(self) -> bool:
        """True when a treatment-session filter other than the period is set."""
        return any(
            v is not None
            for v in (self.treatment, self.practitioner_id, self.product_name, self.batch_number)
        )

    @property
    def product_filtered(self) -> bool:
        """True when a product or batch filter is set."""
        return self.product_name is not None or self.batch_number is not None


# ------------------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class RateRow:
    """Counts for one group (a treatment, a practitioner, a month, …) and the rate derived from them.

    ``sessions``: treatment sessions in the group; ``affected_sessions``: those with at least one
    matching complication; ``complications``: matching complications.
    """

    key: str
    label: str
    sessions: int
    affected_sessions: int
    complications: int

    @property
    def rate_per_1000(self) -> float | None:
        """Affected treatment sessions per 1,000 treatment sessions (None without sessions)."""
        return per_thousand(min(self.affected_sessions, self.sessions), self.sessions)

    @property
    def ci_per_1000(self) -> tuple[float, float] | None:
        """95 % Wilson interval of the rate, per 1,000 (None without sessions)."""
        ci = wilson_interval(min(self.affected_sessions, self.sessions), self.sessions)
        return None if ci is None else (1000 * ci[0], 1000 * ci[1])


@dataclass(frozen=True)
class BatchRate(RateRow):
    """A product batch's figures, compared with the other batches of the same product.

    ``p_value`` is the one-sided Fisher exact test (None when not tested: fewer than 3 affected
    sessions or no other batch); ``signal`` is True when p < 0.05 and the batch's rate is higher.
    """

    product_name: str = ""
    batch_number: str = ""
    other_sessions: int = 0
    other_affected: int = 0
    p_value: float | None = None
    p_adjusted: float | None = None
    signal: bool = False

    @property
    def other_rate_per_1000(self) -> float | None:
        """Rate per 1,000 over the other batches of the same product."""
        return per_thousand(min(self.other_affected, self.other_sessions), self.other_sessions)


@dataclass(frozen=True)
class ComplicationReport:
    """Every figure of one complication report. Rates are per 1,000 treatment sessions.

    ``monthly`` has one row per local calendar month of the period (key ``YYYY-MM``), zeros included.
    ``by_grade`` has grades 1-5, ``by_kind`` / ``by_outcome`` every value seen, largest first.
    ``empty_reason`` explains an empty report (no treatment session or no complication matches).
    """

    filters: ReportFilters
    filter_labels: list[tuple[str, str]]
    timezone: str
    period_start_utc: datetime
    period_end_utc: datetime
    overall: RateRow
    patients_affected: int
    serious_complications: int
    open_complications: int
    by_treatment: list[RateRow]
    by_practitioner: list[RateRow]
    by_batch: list[BatchRate]
    monthly: list[RateRow]
    by_kind: list[tuple[str, int]]
    by_grade: list[tuple[int, int]]
    by_outcome: list[tuple[str, int]]
    median_days_to_onset: float | None
    onset_known: int
    median_days_to_resolution: float | None
    resolution_known: int
    empty_reason: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def treatment_sessions(self) -> int:
        """Treatment sessions in the period matching the filters."""
        return self.overall.sessions

    @property
    def complications(self) -> int:
        """Matching complications after those treatment sessions."""
        return self.overall.complications

    @property
    def batch_signals(self) -> list[BatchRate]:
        """Batches flagged by the batch signal, most significant first."""
        return sorted((b for b in self.by_batch if b.signal), key=lambda b: b.p_adjusted or 0.0)


# ------------------------------------------------------------------------------ time zone helpers


def clinic_timezone(session: Session) -> str:
    """The clinic's IANA time zone name (``UTC`` when unset or unknown)."""
    profile = session.get(ClinicProfile, 1)
    name = (profile.timezone if profile else "") or "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name


def local_midnight_utc(day: date, tz: ZoneInfo) -> datetime:
    """The UTC instant at which local ``day`` begins in ``tz``."""
    return datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(UTC)


def _months(date_from: date, date_to: date) -> list[tuple[date, date]]:
    """(first day, day after last) of each calendar month touching the period, clipped to it."""
    out = []
    start = date_from
    while start <= date_to:
        nxt = _add_months(start.replace(day=1), 1)
        out.append((start, min(nxt, date_to + timedelta(days=1))))
        start = nxt
    return out


def _offset_segments(start: datetime, end: datetime, tz: ZoneInfo) -> list[tuple[datetime, int]]:
    """[(segment start UTC, UTC offset in seconds)] covering [start, end); found by day then 15 minutes."""

    def offset(at: datetime) -> int:
        delta = at.astimezone(tz).utcoffset()
        return int(delta.total_seconds()) if delta else 0

    segments = [(start, offset(start))]
    day = start
    while day < end:
        nxt = min(day + timedelta(days=1), end)
        if offset(nxt) != segments[-1][1]:
            probe = day
            while probe < nxt and offset(probe) == segments[-1][1]:
                probe += timedelta(minutes=15)
            segments.append((probe, offset(probe)))
        day = nxt
    return segments


#: Seconds from 0001-01-01 to 1970-01-01 plus one day: added to Unix times in SQLite's day arithmetic so
#: that every date Python can hold, shifted by a UTC offset (under a day), stays positive.
_EPOCH_SHIFT = 62_135_596_800 + 86_400


_UNIXEPOCH = True  # tests turn it off to run the strftime fallback


def _epoch(column: str, *, timestamp: bool = True) -> str:
    """SQLite: a timestamp (``timestamp=False``: a date) text column as whole Unix seconds, floored (NULL
    stays NULL).

    A timestamp's text is cut to the second first: SQLite's date functions round fractions to the
    millisecond, so 23:59:59.9996 would count as the next day (the days to onset of a session in the last
    half millisecond of a local day were one short). ``unixepoch()`` from SQLite 3.38; older libraries (a
    Linux Python built against the system's SQLite) get ``strftime('%s')``, the same integer through a
    text round trip (about 0.015 s slower over 50,000 rows)."""
    seconds = f"substr({column}, 1, 19)" if timestamp else column
    if sqlite3.sqlite_version_info >= (3, 38, 0) and _UNIXEPOCH:
        return f"unixepoch({seconds})"
    return f"CAST(strftime('%s', {seconds}) AS INTEGER)"


def _binary_case(value: str, ends: list[str]) -> str:
    """A SQL ``CASE`` giving the 0-based index of the interval ``value`` falls in, for ascending interval
    ends ``ends`` (the last interval is open): a binary search, about log2(len(ends) + 1) comparisons per
    row (5 for the 24 months of a two-year period, instead of up to 23 in a flat ``CASE``)."""

    def between(lo: int, hi: int) -> str:  # intervals lo .. hi - 1
        if hi - lo == 1:
            return str(lo)
        mid = (lo + hi) // 2
        return f"CASE WHEN {value} < {ends[mid - 1]} THEN {between(lo, mid)} ELSE {between(mid, hi)} END"

    return between(0, len(ends) + 1)


# ------------------------------------------------------------------------------------ SQL builder


class _Sql:
    """Builds the report's SQL fragments and their bound parameters for one set of filters."""

    def __init__(self, session: Session, filters: ReportFilters, tz_name: str):
        self.dialect = session.get_bind().dialect.name
        self.filters = filters
        self.tz_name = tz_name
        self.tz = ZoneInfo(tz_name)
        self.start = local_midnight_utc(filters.date_from, self.tz)
        self.end = local_midnight_utc(filters.date_to + timedelta(days=1), self.tz)
        self.params: dict[str, Any] = {"lo": self.ts(self.start), "hi": self.ts(self.end)}
        self.months = _months(filters.date_from, filters.date_to)
        for i, (m_start, m_end) in enumerate(self.months):
            self.params[f"m{i}lo"] = self.ts(local_midnight_utc(m_start, self.tz))
            self.params[f"m{i}hi"] = self.ts(local_midnight_utc(m_end, self.tz))
        if filters.treatment is not None:
            self.params["treatment"] = filters.treatment
        if filters.practitioner_id is not None:
            self.params["practitioner_id"] = filters.practitioner_id
        if filters.product_name is not None:
            self.params["product_name"] = filters.product_name
        if filters.batch_number is not None:
            self.params["batch_number"] = filters.batch_number
        if filters.min_grade is not None:
            self.params["min_grade"] = filters.min_grade
        if filters.outcome is not None:
            self.params["outcome"] = filters.outcome.value
        self.params["tz"] = tz_name
        self._summary_params()

    def _summary_params(self) -> None:
        """UTC days of the period for ``report_day`` and how its boundary days are counted.

        [dlo, dhi) is every UTC day the period touches. A period or month boundary that is not at UTC
        midnight cuts its UTC day in two; the pre-count of that day is used for its longer side, and only
        the sessions of the shorter side (for a clinic west of UTC the evening before local midnight, east
        of it the night after: few or none) are read from the raw rows, added to their month and taken
        from the longer side's (``cutside``: one row per cut day, :meth:`raw_days`,
        :meth:`cut_sessions`). The days of the summary (``report_day``) are [sdlo, sdhi), and ``md{i}hi``
        puts a cut day in the month of its longer side. A day cut twice (two boundaries on one UTC day: a
        zone that skips or repeats a local day) is counted wholly from the raw rows, as dirty days are
        (``pd{i}``)."""
        bounds = [local_midnight_utc(m_start, self.tz) for m_start, _end in self.months] + [self.end]
        last = len(bounds) - 1
        by_day: dict[date, list[int]] = defaultdict(list)
        for k, b in enumerate(bounds):
            if b.time() != datetime.min.time():
                by_day[b.date()].append(k)
        end_day = self.end.date() if self.end.time() == datetime.min.time() else self.end.date() + timedelta(1)
        self.params["dlo"] = day_param(self.dialect, self.start.date())
        self.params["dhi"] = day_param(self.dialect, end_day)
        sdlo, sdhi = self.start.date(), end_day
        #: per month boundary k (1..last-1) on a cut day: the day ``month_case_day`` compares with, so that
        #: the cut day lands in the month of its longer side
        self.boundary_day: dict[int, date] = {}
        twice = sorted(d for d, ks in by_day.items() if len(ks) > 1)
        #: per day cut once: (UTC day, shorter side's UTC start, its end, its month index, the longer
        #: side's month index), -1 for a side outside the period
        self.cuts: list[tuple[date, datetime, datetime, int, int]] = []
        for d, ks in sorted(by_day.items()):
            if len(ks) > 1:
                continue
            k, b = ks[0], bounds[ks[0]]
            midnight = datetime.combine(d, datetime.min.time(), b.tzinfo)
            early_short = b - midnight <= timedelta(hours=12)
            # the month each side belongs to (-1: outside the period)
            before, after = (k - 1 if k > 0 else -1), (k if k < last else -1)
            if early_short:  # raw: [midnight, b); the pre-count stands for [b, next midnight)
                short, long_ = before, after
                lo, hi = midnight, b
            else:
                short, long_ = after, before
                lo, hi = b, midnight + timedelta(days=1)
            self.cuts.append((d, lo, hi, short, long_))
            # a period end whose longer side is outside it: the day's pre-count is not used at all
            if k == 0 and long_ < 0:
                sdlo = d + timedelta(1)
            if k == last and long_ < 0:
                sdhi = d
            if 0 < k < last:  # the day goes with its longer side: compared as days, d < d + 1
                self.boundary_day[k] = d if early_short else d + timedelta(1)
        self.params["sdlo"] = day_param(self.dialect, sdlo)
        self.params["sdhi"] = day_param(self.dialect, sdhi)
        self.cut_days = len(twice)
        for i, day in enumerate(twice):
            self.params[f"pd{i}"] = day_param(self.dialect, day)
        for i, (d, lo, hi, short, long_) in enumerate(self.cuts):
            self.params.update({f"cd{i}": day_param(self.dialect, d), f"clo{i}": self.ts(lo),
                                f"chi{i}": self.ts(hi), f"cs{i}": short, f"cl{i}": long_})

    def ts(self, value: datetime) -> Any:
        """A UTC instant as the column stores it (SQLite: the text SQLAlchemy writes)."""
        naive = value.astimezone(UTC).replace(tzinfo=None)
        # isoformat, not strftime("%Y…"): strftime does not pad years below 1000 on Linux, and the text
        # comparison then puts 0202-12-01 after 2026-01-01 (SQLAlchemy stores "YYYY-MM-DD HH:MM:SS.ffffff")
        return naive.isoformat(sep=" ", timespec="microseconds") if self.dialect == "sqlite" else naive

    def bare(self, column: str) -> str:
        """SQLite: a ``DATETIME`` column without its affinity (``+column``), for comparisons row by row.

        A ``DATETIME`` column has NUMERIC affinity, so each comparison with a text parameter first tries
        to read the parameter as a number (``sqlite3AtoF``): 3.7 ms per 50,000 comparisons against 1.2 ms
        for text with text (the result is the same, as the stored times are never numbers). Only for a
        column that is not meant to use its index (the ``+`` keeps it off); PostgreSQL: the column."""
        return f"+{column}" if self.dialect == "sqlite" else column

    # -- conditions

    def pu_condition(self, alias: str) -> str:
        """Product / batch filter on a product_use alias ("1=1" when none)."""
        parts = []
        if self.filters.product_name is not None:
            parts.append(f"{alias}.product_name = :product_name")
        if self.filters.batch_number is not None:
            parts.append(f"{alias}.batch_number = :batch_number")
        return " AND ".join(parts) or "1=1"

    def session_condition(
        self, alias: str = "ts", *, with_product: bool = True, raw_days: bool = False, per_row: bool = False,
        lookups: bool = False, period: bool = True,
    ) -> str:
        """Period, not archived, treatment, practitioner (and product use) conditions on a session alias.

        ``raw_days``: the sessions come from :meth:`raw_sessions`; on SQLite the period bounds are then
        kept off the index (unary ``+``) so that each raw day is an index range, not the whole period.
        ``raw_days`` or ``per_row`` (the sessions of complications): the product filter is looked up per
        session rather than as the list of every session that used the product; ``lookups`` (a few
        sessions: those of dirty days) keeps it an index lookup per session on PostgreSQL too
        (:meth:`per_row`; for the 25 cut days of a period PostgreSQL's own choice, hashing the product's
        uses once, is faster). ``period=False``: no period bounds (the short sides of cut days, which may
        lie outside the period: :meth:`cut_sessions`).
        """
        # raw days: an index range per day, not the period; per row: the session is looked up by its id
        at = self.bare(f"{alias}.performed_at") if raw_days or per_row else f"{alias}.performed_at"
        parts = [f"{at} >= :lo", f"{at} < :hi"] if period else []
        parts.append(f"{alias}.archived = :false")
        self.params["false"] = False
        if self.filters.treatment is not None:
            parts.append(f"{alias}.treatment = :treatment")
        if self.filters.practitioner_id is not None:
            parts.append(f"{alias}.practitioner_id = :practitioner_id")
        if with_product and self.filters.product_filtered and (raw_days or per_row):
            # few sessions: look each one's product uses up (ix_product_use_session_batch, index only)
            parts.append(
                f"EXISTS (SELECT 1 FROM product_use fpu WHERE fpu.treatment_session_id = {alias}.id "
                f"AND {self.pu_condition('fpu')}{self.per_row() if lookups else ''})"
            )
        elif with_product and self.filters.product_filtered:
            parts.append(
                f"{alias}.id IN (SELECT fpu.treatment_session_id FROM product_use fpu "
                f"WHERE {self.pu_condition('fpu')})"
            )
        return " AND ".join(parts)

    def complication_condition(self, alias: str = "c") -> str:
        """Not entered in error, grade, outcome, serious and product attribution conditions."""
        parts = [f"{alias}.entered_in_error = :false"]
        if self.filters.min_grade is not None:
            parts.append(f"{alias}.severity_grade >= :min_grade")
        if self.filters.outcome is not None:
            parts.append(f"{alias}.outcome = :outcome")
        if self.filters.serious_only:
            parts.append(f"{alias}.serious = :true")
            self.params["true"] = True
        if self.filters.product_filtered:
            parts.append(
                f"({alias}.product_use_id IS NULL OR EXISTS (SELECT 1 FROM product_use apu "
                f"WHERE apu.id = {alias}.product_use_id AND {self.pu_condition('apu')}{self.per_row()}))"
            )
        return " AND ".join(parts)

    def per_row(self) -> str:
        """What ends a correlated ``EXISTS`` to keep it one index lookup per row: on PostgreSQL ``OFFSET 0``
        (without it the planner hashed every product use of the product, 280,000 rows, for a few thousand
        complications); nothing on SQLite, which always looks each row up."""
        return " OFFSET 0" if self.dialect == "postgresql" else ""

    def copied_condition(self, alias: str, *, uses: bool = False) -> str:
        """The filters on a ``report_complication`` (``uses``: ``report_complication_use``) alias: clean days
        of the period, treatment, practitioner, grade, outcome, serious and the product filter (the
        session used the product; the complication is attributed to it, or, for a batch row, the row's
        batch matches)."""
        f = self.filters
        at = self.bare(f"{alias}.performed_at")
        parts = [f"{alias}.day >= :dlo", f"{alias}.day < :dhi", f"{alias}.day NOT IN (SELECT d FROM dirty)",
                 f"{at} >= :lo", f"{at} < :hi"]
        if f.treatment is not None:
            parts.append(f"{alias}.treatment = :treatment")
        if f.practitioner_id is not None:
            parts.append(f"{alias}.practitioner_id = :practitioner_id")
        if f.min_grade is not None:
            parts.append(f"{alias}.severity_grade >= :min_grade")
        if f.outcome is not None:
            # as text: PostgreSQL types the parameter from its first use, complication's enum column
            parts.append(f"{alias}.outcome = CAST(:outcome AS VARCHAR(40))")
        if f.serious_only:
            parts.append(f"{alias}.serious = :true")
            self.params["true"] = True
        if f.product_filtered:
            keep = self.per_row()
            parts.append(
                f"EXISTS (SELECT 1 FROM product_use fpu WHERE fpu.treatment_session_id = "
                f"{alias}.treatment_session_id AND {self.pu_condition('fpu')}{keep})"
            )
            if uses:
                parts.append(self.pu_condition(alias))
            else:
                parts.append(
                    f"({alias}.product_use_id IS NULL OR EXISTS (SELECT 1 FROM product_use apu "
                    f"WHERE apu.id = {alias}.product_use_id AND {self.pu_condition('apu')}{keep}))"
                )
        return " AND ".join(parts)

    # -- expressions

    def month_case(self, column: str) -> str:
        """Index of the local month a UTC timestamp column falls in (0-based): a binary search over the
        months' UTC ends (``m{i}hi``, :func:`_binary_case`), the column compared as text on SQLite
        (:meth:`bare`)."""
        return _binary_case(self.bare(column), [f":m{i}hi" for i in range(len(self.months) - 1)])

    def days_to_onset(self, onset: str, performed: str) -> str:
        """Whole days from the session's local date to the onset date (NULL when the onset is NULL).

        SQLite: integer seconds, ``(onset + shift) / 86400 - (performed + shift + UTC offset) / 86400``,
        the offset (seconds) chosen by the UTC instant among the period's offset segments; ``shift``
        (seconds from 0001-01-01 to 1970-01-01, plus a day) keeps both sides positive, so integer division
        is the floor to the local day. Exact to the second, unlike ``julianday`` with ``'start of day'``
        modifiers, and 0.03 s cheaper over 50,000 complications."""
        if self.dialect != "sqlite":
            return f"({onset} - CAST(timezone(:tz, timezone('UTC', {performed})) AS DATE))"
        segments = _offset_segments(self.start, self.end, self.tz)
        for i, (_start, seconds) in enumerate(segments):
            self.params[f"off{i}"] = seconds
        self.params["epoch_shift"] = _EPOCH_SHIFT
        if len(segments) == 1:
            offset = ":off0"
        else:
            for i, (seg_start, _offset) in enumerate(segments[1:], start=1):
                self.params[f"seg{i}"] = self.ts(seg_start)
            whens = " ".join(f"WHEN {self.bare(performed)} < :seg{i} THEN :off{i - 1}"
                             for i in range(1, len(segments)))
            offset = f"CASE {whens} ELSE :off{len(segments) - 1} END"
        return (f"(({_epoch(onset, timestamp=False)} + :epoch_shift) / 86400 "
                f"- ({_epoch(performed)} + :epoch_shift + {offset}) / 86400)")

    def days_between(self, later: str, earlier: str) -> str:
        """Whole days between two date columns (NULL when either is NULL)."""
        if self.dialect != "sqlite":
            return f"({later} - {earlier})"
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"

    def complication_join(self) -> str:
        """``complication c`` joined to its ``treatment_session ts``, complications as the outer loop.

        Complications are far fewer than treatment sessions; on SQLite ``CROSS JOIN`` pins that order
        (otherwise the planner may walk a million treatment sessions to find them).
        """
        if self.dialect == "sqlite":
            return "complication c CROSS JOIN treatment_session ts ON ts.id = c.treatment_session_id"
        # PostgreSQL: one primary-key lookup per complication (OFFSET 0 keeps the subquery a nested loop;
        # flattened, the planner hashes every treatment session of the table instead)
        return ("complication c JOIN LATERAL (SELECT * FROM treatment_session t1 "
                "WHERE t1.id = c.treatment_session_id OFFSET 0) ts ON true")

    def session_uses(self, sessions: str = "ts") -> str:
        """The product uses of each session of alias ``sessions``, as ``pu`` (a join clause): index
        lookups per session (few sessions; on PostgreSQL kept a nested loop as in
        :meth:`complication_join`)."""
        if self.dialect == "sqlite":  # CROSS JOIN: the sessions stay the outer loop
            return f"CROSS JOIN product_use pu ON pu.treatment_session_id = {sessions}.id"
        return (f"JOIN LATERAL (SELECT p1.product_name, p1.batch_number FROM product_use p1 "
                f"WHERE p1.treatment_session_id = {sessions}.id OFFSET 0) pu ON true")

    def attributed_use(self, use_id: str) -> str:
        """The product use ``use_id`` as ``pu`` (a join clause), one primary-key lookup per row.

        PostgreSQL kept as a nested loop as in :meth:`complication_join`: joined plainly, the planner
        merge-joined the 42,000 attributed complications with the whole ``product_use`` index (1.2 million
        rows, 0.4 s of the report's 0.65 s over 1,000,000 treatment sessions)."""
        if self.dialect == "sqlite":
            return f"JOIN product_use pu ON pu.id = {use_id}"
        return (f"JOIN LATERAL (SELECT p2.product_name, p2.batch_number FROM product_use p2 "
                f"WHERE p2.id = {use_id} OFFSET 0) pu ON true")

    def raw_days(self) -> str:
        """CTEs ``rawday(d)``: the period's UTC days counted wholly from raw rows (dirty, or cut twice), and
        ``cutside(d, lo, hi, s, l)`` when boundaries cut days (:meth:`_summary_params`): per cut day its
        shorter side's UTC range [lo, hi), the month index of that side (``s``) and of the longer side
        (``l``), -1 for outside the period."""
        cut = " ".join(f"UNION SELECT :pd{i}" for i in range(self.cut_days))
        rawday = f"rawday(d) AS (SELECT day FROM report_dirty_day WHERE day >= :dlo AND day < :dhi {cut})"
        if not self.cuts:
            return rawday
        rows = ", ".join(f"(:cd{i}, :clo{i}, :chi{i}, :cs{i}, :cl{i})" for i in range(len(self.cuts)))
        return f"{rawday}, cutside(d, lo, hi, s, l) AS (VALUES {rows})"

    def cut_sessions(self, then: str = "") -> str:
        """The sessions of the shorter sides of the clean cut days, as ``cs`` (``cutside``) and ``ts``, then
        the join clause ``then``: a FROM and WHERE clause, each side an index range of
        ``ix_treatment_session_performed_at``."""
        join = ("CROSS JOIN treatment_session ts INDEXED BY ix_treatment_session_performed_at"
                if self.dialect == "sqlite" else "JOIN treatment_session ts")
        return (f"cutside cs {join} ON ts.performed_at >= cs.lo AND ts.performed_at < cs.hi {then} "
                "WHERE cs.d NOT IN (SELECT d FROM rawday)")

    def raw_sessions(self) -> str:
        """``rawday`` joined to the treatment sessions of those days (alias ``ts``), days as the outer loop."""
        # SQLite: pinned to the time index (without statistics on rawday the planner may build an
        # automatic index over a million rows instead)
        join = ("CROSS JOIN treatment_session ts INDEXED BY ix_treatment_session_performed_at"
                if self.dialect == "sqlite" else "JOIN treatment_session ts")
        return (f"rawday {join} ON ts.performed_at >= rawday.d "
                f"AND ts.performed_at < {next_day(self.dialect, 'rawday.d')}")

    def summary_condition(self, alias: str = "rd") -> str:
        """The clean days of the period, treatment and practitioner filters, on a ``report_day`` alias."""
        # SQLite: the day kept off ix_report_day_day (the fold's index), so the primary key's level,
        # product and batch prefix picks the rows
        day = f"+{alias}.day" if self.dialect == "sqlite" else f"{alias}.day"
        parts = [f"{day} >= :sdlo", f"{day} < :sdhi", f"{alias}.day NOT IN (SELECT d FROM rawday)"]
        if self.filters.treatment is not None:
            parts.append(f"{alias}.treatment = :treatment")
        if self.filters.practitioner_id is not None:
            parts.append(f"{alias}.practitioner_id = :practitioner_id")
        return " AND ".join(parts)

    def month_case_day(self, day: str) -> str:
        """Index of the local month a whole ``report_day.day`` falls in (0-based).

        A day counted from ``report_day`` lies wholly in one month, or is cut by a month boundary and goes
        with its longer side (the shorter side is moved by :meth:`cut_sessions`): it lies before a boundary
        exactly when it is earlier than the boundary's UTC date, or is that date and its longer side is the
        earlier one; compared as days, no timestamp per row (:func:`_binary_case`).
        """
        for i in range(len(self.months) - 1):
            m_end = local_midnight_utc(self.months[i][1], self.tz)
            self.params[f"md{i}hi"] = day_param(self.dialect, self.boundary_day.get(i + 1, m_end.date()))
        return _binary_case(day, [f":md{i}hi" for i in range(len(self.months) - 1)])

    def months_values(self) -> str:
        """A VALUES list of (idx, lo, hi) for the months of the period."""
        return ", ".join(f"({i}, :m{i}lo, :m{i}hi)" for i in range(len(self.months)))


def _no_jit(session: Session) -> None:
    """PostgreSQL: no JIT compilation and 32 MB of sort memory for the rest of this transaction.

    The report's statements are estimated as costly (a million treatment sessions) but run in milliseconds
    from the indexes; compiling them took 0.3-1.5 s of the server's time each (measured: a report 1.6 s
    with JIT, 0.2 s without). With the default 4 MB the sorts of the 50,000 complications' groupings
    spilled to disk ("external merge"); 32 MB keeps them in memory (the setting ends with the transaction).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.connection().execute(sa.text("SET LOCAL jit = off"))
        session.connection().execute(sa.text("SET LOCAL work_mem = '32MB'"))


def _rows(session: Session, sql: str, params: dict[str, Any]) -> list[Any]:
    return list(session.connection().execute(sa.text(sql), params).all())


# ------------------------------------------------------------------------------------ the queries


def _session_cells(session: Session, q: _Sql) -> dict[tuple[str, int, int], int]:
    """Treatment sessions per (treatment, practitioner id, month index), from ``report_day`` (clean days)
    plus the raw rows of the dirty days and of the cut days' shorter sides, in one statement."""
    f = q.filters
    level, product, batch = (
        (3, f.product_name, f.batch_number) if f.product_name is not None and f.batch_number is not None
        else (1, f.product_name, "") if f.product_name is not None
        else (2, "", f.batch_number) if f.batch_number is not None
        else (0, "", "")
    )
    q.params.update(lvl=level, lvl_product=product, lvl_batch=batch)
    sql = (
        f"WITH {q.raw_days()} "
        "SELECT t, p, m, SUM(n) FROM ("
        f"SELECT rd.treatment AS t, rd.practitioner_id AS p, {q.month_case_day('rd.day')} AS m, "
        "SUM(rd.sessions) AS n FROM report_day rd WHERE rd.level = :lvl AND rd.product_name = :lvl_product "
        f"AND rd.batch_number = :lvl_batch AND {q.summary_condition('rd')} GROUP BY 1, 2, 3 "
        f"UNION ALL SELECT ts.treatment, ts.practitioner_id, {q.month_case('ts.performed_at')}, 1 "
        f"FROM {q.raw_sessions()} WHERE {q.session_condition('ts', raw_days=True)}"
        f"{_cut_cells(q)}) cells GROUP BY t, p, m"
    )
    return {(t, p, int(m)): int(n) for t, p, m, n in _rows(session, sql, q.params) if n}


def _cut_cells(q: _Sql) -> str:
    """UNION ALL parts of :func:`_session_cells` for the shorter sides of the clean cut days: their sessions
    added to their own month and taken from the longer side's, whose day ``report_day`` counted whole."""
    if not q.cuts:
        return ""
    where = f"{q.cut_sessions()} AND {q.session_condition('ts', raw_days=True, period=False)}"
    return (f" UNION ALL SELECT ts.treatment, ts.practitioner_id, cs.s, COUNT(*) FROM {where} AND cs.s >= 0 "
            "GROUP BY 1, 2, 3"
            f" UNION ALL SELECT ts.treatment, ts.practitioner_id, cs.l, -COUNT(*) FROM {where} AND cs.l >= 0 "
            "GROUP BY 1, 2, 3")


def _cut_exposure(q: _Sql) -> str:
    """UNION ALL parts of :func:`_batch_exposure` for the shorter sides of the clean cut days at the period's
    two ends (a month boundary moves sessions between months, not in or out of the period): added when
    that side is the one in the period, taken away when it is the one outside."""
    if not q.cuts:
        return ""
    sessions = q.session_condition("ts", with_product=False, raw_days=True, period=False)
    where = f"{q.cut_sessions(q.session_uses('ts'))} AND {sessions} AND {q.pu_condition('pu')}"
    return (f" UNION ALL SELECT pu.product_name, pu.batch_number, COUNT(DISTINCT ts.id) FROM {where} "
            "AND cs.s >= 0 AND cs.l < 0 GROUP BY 1, 2"
            f" UNION ALL SELECT pu.product_name, pu.batch_number, -COUNT(DISTINCT ts.id) FROM {where} "
            "AND cs.l >= 0 AND cs.s < 0 GROUP BY 1, 2")


def _batch_exposure(session: Session, q: _Sql, sessions_in_period: int) -> dict[tuple[str, str], int]:
    """Treatment sessions in the period that used each (product, batch): ``report_day`` level 3 for clean
    days plus the raw rows of the dirty days and of the cut days' shorter sides, in one statement."""
    f = q.filters
    keys = "".join(
        f" AND rd.{name} = :{name}" for name, value in
        (("product_name", f.product_name), ("batch_number", f.batch_number)) if value is not None
    )
    sql = (
        f"WITH {q.raw_days()}, rawts AS MATERIALIZED (SELECT ts.id FROM {q.raw_sessions()} "
        f"WHERE {q.session_condition('ts', with_product=False, raw_days=True)}) "
        "SELECT product, batch, SUM(n) FROM ("
        "SELECT rd.product_name AS product, rd.batch_number AS batch, SUM(rd.sessions) AS n FROM report_day rd "
        f"WHERE rd.level = 3{keys} AND {q.summary_condition('rd')} GROUP BY rd.product_name, rd.batch_number "
        "UNION ALL SELECT pu.product_name, pu.batch_number, COUNT(DISTINCT rawts.id) "
        f"FROM rawts {q.session_uses('rawts')} WHERE {q.pu_condition('pu')} GROUP BY 1, 2"
        f"{_cut_exposure(q)}) uses GROUP BY product, batch"
    )
    return {(p, b): int(n) for p, b, n in _rows(session, sql, q.params) if n}


def _session_cells_plain(session: Session, q: _Sql) -> dict[tuple[str, int, int], int]:
    """:func:`_session_cells` from the raw rows only (a database without ``report_day``; the tests'
    recount)."""
    f = q.filters
    if f.product_filtered:
        sql = (
            f"SELECT ts.treatment, ts.practitioner_id, {q.month_case('ts.performed_at')} AS m, COUNT(*) "
            f"FROM treatment_session ts WHERE {q.session_condition('ts')} GROUP BY 1, 2, 3"
        )
        return {(t, p, m): n for t, p, m, n in _rows(session, sql, q.params)}
    # index-range counts on ix_treatment_session_report: no sort over a million rows
    if f.treatment is not None:
        treatments = "tr(v) AS (SELECT :treatment)"
    else:
        treatments = (
            "tr(v) AS (SELECT MIN(treatment) FROM treatment_session UNION ALL "
            "SELECT (SELECT MIN(x.treatment) FROM treatment_session x WHERE x.treatment > tr.v) "
            "FROM tr WHERE tr.v IS NOT NULL)"
        )
    if f.practitioner_id is not None:
        pairs = "pr(t, p) AS (SELECT v, :practitioner_id FROM tr WHERE v IS NOT NULL)"
    else:
        pairs = (
            "pr(t, p) AS (SELECT v, (SELECT MIN(x.practitioner_id) FROM treatment_session x "
            "WHERE x.treatment = tr.v) FROM tr WHERE v IS NOT NULL UNION ALL "
            "SELECT pr.t, (SELECT MIN(x.practitioner_id) FROM treatment_session x "
            "WHERE x.treatment = pr.t AND x.practitioner_id > pr.p) FROM pr WHERE pr.p IS NOT NULL)"
        )
    sql = (
        f"WITH RECURSIVE {treatments}, {pairs}, mo(idx, lo, hi) AS (VALUES {q.months_values()}) "
        "SELECT pr.t, pr.p, mo.idx, (SELECT COUNT(*) FROM treatment_session ts "
        "WHERE ts.treatment = pr.t AND ts.practitioner_id = pr.p AND ts.performed_at >= mo.lo "
        "AND ts.performed_at < mo.hi AND ts.archived = :false) "
        "FROM pr, mo WHERE pr.p IS NOT NULL"
    )
    q.params["false"] = False
    return {(t, p, m): n for t, p, m, n in _rows(session, sql, q.params) if n}


def _batch_exposure_plain(session: Session, q: _Sql, sessions_in_period: int) -> dict[tuple[str, str], int]:
    """:func:`_batch_exposure` from the raw rows only."""
    f = q.filters
    direct = (
        "SELECT pu.product_name, pu.batch_number, COUNT(DISTINCT pu.treatment_session_id) "
        "FROM treatment_session ts JOIN product_use pu ON pu.treatment_session_id = ts.id "
        f"WHERE {q.session_condition('ts', with_product=False)} AND {q.pu_condition('pu')} GROUP BY 1, 2"
    )
    if f.treatment is not None or f.practitioner_id is not None:
        return {(p, b): n for p, b, n in _rows(session, direct, q.params)}
    approx_total = _rows(session, "SELECT COALESCE(MAX(id), 0) FROM treatment_session", {})[0][0]
    if sessions_in_period * 2 <= approx_total:
        return {(p, b): n for p, b, n in _rows(session, direct, q.params)}
    # most treatment sessions are in the period: count every use of each batch from the index and
    # subtract the sessions that are not in the period (before, after, or archived)
    total_sql = (
        "SELECT pu.product_name, pu.batch_number, COUNT(DISTINCT pu.treatment_session_id) "
        f"FROM product_use pu WHERE {q.pu_condition('pu')} GROUP BY 1, 2"
    )
    outside_sql = (
        "WITH outside(id) AS (SELECT id FROM treatment_session WHERE performed_at < :lo "
        "UNION SELECT id FROM treatment_session WHERE performed_at >= :hi "
        "UNION SELECT id FROM treatment_session WHERE archived = :true) "
        "SELECT pu.product_name, pu.batch_number, COUNT(DISTINCT pu.treatment_session_id) "
        "FROM outside JOIN product_use pu ON pu.treatment_session_id = outside.id "
        f"WHERE {q.pu_condition('pu')} GROUP BY 1, 2"
    )
    q.params["true"] = True
    exposure = {(p, b): n for p, b, n in _rows(session, total_sql, q.params)}
    for p, b, n in _rows(session, outside_sql, q.params):
        exposure[(p, b)] -= n
    return {key: n for key, n in exposure.items() if n > 0}


def _coded(q: _Sql, column: str, names: Sequence[str], prefix: str) -> str:
    """The position of ``column``'s value in ``names`` (bound as ``:{prefix}0``, …), NULL when it is not
    among them: grouped as an integer, which SQLite sorts several times faster than text."""
    if not names:
        return "CAST(NULL AS INTEGER)"
    for i, name in enumerate(names):
        q.params[f"{prefix}{i}"] = name
    whens = " ".join(f"WHEN :{prefix}{i} THEN {i}" for i in range(len(names)))
    return f"CASE {column} {whens} END"


_KINDS = [k.value for k in ComplicationKind]
_OUTCOMES = [o.value for o in ComplicationOutcome]


def _complication_figures(
    session: Session, q: _Sql, *, fast: bool = False, treatments: Sequence[str] = ()
) -> list[tuple[Any, ...]]:
    """One statement: the matching complications materialised once as ``x`` (their batches as ``b``),
    then every grouping over them. Returns rows ``(section, k1, k2, k3, k4, n1, n2)``: ``cell``
    (treatment, practitioner, month index; complications, sessions with one), ``all`` (patients),
    ``mix`` (kind, grade, outcome, serious; complications), ``days`` (days to onset, days to
    resolution; complications), ``batch`` (product, batch; sessions with one, complications).

    ``fast``: the complications of clean days are read from ``report_complication`` and their batches
    from ``report_complication_use`` (migration 0014, one range scan each), those of dirty days from the
    raw rows; otherwise every complication's session and product use is looked up (the plain recount).

    Rows whose treatment (among ``treatments``, the period's), kind and outcome are in their lists
    (:func:`_coded`) are grouped by one integer key each: SQLite sorts a single integer several times
    faster than several fields or text (over 50,000 complications the kind/grade/outcome/serious
    grouping took 0.46 of the statement's 2.4 billion instructions with four keys, 0.13 with one;
    callgrind). Any other row (a treatment, kind or outcome outside the lists, a grade outside 0-7) is
    grouped by its values. Batches are grouped by batch number before product name, the more
    distinctive first."""
    text = "VARCHAR(200)"
    # cell key: month (< 4096), treatment position (< 4096), practitioner id (0 .. 2^32 - 1)
    cell_coded = "tc IS NOT NULL AND m < 4096 AND p >= 0 AND p < 4294967296"
    cell_key = "(m * 4096 + tc) * 4294967296 + p"
    # mix key: kind position (< 14), outcome position (< 8), grade (0 .. 7), serious (0 or 1)
    mix_coded = "kc IS NOT NULL AND oc IS NOT NULL AND oc < 8 AND grade >= 0 AND grade < 8"
    mix_key = "((kc * 8 + oc) * 8 + grade) * 2 + serious"

    def other(coded: str) -> str:  # the rows a coded condition leaves (NULL-safe)
        return f"CASE WHEN {coded} THEN 0 ELSE 1 END = 1"

    # b holds each (batch, session, complication) once (UNION in batches(); the raw and copied parts
    # are of different days), so COUNT(*) counts the complications of a batch
    groups = f"""
        SELECT 'cellk', CAST({cell_key} AS {text}), NULL, NULL, NULL, COUNT(*), COUNT(DISTINCT tsid) FROM x
            WHERE {cell_coded} GROUP BY {cell_key}
        UNION ALL SELECT 'cell', t, CAST(p AS {text}), CAST(m AS {text}), NULL, COUNT(*), COUNT(DISTINCT tsid)
            FROM x WHERE {other(cell_coded)} GROUP BY t, p, m
        UNION ALL SELECT 'all', NULL, NULL, NULL, NULL, COUNT(DISTINCT pid), 0 FROM x
        UNION ALL SELECT 'mixk', CAST({mix_key} AS {text}), NULL, NULL, NULL, COUNT(*), 0 FROM x
            WHERE {mix_coded} GROUP BY {mix_key}
        UNION ALL SELECT 'mix', kind, CAST(grade AS {text}), outcome, CAST(serious AS {text}), COUNT(*), 0
            FROM x WHERE {other(mix_coded)} GROUP BY kind, grade, outcome, serious
        UNION ALL SELECT 'days', CAST(onset_days AS {text}), CAST(resolution_days AS {text}), NULL, NULL,
            COUNT(*), 0 FROM x GROUP BY onset_days, resolution_days
        UNION ALL SELECT 'batch', product, batch, NULL, NULL, COUNT(DISTINCT tsid), COUNT(*) FROM b
            GROUP BY batch, product
    """
    treatments = list(treatments)

    def decoded(rows: list[Any]) -> list[tuple[Any, ...]]:
        out: list[tuple[Any, ...]] = []
        for section, k1, k2, k3, k4, n1, n2 in rows:
            if section == "cellk":
                key = int(k1)
                month, position, practitioner = key >> 44, (key >> 32) & 4095, key & 0xFFFFFFFF
                out.append(("cell", treatments[position], practitioner, month, None, n1, n2))
            elif section == "mixk":
                key = int(k1)
                kind, outcome = _KINDS[key >> 7], _OUTCOMES[(key >> 4) & 7]
                out.append(("mix", kind, (key >> 1) & 7, outcome, key & 1, n1, n2))
            else:
                out.append((section, k1, k2, k3, k4, n1, n2))
        return out

    def columns(c: str, ts: str, cid: str, tsid: str) -> str:
        return (f"{cid} AS cid, {tsid} AS tsid, {c}.patient_id AS pid, {c}.product_use_id AS puid, "
                f"{ts}.treatment AS t, {ts}.practitioner_id AS p, {q.month_case(f'{ts}.performed_at')} AS m, "
                # as text: PostgreSQL keeps kind and outcome as enums in complication, text in the copy
                f"CAST({c}.kind AS VARCHAR(40)) AS kind, {c}.severity_grade AS grade, "
                f"CAST({c}.outcome AS VARCHAR(40)) AS outcome, "
                f"{_coded(q, f'{ts}.treatment', treatments, 'tr')} AS tc, "
                f"{_coded(q, f'CAST({c}.kind AS VARCHAR(40))', _KINDS, 'kd')} AS kc, "
                f"{_coded(q, f'CAST({c}.outcome AS VARCHAR(40))', _OUTCOMES, 'oc')} AS oc, "
                f"CASE WHEN {c}.serious THEN 1 ELSE 0 END AS serious, "
                f"{q.days_to_onset(f'{c}.onset_date', f'{ts}.performed_at')} AS onset_days, "
                f"{q.days_between(f'{c}.resolution_date', f'{c}.onset_date')} AS resolution_days")

    def batches(xs: str) -> str:
        return (f"SELECT pu.product_name AS product, pu.batch_number AS batch, {xs}.tsid AS tsid, "
                f"{xs}.cid AS cid FROM {xs} {q.attributed_use(f'{xs}.puid')} WHERE {q.pu_condition('pu')} "
                # UNION: an unattributed complication counts once for a batch its session used twice
                f"UNION SELECT pu.product_name, pu.batch_number, {xs}.tsid, {xs}.cid "
                f"FROM {xs} JOIN product_use pu ON pu.treatment_session_id = {xs}.tsid "
                f"WHERE {xs}.puid IS NULL AND {q.pu_condition('pu')}")

    if not fast:
        sql = f"""
            WITH x AS MATERIALIZED (
                SELECT {columns("c", "ts", "c.id", "c.treatment_session_id")}
                FROM {q.complication_join()}
                WHERE {q.complication_condition("c")} AND {q.session_condition("ts", per_row=True)}
            ), b AS ({batches("x")})
            {groups}
        """
        return decoded(_rows(session, sql, q.params))
    # the complications after the sessions of dirty days, days then sessions then complications, each an
    # index lookup (PostgreSQL: kept nested loops with OFFSET 0; planned freely it hash-joined every
    # complication with every treatment session: 1.2-2.2 s instead of 0.4 s with three dirty days)
    if q.dialect == "sqlite":
        raw = ("dirty CROSS JOIN treatment_session ts INDEXED BY ix_treatment_session_performed_at "
               f"ON ts.performed_at >= dirty.d AND ts.performed_at < {next_day(q.dialect, 'dirty.d')} "
               "CROSS JOIN complication c ON c.treatment_session_id = ts.id")
    else:
        raw = ("dirty JOIN LATERAL (SELECT * FROM treatment_session t1 WHERE t1.performed_at >= dirty.d "
               f"AND t1.performed_at < {next_day(q.dialect, 'dirty.d')} OFFSET 0) ts ON true "
               "JOIN LATERAL (SELECT * FROM complication c1 WHERE c1.treatment_session_id = ts.id OFFSET 0) c "
               "ON true")
    sql = f"""
        WITH dirty(d) AS (SELECT day FROM report_dirty_day WHERE day >= :dlo AND day < :dhi),
        xr AS MATERIALIZED (
            SELECT {columns("c", "ts", "c.id", "c.treatment_session_id")} FROM {raw}
            WHERE {q.complication_condition("c")} AND {q.session_condition("ts", raw_days=True, lookups=True)}
        ), x AS MATERIALIZED (
            SELECT * FROM xr
            UNION ALL SELECT {columns("rc", "rc", "rc.complication_id", "rc.treatment_session_id")}
            FROM report_complication rc WHERE {q.copied_condition("rc")}
        ), b AS (
            {batches("xr")}
            UNION ALL SELECT rcu.product_name, rcu.batch_number, rcu.treatment_session_id, rcu.complication_id
            FROM report_complication_use rcu WHERE {q.copied_condition("rcu", uses=True)}
        )
        {groups}
    """
    return decoded(_rows(session, sql, q.params))


# ------------------------------------------------------------------------------------ assembling


def _staff_names(session: Session) -> dict[int, str]:
    return {
        sid: name
        for sid, name in session.connection().execute(sa.select(StaffMember.id, StaffMember.full_name))
    }


def month_label(first_day: date) -> str:
    """A month as a report shows it, in the current language: "Dec 2026" / "déc. 2026" (Babel)."""
    if current_language() == "en":
        return f"{calendar.month_abbr[first_day.month]} {first_day.year}"
    from babel.dates import format_date

    return format_date(first_day, "MMM y", locale=babel_locale())


def _readable(code: str) -> str:
    text = code.replace("-", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def treatment_label(treatment: str) -> str:
    """The treatment's name in the current language (its protocol's ``treatment_name``:
    ``facial-mesotherapy`` -> "Mésothérapie faciale" in French); an id without a protocol reads as words
    (``old-peel`` -> "Old peel")."""
    from clinic_desktop.services.protocols import treatments

    try:
        names = dict(treatments())
    except Exception:  # a broken protocol folder must not stop a report  # noqa: BLE001
        names = {}
    return names.get(treatment) or _readable(treatment)


#: codes whose words in the complication form (the catalogue's message) are not the code read as words
_FORM_WORDS = {
    "hyperpigmentation": N_("Post-inflammatory hyperpigmentation"),
    "hypersensitivity": N_("Hypersensitivity / allergic reaction"),
    "hospitalisation": N_("Hospitalisation (or longer stay)"),
    "disability": N_("Persistent disability or incapacity"),
    "life_threatening": N_("Life-threatening"),
    "medically_significant": N_("Medically significant"),
}


def _code_label(code: str) -> str:
    if current_language() == "en":
        return _readable(code)  # the English exports keep their short words ("Hypersensitivity")
    return _(_FORM_WORDS.get(code) or _readable(code))


def kind_label(kind: str) -> str:
    """A readable name for a complication kind in the current language: ``prolonged_redness`` ->
    "Prolonged redness" / "Rougeur prolongée" (the complication form's words)."""
    return _code_label(kind)


def outcome_label(outcome: str) -> str:
    """A readable name for an outcome (or causality, seriousness criterion) in the current language:
    ``resolved_with_sequelae`` -> "Resolved with sequelae" / "Résolu avec séquelles"."""
    return _code_label(outcome)


def describe_filters(filters: ReportFilters, staff: dict[int, str]) -> list[tuple[str, str]]:
    """[(label, value)] for every filter set, in words (the period first); used on screen and in exports."""
    out = [(_("Period"), _("{first} to {last}").format(first=filters.date_from.isoformat(),
                                                         last=filters.date_to.isoformat()))]
    if filters.treatment:
        out.append((_("Treatment"), treatment_label(filters.treatment)))
    if filters.practitioner_id is not None:
        out.append((_("Practitioner"), staff.get(filters.practitioner_id,
                                                 _("staff #{id}").format(id=filters.practitioner_id))))
    if filters.product_name:
        out.append((_("Product"), filters.product_name))
    if filters.batch_number:
        out.append((_("Batch number"), filters.batch_number))
    if filters.min_grade is not None:
        out.append((_("Minimum severity grade"), str(filters.min_grade)))
    if filters.outcome is not None:
        out.append((_("Outcome"), outcome_label(filters.outcome.value)))
    if filters.serious_only:
        out.append((_("Serious only"), _("yes")))
    return out


def holm_adjust(p_values: list[float]) -> list[float]:
    """Holm-Bonferroni adjusted p-values, in the order given (controls the family-wise error rate)."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted = [1.0] * len(p_values)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted


def _batch_rows(
    exposure: dict[tuple[str, str], int], events: dict[tuple[str, str], tuple[int, int]]
) -> list[BatchRate]:
    by_product: dict[str, list[tuple[str, int, int, int]]] = defaultdict(list)
    for product, batch in set(exposure) | set(events):
        affected, complications = events.get((product, batch), (0, 0))
        by_product[product].append((batch, exposure.get((product, batch), 0), affected, complications))
    rows = []
    for product in sorted(by_product, key=str.casefold):
        batches = sorted(by_product[product], key=lambda b: b[0].casefold())
        total_sessions = sum(b[1] for b in batches)
        total_affected = sum(min(b[2], b[1]) for b in batches)
        tested: dict[str, float] = {}
        for batch, sessions, affected, _rest in batches:
            affected_c = min(affected, sessions)
            other_sessions = total_sessions - sessions
            if affected_c >= SIGNAL_MIN_EVENTS and other_sessions > 0:
                other_affected = total_affected - affected_c
                tested[batch] = fisher_exact_greater(
                    affected_c, sessions - affected_c, other_affected, other_sessions - other_affected
                )
        adjusted = dict(zip(tested, holm_adjust(list(tested.values())), strict=True))
        for batch, sessions, affected, complications in batches:
            affected_c = min(affected, sessions)
            other_sessions = total_sessions - sessions
            other_affected = total_affected - affected_c
            higher = affected_c * other_sessions > other_affected * sessions
            rows.append(
                BatchRate(
                    key=f"{product}\x1f{batch}",
                    label=f"{product} — {batch}",
                    sessions=sessions,
                    affected_sessions=affected,
                    complications=complications,
                    product_name=product,
                    batch_number=batch,
                    other_sessions=other_sessions,
                    other_affected=other_affected,
                    p_value=tested.get(batch),
                    p_adjusted=adjusted.get(batch),
                    signal=batch in adjusted and adjusted[batch] < SIGNAL_P_VALUE and higher,
                )
            )
    return rows


def iter_build_report(
    session: Session, filters: ReportFilters, *, plain: bool = False
) -> Generator[Progress, None, ComplicationReport]:
    """Compute the report step by step, yielding ``(done, total, message)`` between queries.

    Returns (as the generator's value) the :class:`ComplicationReport`. Read-only; the caller owns the
    transaction. Close the generator to stop between steps. Treatment sessions are counted from
    ``report_day`` where the schema has it (:mod:`clinic_desktop.reporting.summary`); ``plain=True``
    recounts them from the raw rows instead (same figures, slower).
    """
    steps = 4
    _no_jit(session)
    tz_name = clinic_timezone(session)
    q = _Sql(session, filters, tz_name)
    staff = _staff_names(session)
    fast = not plain and has_summary(session.connection())
    session_cells = _session_cells if fast else _session_cells_plain
    batch_exposure = _batch_exposure if fast else _batch_exposure_plain
    yield 0, steps, "Counting treatment sessions"
    cells = session_cells(session, q)
    sessions_total = sum(cells.values())
    yield 1, steps, "Counting complications"
    comp_rows = _complication_figures(
        session, q, fast=fast and has_summary(session.connection(), "report_complication"),
        treatments=sorted({t for t, _, _ in cells}))
    yield 2, steps, "Counting product batches"
    exposure = batch_exposure(session, q, sessions_total) if sessions_total else {}
    yield 3, steps, "Comparing batches"

    comp_cells: dict[tuple[str, int, int], tuple[int, int]] = {}
    batch_events: dict[tuple[str, str], tuple[int, int]] = {}
    kinds: dict[str, int] = {}
    grades: dict[int, int] = {}
    outcomes: dict[str, int] = {}
    onset: dict[int, int] = {}
    resolution: dict[int, int] = {}
    patients = serious = open_count = 0
    for section, k1, k2, k3, k4, n1, n2 in comp_rows:
        if section == "cell":
            comp_cells[(k1, int(k2), int(k3))] = (n1, n2)
        elif section == "all":
            patients = n1 or 0
        elif section == "mix":  # kind, grade, outcome, serious
            kinds[k1] = kinds.get(k1, 0) + n1
            grades[int(k2)] = grades.get(int(k2), 0) + n1
            outcomes[k3] = outcomes.get(k3, 0) + n1
            serious += n1 if int(k4) else 0
            open_count += n1 if k3 in OPEN_OUTCOMES else 0
        elif section == "days":
            if k1 is not None:
                onset[int(k1)] = onset.get(int(k1), 0) + n1
            if k2 is not None:
                resolution[int(k2)] = resolution.get(int(k2), 0) + n1
        elif section == "batch":
            batch_events[(k1, k2)] = (n1, n2)

    def grouped(key_of: Callable[[tuple[str, int, int]], Any]) -> dict[Any, list[int]]:
        acc: dict[Any, list[int]] = defaultdict(lambda: [0, 0, 0])
        for cell, n in cells.items():
            acc[key_of(cell)][0] += n
        for cell, (n_comp, n_affected) in comp_cells.items():
            acc[key_of(cell)][1] += n_affected
            acc[key_of(cell)][2] += n_comp
        return acc

    overall_acc = grouped(lambda c: "all").get("all", [0, 0, 0])
    overall = RateRow("all", "All treatment sessions", overall_acc[0], overall_acc[1], overall_acc[2])
    by_treatment = [RateRow(t, treatment_label(t), *v) for t, v in sorted(grouped(lambda c: c[0]).items())]
    by_practitioner = sorted(
        (RateRow(str(p), staff.get(p, f"staff #{p}"), *v) for p, v in grouped(lambda c: c[1]).items()),
        key=lambda r: r.label.casefold(),
    )
    month_acc = grouped(lambda c: c[2])
    monthly = []
    for i, (m_start, _end) in enumerate(q.months):
        v = month_acc.get(i, [0, 0, 0])
        monthly.append(
            RateRow(f"{m_start:%Y-%m}", month_label(m_start), *v)
        )
    by_batch = _batch_rows(exposure, batch_events)

    notes = []
    if filters.batch_number is not None:
        notes.append(_("The batch signal compares a batch with the other batches of its product; "
                       "clear the batch filter to see it."))
    empty_reason = None
    if overall.sessions == 0:
        empty_reason = (
            _("No treatment session matches: none was recorded in this period with these filters.")
            if filters.session_filtered
            else _("No treatment session was recorded in this period.")
        )
    elif overall.complications == 0:
        empty_reason = ngettext(
            "No complication matches the filters after the {n} treatment session of this period.",
            "No complication matches the filters after the {n} treatment sessions of this period.",
            overall.sessions).format(n=number(overall.sessions))
    report = ComplicationReport(
        filters=filters,
        filter_labels=describe_filters(filters, staff),
        timezone=tz_name,
        period_start_utc=q.start,
        period_end_utc=q.end,
        overall=overall,
        patients_affected=patients,
        serious_complications=serious,
        open_complications=open_count,
        by_treatment=by_treatment,
        by_practitioner=by_practitioner,
        by_batch=by_batch,
        monthly=monthly,
        by_kind=sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])),
        by_grade=[(g, grades.get(g, 0)) for g in range(1, 6)],
        by_outcome=sorted(outcomes.items(), key=lambda kv: (-kv[1], kv[0])),
        median_days_to_onset=median_from_counts(onset),
        onset_known=sum(onset.values()),
        median_days_to_resolution=median_from_counts(resolution),
        resolution_known=sum(resolution.values()),
        empty_reason=empty_reason,
        notes=notes,
    )
    yield steps, steps, "Report ready"
    return report


def drain(gen: Generator[Progress, None, Any]) -> Any:
    """Run a progress generator to the end and return its value."""
    while True:
        try:
            next(gen)
        except StopIteration as stop:
            return stop.value


def build_report(session: Session, filters: ReportFilters, *, plain: bool = False) -> ComplicationReport:
    """The complication report for ``filters`` (see the module docstring for what is counted);
    ``plain=True`` counts treatment sessions from the raw rows (see :func:`iter_build_report`)."""
    return drain(iter_build_report(session, filters, plain=plain))


# ------------------------------------------------------------------------------------- line list


@dataclass(frozen=True)
class LineListRow:
    """One complication as exported. ``patient_code`` is stable within one export (P0001, P0002, …).

    Identifying fields (``patient_name``, ``date_of_birth``) are None in a de-identified line list.
    Dates are local dates; ``recorded_at`` is UTC. ``age_at_reaction`` is in whole years at onset.
    """

    complication_id: int
    patient_code: str
    patient_name: str | None
    date_of_birth: date | None
    age_at_reaction: int | None
    sex: str
    treatment: str
    treatment_date: date
    practitioner: str
    product_name: str
    batch_number: str
    expiry_date: date | None
    kind: str
    kind_other: str
    site: str
    onset_date: date
    days_to_onset: int
    severity_grade: int
    serious: bool
    serious_criterion: str
    action_taken: str
    outcome: str
    resolution_date: date | None
    days_to_resolution: int | None
    causality: str
    reported_regulator_on: date | None
    reported_regulator_ref: str
    recorded_at: datetime

    @property
    def reaction(self) -> str:
        """The complication kind in words, with the description for "other"."""
        label = kind_label(self.kind)
        return f"{label}: {self.kind_other}" if self.kind_other else label


def age_on(born: date, day: date) -> int:
    """Whole years from ``born`` to ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def count_line_list(session: Session, filters: ReportFilters) -> int:
    """How many complications the line list for ``filters`` holds."""
    q = _Sql(session, filters, clinic_timezone(session))
    sql = (
        f"SELECT COUNT(*) FROM {q.complication_join()} "
        f"WHERE {q.complication_condition('c')} AND {q.session_condition('ts')}"
    )
    return int(_rows(session, sql, q.params)[0][0])


def iter_line_list(
    session: Session, filters: ReportFilters, *, identified: bool, chunk: int = 2000
) -> Generator[Progress, None, list[LineListRow]]:
    """The matching complications, ordered by onset date, yielding progress every ``chunk`` rows.

    Returns the rows. ``identified`` adds names and dates of birth; otherwise only the patient code.
    """
    _no_jit(session)
    tz_name = clinic_timezone(session)
    tz = ZoneInfo(tz_name)
    q = _Sql(session, filters, tz_name)
    total = count_line_list(session, filters)
    yield 0, total, "Reading complications"
    raw_sql = (
        "SELECT c.id, c.patient_id, p.given_names, p.family_name, p.date_of_birth, p.sex, ts.id, ts.treatment, "
        "ts.performed_at, s.full_name, pu.product_name, pu.batch_number, pu.expiry_date, c.kind, c.kind_other, "
        "c.site, c.onset_date, c.severity_grade, c.serious, c.serious_criterion, c.action_taken, c.outcome, "
        "c.resolution_date, c.causality, c.reported_regulator_on, c.reported_regulator_ref, c.recorded_at "
        f"FROM {q.complication_join()} "
        "JOIN patient p ON p.id = c.patient_id JOIN staff_member s ON s.id = ts.practitioner_id "
        "LEFT JOIN product_use pu ON pu.id = c.product_use_id "
        f"WHERE {q.complication_condition('c')} AND {q.session_condition('ts')} "
        "ORDER BY c.onset_date, c.id"
    )
    # type every position so dates and UTC times come back as objects on every database
    types: list[tuple[str, Any]] = [
        ("cid", sa.Integer()),
        ("pid", sa.Integer()),
        ("given", sa.String()),
        ("family", sa.String()),
        ("dob", sa.Date()),
        ("sex", sa.String()),
        ("tsid", sa.Integer()),
        ("treatment", sa.String()),
        ("performed_at", UTCDateTime()),
        ("practitioner", sa.String()),
        ("product", sa.String()),
        ("batch", sa.String()),
        ("expiry", sa.Date()),
        ("kind", sa.String()),
        ("kind_other", sa.String()),
        ("site", sa.String()),
        ("onset", sa.Date()),
        ("grade", sa.Integer()),
        ("serious", sa.Boolean()),
        ("criterion", sa.String()),
        ("action", sa.String()),
        ("outcome", sa.String()),
        ("resolution", sa.Date()),
        ("causality", sa.String()),
        ("reg_on", sa.Date()),
        ("reg_ref", sa.String()),
        ("recorded_at", UTCDateTime()),
    ]
    sql = sa.text(raw_sql).columns(*(sa.column(name, typ) for name, typ in types))
    codes: dict[int, str] = {}
    out: list[LineListRow] = []
    pending_products: list[int] = []
    result = session.connection().execute(sql, q.params)
    for r in result:
        code = codes.setdefault(r.pid, f"P{len(codes) + 1:04d}")
        treatment_date = r.performed_at.astimezone(tz).date()
        product, batch, expiry = r.product or "", r.batch or "", r.expiry
        if r.product is None:
            pending_products.append(len(out))
        out.append(
            LineListRow(
                complication_id=r.cid,
                patient_code=code,
                patient_name=" ".join(x for x in ((r.given or "").strip(), (r.family or "").strip()) if x)
                if identified
                else None,
                date_of_birth=r.dob if identified else None,
                age_at_reaction=age_on(r.dob, r.onset) if r.dob else None,
                sex=r.sex or "",
                treatment=r.treatment,
                treatment_date=treatment_date,
                practitioner=r.practitioner,
                product_name=product,
                batch_number=batch,
                expiry_date=expiry,
                kind=r.kind,
                kind_other=r.kind_other or "",
                site=r.site or "",
                onset_date=r.onset,
                days_to_onset=(r.onset - treatment_date).days,
                severity_grade=r.grade,
                serious=bool(r.serious),
                serious_criterion=r.criterion or "",
                action_taken=r.action or "",
                outcome=r.outcome,
                resolution_date=r.resolution,
                days_to_resolution=(r.resolution - r.onset).days if r.resolution else None,
                causality=r.causality or "",
                reported_regulator_on=r.reg_on,
                reported_regulator_ref=r.reg_ref or "",
                recorded_at=r.recorded_at,
            )
        )
        if len(out) % chunk == 0:
            yield len(out), total, "Reading complications"
    _fill_unattributed_products(session, out, pending_products)
    yield len(out), max(total, len(out)), "Complications read"
    return out


def _fill_unattributed_products(session: Session, rows: list[LineListRow], indexes: list[int]) -> None:
    """For complications with no product use recorded, list every product (batch) of their session."""
    if not indexes:
        return
    ids = sorted({rows[i].complication_id for i in indexes})
    by_complication: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        stmt = sa.text(
            "SELECT c.id, pu.product_name, pu.batch_number FROM complication c "
            "JOIN product_use pu ON pu.treatment_session_id = c.treatment_session_id "
            "WHERE c.id IN :ids ORDER BY c.id, pu.id"
        ).bindparams(sa.bindparam("ids", expanding=True))
        for cid, product, batch in session.connection().execute(stmt, {"ids": part}):
            by_complication[cid].append((product, batch))
    for i in indexes:
        uses = by_complication.get(rows[i].complication_id, [])
        if uses:
            rows[i] = dataclasses.replace(
                rows[i],
                product_name="; ".join(p for p, _b in uses),
                batch_number="; ".join(b for _p, b in uses),
            )


def iter_rows_in_chunks(rows: list[LineListRow], size: int) -> Iterator[list[LineListRow]]:
    """``rows`` in consecutive slices of ``size``."""
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


__all__ = [
    "BatchRate",
    "ComplicationKind",
    "ComplicationReport",
    "LineListRow",
    "PeriodPreset",
    "Progress",
    "RateRow",
    "ReportFilters",
    "age_on",
    "holm_adjust",
    "build_report",
    "clinic_timezone",
    "count_line_list",
    "describe_filters",
    "drain",
    "iter_build_report",
    "iter_line_list",
    "kind_label",
    "outcome_label",
    "period_preset",
    "treatment_label",
]
