"""What a frame draws, counted as screen fills, from the window's real canvas tree.

A fill-rate-bound renderer (Mesa's llvmpipe, a Raspberry Pi's GPU) pays for every pixel
each draw touches, whether or not it stays visible. This walks the instructions the
window runs in a frame, in the order it runs them, follows the transforms, stencils and
scissors that clip them, and sums the areas drawn in window coordinates over the
window's area: 1.0 is one full screen of pixels. Draws are told apart by what they cost
and show: opaque, blended (a colour or texture with alpha), invisible (drawn with alpha
0: the whole cost for nothing) and hidden (the part of a draw a later opaque draw covers).

Used by ``bench/fills.py`` and the UI tests; it reads the canvas, it never draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OPAQUE = "opaque"
"""The group of a draw its owner makes without blending when it is fully opaque (the attract
loop's photos): counted opaque, whatever its shape."""
CELL = 4
"""The coverage grid's cell in pixels: fine enough for bars and cards, cheap to fill."""


@dataclass
class Draw:
    kind: str
    """The instruction's class name (Rectangle, RoundedRectangle, ...)."""
    box: tuple[float, float, float, float]
    """What it touches on screen after clipping: left, bottom, right, top in window pixels."""
    alpha: float
    textured: bool
    opaque: bool
    covers: bool
    """Whether it hides what is under it over its whole box (an opaque axis-aligned rectangle)."""

    @property
    def area(self) -> float:
        left, bottom, right, top = self.box
        return max(0.0, right - left) * max(0.0, top - bottom)


@dataclass
class Fills:
    """A frame's draws and their areas, in screen fills (window areas)."""

    size: tuple[int, int]
    draws: list[Draw] = field(default_factory=list)
    offscreen: float = 0.0
    """Pixels drawn into framebuffers other than the window (a transition's Fbo), in fills."""
    stencil: float = 0.0
    """Pixels drawn into the stencil buffer (clipping masks), in fills."""
    hidden: float = 0.0
    """Pixels drawn and then covered by a later opaque draw, in fills."""

    def _sum(self, keep) -> float:
        w, h = self.size
        return sum(d.area for d in self.draws if keep(d)) / (w * h)

    @property
    def total(self) -> float:
        """Everything drawn on the window, in fills (the figure the goal is set on)."""
        return self._sum(lambda d: True)

    @property
    def opaque(self) -> float:
        return self._sum(lambda d: d.opaque)

    @property
    def blended(self) -> float:
        return self._sum(lambda d: not d.opaque and d.alpha > 0)

    @property
    def invisible(self) -> float:
        """Drawn with alpha 0: pixels paid for that show nothing."""
        return self._sum(lambda d: d.alpha <= 0)

    def summary(self) -> str:
        return (f"{self.total:.2f} fills (opaque {self.opaque:.2f}, blended {self.blended:.2f}, "
                f"invisible {self.invisible:.2f}; covered later by opaque {self.hidden:.2f}; "
                f"stencil {self.stencil:.2f}, off-screen {self.offscreen:.2f})")

    def largest(self, n: int = 6) -> list[Draw]:
        return sorted(self.draws, key=lambda d: d.area, reverse=True)[:n]


_ALPHA_FORMATS = {"rgba", "bgra", "luminance_alpha", "alpha"}


def _intersect(a, b):
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def _bbox(points) -> tuple[float, float, float, float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _shape(instruction: Any) -> tuple[list[tuple[float, float]], float] | None:
    """The corners of what a vertex instruction draws (its own coordinates) and the part of
    their box it fills (a line fills only its stroke)."""
    from kivy.graphics import (BorderImage, Ellipse, Line, Mesh, Point, Quad, Rectangle, RoundedRectangle,
                               SmoothLine, Triangle)

    if isinstance(instruction, (Rectangle, RoundedRectangle, BorderImage, Ellipse)):
        x, y = instruction.pos
        w, h = instruction.size
        if w <= 0 or h <= 0:
            return None
        return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)], 1.0
    if isinstance(instruction, (Line, SmoothLine)):
        pts = list(instruction.points)
        if len(pts) < 4:
            return None
        xy = list(zip(pts[0::2], pts[1::2]))
        width = max(1.0, float(instruction.width)) * 2
        length = sum(((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5 for a, b in zip(xy, xy[1:]))
        left, bottom, right, top = _bbox(xy)
        box = max(1.0, right - left + width) * max(1.0, top - bottom + width)
        return [(left, bottom), (right + width, top + width)], min(1.0, length * width / box)
    if isinstance(instruction, (Quad, Triangle)):
        pts = list(instruction.points)
        return list(zip(pts[0::2], pts[1::2])), 1.0
    if isinstance(instruction, Mesh):
        vs, indices = list(instruction.vertices), list(instruction.indices)
        if len(vs) < 8 or not indices:
            return None
        stride = len(vs) // (max(indices) + 1)  # x, y first, then what the mesh's format adds
        return list(zip(vs[0::stride], vs[1::stride])), 1.0
    if isinstance(instruction, Point):
        return None
    return None


def count_fills(window: Any = None) -> Fills:
    """The fills of the frame the window would draw now (its canvas as it stands)."""
    import numpy as np
    from kivy.base import EventLoop
    from kivy.graphics import (Canvas, Color, Fbo, InstructionGroup, MatrixInstruction, PopMatrix, PushMatrix,
                               Rectangle, ScissorPop, ScissorPush, StencilPop, StencilPush, StencilUnUse,
                               StencilUse, VertexInstruction)
    from kivy.graphics.transformation import Matrix

    window = window or EventLoop.window
    default_texture = Rectangle().texture  # what an untextured draw is given
    w, h = (int(v) for v in window.size)
    fills = Fills((w, h))
    screen = (0.0, 0.0, float(w), float(h))
    state = {
        "matrix": Matrix(), "matrices": [], "rgba": (1.0, 1.0, 1.0, 1.0), "opacity": [1.0],
        "clip": screen, "clips": [], "stencil": None, "mask": None, "offscreen": 0,
    }

    def vertex(instruction) -> None:
        shape = _shape(instruction)
        if shape is None:
            return
        points, part = shape
        m = state["matrix"]
        moved = [m.transform_point(x, y, 0)[:2] for x, y in points]
        box = _intersect(_bbox(moved), screen if state["offscreen"] else state["clip"])
        if box[2] <= box[0] or box[3] <= box[1]:
            return
        if state["stencil"] == "mask":
            mask = state["mask"]
            state["mask"] = box if mask is None else (min(mask[0], box[0]), min(mask[1], box[1]),
                                                      max(mask[2], box[2]), max(mask[3], box[3]))
            fills.stencil += (box[2] - box[0]) * (box[3] - box[1]) / (w * h)
            return
        if state["stencil"] == "unmask":
            fills.stencil += (box[2] - box[0]) * (box[3] - box[1]) / (w * h)
            return
        if state["offscreen"]:
            fills.offscreen += (box[2] - box[0]) * (box[3] - box[1]) * part / (w * h)
            return
        alpha = state["rgba"][3] * state["opacity"][-1]
        texture = getattr(instruction, "texture", None)
        textured = texture is not None and texture is not default_texture
        has_alpha = textured and texture.colorfmt in _ALPHA_FORMATS
        kind = type(instruction).__name__
        shaped = kind in {"RoundedRectangle", "Ellipse", "Line", "SmoothLine", "Triangle", "Mesh"}
        opaque = alpha >= 1.0 and not has_alpha and (not shaped or instruction.group == OPAQUE)
        axis_aligned = len(moved) == 4 and moved[0][1] == moved[1][1] and moved[0][0] == moved[3][0]
        if part < 1.0:
            # a stroke: count its own pixels, spread over its box
            left, bottom, right, top = box
            side = ((right - left) * (top - bottom) * part) ** 0.5
            box = (left, bottom, left + side, bottom + side)
        fills.draws.append(Draw(kind, box, alpha, textured, opaque, opaque and axis_aligned
                                and isinstance(instruction, Rectangle)))

    def walk(node) -> None:
        if isinstance(node, Fbo):
            state["offscreen"] += 1
            for child in node.children:
                walk(child)
            state["offscreen"] -= 1
            return
        if isinstance(node, Canvas):
            opacity = node.opacity
            state["opacity"].append(state["opacity"][-1] * opacity)
            for child in node.children:  # its before and after groups are among them
                walk(child)
            state["opacity"].pop()
            return
        if isinstance(node, InstructionGroup):
            for child in node.children:
                walk(child)
            return
        if isinstance(node, Color):
            state["rgba"] = tuple(node.rgba)
        elif isinstance(node, PushMatrix):
            state["matrices"].append(state["matrix"])
        elif isinstance(node, PopMatrix):
            if state["matrices"]:
                state["matrix"] = state["matrices"].pop()
        elif isinstance(node, MatrixInstruction):
            state["matrix"] = state["matrix"].multiply(node.matrix)
        elif isinstance(node, StencilPush):
            state["clips"].append(state["clip"])
            state["stencil"], state["mask"] = "mask", None
        elif isinstance(node, StencilUse):
            mask = state["mask"] or (0.0, 0.0, 0.0, 0.0)
            state["clip"] = _intersect(state["clip"], mask)
            state["stencil"] = None
        elif isinstance(node, StencilUnUse):
            state["stencil"] = "unmask"
        elif isinstance(node, StencilPop):
            state["stencil"] = None
            if state["clips"]:
                state["clip"] = state["clips"].pop()
        elif isinstance(node, ScissorPush):
            state["clips"].append(state["clip"])
            x, y = node.x, node.y
            state["clip"] = _intersect(state["clip"], (x, y, x + node.width, y + node.height))
        elif isinstance(node, ScissorPop):
            if state["clips"]:
                state["clip"] = state["clips"].pop()
        elif isinstance(node, VertexInstruction):
            vertex(node)

    walk(window.canvas)

    # what later opaque rectangles cover, on a grid, back to front
    gw, gh = (w + CELL - 1) // CELL, (h + CELL - 1) // CELL
    covered = np.zeros((gh, gw), dtype=bool)
    hidden = 0
    for draw in reversed(fills.draws):
        left, bottom, right, top = draw.box
        # cells wholly inside the box, so rounding never counts an edge twice
        c0, c1 = int(-(-left // CELL)), int(right // CELL)
        r0, r1 = int(-(-bottom // CELL)), int(top // CELL)
        if c1 <= c0 or r1 <= r0:
            continue
        hidden += int(covered[r0:r1, c0:c1].sum())
        if draw.covers:
            covered[r0:r1, c0:c1] = True
    fills.hidden = hidden * CELL * CELL / (w * h)
    return fills
