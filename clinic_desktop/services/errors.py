"""Errors that services raise, each with a message in the user's terms (never a traceback)."""

from __future__ import annotations


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
