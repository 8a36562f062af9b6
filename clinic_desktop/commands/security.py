"""Security commands: ``audit verify``, ``backup`` / ``backup list``, ``restore``, ``staff add`` / ``list`` /
``password`` (your own) / ``rename``.

Commands that act for a person (``restore``, ``staff …``, ``backup --user``) sign that person in: the
password is asked with a hidden prompt, or read from the first line of standard input with
``--password-stdin`` (for ``staff add`` the next line is the new person's password). Exit codes: 0 done,
1 refused (wrong password, not allowed, bad file, broken audit trail).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from clinic_desktop.commands.context import ENV_USER, CommandContext, PasswordSource
from clinic_desktop.models import Role, StaffMember
from clinic_desktop.services.messages import N_, _, ngettext, number


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``audit``, ``backup``, ``restore`` and ``staff`` to the CLI."""
    p_audit = sub.add_parser("audit", help="check the audit trail")
    audit_sub = p_audit.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    p_verify = audit_sub.add_parser("verify", help="check that no audit entry was changed or removed")
    p_verify.add_argument("--records", action="store_true",
                          help="also check that complications, product uses, issuances and staff roles still "
                               "match their last audit entry")
    p_verify.set_defaults(handler=_audit_verify)

    p_backup = sub.add_parser("backup", help="back up the database now (or list backups)")
    p_backup.add_argument("--reason", default="command-line", help="a word saved in the backup's file name")
    p_backup.add_argument(
        "--user", help="administrator to record as the person backing up (asks the password)"
    )
    p_backup.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    p_backup.set_defaults(handler=_backup)
    backup_sub = p_backup.add_subparsers(dest="backup_action", metavar="ACTION")
    p_list = backup_sub.add_parser("list", help="list backups, newest first")
    p_list.set_defaults(handler=_backup_list)

    p_restore = sub.add_parser(
        "restore", help="replace the data with a backup (the current data is backed up first)"
    )
    p_restore.add_argument("path", type=Path, help="the backup file to restore")
    p_restore.add_argument("--user", help="an administrator's user name (default: $CLINIC_DESKTOP_USER)")
    p_restore.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    p_restore.add_argument(
        "--other-clinic", action="store_true",
        help="confirm restoring a backup that belongs to another clinic (it replaces this clinic's records)",
    )
    p_restore.set_defaults(handler=_restore)

    p_staff = sub.add_parser("staff", help="staff accounts (administrators)")
    staff_sub = p_staff.add_subparsers(dest="staff_action", metavar="ACTION", required=True)
    p_add = staff_sub.add_parser(
        "add", help="add a staff member (with no administrator yet, creates the first administrator)"
    )
    p_add.add_argument("--user", help="your administrator user name (not needed for the first administrator)")
    p_add.add_argument("--full-name", required=True, help="the new person's name as shown on records")
    p_add.add_argument("--username", required=True, help="the new person's user name")
    p_add.add_argument("--role", choices=[r.value for r in Role], default=Role.receptionist.value)
    p_add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read passwords from standard input: yours (unless first administrator), then the new one",
    )
    p_add.set_defaults(handler=_staff_add, creates_database=True)  # the first administrator
    p_slist = staff_sub.add_parser("list", help="list staff accounts")
    p_slist.add_argument("--user", help="your administrator user name (default: $CLINIC_DESKTOP_USER)")
    p_slist.add_argument("--password-stdin", action="store_true")
    p_slist.set_defaults(handler=_staff_list)
    p_pw = staff_sub.add_parser("password", help="change your own password (asks the current one, then the new)")
    p_pw.add_argument("--user", required=True, help="your user name")
    p_pw.add_argument("--password-stdin", action="store_true",
                      help="read from standard input: the current password, then the new one")
    p_pw.set_defaults(handler=_staff_password)
    p_rename = staff_sub.add_parser("rename", help="change a staff member's name as shown on records")
    p_rename.add_argument("username", help="whose name changes")
    p_rename.add_argument("--full-name", required=True, help="the new name")
    p_rename.add_argument("--user", required=True, help="your administrator user name")
    p_rename.add_argument("--password-stdin", action="store_true")
    p_rename.set_defaults(handler=_staff_rename)


# ----------------------------------------------------------------------------------------- helpers


_Passwords = PasswordSource


