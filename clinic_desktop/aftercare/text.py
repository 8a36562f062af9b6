"""Text for reportlab in every script: bundled fonts, font runs, shaping, bidi and unprintable characters.

One helper shared by the aftercare sheet and the report PDF (no Qt, no database):

* :func:`register_fonts` registers the bundled Noto Sans faces (Latin incl. Vietnamese, Greek, Cyrillic),
  Noto Sans Arabic and Noto Sans Hebrew, DejaVu Sans for symbols (⚠ ★) and, when the system has one, a CJK
  font found with ``fc-match``. Each is a reportlab font family (regular / bold / italic), so a bold style
  stays bold in every script.
* :func:`markup` turns user or protocol text into Paragraph markup: NFC, XML-escaped, line breaks kept,
  each run of characters put in the first font that can draw it; a character that no font can draw is
  replaced by U+FFFD "�" (drawn, so the reader sees something is missing) — never dropped silently.
* :func:`styled` picks, for a given markup string, a variant of a ParagraphStyle with harfbuzz shaping
  (``uharfbuzz``, joined Arabic) and the Unicode bidi algorithm (``python-bidi``, via reportlab's
  ``wordWrap="LTR"/"RTL"``: lines are wrapped in logical order and each line is reordered) when the text
  needs it; the paragraph's base direction is that of its first strong character (UAX #9, rule P2).
  Latin-only text keeps the plain, faster path.
* :func:`unprintable` lists the characters of a text that no font can draw, for the preview's warnings.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from clinic_desktop.aftercare.errors import SheetError

FONT = "NotoSans"
FONT_BOLD = "NotoSans-Bold"
FONT_ITALIC = "NotoSans-Italic"
REPLACEMENT = "\ufffd"
"""Drawn in place of a character that no bundled or system font has."""


@dataclass(frozen=True)
class _Family:
    name: str
    regular: str  # file names in resources/fonts
    bold: str
    italic: str


_BUNDLED: tuple[_Family, ...] = (
    _Family(FONT, "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf"),
    _Family("NotoSansArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", "NotoSansArabic-Regular.ttf"),
    _Family("NotoSansHebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf", "NotoSansHebrew-Regular.ttf"),
    _Family("DejaVuSans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
)
_CJK = "SystemCJK"

# Characters that need harfbuzz shaping and/or the bidi algorithm: Hebrew, Arabic (and their
# presentation forms), Syriac, Thaana, N'Ko, plus the explicit direction marks.
_COMPLEX = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_TAG = re.compile(r"<[^>]*>|&[a-z]+;|&#\d+;")


@dataclass(frozen=True)
class _Fonts:
    families: tuple[tuple[str, frozenset[int]], ...]  # (family name, code points) in fallback order


def _register_family(family: str, regular: str, bold: str, italic: str, subfont: int = 0) -> frozenset[int]:
    names = {"": regular, "-Bold": bold, "-Italic": italic}
    registered = pdfmetrics.getRegisteredFontNames()
    for suffix, path in names.items():
        name = family + suffix
        if name in registered:
            continue
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=subfont))
    pdfmetrics.registerFontFamily(
        family, normal=family, bold=family + "-Bold", italic=family + "-Italic", boldItalic=family + "-Bold"
    )
    return frozenset(pdfmetrics.getFont(family).face.charToGlyph)


def _system_cjk_font() -> str | None:
    """A TrueType CJK font file the system has (``fc-match :lang=zh``), or None."""
    if shutil.which("fc-match") is None:
        return None
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", ":lang=zh"], capture_output=True, text=True, timeout=5, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return found if found.lower().endswith((".ttf", ".ttc", ".otf")) else None


#: OpenType features asked of harfbuzz when a paragraph is shaped (on top of the ones harfbuzz always
#: applies for Arabic: the joining forms init/medi/fina/isol, required ligatures "rlig" such as lam-alef,
#: "calt", marks). reportlab's default also turns on "liga" and "dlig", with which Noto Sans Arabic draws
#: whole words as one glyph: "محمد" as U+FDF4 ﷴ, "الله" as U+FDF2, lam-yeh as U+FC86; a name must read
#: (and extract, and be searched for in the PDF) letter by letter, so neither is used.
SHAPING_FEATURES: dict[str, bool] = {"kern": True, "liga": False, "clig": False, "dlig": False}


def _shape_with_our_features() -> None:
    """Make reportlab's Paragraph shape with :data:`SHAPING_FEATURES` (once). reportlab has no setting for
    the features: its paragraph module calls ``shapeFragWord(word)`` with the defaults, so that name is
    pointed at a wrapper passing ours."""
    from reportlab.pdfbase import ttfonts
    from reportlab.platypus import paragraph as rl_paragraph

    if getattr(rl_paragraph.shapeFragWord, "clinic_features", None) is SHAPING_FEATURES:
        return
    original = ttfonts.shapeFragWord

    def shape_frag_word(w, features=None, force=False):  # noqa: ANN001, ANN202 (reportlab's signature)
        return original(w, SHAPING_FEATURES if features is None else features, force)

    shape_frag_word.clinic_features = SHAPING_FEATURES  # type: ignore[attr-defined]
    rl_paragraph.shapeFragWord = shape_frag_word


@lru_cache(maxsize=1)
def register_fonts() -> _Fonts:
    """Register the bundled font families once (and a system CJK font when one is found).

    Raises :class:`SheetError` when a bundled font file is missing or unreadable.
    """
    from clinic_desktop import paths

    _shape_with_our_features()
    folder = paths.fonts_dir()
    families: list[tuple[str, frozenset[int]]] = []
    for fam in _BUNDLED:
        try:
            # DejaVu's oblique is registered under the "-Italic" suffix like the others.
            chars = _register_family(
                fam.name, str(folder / fam.regular), str(folder / fam.bold), str(folder / fam.italic)
            )
        except Exception as exc:  # reportlab raises bare TTFError/IOError variants
            raise SheetError(f"The bundled font {fam.regular} could not be loaded ({exc}).") from None
        families.append((fam.name, chars))
    cjk = _system_cjk_font()
    if cjk is not None:
        try:
            chars = _register_family(_CJK, cjk, cjk, cjk)
            if any(0x4E00 <= c <= 0x9FFF for c in chars):
                families.append((_CJK, chars))
        except Exception:  # a CFF-flavoured or odd system font: CJK stays unprintable (and reported)
            pass
    return _Fonts(tuple(families))


def _font_for(ch: str, fonts: _Fonts) -> str | None:
    code = ord(ch)
    for name, chars in fonts.families:
        if code in chars:
            return name
    return None


def _clean(text: str) -> str:
    """NFC; Windows/Mac line ends and tabs made plain; control and format characters (ZWJ, marks) removed."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs", "Cf"))


