"""Complication report exporters: CSV line list, XLSX workbook, branded PDF, regulator line listing.

Every exporter takes the :class:`~clinic_desktop.reporting.query.ComplicationReport`, the line list
(:class:`~clinic_desktop.reporting.query.LineListRow`, empty for the PDF), an :class:`ExportMeta` (who
made it, when, identified or not, the clinic's branding) and a path. Each comes in two forms:
``iter_export_*`` is a generator yielding ``(done, total, message)`` progress (closing it stops the work
and leaves no file behind) and ``export_*`` runs it to the end. Files are written to a temporary file in
the target folder and renamed into place when complete, so a cancelled or failed export never leaves a
half-written file.

De-identified exports (``meta.identified`` False) carry only the patient code (stable within one
export); identified ones add the patient's name and date of birth. Every export states the period, the
filters, when (UTC) and by whom it was made. Text that a spreadsheet would run as a formula (starting
with ``= + - @``) is written with a leading apostrophe. Column meanings: docs/report-columns.md.
"""

from __future__ import annotations

import csv
import io
import math
import os
import tempfile
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from clinic_desktop.reporting.clean import export_text
from clinic_desktop.services.messages import N_, _, ngettext, number
from clinic_desktop.reporting.query import (
    ComplicationReport,
    LineListRow,
    Progress,
    RateRow,
    drain,
    kind_label,
    outcome_label,
    treatment_label,
)

# ------------------------------------------------------------------------------------ metadata


@dataclass(frozen=True)
class ExportMeta:
    """Who made an export and how it looks. ``made_at`` is an aware UTC datetime. ``demo_mark``: the
    words that mark an export from a demo database (empty for a real clinic); a CSV carries them in a
    first ``demo`` column on every row, since it has no room for them above its header."""

    made_at: datetime
    made_by: str
    identified: bool = False
    clinic_name: str = "Clinic"
    clinic_address: str = ""
    clinic_phone: str = ""
    brand_colour: str = "#2f6f8f"
    logo_png: bytes | None = None
    paper_size: str = "A4"
    demo_mark: str = ""


def metadata_rows(report: ComplicationReport, meta: ExportMeta) -> list[tuple[str, str]]:
    """[(label, value)] stating what an export covers and who made it (first lines of every export)."""
    rows = [(_("Clinic"), meta.clinic_name), (_("Report"), _("Complication report"))]
    rows += report.filter_labels
    if len(report.filter_labels) == 1:
        rows.append((_("Filters"), _("none")))
    rows += [
        (_("Time zone"), report.timezone),
        (_("Made at (UTC)"), meta.made_at.strftime("%Y-%m-%d %H:%M:%S UTC")),
        (_("Made by"), meta.made_by),
        (
            _("Patient identity"),
            _("Included: patient names and dates of birth (chosen by the person who made it)")
            if meta.identified
            else _("De-identified: patient codes only"),
        ),
    ]
    return rows


def _fmt_rate(value: float | None) -> str:
    return "" if value is None else number(value, 1)


def _fmt_ci(row: RateRow) -> str:
    ci = row.ci_per_1000
    return "" if ci is None else f"{number(ci[0], 1)}–{number(ci[1], 1)}"


def _fmt_days(value: float | None) -> str:
    return "" if value is None else number(value)


def plural(count: int, singular: str, plural_form: str) -> str:
    """``count`` with the noun that fits it, in the current language (:mod:`clinic_desktop.services.
    messages`): ``plural(1, "treatment session", "treatment sessions")`` gives "1 treatment session", 1,234
    gives "1,234 treatment sessions" ("1 234 séances de traitement" in French). The two English forms must
    be a catalogue message ``"{n} treatment session"`` / ``"{n} treatment sessions"``."""
    choose = ngettext  # the messages are the caller's ("{n} treatment session"), not extracted from here
    return choose("{n} " + singular, "{n} " + plural_form, count).format(n=number(count))


def integer_axis(top: float, ticks: int = 5) -> tuple[int, int]:
    """(maximum, step) of a value axis from 0 whose ticks are whole numbers, about ``ticks`` of them:
    the step is 1, 2 or 5 times a power of ten and the maximum the first step at or above ``top``.

    ``integer_axis(1.7)`` is (2, 1): ticks 0, 1, 2 (never "0, 1, 1, 2"); ``integer_axis(250)`` is
    (250, 50); ``integer_axis(0)`` is (1, 1)."""
    if not top or top <= 0:
        return 1, 1
    raw = top / max(1, ticks)
    magnitude = 1
    while True:
        for m in (1, 2, 5):
            step = m * magnitude
            if step >= raw:
                return step * math.ceil(top / step), step
        magnitude *= 10


