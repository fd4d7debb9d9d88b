"""The bar at the top of every screen: home, back, title, language."""

from __future__ import annotations

from kivy.graphics import Color, Rectangle
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

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
    emblem = ObjectProperty(None, allownone=True)
    """The exhibition's emblem (a texture), drawn at the start of the bar beside the title."""

    __events__ = ("on_home", "on_back", "on_language", "on_access")

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("orientation", "horizontal")
        kwargs.setdefault("size_hint_y", None)
        with_unit = kwargs.pop("unit", 1.0)
        super().__init__(**kwargs)
        with self.canvas.before:
            Color(*theme.palette().BACKGROUND)  # the ground itself, a rule beneath: calm, and the emblem sits on it
            self._bg = Rectangle()
            Color(*theme.palette().OUTLINE[:3], 0.5)
            self._rule = Rectangle()
        self.bind(pos=self._redraw, size=self._redraw)
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
        self.bind(unit=self._sizes, width=self._sizes, title=self._place_emblem)
        self.unit = with_unit
        self._sizes()
        self.back.bind(on_release=lambda *_: self.dispatch("on_back"))
        self.home.bind(on_release=lambda *_: self.dispatch("on_home"))
        self.language.bind(on_release=lambda *_: self.dispatch("on_language"))
        self.bind(title=self._texts, home_text=self._texts, back_text=self._texts, language_text=self._texts,
                  rtl=self._arrange, show_back=self._arrange, show_home=self._arrange, emblem=self._place_emblem)
        self._texts()
        self._arrange()

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

    def _texts(self, *_args) -> None:
        self.heading.raw = self.title
        self.home.raw = self.home_text
        self.back.raw = self.back_text
        # the globe says "language" to a visitor who cannot read the current one
        self.language.raw = self.language_text

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
