"""The typefaces that ship with the kiosk, as files (no Kivy): the UI registers them with
Kivy, ``kiosk doctor`` checks that they are there, ``kiosk preview`` and tests measure with
them. All under free licences (fonts/OFL.txt, fonts/LICENSE-MaterialIcons.txt)."""

from __future__ import annotations

from pathlib import Path

FONTS = Path(__file__).with_name("fonts")
FONT_REGULAR = FONTS / "KioskSans-Regular.ttf"
FONT_BOLD = FONTS / "KioskSans-Bold.ttf"
"""Noto Sans merged with Noto Sans Arabic (scripts/make_fonts.py; SIL OFL): Kivy draws a
label in one font with no fallback, so mixed Arabic and Latin text needs both in one."""
SERIF_REGULAR = FONTS / "KioskSerif-Regular.ttf"
SERIF_BOLD = FONTS / "KioskSerif-Bold.ttf"
"""Noto Serif merged with Noto Naskh Arabic, the same way: titles and names."""
ICON_FONT = FONTS / "MaterialIcons-Regular.ttf"
"""Material Icons (Apache 2.0, fonts/LICENSE-MaterialIcons.txt), drawn by code point."""