def summary_figures(report: ComplicationReport) -> list[tuple[str, str]]:
    """[(label, value)]: the headline figures as shown on screen and in every summary export. The labels
    are English (keys: the window translates them with Qt, exports and the command line with ``_()``);
    the values are written with the current language's separators."""
    overall = report.overall
    return [
        (N_("Treatment sessions"), number(overall.sessions)),
        (N_("Complications"), number(overall.complications)),
        (N_("Treatment sessions with a complication"), number(overall.affected_sessions)),
        (N_("Patients affected"), number(report.patients_affected)),
        (N_("Rate per 1,000 treatment sessions"), _fmt_rate(overall.rate_per_1000) or "—"),
        (N_("95% interval (Wilson)"), _fmt_ci(overall) or "—"),
        (N_("Serious complications"), number(report.serious_complications)),
        (N_("Open (unresolved) complications"), number(report.open_complications)),
        (N_("Median days to onset"), _fmt_days(report.median_days_to_onset) or "—"),
        (N_("Median days to resolution"), _fmt_days(report.median_days_to_resolution) or "—"),
    ]


# --------------------------------------------------------------------------------- line list columns


@dataclass(frozen=True)
class Column:
    """One exported column: header, how to read it from a row, and whether it identifies the patient."""

    header: str
    get: Callable[[LineListRow], Any]
    identifying: bool = False


LINE_LIST_COLUMNS: list[Column] = [
    Column(N_("complication_id"), lambda r: r.complication_id),
    Column(N_("patient_code"), lambda r: r.patient_code),
    Column(N_("patient_name"), lambda r: r.patient_name or "", identifying=True),
    Column(N_("date_of_birth"), lambda r: r.date_of_birth, identifying=True),
    Column(N_("age_at_reaction"), lambda r: r.age_at_reaction),
    Column(N_("sex"), lambda r: r.sex),
    Column(N_("treatment"), lambda r: r.treatment),
    Column(N_("treatment_date"), lambda r: r.treatment_date),
    Column(N_("practitioner"), lambda r: r.practitioner),
    Column(N_("product"), lambda r: r.product_name),
    Column(N_("batch_number"), lambda r: r.batch_number),
    Column(N_("expiry_date"), lambda r: r.expiry_date),
    Column(N_("kind"), lambda r: r.kind),
    Column(N_("kind_other"), lambda r: r.kind_other),
    Column(N_("site"), lambda r: r.site),
    Column(N_("onset_date"), lambda r: r.onset_date),
    Column(N_("days_to_onset"), lambda r: r.days_to_onset),
    Column(N_("severity_grade"), lambda r: r.severity_grade),
    Column(N_("serious"), lambda r: r.serious),
    Column(N_("serious_criterion"), lambda r: r.serious_criterion),
    Column(N_("action_taken"), lambda r: r.action_taken),
    Column(N_("outcome"), lambda r: r.outcome),
    Column(N_("resolution_date"), lambda r: r.resolution_date),
    Column(N_("days_to_resolution"), lambda r: r.days_to_resolution),
    Column(N_("causality"), lambda r: r.causality),
    Column(N_("reported_regulator_on"), lambda r: r.reported_regulator_on),
    Column(N_("reported_regulator_ref"), lambda r: r.reported_regulator_ref),
]

def _sex_shown(value: str | None) -> str:
    """The patient's sex as the listing shows it: the form's choice in words, "not recorded" for none,
    older free text as recorded."""
    if not value:
        return _("not recorded")
    from clinic_desktop.models import sex_code

    code = sex_code(value)
    return _(_SEX_WORDS[code]) if code else value


_SEX_WORDS = {"female": N_("Female"), "male": N_("Male"), "other": N_("Other"), "not_stated": N_("Not stated")}


LISTING_COLUMNS: list[Column] = [
    Column(N_("Case no."), lambda r: r.complication_id),
    Column(N_("Patient code"), lambda r: r.patient_code),
    Column(N_("Patient name"), lambda r: r.patient_name or "", identifying=True),
    Column(N_("Age at reaction (years)"), lambda r: r.age_at_reaction),
    Column(N_("Sex"), lambda r: _sex_shown(r.sex)),
    Column(N_("Product"), lambda r: r.product_name or _("not recorded")),
    Column(N_("Batch/lot number"), lambda r: r.batch_number or _("not recorded")),
    Column(N_("Expiry date"), lambda r: r.expiry_date),
    Column(N_("Reaction"), lambda r: r.reaction),
    Column(N_("Site"), lambda r: r.site),
    Column(N_("Treatment date"), lambda r: r.treatment_date),
    Column(N_("Reaction onset date"), lambda r: r.onset_date),
    Column(N_("Reaction end date"), lambda r: r.resolution_date),
    Column(N_("Serious"), lambda r: _("Yes") if r.serious else _("No")),
    Column(
        N_("Seriousness criterion"), lambda r: outcome_label(r.serious_criterion) if r.serious_criterion else ""
    ),
    Column(N_("Severity (CTCAE grade)"), lambda r: r.severity_grade),
    Column(N_("Outcome"), lambda r: outcome_label(r.outcome)),
    Column(N_("Action taken"), lambda r: r.action_taken),
    Column(N_("Causality"), lambda r: outcome_label(r.causality) if r.causality else ""),
    Column(N_("Reported to regulator on"), lambda r: r.reported_regulator_on),
    Column(N_("Regulator reference"), lambda r: r.reported_regulator_ref),
]


