"""Large, plain touch buttons."""

from __future__ import annotations

from kivy.graphics import Color, RoundedRectangle
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty
from kivy.uix.behaviors import ButtonBehavior

from .. import theme
from .text import KLabel


class KButton(ButtonBehavior, KLabel):
    """A text button with a rounded background; at least 64 px high at 1080p."""

    background = ColorProperty(theme.SURFACE_HIGH)
    pressed_background = ColorProperty(theme.ACCENT)
    radius = NumericProperty(14)
    selected = BooleanProperty(False)

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("align", "center")
        super().__init__(**kwargs)
        with self.canvas.before:
            self._bg_color = Color(*self.background)
            self._bg = RoundedRectangle(pos=self.pos, size=self.size, radius=[self.radius])
        self.bind(pos=self._redraw, size=self._redraw, state=self._redraw, background=self._redraw,
                  selected=self._redraw, radius=self._redraw)

    def _redraw(self, *_args) -> None:
        self._bg.pos, self._bg.size, self._bg.radius = self.pos, self.size, [self.radius]
        active = self.state == "down" or self.selected
        self._bg_color.rgba = self.pressed_background if active else self.background
        self.color = theme.ON_ACCENT if active else theme.TEXT
