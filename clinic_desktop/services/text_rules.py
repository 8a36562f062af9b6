"""What typed text may hold, by field class, applied in one place for every write path.

Three classes of fields (:data:`FIELD_CLASSES` says which column is which; any other string column is a
single line when it has a declared length, free text when it has none):

- **line** (names, product names, areas, phone, units …): Unicode NFC; every run of white space (a tab, a
  line break, no-break spaces) becomes one space and the ends are trimmed; zero-width spaces, the byte
  order mark and soft hyphens are taken out. **Refused**, with a message at the field naming the
  character: other control characters (BEL, ESC, NUL …, C1) and the bidi embeddings, overrides and
  isolates (U+202A–U+202E, U+2066–U+2069), which make a name read differently from what is stored. The
  joiners ZWJ/ZWNJ and the marks LRM/RLM stay: real names in several scripts need them.
- **batch** (batch/lot numbers): Unicode NFKC (full-width letters and digits become plain ones), ends
  trimmed; then only GS1's AI 10 characters (GS1 character set 82: A–Z a–z 0–9 and ``!"%&'()*+,-./:;<=>?_``,
  no spaces), at most 20 of them, as ``biip`` states the AI. Anything else is refused, so what is stored is
  what a GS1 label carries and what a recall will search for.
- **note** (notes, actions taken, reasons): NFC; line breaks kept (CR LF and CR become LF, vertical tab and
  form feed a line break); other control characters and the bidi overrides are taken out (a note pasted
  from another program keeps its words); ends trimmed.

:func:`field_problem` gives the refusal (``services/limits.text_errors`` calls it, so every service that
validates text refuses the same things); :func:`tidy` gives the stored form, and a ``before_flush`` hook
applies it to every row written through an ORM session, so nothing is stored raw whatever the path
(create, edit, correction, merge, demo).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from clinic_desktop.services.messages import _

LINE, BATCH, NOTE = "line", "batch", "note"

#: (table name, column) -> field class, where the default (line when the column has a length, note when
#: not) is not the right one.
FIELD_CLASSES: dict[tuple[str, str], str] = {
    ("product_use", "batch_number"): BATCH,
    ("batch", "lot_number"): BATCH,
    ("patient", "notes"): NOTE,
    ("treatment_session", "notes"): NOTE,
    ("clinic_profile", "address"): NOTE,  # several lines on the sheet's header
    ("patient", "allergies"): LINE,  # one line in the form ("lidocaine; latex")
}
#: The tables of typed records whose rows the ``before_flush`` hook tidies. The audit trail (hashed as
#: written), revisions (the record's history, written from already tidied values) and system tables are not.
TYPED_TABLES = {"patient", "treatment_session", "product_use", "product", "batch", "staff_member",
                "complication", "follow_up", "clinic_profile"}
#: Columns left exactly as given: codes, hashes, keys and what the system writes itself.
UNTOUCHED = {"password_hash", "search_text", "name_key", "lot_key", "sha256", "pdf_sha256", "prev_hash",
             "entry_hash", "clinic_id", "sex", "preferred_language", "ui_language", "default_language",
             "timezone", "brand_colour", "treatment", "protocol_id", "version", "language", "username",
             "email", "gtin", "country"}

_REFUSED_IN_LINE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
_DROPPED_IN_LINE = re.compile("[\u200b\ufeff\u00ad]")
_DROPPED_IN_NOTE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\u200b\ufeff]")
_SPACES = re.compile(r"\s+")
MAX_LOT = 20


@cache
def _lot_pattern() -> re.Pattern[str]:
    """GS1 AI 10's value pattern, from biip's table of application identifiers."""
    from biip.gs1_application_identifiers import GS1ApplicationIdentifier

    pattern = GS1ApplicationIdentifier.extract("10").pattern  # '^10([!%-?A-Z_a-z\x22]{1,20})$'
    return re.compile(pattern.replace("^10(", "^(", 1))


def field_class(table: str, column: str, *, has_length: bool = True) -> str | None:
    """The class of ``table.column`` (:data:`LINE`, :data:`BATCH`, :data:`NOTE`), None when left as is."""
    if column in UNTOUCHED:
        return None
    return FIELD_CLASSES.get((table, column), LINE if has_length else NOTE)


def tidy(value: str, kind: str | None) -> str:
    """The stored form of ``value`` in field class ``kind`` (see the module); never raises. Characters a
    class refuses are taken out too (a last guard for a path that did not validate)."""
    if kind is None or not value:
        return value
    if kind == BATCH:
        text = unicodedata.normalize("NFKC", value).strip()
        return "".join(ch for ch in text if _lot_pattern().match(ch) or ch.isalnum())
    text = unicodedata.normalize("NFC", value)
    if kind == NOTE:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
        return _DROPPED_IN_NOTE.sub("", text).strip()
    text = _REFUSED_IN_LINE.sub("", _DROPPED_IN_LINE.sub("", text))
    return _SPACES.sub(" ", text).strip()


def describe(ch: str) -> str:
    """One character for a message: "U+0007 (BELL)", "U+202E (RIGHT-TO-LEFT OVERRIDE)", "“#”"."""
    if ch.isprintable() and not ch.isspace():
        return f"“{ch}”"
    name = unicodedata.name(ch, "") or {"\x07": "BELL", "\x1b": "ESCAPE", "\x00": "NULL", "\t": "TAB"}.get(ch, "")
    return f"U+{ord(ch):04X} ({name})" if name else f"U+{ord(ch):04X}"


def field_problem(value: str, kind: str | None) -> str | None:
    """Why ``value`` cannot be saved in a field of class ``kind`` (characters the class refuses), in the
    user's words naming the character, or None. Length limits are checked by ``services/limits``."""
    if kind is None or not value:
        return None
    if kind == LINE:
        found = _REFUSED_IN_LINE.search(value)
        if found:
            return _("This holds an invisible control character, {character}, that cannot be saved here "
                     "(often from a copy and paste); retype the text.").format(character=describe(found.group()))
        return None
    if kind == BATCH:
        lot = tidy_batch_for_check(value)
        if not lot:
            return None  # "enter the batch number" is the service's own message
        bad = [ch for ch in lot if not _lot_pattern().match(ch)]
        if bad:
            return _("A batch (lot) number holds only letters, digits and {allowed} (as on a GS1 label); "
                     "{character} cannot be part of one.").format(
                allowed="! \" % & ' ( ) * + , - . / : ; < = > ? _", character=describe(bad[0]))
        if len(lot) > MAX_LOT:
            return _("A batch (lot) number has at most {n} characters (as on a GS1 label); this one has "
                     "{length}.").format(n=MAX_LOT, length=len(lot))
    return None


