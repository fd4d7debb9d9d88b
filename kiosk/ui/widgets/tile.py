"""A touchable picture with a label: section tiles on home, thumbnails in the grid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.graphics import Color, Line, Rectangle, RoundedRectangle
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from .geometry import centre
from .styled import Styled
from .text import KLabel


class Picture(Styled, Widget):
    """A texture drawn to cover its box (cropped, never stretched), or a neutral placeholder.

    With ``fit`` the whole picture shows inside the box instead (a book's cover)."""

    texture = ObjectProperty(None, allownone=True)
    fit = BooleanProperty(False)
    bare = BooleanProperty(False)
    """No placeholder ground: the picture alone (an emblem with a transparent ground)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        with self.canvas:
            self._bg_color = Color(*self.palette.PLACEHOLDER)
            self._bg = Rectangle()
            self._color = Color(1, 1, 1, 0)
            self._rect = Rectangle()
        self.bind(pos=self._redraw, size=self._redraw, texture=self._redraw, fit=self._redraw, bare=self._redraw,
                  palette=self._redraw)

    def _redraw(self, *_args: Any) -> None:
        texture = self.texture
        # the placeholder ground only where nothing covers it: no pixels drawn twice, or at alpha 0
        covered = texture is not None and (self.fit or (self.width and self.height))
        self._bg.pos, self._bg.size = self.pos, (0, 0) if self.bare or covered else self.size
        if texture is not None and self.fit and self.width and self.height:
            tw, th = texture.size
            ratio = min(self.width / tw, self.height / th)
            w, h = tw * ratio, th * ratio
            self._color.a = 1
            self._rect.texture = texture
            cx, cy = centre(self)
            self._rect.pos = (cx - w / 2, cy - h / 2)
            self._rect.size = (w, h)
            return
        self._bg_color.rgba = self.palette.PLACEHOLDER
        self._color.a = 1 if texture is not None else 0
        self._rect.pos, self._rect.size = self.pos, self.size if texture is not None else (0, 0)
        if texture is None or not self.width or not self.height:
            return
        tw, th = texture.size
        box = self.width / self.height
        pic = tw / th
        # crop the texture's coordinates to the box's shape: cover, centred
        if pic > box:
            part = box / pic
            u0, v0, u1, v1 = (1 - part) / 2, 0, (1 + part) / 2, 1
        else:
            part = pic / box
            u0, v0, u1, v1 = 0, (1 - part) / 2, 1, (1 + part) / 2
        region = texture.get_region(u0 * tw, v0 * th, (u1 - u0) * tw, (v1 - v0) * th)
        self._rect.texture = region


class Tile(Styled, ButtonBehavior, BoxLayout):
    """A picture over a title and a line of detail; dispatches ``on_release``."""

    title = StringProperty("")
    detail = StringProperty("")
    unit = NumericProperty(1.0)
    rtl = BooleanProperty(False)
    marked = BooleanProperty(False)
    current = BooleanProperty(False)
    """You are here: an outline in the accent (the accent's one meaning)."""
    veiled = StringProperty("")
    """A content note's word: the picture is veiled behind it until the panel is opened."""
    card = StringProperty("")
    """With no picture: a title card (an icon and these words in the serif) instead of an empty box."""
    card_icon = StringProperty("film")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("orientation", "vertical")
        super().__init__(**kwargs)
        with self.canvas.before:
            # the tile's surface around its picture, not under it: a rounded top and bottom,
            # and the two sides beside the picture
            self._bg_color = Color(*self.palette.SURFACE)
            self._bg = (RoundedRectangle(), RoundedRectangle(), Rectangle(), Rectangle())
        with self.canvas.after:
            self._ring_color = Color(0, 0, 0, 0)
            self._ring = Line(width=3)
        self.picture = Picture()
        self.card_label = KLabel(font_name="KioskSerif", align="center", bold=True, tone="TEXT_MUTED")
        self.picture.add_widget(self.card_label)
        self.veil_label = KLabel(align="center")
        with self.veil_label.canvas.before:
            self._veil_color = Color(0, 0, 0, 0)
            self._veil = Rectangle()
        self.picture.add_widget(self.veil_label)
        self.picture.bind(pos=self._place_card, size=self._place_card, texture=self._place_card)
        self.picture.bind(pos=self._redraw, size=self._redraw)
        self.title_label = KLabel(bold=True, size_hint_y=None, fit_height=True, shorten=False, font_name="KioskSerif")
        self.detail_label = KLabel(tone="TEXT_MUTED", size_hint_y=None, fit_height=True)
        self.add_widget(self.picture)
        self.add_widget(self.title_label)
        self.add_widget(self.detail_label)
        self.bind(pos=self._redraw, size=self._redraw, state=self._redraw, marked=self._redraw,
                  title=self._texts, detail=self._texts, unit=self._texts, rtl=self._texts,
                  card=self._place_card, card_icon=self._place_card, current=self._redraw, veiled=self._place_card,
                  palette=self._redraw)
        self._texts()
        self.pass_style()  # made with a style of its own (``Tile(**screen.style())``): its parts take it

    def _texts(self, *_args: Any) -> None:
        u = self.unit
        self.padding = [14 * u, 14 * u, 14 * u, 18 * u]
        self.spacing = 10 * u
        self.title_label.font_size = 34 * u
        self.detail_label.font_size = 26 * u
        self.title_label.raw, self.detail_label.raw = self.title, self.detail
        self.title_label.rtl = self.detail_label.rtl = self.rtl
        # an empty detail line takes no room: the picture gets it
        self.detail_label.opacity = 1 if self.detail else 0
        self.detail_label.fit_height = bool(self.detail)
        if not self.detail:
            self.detail_label.height = 0

    def _place_card(self, *_args: Any) -> None:
        picture, label = self.picture, self.card_label
        shown = bool(self.card) and picture.texture is None
        label.raw = self.card if shown else ""
        label.icon = self.card_icon if shown else ""
        label.rtl = self.rtl
        # a title card's words fit its picture: smaller where the picture is small (a home tile)
        label.font_size = max(20 * self.unit, min(40 * self.unit, picture.height * 0.2))
        label.pos, label.size = picture.pos, picture.size
        label.padding = [32 * self.unit, 24 * self.unit]
        veil = self.veil_label
        veil.raw, veil.rtl, veil.font_size = self.veiled, self.rtl, 28 * self.unit
        veil.icon = "info" if self.veiled else ""
        veil.pos, veil.size = picture.pos, picture.size
        self._veil.pos, self._veil.size = picture.pos, picture.size if self.veiled else (0, 0)
        self._veil_color.rgba = (0.05, 0.045, 0.04, 0.86) if self.veiled else (0, 0, 0, 0)

    def _redraw(self, *_args: Any) -> None:
        r = 18 * self.unit
        top, bottom, left, right = self._bg
        pic = self.picture
        # the picture (or its opaque placeholder) covers its box: the surface goes round it
        upper = max(self.y + r, min(pic.top, self.top - r)) if pic.height else self.top - r
        lower = min(upper, max(pic.y, self.y + r)) if pic.height else self.y + r
        top.pos, top.size, top.radius = (self.x, upper), (self.width, max(0, self.top - upper)), [r, r, 0, 0]
        bottom.pos, bottom.size, bottom.radius = self.pos, (self.width, max(0, lower - self.y)), [0, 0, r, r]
        inner = pic.height and pic.width
        left.pos, left.size = (self.x, lower), (max(0, pic.x - self.x) if inner else self.width, upper - lower)
        right.pos, right.size = (pic.right, lower), (max(0, self.right - pic.right) if inner else 0, upper - lower)
        self._bg_color.rgba = self.palette.SURFACE_HIGH if self.state == "down" else self.palette.SURFACE
        self._ring.rounded_rectangle = (self.x + 1.5, self.y + 1.5, max(0, self.width - 3), max(0, self.height - 3), r)
        self._ring_color.rgba = self.palette.ACCENT if self.current else (0, 0, 0, 0)
        if not self.current:
            self._ring.points = []  # not drawn at all

    def load(self, textures: Any, path: Path | None, kind: str = "thumb") -> None:
        """Ask for the picture; the placeholder stays when the file cannot be shown."""
        self.picture.texture = None
        if path is None:
            return
        expected = path

        def arrived(texture, _reason) -> None:
            if self._path is expected:
                self.picture.texture = texture

        self._path = expected
        textures.request(path, kind, arrived)

    _path: Path | None = None


__all__ = ["Picture", "Tile"]
