"""``kiosk book export``: the book of remembrance as a PDF a venue prints and binds.

fpdf2 lays the pages out and shapes every line through HarfBuzz (``set_text_shaping``, the
uharfbuzz wheel): Arabic joined and right to left, Cyrillic, Azerbaijani ə ğ ı ş, each in the
kiosk's own typefaces (``kiosk/media/typefaces.py``), embedded in the file. One message is one
block, never split over two pages: its words, who wrote it and from where, its date, the
signature. The first page carries the exhibition's emblem and title in every language; every
page its number.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..analytics.book import Message
from ..content.models import Exhibition, RemembranceBookSection
from ..media.text import has_rtl
from ..media.typefaces import FONT_BOLD, FONT_REGULAR, SERIF_BOLD, SERIF_REGULAR

INK = (30, 28, 26)
MUTED = (105, 100, 94)
RULE = (190, 180, 165)
ACCENT = (150, 112, 40)


ARABIC_SCALE = 1.12
"""Arabic set about a tenth larger than Latin at the same nominal size reads as large (DESIGN-NOTES)."""


def _size(text: str, size: float) -> float:
    return size * ARABIC_SCALE if has_rtl(text) else size


def _pdf_class() -> Any:
    from fpdf import FPDF

    class BookPdf(FPDF):
        """A4, a running head with the exhibition's title, the page number at the foot."""

        head = ""

        def header(self) -> None:
            if self.page_no() == 1:
                return
            self.set_font("Sans", size=8)
            self.set_text_color(*MUTED)
            self.cell(0, 6, self.head, align="R" if has_rtl(self.head) else "L",
                      new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Sans", size=9)
            self.set_text_color(*MUTED)
            self.cell(0, 8, f"{self.page_no()} / {{nb}}", align="C")

    return BookPdf


def _texts_in_every_language(exhibition: Exhibition, text: Any) -> list[str]:
    """A Text in each of the exhibition's languages it is written in, each once."""
    if text is None:
        return []
    seen: list[str] = []
    for code in exhibition.languages:
        value = text.get(code, [code]) if hasattr(text, "get") else str(text)
        if value and value not in seen:
            seen.append(value)
    return seen


def export_book(out: Path, exhibition: Exhibition, section: RemembranceBookSection, messages: Sequence[Message],
                emblem: Path | None = None, made: dt.datetime | None = None) -> int:
    """Write the book to ``out``; returns its number of pages."""
    pdf = _pdf_class()(format="A4", unit="mm")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_font("Serif", "", str(SERIF_REGULAR))
    pdf.add_font("Serif", "B", str(SERIF_BOLD))
    pdf.add_font("Sans", "", str(FONT_REGULAR))
    pdf.add_font("Sans", "B", str(FONT_BOLD))
    pdf.set_text_shaping(True)
    pdf.set_title(exhibition.text(section.title, exhibition.default_language))
    pdf.set_creator("kiosk book export")
    pdf.head = " · ".join(t for t in (exhibition.text(exhibition.title, exhibition.default_language),
                                      exhibition.text(section.title, exhibition.default_language)) if t)
    width = pdf.w - pdf.l_margin - pdf.r_margin

    # the first page: emblem, the exhibition's and the book's titles in every language
    pdf.add_page()
    pdf.ln(18)
    if emblem is not None and emblem.is_file():
        size = 34
        pdf.image(str(emblem), x=(pdf.w - size) / 2, w=size)
        pdf.ln(8)
    pdf.set_text_color(*INK)
    for i, line in enumerate(_texts_in_every_language(exhibition, exhibition.title)):
        pdf.set_font("Serif", "B" if i == 0 else "", _size(line, 22 if i == 0 else 16))
        pdf.multi_cell(width, 11 if i == 0 else 9, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_draw_color(*ACCENT)
    pdf.line(pdf.w / 2 - 20, pdf.get_y(), pdf.w / 2 + 20, pdf.get_y())
    pdf.ln(10)
    for i, line in enumerate(_texts_in_every_language(exhibition, section.title)):
        pdf.set_font("Serif", "B" if i == 0 else "", _size(line, 18 if i == 0 else 14))
        pdf.multi_cell(width, 9, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("Sans", "", 10)
    pdf.set_text_color(*MUTED)
    if messages:
        first, last = min(m.written for m in messages), max(m.written for m in messages)
        span = f"{first:%d.%m.%Y}" if first.date() == last.date() else f"{first:%d.%m.%Y} – {last:%d.%m.%Y}"
        pdf.multi_cell(width, 6, f"{len(messages)} · {span}", align="C", new_x="LMARGIN", new_y="NEXT")
    for line in _texts_in_every_language(exhibition, section.prompt):
        pdf.set_font("Serif", "", _size(line, 11))
        pdf.multi_cell(width, 6.5, line, align="C", new_x="LMARGIN", new_y="NEXT")

    # the organisers' own pages, then one block a message
    if section.pages or messages:
        pdf.add_page()
    for page in section.pages:
        for line in _texts_in_every_language(exhibition, page.text):
            _paragraph(pdf, width, line, "Serif", 13, INK)
        if page.signed is not None:
            for line in _texts_in_every_language(exhibition, page.signed):
                _paragraph(pdf, width, line, "Sans", 10, MUTED)
        _rule(pdf)
    for message in messages:
        _message(pdf, width, message)
    pdf.output(str(out))
    return pdf.page_no()


def _paragraph(pdf: Any, width: float, text: str, family: str, size: float, colour: tuple[int, int, int],
               height: float | None = None) -> None:
    pdf.set_font(family, "", _size(text, size))
    pdf.set_text_color(*colour)
    pdf.multi_cell(width, height or size * 0.55, text, align="R" if has_rtl(text) else "L",
                   new_x="LMARGIN", new_y="NEXT")


def _rule(pdf: Any) -> None:
    pdf.ln(4)
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(6)


def _message(pdf: Any, width: float, message: Message) -> None:
    """One message as one block: moved whole to the next page when it does not fit."""
    signed = " · ".join(p for p in (message.name, message.place) if p)
    rtl = has_rtl(message.text)
    pdf.set_font("Serif", "", _size(message.text, 13))
    text_height = pdf.multi_cell(width, 7.2, message.text, dry_run=True, output="HEIGHT")
    needed = text_height + (7 if signed else 0) + 6 + (18 if message.signature else 0) + 14
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page()
    _paragraph(pdf, width, message.text, "Serif", 13, INK, 7.2)
    pdf.ln(1.5)
    if signed:
        pdf.set_font("Serif", "B", _size(signed, 11))
        pdf.set_text_color(*INK)
        pdf.multi_cell(width, 6.5, signed, align="R" if rtl or has_rtl(signed) else "L",
                       new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Sans", "", 9)
    pdf.set_text_color(*MUTED)
    pdf.cell(width, 5.5, f"{message.written:%d.%m.%Y}", align="R" if rtl else "L", new_x="LMARGIN", new_y="NEXT")
    if message.signature:
        w = 40
        x = pdf.w - pdf.r_margin - w if rtl else pdf.l_margin
        try:
            pdf.image(io.BytesIO(message.signature), x=x, w=w)
        except Exception:  # noqa: BLE001 - a damaged signature is left out, the message stays
            pass
    _rule(pdf)
