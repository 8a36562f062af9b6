"""Localised sheet wording (headings, labels) and date formats for every supported language.

Dates are formatted with Babel: English in the ``en_CA`` locale with short names ("Mon 30 Nov 2026"),
Canadian French in ``fr_CA`` with full names ("lundi 30 novembre 2026"). Keys are the same in every
language; a test checks that.
"""

from __future__ import annotations

import re
from datetime import date, time
from functools import lru_cache

from babel import Locale
from babel.dates import format_date

LOCALES: dict[str, str] = {"en": "en_CA", "fr": "fr_CA"}

# Babel patterns: a date inside a range (no year), a date with its year, the full treatment date.
_DATE_PATTERNS: dict[str, dict[str, str]] = {
    "en": {"range_start": "EEE d MMM", "date": "EEE d MMM y", "full": "EEEE d MMMM y", "dob": "d MMM y",
           "short": "EEE d MMM"},
    "fr": {"range_start": "EEEE d MMMM", "date": "EEEE d MMMM y", "full": "EEEE d MMMM y", "dob": "d MMMM y",
           "short": "EEE d MMM"},
}

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Aftercare instructions",
        "subject": "Aftercare sheet",
        "patient": "Patient",
        "date_of_birth": "Date of birth",
        "treatment": "Treatment",
        "treatments": "Treatments",
        "areas": "areas",
        "practitioner": "Practitioner",
        "treatment_date": "Treatment date",
        "day_by_day": "Day by day",
        "tick_hint": "Tick each box once you have read it.",
        "day_single": "Day {n}",
        "day_range": "Days {a}–{b}",
        "day_open": "Day {n} onward",
        "date_open": "from {date}",
        "waiting_times": "Your waiting times",
        "waiting_hint": "Waits end at the time of day of your treatment, on the date shown;",
        "ends_on": "{date}",
        "ends_hours": "{hours} h after treatment",
        "adjusted": "Adjusted for you",
        "adjusted_by": "Adjusted for you by {by}",
        "notes": "Notes from your care team",
        "avoid": "What to avoid",
        "avoid_hint": "rules given in days end at the end of the date shown.",
        "avoid_until": "{date}",
        "products": "Products we recommend",
        "product_from": "from {date}",
        "expected": "What to expect",
        "follow_up": "Your follow-up",
        "phone_check": "We will phone you on {date} to see how you are.",
        "review": "Review visit around {date}. Please book it if it is not booked yet.",
        "red_title": "Contact us now if you notice",
        "red_call_clinic": "Call the clinic, day or night:",
        "red_call_clinic_hours": "Call the clinic:",
        "red_emergency": "Call emergency services now if you have",
        "red_emergency_hint": "Do not wait and do not drive yourself.",
        "emergency_line": "Clinic emergency line",
        "scan_to_call": "Scan to call",
        "born": "Born {date}",
        "page": "Page {x} of {y}",
        "issued": "Issued {date}",
        "watermark": "DRAFT — not approved by the clinic",
        "demo_mark": "DEMO (not a real clinic)",
        "panel_language": "&Language",
        "panel_waits": "Waiting times for this patient",
        "panel_no_waits": "This protocol has no waiting times to adjust.",
        "panel_protocol_tip": "Protocol: {default} (never less than {minimum}).",
        "panel_large_print": "Large print",
        "panel_note": "Personal &note",
        "panel_note_placeholder": "A personal note printed on the sheet (optional)",
        "panel_note_tip": "At most {count} characters; a long note continues on the next pages.",
        "draft_part": "DRAFT — not yet approved by the clinic",
        "safety_title": "Contact us straight away if…",
        "safety_more": "All the warning signs are listed at the end of this sheet.",
        "line_hours": "Our line is answered {hours}. At any other time, or if you cannot reach us, "
        "call {number} or go to the nearest emergency department.",
        "line_always": "Our line is answered day and night.",
        "red_emergency_number": "Call emergency services ({number}) now if you have",
        "safety_emergency": "Call {number} now for",
        "treatment_time": "Treatment date and time",
        "date_time": "{date}, {time}",
        "time_rule": "Waits count from your treatment ({time}) and end at the date and time shown; "
        "rules given in days end at midnight at the end of the date shown.",
        "until_end_of": "until the end of {date}",
    },
    "fr": {
        "title": "Consignes de soins après le traitement",
        "subject": "Fiche de soins",
        "patient": "Patient",
        "date_of_birth": "Date de naissance",
        "treatment": "Traitement",
        "treatments": "Traitements",
        "areas": "zones",
        "practitioner": "Praticien",
        "treatment_date": "Date du traitement",
        "day_by_day": "Jour par jour",
        "tick_hint": "Cochez chaque case une fois la consigne lue.",
        "day_single": "Jour {n}",
        "day_range": "Jours {a}–{b}",
        "day_open": "À partir du jour {n}",
        "date_open": "à partir du {date}",
        "waiting_times": "Vos délais",
        "waiting_hint": "Les délais se terminent à l'heure de votre traitement, à la date indiquée ;",
        "ends_on": "{date}",
        "ends_hours": "{hours} h après le traitement",
        "adjusted": "Adapté pour vous",
        "adjusted_by": "Adapté pour vous par {by}",
        "notes": "Notes de votre équipe de soins",
        "avoid": "À éviter",
        "avoid_hint": "les consignes en jours, à la fin de la date indiquée.",
        "avoid_until": "{date}",
        "products": "Produits que nous recommandons",
        "product_from": "à partir du {date}",
        "expected": "À quoi vous attendre",
        "follow_up": "Votre suivi",
        "phone_check": "Nous vous appellerons le {date} pour prendre de vos nouvelles.",
        "review": "Rendez-vous de contrôle vers le {date}. Réservez-le s'il ne l'est pas déjà.",
        "red_title": "Appelez-nous sans attendre si vous avez",
        "red_call_clinic": "Appelez la clinique, jour et nuit :",
        "red_call_clinic_hours": "Appelez la clinique :",
        "red_emergency": "Appelez les services d'urgence immédiatement si vous avez",
        "red_emergency_hint": "N'attendez pas, ne conduisez pas vous-même.",
        "emergency_line": "Ligne d'urgence de la clinique",
        "scan_to_call": "Scannez pour appeler",
        "born": "Né(e) le {date}",
        "page": "Page {x} de {y}",
        "issued": "Remis le {date}",
        "watermark": "ÉBAUCHE — non approuvée par la clinique",
        "demo_mark": "DÉMO (pas une vraie clinique)",
        "panel_language": "&Langue",
        "panel_waits": "Délais d’attente pour ce patient",
        "panel_no_waits": "Ce protocole n’a aucun délai d’attente à adapter.",
        "panel_protocol_tip": "Protocole\u00a0: {default} (jamais moins de {minimum}).",
        "panel_large_print": "Gros caractères",
        "panel_note": "&Note personnelle",
        "panel_note_placeholder": "Une note personnelle imprimée sur la fiche de soins (facultative)",
        "panel_note_tip": "Au plus {count} caractères\u202f; une longue note se poursuit sur les pages suivantes.",
        "draft_part": "ÉBAUCHE — pas encore approuvée par la clinique",
        "safety_title": "Appelez-nous sans attendre si…",
        "safety_more": "Tous les signes d'alerte sont à la fin de cette fiche.",
        "line_hours": "Notre ligne répond {hours}. En dehors de ces heures, ou si vous ne pouvez pas nous "
        "joindre, composez le {number} ou rendez-vous à l'urgence la plus proche.",
        "line_always": "Notre ligne répond jour et nuit.",
        "red_emergency_number": "Appelez le {number} (urgences) sans attendre si vous avez",
        "safety_emergency": "Composez le {number} sans attendre en cas de",
        "treatment_time": "Date et heure du traitement",
        "date_time": "{date}, {time}",
        "time_rule": "Les délais comptent depuis votre traitement ({time}) et finissent à la date et à "
        "l'heure indiquées ; les consignes en jours, à minuit à la fin de la date indiquée.",
        "until_end_of": "jusqu'à la fin du {date}",
    },
}


