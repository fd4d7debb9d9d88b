"""Labels that pick their font by script and lay out right-to-left text correctly."""

from __future__ import annotations

import math

from kivy.core.text import Label as CoreLabel
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, OptionProperty, StringProperty
from kivy.uix.label import Label
from kivy.utils import escape_markup

from ...media.text import has_rtl, visual_line, wrap_link, wrap_rtl
from .. import theme
from .styled import Styled

# Kivy's label draws its whole texture: for words set in a wide box (a centred title, a
# caption) mostly transparent pixels, each one blended every frame. A KLabel draws the
# columns its words are in (``ink``), where Kivy would have drawn them.
Builder.load_string("""
<-KLabel>:
    canvas:
        Color:
            rgba: 1, 1, 1, 1
        Rectangle:
            texture: self.ink_texture
            size: self.ink_size
            pos: int(self.center_x - self.texture_size[0] / 2.) + self.ink_x, int(self.center_y - self.texture_size[1] / 2.)
""")

OVERHANG = 0.2
"""How far past its advance a glyph may draw (an italic's tail, a swash), in ems: kept on
each side of the words' columns."""


def ink_columns(lines, halign: str, width: int, padding: tuple[float, float]) -> tuple[int, int] | None:
    """The columns a label's laid-out ``lines`` are drawn in, in a texture ``width`` wide,
    each line placed as Kivy places it (``kivy.core.text``'s ``render_lines``); None when
    there are none."""
    left_pad, right_pad = padding
    spans = []
    for line in lines:
        if not line.w:
            continue
        x = left_pad
        if halign == "center":
            x = min(int(width - line.w), max(int(left_pad), int((width - line.w + left_pad - right_pad) / 2.0)))
        elif halign == "right":
            x = max(0, int(width - line.w - right_pad))
        spans.append((x, x + line.w))
    if not spans:
        return None
    return int(min(a for a, _ in spans)), int(math.ceil(max(b for _, b in spans)))


