"""The bar at the top of every screen: home, back, title, language, reading modes."""

from __future__ import annotations

from kivy.graphics import Color, Rectangle
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from .. import theme
from .buttons import KButton
from .styled import Styled
from .text import KLabel

OWN_WORDS = {"home": "Home", "back": "Back", "language": "Language"}
"""What the bar's buttons say, by the key of each in the kiosk's strings (English without them)."""


class TopBar(Styled, BoxLayout):
    """Dispatches ``on_home``, ``on_back``, ``on_language`` and ``on_access``; mirrors for RTL.

    The screen gives the title; the bar says its own words in ``language_code`` itself.
    """

    title = StringProperty("")
    language_code = StringProperty("en")
    """The screen's language: the buttons' words are in it."""
    strings = ObjectProperty(None, allownone=True)
    """The kiosk's own words (``kiosk.ui.i18n.Strings``); without them the bar speaks English."""
    rtl = BooleanProperty(False)
    show_back = BooleanProperty(True)
    show_home = BooleanProperty(True)
    unit = NumericProperty(1.0)
    """One pixel at 1080p, in this screen's pixels."""
    emblem = ObjectProperty(None, allownone=True)
    """The exhibition's emblem (a texture), drawn at the start of the bar beside the title."""

    __events__ = ("on_home", "on_back", "on_language", "on_access")
    parts: tuple[Styled, ...] = ()

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("orientation", "horizontal")
        kwargs.setdefault("size_hint_y", None)
        with_unit = kwargs.pop("unit", 1.0)
        super().__init__(**kwargs)
        with self.canvas.before:
            self._bg_color = Color()  # the ground itself, a rule beneath: calm, and the emblem sits on it
            self._bg = Rectangle()
            self._rule_color = Color()
            self._rule = Rectangle()
        self.bind(pos=self._redraw, size=self._redraw, palette=self._colour)
        self._colour()
        self.back = KButton(size_hint_x=None, icon="back")
        self.home = KButton(size_hint_x=None, icon="home")
        self.mark = Widget(size_hint_x=None, width=0)
        with self.mark.canvas:
            self._emblem_color = Color(1, 1, 1, 0)
            self._emblem = Rectangle()
        self.mark.bind(pos=self._place_emblem, size=self._place_emblem)
        self.heading = KLabel(bold=True, shorten=True, shorten_from="right", font_name="KioskSerif")
        self.language = KButton(size_hint_x=None, icon="language")
        self.access = KButton(size_hint_x=None, raw="Aa", bold=True, icon="reading")
        self.access.bind(on_release=lambda *_: self.dispatch("on_access"))
        self.parts = (self.back, self.home, self.heading, self.language, self.access)
        self.bind(unit=self._sizes, width=self._sizes, title=self._place_emblem)
        self.unit = with_unit
        self._sizes()
        self.back.bind(on_release=lambda *_: self.dispatch("on_back"))
        self.home.bind(on_release=lambda *_: self.dispatch("on_home"))
        self.language.bind(on_release=lambda *_: self.dispatch("on_language"))
        self.bind(title=self._texts, language_code=self._texts, strings=self._texts,
                  rtl=self._arrange, show_back=self._arrange, show_home=self._arrange, emblem=self._place_emblem)
        self._texts()
        self._arrange()
        self.pass_style()

    def styled_parts(self) -> list[Styled]:
        # Back and Home are out of the bar where they are not shown; they keep its style
        return list(self.parts)

    def _colour(self, *_args) -> None:
        self._bg_color.rgba = self.palette.BACKGROUND
        self._rule_color.rgba = (*self.palette.OUTLINE[:3], 0.5)

    def _sizes(self, *_args) -> None:
        unit = self.unit
        self.height = max(64.0, 88 * unit) + 24 * unit
        self.padding = [16 * unit, 12 * unit]
        self.spacing = 12 * unit
        # a portrait screen is 1080 wide: narrower buttons leave the title room to be read
        narrow = self.width < 1500 * unit
        widths = (180, 200, 220, 130) if narrow else (220, 250, 280, 150)
        for button, width in zip((self.back, self.home, self.language, self.access), widths):
            button.width, button.font_size = width * unit, theme.Type.CONTROL * unit
        self.heading.font_size = 38 * unit
        self._place_emblem()

    def _place_emblem(self, *_args) -> None:
        """The emblem, square, the bar's height less its padding; no room taken without one."""
        # in a narrow (portrait) bar the title needs the room: the emblem stays on home only
        texture = self.emblem if self.width >= 1500 * self.unit or not self.title else None
        side = self.height - 2 * self.padding[1] if texture is not None else 0
        self.mark.width = side
        self._emblem_color.a = 1 if texture is not None else 0
        if texture is not None:
            tw, th = texture.size
            scale = min(side / tw, side / th)
            w, h = tw * scale, th * scale
            self._emblem.texture = texture
            self._emblem.pos = (self.mark.x + (side - w) / 2, self.mark.y + (self.mark.height - h) / 2)
            self._emblem.size = (w, h)

    def _redraw(self, *_args) -> None:
        self._bg.pos, self._bg.size = self.pos, self.size
        self._rule.pos, self._rule.size = self.pos, (self.width, 1)

    def say(self, key: str) -> str:
        """One of the bar's own words (``OWN_WORDS``) in the screen's language."""
        return self.strings.get(key, self.language_code) if self.strings is not None else OWN_WORDS[key]

    def _texts(self, *_args) -> None:
        self.heading.raw = self.title
        self.home.raw = self.say("home")
        self.back.raw = self.say("back")
        # the globe says "language" to a visitor who cannot read the current one
        self.language.raw = self.say("language")

    def _arrange(self, *_args) -> None:
        self.clear_widgets()
        order = [w for w, shown in ((self.back, self.show_back), (self.home, self.show_home)) if shown]
        order += [self.mark, self.heading, self.access, self.language]
        for widget in (self.heading, self.back, self.home, self.language, self.access):
            widget.rtl = self.rtl
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
