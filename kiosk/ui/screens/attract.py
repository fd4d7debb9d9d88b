"""The attract loop: highlights with slow pan and zoom, cross-fades, and a call to touch in
every language at once, over soft gradients, with a gentle cue."""

from __future__ import annotations

import math
import random
from typing import Any

from kivy.graphics import Callback, Color, Mesh, RenderContext
from kivy.graphics.opengl import GL_BLEND, glDisable, glEnable
from kivy.graphics.texture import Texture
from kivy.properties import NumericProperty, ObjectProperty
from kivy.uix.widget import Widget

from ...session import AttractStep
from .. import navigation as to
from ..kvload import load_kv
from ..motion import Motion
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


MOVE_STEP_PX = 2.0
"""A slow pan and zoom is redrawn when its fastest corner has moved this far: the moves
here travel 25-33 px a second, so 13-17 steps a second, not 60. A cinematographer's rule
for 24 frames a second is that a pan crossing the frame in under about 7 s strobes; these
cross 1,920 px in about a minute, so a step of 2 px is far inside it (README,
Performance)."""
PULSE_SECONDS = 3.2
"""The hand's slow pulse, dim to bright and back."""
PULSE_FPS = 8.0
"""A small icon's brightness needs few steps a second; every step redraws the screen."""

SHADE_VS = """
$HEADER$
uniform vec4 shade_top;     /* the band's bottom and top y, the black's opacity at its top */
uniform vec4 shade_bottom;  /* the band's bottom and top y, the black's opacity at its bottom */
void main (void) {
  float y = vPosition.y;
  float shade = (1.0 - shade_top.z * smoothstep(shade_top.x, shade_top.y, y))
              * (1.0 - shade_bottom.z * (1.0 - smoothstep(shade_bottom.x, shade_bottom.y, y)));
  frag_color = color * vec4(shade, shade, shade, opacity);
  tex_coord0 = vTexCoords0;
  gl_Position = projection_mat * modelview_mat * vec4(vPosition.xy, 0.0, 1.0);
}
"""
"""The photo darkens towards the words as it is drawn: the soft gradients cost no blended
quads over it (0.8 of the window's pixels a frame). The darkening is worked out at the
vertices, so the fragment shader stays Kivy's own (per-pixel work costs llvmpipe: the
same sums per pixel cost 10 ms a frame); the photo is drawn as a strip of
``SHADE_ROWS`` rows in each band, between which the darkening is interpolated."""
SHADE_ROWS = 32
"""Rows a band is drawn in: a band of 420 px in rows of 13 px, whose linear steps follow
the smooth curve to within a third of a grey level."""


def seen_opacity(widget: Widget) -> float:
    """``widget``'s opacity as drawn: its own times its parents'."""
    opacity, seen = 1.0, widget
    while seen is not None:
        opacity *= getattr(seen, "opacity", 1.0)
        parent = getattr(seen, "parent", None)
        seen = parent if parent is not seen else None
    return opacity


