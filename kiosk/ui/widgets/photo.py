"""Photos that follow the finger: a zoomable photo and a strip of panels to swipe.

The strip keeps three photo slots (previous, current, next) however many panels there
are; the current one zooms with two fingers or a double tap, pans within bounds, and
swiping only turns panels at normal scale.
"""

from __future__ import annotations

import math

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.graphics import Callback, Color, Rectangle
from kivy.graphics.opengl import GL_BLEND, glDisable, glEnable
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty
from kivy.uix.widget import Widget

from ..motion import Motion
from .geometry import centre
from .kenburns import seen_opacity
from .styled import Styled

MAX_SCALE = 6.0
DOUBLE_TAP_SCALE = 2.5
SWIPE_FRACTION = 0.18
"""How far (of the width) a finger must drag to turn a panel."""
FLICK_SPEED = 0.9
"""Or how fast: screen widths per second..."""
FLICK_FRACTION = 0.10
"""...over at least this much of the width, so a nudge never turns a panel."""
TAP_SLOP = 20


def texture_part(coords: tuple[float, ...], part: tuple[float, float, float, float]) -> tuple[float, ...]:
    """A texture's coordinates (bottom left, bottom right, top right, top left, as Kivy gives
    them, flipped or not) for ``part`` of it (left, bottom, right, top, as shares)."""
    u0, v0, u1, _, _, v1, _, _ = coords
    left, bottom, right, top = part
    us = (u0 + (u1 - u0) * left, u0 + (u1 - u0) * right)
    vs = (v0 + (v1 - v0) * bottom, v0 + (v1 - v0) * top)
    return (us[0], vs[0], us[1], vs[0], us[1], vs[1], us[0], vs[1])


