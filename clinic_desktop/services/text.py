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


def clean(text: str | None) -> str:
    """User text with surrounding white space removed and inner runs of spaces kept as typed; None -> ""."""
    return (text or "").strip()
