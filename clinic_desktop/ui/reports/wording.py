"""Words for counts on the report page and the recall dialog (no QtCharts: the recall dialog opens it)."""

from __future__ import annotations


def english_plural(text: str, n: int) -> str:
    """``text`` from ``tr("%n thing(s)", "", n)`` with "(s)" resolved for English when no translation
    filled in the plural forms: "1 complication", "2 complications". A translation's own numerus forms
    pass as they are (they carry no "(s)")."""
    return text.replace("(s)", "" if n == 1 else "s")
