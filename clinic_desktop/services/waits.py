"""Names people read for the protocols' waiting times (``[[restrictions]]`` keys such as ``makeup``).

A protocol file names a wait only by its key; the sheet prints the wait's sentence in the patient's
language, but the history, the command line and the window speak of a wait by name, in the reader's
language: :func:`wait_name` gives that name (``wait_name("makeup")`` -> "makeup" / "maquillage").
"""

from __future__ import annotations

from clinic_desktop.services.messages import N_, _

#: restriction key -> English name (marked for the catalogue; translated by :func:`wait_name`)
WAIT_NAMES: dict[str, str] = {
    "makeup": N_("makeup"),
    "washing": N_("washing the face"),
    "sun": N_("sun"),
    "heat": N_("heat"),
    "exercise": N_("exercise"),
    "other_treatments": N_("other treatments"),
    "hair_washing": N_("washing the hair"),
    "hair_chemicals": N_("hair dye and chemical treatments"),
}


def wait_name(key: str | None) -> str:
    """The name of the waiting time ``key`` in the current language. A key the bundled protocols do not
    use (a clinic's own protocol) is shown as words: ``"cold_water"`` -> "cold water"; None -> "?"."""
    if not key:
        return "?"
    known = WAIT_NAMES.get(key)
    return _(known) if known else key.replace("_", " ")
