"""Layers over the screens: the "still there?" countdown, the language list, the PIN pad, the
notice that the technician's set-up is needed.

Each covers the whole window with a scrim, swallows touches meant for the screen below,
and dispatches what the visitor chose; the app decides what happens.
"""

from __future__ import annotations

from typing import Any

from kivy.graphics import Color, Ellipse, Rectangle, RoundedRectangle
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.widget import Widget

from .buttons import KButton
from .geometry import centre
from .styled import Styled
from .text import KLabel


class Overlay(Styled, FloatLayout):
    """A full-window layer with a card in the middle.

    Each kind makes its parts and then passes them its style (``pass_style``), so one made
    in high contrast or large text is drawn so throughout."""

    unit = NumericProperty(1.0)
    rtl = BooleanProperty(False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        with self.canvas.before:
            self._scrim_color = Color()
            self._scrim = Rectangle()
        self.card = BoxLayout(orientation="vertical", size_hint=(None, None))
        with self.card.canvas.before:
            self._card_color = Color()
            self._card_bg = RoundedRectangle()
        self.card.bind(pos=self._redraw, size=self._redraw)
        self.bind(pos=self._redraw, size=self._redraw, palette=self._colour)
        self._colour()
        self.add_widget(self.card)

    def _colour(self, *_args: Any) -> None:
        self._scrim_color.rgba = self.palette.SCRIM
        self._card_color.rgba = self.palette.SURFACE

    def _redraw(self, *_args: Any) -> None:
        self._scrim.pos, self._scrim.size = self.pos, self.size
        self._card_bg.pos, self._card_bg.size = self.card.pos, self.card.size
        self._card_bg.radius = [24 * self.unit]
        self.card.center = centre(self)

    def on_touch_down(self, touch: Any) -> bool:
        super().on_touch_down(touch)
        return True  # nothing below an overlay is touched

    def on_touch_move(self, touch: Any) -> bool:
        super().on_touch_move(touch)
        return True

    def on_touch_up(self, touch: Any) -> bool:
        super().on_touch_up(touch)
        return True


class IdleWarning(Overlay):
    """ "Are you still there?" with the seconds left; any touch dispatches ``on_keep``."""

    heading = StringProperty("")
    message = StringProperty("")
    seconds = NumericProperty(0)

    __events__ = ("on_keep",)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        u = self.unit
        self.card.size = (900 * u, 560 * u)
        self.card.padding = 48 * u
        self.card.spacing = 24 * u
        self.heading_label = KLabel(font_size=56 * u, bold=True, align="center")
        self.count_label = KLabel(font_size=150 * u, bold=True, tone="ACCENT", align="center")
        self.message_label = KLabel(font_size=34 * u, align="center", tone="TEXT_MUTED")
        for widget in (self.heading_label, self.count_label, self.message_label):
            self.card.add_widget(widget)
        self.bind(heading=self._texts, message=self._texts, seconds=self._texts, rtl=self._texts)
        self.pass_style()

    def _texts(self, *_args: Any) -> None:
        self.heading_label.raw = self.heading
        self.count_label.raw = str(int(self.seconds))
        self.message_label.raw = self.message

    def on_touch_down(self, touch: Any) -> bool:
        self.dispatch("on_keep")
        return True

    def on_keep(self) -> None:
        pass


class LanguageChooser(Overlay):
    """The exhibition's languages, each in its own name; dispatches ``on_choose(code)``."""

    __events__ = ("on_choose", "on_dismiss")

    def __init__(self, languages: list[tuple[str, str]], current: str, heading: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        u = self.unit
        touch = max(64.0, 96 * u)
        self.card.padding = 40 * u
        self.card.spacing = 20 * u
        self.card.size = (760 * u, 40 * u * 2 + 80 * u + (touch + 20 * u) * len(languages))
        title = KLabel(raw=heading, font_size=42 * u, bold=True, align="center", size_hint_y=None, height=80 * u)
        self.card.add_widget(title)
        self.buttons: dict[str, KButton] = {}
        for code, name in languages:
            button = KButton(raw=name, font_size=40 * u, size_hint_y=None, height=touch, selected=code == current)
            button.bind(on_release=lambda _b, c=code: self.dispatch("on_choose", c))
            self.buttons[code] = button
            self.card.add_widget(button)
        self.pass_style()

    def on_touch_down(self, touch: Any) -> bool:
        if not self.card.collide_point(*touch.pos):
            self.dispatch("on_dismiss")
            return True
        return super().on_touch_down(touch)

    def on_choose(self, code: str) -> None:
        pass

    def on_dismiss(self) -> None:
        pass


class AccessChooser(Overlay):
    """Large text and high contrast, each a toggle; dispatches ``on_change(large, contrast)``."""

    __events__ = ("on_change", "on_dismiss")

    def __init__(self, labels: dict[str, str], large: bool, contrast: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        u = self.unit
        touch = max(64.0, 96 * u)
        self.card.padding = 40 * u
        self.card.spacing = 20 * u
        self.card.size = (760 * u, 80 * u * 2 + 80 * u + (touch + 20 * u) * 3)
        self.card.add_widget(KLabel(raw=labels["title"], font_size=42 * u, bold=True, align="center",
                                    size_hint_y=None, height=80 * u))
        # toggles: one that is on is drawn so (a lighter surface, a check, an underline)
        self.large = KButton(raw=labels["large_text"], font_size=36 * u, size_hint_y=None,
                             height=touch, selected=large, kind="toggle")
        self.contrast = KButton(raw=labels["high_contrast"], font_size=36 * u, size_hint_y=None,
                                height=touch, selected=contrast, kind="toggle")
        done = KButton(raw=labels["done"], font_size=32 * u, size_hint_y=None, height=touch, kind="primary")
        self.large.bind(on_release=lambda *_: self._toggle(self.large))
        self.contrast.bind(on_release=lambda *_: self._toggle(self.contrast))
        done.bind(on_release=lambda *_: self.dispatch("on_dismiss"))
        for widget in (self.large, self.contrast, done):
            self.card.add_widget(widget)
        self.pass_style()

    def _toggle(self, button: KButton) -> None:
        button.selected = not button.selected
        self.dispatch("on_change", self.large.selected, self.contrast.selected)

    def on_touch_down(self, touch: Any) -> bool:
        if not self.card.collide_point(*touch.pos):
            self.dispatch("on_dismiss")
            return True
        return super().on_touch_down(touch)

    def on_change(self, large: bool, contrast: bool) -> None:
        pass

    def on_dismiss(self) -> None:
        pass


class PinPad(Overlay):
    """Digits for the technician PIN; dispatches ``on_pin(text)`` and ``on_cancel``."""

    message = StringProperty("")
    entered = StringProperty("")

    __events__ = ("on_pin", "on_cancel")

    def __init__(self, labels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        u = self.unit
        key = max(64.0, 110 * u)
        self.card.size = (key * 3 + 40 * u * 2 + 16 * u * 2, 200 * u + (key + 16 * u) * 5 + 80 * u)
        self.card.padding = 40 * u
        self.card.spacing = 16 * u
        self.title = KLabel(raw=labels["title"], font_size=40 * u, bold=True, align="center",
                            size_hint_y=None, height=60 * u)
        self.dots = KLabel(font_size=60 * u, align="center", size_hint_y=None, height=70 * u, tone="ACCENT")
        self.note = KLabel(font_size=28 * u, align="center", size_hint_y=None, height=50 * u, tone="TEXT_MUTED")
        for widget in (self.title, self.dots, self.note):
            self.card.add_widget(widget)
        grid = GridLayout(cols=3, spacing=16 * u)
        self.keys: dict[str, KButton] = {}
        for label in ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "ok"]:
            text = labels.get(label, label)
            button = KButton(raw=text, font_size=(44 if label.isdigit() else 30) * u)
            button.bind(on_release=lambda _b, k=label: self.press(k))
            self.keys[label] = button
            grid.add_widget(button)
        self.card.add_widget(grid)
        cancel = KButton(raw=labels["cancel"], font_size=30 * u, size_hint_y=None, height=key * 0.8)
        cancel.bind(on_release=lambda *_: self.dispatch("on_cancel"))
        self.keys["cancel"] = cancel
        self.card.add_widget(cancel)
        self.bind(entered=self._texts, message=self._texts)
        self.pass_style()

    def _texts(self, *_args: Any) -> None:
        self.dots.raw = "•" * len(self.entered) or " "
        self.note.raw = self.message

    def press(self, key: str) -> None:
        if key == "clear":
            self.entered = ""
        elif key == "ok":
            pin, self.entered = self.entered, ""
            self.dispatch("on_pin", pin)
        elif len(self.entered) < 8:
            self.entered += key

    def on_pin(self, pin: str) -> None:
        pass

    def on_cancel(self) -> None:
        pass


class SetupNeeded(Overlay):
    """What the corner gesture (or a USB stick) shows while no technician PIN is set: there is
    no default PIN, so nothing opens; one button closes it (``on_dismiss``)."""

    __events__ = ("on_dismiss",)

    def __init__(self, labels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        u = self.unit
        touch = max(64.0, 96 * u)
        self.card.size = (900 * u, 520 * u)
        self.card.padding = 48 * u
        self.card.spacing = 24 * u
        self.title = KLabel(raw=labels["title"], font_size=48 * u, bold=True, align="center",
                            size_hint_y=None, height=80 * u, rtl=self.rtl)
        self.body = KLabel(raw=labels["body"], font_size=32 * u, align="center", tone="TEXT_MUTED", rtl=self.rtl)
        self.close = KButton(raw=labels["done"], font_size=32 * u, size_hint_y=None, height=touch, kind="primary",
                             rtl=self.rtl)
        self.close.bind(on_release=lambda *_: self.dispatch("on_dismiss"))
        for widget in (self.title, self.body, self.close):
            self.card.add_widget(widget)
        self.pass_style()

    def on_dismiss(self) -> None:
        pass


class ProblemMarker(Styled, Widget):
    """A small amber dot in a corner: the technician's sign that a saved change was refused."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        with self.canvas:
            self._dot_color = Color()
            self._dot = Ellipse()
        self.bind(pos=self._redraw, size=self._redraw, palette=self._redraw)
        self._redraw()

    def _redraw(self, *_args: Any) -> None:
        self._dot_color.rgba = self.palette.ACCENT
        self._dot.pos, self._dot.size = self.pos, self.size

    def on_touch_down(self, touch: Any) -> bool:
        return False


class Stillness(Styled, FloatLayout):
    """Quiet hours (a dimmed or still screen over the attract loop, touches pass through) or
    a minute of silence (a still screen with its words in every language at once and the
    time remaining; touches wait until it ends).

    ``lines`` are the words, one ``(text, rtl)`` a language, in the exhibition's order.
    """

    def __init__(self, lines: list[tuple[str, bool]] | None = None, brightness: float = 0.0,
                 blocks_touch: bool = False, unit: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.blocks_touch = blocks_touch
        self.brightness = brightness
        with self.canvas.before:
            self._shade = Color(0, 0, 0, 1 - brightness)
            self._rect = Rectangle()
            self._image_color = Color(1, 1, 1, 0)
            self._image = Rectangle()
        self.bind(pos=self._redraw, size=self._redraw, palette=self._ground)
        self._ground()
        lines = [(text, rtl) for text, rtl in lines or [] if text]
        self.words = BoxLayout(orientation="vertical", size_hint=(0.84, None), spacing=28 * unit,
                               pos_hint={"center_x": 0.5, "center_y": 0.48})
        self.words.bind(minimum_height=self.words.setter("height"))
        # one quiet symbol above the words: the exhibition's emblem, else a flame
        self.symbol = KLabel(icon="flame" if lines else "", font_size=96 * unit, align="center",
                             tone="ACCENT", size_hint=(None, None), size=(220 * unit, 220 * unit),
                             pos_hint={"center_x": 0.5, "top": 0.9})
        with self.symbol.canvas.before:
            self._symbol_color = Color(1, 1, 1, 0)
            self._symbol = Rectangle()
        self.symbol.bind(pos=self._place_symbol, size=self._place_symbol)
        # every language at once, each in its own script and direction, in the serif; smaller when many
        size = (72 if len(lines) <= 2 else 60 if len(lines) <= 4 else 44) * unit
        self.labels = [KLabel(raw=text, rtl=rtl, font_size=size, align="center", color=(0.92, 0.92, 0.92, 1),
                              font_name="KioskSerif", fit_height=True, size_hint_y=None) for text, rtl in lines]
        for label in self.labels:
            self.words.add_widget(label)
        self.remaining = KLabel(raw="", font_size=40 * unit, align="center", color=(0.7, 0.68, 0.64, 1),
                                fit_height=True, size_hint=(0.8, None), pos_hint={"center_x": 0.5, "y": 0.08})
        self.add_widget(self.symbol)
        self.add_widget(self.words)
        self.add_widget(self.remaining)
        self.pass_style()

    def _ground(self, *_args: Any) -> None:
        """A minute of silence stands on the kiosk's ground; quiet hours dim the screen to black."""
        self._shade.rgb = self.palette.BACKGROUND[:3] if self.blocks_touch else (0, 0, 0)

    def show_symbol(self, texture: Any) -> None:
        """The exhibition's emblem in place of the flame."""
        if texture is None:
            return
        self.symbol.icon = ""
        self._symbol.texture = texture
        self._symbol_color.a = 1
        self._place_symbol()

    def _place_symbol(self, *_args: Any) -> None:
        self._symbol.pos, self._symbol.size = self.symbol.pos, self.symbol.size

    @property
    def label(self) -> KLabel | None:
        """The first language's words (quiet hours have none)."""
        return self.labels[0] if self.labels else None

    def show_remaining(self, seconds: float) -> None:
        """The time left, as a clock (numbers are not translated or mirrored)."""
        seconds = max(0, int(seconds + 0.999))
        self.remaining.raw = f"{seconds // 60}:{seconds % 60:02d}"

    def show_image(self, texture: Any) -> None:
        if texture is None:
            return
        self._image.texture = texture
        self._image_color.a = 1 if self.blocks_touch else max(self.brightness, 0.35)
        self._shade.a = 1
        self._redraw()

    def _redraw(self, *_args: Any) -> None:
        self._rect.pos, self._rect.size = self.pos, self.size
        texture = self._image.texture
        if texture is not None and self.width and self.height:
            tw, th = texture.size
            scale = max(self.width / tw, self.height / th)
            w, h = tw * scale, th * scale
            cx, cy = centre(self)
            self._image.pos, self._image.size = (cx - w / 2, cy - h / 2), (w, h)

    def on_touch_down(self, touch: Any) -> bool:
        return self.blocks_touch

    def on_touch_move(self, touch: Any) -> bool:
        return self.blocks_touch

    def on_touch_up(self, touch: Any) -> bool:
        return self.blocks_touch
