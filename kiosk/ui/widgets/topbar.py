"""The bar at the top of every screen: home, back, title, language."""

from __future__ import annotations

from kivy.graphics import Color, Rectangle
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from .. import theme
from .buttons import KButton
from .text import KLabel


class TopBar(BoxLayout):
    """Dispatches ``on_home``, ``on_back`` and ``on_language``; mirrors for RTL."""

    title = StringProperty("")
    home_text = StringProperty("Home")
    back_text = StringProperty("Back")
    language_text = StringProperty("Language")
    rtl = BooleanProperty(False)
    show_back = BooleanProperty(True)
    show_home = BooleanProperty(True)
    unit = NumericProperty(1.0)
    """One pixel at 1080p, in this screen's pixels."""

    __events__ = ("on_home", "on_back", "on_language", "on_access")

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("orientation", "horizontal")
        kwargs.setdefault("size_hint_y", None)
        with_unit = kwargs.pop("unit", 1.0)
        super().__init__(**kwargs)
        with self.canvas.before:
            Color(*theme.palette().SURFACE)
            self._bg = Rectangle()
        self.bind(pos=self._redraw, size=self._redraw)
        self.back = KButton(size_hint_x=None)
        self.home = KButton(size_hint_x=None)
        self.heading = KLabel(bold=True, shorten=True, shorten_from="right")
        self.language = KButton(size_hint_x=None)
        self.access = KButton(size_hint_x=None, raw="Aa", bold=True)
        self.access.bind(on_release=lambda *_: self.dispatch("on_access"))
        self.bind(unit=self._sizes, width=self._sizes)
        self.unit = with_unit
        self._sizes()
        self.back.bind(on_release=lambda *_: self.dispatch("on_back"))
        self.home.bind(on_release=lambda *_: self.dispatch("on_home"))
        self.language.bind(on_release=lambda *_: self.dispatch("on_language"))
        self.bind(title=self._texts, home_text=self._texts, back_text=self._texts, language_text=self._texts,
                  rtl=self._arrange, show_back=self._arrange, show_home=self._arrange)
        self._texts()
        self._arrange()

    def _sizes(self, *_args) -> None:
        unit = self.unit
        self.height = max(64.0, 88 * unit) + 24 * unit
        self.padding = [16 * unit, 12 * unit]
        self.spacing = 12 * unit
        # a portrait screen is 1080 wide: narrower buttons leave the title room to be read
        narrow = self.width < 1500 * unit
        widths = (160, 180, 250, 96) if narrow else (200, 240, 340, 110)
        for button, width in zip((self.back, self.home, self.language, self.access), widths):
            button.width, button.font_size = width * unit, 30 * unit
        self.heading.font_size = 36 * unit

    def _redraw(self, *_args) -> None:
        self._bg.pos, self._bg.size = self.pos, self.size

    def _texts(self, *_args) -> None:
        self.heading.raw = self.title
        self.home.raw = self.home_text
        self.back.raw = f"‹ {self.back_text}"  # bidi mirrors the arrow for right-to-left
        # "Language" in English too, so a visitor who cannot read the current one finds it
        text = self.language_text
        self.language.raw = text if text == "Language" else f"{text} · Language"

    def _arrange(self, *_args) -> None:
        self.clear_widgets()
        order = [w for w, shown in ((self.back, self.show_back), (self.home, self.show_home)) if shown]
        order += [self.heading, self.access, self.language]
        self.heading.rtl = self.rtl
        for widget in reversed(order) if self.rtl else order:
            self.add_widget(widget)
        self._texts()

    def on_home(self) -> None:
        pass

    def on_back(self) -> None:
        pass

    def on_language(self) -> None:
        pass

    def on_access(self) -> None:
        pass
