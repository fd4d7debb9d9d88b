"""The real app in Kivy's window, driven without a person: for tests, benchmarks and ``kiosk preview``.

``Harness.start(loaded)`` builds the app into the window through its public
``KioskApp.start_in_window()`` and hands back the harness that makes its frames, touches
it and steps its time; ``stop()`` lets the window go for the next app.

Two clocks are stepped, never slept on:

- the app's own clock (``clock``: idle and attract timers, the PIN pad), moved by
  :meth:`Harness.step`;
- with ``stepped=True``, Kivy's clock (animations, screen transitions, Clock events and
  the null video backend), moved by a fixed amount each frame the harness makes
  (:func:`step_kivy_time`). :meth:`Harness.settle` moves it by whole seconds in a few
  frames, so a test that lets a fade finish waits for frames, not for the fade.

Work on other threads (photo decoding, subtitle files, a real decoder) runs in real time:
:meth:`Harness.settle` and :meth:`Harness.wait_until` wait for it with a real deadline.
"""

from __future__ import annotations

import datetime as dt
import importlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.base import EventLoop
from kivy.clock import Clock
from kivy.lang import Builder

from ..content.loader import LoadResult
from ..technician.pin import PinStore
from ..media.playback import Playback
from ..ui.drive import Finger, SteppedClock

FRAME_SECONDS = 1 / 60
"""Kivy time one ordinary frame takes (a 60 Hz display's)."""
SETTLE_FRAME_SECONDS = 0.1
"""Kivy time each frame of :meth:`Harness.settle` takes: animations are functions of time and
land where they would at 60 Hz, in a sixth of the frames."""
BACKGROUND_LIMIT = 15.0
"""Real seconds :meth:`Harness.settle` waits for photos being decoded on other threads."""


TOUCH_TIMERS = ("kivy.input.motionevent", "kivy.input.postproc.doubletap", "kivy.input.postproc.tripletap")
"""Kivy modules that time touches by ``time.time()``: with Kivy's clock stepped they read it
too, so a double tap, a flick's speed and a touch after a pause are judged in the time the
test steps, not in how fast the machine makes frames."""


def step_kivy_time() -> SteppedClock:
    """From now on, Kivy's clock (and its touch timing, ``TOUCH_TIMERS``) reads the returned
    clock, which moves only when told to, and Kivy no longer sleeps to hold its frame rate
    (``maxfps`` 0). For the whole process: a second call hands back the same clock (a test
    run or a preview, never the kiosk)."""
    current = Clock.time
    if isinstance(current, SteppedClock):
        return current
    stepped = SteppedClock(start=current())  # on from Kivy's own time: what is scheduled stays due
    Clock.time = stepped
    Clock._max_fps = 0  # no sleep in each frame to hold 60 frames a second
    for name in TOUCH_TIMERS:
        module = importlib.import_module(name)
        if not callable(getattr(module, "time", None)):
            raise RuntimeError(f"{name} no longer times touches by time(): see TOUCH_TIMERS")
        module.time = stepped  # type: ignore[attr-defined]
    return stepped


def open_window(size: tuple[int, int] = (1920, 1080)) -> Any:
    """Kivy's window (made on first use) at ``size``, with touches post-processed as for an
    app Kivy runs (double tap and friends)."""
    from kivy.input import kivy_postproc_modules

    EventLoop.ensure_window()
    for module in kivy_postproc_modules.values():
        if module not in EventLoop.postproc_modules:
            EventLoop.add_postproc_module(module)
    EventLoop.window.size = size
    return EventLoop.window


