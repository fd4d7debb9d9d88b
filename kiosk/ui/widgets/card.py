"""A box that can be hidden without being removed: hidden, it neither shows nor takes touches.

(A Kivy widget with ``disabled`` set still swallows touches that land on it.)
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty
from kivy.uix.boxlayout import BoxLayout


class Card(BoxLayout):
    shown = BooleanProperty(True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bind(shown=self._show)
        self._show()

    def _show(self, *_args: Any) -> None:
        self.opacity = 1 if self.shown else 0

    def on_touch_down(self, touch: Any) -> bool:
        return super().on_touch_down(touch) if self.shown else False

    def on_touch_move(self, touch: Any) -> bool:
        return super().on_touch_move(touch) if self.shown else False

    def on_touch_up(self, touch: Any) -> bool:
        return super().on_touch_up(touch) if self.shown else False
