"""Every waiting time of the bundled protocols has a name people read, in French too (never the raw key)."""

from __future__ import annotations

from clinic_desktop.aftercare.protocol import load_bundled_protocols
from clinic_desktop.services import messages
from clinic_desktop.services.waits import WAIT_NAMES, wait_name


def test_every_bundled_wait_key_has_a_translated_name():
    keys = {r.key for p in load_bundled_protocols().values() for r in p.restrictions}
    assert keys and keys <= set(WAIT_NAMES)
    french = messages._translations("fr")
    for key in keys:
        assert french.gettext(WAIT_NAMES[key]) != WAIT_NAMES[key], key  # translated, not the English again
    assert wait_name("cold_water") == "cold water" and wait_name(None) == "?"
