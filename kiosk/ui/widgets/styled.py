"""Widgets drawn in the visitor's reading mode: the palette and the text scale come down.

The app sets a screen's ``palette`` and ``text_scale``; the screen passes them to every
widget inside it that draws with them, and so on down (a tile to its labels, a bar to its
buttons). A change of reading mode restyles the widgets where they are: nothing is made
again, and the visitor keeps their place.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import NumericProperty, ObjectProperty

from .. import theme


class Styled:
    """A mixin for a widget that draws with the palette or sets words in the text scale."""

    palette = ObjectProperty(theme.NORMAL, rebind=True)
    """The colours (``theme.NORMAL`` or ``theme.HIGH_CONTRAST``); NORMAL until told otherwise.
    (``rebind``: a .kv rule that reads ``root.palette.SURFACE`` follows a new palette.)"""
    text_scale = NumericProperty(1.0)
    """1, or ``theme.LARGE_TEXT_SCALE`` in large-text mode: every size of words is multiplied by it."""

    def style(self) -> dict[str, Any]:
        """This widget's palette and text scale, to make a part with: ``KLabel(**self.style())``."""
        return {"palette": self.palette, "text_scale": self.text_scale}

    def styled_parts(self) -> list[Styled]:
        """The widgets that take this one's style: every styled widget inside it. A widget
        that keeps parts out of its tree at times (a hidden button, a filtered-out tile)
        adds them."""
        return [w for w in self.walk(restrict=True) if w is not self and isinstance(w, Styled)]  # type: ignore[attr-defined]

    def pass_style(self) -> None:
        """Give every part this widget's palette and text scale (each redraws itself)."""
        for part in self.styled_parts():
            part.palette, part.text_scale = self.palette, self.text_scale

    def on_palette(self, *_args: Any) -> None:
        self.pass_style()

    def on_text_scale(self, *_args: Any) -> None:
        self.pass_style()
