"""Driving the real app without a person: a clock that moves when told, fingers on the glass.

Used by the tests and the benchmarks alike. Touches go through Kivy's own input
pipeline (``EventLoop._dispatch_input``), so post-processing (double tap), the window's
handlers and every widget see them as they see a touchscreen's.
"""

from __future__ import annotations

from kivy.base import EventLoop
from kivy.input.motionevent import MotionEvent


class SteppedClock:
    """Monotonic seconds that move only when told to (the app takes its time from a clock)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Finger(MotionEvent):
    """One finger on the glass, in window pixels: ``Finger(x, y).down()``, ``move_to``, ``up``."""

    _next = 0

    def __init__(self, x: float, y: float) -> None:
        Finger._next += 1
        window = EventLoop.window
        super().__init__("finger", Finger._next, self._norm(x, y), is_touch=True, type_id="touch")
        self.profile = ["pos"]
        self.window = window

    @staticmethod
    def _norm(x: float, y: float) -> dict[str, float]:
        window = EventLoop.window
        return {"x": x / (window.width - 1.0), "y": y / (window.height - 1.0)}

    def depack(self, args: dict[str, float]) -> None:
        self.sx, self.sy = args["x"], args["y"]
        super().depack(args)

    def down(self) -> Finger:
        EventLoop._dispatch_input("begin", self)
        return self

    def move_to(self, x: float, y: float) -> Finger:
        self.move(self._norm(x, y))
        EventLoop._dispatch_input("update", self)
        return self

    def up(self) -> Finger:
        EventLoop._dispatch_input("end", self)
        return self


def drawn_window():
    """The window drawn now, whole, as a Pillow image top row first: every instruction of the
    window's canvas run by GL into a framebuffer of the window's size, over its clear colour."""
    from kivy.graphics import ClearBuffers, ClearColor, Fbo
    from PIL import Image

    window = EventLoop.window
    w, h = (int(v) for v in window.size)
    fbo = Fbo(size=(w, h), with_stencilbuffer=True)
    with fbo:
        ClearColor(*window.clearcolor)
        ClearBuffers()
    fbo.add(window.canvas)
    try:
        fbo.draw()
        data = fbo.pixels
    finally:
        fbo.remove(window.canvas)
    return Image.frombytes("RGBA", (w, h), data).transpose(Image.Transpose.FLIP_TOP_BOTTOM).convert("RGB")