def _invisible(ch: str) -> bool:
    """Format characters (ZWJ, direction marks, variation selectors) that no font needs to draw."""
    return unicodedata.category(ch) == "Cf" or ch in "\ufe0e\ufe0f"


@lru_cache(maxsize=8192)
def unprintable(text: str) -> tuple[str, ...]:
    """The distinct characters of ``text`` (in order of appearance) that no available font can draw."""
    fonts = register_fonts()
    out: dict[str, None] = {}
    for ch in _clean(text):
        if ch in "\n " or _invisible(ch):
            continue
        if _font_for(ch, fonts) is None:
            out[ch] = None
    return tuple(out)


def describe_characters(chars: tuple[str, ...] | list[str]) -> str:
    """``"😊 (U+1F60A SMILING FACE WITH SMILING EYES)"``-style list for a warning message."""
    return ", ".join(f"{c} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')})" for c in chars)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=8192)
def plain(text: str) -> str:
    """``text`` as printed, without markup: NFC, unprintable characters replaced by U+FFFD, blanks tidied."""
    fonts = register_fonts()
    out = []
    for ch in _clean(text):
        if ch == "\n" or ch == " " or _invisible(ch) or _font_for(ch, fonts) is not None:
            out.append(ch)
        else:
            out.append(REPLACEMENT)
    # reportlab breaks lines at U+202F (narrow no-break space) but never at U+00A0: print the latter.
    kept = re.sub(r"[ ]{2,}", " ", "".join(out)).replace("\u202f", "\u00a0")
    return "\n".join(line.strip() for line in kept.split("\n")).strip()