class Harness:
    """The running app with helpers to touch it and step its time."""

    def __init__(self, app: Any, clock: SteppedClock, kivy_time: SteppedClock | None, draws: bool = True) -> None:
        self.app = app
        self.clock = clock
        """The app's clock: moved by :meth:`step`."""
        self.kivy_time = kivy_time
        """Kivy's clock when it is stepped (None: Kivy runs on real time)."""
        self.draws = draws
        """Each frame draws the window, as on a display. Without, the window is drawn only
        when it is read (``drawn_window()``, :meth:`shot`, ``export_to_png``): on software GL
        a full-window draw is most of a frame's cost."""

    @classmethod
    def start(cls, loaded: LoadResult, *, size: tuple[int, int] = (1920, 1080),
              wall_clock: Callable[[], dt.datetime] = lambda: dt.datetime(2027, 1, 10, 12, 0),
              textures: Any = None, pin_store: PinStore | None = None, playback: Playback | None = None,
              stepped: bool = True, draws: bool = True, **app_options: Any) -> Harness:
        """The real app on Kivy's window at ``size``, its clock stepped (starting at 1000 s).

        ``stepped`` also steps Kivy's clock (:func:`step_kivy_time`); benchmarks that measure
        real frames leave it off, and keep ``draws``. ``playback`` defaults to the app's own
        (ffpyplayer).
        """
        from .app import KioskApp
        from ..ui.textures import TextureCache

        open_window(size)
        kivy_time = step_kivy_time() if stepped else None
        clock = SteppedClock()
        app_options.setdefault("dark_fps", None)  # the harness makes the frames: Kivy's loop pace is its own
        app = KioskApp(loaded, clock=clock, wall_clock=wall_clock,
                       textures=textures if textures is not None else TextureCache(None),
                       pin_store=pin_store, playback=playback, **app_options)
        app.start_in_window()
        return cls(app, clock, kivy_time, draws)

    def stop(self) -> None:
        """The app stops (``on_stop``) and leaves the window empty for the next one."""
        stop_app(self.app)

    # -- frames and time ----------------------------------------------------------------
    def frames(self, count: int = 2, seconds: float = FRAME_SECONDS) -> None:
        """``count`` frames, each moving Kivy's clock (when stepped) by ``seconds``."""
        for _ in range(count):
            if self.kivy_time is not None:
                self.kivy_time.advance(seconds)
            if self.draws:
                EventLoop.idle()
            else:
                frame_without_drawing()

    def settle(self, seconds: float = 0.6) -> None:
        """Let ``seconds`` pass on Kivy's clock (animations, transitions), then let photos
        being decoded arrive, then three more frames."""
        if self.kivy_time is not None:
            count = max(1, round(seconds / SETTLE_FRAME_SECONDS))
            self.frames(count, seconds / count)
        else:
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                self.frames(1)
        self.photos_arrive()
        self.frames(3)

    def photos_arrive(self) -> None:
        """Frames until the photos asked for are decoded (on other threads, in real time)."""
        textures = self.app.textures
        self.wait_until(lambda: not textures.pending, BACKGROUND_LIMIT)

    def wait_until(self, condition: Callable[[], bool], seconds: float = 10.0) -> bool:
        """Frames until ``condition()`` holds (work on other threads: a real deadline of
        ``seconds``); whether it came true."""
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                return condition()
            self.frames(1)
            time.sleep(0.001)  # the threads being waited for get the CPU
        return True

    def step(self, seconds: float) -> None:
        """Move the app's clock and let it notice (and the photos it asks for arrive)."""
        self.clock.advance(seconds)
        self.app.tick()
        self.photos_arrive()
        self.frames(2)

    # -- touches ------------------------------------------------------------------------
    def tap(self, x: float, y: float) -> None:
        finger = Finger(x, y).down()
        self.frames(1)
        finger.up()
        self.frames(2)

    def press(self, widget: Any) -> None:
        """Tap the middle of a widget, as a visitor would."""
        x, y = widget.to_window(*widget.center)
        self.tap(x, y)

    def swipe(self, x0: float, y0: float, x1: float, y1: float, steps: int = 8) -> None:
        finger = Finger(x0, y0).down()
        self.frames(1)
        for i in range(1, steps + 1):
            finger.move_to(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps)
            self.frames(1)
        finger.up()
        self.frames(2)

    # -- what is on screen --------------------------------------------------------------
    @property
    def current(self) -> str:
        return self.app.manager.current

    def screen(self) -> Any:
        return self.app.screens[self.current]

    def shot(self, path: Path) -> Path:
        self.frames(2)
        window = EventLoop.window
        window.dispatch("on_draw")  # what the window shows now, whatever the frames drew
        window.screenshot(name=str(path))
        return path


def frame_without_drawing() -> None:
    """One turn of Kivy's loop as ``EventLoop.idle()`` makes it (``kivy/base.py``), less the
    window's draw: the clock ticks, touches are dispatched, kv rules and the Clock's
    before-frame callbacks run."""
    Clock.tick()
    EventLoop.dispatch_input()
    Builder.sync()
    Clock.tick_draw()
    Builder.sync()


def stop_app(app: Any) -> None:
    """``app`` stops (``on_stop``) and its widgets leave the window, which stays open for the
    next app (Kivy's ``App.stop`` would end the event loop)."""
    from kivy.app import App

    app.dispatch("on_stop")
    window = EventLoop.window
    for child in list(window.children):
        window.remove_widget(child)
    App._running_app = None