def columns_for(columns: Sequence[Column], identified: bool) -> list[Column]:
    """The columns of an export: identifying ones only when names were chosen."""
    return [c for c in columns if identified or not c.identifying]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Text a spreadsheet will show literally (a leading apostrophe before formula characters), with the
    characters no export format can hold removed (:func:`clinic_desktop.reporting.clean.export_text`)."""
    value = export_text(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return safe_text(value)
    return value


# --------------------------------------------------------------------------------- atomic writing


@contextmanager
def _atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; renamed onto ``path`` on success, removed otherwise."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# ------------------------------------------------------------------------------------------- CSV


def about_path(path: str | os.PathLike[str]) -> Path:
    """The sidecar text file written beside a CSV export: ``report.csv`` -> ``report-about.txt``."""
    path = Path(path)
    return path.with_name(f"{path.stem}-about.txt")


def about_text(header_rows: list[tuple[str, str]], csv_name: str) -> str:
    """The sidecar's text: what the CSV ``csv_name`` covers and who made it, one ``Label: value`` a line."""
    lines = [_("About {name}").format(name=csv_name), ""]
    lines += [_("{label}: {value}").format(label=key, value=export_text(value)) for key, value in header_rows]
    return "\n".join(lines) + "\n"


def demo_column(meta: ExportMeta) -> list[Column]:
    """``[Column("demo", …)]`` holding ``meta.demo_mark`` on every row for a demo database, else ``[]``."""
    return [Column(N_("demo"), lambda _r: meta.demo_mark)] if meta.demo_mark else []


