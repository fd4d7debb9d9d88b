"""The kiosk's visual system: colours, type, spacing and icons, in one place.

A memorial exhibition, not a dashboard (docs/design.md): a near-black warm ground, off-white
text, one warm accent used for one meaning only (the primary action and "you are here"), a
serif for titles and names, a sans for captions, controls and facts, an icon and a word on
every control. Sizes are in pixels at 1080p (``u`` scales them to the screen's short side);
they keep to a grid of 8.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..media.typefaces import FONT_BOLD, FONT_REGULAR, ICON_FONT, SERIF_BOLD, SERIF_REGULAR

RGBA = tuple[float, float, float, float]


@dataclass(frozen=True)
class Palette:
    """The colours of every screen. Text keeps at least 4.5:1 against what it sits on (7:1
    in high contrast); control boundaries (OUTLINE) at least 3:1 against the ground."""

    BACKGROUND: RGBA
    SURFACE: RGBA
    SURFACE_HIGH: RGBA
    TEXT: RGBA
    TEXT_MUTED: RGBA
    ACCENT: RGBA
    """The one accent: the primary action (Play, Continue) and the current place. Nothing else."""
    ON_ACCENT: RGBA
    SCRIM: RGBA
    PLACEHOLDER: RGBA
    OUTLINE: RGBA
    """The edge of every control, so a button reads as one without relying on its fill."""
    SELECTED: RGBA
    """A toggle that is on: a lighter surface, with a check and an underline (not the accent)."""


NORMAL = Palette(
    # a calm, dark room with warm light
    BACKGROUND=(0.085, 0.078, 0.072, 1),
    SURFACE=(0.145, 0.135, 0.125, 1),
    SURFACE_HIGH=(0.215, 0.202, 0.188, 1),
    TEXT=(0.96, 0.94, 0.90, 1),
    TEXT_MUTED=(0.78, 0.76, 0.72, 1),
    ACCENT=(0.85, 0.70, 0.42, 1),
    ON_ACCENT=(0.09, 0.08, 0.06, 1),
    SCRIM=(0, 0, 0, 0.72),
    PLACEHOLDER=(0.19, 0.18, 0.17, 1),
    OUTLINE=(0.47, 0.45, 0.42, 1),
    SELECTED=(0.33, 0.31, 0.29, 1),
)

HIGH_CONTRAST = Palette(
    # black and white, with a yellow that reads on black
    BACKGROUND=(0, 0, 0, 1),
    SURFACE=(0, 0, 0, 1),
    SURFACE_HIGH=(0.16, 0.16, 0.16, 1),
    TEXT=(1, 1, 1, 1),
    TEXT_MUTED=(1, 1, 1, 1),
    ACCENT=(1, 0.86, 0.0, 1),
    ON_ACCENT=(0, 0, 0, 1),
    SCRIM=(0, 0, 0, 0.9),
    PLACEHOLDER=(0.12, 0.12, 0.12, 1),
    OUTLINE=(1, 1, 1, 1),
    SELECTED=(0.30, 0.30, 0.30, 1),
)


class Type:
    """The type scale at 1080p, viewed from about a metre (DESIGN-NOTES): titles in the serif,
    everything else in the sans. Large text multiplies every size by ``LARGE_TEXT_SCALE``."""

    DISPLAY = 88
    """The exhibition's title."""
    TITLE = 52
    """A panel's, clip's or book's title."""
    HEADING = 40
    BODY = 32
    """Captions and descriptions; set 1.4 lines apart."""
    CONTROL = 30
    """The words on controls."""
    SMALL = 24
    """Credits, counts."""
    LINE_HEIGHT = 1.4
    MEASURE = 60
    """Characters a line of body text aims at (museum labels: 45-75)."""


class Space:
    """Spacing, on a grid of 8 px at 1080p."""

    XS, S, M, L, XL = 8, 16, 24, 32, 48
    MARGIN = 48
    """Nothing sits closer to the bezel than this, where fingers and glare are."""
    TOUCH = 88
    """The height of a control: above the 64 px the platforms ask for."""


ICONS = {
    # Material Icons (Apache 2.0), by code point: an icon beside the word on every control
    "back": "\ue5c4", "home": "\ue88a", "language": "\ue894", "reading": "\ue262",
    "play": "\ue037", "pause": "\ue034", "replay_10": "\ue059", "forward_10": "\ue056",
    "volume_down": "\ue04d", "volume_up": "\ue050", "subtitles": "\ue048", "grid": "\ue9b0",
    "text": "\ue262", "previous": "\ue5cb", "next": "\ue5cc", "check": "\ue5ca",
    "close": "\ue5cd", "info": "\ue88e", "touch": "\ue913", "swipe": "\ue913", "photos": "\ue413",
    "film": "\ue02c", "book": "\uea19", "filter": "\ue152", "search": "\ue8b6", "skip": "\ue044",
    "visibility": "\ue8f4", "flame": "\uef55", "edit": "\ue3c9", "signature": "\ue155", "send": "\ue163",
    "read": "\ue666",
}
ICONS_RTL = {"back": "\ue5c8", "previous": "\ue5cc", "next": "\ue5cb", "skip": "\ue045"}
"""Arrows that point the other way in a right-to-left language."""


def icon(name: str, rtl: bool = False) -> str:
    """The glyph of the icon called ``name`` (mirrored arrows for right to left)."""
    return (ICONS_RTL.get(name) if rtl else None) or ICONS.get(name, "")


LARGE_TEXT_SCALE = 1.3
"""Large text multiplies every size of words by this (a screen's ``text_scale``)."""


@dataclass(frozen=True)
class Metrics:
    """Sizes for one screen; ``u`` is one pixel at 1080p."""

    width: int
    height: int

    @property
    def u(self) -> float:
        return min(self.width, self.height) / 1080

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    def px(self, value: float) -> float:
        return value * self.u

    @property
    def touch(self) -> float:
        """The smallest touch target: 88 px at 1080p, above the 64 px bar."""
        return max(64.0, 88 * self.u)


def register_fonts() -> None:
    """Register the bundled fonts with Kivy: ``KioskSans``, ``KioskSerif``, ``KioskIcons``."""
    from kivy.core.text import LabelBase

    LabelBase.register("KioskSans", str(FONT_REGULAR), fn_bold=str(FONT_BOLD))
    LabelBase.register("KioskSerif", str(SERIF_REGULAR), fn_bold=str(SERIF_BOLD))
    LabelBase.register("KioskIcons", str(ICON_FONT))
