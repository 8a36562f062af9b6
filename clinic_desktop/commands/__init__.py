"""Headless sub-commands of ``clinic-desktop``. Each module here has ``register(subparsers)``.

A command's handler has the signature ``handler(args: argparse.Namespace, ctx: CommandContext) -> int``
(the exit code). Add a new module's name to ``COMMAND_MODULES`` to make it appear in the CLI.
"""

from __future__ import annotations

COMMAND_MODULES: list[str] = [
    "clinic_desktop.commands.core",
    "clinic_desktop.commands.security",
    "clinic_desktop.commands.demo",
    "clinic_desktop.commands.reports",
    "clinic_desktop.commands.patient_file",
    "clinic_desktop.commands.corrections",
]