class KenBurns(Widget):
    """A photo that covers the screen and drifts: zooms slowly from ``start`` to ``end``.

    A part of its screen's ``Motion``: the move is stepped at the rate it needs (each step
    moves the picture about ``MOVE_STEP_PX``), not every frame. Transparent, it draws
    nothing and stops stepping. The screen's soft gradients are drawn in its shader
    (``shade``), and an opaque photo is drawn without blending (a quarter less work for
    llvmpipe: nothing under it shows).
    """

    texture = ObjectProperty(None, allownone=True)
    zoom = NumericProperty(1.0)
    drift_x = NumericProperty(0.0)
    drift_y = NumericProperty(0.0)

    def __init__(self, **kwargs: Any) -> None:
        self.canvas = RenderContext(use_parent_projection=True, use_parent_modelview=True,
                                    use_parent_frag_modelview=True)
        self.canvas.shader.vs = SHADE_VS
        if not self.canvas.shader.success:
            raise RuntimeError("the attract loop's photo shader did not compile")
        super().__init__(**kwargs)
        self.box = (0.0, 0.0, 0.0, 0.0)
        """Where the photo is drawn: x, y, width, height in the canvas's coordinates."""
        self._move: tuple[tuple[float, float, float], tuple[float, float, float], float] | None = None
        self._elapsed = 0.0
        self.motion: Motion | None = None
        self.steps = 0
        """Steps taken by the current move (each one a redraw)."""
        with self.canvas:
            Callback(self._opaque_draw)
            self._color = Color(1, 1, 1, 1)
            self._mesh = Mesh(mode="triangle_strip")
            Callback(lambda _instruction: glEnable(GL_BLEND))
        self.shade((0.0, 0.0, 0.0), (0.0, 0.0, 0.0))
        self.bind(texture=self._redraw, zoom=self._redraw, drift_x=self._redraw, drift_y=self._redraw,
                  pos=self._redraw, size=self._redraw, opacity=self._redraw)

    def shade(self, top: tuple[float, float, float], bottom: tuple[float, float, float]) -> None:
        """Darken the photo in two bands, in the canvas's coordinates: ``top`` (bottom y, top y,
        opacity of the black at its top) and ``bottom`` (bottom y, top y, opacity at its bottom);
        each fades smoothly to nothing across its band."""
        self._bands = (top, bottom)
        self.canvas["shade_top"] = [float(v) for v in top] + [0.0]
        self.canvas["shade_bottom"] = [float(v) for v in bottom] + [0.0]
        self._redraw()

    def _opaque_draw(self, _instruction: Any) -> None:
        if seen_opacity(self) >= 1.0:
            glDisable(GL_BLEND)

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
            self._mesh.vertices, self._mesh.indices = [], []  # transparent, it costs no pixels
            self.box = (0.0, 0.0, 0.0, 0.0)
            return
        self._color.a = 1
        self.box = x, y, w, h = self._geometry(self.zoom, self.drift_x, self.drift_y)
        self._mesh.texture = self.texture
        self._mesh.vertices, self._mesh.indices = self._strip(x, y, w, h)
        if self.motion is not None:
            self.motion.wake(self)  # seen again: its move goes on from now

    def _strip(self, x: float, y: float, w: float, h: float) -> tuple[list[float], list[int]]:
        """The photo as a strip of rows, fine in the shaded bands: (vertices, indices)."""
        rows = {y, y + h}
        for bottom, top, _alpha in self._bands:
            if top > bottom:
                rows.update(bottom + (top - bottom) * i / SHADE_ROWS for i in range(SHADE_ROWS + 1))
        u0, v0, u1, _v, _u, v1, _u0, _v1 = self.texture.tex_coords
        vertices: list[float] = []
        for row in sorted(r for r in rows if y <= r <= y + h):
            v = v0 + (v1 - v0) * (row - y) / h
            vertices += [x, row, u0, v, x + w, row, u1, v]
        return vertices, list(range(len(vertices) // 4))

    def speed(self) -> float:
        """How fast the current move's fastest corner travels, in pixels a second."""
        if self._move is None or self.texture is None or not self.width:
            return 0.0
        start, end, seconds = self._move
        a, b = self._geometry(*start), self._geometry(*end)
        corners = [(b[0] - a[0]) + dx * (b[2] - a[2]) for dx in (0, 1)] + \
                  [(b[1] - a[1]) + dy * (b[3] - a[3]) for dy in (0, 1)]
        return max(abs(c) for c in corners) / seconds

    def interval(self) -> float | None:
        """Seconds between steps: the picture moves ``MOVE_STEP_PX`` a step (at most 60 a
        second); ``None`` when it does not move or is not seen."""
        speed = self.speed()
        if speed <= 0 or self.opacity == 0:
            return None
        return max(1 / 60, MOVE_STEP_PX / speed)

    def drift(self, seconds: float, rng: random.Random) -> None:
        """Start a slow move over ``seconds``, in a direction chosen by ``rng``."""
        start = (1.02, rng.uniform(-0.8, 0.8), rng.uniform(-0.8, 0.8))
        end = (1.14, -start[1], -start[2])
        self._move = (start, end, max(1.0, seconds + FADE_SECONDS))
        self._elapsed = 0.0
        self.steps = 0
        self.zoom, self.drift_x, self.drift_y = start
        if self.motion is not None:
            self.motion.remove(self)
            self.motion.add(self)  # its time counts from now

    def advance(self, dt: float) -> None:
        if self._move is None:
            return
        start, end, seconds = self._move
        self._elapsed = min(seconds, self._elapsed + dt)
        t = self._elapsed / seconds
        self.steps += 1
        if self._elapsed >= seconds:
            self._move = None
        self.zoom, self.drift_x, self.drift_y = (a + (b - a) * t for a, b in zip(start, end))


class Pulse:
    """The hand's slow pulse, a part of the screen's ``Motion`` while it is on."""

    def __init__(self, widget: Widget) -> None:
        self.widget, self.on, self.time = widget, False, 0.0

    def interval(self) -> float | None:
        return 1 / PULSE_FPS if self.on else None

    def advance(self, dt: float) -> None:
        """The hand brightens and dims slowly (0.35 to 1)."""
        self.time = (self.time + dt) % PULSE_SECONDS
        self.widget.opacity = 0.35 + 0.65 * (0.5 - 0.5 * math.cos(2 * math.pi * self.time / PULSE_SECONDS))


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
        # everything that moves here is stepped together, at the rate the fastest part needs
        self.motion = Motion()
        self._pulse = Pulse(self.ids.cue)
        self.motion.add(self._pulse)
        for layer in (self.front, self.back):
            layer.motion = self.motion
            self.motion.add(layer)
        draw_only_when_seen(self.ids.shade)  # the gradients as quads: over a clip or the wall only
        self.ids.stage.bind(size=self._shade, pos=self._shade)
        self.bind(unit=self._shade, portrait=self._shade)
        self._shade()
        self.refresh()

    def _shade(self, *_args: Any) -> None:
        """The photos darken towards the words as the gradient quads would darken them."""
        stage = self.ids.stage
        top = (stage.top - self.unit * 420, stage.top, 0.78)
        bottom = (stage.y, stage.y + self.unit * (620 if self.portrait else 460), 0.94)
        for layer in (self.ids.layer_a, self.ids.layer_b):
            layer.shade(top, bottom)

    def on_enter(self, *_args: Any) -> None:
        self.pulse(True)

    def pulse(self, on: bool) -> None:
        """Start or stop the hand's pulse (it stops when the screen is left)."""
        self._pulse.on = on
        self.motion.wake(self._pulse)

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
        fade = self.motion.fade
        fade(wall, 1 if step.kind == "names" else 0, FADE_SECONDS)
        fade(self.ids.shade, 0 if step.kind == "photo" else 1, FADE_SECONDS)  # a photo shades itself
        if step.kind == "names":
            self._names(step)
            for layer in (self.front, self.back):  # the wall stands alone on the dark ground
                fade(layer, 0, FADE_SECONDS)
            if clip.is_open:
                clip.close()
                fade(clip, 0, 0)
            return
        if step.kind == "clip":
            clip.open(step.path, start=step.start, end=step.start + step.seconds, muted=True)
            fade(clip, 1, FADE_SECONDS)
            for layer in (self.front, self.back):  # the clip alone: no photo above or below it
                fade(layer, 0, FADE_SECONDS)
            return
        if clip.is_open:
            clip.close()
            fade(clip, 0, FADE_SECONDS)

        def arrived(texture, _reason, step=step) -> None:
            if texture is None or step is not self.step:
                return
            incoming, outgoing = self.back, self.front
            incoming.texture = texture
            incoming.drift(step.seconds, self.rng)
            # a dissolve: the new photo fades in over the old one, which stays opaque under
            # it (drawn without blending) and leaves when it is covered
            stage = self.ids.stage
            stage.remove_widget(incoming)
            stage.add_widget(incoming, index=stage.children.index(outgoing))
            incoming.opacity = 0
            self.motion.halt(outgoing, "opacity")  # a fade it was in stops where it is
            fade(incoming, 1, FADE_SECONDS, then=lambda: fade(outgoing, 0, 0))
            self.front, self.back = incoming, outgoing
            # the words change with the picture: faded in over the same cross-fade
            caption = self.ids.caption
            self._caption()
            caption.opacity = 0
            fade(caption, 1, FADE_SECONDS)

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
        self.pulse(False)
        self.motion.stop()
        self.ids.clip.opacity = 0

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
