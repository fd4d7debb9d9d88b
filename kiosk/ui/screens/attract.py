"""The attract loop: highlights with slow pan and zoom, cross-fades, and a call to touch in
every language at once, over soft gradients, with a gentle cue."""

from __future__ import annotations

import math
import random
from typing import Any

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.graphics import Color, Rectangle
from kivy.graphics.texture import Texture
from kivy.properties import NumericProperty, ObjectProperty
from kivy.uix.widget import Widget

from ...session import AttractStep
from .. import navigation as to
from ..kvload import load_kv
from ..widgets.card import draw_only_when_seen
from ..widgets.geometry import centre
from ..widgets.player import ClipPlayer
from ...content.text import is_rtl
from ..widgets.text import KLabel
from .base import KioskScreen
from .names import NamesWall, registers_of

CALL_SECONDS = 3.0
"""How long "touch to begin" stays in one language."""
FADE_SECONDS = 1.2


MOVE_STEP_PX = 1.0
"""A slow pan and zoom is redrawn when the picture has moved about this far: a step of a
few per cent over 8 s is about 25 px a second, so 25 frames a second, not 60."""
PULSE_SECONDS = 3.2
"""The hand's slow pulse, dim to bright and back."""
PULSE_FPS = 8.0
"""A small icon's brightness needs few steps a second; every step redraws the screen."""


class KenBurns(Widget):
    """A photo that covers the screen and drifts: zooms slowly from ``start`` to ``end``.

    The move is stepped by the Clock at the rate it needs (each step moves the picture
    about ``MOVE_STEP_PX``), not every frame: on a fill-rate-bound renderer each step
    redraws the whole screen. Transparent, it draws nothing and stops stepping.
    """

    texture = ObjectProperty(None, allownone=True)
    zoom = NumericProperty(1.0)
    drift_x = NumericProperty(0.0)
    drift_y = NumericProperty(0.0)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        with self.canvas:
            self._color = Color(1, 1, 1, 1)
            self._rect = Rectangle()
        self._move: tuple[tuple[float, float, float], tuple[float, float, float], float] | None = None
        self._elapsed = 0.0
        self._stepper: Any = None
        self.steps = 0
        """Steps taken by the current move (each one a redraw)."""
        self.bind(texture=self._redraw, zoom=self._redraw, drift_x=self._redraw, drift_y=self._redraw,
                  pos=self._redraw, size=self._redraw, opacity=self._redraw)

    def _geometry(self, zoom: float, drift_x: float, drift_y: float) -> tuple[float, float, float, float]:
        tw, th = self.texture.size
        cover = max(self.width / tw, self.height / th) * zoom
        w, h = tw * cover, th * cover
        # drift stays within the overscan so no edge ever shows
        spare_x, spare_y = (w - self.width) / 2, (h - self.height) / 2
        cx, cy = centre(self)
        return cx - w / 2 + drift_x * spare_x, cy - h / 2 + drift_y * spare_y, w, h

    def _redraw(self, *_args: Any) -> None:
        if self.texture is None or not self.width or self.opacity == 0:
            self._color.a = 0
            self._rect.size = (0, 0)  # transparent, it costs no pixels
            self._pause()
            return
        self._color.a = 1
        x, y, w, h = self._geometry(self.zoom, self.drift_x, self.drift_y)
        self._rect.texture = self.texture
        self._rect.size = (w, h)
        self._rect.pos = (x, y)
        self._resume()

    def speed(self) -> float:
        """How fast the current move's fastest corner travels, in pixels a second."""
        if self._move is None or self.texture is None or not self.width:
            return 0.0
        start, end, seconds = self._move
        a, b = self._geometry(*start), self._geometry(*end)
        corners = [(b[0] - a[0]) + dx * (b[2] - a[2]) for dx in (0, 1)] + \
                  [(b[1] - a[1]) + dy * (b[3] - a[3]) for dy in (0, 1)]
        return max(abs(c) for c in corners) / seconds

    def interval(self) -> float:
        """Seconds between steps: the picture moves ``MOVE_STEP_PX`` a step (at most 60 a second)."""
        speed = self.speed()
        return max(1 / 60, MOVE_STEP_PX / speed) if speed > 0 else 0.5

    def drift(self, seconds: float, rng: random.Random) -> None:
        """Start a slow move over ``seconds``, in a direction chosen by ``rng``."""
        self._stop()
        start = (1.02, rng.uniform(-0.8, 0.8), rng.uniform(-0.8, 0.8))
        end = (1.14, -start[1], -start[2])
        self._move = (start, end, max(1.0, seconds + FADE_SECONDS))
        self._elapsed = 0.0
        self.steps = 0
        self.zoom, self.drift_x, self.drift_y = start
        self._resume()

    def _step(self, dt: float) -> None:
        if self._move is None:
            return
        start, end, seconds = self._move
        self._elapsed = min(seconds, self._elapsed + dt)
        t = self._elapsed / seconds
        self.steps += 1
        self.zoom, self.drift_x, self.drift_y = (a + (b - a) * t for a, b in zip(start, end))
        if self._elapsed >= seconds:
            self._stop()

    def _resume(self) -> None:
        if self._move is not None and self._stepper is None and self.opacity > 0:
            self._stepper = Clock.schedule_interval(self._step, self.interval())

    def _pause(self) -> None:
        if self._stepper is not None:
            self._stepper.cancel()
            self._stepper = None

    def _stop(self) -> None:
        self._pause()
        self._move = None


