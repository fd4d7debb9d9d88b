"""Everything that moves on a screen, stepped together by one Clock event at the rate the
fastest part needs.

On a fill-rate-bound renderer (software GL, a Raspberry Pi's GPU) every change to a canvas
costs a redraw of the whole window. Kivy's ``Animation`` steps each property every frame,
60 times a second, and two animations started apart land on different frames. Here each
part says how soon it next needs a step (``interval()``; ``None`` at rest) and advances by
the time that really passed (``advance(dt)``): a slow pan runs at the rate its motion
needs, a cross-fade at ``FADE_FPS`` (``Tween``), and parts that move together are redrawn
together. A
screen with nothing moving schedules nothing.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable
from functools import partial
from typing import Any, Protocol

from kivy.clock import Clock

FADE_FPS = 20.0
"""Steps a second of an opacity fade: a 1.2 s cross-fade in 24 steps of about 4 %."""


class Part(Protocol):
    def interval(self) -> float | None:
        """Seconds until the next step is needed; ``None`` at rest (nothing to draw)."""

    def advance(self, dt: float) -> None:
        """Move on by ``dt`` seconds."""


def linear(p: float) -> float:
    return p


def out_quad(p: float) -> float:
    return 1 - (1 - p) ** 2


STEP_SLACK = 1e-6
"""A stepped move this close to its next step (as a share of a step) has reached it: the
sums of frame times fall a rounding short of where the step was due."""

class Tween:
    """A widget's numeric property, from where it is to ``target`` in ``seconds``, eased by
    ``ease``; stepped ``fps`` times a second, each time it has gone another ``step``, or
    every frame when neither is given."""

    def __init__(self, widget: Any, name: str, target: float, seconds: float, *,
                 ease: Callable[[float], float] = linear, fps: float | None = None, step: float | None = None,
                 then: Callable[[], None] | None = None) -> None:
        self.widget, self.name, self.start, self.end = widget, name, float(getattr(widget, name)), float(target)
        self.seconds, self.elapsed, self.ease, self.fps = max(0.0, seconds), 0.0, ease, fps
        self.step = step
        """With ``step`` (and a linear ease), a step is due when the property has gone another
        ``step`` from where it started, not ``fps`` times a second."""
        self.then = then
        """Called once when it has arrived (not when another move of the property replaces it)."""

    @property
    def done(self) -> bool:
        return self.elapsed >= self.seconds

    def interval(self) -> float | None:
        if self.done:
            return None
        if self.step:
            # the time until it crosses its next step: due then, it is stepped at the first
            # frame after, so it is drawn a step at a time, never two (were it stepped every
            # step's worth of time, frames falling later than that would add up to jumps)
            rate = abs(self.end - self.start) / self.seconds
            gone = rate * self.elapsed + STEP_SLACK * self.step  # a hair short of a step is there
            return (self.step - gone % self.step) / rate
        return 1 / self.fps if self.fps else 0.0

    def advance(self, dt: float) -> None:
        self.elapsed = min(self.seconds, self.elapsed + dt)
        p = self.elapsed / self.seconds if self.seconds else 1.0
        setattr(self.widget, self.name, self.start + (self.end - self.start) * self.ease(p))


FIRST_STEP = 1 / 60
"""A glide's first step, taken when it starts: a lift is answered in the frame it happens.
Kivy's ``Animation`` takes its first visible step two frames later (its first update is at
time 0), about 33 ms at 60 frames a second."""


class Motion:
    """One screen's moving parts, stepped together. ``time`` reads the clock the steps follow
    (Kivy's, which the test harness steps)."""

    def __init__(self, time: Callable[[], float] | None = None) -> None:
        self._time = time or (lambda: Clock.time())
        self._parts: dict[Any, float | None] = {}  # part -> when it was last advanced (None: at rest)
        self._moves: dict[Any, Tween] = {}  # what moves a widget's property, by (widget, property)
        self._event: Any = None
        self._due = math.inf
        self._ticking = False

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

    def fade(self, widget: Any, opacity: float, seconds: float, then: Callable[[], None] | None = None) -> Tween:
        """Fade ``widget`` to ``opacity`` over ``seconds``, ``FADE_FPS`` steps a second,
        replacing a fade it is in; ``then`` is called when it arrives."""
        return self._start(Tween(widget, "opacity", opacity, seconds, fps=FADE_FPS, then=then), first_step=0.0)

    def glide(self, widget: Any, name: str, target: float, seconds: float,
              then: Callable[[], None] | None = None) -> Tween:
        """Ease ``widget.name`` to ``target`` over ``seconds`` (out-quad: a slide that follows
        a finger), every frame, its first step now; ``then`` is called when it arrives."""
        return self._start(Tween(widget, name, target, seconds, ease=out_quad, then=then), first_step=FIRST_STEP)

    def steady(self, widget: Any, name: str, target: float, seconds: float, step: float) -> Tween:
        """Move ``widget.name`` to ``target`` over ``seconds`` at an even speed, a step each
        time it has gone another ``step`` (a slow scroll drawn in whole pixels is redrawn when
        it has moved one), replacing a move it is in."""
        return self._start(Tween(widget, name, target, seconds, step=step), first_step=0.0)

    def _start(self, move: Tween, first_step: float) -> Tween:
        self.halt(move.widget, move.name)
        if move.start == move.end:
            move.elapsed = move.seconds  # there already: nothing moves
        elif first_step or not move.seconds:
            move.advance(first_step)
        if move.done:
            if move.then is not None:
                move.then()
            return move
        self._moves[(id(move.widget), move.name)] = move
        self.add(move)
        return move

    def halt(self, widget: Any, name: str) -> None:
        """Whatever moves ``widget.name`` stops where it is (its ``then`` is not called)."""
        old = self._moves.pop((id(widget), name), None)
        if old is not None:
            self.remove(old)

    def stop(self) -> None:
        """The screen is left: fades and glides end where they were going (their ``then``
        is called), the rest is at rest until it moves again."""
        moves = list(self._moves.values())
        self._moves.clear()
        for move in moves:
            move.advance(move.seconds)
            self.remove(move)
            if move.then is not None:
                move.then()
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
        # Kivy's clock holds what it will call: holding this Motion only weakly, it does not
        # keep a screen's moving parts going after the screen is gone
        self._event = Clock.schedule_once(partial(_tick_of, weakref.ref(self)), max(0.0, due - now))

    def _tick(self, _dt: float) -> None:
        self._event, self._due = None, math.inf
        now = self._time()
        self._ticking = True
        try:
            for part, last in list(self._parts.items()):
                if last is not None and part in self._parts:
                    part.advance(now - last)
                    self._parts[part] = now
            for key, move in list(self._moves.items()):
                if move.done:
                    del self._moves[key]
                    self.remove(move)
                    if move.then is not None:
                        move.then()
        finally:
            self._ticking = False
        self._schedule(now)


def _tick_of(motion: weakref.ref[Motion], dt: float) -> None:
    alive = motion()
    if alive is not None:
        alive._tick(dt)
