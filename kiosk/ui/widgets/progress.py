"""A thin line that shows how far through the panels the visitor is."""

from __future__ import annotations

from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty
from kivy.uix.widget import Widget

from .styled import Styled

Builder.load_string("""
<ProgressLine>:
    canvas:
        Color:
            rgba: self.palette.SURFACE_HIGH
        Rectangle:
            pos: self.pos
            size: self.size
        Color:
            rgba: self.palette.ACCENT
        Rectangle:
            pos: (self.right - self.width * min(1, max(0, self.value)) if self.rtl else self.x), self.y
            size: self.width * min(1, max(0, self.value)), self.height
""")


class ProgressLine(Styled, Widget):
    value = NumericProperty(0.0)
    """0 to 1."""
    rtl = BooleanProperty(False)
    """Right to left: the line grows from the right edge."""
