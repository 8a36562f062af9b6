"""The public emergency services number of a country, printed on every aftercare sheet.

A small table kept in code (ISO 3166-1 alpha-2 country code → the number a patient dials for an
ambulance). Sources: each country's published emergency number; 112 works in every EU/EEA country and
is the default for European countries not listed with their own. Countries not in the table give None:
the clinic profile then asks for the number to be typed.
"""

from __future__ import annotations

_NUMBERS: dict[str, str] = {
    # North America (NANP): 911
    "CA": "911", "US": "911", "MX": "911",
    # United Kingdom and Ireland: 999 and 112 both work; 999 is the one people know
    "GB": "999", "IE": "112",
    # Australia 000, New Zealand 111
    "AU": "000", "NZ": "111",
    # EU / EEA and Switzerland: 112
    **{code: "112" for code in (
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IT", "LV", "LT",
        "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "CH",
    )},
    # A few others clinics of ours are in
    "MA": "150", "TN": "190", "DZ": "14", "LB": "140", "IL": "101", "AE": "998", "SA": "997",
    "JP": "119", "KR": "119", "CN": "120", "IN": "112", "ZA": "10177", "BR": "192",
}


def emergency_services_number(country: str) -> str | None:
    """The ambulance number for ``country`` (ISO 3166-1 alpha-2, any case), e.g. "CA" → "911", "FR" → "112",
    "GB" → "999", "AU" → "000"; None for a country not in the table."""
    return _NUMBERS.get((country or "").strip().upper())


def known_countries() -> list[str]:
    """The country codes the table knows, sorted."""
    return sorted(_NUMBERS)
