"""Aftercare protocols: the TOML file format, its pydantic schema, the loader and the consistency checks.

One file holds the aftercare rules for one treatment in one language, e.g.
``protocols/facial-mesotherapy.en.toml``. The format (all keys required unless noted)::

    id = "facial-mesotherapy"          # same in every language of the protocol
    version = "1.0.0"                  # same in every language; bump on any change
    language = "en"                    # one of SUPPORTED_LANGUAGES
    treatment_name = "Facial mesotherapy"
    intro = "…"                        # optional: one short paragraph at the top of the sheet
    expected_effects = ["…", …]        # what is normal after the treatment

    [review]                           # clinical sign-off
    status = "approved"                # "approved" | "draft" (draft prints a DRAFT watermark)
    reviewed_by = "Clinical lead"      # required when approved
    approved_on = 2026-01-15           # TOML date, required when approved

    [[phases]]                         # day windows; day 0 = treatment day; end_day inclusive
    key = "day0"
    title = "Treatment day"
    start_day = 0
    end_day = 0                        # omit only on the last phase (open-ended)
    instructions = ["…", …]            # printed with a tick box each

    [[restrictions]]                   # waiting times a practitioner may lengthen per patient
    key = "makeup"
    text = "No makeup for {hours} hours."   # placeholders: {hours} and/or {days}
    min_hours = 24                     # a per-patient value below this is refused
    default_hours = 48

    [[avoid]]                          # products and procedures to avoid, with how long (days)
    key = "retinoids"
    text = "Retinoids (retinol, tretinoin)"
    tags = ["retinoid"]
    until_day = 14                     # avoid through this day after treatment (inclusive)

    [red_flags]
    call_clinic = ["…"]                # "contact the clinic now" signs
    call_emergency = ["…"]             # "call emergency services" signs

    [[follow_ups]]
    day = 2
    kind = "phone_check"               # "phone_check" | "review"

    [[recommended_products]]           # optional, the clinic's own choice
    name = "Gentle cleanser"
    tags = ["cleanser"]
    from_day = 1                       # optional, default 0

Structural problems (bad TOML, unknown or missing keys, wrong types) and internal problems (phase gaps or
overlaps, bad placeholders, approval without a reviewer) raise :class:`ProtocolError` naming the file and
the field. :func:`check_protocols` also compares the languages of one protocol and warns about
recommended products that contradict the avoid list.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from clinic_desktop.translation import N_, _, set_translator  # noqa: F401 (set_translator: older callers)

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "fr")
"""Languages the sheet renderer has headings, labels and date formats for."""

_KEY_RE = r"^[a-z0-9][a-z0-9_-]*$"
_TAG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PLACEHOLDERS = {"hours", "days"}
MAX_PROTOCOL_BYTES = 256 * 1024
"""A protocol file larger than this (256 KiB; the shipped ones are under 12 KiB) is refused unread."""
CLINIC_FLOOR_DAYS = 14
"""Avoid items tagged "heat" or "exfoliant" may be shortened by a clinic, never below this many days
(issue #12: the source's weeks 2–4; day 28 by default)."""
_FLOOR_TAGS = {"heat", "exfoliant"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Review(_Strict):
    """Clinical sign-off of one protocol version. ``approved_on`` is a date (no time zone)."""

    status: Literal["approved", "draft"]
    reviewed_by: str = ""
    approved_on: date | None = None
    notes: str = ""


class Phase(_Strict):
    """A day window of a protocol: days after treatment, ``start_day``..``end_day`` inclusive.

    Day 0 is the treatment day. ``end_day=None`` means open-ended (allowed on the last phase only).
    """

    key: str = Field(pattern=_KEY_RE)
    title: str = Field(min_length=1)
    start_day: int = Field(ge=0, le=3650)
    end_day: int | None = Field(default=None, ge=0, le=3650)
    instructions: list[str] = Field(min_length=1)

    @property
    def window(self) -> tuple[int, int | None]:
        """(start_day, end_day) — what must match between the languages of one protocol."""
        return (self.start_day, self.end_day)


class Restriction(_Strict):
    """A waiting time in hours, lengthenable per patient (never below ``min_hours``).

    ``text`` is a template with ``{hours}`` and/or ``{days}`` (days rounded up).
    """

    key: str = Field(pattern=_KEY_RE)
    text: str = Field(min_length=1)
    min_hours: int = Field(ge=1, le=24 * 365)
    default_hours: int = Field(ge=1, le=24 * 365)

    def render(self, hours: int) -> str:
        """The text with the waiting time filled in, e.g. ``"No makeup for 72 hours."``."""
        return self.text.format(hours=hours, days=-(-hours // 24))


class AvoidItem(_Strict):
    """Something to avoid from the treatment day through ``until_day`` (days after treatment, inclusive)."""

    key: str = Field(pattern=_KEY_RE)
    text: str = Field(min_length=1)
    tags: list[str] = Field(default_factory=list)
    until_day: int = Field(ge=0, le=3650)

    @field_validator("tags")
    @classmethod
    def _tags_are_slugs(cls, tags: list[str]) -> list[str]:
        return _check_tags(tags)


class RedFlags(_Strict):
    """Warning signs: ``call_clinic`` (contact the clinic now) and ``call_emergency`` (emergency services)."""

    call_clinic: list[str] = Field(min_length=1)
    call_emergency: list[str] = Field(min_length=1)
    summary: str = ""  # the main signs in one line, for the compact box on page 1


class FollowUpItem(_Strict):
    """A follow-up the clinic schedules ``day`` days after treatment."""

    day: int = Field(ge=0, le=3650)
    kind: Literal["phone_check", "review"]


class RecommendedProduct(_Strict):
    """A product the clinic recommends from ``from_day`` (days after treatment) on."""

    name: str = Field(min_length=1)
    tags: list[str] = Field(default_factory=list)
    from_day: int = Field(default=0, ge=0, le=3650)
    note: str = ""

    @field_validator("tags")
    @classmethod
    def _tags_are_slugs(cls, tags: list[str]) -> list[str]:
        return _check_tags(tags)


def _check_tags(tags: list[str]) -> list[str]:
    for tag in tags:
        if not _TAG_RE.match(tag):
            raise ValueError(f"tag “{tag}” must be lower-case letters, digits and hyphens, e.g. “vitamin-c”")
    return tags


class Protocol(_Strict):
    """One treatment's aftercare rules in one language (see the module docstring for the file format)."""

    id: str = Field(pattern=_KEY_RE)
    version: str = Field(pattern=r"^\d+(\.\d+){0,2}$")
    language: str
    treatment_name: str = Field(min_length=1)
    intro: str = ""
    review: Review
    phases: list[Phase] = Field(min_length=1)
    restrictions: list[Restriction] = Field(default_factory=list)
    avoid: list[AvoidItem] = Field(default_factory=list)
    red_flags: RedFlags
    follow_ups: list[FollowUpItem] = Field(default_factory=list)
    recommended_products: list[RecommendedProduct] = Field(default_factory=list)
    expected_effects: list[str] = Field(default_factory=list)

    @field_validator("language")
    @classmethod
    def _supported_language(cls, value: str) -> str:
        if value not in SUPPORTED_LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(SUPPORTED_LANGUAGES)}, not “{value}”")
        return value

    @property
    def claims_approval(self) -> bool:
        """True when the file *says* it was approved. Never trusted for printing: a file cannot approve
        itself; approval is bound to the content hash by a manager (services.protocols.is_approved)."""
        return (
            self.review.status == "approved"
            and bool(self.review.reviewed_by)
            and bool(self.review.approved_on)
        )

    @property
    def follow_up_schedule(self) -> list[tuple[int, str]]:
        """Follow-ups as ``(days after treatment, kind)``, sorted by day.

        ``kind`` is "phone_check" or "review".
        """
        return sorted((f.day, f.kind) for f in self.follow_ups)

    def restriction(self, key: str) -> Restriction | None:
        """The restriction with this key, or None."""
        for item in self.restrictions:
            if item.key == key:
                return item
        return None


class ProtocolError(Exception):
    """A protocol file that cannot be used. ``file`` is the file (or source) name, ``field`` the dotted
    path of the faulty field (``"phases[2].start_day"``; ``""`` for the whole file). ``errors`` lists
    every problem found as ``(field, message)``; the exception message names the first.
    """

    def __init__(self, file: str, field: str, message: str, errors: list[tuple[str, str]] | None = None):
        self.file = file
        self.field = field
        self.message = message
        self.errors = errors or [(field, message)]
        super().__init__(f"{file}: {field}: {message}" if field else f"{file}: {message}")


@dataclass(frozen=True)
class Finding:
    """One result of :func:`check_protocols`: ``level`` "error" (the file must not be used) or "warning"."""

    level: Literal["error", "warning"]
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{self.level}: {where}: {self.message}"


# --------------------------------------------------------------------------------------------- parsing


def _loc_to_field(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


#: pydantic's error kinds, said in the checker's words (and translated): what a clinic editing a protocol
#: file can fix. Others keep pydantic's own English detail behind a translated lead.
_KIND_MESSAGES = {
    "string_type": N_("must be text in quotes"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_type": N_("must be a number"),
    "float_parsing": N_("must be a number"),
    "bool_type": N_("must be true or false"),
    "bool_parsing": N_("must be true or false"),
    "list_type": N_("must be a list in square brackets"),
    "dict_type": N_("must be a table of keys"),
    "model_type": N_("must be a table of keys"),
    "greater_than_equal": N_("is too small"),
    "less_than_equal": N_("is too large"),
    "too_short": N_("has too few entries"),
    "string_too_short": N_("must not be empty"),
    "literal_error": N_("is not one of the allowed values"),
    "enum": N_("is not one of the allowed values"),
}


def _friendly(error: dict) -> str:
    """One pydantic error of a protocol file as a sentence for the person editing it (translated)."""
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return _("unknown key (not part of the protocol format; check the spelling)")
    if kind == "missing":
        return _("required key is missing")
    if kind == "string_pattern_mismatch" and error["loc"] and error["loc"][-1] == "version":
        return _("version must look like 1.0.0")
    if kind == "string_pattern_mismatch":
        return _("use lower-case letters, digits, '-' and '_' only")
    if kind in _KIND_MESSAGES:
        return _(_KIND_MESSAGES[kind])
    message = str(error.get("msg", "invalid value"))
    if message.startswith("Value error, "):  # our own validators' messages, already translated
        return message.removeprefix("Value error, ")
    return _("invalid value ({detail})").format(detail=message)


def _semantic_errors(p: Protocol) -> list[tuple[str, str]]:
    """Internal consistency of one protocol: phase coverage, templates, unique keys, review."""
    errors: list[tuple[str, str]] = []
    if p.review.status == "approved":
        if not p.review.reviewed_by:
            errors.append(("review.reviewed_by", _("an approved protocol must name who reviewed it")))
        if not p.review.approved_on:
            errors.append(("review.approved_on", _("an approved protocol must give the approval date")))
    # Phases: start at day 0, follow each other without gap or overlap; only the last is open-ended.
    expected = 0
    for i, ph in enumerate(p.phases):
        if ph.start_day != expected:
            if i == 0:
                what = _("the first phase must start on day 0 (expected start_day = {expected})")
            elif ph.start_day == expected + 1:
                what = _("gap: day {first} is in no phase (expected start_day = {expected})")
            elif ph.start_day > expected:
                what = _("gap: days {first}–{last} are in no phase (expected start_day = {expected})")
            else:
                what = _("overlap: day {day} is already in phase “{phase}” (expected start_day = {expected})")
            errors.append((f"phases[{i}].start_day", what.format(
                expected=expected, first=expected, last=ph.start_day - 1, day=ph.start_day,
                phase=p.phases[i - 1].key if i else "")))
        if ph.end_day is None:
            if i != len(p.phases) - 1:
                errors.append((f"phases[{i}].end_day", _("only the last phase may be open-ended (no end_day)")))
                break
        elif ph.end_day < ph.start_day:
            errors.append(
                (f"phases[{i}].end_day", _("end_day {end} is before start_day {start}").format(end=ph.end_day, start=ph.start_day))
            )
            break
        else:
            expected = ph.end_day + 1
    errors += _duplicates("phases", [ph.key for ph in p.phases])
    errors += _duplicates("restrictions", [r.key for r in p.restrictions])
    errors += _duplicates("avoid", [a.key for a in p.avoid])
    for i, r in enumerate(p.restrictions):
        if r.min_hours > r.default_hours:
            errors.append(
                (
                    f"restrictions[{i}].default_hours",
                    _("default_hours {default} is below min_hours {minimum}").format(default=r.default_hours, minimum=r.min_hours),
                )
            )
        try:
            fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(r.text)
                      if name is not None]
        except ValueError as exc:
            errors.append((f"restrictions[{i}].text", _("bad placeholder: {error}").format(error=exc)))
            continue
        fancy = [f"{{{name}{'!' + conv if conv else ''}{':' + spec if spec else ''}}}"
                 for name, spec, conv in fields if spec or conv]
        if fancy:  # {hours:s} crashes the render, {hours:>20000000} costs hundreds of MB
            errors.append((f"restrictions[{i}].text",
                           _("placeholder {placeholder} has a format; write just {{hours}} or {{days}}").format(placeholder=fancy[0])))
            continue
        names = {name for name, _, _ in fields}
        unknown = names - _PLACEHOLDERS
        if unknown:
            errors.append(
                (
                    f"restrictions[{i}].text",
                    _("unknown placeholder {placeholder}; use {{hours}} or {{days}}").format(placeholder="{" + sorted(unknown)[0] + "}"),
                )
            )
        elif not names:
            errors.append((f"restrictions[{i}].text", _("the text must contain {hours} or {days}")))
    for i, item in enumerate(p.avoid):
        if set(item.tags) & _FLOOR_TAGS and item.until_day < CLINIC_FLOOR_DAYS:
            errors.append((f"avoid[{i}].until_day",
                           _("heat and exfoliation are avoided at least {floor} days (day 28 by default), "
                             "not {day}").format(floor=CLINIC_FLOOR_DAYS, day=item.until_day)))
    days = [f.day for f in p.follow_ups]
    for i, day in enumerate(days):
        if day in days[:i]:
            errors.append((f"follow_ups[{i}].day", _("two follow-ups on day {day}").format(day=day)))
    return errors


def _duplicates(name: str, keys: list[str]) -> list[tuple[str, str]]:
    seen: set[str] = set()
    out = []
    for i, key in enumerate(keys):
        if key in seen:
            out.append((f"{name}[{i}].key", _("key “{key}” is used twice").format(key=key)))
        seen.add(key)
    return out


#: tomllib's findings as Python 3.11-3.13 write them (its English, kept as the English of the catalogue),
#: translated where shown; a finding not listed passes through as tomllib wrote it.
_TOML_FINDINGS = frozenset({
    N_("Cannot overwrite a value"),
    N_("Escaped character is not a Unicode scalar value"),
    N_("Expected '=' after a key in a key/value pair"),
    N_("Expected ']' at the end of a table declaration"),
    N_("Expected ']]' at the end of an array declaration"),
    N_("Expected newline or end of document after a statement"),
    N_("Invalid date or datetime"),
    N_("Invalid hex value"),
    N_("Invalid initial character for a key part"),
    N_("Invalid statement"),
    N_("Invalid value"),
    N_("Unclosed array"),
    N_("Unclosed inline table"),
    N_("Unescaped '\\' in a string"),
    N_("Unterminated string"),
})
#: the findings that name a key, a text or a character: (pattern, message with that value as a placeholder)
_TOML_FINDINGS_NAMING = tuple((re.compile(pattern), message) for pattern, message in (
    (r"Cannot declare (?P<key>.+) twice", N_("Cannot declare {key} twice")),
    (r"Cannot mutate immutable namespace (?P<key>.+)", N_("Cannot mutate immutable namespace {key}")),
    (r"Cannot redefine namespace (?P<key>.+)", N_("Cannot redefine namespace {key}")),
    (r"Duplicate inline table key (?P<key>.+)", N_("Duplicate inline table key {key}")),
    (r"Expected (?P<text>'.*')", N_("Expected {text}")),
    (r"Found invalid character (?P<char>.+)", N_("Found invalid character {char}")),
    (r"Illegal character (?P<char>.+)", N_("Illegal character {char}")),
))
#: where tomllib puts the place of a finding: "… (at line 3, column 9)" or "… (at end of document)"
_TOML_PLACE = re.compile(
    r"^(?P<finding>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$", re.DOTALL)


def _toml_key(text: str) -> str:
    """A key as tomllib names it (``('phases', 'x')``, ``'x'``) as written in the file: ``phases.x``."""
    import ast

    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, RecursionError, MemoryError):
        return text
    if isinstance(value, tuple) and all(isinstance(part, str) for part in value):
        return ".".join(value)
    return value if isinstance(value, str) else text


def _toml_finding(text: str) -> str:
    """tomllib's finding (without its place) in the reader's language; as it is when not a known one."""
    if text in _TOML_FINDINGS:
        return _(text)
    for pattern, message in _TOML_FINDINGS_NAMING:
        match = pattern.fullmatch(text)
        if match:
            values = match.groupdict()
            if "key" in values:
                values["key"] = _toml_key(values["key"])
            return _(message).format(**values)
    return text


def _toml_error(source: str, exc: tomllib.TOMLDecodeError) -> ProtocolError:
    """The refusal of a file tomllib cannot read: one sentence with the line and column (or the very end of
    the file) and what tomllib found there, in the reader's language."""
    text = str(exc)
    place = _TOML_PLACE.match(text)
    if place is None:
        return ProtocolError(source, "", _("the file is not valid TOML ({detail})").format(detail=text))
    detail = _toml_finding(place["finding"])
    if place["line"] is None:
        message = _("the file is not valid TOML at its very end ({detail})").format(detail=detail)
    else:
        message = _("the file is not valid TOML at line {line}, column {column} ({detail})").format(
            line=place["line"], column=place["column"], detail=detail)
    return ProtocolError(source, "", message)


def parse_protocol(text: str, *, source: str) -> Protocol:
    """Parse and validate one protocol file's text. ``source`` names it in error messages.

    Raises :class:`ProtocolError` (with every problem in ``.errors``) for broken TOML, unknown, missing or
    wrongly typed keys, and internal inconsistencies (phase gaps/overlaps, bad templates, duplicate keys).
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_PROTOCOL_BYTES:
        raise ProtocolError(source, "", _("the file is larger than {size} KiB; a protocol is a few pages of text").format(
                            size=MAX_PROTOCOL_BYTES // 1024))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(source, exc) from None
    except RecursionError:
        raise ProtocolError(source, "", _("the file is not valid TOML (nested far too deeply)")) from None
    except Exception as exc:  # tomllib on hostile input: never let one file stop all printing
        raise ProtocolError(source, "", _("the file is not valid TOML ({detail})").format(
            detail=type(exc).__name__)) from None
    try:
        protocol = Protocol.model_validate(data)
    except ValidationError as exc:
        errors = [(_loc_to_field(e["loc"]), _friendly(e)) for e in exc.errors()]
        field, message = errors[0]
        raise ProtocolError(source, field, message, errors) from None
    problems = _semantic_errors(protocol)
    if problems:
        field, message = problems[0]
        raise ProtocolError(source, field, message, problems)
    return protocol


def content_hash(text: str) -> str:
    """SHA-256 (hex) of a protocol file's *normalised* content: the parsed TOML without its ``[review]``
    table, as canonical JSON. Comments, spacing and key order do not change it; any change to what is
    printed does, and the review table's own claims cannot. Raises ProtocolError for text that is not
    valid TOML."""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
        raise ProtocolError("protocol", "", _("the file is not valid TOML ({detail})").format(
            detail=type(exc).__name__)) from None
    data.pop("review", None)
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def protocol_text(path: str | Path) -> str:
    """The file's text exactly as stored (UTF-8) — what a ProtocolVersion row keeps for reprints."""
    return Path(path).read_text(encoding="utf-8")


def load_protocol_file(path: str | Path) -> Protocol:
    """Load one protocol file. Raises ProtocolError (``.file`` = the file name) if unreadable or invalid.

    The file name must be ``<id>.<language>.toml`` matching the file's ``id`` and ``language``.
    """
    path = Path(path)
    try:
        if path.stat().st_size > MAX_PROTOCOL_BYTES:
            raise ProtocolError(path.name, "", _("the file is larger than {size} KiB; a protocol is a few pages of text").format(
                                size=MAX_PROTOCOL_BYTES // 1024))
        text = protocol_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ProtocolError(path.name, "", _("cannot be read ({error})").format(error=exc)) from None
    protocol = parse_protocol(text, source=path.name)
    expected = f"{protocol.id}.{protocol.language}.toml"
    if path.name != expected:
        raise ProtocolError(path.name, "id", _("the file name must be {name} for this id and language").format(name=expected))
    return protocol


def load_bundled_protocols(
    directory: Path | None = None, errors: list[ProtocolError] | None = None
) -> dict[tuple[str, str], Protocol]:
    """Every valid protocol file in ``directory`` (default: the bundled ``protocols/`` folder), keyed
    ``(protocol id, language)``. A bad file never stops the others: it is skipped, and its
    ProtocolError is appended to ``errors`` when a list is given (else it is raised, the old behaviour
    for callers that must see it).
    """
    from clinic_desktop import paths

    folder = Path(directory) if directory is not None else paths.protocols_dir()
    found: dict[tuple[str, str], Protocol] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            protocol = load_protocol_file(path)
        except ProtocolError as exc:
            if errors is None:
                raise
            errors.append(exc)
            continue
        found[(protocol.id, protocol.language)] = protocol
    return found


# ------------------------------------------------------------------------------------------------ checks


_GENERIC_WORDS = {
    # words of the avoid texts that say nothing about what is avoided (English and French)
    "such", "other", "that", "contain", "contains", "products", "product", "serum", "cleansing", "with",
    "from", "your", "skin", "keeps", "healing", "inflamed", "comme", "autres", "autre", "produit",
    "contiennent", "peau", "guerit", "entretient", "chaleur", "qui", "dans", "pour", "sans", "avec",
    "lotion", "lotions", "heat", "plus", "nettoyant",
}
_NEGATION = re.compile(r"\b(without|free of|sans|exempt de|no)\b[^.;:()]*", re.IGNORECASE)


def _stem(word: str) -> str:
    word = "".join(c for c in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(c))
    for suffix in ("es", "s", "x"):
        if len(word) > 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _words(text: str) -> set[str]:
    """Significant words (stemmed, accent-free, ≥ 4 letters), with what follows "without"/"sans" removed
    ("a cleanser without fragrance or alcohol" does not contain fragrance) and "-free" words dropped."""
    text = _NEGATION.sub(" ", text)
    out = set()
    for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text):
        if word.casefold().endswith("-free"):
            continue
        for part in [word, *word.split("-")]:
            stem = _stem(part)
            if len(stem) >= 4 and stem not in _GENERIC_WORDS:
                out.add(stem)
    return out


def _avoid_words(item: AvoidItem) -> set[str]:
    return {_stem(t) for tag in item.tags for t in [tag, *tag.split("-")] if len(t) >= 3} | _words(item.text)


def product_conflicts(
    protocol: Protocol, others: Iterable[Protocol] = ()
) -> list[tuple[int, RecommendedProduct, AvoidItem]]:
    """Recommended products that contradict an avoid item while that item still applies.

    A product conflicts when its tags, or the words of its name and note, meet the avoid item's tags
    or words — in ``protocol``'s language and in every language given in ``others`` (the same protocol
    id; products and avoid items are matched by position and key). Returns ``(product index, product,
    avoid item)``; a product from day 29 does not conflict with something avoided through day 28.
    """
    variants = [protocol, *others]
    out = []
    for i, product in enumerate(protocol.recommended_products):
        product_words = {_stem(t) for t in product.tags}
        for variant in variants:
            if i < len(variant.recommended_products):
                other = variant.recommended_products[i]
                product_words |= _words(other.name) | _words(other.note)
        for item in protocol.avoid:
            if product.from_day > item.until_day:
                continue
            words = _avoid_words(item)
            for variant in variants:
                words |= {w for it in variant.avoid if it.key == item.key for w in _avoid_words(it)}
            if set(product.tags) & set(item.tags) or product_words & words:
                out.append((i, product, item))
    return out


def check_protocols(directory: Path | None = None) -> list[Finding]:
    """Check every ``*.toml`` protocol file in ``directory`` (default: the bundled folder).

    Errors: broken TOML, unknown/missing/mistyped keys, phase gaps or overlaps, file name not matching
    id and language, languages of one protocol id with different phases (keys and day windows) or
    versions, a language without headings. Warnings: a recommended product contradicting the avoid list.
    """
    from clinic_desktop import paths

    folder = Path(directory) if directory is not None else paths.protocols_dir()
    findings: list[Finding] = []
    if not folder.is_dir():
        return [Finding("error", str(folder), _("folder"), _("There is no folder here: no protocol can be printed."))]
    if not any(folder.glob("*.toml")):
        return [Finding("error", str(folder), _("folder"),
                        _("This folder holds no protocol files (*.toml): no aftercare sheet can be printed."))]
    loaded: dict[str, list[tuple[str, Protocol]]] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            protocol = load_protocol_file(path)
        except ProtocolError as exc:
            findings += [Finding("error", exc.file, field, message) for field, message in exc.errors]
            continue
        loaded.setdefault(protocol.id, []).append((path.name, protocol))
    for variants in loaded.values():
        for name, protocol in variants:
            clashes: dict[int, list[AvoidItem]] = {}
            others = [p for _, p in variants if p is not protocol]
            for i, _product, item in product_conflicts(protocol, others):
                clashes.setdefault(i, []).append(item)
            for i, items in clashes.items():
                product = protocol.recommended_products[i]
                detail = _("; ").join(
                    _("“{key}” (tags {tags}, avoided through day {day})").format(
                        key=item.key, tags=", ".join(sorted(set(product.tags) & set(item.tags))),
                        day=item.until_day)
                    for item in items
                )
                findings.append(
                    Finding(
                        "warning",
                        name,
                        f"recommended_products[{i}]",
                        _("“{product}” (from day {day}) contradicts the avoid list: {detail}").format(
                            product=product.name, day=product.from_day, detail=detail),
                    )
                )
    for variants in loaded.values():
        ref_name, ref = variants[0]
        ref_phases = [(ph.key, ph.window) for ph in ref.phases]
        for name, other in variants[1:]:
            if other.version != ref.version:
                findings.append(
                    Finding(
                        "error",
                        name,
                        "version",
                        _("version {version} differs from {file} ({reference})").format(
                            version=other.version, file=ref_name, reference=ref.version),
                    )
                )
            other_phases = [(ph.key, ph.window) for ph in other.phases]
            if other_phases != ref_phases:
                findings.append(
                    Finding(
                        "error",
                        name,
                        "phases",
                        _("phases {phases} differ from {file} {reference}").format(
                            phases=_describe(other_phases), file=ref_name, reference=_describe(ref_phases)),
                    )
                )
            ref_r = {r.key: (r.min_hours, r.default_hours) for r in ref.restrictions}
            other_r = {r.key: (r.min_hours, r.default_hours) for r in other.restrictions}
            if ref_r != other_r:
                findings.append(
                    Finding(
                        "error", name, "restrictions", _("restriction keys or hours differ from {file}").format(file=ref_name)
                    )
                )
            if other.follow_up_schedule != ref.follow_up_schedule:
                findings.append(Finding("error", name, "follow_ups", _("follow-ups differ from {file}").format(file=ref_name)))
            if other.review.status != ref.review.status:
                findings.append(
                    Finding(
                        "warning",
                        name,
                        "review.status",
                        _("review status “{status}” differs from {file}").format(
                            status=other.review.status, file=ref_name),
                    )
                )
    return findings


def _describe(phases: list[tuple[str, tuple[int, int | None]]]) -> str:
    parts = []
    for key, (start, end) in phases:
        parts.append(f"{key} {start}–{'' if end is None else end}")
    return "[" + ", ".join(parts) + "]"
