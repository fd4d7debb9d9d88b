"""A scrub bar the finger can drag: a thick track, a large knob, seeks on release."""

from __future__ import annotations

from typing import Any

from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty
from kivy.uix.widget import Widget

from .geometry import right
from .styled import Styled

Builder.load_string("""
<Scrubber>:
    canvas:
        Color:
            rgba: self.palette.SURFACE_HIGH
        RoundedRectangle:
            pos: self.x, self.center_y - self.height * 0.12
            size: self.width, self.height * 0.24
            radius: [self.height * 0.12]
        Color:
            rgba: self.palette.ACCENT
        RoundedRectangle:
            pos: (self.knob_x if self.rtl else self.x), self.center_y - self.height * 0.12
            size: (self.right - self.knob_x if self.rtl else self.knob_x - self.x), self.height * 0.24
            radius: [self.height * 0.12]
        Ellipse:
            pos: self.knob_x - self.height * 0.4, self.center_y - self.height * 0.4
            size: self.height * 0.8, self.height * 0.8
""")


class Scrubber(Styled, Widget):
    """``value`` is 0-1 of the clip; dragging shows the new place, ``on_seek(value)`` on release."""

    value = NumericProperty(0.0)
    rtl = BooleanProperty(False)
    dragging = BooleanProperty(False)
    knob_x = NumericProperty(0.0)

    __events__ = ("on_seek",)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bind(value=self._place, pos=self._place, size=self._place, rtl=self._place)

    def _place(self, *_args: Any) -> None:
        fraction = max(0.0, min(1.0, self.value))
        self.knob_x = right(self) - fraction * self.width if self.rtl else self.x + fraction * self.width

    def _fraction(self, x: float) -> float:
        fraction = (x - self.x) / max(1.0, self.width)
        fraction = 1 - fraction if self.rtl else fraction
        return max(0.0, min(1.0, fraction))

    def on_touch_down(self, touch: Any) -> bool:
        # a generous target: the whole row's height, a little beyond the ends
        if not (self.x - 20 <= touch.x <= self.right + 20 and self.y - 20 <= touch.y <= self.top + 20):
            return False
        touch.grab(self)
        self.dragging = True
        self.value = self._fraction(touch.x)
        return True

    def on_touch_move(self, touch: Any) -> bool:
        if touch.grab_current is self:
            self.value = self._fraction(touch.x)
            return True
        return False

    def on_touch_up(self, touch: Any) -> bool:
        if touch.grab_current is self:
            touch.ungrab(self)
            self.dragging = False
            self.value = self._fraction(touch.x)
            self.dispatch("on_seek", self.value)
            return True
        return False

    def on_seek(self, value: float) -> None:
        pass