def _iter_csv(
    rows: list[LineListRow], columns: list[Column], header_rows: list[tuple[str, str]], path: Path, label: str
) -> Generator[Progress, None, Path]:
    """The header on line 1 and one row per line-list row, so a spreadsheet or ``csv.DictReader`` reads it
    as it is; what the file covers (``header_rows``) goes to the sidecar :func:`about_path`."""
    total = len(rows)
    path = Path(path)
    with _atomic_path(path) as tmp, _atomic_path(about_path(path)) as about_tmp:
        with open(tmp, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow([_(c.header) for c in columns])
            for i, row in enumerate(rows, start=1):
                writer.writerow([_csv_value(c.get(row)) for c in columns])
                if i % 2000 == 0:
                    yield i, total, label
        about_tmp.write_text(about_text(header_rows, path.name), encoding="utf-8")
        yield total, total, label
    return path


def iter_export_csv(
    report: ComplicationReport, line_list: list[LineListRow], meta: ExportMeta, path: str | os.PathLike[str]
) -> Generator[Progress, None, Path]:
    """CSV, one row per complication, the header row on line 1 (columns in docs/report-columns.md).

    What the file covers (clinic, period, filters, time zone, made at/by, identity) is written beside it
    in a text file (:func:`about_path`: ``report.csv`` -> ``report-about.txt``), as in the XLSX's "About"
    sheet and the PDF's first page."""
    return _iter_csv(
        line_list,
        demo_column(meta) + columns_for(LINE_LIST_COLUMNS, meta.identified),
        metadata_rows(report, meta),
        Path(path),
        _("Writing CSV"),
    )


def export_csv(
    report: ComplicationReport, line_list: list[LineListRow], meta: ExportMeta, path: str | os.PathLike[str]
) -> Path:
    """Write the CSV line list (see :func:`iter_export_csv`); returns the path."""
    return drain(iter_export_csv(report, line_list, meta, path))


# ------------------------------------------------------------------------------------------ XLSX


def BY_BATCH_TITLE() -> str:  # noqa: N802 - a constant, in the current language
    """The title of the per-batch table (the PDF lays that table out on its own)."""
    return _("By product batch")


def summary_tables(report: ComplicationReport) -> list[tuple[str, list[str], list[list[Any]]]]:
    """[(title, headers, rows)] of the summary tables, with typed values (ints, floats, None)."""

    def rate_rows(rows: Sequence[RateRow]) -> list[list[Any]]:
        out = []
        for r in rows:
            ci = r.ci_per_1000
            out.append(
                [
                    r.label,
                    r.sessions,
                    r.affected_sessions,
                    r.complications,
                    None if r.rate_per_1000 is None else round(r.rate_per_1000, 2),
                    None if ci is None else round(ci[0], 2),
                    None if ci is None else round(ci[1], 2),
                ]
            )
        return out

    rate_headers = [
        _("Group"),
        _("Treatment sessions"),
        _("With complication"),
        _("Complications"),
        _("Rate per 1,000"),
        _("95% CI low"),
        _("95% CI high"),
    ]
    batch_rows = []
    for b in report.by_batch:
        ci = b.ci_per_1000
        batch_rows.append(
            [
                b.product_name,
                b.batch_number,
                b.sessions,
                b.affected_sessions,
                b.complications,
                None if b.rate_per_1000 is None else round(b.rate_per_1000, 2),
                None if ci is None else round(ci[0], 2),
                None if ci is None else round(ci[1], 2),
                None if b.other_rate_per_1000 is None else round(b.other_rate_per_1000, 2),
                b.p_value,
                b.p_adjusted,
                _("SIGNAL") if b.signal else "",
            ]
        )
    return [
        (_("By treatment"), rate_headers, rate_rows(report.by_treatment)),
        (_("By practitioner"), rate_headers, rate_rows(report.by_practitioner)),
        (
            BY_BATCH_TITLE(),
            [
                _("Product"),
                _("Batch number"),
                _("Treatment sessions"),
                _("With complication"),
                _("Complications"),
                _("Rate per 1,000"),
                _("95% CI low"),
                _("95% CI high"),
                _("Other batches' rate per 1,000"),
                _("Fisher p (one-sided)"),
                _("p adjusted (Holm)"),
                _("Signal"),
            ],
            batch_rows,
        ),
        (_("By month"), rate_headers, rate_rows(report.monthly)),
        (_("By kind"), [_("Kind"), _("Complications")], [[kind_label(k), n] for k, n in report.by_kind]),
        (_("By severity grade"), [_("Grade"), _("Complications")], [[g, n] for g, n in report.by_grade]),
        (_("By outcome"), [_("Outcome"), _("Complications")],
         [[outcome_label(o), n] for o, n in report.by_outcome]),
    ]


#: Widest column an export sizes to its content (characters); longer cells wrap inside it.
MAX_COLUMN_WIDTH = 100


def cell_width(value: Any) -> int:
    """Characters a spreadsheet needs to show ``value`` whole: its longest line, dates as ``yyyy-mm-dd``,
    numbers as written (floats to 4 decimals, as the summary formats them)."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 19
    if isinstance(value, date):
        return 10
    if isinstance(value, bool):
        return 5
    if isinstance(value, float):
        return len(f"{value:,.4f}".rstrip("0").rstrip("."))
    if isinstance(value, int):
        return len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_widths(rows: Any, *, minimum: int = 8, cap: int = MAX_COLUMN_WIDTH) -> dict[int, float]:
    """{1-based column: width} from the longest value of each column of ``rows`` (iterables of values),
    plus 2 characters of padding, at least ``minimum`` and at most ``cap``."""
    widest: dict[int, int] = {}
    for row in rows:
        for i, value in enumerate(row, start=1):
            w = cell_width(value)
            if w > widest.get(i, 0):
                widest[i] = w
    return {i: float(min(cap, max(minimum, w + 2))) for i, w in widest.items()}


def _size_columns(ws: Any, rows: Any, **kwargs: Any) -> dict[int, float]:
    from openpyxl.utils import get_column_letter

    widths = column_widths(rows, **kwargs)
    for i, width in widths.items():
        ws.column_dimensions[get_column_letter(i)].width = width
    return widths


def iter_export_xlsx(
    report: ComplicationReport, line_list: list[LineListRow], meta: ExportMeta, path: str | os.PathLike[str]
) -> Generator[Progress, None, Path]:
    """XLSX with a "Summary" sheet (what it covers, headline figures, every table) and a "Line list"
    sheet (one typed row per complication, dates as dates, frozen header, filters on)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    total = len(line_list)
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor=meta.brand_colour.lstrip("#").upper() or "2F6F8F")
    head_font = Font(bold=True, color="FFFFFF")

    writing = _("Writing XLSX")
    summary = wb.create_sheet(_("Summary"))
    summary_rows: list[list[Any]] = []  # collected first: a write-only sheet takes its widths before any row

    def cell(ws: Any, value: Any, *, font: Any = None, fill: Any = None, fmt: str | None = None) -> Any:
        if isinstance(value, str):
            value = export_text(value)
        c = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            c.data_type = "s"  # never a formula
        if font is not None:
            c.font = font
        if fill is not None:
            c.fill = fill
        if fmt:
            c.number_format = fmt
        elif isinstance(value, date) and not isinstance(value, datetime):
            c.number_format = "yyyy-mm-dd"
        elif isinstance(value, datetime):
            c.number_format = "yyyy-mm-dd hh:mm:ss"
        return c

    summary_rows.append([cell(summary, _("Complication report"), font=Font(bold=True, size=14))])
    for key, value in metadata_rows(report, meta):
        summary_rows.append([cell(summary, key, font=bold), cell(summary, value)])
    if report.empty_reason:
        summary_rows.append([cell(summary, _("Note"), font=bold), cell(summary, report.empty_reason)])
    summary_rows.append([])
    summary_rows.append([cell(summary, _("Figures"), font=Font(bold=True, size=12))])
    o = report.overall
    ci = o.ci_per_1000
    figures: list[tuple[str, Any, str | None]] = [
        (_("Treatment sessions"), o.sessions, "#,##0"),
        (_("Complications"), o.complications, "#,##0"),
        (_("Treatment sessions with a complication"), o.affected_sessions, "#,##0"),
        (_("Patients affected"), report.patients_affected, "#,##0"),
        (_("Rate per 1,000 treatment sessions"), o.rate_per_1000, "0.0"),
        (_("95% CI low (Wilson)"), None if ci is None else ci[0], "0.0"),
        (_("95% CI high (Wilson)"), None if ci is None else ci[1], "0.0"),
        (_("Serious complications"), report.serious_complications, "#,##0"),
        (_("Open (unresolved) complications"), report.open_complications, "#,##0"),
        (_("Median days to onset"), report.median_days_to_onset, "0.#"),
        (_("Median days to resolution"), report.median_days_to_resolution, "0.#"),
    ]
    for label, value, fmt in figures:
        summary_rows.append([cell(summary, label, font=bold), cell(summary, value, fmt=fmt)])
    signals = report.batch_signals
    if signals:
        summary_rows.append([])
        summary_rows.append([cell(summary, _("Batch signal"), font=Font(bold=True, size=12, color="B00020"))])
        for b in signals:
            summary_rows.append(
                [
                    cell(summary, _("{product} — batch {batch}").format(product=b.product_name,
                                                                         batch=b.batch_number), font=bold),
                    cell(summary, _signal_text(b)),
                ]
            )
    for title, headers, rows in summary_tables(report):
        summary_rows.append([])
        summary_rows.append([cell(summary, title, font=Font(bold=True, size=12))])
        summary_rows.append([cell(summary, h, font=head_font, fill=head_fill) for h in headers])
        for row in rows:
            summary_rows.append(
                [cell(summary, v, fmt="0.0000" if isinstance(v, float) and v < 1 else None) for v in row]
            )
    wrap = Alignment(wrap_text=True, vertical="top")
    widths = _size_columns(summary, ([c.value for c in row] for row in summary_rows))
    for row in summary_rows:
        for i, c in enumerate(row, start=1):
            if isinstance(c.value, str) and len(c.value) + 2 > widths.get(i, MAX_COLUMN_WIDTH):
                c.alignment = wrap  # longer than the widest column: wraps inside it, never cut
        summary.append(row)
    yield 0, total, writing

    sheet = wb.create_sheet(_("Line list"))
    columns = columns_for(LINE_LIST_COLUMNS, meta.identified)
    _size_columns(sheet, _header_and_values(columns, line_list))
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{max(total + 1, 2)}"
    sheet.append([cell(sheet, _(c.header), font=head_font, fill=head_fill) for c in columns])
    for i, row in enumerate(line_list, start=1):
        sheet.append([cell(sheet, c.get(row)) for c in columns])
        if i % 2000 == 0:
            yield i, total, writing

    about = wb.create_sheet(_("About"))
    about_rows = metadata_rows(report, meta)
    _size_columns(about, about_rows)
    for key, value in about_rows:
        about.append([cell(about, key, font=bold), cell(about, value)])
    with _atomic_path(Path(path)) as tmp:
        wb.save(tmp)
        yield total, total, writing
    return Path(path)


