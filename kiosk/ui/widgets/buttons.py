"""Large, plain touch buttons."""

from __future__ import annotations

from kivy.graphics import Color, RoundedRectangle
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty
from kivy.uix.behaviors import ButtonBehavior

from .. import theme
from .text import KLabel


class KButton(ButtonBehavior, KLabel):
    """A text button with a rounded background; at least 64 px high at 1080p."""

    background = ColorProperty((0.21, 0.22, 0.24, 1))
    pressed_background = ColorProperty((0.85, 0.70, 0.42, 1))
    radius = NumericProperty(14)
    selected = BooleanProperty(False)

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("align", "center")
        colours = theme.palette()
        kwargs.setdefault("background", colours.SURFACE_HIGH)
        kwargs.setdefault("pressed_background", colours.ACCENT)
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
        if self.state == "down" or self.selected or list(self.background) == list(theme.palette().ACCENT):
            self.color = theme.palette().ON_ACCENT
        else:
            self.color = theme.palette().TEXT
