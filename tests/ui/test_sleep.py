"""The screen sleeps when the venue is closed and wakes for the first visitor: the real app
offscreen, the wall clock stepped past closing and opening, real touches, the window read back.

The display's power is a recording ``DisplayPower`` (the one part that needs a real screen;
kiosk/technician/display.py's CEC and DPMS are tested in tests/technician/test_display.py).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from pathlib import Path

import pytest
from kivy.base import EventLoop

from kiosk.content.loader import load_exhibition
from kiosk.shell.sleep import DisplaySleeper
from kiosk.technician.display import Probe
from tests.ui.conftest import ROOT, Finger
from tests.ui.drawn import framebuffer

OPENING = '''
opening:
  mon-fri: "09:00-18:00"
  sat: "10:00-14:00"
  wake: {wake}
'''


class RecordingPower:
    """A display that does what it is told and remembers it."""

    name = "recording"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def probe(self) -> Probe:
        return Probe(True, "records")

    def sleep(self) -> str | None:
        self.asked.append("sleep")
        return None

    def wake(self) -> str | None:
        self.asked.append("wake")
        return None


class Wall:
    """The venue's wall clock, moved by the test."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


def with_opening(tmp_path: Path, wake: str = "touch"):
    config = tmp_path / "venue" / "config"
    shutil.copytree(ROOT / "config", config)
    (tmp_path / "venue" / "media").symlink_to(ROOT / "media")
    yaml = config / "exhibition.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + OPENING.format(wake=wake), encoding="utf-8")
    loaded = load_exhibition(yaml)
    assert loaded.exhibition is not None and not loaded.errors, loaded.errors
    return loaded


@pytest.fixture
def venue(start_kiosk, tmp_path):
    def start(wake: str = "touch", at: dt.datetime = dt.datetime(2027, 1, 11, 17, 58)):  # a Monday
        power = RecordingPower()
        wall = Wall(at)
        state = tmp_path / "display.json"
        kiosk = start_kiosk(with_opening(tmp_path, wake), wall_clock=wall, draws=True,
                            sleeper=DisplaySleeper(power, state_file=state))
        return kiosk, wall, power, state
    return start


def until_asked(kiosk, power, count: int) -> None:
    deadline = time.monotonic() + 10
    while len(power.asked) < count and time.monotonic() < deadline:
        kiosk.frames(1)
        time.sleep(0.01)


def brightest(image) -> int:
    return max(image.convert("L").getextrema())


def test_at_closing_the_screen_sleeps_draws_nothing_and_wakes_at_opening(venue):
    kiosk, wall, power, state = venue()
    kiosk.step(0.25)
    until_asked(kiosk, power, 1)
    assert power.asked == ["wake"] and kiosk.app.dark is False  # open: awake, and the display told so
    assert brightest(framebuffer()) > 100
    wall.now = dt.datetime(2027, 1, 11, 18, 0)
    kiosk.step(0.25)
    assert kiosk.app.dark is False, "the attract loop was touched less than the idle timeout ago"
    kiosk.step(kiosk.app.exhibition.idle.timeout)
    until_asked(kiosk, power, 2)
    assert kiosk.app.dark is True and power.asked == ["wake", "sleep"]
    assert brightest(framebuffer()) <= 2, "the window shows nothing but black"
    said = json.loads(state.read_text())
    assert said["display"] == "asleep" and said["should_be"] == "asleep" and said["power"] == "recording"
    assert said["reason"] == "closed until tomorrow 09:00" and said["until"] == "2027-01-12T09:00:00"

    drawn = []
    EventLoop.window.bind(on_flip=lambda *_: drawn.append(1))
    for _ in range(40):  # ten seconds of a sleeping kiosk
        kiosk.step(0.25)
    assert drawn == [], "no frame is drawn while the screen sleeps"
    playing = kiosk.screen().ids.clip
    assert playing.opacity == 0 and not getattr(playing, "playing", False)

    wall.now = dt.datetime(2027, 1, 12, 9, 0)
    kiosk.step(0.25)
    until_asked(kiosk, power, 3)
    assert kiosk.app.dark is False and power.asked[-1] == "wake" and kiosk.current == "attract"
    kiosk.settle(1.5)
    assert brightest(framebuffer()) > 100
    assert json.loads(state.read_text())["display"] == "awake"


