"""E-mail addresses typed for patients and the clinic: checked with ``email-validator`` (syntax only)."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

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
        return typed, f"This e-mail address is too long ({MAX_EMAIL_CHARS} characters at most)."
    if "@" not in typed:
        return typed, "This e-mail address has no “@”; write it as name@example.com."
    try:
        checked = validate_email(typed, check_deliverability=False)
    except EmailNotValidError as exc:
        return typed, f"Not an e-mail address: {exc}"
    except Exception:  # noqa: BLE001 (odd input the library does not expect: still only a field message)
        return typed, "This is not an e-mail address; write it as name@example.com."
    return checked.normalized, None
