"""Core commands: aftercare (render a sheet headless), demo (fill a demo clinic)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the core sub-commands (filled in with the checkout service)."""
