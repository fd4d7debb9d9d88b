"""An on-screen keyboard in the visitor's script: Azerbaijani Latin, Russian Cyrillic, Arabic, English.

Keys are at least 64 px high at 1080p. The keyboard types nothing itself: it dispatches
``on_key(letter)``, ``on_delete`` and ``on_clear``; the screen keeps the text.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, NumericProperty, OptionProperty
from kivy.uix.boxlayout import BoxLayout

from .buttons import KButton
from .styled import Styled

LAYOUTS: dict[str, list[str]] = {
    "az": ["qüertyuiopöğ", "asdfghjklıə", "zxcvbnmçş"],
    "en": ["qwertyuiop", "asdfghjkl", "zxcvbnm"],
    "ru": ["йцукенгшщзхъ", "фывапролджэ", "ячсмитьбюё"],
    "ar": ["ضصثقفغعهخحجد", "شسيبلاتنمكط", "ذئءؤرىةوزظأإآ"],
}
"""Rows of letter keys, as each script's own keyboard lays them out."""
SWITCH = {"az": "Əə", "en": "Aa", "ru": "Яя", "ar": "أب"}
"""The label of the key that switches to each layout: a letter only that script has."""
PUNCTUATION = {"ar": ["،", ".", "؟", "!"], "ru": [",", ".", "?", "!"], "az": [",", ".", "?", "!"],
               "en": [",", ".", "?", "!"]}
"""The marks a message needs, on the bottom row when ``punctuation`` is on (the Arabic comma
and question mark for Arabic)."""
SCRIPT_OF = {"az": "az", "en": "en", "ru": "ru", "ar": "ar", "tr": "az", "uk": "ru", "kk": "ru", "fa": "ar", "ur": "ar"}
"""The layout a visitor reading a language starts with (others start with English)."""


def layout_for(language: str) -> str:
    return SCRIPT_OF.get(language.split("-")[0], "en")


class OnScreenKeyboard(Styled, BoxLayout):
    """Rows of large keys; the bottom row switches script, types a space, deletes, clears."""

    layout = OptionProperty("en", options=list(LAYOUTS))
    unit = NumericProperty(1.0)
    """One pixel at 1080p, in this screen's pixels."""
    punctuation = BooleanProperty(False)
    """Commas, full stops, question and exclamation marks beside the space (a message; a name needs none)."""

    __events__ = ("on_key", "on_delete", "on_clear")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("orientation", "vertical")
        super().__init__(**kwargs)
        self.keys: dict[str, KButton] = {}
        """Every key on the board now, by what it types (``"space"``, ``"delete"``, ``"clear"``,
        ``"layout:az"`` for the others): tests press them by name."""
        self.delete_text = "⌫"
        self.clear_text = "×"
        self.space_text = "␣"
        self.bind(layout=self._build, unit=self._build, punctuation=self._build)
        self._build()

    @property
    def key_height(self) -> float:
        return max(64.0, 84 * self.unit)

    def _key(self, text: str, name: str, action: Any, **kwargs: Any) -> KButton:
        key = KButton(raw=text, font_size=36 * self.unit, **self.style(), **kwargs)
        key.bind(on_release=lambda *_: action())
        self.keys[name] = key
        return key

    def _build(self, *_args: Any) -> None:
        self.clear_widgets()
        self.keys = {}
        self.spacing = 10 * self.unit
        self.height = 4 * self.key_height + 3 * self.spacing + 2 * 8 * self.unit
        self.padding = [16 * self.unit, 8 * self.unit]
        rows = LAYOUTS[self.layout]
        widest = max(len(r) for r in rows)
        for letters in rows:
            row = BoxLayout(spacing=8 * self.unit, size_hint_y=None, height=self.key_height)
            # shorter rows are centred, as on a real keyboard
            spare = (widest - len(letters)) / 2
            if spare:
                row.add_widget(BoxLayout(size_hint_x=spare))
            for letter in (reversed(letters) if self.layout == "ar" else letters):
                row.add_widget(self._key(letter, letter, lambda ch=letter: self.dispatch("on_key", ch),
                                         size_hint_x=1))
            if spare:
                row.add_widget(BoxLayout(size_hint_x=spare))
            self.add_widget(row)
        bottom = BoxLayout(spacing=8 * self.unit, size_hint_y=None, height=self.key_height)
        for code, label in SWITCH.items():
            key = self._key(label, f"layout:{code}", lambda c=code: setattr(self, "layout", c), size_hint_x=1.2)
            key.selected = code == self.layout
            bottom.add_widget(key)
        marks = PUNCTUATION[self.layout] if self.punctuation else []
        bottom.add_widget(self._key(self.space_text, "space", lambda: self.dispatch("on_key", " "),
                                    size_hint_x=4 - 0.6 * len(marks)))
        for mark in marks:
            bottom.add_widget(self._key(mark, mark, lambda ch=mark: self.dispatch("on_key", ch), size_hint_x=0.8))
        bottom.add_widget(self._key(self.delete_text, "delete", lambda: self.dispatch("on_delete"), size_hint_x=1.6))
        bottom.add_widget(self._key(self.clear_text, "clear", lambda: self.dispatch("on_clear"), size_hint_x=1.6))
        self.add_widget(bottom)

    def on_key(self, letter: str) -> None:
        pass

    def on_delete(self) -> None:
        pass

    def on_clear(self) -> None:
        pass