class ZoomPhoto(Styled, Widget):
    """One photo, fitted inside the widget, zoomable around any point."""

    texture = ObjectProperty(None, allownone=True)
    scale = NumericProperty(1.0)
    pan = ListProperty([0.0, 0.0])
    """Offset of the photo's centre from the widget's centre, in pixels."""
    hidden = BooleanProperty(False)
    clip = ListProperty([])
    """x, y, width, height (in the parent's coordinates) outside which nothing is drawn: the
    strip's box. The photo is cut to it by its texture coordinates, not by a stencil, which
    costs a software renderer two passes over the box every frame; empty: no cut."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        with self.canvas:
            self._bg_color = Color(*self.palette.PLACEHOLDER)
            self._bg = Rectangle()
            Callback(self._opaque_draw)
            self._color = Color(1, 1, 1, 1)
            self._rect = Rectangle()
            Callback(lambda _instruction: glEnable(GL_BLEND))
        self.bind(texture=self._redraw, scale=self._redraw, pan=self._redraw, pos=self._redraw,
                  size=self._redraw, hidden=self._redraw, palette=self._redraw, clip=self._redraw)

    def fitted_size(self) -> tuple[float, float]:
        if self.texture is None or not self.width or not self.height:
            return self.width, self.height
        tw, th = self.texture.size
        ratio = min(self.width / tw, self.height / th)
        return tw * ratio, th * ratio

    def displayed_rect(self) -> tuple[float, float, float, float]:
        fw, fh = self.fitted_size()
        w, h = fw * self.scale, fh * self.scale
        mx, my = centre(self)
        cx, cy = mx + self.pan[0], my + self.pan[1]
        return cx - w / 2, cy - h / 2, w, h

    def _redraw(self, *_args) -> None:
        has_photo = self.texture is not None and not self.hidden
        # what is not shown has no size: a transparent rectangle still costs a software
        # renderer a full-screen blend every frame
        self._bg_color.rgba = (*self.palette.PLACEHOLDER[:3], 0 if has_photo else 1)
        ground, _ = self._cut((self.x, self.y, self.width, self.height))
        self._bg.pos, self._bg.size = ground[:2], (0, 0) if has_photo else ground[2:]
        self._color.a = 1 if has_photo else 0
        (x, y, w, h), part = self._cut(self.displayed_rect())
        self._rect.texture = self.texture
        self._rect.pos, self._rect.size = (x, y), (w, h) if has_photo else (0, 0)
        if has_photo:
            self._rect.tex_coords = texture_part(self.texture.tex_coords, part)

    def _cut(self, box: tuple[float, float, float, float]) -> tuple[tuple[float, float, float, float],
                                                                    tuple[float, float, float, float]]:
        """``box`` cut to ``clip``, and the part of it kept (left, bottom, right, top, as shares)."""
        x, y, w, h = box
        if not self.clip or w <= 0 or h <= 0:
            return box, (0.0, 0.0, 1.0, 1.0)
        cx, cy, cw, ch = self.clip
        left, bottom = max(x, cx), max(y, cy)
        right, top = max(left, min(x + w, cx + cw)), max(bottom, min(y + h, cy + ch))
        return (left, bottom, right - left, top - bottom), \
            ((left - x) / w, (bottom - y) / h, (right - x) / w, (top - y) / h)

    def _opaque_draw(self, _instruction) -> None:
        texture = self._rect.texture
        if texture is not None and texture.colorfmt in ("rgb", "luminance") and seen_opacity(self) >= 1.0:
            # nothing under a photo shows: drawn without blending, llvmpipe does about a
            # quarter less work for the largest thing on the screen
            glDisable(GL_BLEND)

    def clamp(self, pan: list[float] | tuple[float, float], scale: float) -> list[float]:
        """Keep the photo covering the view where it is larger, centred where smaller."""
        fw, fh = self.fitted_size()
        limits = (max(0.0, (fw * scale - self.width) / 2), max(0.0, (fh * scale - self.height) / 2))
        return [min(limits[0], max(-limits[0], pan[0])), min(limits[1], max(-limits[1], pan[1]))]

    def zoom_to(self, scale: float, anchor: tuple[float, float], animate: bool = False) -> None:
        """Zoom so that the photo's point under ``anchor`` stays under it."""
        scale = min(MAX_SCALE, max(1.0, scale))
        mx, my = centre(self)
        ax, ay = anchor[0] - mx, anchor[1] - my
        px = (ax - self.pan[0]) / self.scale
        py = (ay - self.pan[1]) / self.scale
        pan = self.clamp([ax - px * scale, ay - py * scale], scale)
        if animate:
            Animation.cancel_all(self, "scale", "pan")
            Animation(scale=scale, pan=pan, d=0.25, t="out_cubic").start(self)
        else:
            self.scale, self.pan = scale, pan

    def pan_by(self, dx: float, dy: float) -> None:
        self.pan = self.clamp([self.pan[0] + dx, self.pan[1] + dy], self.scale)

    def reset(self) -> None:
        Animation.cancel_all(self, "scale", "pan")
        self.scale, self.pan = 1.0, [0.0, 0.0]

    @property
    def zoomed(self) -> bool:
        return self.scale > 1.01