def strings(language: str) -> dict[str, str]:
    """The sheet wording for ``language``. Raises KeyError for an unsupported language."""
    return STRINGS[language]


@lru_cache(maxsize=8)
def _locale(language: str) -> Locale:
    return Locale.parse(LOCALES[language])


@lru_cache(maxsize=4096)
def format_day(d: date, language: str, form: str = "date") -> str:
    """Format a date. ``form``: "date" (with year), "range_start" (no year), "full" (all words), "dob",
    "short" (abbreviated, no year: "Mon 30 Nov", "lun. 30 nov."; the waits' ends beside the treatment date).

    French writes the first of the month "1er" ("mardi 1er décembre 2026").
    """
    text = format_date(d, _DATE_PATTERNS[language][form], locale=_locale(language))
    if language == "fr" and d.day == 1:
        text = re.sub(r"(?<!\d)1(?= )", "1er", text, count=1)
    return text


def format_clock(t: time, language: str) -> str:
    """A clock time: "14:30" in English (24-hour, as in the clinic's Canadian French/English sheets),
    "14 h 30" in French (OQLF; non-breaking spaces)."""
    if language == "fr":
        return f"{t.hour}\u00a0h\u00a0{t.minute:02d}"
    return f"{t.hour:02d}:{t.minute:02d}"