def _sign_in(ctx: CommandContext, username: str, passwords: PasswordSource, purpose: str) -> StaffMember:
    return ctx.sign_in(username, purpose=purpose, passwords=passwords)


# ---------------------------------------------------------------------------------------- handlers


def _audit_verify(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services.audit import verify_chain, verify_records
    from clinic_desktop.services.audit_anchor import (
        anchor_folder,
        check_anchors,
        database_label,
        read_anchors,
    )

    engine = ctx.engine()
    with ctx.session() as session:
        result = verify_chain(session)
        anchors = check_anchors(session, read_anchors(anchor_folder(engine), database_label(engine)))
        mismatches, checked = verify_records(session) if args.records else ([], 0)
    print(result.message if result.ok else _("AUDIT TRAIL BROKEN: {message}").format(message=result.message))
    print(anchors.message if anchors.ok
          else _("AUDIT TRAIL CUT OR REWRITTEN: {message}").format(message=anchors.message))
    if args.records:
        if mismatches:
            print(_("RECORDS CHANGED OUTSIDE THE PROGRAM ({n} of {checked} checked):").format(
                n=len(mismatches), checked=checked))
            for m in mismatches:
                print(f"  {m.message}")
        else:
            print(ngettext("Records: the {n} audited clinical row matches its last audit entry.",
                           "Records: all {n} audited clinical rows match their last audit entry.", checked)
                  .format(n=checked))
    return 0 if result.ok and anchors.ok and not mismatches else 1


def _backup(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services import backups

    if args.user or os.environ.get(ENV_USER, "").strip():
        actor = _sign_in(ctx, args.user, _Passwords(args.password_stdin), "backup")
        with ctx.session() as session:
            path = backups.backup_now(session, actor=actor, reason=args.reason)
    else:
        available = backups.backup_availability(ctx.engine())
        if not available.ok:
            print(f"clinic-desktop: {available.reason}", file=sys.stderr)
            return 1
        path = backups.automatic_backup(ctx.engine(), reason=args.reason)
    print(_("backup written and checked: {path}").format(path=path))
    return 0


def _backup_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services import backups

    items = backups.list_backup_files(ctx.engine())
    if not items:
        print(_("no backups yet"))
    for item in items:
        when = item.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S") if item.taken_at else "?"
        size = _("{size} KB").format(size=number(round(item.size_bytes / 1024)))
        print(f"{when}  {_backup_reason(item.reason):<18} {size:>12}  {item.path}")
    return 0


def _restore(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services import backups

    target = ctx.db_target
    if "://" in target:  # refused up front, with the steps to follow instead
        print(f"clinic-desktop: {_(backups.PG_RESTORE_INSTRUCTIONS)}", file=sys.stderr)
        return 1
    backups.clean_leftovers(target)
    backups.check_backup_file(args.path)  # refuse a bad file before asking for a password
    password = _Passwords(args.password_stdin).get(_("Password for {user}: ").format(user=args.user))
    # never through ctx.engine(): the current file is not migrated (it may be stuck half-way)
    actor = backups.sign_in_for_restore(target, backup_path=args.path, username=args.user, password=password)
    confirm = args.other_clinic
    try:
        result = backups.restore_backup(target, actor=actor, backup_path=args.path, confirm_other_clinic=confirm)
    except backups.OtherClinicBackup as exc:
        if not sys.stdin.isatty() or args.password_stdin:
            print("clinic-desktop: " + _("{problem} (add --other-clinic to confirm)").format(problem=exc), file=sys.stderr)
            return 1
        if input(_("{problem}\nType the other clinic's name to restore it anyway: ").format(problem=exc)).strip() \
                != exc.backup_clinic:
            print("clinic-desktop: " + _("not confirmed; nothing was changed"), file=sys.stderr)
            return 1
        result = backups.restore_backup(target, actor=actor, backup_path=args.path, confirm_other_clinic=True)
    print(_("restored from {path}").format(path=result.restored_from))
    if result.safety_backup:
        print(_("the data it replaced is saved in {path}").format(path=result.safety_backup))
    if result.migrated:
        print(_("the restored data was brought up to this version's schema"))
    if result.other_clinic:
        print(_("the restored data belongs to another clinic (confirmed)"))
    return 0


def _staff_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services import auth

    passwords = _Passwords(args.password_stdin)
    with ctx.session() as session:
        first = auth.needs_first_admin(session)
    if first:
        new_password = passwords.get(_("Password for {user}: ").format(user=args.username))
        if not args.password_stdin and passwords.get(_("Again: ")) != new_password:
            print("clinic-desktop: " + _("the two passwords differ; nothing was saved"), file=sys.stderr)
            return 1
        with ctx.session() as session:
            member = auth.create_first_admin(
                session, full_name=args.full_name, username=args.username, password=new_password
            )
        print(_("first administrator created: {user} ({name})").format(user=member.username, name=member.full_name))
        return 0
    actor = _sign_in(ctx, args.user, passwords, "staff add")  # --user or $CLINIC_DESKTOP_USER
    new_password = passwords.get(_("First password for {user}: ").format(user=args.username))
    if not args.password_stdin and passwords.get(_("Again: ")) != new_password:
        print("clinic-desktop: " + _("the two passwords differ; nothing was saved"), file=sys.stderr)
        return 1
    with ctx.session() as session:
        member = auth.create_staff(
            session,
            actor=actor,
            full_name=args.full_name,
            username=args.username,
            role=args.role,
            password=new_password,
        )
    print(_("staff member added: {user} ({name}, {role})").format(
        user=member.username, name=member.full_name, role=_role(member.role)))
    return 0


def _staff_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services import auth

    actor = _sign_in(ctx, args.user, _Passwords(args.password_stdin), "staff list")
    with ctx.session() as session:
        for member in auth.list_staff(session, actor=actor):
            state = _("active") if member.active else _("deactivated")
            print(f"{member.username:<20} {_role(member.role):<13} {state:<12} {member.full_name}")
    return 0


#: why a backup was made, as its file name says (``--reason`` may also be a word of the person's own: shown as is)
BACKUP_REASONS = {"daily": N_("daily"), "on-demand": N_("on demand"), "command-line": N_("command line"),
                  "before-restore": N_("before a restore"), "before-migration": N_("before an update")}


def _backup_reason(reason: str) -> str:
    """The reason part of a backup's file name in the person's language ("daily" / "quotidienne")."""
    return _(BACKUP_REASONS[reason]) if reason in BACKUP_REASONS else reason


def _role(role: str) -> str:
    """A role as the person reads it ("practitioner" / "praticien")."""
    return {"admin": _("admin"), "manager": _("manager"), "practitioner": _("practitioner"),
            "receptionist": _("receptionist")}.get(Role(role).value, Role(role).value)


class _Given:
    """A password source that hands out one password already read (the current one, needed twice)."""

    def __init__(self, value: str):
        self.value = value

    def get(self, prompt: str) -> str:  # noqa: ARG002 (PasswordSource's signature)
        return self.value


def _staff_password(args: argparse.Namespace, ctx: CommandContext) -> int:
    from clinic_desktop.services import auth

    passwords = _Passwords(args.password_stdin)
    current = passwords.get(_("Current password for {user}: ").format(user=args.user))
    actor = ctx.sign_in(args.user, purpose="staff password", passwords=_Given(current))  # type: ignore[arg-type]
    new_password = passwords.get(_("New password: "))
    if not args.password_stdin and getpass.getpass(_("Again: ")) != new_password:
        print("clinic-desktop: " + _("the two passwords differ; nothing was saved"), file=sys.stderr)
        return 1
    with ctx.session() as session:
        auth.change_own_password(session, actor=actor, current_password=current, new_password=new_password)
    print(_("password changed for {user}").format(user=actor.username))
    return 0


def _staff_rename(args: argparse.Namespace, ctx: CommandContext) -> int:
    from sqlmodel import select

    from clinic_desktop.services import auth
    from clinic_desktop.services.errors import NotFound

    actor = _sign_in(ctx, args.user, _Passwords(args.password_stdin), "staff rename")
    with ctx.session() as session:
        member = session.exec(select(StaffMember).where(StaffMember.username == args.username.strip().lower())).first()
        if member is None:
            raise NotFound(_("There is no staff member with the user name “{user}”.").format(user=args.username))
        old = member.full_name
        renamed = auth.rename_staff(session, actor=actor, staff_id=member.id, full_name=args.full_name)  # type: ignore[arg-type]
    print(_("{user}: “{old}” is now “{new}”").format(user=renamed.username, old=old, new=renamed.full_name))
    return 0
