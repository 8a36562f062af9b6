"""``clinic-desktop demo`` (fill a demo clinic) and ``clinic-desktop recall BATCH`` (who got this batch).

``demo [--password PW | --password-stdin] [--seed N]``: a Toronto clinic with staff, ~30 patients and
months of history (see :mod:`clinic_desktop.services.demo`), only into a new, empty database (refused,
exit 1, when it holds any staff or patient); the database is marked as a demo. Without a password the demo
accounts have none; there is no default password.

``recall BATCH [--product NAME] [-o FILE.csv] --user NAME [--password-stdin]``: every patient treated with
the batch, with phone and date; printed as a table, or written as CSV with ``-o`` (identified data:
managers and administrators). Exit codes: 0 done, 1 refused.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from clinic_desktop.commands.context import CommandContext
from clinic_desktop.services.messages import _, ngettext


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``demo`` and ``recall`` to the CLI."""
    p_demo = sub.add_parser("demo", help="fill the database with a demo clinic (staff, patients, months of history)")
    group = p_demo.add_mutually_exclusive_group()
    group.add_argument("--password", metavar="PW", help="password for every demo account (at least 8 characters)")
    group.add_argument("--password-stdin", action="store_true", help="read that password from standard input")
    p_demo.add_argument("--seed", type=int, default=None, help="random seed (same seed, same clinic)")
    p_demo.add_argument("--no-sheets", action="store_true", help="do not print today's aftercare sheets")
    p_demo.set_defaults(handler=_demo, creates_database=True)

    p_recall = sub.add_parser("recall", help="every patient treated with a product batch (lot)")
    p_recall.add_argument("batch", help="the batch (lot) number, any case")
    p_recall.add_argument("--product", default="", help="only this product (when two share a lot code)")
    p_recall.add_argument("-o", "--output", type=Path, help="write CSV here instead of printing a table")
    p_recall.add_argument("--user", help="your user name (practitioner, manager or administrator; "
                                         "default: $CLINIC_DESKTOP_USER)")
    p_recall.add_argument("--password-stdin", action="store_true", help="read your password from standard input")
    p_recall.set_defaults(handler=_recall)


def _read_password(from_stdin: bool, prompt: str) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return getpass.getpass(prompt)


def _demo(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services import demo

    password = args.password
    if args.password_stdin:
        password = _read_password(True, "")
    with ctx.session() as session:
        summary = demo.create_demo_clinic(
            session, password=password, seed=args.seed if args.seed is not None else demo.DEMO_SEED,
            with_sheets=not args.no_sheets, progress=lambda step: print("  … " + _(step), file=sys.stderr))
    from clinic_desktop.services.followups import STATUS_LABELS

    # each count a whole phrase in its plural ("1 complication", "53 complications"; French "1 saisie")
    states = ", ".join(_("{state}: {n}").format(state=_(STATUS_LABELS.get(state, state)).lower(), n=n)
                       for state, n in sorted(summary.follow_ups.items()))
    counts = [
        ngettext("{n} staff member", "{n} staff members", summary.staff),
        ngettext("{n} patient", "{n} patients", summary.patients),
        ngettext("{n} treatment session", "{n} treatment sessions", summary.treatment_sessions),
        ngettext("{n} complication", "{n} complications", summary.complications),
        ngettext("{n} amended", "{n} amended", summary.amended),
        ngettext("{n} entered in error", "{n} entered in error", summary.entered_in_error),
        ngettext("{n} aftercare sheet printed today", "{n} aftercare sheets printed today", summary.issuances),
    ]
    numbers = (summary.staff, summary.patients, summary.treatment_sessions, summary.complications,
               summary.amended, summary.entered_in_error, summary.issuances)
    staff, patients, sessions, complications, amended, in_error, sheets = (
        phrase.format(n=n) for phrase, n in zip(counts, numbers, strict=True))
    print(_("Demo clinic ready: {staff}, {patients}, {sessions}, {complications} ({amended}, {in_error}), "
            "{sheets}.").format(staff=staff, patients=patients, sessions=sessions, complications=complications,
                                amended=amended, in_error=in_error, sheets=sheets))
    print(_("Follow-ups: {states}.").format(states=states))
    from clinic_desktop.commands.security import _role

    users = ", ".join(f"{u} ({_role(r.value)})" for _n, u, r in demo.STAFF)
    if summary.passwords_set:
        print(_("Demo accounts (all with the password you gave): {users}.").format(users=users))
    else:
        print(_("Demo accounts: {users}. They have NO password yet, so nobody can sign in with them: an "
                "administrator must set one for each, or create the demo in an empty database with "
                "--password.").format(users=users))
    return 0


def _recall(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services import recall

    actor = ctx.sign_in(args.user, password_stdin=args.password_stdin, purpose="recall")
    with ctx.session() as session:
        if args.output:
            rows, path = recall.export_recall_csv(session, actor=actor, batch_number=args.batch,
                                                  product_name=args.product, path=args.output)
            print(ngettext("{n} product use of batch {batch} written to {path}.",
                           "{n} product uses of batch {batch} written to {path}.", len(rows))
                  .format(n=len(rows), batch=args.batch.strip(), path=path))
            return 0
        rows = recall.batch_recall(session, actor=actor, batch_number=args.batch, product_name=args.product)
    if not rows:
        print(_("No patient was treated with batch {batch}.").format(batch=args.batch.strip()))
        return 0
    patients = len({r.patient_id for r in rows})
    print(_("Batch {batch}: {uses}, {patients}.").format(
        batch=rows[0].batch_number,
        uses=ngettext("{n} product use", "{n} product uses", len(rows)).format(n=len(rows)),
        patients=ngettext("{n} patient", "{n} patients", patients).format(n=patients)))
    for r in rows:
        flag = ("  [" + ngettext("{n} complication", "{n} complications", r.complications)
                .format(n=r.complications) + "]") if r.complications else ""
        print(f"{r.treatment_date}  {r.patient_name:<32} {r.phone:<18} {r.product_name} ({r.batch_number}), "
              f"{r.practitioner}{flag}")
    return 0
