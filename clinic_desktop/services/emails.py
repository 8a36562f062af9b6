"""E-mail addresses typed for patients and the clinic: checked with ``email-validator`` (syntax only)."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from clinic_desktop.services.messages import N_, _

MAX_EMAIL_CHARS = 200
"""Longest e-mail address stored (characters), as the database columns allow."""


def normalised_email(text: str) -> tuple[str, str | None]:
    """Check an e-mail address as typed; return ``(normalised, problem)``.

    Empty (or blank) text is allowed: ``("", None)``. A good address comes back in its normalised form
    (the domain in lower case, Unicode normalised, e.g. ``"Desk@Clinique.FR"`` -> ``"Desk@clinique.fr"``)
    with ``problem`` None. Otherwise ``normalised`` is the trimmed text and ``problem`` says what is wrong
    in plain words (``"contact@"``: nothing after the @). The domain's mail servers are not looked up
    (no network at the desk). Never raises.
    """
    typed = text.strip()
    if not typed:
        return "", None
    if len(typed) > MAX_EMAIL_CHARS:
        return typed, _("This e-mail address is too long ({n} characters at most).").format(n=MAX_EMAIL_CHARS)
    if "@" not in typed:
        return typed, _("This e-mail address has no “@”; write it as name@example.com.")
    try:
        checked = validate_email(typed, check_deliverability=False)
    except EmailNotValidError as exc:
        return typed, _validator_problem(str(exc))
    except Exception:  # noqa: BLE001 (odd input the library does not expect: still only a field message)
        return typed, _("This is not an e-mail address; write it as name@example.com.")
    return checked.normalized, None


#: email-validator's findings (English, from the library) said in our words, translated: (a piece of the
#: library's message, our sentence). The first piece found wins; anything else gets the general sentence.
_VALIDATOR_PROBLEMS = (
    ("something after the @-sign", N_("Nothing follows the “@”; write it as name@example.com.")),
    ("something before the @-sign", N_("Nothing comes before the “@”; write it as name@example.com.")),
    ("should have a period", N_("The part after the “@” needs a dot, as in name@example.com.")),
    ("invalid characters", N_("This e-mail address holds a character an address cannot have (a space, a "
                              "second “@”…); write it as name@example.com.")),
    ("two periods in a row", N_("An e-mail address cannot have two dots in a row.")),
    ("period immediately", N_("An e-mail address cannot have a dot just before or after the “@”, nor at its "
                              "start or end.")),
    ("hyphen", N_("The part after the “@” cannot start or end with a hyphen.")),
)


def _validator_problem(detail: str) -> str:
    """email-validator's English ``detail`` as one of our translated sentences (the general one otherwise)."""
    for piece, sentence in _VALIDATOR_PROBLEMS:
        if piece in detail:
            return _(sentence)
    return _("This is not an e-mail address; write it as name@example.com.")