def _header_and_values(columns: list[Column], rows: list[LineListRow]) -> Iterator[list[Any]]:
    """The header row, then each row's values: what :func:`column_widths` measures for a line list."""
    yield [_(c.header) for c in columns]
    for row in rows:
        yield [c.get(row) for c in columns]


def export_xlsx(
    report: ComplicationReport, line_list: list[LineListRow], meta: ExportMeta, path: str | os.PathLike[str]
) -> Path:
    """Write the XLSX workbook (see :func:`iter_export_xlsx`); returns the path."""
    return drain(iter_export_xlsx(report, line_list, meta, path))


def _signal_text(b: Any) -> str:
    sessions = plural(b.sessions, "treatment session", "treatment sessions")
    return _("{affected} of {sessions} with a complication ({rate} per 1,000) against {other_affected} of "
             "{other_sessions} ({other_rate} per 1,000) for the other batches; Fisher p = {p}, Holm-adjusted "
             "p = {p_adjusted}").format(
        affected=number(b.affected_sessions), sessions=sessions, rate=_fmt_rate(b.rate_per_1000),
        other_affected=number(b.other_affected), other_sessions=number(b.other_sessions),
        other_rate=_fmt_rate(b.other_rate_per_1000), p=f"{b.p_value:.2g}", p_adjusted=f"{b.p_adjusted:.2g}")