def gradient(top_alpha: float, bottom_alpha: float, steps: int = 64) -> Texture:
    """A black that fades between two opacities, top to bottom, to stretch over a band."""
    data = bytearray()
    for i in range(steps):  # GL's first row is the bottom
        t = i / (steps - 1)
        alpha = bottom_alpha + (top_alpha - bottom_alpha) * t * t * (3 - 2 * t)  # smoothstep
        data += bytes((0, 0, 0, int(round(alpha * 255))))
    texture = Texture.create(size=(1, steps), colorfmt="rgba")
    texture.blit_buffer(bytes(data), colorfmt="rgba", bufferfmt="ubyte")
    return texture


class AttractScreen(KioskScreen):
    """Shows the steps the app's ``AttractLoop`` hands it; any touch asks for home."""

    screen_name = "attract"

    fade_down = ObjectProperty(None, allownone=True)
    fade_up = ObjectProperty(None, allownone=True)
    call_count = NumericProperty(1)
    title_size = NumericProperty(72)

    def __init__(self, context, **kwargs: Any) -> None:
        load_kv(__file__)
        super().__init__(context, **kwargs)
        self.rng = random.Random(1)
        self.step: AttractStep | None = None
        self.call_language = context.exhibition.default_language
        self.front = self.ids.layer_a
        self.back = self.ids.layer_b
        self.ids.clip.playback = context.playback
        for layer in (self.ids.clip, self.ids.wall):  # transparent between their steps: drawn not at all
            draw_only_when_seen(layer)
        self.fade_down, self.fade_up = gradient(0.78, 0.0), gradient(0.0, 0.94)
        self.calls: list[KLabel] = []
        for code in context.exhibition.languages:
            call = KLabel(font_size=self.unit * (38 if self.portrait else 32), bold=True, align="center",
                          rtl=is_rtl(code))
            call.language = code
            self.calls.append(call)
            self.ids.calls.add_widget(call)
        self.call_count = len(self.calls)
        self._pulse: Any = None
        self._pulse_time = 0.0
        self.refresh()

    def on_enter(self, *_args: Any) -> None:
        self.pulse(True)

    def pulse(self, on: bool) -> None:
        """Start or stop the hand's pulse (it stops when the screen is left)."""
        if on and self._pulse is None:
            self._pulse = Clock.schedule_interval(self._pulse_step, 1 / PULSE_FPS)
        elif not on and self._pulse is not None:
            self._pulse.cancel()
            self._pulse = None

    def _pulse_step(self, dt: float) -> None:
        """The hand brightens and dims slowly (0.35 to 1), a few steps a second."""
        self._pulse_time = (self._pulse_time + dt) % PULSE_SECONDS
        self.ids.cue.opacity = 0.35 + 0.65 * (0.5 - 0.5 * math.cos(2 * math.pi * self._pulse_time / PULSE_SECONDS))

    def on_touch_down(self, touch: Any) -> bool:
        if self.collide_point(*touch.pos):
            self.navigate(to.Home())
            return True
        return False

    def show_step(self, step: AttractStep) -> None:
        """Cross-fade to ``step``'s photo once decoded, or play its clip excerpt muted."""
        self.step = step
        if step.kind != "photo":
            self._caption()  # a photo's caption changes with the photo, when it arrives
        clip: ClipPlayer = self.ids.clip
        wall: NamesWall = self.ids.wall
        Animation.cancel_all(wall, "opacity")
        Animation(opacity=1 if step.kind == "names" else 0, d=FADE_SECONDS).start(wall)
        if step.kind == "names":
            self._names(step)
            for layer in (self.front, self.back):  # the wall stands alone on the dark ground
                Animation.cancel_all(layer, "opacity")
                Animation(opacity=0, d=FADE_SECONDS).start(layer)
            if clip.is_open:
                clip.close()
                clip.opacity = 0
            return
        if step.kind == "clip":
            clip.open(step.path, start=step.start, end=step.start + step.seconds, muted=True)
            Animation.cancel_all(clip, "opacity")
            Animation(opacity=1, d=FADE_SECONDS).start(clip)
            for layer in (self.front, self.back):  # the clip alone: no photo above or below it
                Animation.cancel_all(layer, "opacity")
                Animation(opacity=0, d=FADE_SECONDS).start(layer)
            return
        if clip.is_open:
            clip.close()
            Animation.cancel_all(clip, "opacity")
            Animation(opacity=0, d=FADE_SECONDS).start(clip)

        def arrived(texture, _reason, step=step) -> None:
            if texture is None or step is not self.step:
                return
            incoming, outgoing = self.back, self.front
            incoming.texture = texture
            incoming.drift(step.seconds, self.rng)
            Animation.cancel_all(incoming, "opacity")
            Animation.cancel_all(outgoing, "opacity")
            Animation(opacity=1, d=FADE_SECONDS).start(incoming)
            Animation(opacity=0, d=FADE_SECONDS).start(outgoing)
            self.front, self.back = incoming, outgoing
            # the words change with the picture: faded in over the same cross-fade
            caption = self.ids.caption
            self._caption()
            Animation.cancel_all(caption, "opacity")
            caption.opacity = 0
            Animation(opacity=1, d=FADE_SECONDS).start(caption)

        self.context.textures.request(step.path, "screen", arrived)

    def _names(self, step: AttractStep) -> None:
        """The register's names rise slowly; each loop starts further down the register."""
        self.names_shown = getattr(self, "names_shown", 0)

        def ready(built, step=step) -> None:
            if step is not self.step:
                return
            records = built.index.records
            start = self.names_shown % len(records) if records else 0
            self.ids.wall.show(records, step.seconds, self.context.exhibition.fallback_order(self.call_language), start)
            self.names_shown += int(self.ids.wall.height / self.ids.wall.line_height) + 1

        registers_of(self.context).request(step.ref, ready)

    def on_leave(self, *_args: Any) -> None:
        self.ids.clip.close()
        self.ids.clip.opacity = 0
        self.pulse(False)

    def tick(self, now: float) -> None:
        """Cycle the call to touch through every language of the exhibition."""
        languages = self.context.exhibition.languages
        language = languages[int(now // CALL_SECONDS) % len(languages)]
        if language != self.call_language:
            self.call_language = language
            self.refresh()

    def refresh(self) -> None:
        ex = self.context.exhibition
        self._fit_title(ex.text(ex.title, self.call_language))
        for call in self.calls:
            call.raw = self.context.strings.get("touch_to_begin", call.language)
            # the language shown above in the title is the one that stands out now
            call.opacity = 1.0 if call.language == self.call_language else 0.86
        self.ids.wall.relabel(self.context.exhibition.fallback_order(self.call_language))  # the call's script
        self._caption()

    def _caption(self) -> None:
        """The step's caption in the language the title and the call are in now: one
        language on the screen at a time."""
        step = self.step
        title = step.title if step is not None else None
        self.ids.caption.raw = self.context.exhibition.text(title, self.call_language) \
            if title is not None else ""

    def _fit_title(self, text: str) -> None:
        """The title in at most its band: a long one (Russian, in portrait) is set smaller."""
        label = self.ids.title
        size = self.unit * (64 if self.portrait else 80)
        label.font_size = size
        label.raw = text
        label.texture_update()
        while label.texture_size[1] > label.height and size > self.unit * 40:
            size *= 0.9
            label.font_size = size
            label.texture_update()
        self.title_size = size