_NNBSP = "\u202f"  # narrow no-break space (espace fine insécable)
_NBSP = "\u00a0"


def french_typography(text: str) -> str:
    """Apply French typography rules (OQLF) to ``text``; idempotent.

    * a no-break space before ``:`` and a narrow no-break space before ``; ! ?`` (never in a URL or a
      clock time such as 14:30);
    * quotation marks as « … » with narrow no-break spaces inside (“…” and "…" are converted);
    * a no-break space between a number and its unit: ``24 h``, ``48 heures``, ``3 jours``, ``10 %``.
    """
    text = re.sub(r"[“\"]([^”\"]*)[”\"]", lambda m: f"«{_NNBSP}{m.group(1).strip()}{_NNBSP}»", text)
    text = re.sub(r"«[ \u00a0\u202f]*", "«" + _NNBSP, text)
    text = re.sub(r"[ \u00a0\u202f]*»", _NNBSP + "»", text)
    text = re.sub(r"(?<=[^\s/:])[ \u00a0\u202f]*:(?=\s|$)", _NBSP + ":", text)
    text = re.sub(r"(?<=[^\s])[ \u00a0\u202f]*([;!?])(?=\s|$|[»)])", lambda m: _NNBSP + m.group(1), text)
    text = re.sub(
        r"(\d)[ \u202f]+(?=(h|min|heures?|jours?|semaines?|mois|ans?|ml|mg|%)(?![\w]))", "\\1" + _NBSP, text
    )
    return text


def format_range(start: date, end: date | None, language: str) -> str:
    """ "Mon 30 Nov – Tue 1 Dec 2026" / "lundi 30 novembre – mardi 1 décembre 2026"; one day → one date;
    a range across a new year shows both years; ``end=None`` → "from …" / "à partir du …".
    """
    if end is None:
        return STRINGS[language]["date_open"].format(date=format_day(start, language))
    if end == start:
        return format_day(start, language)
    first = format_day(start, language, "range_start" if start.year == end.year else "date")
    if language == "fr":  # « du mercredi 2 au jeudi 3 décembre 2026 »
        last = format_day(end, language)
        if start.year == end.year and start.month == end.month:
            first = re.sub(r" [^ ]+$", "", first)  # the month is said once, at the end
        return f"du {first} au {last}"
    return f"{first} – {format_day(end, language)}"


def day_label(start_day: int, end_day: int | None, language: str) -> str:
    """ "Day 0", "Days 1–2", "Day 7 onward" (and the French equivalents)."""
    s = STRINGS[language]
    if end_day is None:
        return s["day_open"].format(n=start_day)
    if end_day == start_day:
        return s["day_single"].format(n=start_day)
    return s["day_range"].format(a=start_day, b=end_day)