@lru_cache(maxsize=8192)
def markup(text: str) -> str:
    """Paragraph markup for ``text``: escaped, ``<br/>`` for line breaks, ``<font face>`` runs per script.

    Characters the main font (Noto Sans) can draw carry no tag; spaces, digits and punctuation join the
    run they are in, so a name in Arabic stays one shaped run.
    """
    fonts = register_fonts()
    main = fonts.families[0][1]
    pieces: list[str] = []
    run_font: str | None = None
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        body = _escape("".join(run))
        pieces.append(body if run_font in (None, FONT) else f'<font face="{run_font}">{body}</font>')
        run.clear()

    for ch in plain(text):
        if ch == "\n":
            flush()
            run_font = None
            pieces.append("<br/>")
            continue
        neutral = ch == " " or unicodedata.bidirectional(ch) in ("WS", "CS", "ON", "ES", "ET", "EN", "NSM")
        if neutral and run_font is not None:
            current = dict(fonts.families).get(run_font, main)
            if ord(ch) in current or _invisible(ch):
                run.append(ch)
                continue
        font = FONT if ord(ch) in main or _invisible(ch) else (_font_for(ch, fonts) or FONT)
        if font != run_font:
            flush()
            run_font = font
        run.append(ch)
    flush()
    return "".join(pieces)


def needs_shaping(markup_text: str) -> bool:
    """True when the text holds characters that must be shaped and ordered (Arabic, Hebrew …)."""
    return bool(_COMPLEX.search(markup_text))


def base_direction(markup_text: str) -> str:
    """"RTL" when the first strong character (outside tags) is right-to-left, else "LTR" (UAX #9 P2)."""
    for ch in _TAG.sub("", markup_text):
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "RTL"
        if kind == "L":
            return "LTR"
    return "LTR"


@lru_cache(maxsize=256)
def _variant(style: ParagraphStyle, direction: str) -> ParagraphStyle:
    alignment = style.alignment
    if direction == "RTL" and alignment == TA_LEFT:
        alignment = TA_RIGHT
    # No reportlab wordWrap="RTL"/"LTR": its bidi needs rlbidi (not on PyPI); BidiParagraph reorders
    # lines itself with python-bidi.
    return ParagraphStyle(f"{style.name}-{direction}", parent=style, shaping=1, alignment=alignment)


def styled(markup_text: str, style: ParagraphStyle, direction: str | None = "LTR") -> ParagraphStyle:
    """``style`` itself for text without complex scripts; else a variant with shaping and bidi on.

    ``direction`` is the paragraph's base direction: "LTR" (the sheet's languages; an Arabic name inside
    still reads right to left), "RTL", or None to take it from the first strong character (free text such
    as a note written in Arabic or Hebrew).
    """
    if not needs_shaping(markup_text):
        return style
    return _variant(style, direction or base_direction(markup_text))


def draw_line(canv, text: str, style: ParagraphStyle, x: float, y: float, width: float) -> None:  # noqa: ANN001
    """Draw ``text`` (plain, any script) as one line from ``x`` with its baseline at ``y`` on a reportlab
    canvas, shortened with "…" to fit ``width`` points. For page headers and footers, which need the
    shaping, bidi and font runs of a Paragraph too."""
    def para(t: str):  # noqa: ANN202
        return paragraph(markup(t), style)

    one_line = style.leading * 1.01
    p = para(text)
    if p.wrap(width, style.leading * 4)[1] > one_line:
        lo, hi = 0, len(text)
        while lo < hi:  # the longest prefix (with "…") that still fits on one line
            mid = (lo + hi + 1) // 2
            if para(text[:mid].rstrip() + "…").wrap(width, style.leading * 4)[1] <= one_line:
                lo = mid
            else:
                hi = mid - 1
        p = para(text[:lo].rstrip() + "…")
        p.wrap(width, style.leading * 4)
    p.drawOn(canv, x, y - style.fontSize * 0.25)


# ------------------------------------------------------------------------------------ bidi paragraphs

_RTL_CHARS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def bidi_levels(text: str, base: str) -> list[int]:
    """The resolved embedding level of each character of ``text`` (UAX #9, rules X1–I2) for the base
    direction ``base`` ("LTR"/"RTL"), computed with python-bidi's algorithm. Even = left to right."""
    from bidi import algorithm as uba

    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if base == "RTL" else 0
    storage["base_dir"] = "R" if base == "RTL" else "L"
    uba.get_embedding_levels(text, storage, False, False)
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    return [ch["level"] for ch in storage["chars"]]


