"""``clinic-desktop patient-file`` and ``clinic-desktop photos verify``.

The complete patient file for an insurer or regulator, as one PDF:

    clinic-desktop patient-file --patient 42 -o file.pdf --user mona --password-stdin < password.txt
    clinic-desktop patient-file --patient 42 -o file.pdf --deidentified --user mona

``--deidentified`` gives initials, age and the local number instead of name and birth date, with no
photographs and no sheets attached. ``--complication ID`` names the complication the file concerns.
``--include-photos`` prints the photographs, faces included (a manager's choice, recorded in the audit
trail). Exit codes: 0 written, 1 refused or bad input.

    clinic-desktop photos verify [--patient ID]

recomputes the SHA-256 of every stored photo (or one patient's) and compares it with the record;
exit 0 when all match, 1 otherwise (the changed or missing photos are named).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from clinic_desktop.commands.context import CommandContext, add_sign_in_arguments
from clinic_desktop.services.messages import _, ngettext


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``patient-file`` to the CLI."""
    p = sub.add_parser("patient-file", help="one PDF with a patient's complete file (insurer / regulator)")
    p.add_argument("--patient", type=int, required=True, metavar="ID", help="the patient's number")
    p.add_argument("-o", "--output", type=Path, required=True, help="the PDF file to write")
    p.add_argument("--complication", type=int, metavar="ID", help="the complication the file concerns")
    variant = p.add_mutually_exclusive_group()
    variant.add_argument(
        "--deidentified",
        action="store_true",
        help="initials, age and local number only; no photographs, no sheets attached",
    )
    variant.add_argument(
        "--include-photos",
        action="store_true",
        help="print the photographs, faces included (managers; recorded in the audit trail)",
    )
    add_sign_in_arguments(p)
    p.set_defaults(handler=_patient_file, creates_database=False)
    p_photos = sub.add_parser("photos", help="clinical photos: integrity check")
    photos_sub = p_photos.add_subparsers(dest="photos_command", metavar="ACTION", required=True)
    v = photos_sub.add_parser(
        "verify", help="recompute every stored photo's SHA-256 and compare with the record"
    )
    v.add_argument("--patient", type=int, metavar="ID", help="only this patient's photos")
    v.set_defaults(handler=_verify_photos, creates_database=False)


def _patient_file(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services.patient_file import write_patient_file

    ctx.may_create = False
    actor = ctx.sign_in(args.user, password_stdin=args.password_stdin, purpose="patient-file")
    with ctx.session() as session:
        result = write_patient_file(
            session,
            actor=actor,
            patient_id=args.patient,
            out_path=args.output,
            complication_id=args.complication,
            deidentified=args.deidentified,
            include_photos=args.include_photos,
        )
    pages = ngettext("{n} page", "{n} pages", result.pages).format(n=result.pages)
    sheets = ngettext("{n} aftercare sheet attached", "{n} aftercare sheets attached",
                      result.sheets_attached).format(n=result.sheets_attached)
    photos = ngettext("{n} photo printed", "{n} photos printed", result.photos_printed).format(
        n=result.photos_printed)
    trail = _("audit trail intact") if result.audit_chain_ok else _("audit trail BROKEN")
    print(_("Wrote {path}: {pages}; {sheets}, {matching} of {total} identical to the recorded hash; "
            "{photos}; {trail}.").format(path=result.path, pages=pages, sheets=sheets,
                                         matching=result.sheets_matching, total=result.sheets_total,
                                         photos=photos, trail=trail))
    return 0


def _verify_photos(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services.photos import verify_photos

    ctx.may_create = False
    with ctx.session() as session:
        check = verify_photos(session, patient_id=args.patient)
    print(check.message)
    return 0 if check.ok else 1
