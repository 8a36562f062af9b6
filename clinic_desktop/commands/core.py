"""Core commands: ``aftercare`` (render a sheet headless) and ``protocols`` (list, check, approve)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from clinic_desktop.commands.context import CommandContext, add_sign_in_arguments, resolve_username
from clinic_desktop.models import IssuanceAction, TreatmentSession
from clinic_desktop.services.messages import _
from clinic_desktop.services.errors import NotFound

ENV_USER = "CLINIC_DESKTOP_USER"


def _username(args: argparse.Namespace) -> str:
    """``--user``, else ``$CLINIC_DESKTOP_USER``, else asked for at the terminal."""
    name = args.user or os.environ.get(ENV_USER, "").strip()
    if not name and sys.stdin.isatty():
        name = input(_("User name: ")).strip()
    return resolve_username(name)


def _aftercare(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services import checkout

    actor = ctx.sign_in(_username(args), password_stdin=args.password_stdin, purpose="aftercare")
    with ctx.session() as session:
        if session.get(TreatmentSession, args.session) is None:
            raise NotFound(_("There is no treatment session number {session}.").format(session=args.session))
        if args.reprint:
            result = checkout.reprint(session, actor=actor, issuance_id=args.reprint)
            checkout.write_pdf(result.pdf, Path(args.output))
            message = (
                _("Reprinted issuance {number} to {output}: identical to the original (SHA-256 {sha}…).")
                if result.identical
                else _("Reprinted issuance {number} to {output}: DIFFERENT from the original (SHA-256 {sha}…).")
            )
            print(message.format(number=args.reprint, output=args.output, sha=result.issuance.pdf_sha256[:16]))
            return 0
        issuance, path = checkout.save_sheet(
            session, actor=actor, treatment_session_id=args.session, path=Path(args.output),
            language=args.language, large_print=True if args.large_print else None,
        )
        assert issuance.action == IssuanceAction.saved
        print(_("Saved the aftercare sheet to {path} (issuance {id}, {language}, protocol {protocol} v{version}).").format(
            path=path, id=issuance.id, language=issuance.language, protocol=issuance.protocol_id,
            version=issuance.protocol_version))
        from clinic_desktop.services.protocols import current_protocol, draft_warning

        used = [current_protocol(pid, issuance.language) for pid in issuance.protocol_id.split(",") if pid]
        warning = draft_warning(session, used)
        if warning:
            print(_("Warning: {warning}").format(warning=warning), file=sys.stderr)
        from clinic_desktop.aftercare.sheet_inputs import SheetInputs
        from clinic_desktop.services.checkout import unprintable_warnings

        for warning in unprintable_warnings(SheetInputs.model_validate(issuance.sheet_inputs)):
            print(_("Warning: {warning}").format(warning=warning), file=sys.stderr)
    return 0


def _protocols_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services.protocols import bundled_protocols, is_approved

    with ctx.session() as session:
        approved = {key: is_approved(session, b) for key, b in bundled_protocols().items()}
    for (pid, lang), bundled in sorted(bundled_protocols().items()):
        state = _("approved") if approved[(pid, lang)] else _("DRAFT (needs approval)")
        print(f"{pid:<24} {lang:<3} v{bundled.protocol.version:<8} {state:<24} {bundled.path.name}")
    return 0


def _protocols_check(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop import paths
    from clinic_desktop.aftercare.protocol import check_protocols

    directory = Path(args.dir) if args.dir else paths.protocols_dir()
    findings = check_protocols(directory)
    errors = [f for f in findings if f.level == "error"]
    for finding in findings:
        level = _("ERROR") if finding.level == "error" else _("WARNING")
        where = f"{finding.file}: {finding.field}" if finding.field else finding.file  # "": the whole file
        print(f"{level:<8} {where}: {finding.message}")
    if not findings:
        print(_("All protocols in {directory} passed their checks.").format(directory=directory))
    else:
        print(_("{errors} error(s), {warnings} warning(s).").format(
            errors=len(errors), warnings=len(findings) - len(errors)), file=sys.stderr)
    return 1 if errors else 0


def _protocols_approve(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services.protocols import approve_protocol

    actor = ctx.sign_in(args.user, password_stdin=args.password_stdin, purpose="approve protocol")
    with ctx.session() as session:
        rows = approve_protocol(session, actor=actor, protocol_id=args.protocol_id)
        print(_("Approved {protocol_id} v{version} ({languages}) as {name}.").format(
            protocol_id=args.protocol_id, version=rows[0].version, languages=", ".join(r.language for r in rows),
            name=actor.full_name))
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``aftercare`` and ``protocols`` to the CLI."""
    p = sub.add_parser("aftercare", help="render a treatment session's aftercare sheet to a PDF, headless")
    p.add_argument("--session", type=int, required=True, metavar="ID", help="treatment session id")
    p.add_argument("-o", "--output", required=True, metavar="PDF", help="where to write the sheet")
    p.add_argument("--language", help="sheet language (default: the patient's preferred language)")
    p.add_argument("--large-print", action="store_true", help="large print (18 pt) variant")
    add_sign_in_arguments(p, required=False)  # --user defaults to $CLINIC_DESKTOP_USER, else asked
    p.add_argument("--reprint", type=int, metavar="ISSUANCE", help="re-print an earlier issuance exactly")
    p.set_defaults(handler=_aftercare)

    p = sub.add_parser("protocols", help="list, check or approve aftercare protocols")
    psub = p.add_subparsers(dest="protocols_command", metavar="ACTION", required=True)
    q = psub.add_parser("list", help="list the bundled protocols")
    q.set_defaults(handler=_protocols_list)
    q = psub.add_parser("check", help="check every protocol file; exit 1 on errors")
    q.add_argument("--dir", help="folder of protocol files (default: the bundled ones)")
    q.set_defaults(handler=_protocols_check)
    q = psub.add_parser("approve", help="approve a protocol's current version (managers)")
    q.add_argument("protocol_id")
    add_sign_in_arguments(q)
    q.set_defaults(handler=_protocols_approve)