def tidy_batch_for_check(value: str) -> str:
    """A batch number as it is checked and stored before the character rule: NFKC, ends trimmed."""
    return unicodedata.normalize("NFKC", value).strip()


def _tidy_before_flush(session, _context, _instances) -> None:  # noqa: ANN001 (SQLAlchemy's hook signature)
    """``before_flush``: the string attributes being written (all of a new row, the changed ones of an
    existing row) in their class's stored form; older values on a row changed elsewhere stay as stored."""
    from sqlalchemy import inspect

    new = set(map(id, session.new))
    for obj in (*session.new, *session.dirty):
        table = getattr(obj, "__table__", None)
        if table is None or table.name not in TYPED_TABLES:
            continue
        state = inspect(obj)
        for column in table.columns:
            value = obj.__dict__.get(column.key)
            if not isinstance(value, str):
                continue
            if id(obj) not in new and not state.attrs[column.key].history.has_changes():
                continue  # a value stored before these rules is left as it was (it is not being written)
            kind = field_class(table.name, column.key, has_length=getattr(column.type, "length", None) is not None)
            tidied = tidy(value, kind)
            if tidied != value:
                setattr(obj, column.key, tidied)


def install() -> None:
    """Register :func:`_tidy_before_flush` on every ORM session (once)."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    if not event.contains(Session, "before_flush", _tidy_before_flush):
        event.listen(Session, "before_flush", _tidy_before_flush)


install()