class KLabel(Styled, Label):
    """A label for visitor-facing text.

    ``raw`` is the text in logical order; ``align`` is start/center/end so that a
    mirrored (right-to-left) screen aligns to the right without each screen knowing.
    With ``fit_height`` the label grows to its text's height (for stacked layouts).
    Its words are set at ``font_size`` times the text scale, in the palette's ``tone``.
    """

    raw = StringProperty("")
    tone = StringProperty("TEXT")
    """The words' colour, a colour of the palette by name (``TEXT``, ``TEXT_MUTED``, ``ACCENT``),
    or "" for a ``color`` of the caller's own."""
    align = OptionProperty("start", options=["start", "center", "end"])
    rtl = BooleanProperty(False)
    """The layout direction of the screen: True for Arabic and other RTL languages."""
    fit_height = BooleanProperty(False)
    fit_width = BooleanProperty(False)
    """One line, as wide as its text (chips, buttons that size to their words)."""
    max_lines_hint = NumericProperty(0)
    link = BooleanProperty(False)
    """A web address: broken after its slashes, never inside a word."""
    icon = StringProperty("")
    """An icon (a name in ``theme.ICONS``) drawn before the words in their reading direction."""
    shown_icon = StringProperty("")
    """The icon drawn now (a toggle shows a check instead of its own)."""
    ink_texture = ObjectProperty(None, allownone=True)
    """The part of ``texture`` the words are in, drawn at ``ink_x`` in it, ``ink_size`` big."""
    ink_x = NumericProperty(0)
    ink_size = ListProperty([0, 0])

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("font_name", "KioskSans")
        if "color" in kwargs:
            kwargs.setdefault("tone", "")
        kwargs.setdefault("valign", "middle")
        self._scaled_to = -1.0
        super().__init__(**kwargs)
        # large-text mode: every size given (by a screen, a .kv rule) is multiplied, now and
        # whenever the text scale changes
        self._size_given = self.font_size
        self.bind(font_size=self._take_size, text_scale=self._scale_font, palette=self._recolour, tone=self._recolour)
        self._scale_font()
        self._recolour()
        self.bind(raw=self._relayout, width=self._relayout, font_size=self._relayout, rtl=self._relayout,
                  align=self._relayout, bold=self._relayout, link=self._relayout, shorten=self._relayout,
                  icon=self._relayout, shown_icon=self._relayout)
        self.bind(texture_size=self._fit, fit_width=self._relayout)
        self.bind(texture=self._ink)
        self._relayout()

    def _take_size(self, *_args) -> None:
        if self.font_size != self._scaled_to:  # a new size from the screen, not our own
            self._size_given = self.font_size
            self._scale_font()

    def _scale_font(self, *_args) -> None:
        self._scaled_to = self._size_given * self.text_scale
        self.font_size = self._scaled_to

    def _recolour(self, *_args) -> None:
        if self.tone:
            self.color = getattr(self.palette, self.tone)

    def _ink(self, *_args) -> None:
        texture = self.texture
        if texture is None:
            self.ink_texture, self.ink_x, self.ink_size = None, 0, [0, 0]
            return
        width, height = texture.size
        options = self._label.options
        padding = options["padding"]
        columns = ink_columns(getattr(self._label, "_cached_lines", None) or [], options["halign"], width,
                              (padding[0], padding[2]))
        if columns is None:
            left, right = 0, width
        else:
            spare = int(math.ceil(self.font_size * OVERHANG))
            left, right = max(0, columns[0] - spare), min(width, columns[1] + spare)
        if right - left >= width or right <= left:
            self.ink_texture, self.ink_x, self.ink_size = texture, 0, [width, height]
            return
        self.ink_texture = texture.get_region(left, 0, right - left, height)
        self.ink_x, self.ink_size = left, [right - left, height]

    def _fit(self, *_args) -> None:
        if self.fit_height:
            self.height = self.texture_size[1]
        if self.fit_width:
            self.width = self.texture_size[0] + self.padding[0] + self.padding[2]

    _icon_markup = False

    def _relayout(self, *_args) -> None:
        self._lay_text()
        self._add_icon()

    def _words_size(self, icon_width: float) -> int | None:
        """A smaller size for the words where they must stay on one line (buttons); None."""
        return None

    def _add_icon(self) -> None:
        """The icon and the words in one line, drawn from the icon font by markup."""
        name = self.shown_icon or self.icon
        rtl = self.rtl or has_rtl(self.raw)
        glyph = theme.icon(name, rtl) if name else ""
        icon_size = int(self.font_size * 1.2)
        smaller = self._words_size(icon_size * 1.6 if glyph else 0)
        if not glyph and smaller is None:
            if self._icon_markup:  # markup the caller asked for (subtitles) stays
                self.markup = self._icon_markup = False
            return
        self._icon_markup = True
        mark = f"[font=KioskIcons][size={icon_size}]{glyph}[/size][/font]" if glyph else ""
        words = escape_markup(self.text)
        if words and smaller is not None:
            words = f"[size={smaller}]{words}[/size]"
        self.markup = True
        if not words or not mark:
            self.text = mark or words
        elif rtl:  # the icon leads in the reading direction
            self.text = f"{words}  {mark}"
        else:
            self.text = f"{mark}  {words}"

    def _lay_text(self) -> None:
        raw = self.raw
        text_rtl = has_rtl(raw)
        flip = text_rtl or self.rtl
        self.halign = {"start": "right" if flip else "left", "center": "center",
                       "end": "left" if flip else "right"}[self.align]
        # Kivy takes the padding off text_size itself; our own breaking of right-to-left
        # lines must leave a hair of room or Kivy breaks them again, last words first
        width = max(1, self.width - self.padding[0] - self.padding[2] - 2)
        self.text_size = (None, None) if self.fit_width else (self.width, None)
        if not text_rtl and not (self.link and self.width > 1 and not self.fit_width):
            if self.shorten:
                self.shorten_from = "right"
            self.text = raw
            return
        if self.shorten:
            # one line, cut where its reading ends: on the left for right-to-left text
            self.shorten_from = "left"
            self.text = visual_line(raw)
            return
        measure = CoreLabel(font_name=self.font_name, font_size=self.font_size, bold=self.bold)

        def width_of(line: str) -> float:
            return measure.get_extents(line)[0]

        if self.link:
            self.text = "\n".join(wrap_link(raw, width, width_of))
            return
        lines = wrap_rtl(raw, width, width_of) if self.width > 1 and not self.fit_width else [visual_line(raw)]
        self.text = "\n".join(lines)
