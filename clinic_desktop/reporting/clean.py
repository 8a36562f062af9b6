"""Characters an export format cannot hold, removed before writing (case: a vertical tab pasted from Word).

One rule for every exporter (CSV, XLSX, PDF, recall CSV, line listing), the strictest of them: XML 1.0's
``Char`` production (XLSX is XML; reportlab's paragraph markup is XML-like), which also excludes what
openpyxl refuses (its ``ILLEGAL_CHARACTERS_RE``: C0 controls but tab, line feed and carriage return) and
what UTF-8 cannot encode (lone surrogates, U+D800–U+DFFF), and the non-characters U+FFFE/U+FFFF.
Word's vertical tab (manual line break) and form feed (page break) become line breaks; the rest is dropped.
"""

from __future__ import annotations

import re

# XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def export_text(value: str) -> str:
    """``value`` with every character XML 1.0 (hence XLSX), CSV in UTF-8 and the PDF writer cannot hold
    removed; vertical tab and form feed become ``\\n``. Other text is kept exactly."""
    return _NOT_XML_CHAR.sub("", value.translate(_BREAKS))