def _visual_order(levels: list[int]) -> list[int]:
    """Indices in display order (UAX #9 rule L2: reverse every run at each level from the highest down)."""
    order = list(range(len(levels)))
    if not levels:
        return order
    lowest_odd = min(level for level in levels if level % 2) if any(lv % 2 for lv in levels) else None
    if lowest_odd is None:
        return order
    for level in range(max(levels), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


def _frag_markup(text: str, frag: object) -> str:
    colour = getattr(frag, "textColor", None)
    attrs = [f'name="{frag.fontName}"', f'size="{frag.fontSize}"']  # type: ignore[attr-defined]
    if colour is not None and hasattr(colour, "hexval"):
        attrs.append(f'color="#{colour.hexval()[2:]}"')
    return f"<font {' '.join(attrs)}>{_escape(text)}</font>"


class BidiParagraph:
    """A paragraph with right-to-left text (Arabic, Hebrew), wrapped in logical order and reordered per
    line (UAX #9 rule L2, levels from python-bidi), each line drawn as a shaped one-line Paragraph
    (harfbuzz joins Arabic and draws each right-to-left word's letters in order). Splits between lines,
    so a long note flows across pages. Built by :func:`paragraph`; a reportlab Flowable."""

    def __new__(cls, *args: object, **kwargs: object):  # a real Flowable subclass, made lazily
        return _bidi_class()(*args, **kwargs)


@lru_cache(maxsize=1)
def _bidi_class() -> type:
    from reportlab.platypus import Flowable, Paragraph

    class _BidiParagraph(Flowable):
        def __init__(self, text: str, style: ParagraphStyle, direction: str, bulletText: str | None = None,
                     lines: list | None = None):
            super().__init__()
            self.text, self.style, self.direction, self.bulletText = text, style, direction, bulletText
            self._lines: list | None = lines
            self._width = 0.0
            self.spaceBefore = style.spaceBefore
            self.spaceAfter = style.spaceAfter

        # logical wrapping: the unshaped text's line breaks (shaped Arabic is never wider)
        def _measure(self, width: float) -> list:
            plain_style = ParagraphStyle(f"{self.style.name}-measure", parent=self.style, shaping=0,
                                         wordWrap=None)
            para = Paragraph(self.text, plain_style, bulletText=self.bulletText)
            para.wrap(width, 1e9)
            lines = []
            bl = para.blPara
            first = True
            for line in bl.lines:
                words = line.words if bl.kind == 1 else None
                if words is None:  # a single-frag paragraph: (extra space, [words])
                    pieces = [(" ".join(line[1]), para.frags[0])]
                else:
                    pieces = [(f.text, f) for f in words]
                lines.append(self._line(pieces, first))
                first = False
            return lines

        def _line(self, pieces: list, first: bool) -> Paragraph:
            text = "".join(t for t, _ in pieces).rstrip()
            owners = [f for t, f in pieces for _ in t][: len(text)]
            levels = bidi_levels(text, self.direction)
            # words (and the spaces between) as units, each at the level of its first strong character
            units: list[tuple[int, int]] = []
            i = 0
            while i < len(text):
                j = i + 1
                kind = text[i] == " "
                while j < len(text) and (text[j] == " ") == kind and owners[j] is owners[i]:
                    j += 1
                units.append((i, j))
                i = j
            unit_levels = [max(levels[a:b]) if text[a] != " " else levels[a] for a, b in units]
            markup_line = "".join(_frag_markup(text[a:b], owners[a]) for a, b in
                                  (units[k] for k in _visual_order(unit_levels)))
            style = ParagraphStyle(f"{self.style.name}-line", parent=self.style, shaping=1, wordWrap=None,
                                   spaceBefore=0, spaceAfter=0,
                                   firstLineIndent=self.style.firstLineIndent if first else 0)
            return Paragraph(markup_line or "&nbsp;", style, bulletText=self.bulletText if first else None)

        def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
            if self._lines is None or self._width != availWidth:
                self._lines = self._measure(availWidth)
                self._width = availWidth
            self.height = sum(line.wrap(availWidth, availHeight)[1] for line in self._lines)
            self.width = availWidth
            return availWidth, self.height

        def minWidth(self) -> float:
            return Paragraph(self.text, self.style).minWidth()

        def split(self, availWidth: float, availHeight: float) -> list:
            self.wrap(availWidth, availHeight)
            assert self._lines is not None
            used, n = 0.0, 0
            for line in self._lines:
                h = line.wrap(availWidth, availHeight)[1]
                if used + h > availHeight:
                    break
                used += h
                n += 1
            if n == 0 or n == len(self._lines):
                return []
            head = _BidiParagraph(self.text, self.style, self.direction, self.bulletText, self._lines[:n])
            tail = _BidiParagraph(self.text, self.style, self.direction, None, self._lines[n:])
            head._width = tail._width = availWidth
            head.spaceAfter = 0
            tail.spaceBefore = 0
            return [head, tail]

        def draw(self) -> None:
            assert self._lines is not None
            y = self.height
            for line in self._lines:
                h = line.wrap(self._width, 1e9)[1]
                y -= h
                line.drawOn(self.canv, 0, y)

    return _BidiParagraph


_FACE_TAG = re.compile(r'<font face="([A-Za-z]+)">')


def _faced(markup_text: str, font_name: str) -> str:
    """Script runs (``<font face="NotoSansArabic">``) in the style's weight: a bold style's Arabic is bold.
    (reportlab maps a face to bold only for ``<b>``, not for a bold style font.)"""
    suffix = "-Bold" if font_name.endswith("-Bold") else "-Italic" if font_name.endswith("-Italic") else ""
    if not suffix or "<font face=" not in markup_text:
        return markup_text
    return _FACE_TAG.sub(lambda m: f'<font face="{m.group(1)}{suffix}">', markup_text)


@lru_cache(maxsize=1)
def _memo_paragraph_class() -> type:
    """Paragraph that lays itself out once per width (reportlab imported on first use)."""
    from reportlab.platypus import Paragraph

    class MemoParagraph(Paragraph):
        """A Paragraph whose line breaking is done once per available width.

        A sheet wraps most paragraphs two or three times at the same width (a table measures its cells,
        then draws them; the planner measures the first page's boxes; KeepTogether measures its content):
        the lines only depend on the width, the style and the text, so the result of the first
        ``breakLines`` is kept. The layout, and so the text of the PDF, is the same.
        """

        _memo: tuple | None = None

        def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
            memo = self._memo
            if memo is not None and memo[0] == availWidth and memo[1] is self.frags:
                self.width, self.height, self.blPara, self._wrapWidths = memo[2:]
                return self.width, self.height
            size = super().wrap(availWidth, availHeight)
            if availWidth >= 1e-8:
                self._memo = (availWidth, self.frags, self.width, self.height, self.blPara, self._wrapWidths)
            return size

    return MemoParagraph


#: Parsed paragraph markup, per (markup, style, bullet): the sheet's protocol text is the same on every sheet,
#: so each paragraph's markup is parsed once per process. Held here pristine; each paragraph gets clones.
_PARSED: dict[tuple, tuple] = {}
_PARSED_MAX = 4096


def _clones(frags):  # noqa: ANN001, ANN202 - reportlab ParaFrag lists (or a bullet's plain text)
    return [f.clone() for f in frags] if isinstance(frags, list) else frags


def _memo_paragraph(markup_text: str, style: ParagraphStyle, bulletText: str | None):  # noqa: ANN202, N803
    """A MemoParagraph of ``markup_text``; the markup is parsed once (reportlab's own parser) and each
    paragraph made later from the same markup and style gets its own copies of the parsed fragments (line
    breaking and splitting change them). The same fragments, so the same text and layout."""
    cls = _memo_paragraph_class()
    key = (markup_text, style, bulletText)
    parsed = _PARSED.get(key)
    if parsed is None:
        para = cls(markup_text, style, bulletText=bulletText)
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = (para.style, _clones(para.frags), _clones(para.bulletText), para.text)
        return para
    parsed_style, frags, bullet, text = parsed
    para = cls(None, parsed_style, bulletText=_clones(bullet), frags=_clones(frags))
    para.text = text
    return para


def paragraph(markup_text: str, style: ParagraphStyle, direction: str | None = "LTR",
              bulletText: str | None = None):  # noqa: ANN201, N803 (reportlab's keyword)
    """A reportlab flowable for ``markup_text`` (from :func:`markup`) in ``style``: a plain Paragraph for
    left-to-right text (shaped when its script needs it); for text with right-to-left characters, a
    :class:`BidiParagraph` (logical wrapping, per-line reordering). ``direction``: the paragraph's base
    direction, "LTR" (default), "RTL", or None to take it from the first strong character."""
    markup_text = _faced(markup_text, style.fontName)
    if not _RTL_CHARS.search(markup_text):
        return _memo_paragraph(markup_text, styled(markup_text, style), bulletText)
    base = direction or base_direction(markup_text)
    line_style = _variant(style, base)
    return BidiParagraph(markup_text, line_style, base, bulletText)
