"""The follow-up and complication fixtures (a Toronto clinic, Zoë, her treatment session) shared with the
complication tests."""

from tests.complications.conftest import clinic, treated, zoe  # noqa: F401
