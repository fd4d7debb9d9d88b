"""A real Kivy window (offscreen) and the real app, driven by real touch events.

Touches go through Kivy's input pipeline (`EventLoop._dispatch_input`), so the
double-tap post-processing runs as it does for a touchscreen. The app's timers take
their time from a clock the test steps, and so does Kivy's clock: each frame moves it a
fixed step (``kiosk/ui/harness.py``). Clips play on the null backend, whose pictures
come without decoding and whose time is Kivy's stepped clock; a test whose point is
real playback asks for ffpyplayer (``real_video=True``: the decoder runs in real time, a
sound-only clip's position follows Kivy's stepped clock). Frames do not draw the window
(software GL makes that most of a frame's cost): a test reads what is drawn by drawing it
(``drawn.framebuffer()``).
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

from kiosk.content.loader import LoadResult, load_exhibition  # noqa: E402
from kiosk.technician.pin import PinStore  # noqa: E402
from kiosk.media.playback import FFPyPlayback, NullPlayback  # noqa: E402
from kiosk.media.renditions import RenditionCache  # noqa: E402
from kiosk.ui.drive import Finger  # noqa: E402,F401 - the tests' finger on the glass
from kiosk.shell.harness import Harness, step_kivy_time  # noqa: E402
from kiosk.ui.textures import TextureCache  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def wait_for(kiosk: Harness, condition, seconds: float = 60.0) -> None:
    """Frames until ``condition()`` holds: work on other threads (decoding, a register being
    built, an update) comes back through the Clock. The real deadline only stops a hang."""
    assert kiosk.wait_until(condition, seconds), "the condition did not come true in time"


@pytest.fixture(scope="session")
def demo_loaded() -> LoadResult:
    loaded = load_exhibition(ROOT / "config" / "exhibition.yaml")
    assert loaded.exhibition is not None
    return loaded


@pytest.fixture(scope="session")
def renditions(tmp_path_factory) -> RenditionCache:
    """Screen-sized copies of the photos, made on first sight and kept for the whole run, as
    ``kiosk run`` keeps them (``kiosk/media/renditions.py``)."""
    return RenditionCache(tmp_path_factory.mktemp("renditions"))


@pytest.fixture(scope="session")
def pin_file(tmp_path_factory) -> bytes:
    """The technician's PIN (4821) as ``PinStore`` keeps it: hashed once for the run (scrypt)."""
    store = PinStore(tmp_path_factory.mktemp("pin") / "pin.json")
    store.set("4821")
    return store.path.read_bytes()


@pytest.fixture
def start_kiosk(tmp_path, renditions, pin_file) -> Iterator:
    """``start_kiosk(loaded, size=(1920, 1080), today=..., real_video=False, draws=False)`` -> a running
    ``Harness``. The window is drawn when a test reads it (``drawn.framebuffer()``); ``draws``
    draws it every frame, for a test of what frames draw."""
    started: list[Harness] = []

    def start(loaded: LoadResult, size: tuple[int, int] = (1920, 1080),
              today: dt.datetime = dt.datetime(2027, 1, 10, 12, 0), real_video: bool = False,
              draws: bool = False, wall_clock=None, **app_options) -> Harness:
        (tmp_path / "pin.json").write_bytes(pin_file)
        kivy_time = step_kivy_time()
        playback = FFPyPlayback(clock=kivy_time) if real_video else NullPlayback(kivy_time)
        kiosk = Harness.start(loaded, size=size, wall_clock=wall_clock or (lambda: today),
                              pin_store=PinStore(tmp_path / "pin.json"), textures=TextureCache(renditions),
                              playback=playback, draws=draws, **app_options)
        started.append(kiosk)
        kiosk.settle(0.3)
        return kiosk

    yield start
    for kiosk in started:
        kiosk.stop()
