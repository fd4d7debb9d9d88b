"""Text shaping for right-to-left scripts (no Kivy).

Kivy's SDL2 text provider draws glyphs in the order given. Arabic needs its letters
joined (``arabic_reshaper``) and each *line* put in visual order (``bidi``). Lines
must be broken in logical order first, then reordered, or a wrapped paragraph reads
its lines bottom-up: :func:`wrap_rtl` does that with a width measure passed in.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import arabic_reshaper
from bidi import get_display

_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": True})


def has_rtl(text: str) -> bool:
    """True when the text holds right-to-left letters (Arabic, Hebrew, ...)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def visual_line(text: str) -> str:
    """One line of mixed-direction text in the order it is drawn, letters joined."""
    if not has_rtl(text):
        return text
    return get_display(_RESHAPER.reshape(text), base_dir="R")


def wrap_rtl(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Break ``text`` into lines no wider than ``width``, each already in visual order.

    ``measure`` gives the drawn width of a visual line in the target font and size.
    Paragraph breaks in the text are kept.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        current: list[str] = []
        for word in words:
            trial = " ".join([*current, word])
            if current and measure(visual_line(trial)) > width:
                lines.append(visual_line(" ".join(current)))
                current = [word]
            else:
                current.append(word)
        lines.append(visual_line(" ".join(current)))
    return lines