class PanelStrip(Widget):
    """A row of photos under the finger, each cut to the strip's box.

    Set ``count`` and a ``source(index) -> None`` loader through ``on_slot_needed``;
    the strip dispatches ``on_index`` when the current panel changes and ``on_tap``
    for a single tap (the screen toggles its text overlay).
    """

    index = NumericProperty(0)
    count = NumericProperty(0)
    offset = NumericProperty(0.0)
    rtl = BooleanProperty(False)
    """Right to left: the next panel comes from the left."""
    locked = BooleanProperty(False)
    """True while a content note covers the panel: no swiping or zooming."""
    reach = ListProperty([0.0, 0.0, 0.0, 0.0])
    """x, y, width, height (in the parent's coordinates) of the whole panel: a horizontal
    drag that starts anywhere in it turns panels, on the label beside the photo or the
    ground around it as on the photo (a visitor swipes from where their hand is). Only a
    touch on the photo itself taps, zooms and pans. Empty: the strip's own box."""

    __events__ = ("on_tap", "on_slot_needed", "on_zoom")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.slots = [ZoomPhoto() for _ in range(3)]
        self.slot_index = [-1, -1, -1]
        for slot in self.slots:
            self.add_widget(slot)
        self._touches: list = []
        self._pinch: tuple[float, float] | None = None
        self._swiping = False
        self._settling = False
        self.motion = Motion()
        """The slide after a lift (``Motion.glide``): its first step drawn in the frame of the lift."""
        # a single tap waits to see whether it becomes a double tap
        self._pending_tap = Clock.create_trigger(self._emit_tap, 0.3)
        self._tap_touch = None
        self.bind(pos=self._layout, size=self._layout, offset=self._layout, index=self._fill, count=self._fill,
                  rtl=self._layout)

    # -- events -------------------------------------------------------------------------
    def on_tap(self, touch) -> None:
        pass

    def on_slot_needed(self, photo: ZoomPhoto, index: int) -> None:
        """The screen gives ``photo`` the texture for panel ``index``."""

    def on_zoom(self, photo: ZoomPhoto, scale: float) -> None:
        """The current photo's scale changed (the screen may swap in a sharper texture)."""

    # -- slots --------------------------------------------------------------------------
    @property
    def current(self) -> ZoomPhoto:
        return self.slots[1]

    def _fill(self, *_args) -> None:
        wanted = [self.index - 1, self.index, self.index + 1]
        for slot, (photo, panel) in enumerate(zip(self.slots, wanted)):
            if self.slot_index[slot] != panel:
                photo.reset()
                photo.texture = None
                self.slot_index[slot] = panel
                if 0 <= panel < self.count:
                    self.dispatch("on_slot_needed", photo, panel)
        self._layout()

    def _layout(self, *_args) -> None:
        direction = -1 if self.rtl else 1
        for slot, photo in enumerate(self.slots):
            photo.size = self.size
            photo.x = self.x + (slot - 1) * self.width * direction + self.offset
            photo.y = self.y
            photo.clip = [self.x, self.y, self.width, self.height]
            photo.opacity = 1 if 0 <= self.slot_index[slot] < self.count else 0

    def go_to(self, index: int, animate: bool = True) -> None:
        """Turn to ``index`` (the photo slides in when ``animate``)."""
        if not 0 <= index < self.count or index == self.index:
            self._settle()
            return
        step = index - self.index
        if animate and abs(step) == 1:
            direction = -1 if self.rtl else 1
            self._settling = True
            target = -step * self.width * direction
            self.motion.glide(self, "offset", target, 0.22, then=lambda: self._arrive(index))
        else:
            self._arrive(index)

    def _arrive(self, index: int) -> None:
        # shift the slots so the photo already on screen is not reloaded
        step = index - self.index
        if abs(step) == 1:
            if step == 1:
                self.slots = self.slots[1:] + self.slots[:1]
                self.slot_index = self.slot_index[1:] + self.slot_index[:1]
            else:
                self.slots = self.slots[-1:] + self.slots[:-1]
                self.slot_index = self.slot_index[-1:] + self.slot_index[:-1]
        for photo in self.slots:
            photo.reset()
        self.offset = 0
        self._settling = False
        self.index = index
        self._fill()

    def _settle(self) -> None:
        self.motion.glide(self, "offset", 0, 0.18)

    # -- touch --------------------------------------------------------------------------
    def _reaches(self, x: float, y: float) -> bool:
        rx, ry, rw, rh = self.reach
        return rw > 0 and rh > 0 and rx <= x <= rx + rw and ry <= y <= ry + rh

    def on_touch_down(self, touch) -> bool:
        on_photo = self.collide_point(*touch.pos)
        if self.locked or not (on_photo or self._reaches(*touch.pos)):
            return super().on_touch_down(touch)
        if getattr(touch, "is_mouse_scrolling", False):
            return False
        if not on_photo:
            # beside the photo a touch can only become a swipe: it never taps, zooms or
            # joins a pinch, and a vertical drag is let go (the label's, not the panels')
            if self._touches:
                return False
            touch.grab(self)
            self._touches.append(touch)
            touch.ud["strip_start"] = (touch.x, touch.y, touch.time_start)
            touch.ud["strip_beside"] = True
            return True
        if any(t.ud.get("strip_beside") for t in self._touches):
            return True  # a second finger while one swipes from beside: the swipe goes on
        touch.grab(self)
        self._touches.append(touch)
        touch.ud["strip_start"] = (touch.x, touch.y, touch.time_start)
        if len(self._touches) == 2:
            self._start_pinch()
        elif touch.is_double_tap:
            self._pending_tap.cancel()
            photo = self.current
            if photo.zoomed:
                photo.zoom_to(1.0, touch.pos, animate=True)
                self.dispatch("on_zoom", photo, 1.0)
            else:
                photo.zoom_to(DOUBLE_TAP_SCALE, touch.pos, animate=True)
                self.dispatch("on_zoom", photo, DOUBLE_TAP_SCALE)
            touch.ud["strip_double"] = True
        return True

    def _start_pinch(self) -> None:
        a, b = self._touches[:2]
        self._pinch = (max(1.0, math.dist(a.pos, b.pos)), self.current.scale)
        self._swiping = False
        self._settle()

    def on_touch_move(self, touch) -> bool:
        if touch.grab_current is not self:
            return super().on_touch_move(touch)
        if self._pinch is not None and len(self._touches) >= 2:
            a, b = self._touches[:2]
            distance, start_scale = self._pinch
            mid = ((a.x + b.x) / 2, (a.y + b.y) / 2)
            self.current.zoom_to(start_scale * math.dist(a.pos, b.pos) / distance, mid)
            self.dispatch("on_zoom", self.current, self.current.scale)
            return True
        if len(self._touches) != 1 or self._settling:
            return True
        beside = touch.ud.get("strip_beside", False)
        if self.current.zoomed and not beside:
            self.current.pan_by(touch.dx, touch.dy)
            return True
        sx, sy, _ = touch.ud["strip_start"]
        if beside and not self._swiping and abs(touch.y - sy) > TAP_SLOP and abs(touch.y - sy) >= abs(touch.x - sx):
            self._let_go(touch)
            return False
        if self._swiping or (abs(touch.x - sx) > TAP_SLOP and (not beside or abs(touch.x - sx) > abs(touch.y - sy))):
            self._swiping = True
            self.motion.halt(self, "offset")
            offset = touch.x - sx
            direction = -1 if self.rtl else 1
            # resist at the ends: there is no panel to come
            at_end = (offset * direction < 0 and self.index >= self.count - 1) or \
                     (offset * direction > 0 and self.index <= 0)
            self.offset = offset / 3 if at_end else offset
        return True

    def _let_go(self, touch) -> None:
        touch.ungrab(self)
        if touch in self._touches:
            self._touches.remove(touch)

    def on_touch_up(self, touch) -> bool:
        if touch.grab_current is not self:
            return super().on_touch_up(touch)
        self._let_go(touch)
        if self._pinch is not None:
            if len(self._touches) < 2:
                self._pinch = None
            return True
        sx, sy, started = touch.ud.get("strip_start", (touch.x, touch.y, touch.time_start))
        if self._swiping:
            self._swiping = False
            seconds = max(0.016, touch.time_update - started)
            speed = (touch.x - sx) / max(1.0, self.width) / seconds
            direction = -1 if self.rtl else 1
            moved = self.offset * direction
            flick = abs(moved) > self.width * FLICK_FRACTION
            if moved < -self.width * SWIPE_FRACTION or (flick and speed * direction < -FLICK_SPEED):
                self.go_to(self.index + 1)
            elif moved > self.width * SWIPE_FRACTION or (flick and speed * direction > FLICK_SPEED):
                self.go_to(self.index - 1)
            else:
                self._settle()
        elif not touch.ud.get("strip_double") and not touch.ud.get("strip_beside") \
                and math.dist((sx, sy), touch.pos) < TAP_SLOP:
            self._tap_touch = touch
            self._pending_tap()
        return True

    def _emit_tap(self, _dt: float) -> None:
        if self._tap_touch is not None:
            touch, self._tap_touch = self._tap_touch, None
            self.dispatch("on_tap", touch)
