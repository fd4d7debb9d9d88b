"""Colours, type and sizes. Sizes scale with the short side of the screen (1080 px = 1)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FONTS = Path(__file__).with_name("fonts")

RGBA = tuple[float, float, float, float]


@dataclass(frozen=True)
class Palette:
    """The colours of every screen. Text keeps at least 4.5:1 against what it sits on."""

    BACKGROUND: RGBA
    SURFACE: RGBA
    SURFACE_HIGH: RGBA
    TEXT: RGBA
    TEXT_MUTED: RGBA
    ACCENT: RGBA
    ON_ACCENT: RGBA
    SCRIM: RGBA
    PLACEHOLDER: RGBA


NORMAL = Palette(
    # a calm, dark room with warm light
    BACKGROUND=(0.075, 0.08, 0.09, 1),
    SURFACE=(0.14, 0.15, 0.165, 1),
    SURFACE_HIGH=(0.21, 0.22, 0.24, 1),
    TEXT=(0.96, 0.94, 0.90, 1),
    TEXT_MUTED=(0.78, 0.76, 0.72, 1),
    ACCENT=(0.85, 0.70, 0.42, 1),
    ON_ACCENT=(0.09, 0.08, 0.06, 1),
    SCRIM=(0, 0, 0, 0.72),
    PLACEHOLDER=(0.20, 0.21, 0.23, 1),
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
)

LARGE_TEXT_SCALE = 1.3


def palette() -> Palette:
    """The running kiosk's palette (normal or high contrast); NORMAL outside the app."""
    from kivy.app import App

    return getattr(App.get_running_app(), "palette", NORMAL)


def text_scale() -> float:
    """1 normally, ``LARGE_TEXT_SCALE`` in large-text mode."""
    from kivy.app import App

    return getattr(App.get_running_app(), "text_scale", 1.0)


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


FONT_REGULAR = FONTS / "KioskSans-Regular.ttf"
FONT_BOLD = FONTS / "KioskSans-Bold.ttf"
"""Noto Sans merged with Noto Sans Arabic (scripts/make_fonts.py; SIL OFL): Kivy draws a
label in one font with no fallback, so mixed Arabic and Latin text needs both in one."""


def register_fonts() -> None:
    """Register the bundled font with Kivy as ``KioskSans``."""
    from kivy.core.text import LabelBase

    LabelBase.register("KioskSans", str(FONT_REGULAR), fn_bold=str(FONT_BOLD))
