"""Text shaping for right-to-left scripts (no Kivy).

Kivy's SDL2 text provider draws glyphs in the order given. Arabic needs its letters
joined (``arabic_reshaper``) and each *line* put in visual order (``bidi``). Lines
must be broken in logical order first, then reordered, or a wrapped paragraph reads
its lines bottom-up: :func:`wrap_rtl` does that with a width measure passed in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import arabic_reshaper
from bidi import get_display
from bidi.mirror import MIRRORED

_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": True})


def has_rtl(text: str) -> bool:
    """True when the text holds right-to-left letters (Arabic, Hebrew, ...)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


# A run of left-to-right words (with hyphens, dots, slashes or colons inside them: an ISBN, a
# date, a web address; with spaces, brackets and commas between them: "Memory of a City
# (Baku)", "Sample Press, 2012") is kept left to right as a whole: python-bidi otherwise
# reverses the groups of 978-0-00-900105-5 in an Arabic line. Within such a run the
# Unicode bidi algorithm would keep the words, commas and a trailing year left to right
# too (rule W7 makes the number follow the Latin before it), as a browser shows them.
_LETTER = "0-9A-Za-z\u00c0-\u02af\u0300-\u03ff\u0400-\u04ff\u1e00-\u1eff"  # Latin (Azerbaijani ə ş ğ ı), Greek, Cyrillic
_WORD = rf"[{_LETTER}](?:[{_LETTER}\-./:_]*[{_LETTER}])?"
_LTR_RUN = re.compile(rf"\(?{_WORD}\)?(?:[,،;]? +\(?{_WORD}\)?)*")
_ISOLATE, _POP = "\u2066", "\u2069"
_CONTROLS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e\u200e\u200f"))


def visual_line(text: str) -> str:
    """One line of mixed-direction text in the order it is drawn, letters joined."""
    if not has_rtl(text):
        return text
    isolated = _LTR_RUN.sub(lambda m: f"{_ISOLATE}{m.group(0)}{_POP}", text)
    visual = _mirror_right_to_left(get_display(_RESHAPER.reshape(isolated), base_dir="R"))
    # the direction marks have no glyph: drop them once they have done their work
    return visual.translate(_CONTROLS)


def _mirror_right_to_left(visual: str) -> str:
    """Brackets in the right-to-left part of a line, mirrored (the algorithm's rule L4,
    which python-bidi leaves to the renderer and SDL does not do): "(note)" in Arabic
    is drawn ")note(" otherwise. The Latin runs, between isolate marks, stay as they are."""
    out, latin = [], False
    for ch in visual:
        if ch in (_ISOLATE, _POP):
            latin = not latin
        out.append(ch if latin else MIRRORED.get(ch, ch))
    return "".join(out)


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


_LINK_PIECE = re.compile(r"[^/?&=#]*[/?&=#]+|[^/?&=#]+")


def wrap_link(link: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Break a web address into lines no wider than ``width``, after its slashes.

    A visitor copies an address by reading it; broken inside a word ("bo / oks") it
    reads as two. Lines end after ``/``, ``?``, ``&``, ``=`` or ``#``; a piece wider
    than a line is left to the label to break.
    """
    lines: list[str] = []
    current = ""
    for piece in _LINK_PIECE.findall(link.strip()):
        if current and measure(current + piece) > width:
            lines.append(current)
            current = piece
        else:
            current += piece
    if current:
        lines.append(current)
    return lines
