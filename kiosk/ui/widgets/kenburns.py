"""The attract loop's photos: each one drifts slowly across the screen (``KenBurns``), and
``Photos`` draws them, darkened towards the words, in one pass a frame.

On a fill-rate-bound renderer (llvmpipe, a Raspberry Pi's GPU) every pixel drawn costs,
every frame. So the photos are drawn once per pixel whatever happens: one photo alone, or
two in a dissolve mixed in one shader (two full-screen passes, one of them blended, cost
llvmpipe 36 ms a frame here; the mix in one pass 24 ms). The soft gradients that carry the
words are worked out at the vertices, not drawn as blended quads over the photo, and an
opaque picture is drawn without blending.
"""

from __future__ import annotations

import random
import weakref
from typing import Any

from kivy.clock import Clock
from kivy.event import EventDispatcher
from kivy.graphics import BindTexture, Callback, Color, Mesh, RenderContext
from kivy.graphics.opengl import GL_BLEND, glDisable, glEnable
from kivy.properties import NumericProperty, ObjectProperty
from kivy.uix.widget import Widget

from ..fills import OPAQUE
from ..motion import Motion
from .geometry import centre

MOVE_STEP_PX = 2.0
"""A slow pan and zoom is redrawn when its fastest corner has moved this far: the moves
here travel 25-33 px a second, so 13-17 steps a second, not 60. A cinematographer's rule
for 24 frames a second is that a pan crossing the frame in under about 7 s strobes; these
cross 1,920 px in about a minute, so a step of 2 px is far inside it
(docs/performance.md)."""

_SHADE = """
uniform vec4 shade_top;     /* the band's bottom and top y, the black's opacity at its top */
uniform vec4 shade_bottom;  /* the band's bottom and top y, the black's opacity at its bottom */
float shade_at(float y) {
  return (1.0 - shade_top.z * smoothstep(shade_top.x, shade_top.y, y))
       * (1.0 - shade_bottom.z * (1.0 - smoothstep(shade_bottom.x, shade_bottom.y, y)));
}
"""
ONE_VS = "$HEADER$" + _SHADE + """
void main (void) {
  float shade = shade_at(vPosition.y);
  frag_color = color * vec4(shade, shade, shade, opacity);
  tex_coord0 = vTexCoords0;
  gl_Position = projection_mat * modelview_mat * vec4(vPosition.xy, 0.0, 1.0);
}
"""
"""One photo, darkened towards the words as it is drawn. The darkening is worked out at the
vertices, so the fragment shader stays Kivy's own (the same sums per pixel cost llvmpipe
10 ms a frame); the photo is drawn as a strip of rows in each band (``band_rows``),
between which the darkening is interpolated."""
TWO_VS = "$HEADER$" + _SHADE + """
attribute vec2 vTexCoords1;
varying vec2 tex_coord1;
void main (void) {
  float shade = shade_at(vPosition.y);
  frag_color = color * vec4(shade, shade, shade, opacity);
  tex_coord0 = vTexCoords0;
  tex_coord1 = vTexCoords1;
  gl_Position = projection_mat * modelview_mat * vec4(vPosition.xy, 0.0, 1.0);
}
"""
TWO_FS = """
$HEADER$
uniform sampler2D texture1;
uniform float mixing;       /* how much of the upper photo: 0 to 1 */
varying vec2 tex_coord1;
void main (void) {
  gl_FragColor = frag_color * mix(texture2D(texture0, tex_coord0), texture2D(texture1, tex_coord1), mixing);
}
"""
"""Two photos in one pass: the lower one (texture 0) and the upper one (texture 1), each
at its own place, mixed."""
TWO_FORMAT = [(b"vPosition", 2, "float"), (b"vTexCoords0", 2, "float"), (b"vTexCoords1", 2, "float")]

SHADE_ROWS = 8
"""Rows a band is drawn in. Each row's edge costs llvmpipe partly covered tiles across the
screen (32 even rows a band cost 5 ms a frame more than none; 8 cost 1.5 ms), so the rows
are spaced where the curve bends: see ``band_rows``."""


def band_rows(rows: int = SHADE_ROWS) -> list[float]:
    """Where a band's rows fall, 0 to 1 across it, so that straight lines between them
    follow the smoothstep curve evenly closely: the error of a straight piece grows with
    the curve's bend (6 at the ends, 0 in the middle) times its length squared, so the
    pieces are spaced by the square root of the bend. With 8 rows the worst error is
    0.6 % of the band's darkening (1.4 grey levels on white), against 1.0 % for 8 even rows."""

    def at(u: float) -> float:  # the inverse of the bend's running share, for u <= 1/2
        return (1 - (1 - 2 * u) ** (2 / 3)) / 2

    return [at(i / rows) if i * 2 <= rows else 1 - at(1 - i / rows) for i in range(rows + 1)]


BAND_ROWS = band_rows()

Box = tuple[float, float, float, float]
NOWHERE: Box = (0.0, 0.0, 0.0, 0.0)


