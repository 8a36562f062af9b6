"""Correction commands: ``patients edit``, ``sessions show / correct / entered-in-error`` and
``products list / merge`` (the catalogue).

They call the same services as the window (services.corrections), so every change is kept field by field
with its reason and audited; only the options given change anything.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime

from clinic_desktop.commands.context import CommandContext, add_sign_in_arguments
from clinic_desktop.models import SEX_CODES as SEX_CHOICES  # the form's choices
from clinic_desktop.services.errors import NotFound, ValidationError
from clinic_desktop.services.messages import _, ngettext


def _yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in ("yes", "y", "true", "1", "on", "oui", "o"):
        return True
    if value in ("no", "n", "false", "0", "off", "non"):
        return False
    raise argparse.ArgumentTypeError(_("say yes or no, not “{text}”").format(text=text))


def _day(text: str) -> date:
    """An argparse type: a YYYY-MM-DD date; a badly written one or one that does not exist (2026-02-30) is
    refused in the user's words (exit code 2)."""
    from clinic_desktop.services.dates import parse_iso_date

    try:
        return parse_iso_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None




def _sex(text: str) -> str:
    """An argparse type for ``--sex``: a code of the form's choices (case-blind), or ``none`` ("" is
    stored: not recorded); anything else is refused with the choices (exit code 2)."""
    from clinic_desktop.services.patients import SEXES

    value = text.strip().casefold().replace("-", "_").replace(" ", "_")
    if value in ("none", "not_recorded"):
        return ""
    if value not in SEXES:
        raise argparse.ArgumentTypeError(_("“{typed}” is not one of the choices: {choices}.").format(
            typed=text, choices=", ".join([*SEXES, "none"])))
    return value


def _field_count(session, rows: list[tuple[str, int]]) -> int:  # noqa: ANN001
    """How many fields of these (table, row id) rows have been corrected so far."""
    from clinic_desktop.services import corrections

    return sum(
        len(c.changes) for table, row_id in rows for c in corrections.row_corrections(session, table, row_id)
    )


def _report(changes: int, what: str) -> None:
    """Print how many fields of ``what`` (already translated: "Patient 3 (Zoé Roy)") were corrected."""
    if changes:
        print(_("{what}: {n} field(s) corrected; the old values are kept in the history.")
              .format(what=what, n=changes))
    else:
        print(_("{what}: nothing to change.").format(what=what))