def test_a_touch_while_closed_wakes_it_and_is_not_a_tap_on_what_is_under_the_finger(venue):
    kiosk, wall, power, _state = venue(at=dt.datetime(2027, 1, 11, 22, 0))
    kiosk.step(0.25)  # started at night (a power cut): asleep at once, the display never switched on
    until_asked(kiosk, power, 1)
    assert kiosk.app.dark is True and power.asked == ["sleep"]
    finger = Finger(960, 540).down()  # where, awake, a tap would open home
    kiosk.frames(1)
    finger.up()
    kiosk.frames(2)
    until_asked(kiosk, power, 2)
    assert kiosk.app.dark is False and power.asked == ["sleep", "wake"]
    kiosk.settle(1.0)
    assert kiosk.current == "attract", "the waking touch opened nothing"
    assert brightest(framebuffer()) > 100
    kiosk.tap(960, 540)  # the next touch is the visitor's first tap
    kiosk.settle(0.4)
    assert kiosk.current == "home"
    # the visitor leaves; after the visit and the idle timeout on the attract loop, it sleeps again
    kiosk.step(kiosk.app.exhibition.idle.timeout + kiosk.app.exhibition.idle.warning + 1)
    assert kiosk.current == "attract" and kiosk.app.dark is False
    kiosk.step(kiosk.app.exhibition.idle.timeout + 1)
    until_asked(kiosk, power, 3)
    assert kiosk.app.dark is True and power.asked[-1] == "sleep"


def test_wake_never_keeps_it_dark_whatever_is_touched(venue):
    kiosk, _wall, power, _state = venue(wake="never", at=dt.datetime(2027, 1, 16, 15, 0))  # a Saturday, 15:00
    kiosk.step(0.25)
    until_asked(kiosk, power, 1)
    assert kiosk.app.dark is True
    kiosk.tap(960, 540)
    kiosk.tap(30, 1050)
    kiosk.step(1.0)
    assert kiosk.app.dark is True and power.asked == ["sleep"] and brightest(framebuffer()) <= 2


def test_a_visit_under_way_at_closing_time_is_not_cut_off(venue):
    kiosk, wall, power, _state = venue(at=dt.datetime(2027, 1, 11, 17, 59))
    kiosk.tap(960, 540)
    kiosk.settle(0.4)
    assert kiosk.current == "home"
    wall.now = dt.datetime(2027, 1, 11, 18, 1)
    for _ in range(20):
        kiosk.tap(960, 300)  # the visitor reads on past closing
        kiosk.step(5)
    assert kiosk.app.dark is False and "sleep" not in power.asked


def test_a_usb_stick_plugged_into_a_sleeping_kiosk_wakes_it_for_the_pin(venue, tmp_path):
    from kiosk.technician.usb import Stick
    from kiosk.ui.widgets.overlays import PinPad

    kiosk, _wall, power, _state = venue(at=dt.datetime(2027, 1, 11, 22, 0))
    kiosk.step(0.25)
    until_asked(kiosk, power, 1)
    assert kiosk.app.dark is True
    kiosk.app.stick_arrived(Stick("/dev/sdz1", tmp_path / "STICK", tmp_path / "STICK"))
    kiosk.frames(3)
    until_asked(kiosk, power, 2)
    assert kiosk.app.dark is False and power.asked == ["sleep", "wake"]
    assert isinstance(kiosk.app.overlay, PinPad)
    assert brightest(framebuffer()) > 100  # the pad is on the display, not behind a sleeping screen


def test_new_content_while_asleep_waits_for_the_wake_and_draws_nothing(venue, tmp_path):
    kiosk, _wall, power, _state = venue(at=dt.datetime(2027, 1, 11, 22, 0))
    kiosk.step(0.25)
    until_asked(kiosk, power, 1)
    kiosk.app.content_changed(with_opening(tmp_path / "again"))  # a fleet push at night
    kiosk.frames(3)
    drawn = []
    EventLoop.window.bind(on_flip=lambda *_: drawn.append(1))
    for _ in range(20):
        kiosk.step(0.25)
    assert kiosk.app.dark is True and drawn == [] and brightest(framebuffer()) <= 2
