"""Large touch buttons with an icon and a word, in three kinds a visitor tells apart.

- ``primary``: filled with the accent, the one thing to do here (Play, Continue).
- ``toggle``: on or off; when on, a lighter surface, a check and an underline (never
  colour alone).
- ``plain``: everything else, on the surface with a visible edge.

Every kind has an outline that keeps 3:1 against the ground (DESIGN-NOTES), and is at least
64 px high at 1080p.
"""

from __future__ import annotations

from kivy.core.text import Label as CoreLabel
from kivy.graphics import Color, Line, Rectangle, RoundedRectangle
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, OptionProperty
from kivy.uix.behaviors import ButtonBehavior

from .. import theme
from .text import KLabel


class KButton(ButtonBehavior, KLabel):
    """A button: ``raw`` is its word, ``icon`` a name from ``theme.ICONS``, ``kind`` its role."""

    kind = OptionProperty("plain", options=["plain", "primary", "toggle"])
    selected = BooleanProperty(False)
    """For a toggle: on."""
    background = ColorProperty(None, allownone=True)
    """A fill of the caller's own, instead of the kind's."""
    pressed_background = ColorProperty(None, allownone=True)
    radius = NumericProperty(14)

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("align", "center")
        kwargs.setdefault("font_size", theme.Type.CONTROL)
        kwargs.setdefault("tone", "")  # the words' colour follows the button's kind and state
        super().__init__(**kwargs)
        with self.canvas.before:
            self._bg_color = Color()
            self._bg = RoundedRectangle(pos=self.pos, size=self.size, radius=[self.radius])
            self._edge_color = Color()
            self._edge = Line(width=1.5)
            self._mark_color = Color(0, 0, 0, 0)
            self._mark = Rectangle()
        self.bind(pos=self._redraw, size=self._redraw, state=self._redraw, background=self._redraw,
                  selected=self._redraw, radius=self._redraw, kind=self._redraw, pressed_background=self._redraw,
                  palette=self._redraw)
        self.bind(icon=self._relayout, selected=self._relayout, kind=self._relayout)
        self._redraw()
        self._relayout()

    def _redraw(self, *_args) -> None:
        colours = self.palette
        x, y, w, h = self.x, self.y, self.width, self.height
        r = min(self.radius, h / 2)
        self._bg.pos, self._bg.size, self._bg.radius = (x, y), (w, h), [r]
        self._edge.rounded_rectangle = (x + 0.75, y + 0.75, max(0, w - 1.5), max(0, h - 1.5), r)
        down = self.state == "down"
        on = self.kind == "toggle" and self.selected
        if self.background is not None and not down:
            fill = self.background
        elif self.kind == "primary" or (down and self.pressed_background is None):
            fill = colours.ACCENT if self.kind == "primary" or not down else colours.SELECTED
            if down and self.kind == "primary":
                fill = tuple(c * 0.85 for c in colours.ACCENT[:3]) + (1,)
        elif down and self.pressed_background is not None:
            fill = self.pressed_background
        else:
            fill = colours.SELECTED if on else colours.SURFACE_HIGH
        self._bg_color.rgba = fill
        self._edge_color.rgba = colours.ACCENT if self.kind == "primary" else colours.OUTLINE
        filled = self.kind == "primary" or list(fill) == list(colours.ACCENT)
        self.color = colours.ON_ACCENT if filled else colours.TEXT
        # a toggle that is on: an underline in the text's colour, not a colour of its own
        self._mark_color.rgba = colours.TEXT if on else (0, 0, 0, 0)
        inset = r + 4
        self._mark.pos, self._mark.size = (x + inset, y + 6), (max(0, w - 2 * inset), 4 if on else 0)

    def _relayout(self, *_args) -> None:
        # a toggle that is on shows a check in place of its icon
        self.shown_icon = "check" if self.kind == "toggle" and self.selected else self.icon
        super()._relayout()

    def _words_size(self, icon_width: float) -> int | None:
        """A control's words stay on one line: set a little smaller (down to 70 %) where the
        button is too narrow for them at the screen's size (Russian, large text, portrait)."""
        if self.fit_width or self.width <= 1 or not self.text or "\n" in self.text:
            return None
        room = self.width - self.padding[0] - self.padding[2] - icon_width - 12
        words = CoreLabel(font_name=self.font_name, font_size=self.font_size, bold=self.bold).get_extents(self.text)[0]
        if room <= 0 or words <= room:
            return None
        return int(self.font_size * max(0.7, room / words))
