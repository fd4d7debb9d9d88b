"""A box that can be hidden without being removed: hidden, it neither shows, draws nor takes touches.

(A Kivy widget with ``disabled`` set still swallows touches that land on it.)
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget


def draw_only_when_seen(widget: Widget) -> None:
    """While ``widget``'s opacity is 0 its canvas leaves its parent's: it draws nothing.

    A transparent widget still costs a software renderer (or a Raspberry Pi's GPU) every
    pixel it covers, each frame; out of the canvas it costs none.
    """
    def place(*_args: Any) -> None:
        parent = widget.parent
        if parent is None:
            return
        inside = parent.canvas.indexof(widget.canvas) >= 0
        if widget.opacity == 0 and inside:
            parent.canvas.remove(widget.canvas)
        elif widget.opacity > 0 and not inside:
            # back in its place: under the nearest sibling drawn above it
            siblings = parent.children
            above = siblings[:siblings.index(widget)] if widget in siblings else []
            for sibling in reversed(above):
                at = parent.canvas.indexof(sibling.canvas)
                if at >= 0:
                    parent.canvas.insert(at, widget.canvas)
                    return
            parent.canvas.add(widget.canvas)

    # Kivy sets a widget's parent before it adds the widget's canvas: look after that
    placed = Clock.create_trigger(place, -1)
    widget.bind(opacity=place, parent=placed)
    place()


class Card(BoxLayout):
    shown = BooleanProperty(True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bind(shown=self._show)
        self._show()
        draw_only_when_seen(self)

    def _show(self, *_args: Any) -> None:
        self.opacity = 1 if self.shown else 0

    def on_touch_down(self, touch: Any) -> bool:
        return super().on_touch_down(touch) if self.shown else False

    def on_touch_move(self, touch: Any) -> bool:
        return super().on_touch_move(touch) if self.shown else False

    def on_touch_up(self, touch: Any) -> bool:
        return super().on_touch_up(touch) if self.shown else False