def seen_opacity(widget: Widget) -> float:
    """``widget``'s opacity as drawn: its own times its parents'."""
    opacity, seen = 1.0, widget
    while seen is not None:
        opacity *= getattr(seen, "opacity", 1.0)
        parent = getattr(seen, "parent", None)
        seen = parent if parent is not seen else None
    return opacity


class KenBurns(EventDispatcher):
    """One photo covering ``photos`` (the widget that draws it), drifting: it zooms slowly
    and crosses its overscan, from a start to an end chosen at random.

    A part of its screen's ``Motion``: the move is stepped at the rate it needs (each step
    moves the picture about ``MOVE_STEP_PX``), not every frame. Transparent, it is not
    drawn and stops stepping. Its ``opacity`` is faded like a widget's.
    """

    texture = ObjectProperty(None, allownone=True)
    zoom = NumericProperty(1.0)
    drift_x = NumericProperty(0.0)
    drift_y = NumericProperty(0.0)
    opacity = NumericProperty(1.0)

    def __init__(self, photos: Photos, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.photos = photos
        self.box: Box = NOWHERE
        """Where the photo is drawn: x, y, width, height in the canvas's coordinates."""
        self._move: tuple[tuple[float, float, float], tuple[float, float, float], float] | None = None
        self._elapsed = 0.0
        self._motion: weakref.ref[Motion] | None = None
        self.steps = 0
        """Steps taken by the current move (each one a redraw)."""
        self._placing = False
        self.bind(texture=self.moved, zoom=self.moved, drift_x=self.moved, drift_y=self.moved, opacity=self.moved)
        photos.add(self)

    @property
    def motion(self) -> Motion | None:
        """The screen's ``Motion`` that steps this move. Held weakly: it holds its parts, and
        it must end with its screen (its clock event with it), not live on in a cycle."""
        return self._motion() if self._motion is not None else None

    @motion.setter
    def motion(self, motion: Motion | None) -> None:
        self._motion = weakref.ref(motion) if motion is not None else None

    @property
    def seen(self) -> bool:
        return self.texture is not None and self.opacity > 0 and self.photos.width > 0

    def moved(self, *_args: Any) -> None:
        """Where it is drawn now; ``photos`` draws it there."""
        if self._placing:
            return
        seen = self.seen
        self.box = self._geometry(self.zoom, self.drift_x, self.drift_y) if seen else NOWHERE
        motion = self.motion
        if seen and motion is not None:
            motion.wake(self)  # seen again: its move goes on from now
        self.photos.redraw()

    def _geometry(self, zoom: float, drift_x: float, drift_y: float) -> Box:
        tw, th = self.texture.size
        area = self.photos
        cover = max(area.width / tw, area.height / th) * zoom
        w, h = tw * cover, th * cover
        # drift stays within the overscan so no edge ever shows
        spare_x, spare_y = (w - area.width) / 2, (h - area.height) / 2
        cx, cy = centre(area)
        return cx - w / 2 + drift_x * spare_x, cy - h / 2 + drift_y * spare_y, w, h

    def speed(self) -> float:
        """How fast the current move's fastest corner travels, in pixels a second."""
        if self._move is None or self.texture is None or not self.photos.width:
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
        """Start a slow move over ``seconds`` (at least one), in a direction chosen by ``rng``."""
        start = (1.02, rng.uniform(-0.8, 0.8), rng.uniform(-0.8, 0.8))
        end = (1.14, -start[1], -start[2])
        self._move = (start, end, max(1.0, seconds))
        self._elapsed = 0.0
        self.steps = 0
        self._place(*start)
        motion = self.motion
        if motion is not None:
            motion.remove(self)
            motion.add(self)  # its time counts from now

    def advance(self, dt: float) -> None:
        if self._move is None:
            return
        start, end, seconds = self._move
        self._elapsed = min(seconds, self._elapsed + dt)
        t = self._elapsed / seconds
        self.steps += 1
        if self._elapsed >= seconds:
            self._move = None
        self._place(*(a + (b - a) * t for a, b in zip(start, end)))

    def _place(self, zoom: float, drift_x: float, drift_y: float) -> None:
        """Zoom and drift together: one move, placed once."""
        self._placing = True
        try:
            self.zoom, self.drift_x, self.drift_y = zoom, drift_x, drift_y
        finally:
            self._placing = False
        self.moved()


class Photos(Widget):
    """Draws its ``KenBurns`` photos, the last raised on top, in one pass.

    One photo seen is drawn alone; two seen (a dissolve, or both fading out) are mixed in
    one shader into what drawing the lower then the upper at their opacities would show.
    Nothing seen, nothing is drawn. What is drawn is opaque (drawn without blending) unless
    the dark ground shows through.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.shots: list[KenBurns] = []
        """Bottom to top."""
        self._bands: tuple[tuple[float, float, float], tuple[float, float, float]] = ((0, 0, 0), (0, 0, 0))
        self.alpha = 0.0
        """How much of the ground the photos cover where drawn (0: nothing drawn)."""
        self.one = self._context(ONE_VS)
        self.two = self._context(TWO_VS, TWO_FS)
        self.two["texture1"] = 1
        with self.one:
            self._one_color = Color(1, 1, 1, 1)
            self._one = Mesh(mode="triangle_strip", group=OPAQUE)
        with self.two:
            self._upper = BindTexture(index=1)
            self._two_color = Color(1, 1, 1, 1)
            self._two = Mesh(mode="triangle_strip", fmt=TWO_FORMAT, group=OPAQUE)
        self.canvas.add(Callback(self._opaque_draw))
        self._drawn: RenderContext | None = None
        """The context drawn now, between the two callbacks: ``one``, ``two`` or none."""
        self._after = Callback(lambda _instruction: glEnable(GL_BLEND))
        self.canvas.add(self._after)
        self.redraw = Clock.create_trigger(self._rebuild, -1)
        """Draw the photos as they are now, before the next frame (once, however many of
        them moved since the last)."""
        self.shade((0.0, 0.0, 0.0), (0.0, 0.0, 0.0))
        self.bind(pos=self._resized, size=self._resized)

    @staticmethod
    def _context(vs: str, fs: str | None = None) -> RenderContext:
        context = RenderContext(use_parent_projection=True, use_parent_modelview=True,
                                use_parent_frag_modelview=True)
        context.shader.vs = vs
        if fs is not None:
            context.shader.fs = fs
        if not context.shader.success:
            raise RuntimeError("the attract loop's photo shader did not compile")
        return context

    def add(self, shot: KenBurns) -> None:
        self.shots.append(shot)

    def raise_(self, shot: KenBurns) -> None:
        """``shot`` is drawn over the others from now."""
        self.shots.remove(shot)
        self.shots.append(shot)
        self.redraw()

    def shade(self, top: tuple[float, float, float], bottom: tuple[float, float, float]) -> None:
        """Darken the photos in two bands, in the canvas's coordinates: ``top`` (bottom y,
        top y, opacity of the black at its top) and ``bottom`` (bottom y, top y, opacity at
        its bottom); each fades smoothly to nothing across its band."""
        self._bands = (top, bottom)
        for context in (self.one, self.two):
            context["shade_top"] = [float(v) for v in top] + [0.0]
            context["shade_bottom"] = [float(v) for v in bottom] + [0.0]
        self.redraw()

    def _resized(self, *_args: Any) -> None:
        for shot in self.shots:
            shot.moved()

    def _opaque_draw(self, _instruction: Any) -> None:
        if self.alpha >= 1.0 and seen_opacity(self) >= 1.0:
            glDisable(GL_BLEND)  # nothing under it shows: a quarter less work for llvmpipe

    def _rebuild(self, *_args: Any) -> None:
        seen = [shot for shot in self.shots if shot.seen][-2:]
        area = (self.x, self.y, self.width, self.height)
        boxes = [area] + [shot.box for shot in seen]
        left, bottom = max(b[0] for b in boxes), max(b[1] for b in boxes)
        right, top = min(b[0] + b[2] for b in boxes), min(b[1] + b[3] for b in boxes)
        if not seen or right <= left or top <= bottom:
            self.alpha = 0.0  # transparent, it costs no pixels
            self._draw(None)
            return
        edges = {bottom, top}
        for low, high, _alpha in self._bands:
            if high > low:
                edges.update(low + (high - low) * t for t in BAND_ROWS)
        rows = sorted(r for r in edges if bottom <= r <= top)
        if len(seen) == 1:
            (shot,) = seen
            self.alpha = self._one_color.a = shot.opacity
            self._one.texture = shot.texture
            self._one.vertices = _strip(rows, left, right, [shot])
            self._one.indices = list(range(2 * len(rows)))
            self._draw(self.one)
            return
        lower, upper = seen
        # drawn one over the other, the ground shows through both; mixed, the same picture
        self.alpha = self._two_color.a = 1 - (1 - lower.opacity) * (1 - upper.opacity)
        self.two["mixing"] = upper.opacity / self.alpha
        self._two.texture, self._upper.texture = lower.texture, upper.texture
        self._two.vertices = _strip(rows, left, right, [lower, upper])
        self._two.indices = list(range(2 * len(rows)))
        self._draw(self.two)

    def _draw(self, context: RenderContext | None) -> None:
        if context is self._drawn:
            return
        if self._drawn is not None:
            self.canvas.remove(self._drawn)
        if context is not None:
            self.canvas.insert(self.canvas.indexof(self._after), context)
        self._drawn = context


def _strip(rows: list[float], left: float, right: float, shots: list[KenBurns]) -> list[float]:
    """A strip of rows from ``left`` to ``right``: each vertex its place, then where it falls
    in each shot's texture."""

    def texture_at(shot: KenBurns, x: float, y: float) -> list[float]:
        bx, by, bw, bh = shot.box
        u0, v0, u1, _v, _u, v1, _u0, _v1 = shot.texture.tex_coords
        return [u0 + (u1 - u0) * (x - bx) / bw, v0 + (v1 - v0) * (y - by) / bh]

    vertices: list[float] = []
    for row in rows:
        for x in (left, right):
            vertices += [x, row]
            for shot in shots:
                vertices += texture_at(shot, x, row)
    return vertices