def signal_text(b: Any) -> str:
    """One sentence with a flagged batch's figures (used on screen and in every export)."""
    return _signal_text(b)


# ------------------------------------------------------------------------------- line listing


def iter_export_line_listing(
    report: ComplicationReport, line_list: list[LineListRow], meta: ExportMeta, path: str | os.PathLike[str]
) -> Generator[Progress, None, Path]:
    """The line listing in the layout of a regulator's adverse-reaction report: one row per reaction
    (case no., patient code, age at reaction, sex if recorded, product, batch, reaction, dates,
    seriousness, severity, outcome, action, causality, regulator reference). XLSX when ``path`` ends in
    ``.xlsx`` (the header on row 1 of "Line listing"; what it covers and who made it on an "About" sheet),
    otherwise CSV (the header on line 1; what it covers in the sidecar :func:`about_path`)."""
    path = Path(path)
    columns = columns_for(LISTING_COLUMNS, meta.identified)
    header = [(_("Adverse reaction line listing"), meta.clinic_name)] + metadata_rows(report, meta)[1:]
    writing = _("Writing line listing")
    if path.suffix.lower() != ".xlsx":
        csv_columns = demo_column(meta) + columns
        return (yield from _iter_csv(line_list, csv_columns, header, path, writing))
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Line listing"))
    _size_columns(ws, _header_and_values(columns, line_list))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{1 + max(len(line_list), 1)}"

    def cell(sheet: Any, value: Any, bold: bool = False) -> Any:
        if isinstance(value, str):
            value = export_text(value)
        c = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            c.data_type = "s"
        if isinstance(value, date):
            c.number_format = "yyyy-mm-dd"
        if bold:
            c.font = Font(bold=True)
        return c

    ws.append([cell(ws, _(c.header), True) for c in columns])
    total = len(line_list)
    for i, row in enumerate(line_list, start=1):
        ws.append([cell(ws, c.get(row)) for c in columns])
        if i % 2000 == 0:
            yield i, total, writing
    about = wb.create_sheet(_("About"))
    _size_columns(about, header)
    for key, value in header:
        about.append([cell(about, key, True), cell(about, value)])
    with _atomic_path(path) as tmp:
        wb.save(tmp)
    yield total, total, writing
    return path


def export_line_listing(
    report: ComplicationReport, line_list: list[LineListRow], meta: ExportMeta, path: str | os.PathLike[str]
) -> Path:
    """Write the regulator line listing (see :func:`iter_export_line_listing`); returns the path."""
    return drain(iter_export_line_listing(report, line_list, meta, path))


# -------------------------------------------------------------------------------------------- PDF

_FONT = "NotoSans"
_FONT_BOLD = "NotoSans-Bold"


def register_fonts() -> None:
    """Register the bundled fonts for the PDF (the aftercare sheet's set: Noto Sans with Arabic and Hebrew,
    DejaVu for symbols, a system CJK font when one is found), once per process."""
    from clinic_desktop.aftercare.text import register_fonts as register_text_fonts

    register_text_fonts()


def printable(text: str) -> str:
    """``text`` as the PDF prints it: NFC, control characters removed, any character no font can draw
    replaced by U+FFFD "\ufffd" (visible, never dropped silently; case C1)."""
    from clinic_desktop.aftercare.text import plain

    return plain(export_text(text))  # characters no export format may hold are cleaned first


def _para_text(text: str) -> str:
    """User text for a reportlab Paragraph: font runs per script, markup escaped, line breaks kept (C3)."""
    from clinic_desktop.aftercare.text import markup

    return markup(text)


def _para(text: str, style: Any) -> Any:
    """A Paragraph of user text, shaped (joined Arabic) and in bidi order when its script needs it."""
    from clinic_desktop.aftercare.text import paragraph

    return paragraph(_para_text(text), style)


