"""A thin line that shows how far through the panels the visitor is."""

from __future__ import annotations

from kivy.graphics import Color, Rectangle
from kivy.properties import BooleanProperty, NumericProperty
from kivy.uix.widget import Widget

from .. import theme


class ProgressLine(Widget):
    value = NumericProperty(0.0)
    """0 to 1."""
    rtl = BooleanProperty(False)
    """Right to left: the line grows from the right edge."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        with self.canvas:
            Color(*theme.SURFACE_HIGH)
            self._track = Rectangle()
            Color(*theme.ACCENT)
            self._bar = Rectangle()
        self.bind(pos=self._redraw, size=self._redraw, value=self._redraw, rtl=self._redraw)

    def _redraw(self, *_args) -> None:
        self._track.pos, self._track.size = self.pos, self.size
        width = self.width * max(0.0, min(1.0, self.value))
        x = self.right - width if self.rtl else self.x
        self._bar.pos, self._bar.size = (x, self.y), (width, self.height)
