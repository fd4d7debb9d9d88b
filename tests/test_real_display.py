"""`kiosk run` on a real X display (Xvfb), touched through the X server (xdotool).

The rest of the suite runs Kivy in SDL's offscreen driver, which has no window manager,
no real full screen and no X input: this is the one test of those, end to end. Without
Debian's xvfb and xdotool on the machine it is skipped and says why; `.ci/run` installs them.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")),
    reason="needs Debian's xvfb and xdotool (.ci/run installs them)",
)

SIZE = (1920, 1080)


@pytest.fixture
def display(tmp_path):
    """A fresh X server of its own (no window manager, as on a kiosk box started by xinit)."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{SIZE[0]}x{SIZE[1]}x24",
                               "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()
    assert number, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(10)


def wait_until(condition, seconds: float, what: str, log: Path | None = None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}" + (f"; the kiosk said:\n{log.read_text()}" if log else ""))


def grab(display: str):
    from PIL import ImageGrab

    return ImageGrab.grab(xdisplay=display).convert("L")


def changed(a, b) -> bool:
    from PIL import ImageChops

    return ImageChops.difference(a, b).getbbox() is not None


def test_kiosk_run_covers_a_real_screen_stays_up_and_stops_on_sigterm(display, tmp_path):
    env = {**os.environ, "DISPLAY": display, "KIOSK_HOME": str(tmp_path / "home"), "SDL_AUDIODRIVER": "dummy"}
    env.pop("SDL_VIDEODRIVER", None)  # the suite's offscreen driver: here the real X display
    log = tmp_path / "kiosk.log"
    with log.open("w") as out:
        kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "run"], env=env, stdout=out,
                                 stderr=subprocess.STDOUT, cwd=Path(__file__).parents[1])
    xdo = {"env": env, "capture_output": True, "text": True, "timeout": 20}
    try:
        window = wait_until(lambda: subprocess.run(["xdotool", "search", "--pid", str(kiosk.pid)], **xdo)
                            .stdout.split(), 60, "the kiosk's window", log)[0]
        # full screen with no window manager: the whole display, from its corner
        geometry = subprocess.run(["xdotool", "getwindowgeometry", window], **xdo).stdout
        assert "Position: 0,0" in geometry and f"Geometry: {SIZE[0]}x{SIZE[1]}" in geometry, geometry
        # drawn, and alive: the attract loop moves
        wait_until(lambda: grab(display).getextrema()[1] > 40, 60, "the attract loop on screen", log)
        first = grab(display)
        wait_until(lambda: changed(first, grab(display)), 10, "the attract loop to move", log)

        # the keys that leave or configure other programs do nothing here
        subprocess.run(["xdotool", "key", "--window", window, "Escape", "F1", "alt+F4"], check=True, **xdo)
        time.sleep(1.5)
        assert kiosk.poll() is None, log.read_text()

        # a touch (the X pointer) opens home, which holds still
        subprocess.run(["xdotool", "mousemove", str(SIZE[0] // 2), str(SIZE[1] // 2), "click", "1"],
                       check=True, **xdo)

        def still() -> bool:
            before = grab(display)
            time.sleep(0.6)
            return not changed(before, grab(display))

        wait_until(still, 20, "the home screen after a click", log)
        assert kiosk.poll() is None, log.read_text()

        # on a real display too, SIGTERM ends it cleanly (tests/test_stop.py checks the rest)
        kiosk.send_signal(signal.SIGTERM)
        assert kiosk.wait(15) == 0, log.read_text()
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