def _patients_edit(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services import corrections
    from clinic_desktop.services.patients import PatientCreate, get_patient

    actor = ctx.sign_in(args.user, password_stdin=args.password_stdin, purpose="patients edit")
    with ctx.session() as session:
        p = get_patient(session, args.patient_id)
        given = {
            "given_names": args.given_names,
            "family_name": args.family_name,
            "date_of_birth": args.born,
            "sex": args.sex,
            "phone": args.phone,
            "email": args.email,
            "preferred_language": args.language,
            "large_print": args.large_print,
            "notes": args.notes,
        }
        data = {k: getattr(p, k) for k in corrections.PATIENT_FIELDS}
        data.update({k: v for k, v in given.items() if v is not None})
        before = _field_count(session, [("patient", p.id)])  # type: ignore[list-item]
        row = corrections.edit_patient(
            session,
            actor=actor,
            patient_id=p.id,
            data=PatientCreate(**data),  # type: ignore[arg-type]
            reason=args.reason or "",
        )
        _report(
            _field_count(session, [("patient", row.id)]) - before,  # type: ignore[list-item]
            _("Patient {id} ({name})").format(id=row.id, name=row.display_name),
        )
    return 0


def _patients_merge(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services import corrections

    actor = ctx.sign_in(args.user, password_stdin=args.password_stdin, purpose="patients merge")
    with ctx.session() as session:
        kept = corrections.merge_patients(
            session, actor=actor, keep_id=args.keep_id, merge_id=args.merge_id, reason=args.reason or ""
        )
        print(_("Patient {merged} merged into {kept} ({name}); it is archived with a pointer, and both "
                "histories show the merge.").format(merged=args.merge_id, kept=kept.id, name=kept.display_name))
    return 0


def _local_time(text: str, session) -> datetime:  # noqa: ANN001
    from clinic_desktop.services.clinic import clinic_zone

    from clinic_desktop.services.dates import parse_iso_minute

    try:
        naive = parse_iso_minute(text)
    except ValueError as exc:
        raise ValidationError.single("performed_at", str(exc)) from None
    return naive.replace(tzinfo=clinic_zone(session)) if naive.tzinfo is None else naive


def _sessions_correct(args: argparse.Namespace, ctx: CommandContext) -> int:
    from sqlmodel import select

    from clinic_desktop.models import StaffMember
    from clinic_desktop.services import corrections, treatments

    actor = ctx.sign_in(args.user, password_stdin=args.password_stdin, purpose="sessions correct")
    with ctx.session() as session:
        ts = treatments.get_treatment_session(session, args.treatment_session_id)
        practitioner_id = ts.practitioner_id
        if args.practitioner:
            member = session.exec(
                select(StaffMember).where(StaffMember.username == args.practitioner)
            ).first()
            if member is None:
                raise NotFound(_("There is no staff member with the user name “{user}”.").format(user=args.practitioner))
            practitioner_id = member.id  # type: ignore[assignment]
        products = {}
        product_fields = (args.product, args.batch, args.expiry, args.dose, args.unit)
        if args.product_use is not None:
            use = next((u for u in treatments.product_uses(session, ts.id) if u.id == args.product_use), None)  # type: ignore[arg-type]
            if use is None:
                raise NotFound(_("Treatment session {id} has no product use number {use}.").format(
                    id=ts.id, use=args.product_use))
            products[use.id] = corrections.ProductUseCorrection(
                product_name=args.product if args.product is not None else use.product_name,
                batch_number=args.batch if args.batch is not None else use.batch_number,
                expiry_date=args.expiry if args.expiry is not None else use.expiry_date,
                quantity=args.dose if args.dose is not None else use.quantity,
                unit=args.unit if args.unit is not None else use.unit,
            )
        elif any(v is not None for v in product_fields):
            raise ValidationError.single(
                "product_use",
                _("Name the product use to correct with --product-use ID (its number is in `sessions show`'s "
                  "list)."),
            )
        data = corrections.TreatmentSessionCorrection(
            practitioner_id=practitioner_id,
            treatment=args.treatment or ts.treatment,
            performed_at=_local_time(args.time, session) if args.time else ts.performed_at,  # type: ignore[arg-type]
            areas=args.areas if args.areas is not None else ts.areas,
            notes=args.notes if args.notes is not None else ts.notes,
            products=products,
        )
        rows = [("treatment_session", ts.id), *[("product_use", k) for k in products]]
        before = _field_count(session, rows)  # type: ignore[arg-type]
        corrections.correct_treatment_session(
            session,
            actor=actor,
            treatment_session_id=ts.id,  # type: ignore[arg-type]
            data=data,
            reason=args.reason or "",
        )
        _report(_field_count(session, rows) - before, _("Treatment session {id}").format(id=ts.id))  # type: ignore[arg-type]
    return 0


def _sessions_show(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services import corrections, treatments
    from clinic_desktop.services.clinic import clinic_zone
    from clinic_desktop.services.messages import number, numeric_datetime
    from clinic_desktop.services.protocols import treatment_name

    ctx.sign_in(args.user, password_stdin=args.password_stdin, purpose="sessions show")
    with ctx.session() as session:
        ts = treatments.get_treatment_session(session, args.treatment_session_id)
        local = ts.performed_at.astimezone(clinic_zone(session))  # type: ignore[union-attr]
        line = _("Treatment session {id}: {treatment} at {time}; areas: {areas}").format(
            id=ts.id, treatment=treatment_name(ts.treatment), time=numeric_datetime(local), areas=ts.areas or "—")
        if ts.entered_in_error:
            line = _("{line} — ENTERED IN ERROR: {reason}").format(line=line, reason=ts.error_reason)
        print(line)
        for use in treatments.product_uses(session, ts.id):  # type: ignore[arg-type]
            dose = f"{number(use.quantity)} {use.unit}" if use.quantity else "—"
            expiry = use.expiry_date.isoformat() if use.expiry_date else "—"
            print("  " + _("product use {id}: {product}, batch {batch}, expires {expiry}, dose {dose}").format(
                id=use.id, product=use.product_name, batch=use.batch_number, expiry=expiry, dose=dose))
        for table, row_id in [
            ("treatment_session", ts.id),
            *[("product_use", u.id) for u in treatments.product_uses(session, ts.id)],
        ]:  # type: ignore[arg-type]
            for fix in corrections.row_corrections(session, table, row_id):  # type: ignore[arg-type]
                text = (_("corrected {time} by {who}: {summary} — reason: {reason}") if fix.reason
                        else _("corrected {time} by {who}: {summary}"))
                print("  " + text.format(time=numeric_datetime(fix.changed_at) + " UTC",
                                         who=fix.changed_by, summary=fix.summary, reason=fix.reason))
    return 0


def _sessions_in_error(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services import corrections

    actor = ctx.sign_in(args.user, password_stdin=args.password_stdin, purpose="sessions entered-in-error")
    with ctx.session() as session:
        row = corrections.mark_treatment_session_entered_in_error(
            session, actor=actor, treatment_session_id=args.treatment_session_id, reason=args.reason or ""
        )
        print(_("Treatment session {id} marked as entered in error; it stays in the patient's history.").format(
            id=row.id))
    return 0


def _uses(n: int) -> str:
    return ngettext("{n} use", "{n} uses", n).format(n=n)


def _kind(kind: str) -> str:
    return {"medicine": _("medicine"), "device": _("device")}.get(kind, kind)


def _products_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services import catalogue

    ctx.sign_in(args.user, password_stdin=args.password_stdin, purpose="products list")
    with ctx.session() as session:
        rows = catalogue.list_products(session, include_merged=args.all)
        for r in rows:
            merged = "  " + _("(merged into {id})").format(id=r.merged_into) if r.merged_into else ""
            print(f"{r.id:>5}  {r.name:<40} {_kind(r.kind.value):<9} {r.unit:<8} "
                  + _("{batches:>4} batch(es) {uses:>6} use(s)").format(batches=r.batches, uses=r.uses) + merged)
        near = catalogue.near_duplicates(session)
        if near:
            print("\n" + _("Possibly the same product (a manager may merge them with "
                          "`products merge KEEP_ID MERGE_ID`):"))
            for m in near:
                print(
                    f"  {m.first.id:>5} “{m.first.name}” ({_uses(m.first.uses)})  ~  "
                    f"{m.second.id:>5} “{m.second.name}” ({_uses(m.second.uses)})"
                )
    return 0


def _products_edit(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services import catalogue

    actor = ctx.sign_in(args.user, password_stdin=args.password_stdin, purpose="products edit")
    with ctx.session() as session:
        p = catalogue.update_product(session, actor=actor, product_id=args.product_id, name=args.name,
                                     manufacturer=args.manufacturer, kind=args.kind, unit=args.unit)
        print(_("Product {id}: {name}, {manufacturer}, {kind}, {unit}").format(
            id=p.id, name=p.name, manufacturer=p.manufacturer or _("manufacturer not recorded"),
            kind=_kind(p.kind.value), unit=p.unit))
    return 0


def _products_merge(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services import catalogue

    actor = ctx.sign_in(args.user, password_stdin=args.password_stdin, purpose="products merge")
    with ctx.session() as session:
        kept = catalogue.merge_products(
            session, actor=actor, keep_id=args.keep_id, merge_id=args.merge_id, reason=args.reason or ""
        )
        [row] = [r for r in catalogue.list_products(session) if r.id == kept.id]
        print(_("Merged product {merged} into {kept} “{name}”: now {batches} batch(es), {uses} use(s); the old "
                "spellings are kept in the history.").format(
            merged=args.merge_id, kept=kept.id, name=kept.name, batches=row.batches, uses=row.uses))
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``patients edit`` and ``sessions correct / show / entered-in-error`` to the CLI."""
    p = sub.add_parser("patients", help="correct a patient's details (kept in the history)")
    psub = p.add_subparsers(dest="patients_command", metavar="ACTION", required=True)
    q = psub.add_parser("edit", help="change the fields given; a reason is needed except for contact details")
    q.add_argument("patient_id", type=int, metavar="PATIENT_ID")
    q.add_argument("--given-names")
    q.add_argument("--family-name")
    q.add_argument("--born", type=_day, metavar="YYYY-MM-DD", help="date of birth")
    q.add_argument("--sex", type=_sex, metavar="|".join([*SEX_CHOICES, "none"]),
                   help="one of the form's choices; none: not recorded")
    q.add_argument("--phone")
    q.add_argument("--email")
    q.add_argument("--language", help="sheet language code, e.g. en or fr")
    q.add_argument("--large-print", type=_yes_no, metavar="yes|no")
    q.add_argument("--notes")
    q.add_argument("--reason", help="why (needed for names, date of birth, sex and notes)")
    add_sign_in_arguments(q)
    q.set_defaults(handler=_patients_edit)
    q = psub.add_parser("merge", help="merge duplicate MERGE_ID into KEEP_ID (managers)")
    q.add_argument("keep_id", type=int, metavar="KEEP_ID")
    q.add_argument("merge_id", type=int, metavar="MERGE_ID")
    q.add_argument("--reason", required=True)
    add_sign_in_arguments(q)
    q.set_defaults(handler=_patients_merge)

    p = sub.add_parser("sessions", help="show or correct a treatment session (kept in the history)")
    ssub = p.add_subparsers(dest="sessions_command", metavar="ACTION", required=True)
    q = ssub.add_parser("show", help="a treatment session, its product uses and its corrections")
    q.add_argument("treatment_session_id", type=int, metavar="SESSION_ID")
    add_sign_in_arguments(q)
    q.set_defaults(handler=_sessions_show)
    q = ssub.add_parser("correct", help="change the fields given, with a reason")
    q.add_argument("treatment_session_id", type=int, metavar="SESSION_ID")
    q.add_argument("--time", metavar="'YYYY-MM-DD HH:MM'", help="when it was performed, clinic time")
    q.add_argument("--practitioner", metavar="USERNAME")
    q.add_argument("--treatment", metavar="PROTOCOL_ID", help="e.g. facial-mesotherapy")
    q.add_argument("--areas")
    q.add_argument("--notes")
    q.add_argument(
        "--product-use", type=int, metavar="ID", help="the product use to correct (see `sessions show`)"
    )
    q.add_argument("--product")
    q.add_argument("--batch")
    q.add_argument("--expiry", type=_day, metavar="YYYY-MM-DD")
    q.add_argument("--dose", type=float)
    q.add_argument("--unit")
    q.add_argument("--reason", required=True)
    add_sign_in_arguments(q)
    q.set_defaults(handler=_sessions_correct)
    q = ssub.add_parser(
        "entered-in-error", help="mark a treatment session as recorded by mistake (kept, marked)"
    )
    q.add_argument("treatment_session_id", type=int, metavar="SESSION_ID")
    q.add_argument("--reason", required=True)
    add_sign_in_arguments(q)
    q.set_defaults(handler=_sessions_in_error)

    p = sub.add_parser("products", help="the product and batch catalogue: list, merge two spellings")
    ksub = p.add_subparsers(dest="products_command", metavar="ACTION", required=True)
    q = ksub.add_parser("list", help="every product with its batches and uses, then possible duplicates")
    q.add_argument("--all", action="store_true", help="include products merged into another")
    add_sign_in_arguments(q)
    q.set_defaults(handler=_products_list)
    q = ksub.add_parser("edit", help="a product's name, manufacturer, kind or unit (managers)")
    q.add_argument("product_id", type=int, metavar="PRODUCT_ID")
    q.add_argument("--name")
    q.add_argument("--manufacturer")
    q.add_argument("--kind", choices=["medicine", "device"])
    q.add_argument("--unit")
    add_sign_in_arguments(q)
    q.set_defaults(handler=_products_edit)
    q = ksub.add_parser("merge", help="merge product MERGE_ID into KEEP_ID (managers)")
    q.add_argument("keep_id", type=int, metavar="KEEP_ID")
    q.add_argument("merge_id", type=int, metavar="MERGE_ID")
    q.add_argument("--reason")
    add_sign_in_arguments(q)
    q.set_defaults(handler=_products_merge)
