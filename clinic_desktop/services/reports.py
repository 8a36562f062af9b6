"""Complication reports and their exports, for managers (issue #5).

- :func:`run_report`: the figures on screen (permission ``view_reports``).
- :func:`export_report` / :func:`iter_export_report`: CSV, XLSX, PDF or regulator line listing written to
  a file (``view_reports``; ``export_identified`` as well when patient names are included). Every export
  is audited as ``report.export`` with its format, whether names were included, the period, the filters
  and the number of complications. Exports are de-identified unless ``include_names`` is chosen.
- :func:`filter_choices`: the values the report page offers in its filter lists.

What is counted (cohort of treatment sessions in the period, Wilson intervals, batch signal) is
documented in :mod:`clinic_desktop.reporting.query`. Complications entered in error are never counted.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pydantic
import sqlalchemy as sa
from sqlmodel import Session, select

from clinic_desktop.models import ClinicProfile, ProductUse, StaffMember, TreatmentSession, utcnow
from clinic_desktop.reporting import exporters, summary
from clinic_desktop.reporting.query import (
    ComplicationReport,
    LineListRow,
    Progress,
    ReportFilters,
    drain,
    iter_build_report,
    iter_line_list,
)
from clinic_desktop.services import audit, messages
from clinic_desktop.services.clinic import demo_mark, printed_clinic_name
from clinic_desktop.services.messages import _
from clinic_desktop.services.errors import ValidationError
from clinic_desktop.services.files import os_error_message
from clinic_desktop.services.limits import MAX_ID, date_problem, text_errors
from clinic_desktop.services.permissions import Permission, require


class ExportFormat(str, enum.Enum):
    """What an export writes. ``listing``: the regulator line listing (XLSX for a ``.xlsx`` path, else CSV)."""

    csv = "csv"
    xlsx = "xlsx"
    pdf = "pdf"
    listing = "listing"


DEFAULT_SUFFIX = {
    ExportFormat.csv: ".csv",
    ExportFormat.xlsx: ".xlsx",
    ExportFormat.pdf: ".pdf",
    ExportFormat.listing: ".csv",
}


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the file, the format, how many complications, and the report behind it."""

    path: Path
    fmt: ExportFormat
    rows: int
    include_names: bool
    report: ComplicationReport


def make_filters(values: Mapping[str, Any] | ReportFilters) -> ReportFilters:
    """Validate report filters; raises ValidationError naming the field (``date_to``, ``min_grade`` …)."""
    if isinstance(values, ReportFilters):
        checked = values
    else:
        checked = _make_filters(values)
    errors = {name: problem for name in ("date_from", "date_to")
              if (problem := date_problem(getattr(checked, name)))}
    errors.update(text_errors({"batch_number": checked.batch_number or "",
                               "product_name": checked.product_name or "",
                               "treatment": checked.treatment or ""}, ProductUse))
    if checked.practitioner_id is not None and not 1 <= checked.practitioner_id <= MAX_ID:
        errors["practitioner_id"] = _("Choose a practitioner from the list.")
    if errors:
        raise ValidationError(errors)
    return checked


def _make_filters(values: Mapping[str, Any]) -> ReportFilters:
    try:
        return ReportFilters(**dict(values))
    except pydantic.ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else "filters"
            message = str(err["msg"]).removeprefix("Value error, ")
            if err["type"] == "missing":
                message = {
                    "date_from": _("Choose the first day of the period."),
                    "date_to": _("Choose the last day of the period."),
                }.get(field, _("This is required."))
            errors.setdefault(field, message)
        raise ValidationError(errors) from exc


def run_report(
    session: Session, *, actor: StaffMember, filters: ReportFilters | Mapping[str, Any]
) -> ComplicationReport:
    """The complication report for ``filters``. Requires ``view_reports``.

    An empty period or filters that match nothing give an empty report with ``empty_reason`` set, not an
    error. Raises PermissionDenied, ValidationError (``date_to`` before ``date_from``, bad grade).
    """
    return drain(iter_run_report(session, actor=actor, filters=filters))


def iter_run_report(
    session: Session, *, actor: StaffMember, filters: ReportFilters | Mapping[str, Any]
) -> Generator[Progress, None, ComplicationReport]:
    """:func:`run_report` as a generator yielding ``(done, total, message)`` between its queries."""
    require(session, actor, Permission.view_reports)
    checked = make_filters(filters)
    summary.fold_dirty_days(session)  # speed only: days not folded are counted from the raw rows
    return (yield from iter_build_report(session, checked))


