"""Everything that moves on a screen, stepped together by one Clock event at the rate the
fastest part needs.

On a fill-rate-bound renderer (software GL, a Raspberry Pi's GPU) every change to a canvas
costs a redraw of the whole window. Kivy's ``Animation`` steps each property every frame,
60 times a second, and two animations started apart land on different frames. Here each
part says how soon it next needs a step (``interval()``; ``None`` at rest) and advances by
the time that really passed (``advance(dt)``): a slow pan runs at the rate its motion
needs, a cross-fade at ``FADE_FPS``, and parts that move together are redrawn together. A
screen with nothing moving schedules nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Protocol

from kivy.clock import Clock

FADE_FPS = 20.0
"""Steps a second of an opacity fade: a 1.2 s cross-fade in 24 steps of about 4 %."""


class Part(Protocol):
    def interval(self) -> float | None:
        """Seconds until the next step is needed; ``None`` at rest (nothing to draw)."""

    def advance(self, dt: float) -> None:
        """Move on by ``dt`` seconds."""


class Fade:
    """A widget's opacity, from where it is to ``opacity`` in ``seconds``, linearly."""

    def __init__(self, widget: Any, opacity: float, seconds: float, fps: float = FADE_FPS,
                 then: Callable[[], None] | None = None) -> None:
        self.widget, self.start, self.end = widget, float(widget.opacity), float(opacity)
        self.seconds, self.fps, self.elapsed = max(0.0, seconds), fps, 0.0
        self.then = then
        """Called once when the fade has arrived (not when another fade replaces it)."""

    @property
    def done(self) -> bool:
        return self.elapsed >= self.seconds

    def interval(self) -> float | None:
        return None if self.done else 1 / self.fps

    def advance(self, dt: float) -> None:
        self.elapsed = min(self.seconds, self.elapsed + dt)
        t = self.elapsed / self.seconds if self.seconds else 1.0
        self.widget.opacity = self.start + (self.end - self.start) * t


class Motion:
    """One screen's moving parts, stepped together. ``time`` reads the clock the steps follow
    (Kivy's, which the test harness steps)."""

    def __init__(self, time: Callable[[], float] | None = None) -> None:
        self._time = time or (lambda: Clock.time())
        self._parts: dict[Any, float | None] = {}  # part -> when it was last advanced (None: at rest)
        self._fades: dict[int, Fade] = {}
        self._event: Any = None
        self._due = math.inf
        self._ticking = False
        self.ticks = 0
        """Steps taken (each one at most one redraw)."""

    def add(self, part: Part) -> None:
        self._parts.setdefault(part, None)
        self.wake(part)

    def remove(self, part: Part) -> None:
        self._parts.pop(part, None)

    def wake(self, part: Part | None = None) -> None:
        """``part`` may have started to move: its time counts from now."""
        now = self._time()
        if part is not None and part in self._parts and self._parts[part] is None:
            self._parts[part] = now
        if not self._ticking:
            self._schedule(now)

    def fade(self, widget: Any, opacity: float, seconds: float, then: Callable[[], None] | None = None) -> Fade:
        """Fade ``widget`` to ``opacity`` over ``seconds``, replacing a fade it is in; ``then``
        is called when it arrives."""
        old = self._fades.pop(id(widget), None)
        if old is not None:
            self.remove(old)
        fade = Fade(widget, opacity, seconds, then=then)
        if seconds <= 0:
            widget.opacity = opacity
        if widget.opacity == opacity:
            if then is not None:
                then()
            return fade  # there: nothing moves
        self._fades[id(widget)] = fade
        self.add(fade)
        return fade

    def stop(self) -> None:
        """Everything stops where it is (the screen is left)."""
        for fade in list(self._fades.values()):
            fade.advance(fade.seconds)  # a fade ends where it was going
            self.remove(fade)
        self._fades.clear()
        for part in self._parts:
            self._parts[part] = None  # at rest: when it moves again, its time counts from then
        if self._event is not None:
            self._event.cancel()
        self._event, self._due = None, math.inf

    def _schedule(self, now: float) -> None:
        due = math.inf
        for part, last in list(self._parts.items()):
            interval = part.interval()
            if interval is None:
                self._parts[part] = None
                continue
            if last is None:
                last = self._parts[part] = now
            due = min(due, last + interval)
        if due == math.inf:
            if self._event is not None:
                self._event.cancel()
            self._event, self._due = None, math.inf
            return
        if self._event is not None and self._due <= due:
            return
        if self._event is not None:
            self._event.cancel()
        self._due = due
        self._event = Clock.schedule_once(self._tick, max(0.0, due - now))

    def _tick(self, _dt: float) -> None:
        self._event, self._due = None, math.inf
        now = self._time()
        self._ticking = True
        try:
            for part, last in list(self._parts.items()):
                if last is not None and part in self._parts:
                    part.advance(now - last)
                    self._parts[part] = now
            for key, fade in list(self._fades.items()):
                if fade.done:
                    del self._fades[key]
                    self.remove(fade)
                    if fade.then is not None:
                        fade.then()
            self.ticks += 1
        finally:
            self._ticking = False
        self._schedule(now)
