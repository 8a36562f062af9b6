"""``clinic-desktop report complications``: the complication report, headless, for scheduled use.

    clinic-desktop report complications --from 2026-01-01 --to 2026-06-30 --format xlsx -o report.xlsx \\
        --user mona --password-stdin < password.txt

``--period last-month|last-quarter|last-12-months`` may replace ``--from``/``--to``. Filters:
``--treatment``, ``--practitioner USERNAME``, ``--product``, ``--batch``, ``--min-grade``, ``--outcome``,
``--serious-only``. ``--include-names`` puts patient names in the line list (managers and administrators;
recorded in the audit trail). Without ``-o`` the summary is printed. The acting staff member signs in with
``--user`` and a password read from standard input (``--password-stdin``) or asked for at the terminal.
Exit codes: 0 done (also for an empty report, whose reason is printed), 1 refused or bad input.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from clinic_desktop.commands.context import CommandContext
from clinic_desktop.services.messages import _, ngettext, number


def iso_date(text: str) -> date:
    """An argparse type: a YYYY-MM-DD date, refused with a message in the user's words (a badly written
    date, or one that does not exist such as 2026-02-30)."""
    from clinic_desktop.services.dates import parse_iso_date

    try:
        return parse_iso_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``report complications`` to the CLI."""
    p_report = sub.add_parser("report", help="complication reports (CSV, XLSX, PDF, regulator line listing)")
    report_sub = p_report.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    p = report_sub.add_parser("complications", help="complication rates and line list over a period")
    p.add_argument(
        "--from",
        dest="date_from",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="first day of the period (clinic's local date)",
    )
    p.add_argument(
        "--to",
        dest="date_to",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="last day of the period, inclusive",
    )
    p.add_argument(
        "--period",
        choices=["last-month", "last-quarter", "last-12-months"],
        help="a named period instead of --from/--to",
    )
    p.add_argument(
        "--format",
        dest="fmt",
        choices=["csv", "xlsx", "pdf", "listing"],
        default="xlsx",
        help="csv: line list; xlsx: summary + line list; pdf: summary + trend chart; "
        "listing: regulator line listing (XLSX if -o ends in .xlsx, else CSV)",
    )
    p.add_argument("-o", "--output", type=Path, help="file to write; without it the summary is printed")
    p.add_argument("--treatment", help="only this treatment (e.g. facial-mesotherapy)")
    p.add_argument("--practitioner", metavar="USERNAME", help="only this practitioner's treatment sessions")
    p.add_argument("--product", help="only treatment sessions that used this product")
    p.add_argument("--batch", help="only treatment sessions that used this batch (lot) number")
    p.add_argument("--min-grade", type=int, choices=range(1, 6), metavar="1-5", help="minimum severity grade")
    p.add_argument(
        "--outcome",
        choices=["resolved", "resolving", "not_resolved", "resolved_with_sequelae", "fatal", "unknown"],
    )
    p.add_argument("--serious-only", action="store_true", help="only serious complications")
    p.add_argument(
        "--include-names",
        action="store_true",
        help="put patient names and dates of birth in the line list (recorded in the audit trail)",
    )
    p.add_argument("--user", help="your user name (manager or administrator) (default: $CLINIC_DESKTOP_USER)")
    p.add_argument("--password-stdin", action="store_true", help="read your password from standard input")
    p.set_defaults(handler=_complications)


def _filters(args: argparse.Namespace, session: Any) -> dict[str, Any]:
    from sqlmodel import func, select

    from clinic_desktop.models import StaffMember
    from clinic_desktop.reporting.query import period_preset
    from clinic_desktop.services.clinic import today
    from clinic_desktop.services.errors import ValidationError

    values: dict[str, Any] = {}
    if args.period:
        if args.date_from or args.date_to:
            raise ValidationError.single("period", _("Give either --period or --from/--to, not both."))
        values["date_from"], values["date_to"] = period_preset(args.period.replace("-", "_"), today(session))
    else:
        if args.date_from is None or args.date_to is None:
            raise ValidationError.single(
                "date_from", _("Give the period: --from YYYY-MM-DD --to YYYY-MM-DD (or --period last-month).")
            )
        values["date_from"], values["date_to"] = args.date_from, args.date_to
    if args.practitioner:
        member = session.exec(
            select(StaffMember).where(func.lower(StaffMember.username) == args.practitioner.strip().lower())
        ).first()
        if member is None:
            raise ValidationError.single(
                "practitioner", _("No staff member has the user name “{user}”.").format(user=args.practitioner)
            )
        values["practitioner_id"] = member.id
    for key, attr in (
        ("treatment", "treatment"),
        ("product_name", "product"),
        ("batch_number", "batch"),
        ("min_grade", "min_grade"),
        ("outcome", "outcome"),
    ):
        if getattr(args, attr) is not None:
            values[key] = getattr(args, attr)
    values["serious_only"] = args.serious_only
    return values


def _complications(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.reporting.exporters import signal_text, summary_figures
    from clinic_desktop.services import reports

    actor = ctx.sign_in(args.user, password_stdin=args.password_stdin, purpose="report")
    with ctx.session() as session:
        filters = _filters(args, session)
        if args.output:
            result = reports.export_report(
                session,
                actor=actor,
                filters=filters,
                fmt=args.fmt,
                path=args.output,
                include_names=args.include_names,
            )
            report = result.report
            sessions = ngettext("{n} treatment session", "{n} treatment sessions", report.treatment_sessions)
            complications = ngettext("{n} complication", "{n} complications", report.complications)
            wrote = (_("Wrote {path} ({format}, with patient names): {sessions}, {complications}.")
                     if result.include_names else
                     _("Wrote {path} ({format}, de-identified): {sessions}, {complications}."))
            print(wrote.format(path=result.path, format=args.fmt,
                               sessions=sessions.format(n=number(report.treatment_sessions)),
                               complications=complications.format(n=number(report.complications))))
        else:
            report = reports.run_report(session, actor=actor, filters=filters)
            for label, value in report.filter_labels:
                print(_("{label}: {value}").format(label=label, value=value))
            for label, value in summary_figures(report):
                print(_("{label}: {value}").format(label=_(label), value=value))
        if report.empty_reason:
            print(report.empty_reason)
        for b in report.batch_signals:
            print(_("BATCH SIGNAL {product} — {batch}: {signal}").format(
                product=b.product_name, batch=b.batch_number, signal=signal_text(b)))
    return 0
