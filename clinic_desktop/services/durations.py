"""Waiting times typed by a person, in English or French: "5 days", "36 h", "1 day 12 h", "5 jours".

Qt-free, so the same reading serves every field where a wait is typed and is tested headless. A wait is a
whole number of hours (what the aftercare sheet's adjustments carry).
"""

from __future__ import annotations

import re

from clinic_desktop.services.messages import N_, _

MAX_WAIT_HOURS = 24 * 365
"""The longest wait that can be typed (hours): a year."""

_UNITS: dict[str, int] = {}
for _words, _hours in (
    (("h", "hr", "hrs", "hour", "hours", "heure", "heures"), 1),
    (("d", "day", "days", "j", "jour", "jours", "journee", "journée", "journees", "journées"), 24),
    (("w", "wk", "wks", "week", "weeks", "sem", "semaine", "semaines"), 24 * 7),
):
    for _word in _words:
        _UNITS[_word] = _hours

# a number (a decimal comma or point: "1,5 jour") then, optionally, a unit word; "and"/"et"/"+" may join parts
_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\W\d_]+\.?)?", re.UNICODE)
_JOINERS = re.compile(r"\b(?:and|et)\b|[+,;]", re.IGNORECASE)

EXAMPLES = N_("5 days, 36 h or 1 day 12 h")
"""Examples of waits for the error messages (English; shown through ``_()``)."""


class WaitError(ValueError):
    """Text that is not a waiting time; ``str()`` is a sentence for the person who typed it, in the current
    language of the service messages (:mod:`clinic_desktop.services.messages`)."""


def parse_wait(text: str, *, bare_unit_hours: int = 1) -> int:
    """Read a waiting time typed as words and numbers; return it in whole hours.

    Accepts ``"36"`` (a bare number counts in ``bare_unit_hours``: 1 for an hours field, 24 for a days
    field), ``"36 h"``, ``"36 hours"``, ``"5 days"``, ``"1 day 12 h"``, ``"1.5 days"``, ``"2 weeks"`` and the
    French ``"5 jours"``, ``"36 heures"``, ``"1 jour 12 h"``, ``"1,5 jour"``; case and spaces do not matter,
    and a trailing note in brackets, as the field shows it (``"21 days (504 h)"``), is ignored.

    Raises :class:`WaitError` (a ValueError) for empty text, unknown words, a part that is not a whole number
    of hours (``"1.3 h"``) or a wait over :data:`MAX_WAIT_HOURS`.
    """
    raw = text.strip()
    typed = re.sub(r"\([^)]*\)?\s*$", "", raw).strip().lower()  # "21 days (504 h)": the note in brackets
    if not typed:
        raise WaitError(_("Type the waiting time, e.g. {examples}.").format(examples=_(EXAMPLES)))
    typed = _JOINERS.sub(" ", re.sub(r"(\d),(\d)", r"\1.\2", typed))  # "1,5 jour": a decimal comma
    position, total = 0, 0.0
    seen_units: set[int] = set()
    for match in _PART.finditer(typed):
        if typed[position : match.start()].strip():
            break
        number, unit = match.group(1), (match.group(2) or "").rstrip(".")
        if unit and unit not in _UNITS:
            raise WaitError(
                _("“{typed}” is not a waiting time: “{unit}” is not hours, days or weeks. Type e.g. {examples}.")
                .format(typed=raw, unit=unit, examples=_(EXAMPLES)))
        size = _UNITS[unit] if unit else bare_unit_hours
        if size in seen_units:
            twice = (_("“{typed}” gives the hours twice; type e.g. {examples}.") if size == 1 else
                     _("“{typed}” gives the days twice; type e.g. {examples}.") if size == 24 else
                     _("“{typed}” gives the weeks twice; type e.g. {examples}."))
            raise WaitError(twice.format(typed=raw, examples=_(EXAMPLES)))
        seen_units.add(size)
        total += float(number.replace(",", ".")) * size
        position = match.end()
    if position == 0 or typed[position:].strip():
        raise WaitError(_("“{typed}” is not a waiting time; type e.g. {examples}.").format(
            typed=raw, examples=_(EXAMPLES)))
    if abs(total - round(total)) > 1e-9:
        raise WaitError(_("“{typed}” is not a whole number of hours; type e.g. {examples}.").format(
            typed=raw, examples=_(EXAMPLES)))
    hours = round(total)
    if hours > MAX_WAIT_HOURS:
        raise WaitError(_("“{typed}” is longer than a year; type a wait of {days} days at most.").format(
            typed=raw, days=MAX_WAIT_HOURS // 24))
    return hours


def days_and_hours(hours: int) -> str:
    """``hours`` as days and hours in English: ``"2 days"``, ``"1 day 12 h"``, ``"36 h"`` below 2 days."""
    days, rest = divmod(hours, 24)
    if days == 0:
        return f"{hours} h"
    text = f"{days} day{'' if days == 1 else 's'}"
    return f"{text} {rest} h" if rest else text


def describe_wait(hours: int) -> str:
    """A wait for a sentence: ``"48 hours (2 days)"``, ``"12 hours"``, ``"36 hours (1 day 12 h)"``."""
    if hours < 24:
        return f"{hours} hour{'' if hours == 1 else 's'}"
    return f"{hours} hours ({days_and_hours(hours)})"