def trend_drawing(report: ComplicationReport, width: float, height: float, colour: str) -> Any:
    """A reportlab Drawing: bars of the rate per 1,000 treatment sessions for each month of the period."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 30
    chart.width, chart.height = width - 55, height - 50
    values = [m.rate_per_1000 or 0.0 for m in report.monthly] or [0.0]
    chart.data = [values]
    labels = [m.label for m in report.monthly]
    step = max(1, len(labels) // 12)
    chart.categoryAxis.categoryNames = [lab if i % step == 0 else "" for i, lab in enumerate(labels)]
    chart.categoryAxis.labels.fontName = _FONT
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 30 if len(labels) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 6 else "n"
    chart.valueAxis.labels.fontName = _FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax, chart.valueAxis.valueStep = integer_axis(max(values))
    chart.valueAxis.labelTextFormat = "%d"
    chart.bars[0].fillColor = colors.HexColor(colour)
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    drawing.add(
        String(
            40,
            height - 12,
            _("Treatment sessions with a complication per 1,000, by month"),
            fontName=_FONT_BOLD,
            fontSize=8,
        )
    )
    return drawing


def iter_export_pdf(
    report: ComplicationReport, line_list: list[LineListRow], meta: ExportMeta, path: str | os.PathLike[str]
) -> Generator[Progress, None, Path]:
    """PDF: the clinic's header band (name, logo, brand colour, as on the aftercare sheets), what the
    report covers and who made it, the headline figures, the batch signal, the monthly trend chart and
    the summary tables. No patient appears in it (``line_list`` is not used)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, LETTER, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from reportlab.platypus.doctemplate import LayoutError

    from clinic_desktop.aftercare.text import draw_line
    from clinic_desktop.services.errors import ClinicError

    register_fonts()
    writing = _("Writing PDF")
    yield 0, 3, writing
    brand = colors.HexColor(meta.brand_colour if len(meta.brand_colour) == 7 else "#2f6f8f")
    page = landscape(LETTER if meta.paper_size == "Letter" else A4)
    body = ParagraphStyle("body", fontName=_FONT, fontSize=8.5, leading=11)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5)
    h1 = ParagraphStyle("h1", parent=body, fontName=_FONT_BOLD, fontSize=15, leading=19, textColor=brand)
    h2 = ParagraphStyle(
        "h2",
        parent=body,
        fontName=_FONT_BOLD,
        fontSize=10.5,
        leading=14,
        textColor=brand,
        spaceBefore=6,
        spaceAfter=3,
        keepWithNext=1,
    )
    alert = ParagraphStyle("alert", parent=body, textColor=colors.HexColor("#B00020"), fontName=_FONT_BOLD)
    logo = ImageReader(io.BytesIO(meta.logo_png)) if meta.logo_png else None
    clinic = printable(meta.clinic_name)
    head_style = ParagraphStyle("head", fontName=_FONT_BOLD, fontSize=13, leading=15, textColor=colors.white)
    contact_style = ParagraphStyle("contact", fontName=_FONT, fontSize=8, leading=10, textColor=colors.white)
    footer_style = ParagraphStyle("footer", fontName=_FONT, fontSize=7, leading=9,
                                  textColor=colors.HexColor("#555555"))
    footer = (_("{clinic} · Complication report {first} to {last} · includes patient names · made {at} UTC by "
                "{who}") if meta.identified else
              _("{clinic} · Complication report {first} to {last} · de-identified · made {at} UTC by {who}")).format(
        clinic=clinic, first=report.filters.date_from.isoformat(), last=report.filters.date_to.isoformat(),
        at=f"{meta.made_at:%Y-%m-%d %H:%M}", who=meta.made_by)
    title = _("Complication report")

    def on_page(canvas: Any, doc: Any) -> None:
        width, height = page
        canvas.saveState()
        canvas.setFillColor(brand)
        canvas.rect(0, height - 16 * mm, width, 16 * mm, stroke=0, fill=1)
        x = 12 * mm
        if logo is not None:
            iw, ih = logo.getSize()
            h = 11 * mm
            w = h * iw / ih if ih else h
            canvas.drawImage(logo, x, height - 13.5 * mm, w, h, mask="auto")
            x += w + 4 * mm
        canvas.setFillColor(colors.white)
        room = width - x - 60 * mm
        draw_line(canvas, meta.clinic_name, head_style, x, height - 9.5 * mm, room)
        contact = " · ".join(p for p in (meta.clinic_address.replace("\n", ", "), meta.clinic_phone) if p.strip())
        if contact.strip():
            draw_line(canvas, contact, contact_style, x, height - 13.5 * mm, room)
        canvas.setFont(_FONT, 8)
        canvas.drawRightString(width - 12 * mm, height - 9.5 * mm, title)
        draw_line(canvas, footer, footer_style, 12 * mm, 8 * mm, width - 44 * mm)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.setFont(_FONT, 7)
        canvas.drawRightString(width - 12 * mm, 8 * mm, _("Page {n}").format(n=doc.page))
        canvas.restoreState()

    def grid(
        headers: list[str],
        rows: list[list[Any]],
        widths: list[float] | None = None,
        highlight: list[int] | None = None,
    ) -> Table:
        data = [[_para(h, small) for h in headers]]
        for row in rows:
            data.append([_para(_pdf_value(v), small) for v in row])
        # splitInRow: a row taller than a page (a very long product name or note) splits across pages
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF2")),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, brand),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F6F8FA")]),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
                + [
                    ("BACKGROUND", (0, i + 1), (-1, i + 1), colors.HexColor("#FBE3E6"))
                    for i in highlight or []
                ]
            )
        )
        return table

    story: list[Any] = [Paragraph(title, h1)]
    meta_rows = [[k, v] for k, v in metadata_rows(report, meta)[2:]]  # without the clinic and the title
    story.append(grid([_("About this report"), ""], meta_rows, [55 * mm, 150 * mm]))
    if report.empty_reason:
        story += [Spacer(1, 4), Paragraph(_para_text(report.empty_reason), alert)]
    for note in report.notes:
        story += [Spacer(1, 2), Paragraph(_para_text(note), small)]
    story.append(Paragraph(_("Figures"), h2))
    figures = [(_(label), value) for label, value in summary_figures(report)]
    half = (len(figures) + 1) // 2
    left, right = figures[:half], figures[half:]
    fig_rows = [[a[0], a[1], *(right[i] if i < len(right) else ("", ""))] for i, a in enumerate(left)]
    story.append(grid([_("Figure"), _("Value"), _("Figure"), _("Value")], fig_rows,
                      [62 * mm, 30 * mm, 62 * mm, 30 * mm]))
    signals = report.batch_signals
    if signals:
        story.append(Paragraph(_("Batch signal"), h2))
        for b in signals:
            story.append(_para(_("{product} — batch {batch}: {signal}.").format(
                product=b.product_name, batch=b.batch_number, signal=signal_text(b)), alert))
    story.append(Paragraph(_("Monthly trend"), h2))
    story.append(trend_drawing(report, 250 * mm, 62 * mm, meta.brand_colour))
    yield 1, 3, writing
    for title, headers, rows in summary_tables(report):
        if not rows:
            continue
        if title == BY_BATCH_TITLE():
            widths = [w * mm for w in (40, 24, 20, 22, 23, 18, 17, 17, 24, 22, 22, 15)]
            table = grid(headers, rows, widths, highlight=[i for i, r in enumerate(rows) if r[-1]])
        else:
            table = grid(headers, rows)
        if len(rows) < 12:
            story.append(KeepTogether([Paragraph(title, h2), table]))
        else:
            story.extend([Paragraph(title, h2), table])
    # a trailing explanation of the figures
    story.append(Paragraph(_("How the figures are counted"), h2))
    story.append(
        Paragraph(
            _para_text(
                _("Rate per 1,000: treatment sessions with at least one matching complication per 1,000 "
                  "treatment sessions in the period, with a 95% Wilson interval. A complication belongs to the "
                  "period of the treatment session it followed; complications entered in error are not counted. "
                  "Batch signal: one-sided Fisher exact test of a batch against the other batches of the same "
                  "product, at least 3 treatment sessions with a complication, p < 0.05 after Holm's correction "
                  "for the number of batches tested. Open: outcome resolving or not resolved.")
            ),
            small,
        )
    )
    with _atomic_path(Path(path)) as tmp:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=page,
            leftMargin=12 * mm,
            rightMargin=12 * mm,
            topMargin=22 * mm,
            bottomMargin=14 * mm,
            title=title,
            author=printable(meta.made_by),
            subject=clinic,
        )
        try:
            doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
        except LayoutError as exc:  # a safety net: every cell splits, so this would be a bug
            raise ClinicError(_(
                "The PDF could not be laid out: a text in the report is too long for a page. "
                "Export CSV or XLSX instead, or shorten the text."
            )) from exc
        yield 2, 3, writing
    yield 3, 3, writing
    return Path(path)


def _pdf_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2g}" if value < 0.01 else number(value, 1) if value >= 1 else number(value, 3)
    if isinstance(value, int):
        return number(value)
    return str(value)


def export_pdf(
    report: ComplicationReport, line_list: list[LineListRow], meta: ExportMeta, path: str | os.PathLike[str]
) -> Path:
    """Write the PDF summary (see :func:`iter_export_pdf`); returns the path."""
    return drain(iter_export_pdf(report, line_list, meta, path))


__all__ = [
    "Column",
    "ExportMeta",
    "LINE_LIST_COLUMNS",
    "LISTING_COLUMNS",
    "columns_for",
    "export_csv",
    "export_line_listing",
    "export_pdf",
    "export_xlsx",
    "about_path",
    "column_widths",
    "integer_axis",
    "plural",
    "iter_export_csv",
    "iter_export_line_listing",
    "iter_export_pdf",
    "iter_export_xlsx",
    "metadata_rows",
    "printable",
    "register_fonts",
    "safe_text",
    "signal_text",
    "summary_figures",
    "summary_tables",
    "treatment_label",
]
