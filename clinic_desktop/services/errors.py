"""Errors that services raise, each with a message in the user's terms (never a traceback).

Importing this module also turns, on every engine, the errors any input can provoke while a statement
runs into these types (see :func:`_translate_statement_error`), so no service lets them through.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine, event


class ClinicError(Exception):
    """Base of every error a user may see; ``str(err)`` is the message to show."""


class ValidationError(ClinicError):
    """Bad input. ``errors`` maps a field name (as in the create/update shape) to a message for that field."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        """An error about one field."""
        return cls({field: message})


class NotFound(ClinicError):
    """A record named by id does not exist (or is archived)."""


class PermissionDenied(ClinicError):
    """The acting staff member's role does not allow this action."""


class AuthenticationError(ClinicError):
    """Wrong user name or password, or the account is locked."""


class DiskFull(ClinicError):
    """The disk (or the user's quota) is full: the change was not saved; what was saved before is intact."""

    def __init__(self, message: str = ""):
        super().__init__(message or "The disk is full, so this was not saved. Free some space on the "
                                    "computer (or the server) and try again; everything saved before "
                                    "is safe.")


class ConflictError(ClinicError):
    """A change was made from a stale copy: someone else changed the record since it was read.

    The change was not applied. ``changed_by`` is the other staff member's name (None if unknown),
    ``changed_at`` when they changed it (aware UTC, or None), ``fields`` the names of the fields they
    changed (may be empty when unknown), ``current_version`` the record's version now (or None).
    ``str(err)`` is the message for the user.
    """

    def __init__(
        self,
        message: str,
        *,
        changed_by: str | None = None,
        changed_at: datetime | None = None,
        fields: Sequence[str] = (),
        current_version: int | None = None,
    ):
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.fields = tuple(fields)
        self.current_version = current_version
        super().__init__(message)


def _translate_statement_error(context) -> None:  # noqa: ANN001 (sqlalchemy.engine.ExceptionContext)
    """SQLAlchemy ``handle_error`` hook: the errors any input can provoke while a statement runs become
    the project's own, with a message in the user's terms (the transaction is rolled back by its owner,
    so nothing is saved):

    - a number too large for a 64-bit column (an id >= 2**63 typed or pasted): OverflowError;
    - text that cannot be encoded (a lone surrogate from a broken copy and paste): UnicodeEncodeError;
    - a full disk: SQLite's "database or disk is full", PostgreSQL's "No space left on device", ENOSPC.

    Anything else is left to SQLAlchemy (and, above it, to the log and the crash dialog).
    """
    from clinic_desktop.services.files import is_disk_full

    exc = context.original_exception
    if isinstance(exc, OverflowError):
        raise ValidationError.single(
            "number", "A number is far too large (no record or quantity is numbered that high).") from exc
    if isinstance(exc, UnicodeEncodeError):
        raise ValidationError.single(
            "text", "Some text holds a broken character (often from a copy and paste) that cannot be saved; "
                    "retype it.") from exc
    if is_disk_full(exc):
        raise DiskFull() from exc


if not event.contains(Engine, "handle_error", _translate_statement_error):
    event.listen(Engine, "handle_error", _translate_statement_error)

# every ORM session stores typed text in its field class's form (services/text_rules.py)
from clinic_desktop.services import text_rules as _text_rules  # noqa: E402,F401
