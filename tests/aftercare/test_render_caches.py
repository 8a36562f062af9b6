"""The render's per-process caches (issue #17) change nothing in the PDF: with them, a sheet's bytes are
the ones reportlab makes without them (plain Paragraphs parsed and broken every time, drawImage)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from clinic_desktop.aftercare import render, text
from clinic_desktop.aftercare.render import render_sheet

from .conftest import FACIAL, HAIR, make_inputs


def _logo(kind: str) -> bytes:
    image = Image.new("RGBA" if kind == "PNG" else "RGB", (300, 120), (40, 110, 140, 160))
    buf = io.BytesIO()
    image.save(buf, format=kind)
    return buf.getvalue()


def _uncached(monkeypatch) -> None:
    """reportlab's own steps: a plain Paragraph for every paragraph, drawImage for the logo."""
    from reportlab.platypus import Paragraph

    monkeypatch.setattr(text, "_memo_paragraph", lambda markup, style, bullet: Paragraph(
        markup, style, bulletText=bullet))
    monkeypatch.setattr(render, "_draw_logo", lambda canv, logo, w, h: canv.drawImage(
        logo.reader, 0, 0, w, h, mask="auto"))


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
@pytest.mark.parametrize("large", [False, True])
def test_cached_render_gives_the_bytes_of_the_plain_render(bundled, monkeypatch, kind, large):
    protocols = [bundled[(FACIAL, "en")], bundled[(HAIR, "en")]]
    inputs = make_inputs(protocols, large=large)
    logo = _logo(kind)
    cached = [render_sheet(inputs, protocols, logo) for _ in range(3)]  # the caches filled, then used
    with monkeypatch.context() as m:
        _uncached(m)
        plain = render_sheet(inputs, protocols, logo)
    assert cached[0] == cached[1] == cached[2] == plain