def check_output_path(path: str | os.PathLike[str], field: str = "path") -> Path:
    """The output file as a Path, after checking that it can be written.

    Raises ValidationError (``path``) when the folder does not exist, the path is a folder, or the folder
    or an existing file cannot be written.
    """
    text = str(path).strip() if path is not None else ""
    if not text:
        raise ValidationError.single(field, _("Choose a file to save the export to."))
    target = Path(text).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise ValidationError.single(field, _("The folder {folder} does not exist.").format(folder=folder))
    if not folder.is_dir():
        raise ValidationError.single(field, f"{folder} is not a folder.")
    if target.is_dir():
        raise ValidationError.single(field, f"{target} is a folder; choose a file name inside it.")
    if not os.access(folder, os.W_OK | os.X_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise ValidationError.single(field, _("Cannot write to {target}: permission denied.").format(target=target))
    return target


def _meta(session: Session, actor: StaffMember, include_names: bool) -> exporters.ExportMeta:
    profile = session.get(ClinicProfile, 1)
    return exporters.ExportMeta(
        made_at=utcnow(),
        made_by=actor.full_name,
        identified=include_names,
        clinic_name=printed_clinic_name(profile, messages.current_language()),  # the mark in the report's
        clinic_address=(profile.address if profile else "").replace("\n", ", "),
        clinic_phone=profile.phone if profile else "",
        brand_colour=profile.brand_colour if profile else "#2f6f8f",
        logo_png=profile.logo_png if profile else None,
        paper_size=(
            profile.paper_size.value if hasattr(profile.paper_size, "value") else str(profile.paper_size)
        )
        if profile
        else "A4",
        demo_mark=demo_mark(messages.current_language()) if profile is not None and profile.is_demo else "",
    )


def iter_export_report(
    session: Session,
    *,
    actor: StaffMember,
    filters: ReportFilters | Mapping[str, Any],
    fmt: ExportFormat | str,
    path: str | os.PathLike[str],
    include_names: bool = False,
) -> Generator[Progress, None, ExportResult]:
    """:func:`export_report` as a generator yielding ``(done, total, message)``; close it to cancel
    (nothing is written and nothing audited)."""
    require(session, actor, Permission.view_reports)
    if include_names:
        require(session, actor, Permission.export_identified)
    try:
        fmt = ExportFormat(fmt)
    except ValueError:
        raise ValidationError.single(
            "fmt", _("Unknown export format “{fmt}”: use csv, xlsx, pdf or listing.").format(fmt=fmt)
        ) from None
    checked = make_filters(filters)
    target = check_output_path(path)
    summary.fold_dirty_days(session)
    report = yield from iter_build_report(session, checked)
    line_list: list[LineListRow] = []
    if fmt is not ExportFormat.pdf:
        line_list = yield from iter_line_list(session, checked, identified=include_names)
    meta = _meta(session, actor, include_names)
    writer = {
        ExportFormat.csv: exporters.iter_export_csv,
        ExportFormat.xlsx: exporters.iter_export_xlsx,
        ExportFormat.pdf: exporters.iter_export_pdf,
        ExportFormat.listing: exporters.iter_export_line_listing,
    }[fmt]
    try:
        yield from writer(report, line_list, meta, target)
    except OSError as exc:
        raise ValidationError.single("path", os_error_message(exc, target)) from exc
    audit.record(
        session,
        actor=actor,
        action="report.export",
        entity="complication",
        details={
            "format": fmt.value,
            "include_names": include_names,
            "file": target.name,
            "period": [checked.date_from.isoformat(), checked.date_to.isoformat()],
            "filters": checked.model_dump(
                mode="json", exclude={"date_from", "date_to"}, exclude_defaults=True
            ),
            "complications": report.complications,
            "rows": len(line_list),
        },
    )
    session.commit()
    return ExportResult(path=target, fmt=fmt, rows=len(line_list), include_names=include_names, report=report)


def export_report(
    session: Session,
    *,
    actor: StaffMember,
    filters: ReportFilters | Mapping[str, Any],
    fmt: ExportFormat | str,
    path: str | os.PathLike[str],
    include_names: bool = False,
) -> ExportResult:
    """Build the report for ``filters`` and write it to ``path`` as ``fmt``; audited as ``report.export``.

    Requires ``view_reports``, and ``export_identified`` when ``include_names`` (names and dates of birth
    in the line list). Raises PermissionDenied; ValidationError for ``date_to`` before ``date_from``
    (``date_to``), an unknown format (``fmt``), a missing folder or an unwritable file (``path``). A period
    with no matching complication still writes a file stating why it is empty.
    """
    return drain(
        iter_export_report(
            session, actor=actor, filters=filters, fmt=fmt, path=path, include_names=include_names
        )
    )


@dataclass(frozen=True)
class FilterChoices:
    """Values for the report page's filter lists: treatments, practitioners (id, name), products, batches."""

    treatments: list[str]
    practitioners: list[tuple[int, str]]
    products: list[str]
    batches: list[tuple[str, str]]  # (product, batch number)


def filter_choices(session: Session, *, actor: StaffMember) -> FilterChoices:
    """Distinct treatments, practitioners with treatment sessions, products and batches (index scans)."""
    require(session, actor, Permission.view_reports)
    conn = session.connection()
    treatments = [
        t
        for (t,) in conn.execute(
            sa.select(TreatmentSession.treatment).distinct().order_by(TreatmentSession.treatment)
        )
    ]
    practitioner_ids = select(TreatmentSession.practitioner_id).distinct().scalar_subquery()
    practitioners = [
        (sid, name)
        for sid, name in conn.execute(
            sa.select(StaffMember.id, StaffMember.full_name)
            .where(StaffMember.id.in_(practitioner_ids))
            .order_by(StaffMember.full_name)
        )
    ]
    batches = [
        (p, b)
        for p, b in conn.execute(
            sa.select(ProductUse.product_name, ProductUse.batch_number)
            .distinct()
            .order_by(ProductUse.product_name, ProductUse.batch_number)
        )
    ]
    products = sorted({p for p, _ in batches}, key=str.casefold)
    return FilterChoices(
        treatments=treatments, practitioners=practitioners, products=products, batches=batches
    )


def default_filters(today: date) -> ReportFilters:
    """The report page's first filters: "Last 12 months", ending ``today`` (a local date)."""
    from clinic_desktop.services.report_periods import DEFAULT_PERIOD, period_dates

    start, end = period_dates(DEFAULT_PERIOD, today)
    return ReportFilters(date_from=start, date_to=end)
