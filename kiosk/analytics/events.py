"""What is recorded: a closed list of event kinds, each with the fields it fills.

Every field is a name the exhibition itself defines (a section's or item's id, a media
path, a language code) or one of the kiosk's own words; never anything a visitor typed,
never a picture or a sound, never who they are. ``amount`` is a number of seconds or a
share (0..1), as each kind says.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    code: int
    name: str
    section: str
    item: str
    detail: str
    amount: str


KINDS: tuple[Kind, ...] = (
    Kind(1, "visit_start", "", "the attract item on screen (section/item)", "the language on screen", ""),
    Kind(2, "visit_end", "", "", "why: idle, exit, silence, stopped, error", "the visit's length in seconds"),
    Kind(3, "language", "", "the language left", "the language chosen", ""),
    Kind(4, "reading", "", "", "normal, large_text, high_contrast or large_text+high_contrast", ""),
    Kind(5, "section", "section id", "", "", ""),
    Kind(6, "panel", "section id", "panel id", "", "seconds the panel was on screen"),
    Kind(7, "zoom", "section id", "panel id", "", "the zoom reached"),
    Kind(8, "note", "section id", "panel id", "shown, continued or skipped", ""),
    Kind(9, "clip", "section id", "clip id", "subtitle language, or off", "share of the clip watched (0..1)"),
    Kind(10, "book", "section id", "book id", "", ""),
    Kind(11, "page", "section id", "book id", "page number (1, 2, ...)", ""),
    Kind(12, "qr", "section id", "book id", "", "seconds the QR code was on screen"),
    Kind(13, "filter", "section id", "", "topic:TAG, language:CODE, topic:all or language:all", ""),
    Kind(14, "placeholder", "section id", "the media file (as the curator wrote it)", "photo, clip or page", ""),
    Kind(15, "search", "section id (a register of names)", "",
         "typed (a search begun: never the letters) or found (a person's page opened from it)", ""),
)
"""Every kind of event. Codes are stored; never reuse or renumber one."""

CODES: dict[str, int] = {k.name: k.code for k in KINDS}
NAMES: dict[int, str] = {k.code: k.name for k in KINDS}

VISIT_START, VISIT_END, LANGUAGE, READING = CODES["visit_start"], CODES["visit_end"], CODES["language"], \
    CODES["reading"]
