"""Text helpers shared by services: search folding (case C11/C15) and clean user input."""

from __future__ import annotations

import re
import unicodedata

# letters that Unicode does not decompose into base letter + accent
_EXTRA_FOLDS = str.maketrans({
    "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "æ": "ae", "Æ": "ae",
    "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ı": "i", "ħ": "h", "Ħ": "h",
})
_NOT_WORD = re.compile(r"[^\w\s]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free form for matching.

    ``fold("O'Brien-Daly") == "obriendaly"``, ``fold("SOCIÉTÉ") == "societe"``, ``fold("Zoë") == "zoe"``.
    Apostrophes and hyphens vanish (so "OBRIEN" finds "O'Brien"); other scripts (Greek, Cyrillic) are kept,
    case-folded and stripped of accents.
    """
    text = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLDS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("'", "").replace("’", "").replace("-", "").replace("‐", "")
    text = _NOT_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def digits(text: str) -> str:
    """Only the digits of a phone number or similar."""
    return "".join(ch for ch in text if ch.isdigit())


#: Characters taken out of typed text: C0 controls but tab and line breaks (ESC, BEL … pasted or typed
#: into a name), DEL and the C1 controls, and the bidi embeddings, overrides and isolates (U+202A–U+202E,
#: U+2066–U+2069), which can make a name read differently from what is stored. Joiners (ZWJ/ZWNJ) and the
#: bidi marks LRM/RLM stay: real names in several scripts need them.
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str | None) -> str:
    """One line of user text as it is stored (names, areas, phone …): Unicode NFC, every run of white space
    (tabs and line breaks included) one space, ends trimmed, and control and bidi-override characters
    (:data:`_UNWANTED`) taken out; None -> "". Services refuse those characters at the field before this
    (``services/text_rules.field_problem``); this is what keeps a search or a path that did not ask clean."""
    from clinic_desktop.services.text_rules import LINE, tidy

    return tidy(_UNWANTED.sub("", text or ""), LINE)


def clean_note(text: str | None) -> str:
    """Free text (notes) as stored: NFC, line breaks kept, control and bidi-override characters taken
    out, ends trimmed; None -> "" (``services/text_rules``)."""
    from clinic_desktop.services.text_rules import NOTE, tidy

    return tidy(text or "", NOTE)
