"""A real Kivy window (offscreen) and the real app, driven by real touch events.

Touches go through Kivy's input pipeline (`EventLoop._dispatch_input`), so the
double-tap post-processing runs as it does for a touchscreen. Time for the app's
timers comes from a clock the test steps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from kivy.config import Config

Config.set("graphics", "width", "1920")
Config.set("graphics", "height", "1080")
Config.set("kivy", "exit_on_escape", "0")
Config.set("postproc", "double_tap_time", "300")

from kivy.base import EventLoop  # noqa: E402

from kiosk.content.loader import LoadResult, load_exhibition  # noqa: E402
from kiosk.lockdown import PinStore  # noqa: E402
from kiosk.ui.drive import Finger, SteppedClock  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


class Kiosk:
    """The running app with helpers to touch it and step its time."""

    def __init__(self, app, clock: SteppedClock) -> None:
        self.app = app
        self.clock = clock

    def frames(self, count: int = 2) -> None:
        for _ in range(count):
            EventLoop.idle()

    def settle(self, seconds: float = 0.6) -> None:
        """Let animations and decoding finish (real frames, not the stepped clock)."""
        import time

        end = time.monotonic() + seconds
        while time.monotonic() < end:
            EventLoop.idle()
        textures = self.app.textures
        deadline = time.monotonic() + 10
        while textures.pending and time.monotonic() < deadline:
            EventLoop.idle()
        self.frames(3)

    def tap(self, x: float, y: float) -> None:
        finger = Finger(x, y).down()
        self.frames(1)
        finger.up()
        self.frames(2)

    def press(self, widget) -> None:
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

    def step(self, seconds: float) -> None:
        """Move the app's clock and let it notice."""
        self.clock.advance(seconds)
        self.app.tick()
        self.frames(2)

    @property
    def current(self) -> str:
        return self.app.manager.current

    def screen(self):
        return self.app.screens[self.current]

    def shot(self, path: Path) -> Path:
        self.frames(2)
        EventLoop.window.screenshot(name=str(path))
        return path


@pytest.fixture(scope="session")
def demo_loaded() -> LoadResult:
    loaded = load_exhibition(ROOT / "config" / "exhibition.yaml")
    assert loaded.exhibition is not None
    return loaded


@pytest.fixture
def start_kiosk(tmp_path) -> Iterator:
    """``start_kiosk(loaded, size=(1920, 1080))`` -> a running ``Kiosk``."""
    from kiosk.app import KioskApp
    from kiosk.ui.textures import TextureCache

    started = []

    def start(loaded: LoadResult, size: tuple[int, int] = (1920, 1080),
              today: dt.datetime = dt.datetime(2027, 1, 10, 12, 0)) -> Kiosk:
        EventLoop.ensure_window()
        # what runTouchApp does for a real app: double-tap and friends post-process touches
        from kivy.input import kivy_postproc_modules

        for module in kivy_postproc_modules.values():
            EventLoop.add_postproc_module(module)
        EventLoop.window.size = size
        clock = SteppedClock()
        store = PinStore(tmp_path / "pin.json")
        store.set("4821")
        app = KioskApp(loaded, clock=clock, wall_clock=lambda: today,
                       textures=TextureCache(None), pin_store=store)
        app._run_prepare()
        kiosk = Kiosk(app, clock)
        started.append(kiosk)
        kiosk.settle(0.3)
        return kiosk

    yield start
    for kiosk in started:
        app = kiosk.app
        app.dispatch("on_stop")
        window = EventLoop.window
        for child in list(window.children):
            window.remove_widget(child)
        from kivy.app import App

        App._running_app = None
