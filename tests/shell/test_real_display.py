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
                                 stderr=subprocess.STDOUT, cwd=Path(__file__).parents[2])
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


LABEL_GROUND = (37, 34, 32)  # theme.NORMAL.SURFACE: the label's column
SWIPE_COLOURS = [(200, 40, 40), (40, 170, 60), (40, 70, 200), (220, 200, 40),
                 (30, 160, 160), (140, 50, 170), (230, 130, 30), (120, 200, 220)]


def coloured_exhibition(root: Path) -> Path:
    """Eight panels of one colour each (white-framed): where a photo is drawn is found by its colour."""
    from PIL import Image, ImageDraw

    (root / "media" / "photos").mkdir(parents=True)
    for n, colour in enumerate(SWIPE_COLOURS, 1):
        image = Image.new("RGB", (1500, 1000), colour)
        ImageDraw.Draw(image).rectangle((0, 0, 1499, 999), outline=(250, 250, 250), width=2)
        image.save(root / "media" / "photos" / f"{n}.jpg", quality=95)
    panels = "\n".join(f"      - {{image: photos/{n}.jpg, title: Panel {n}, credit: Test}}"
                       for n in range(1, len(SWIPE_COLOURS) + 1))
    (root / "config").mkdir()
    path = root / "config" / "exhibition.yaml"
    path.write_text(f"title: Colours\nlanguages: [en]\nmedia_root: ../media\nsections:\n"
                    f"  - id: photos\n    kind: gallery\n    title: Photos\n    panels:\n{panels}\n", encoding="utf-8")
    return path


def colour_run(image, colour, row: int, tolerance: int = 24) -> tuple[int, int] | None:
    hits = [x for x in range(image.width)
            if all(abs(a - b) <= tolerance for a, b in zip(image.getpixel((x, row)), colour))]
    return (min(hits), max(hits)) if hits else None


@pytest.mark.slow
def test_swipes_forward_and_back_from_the_photo_the_label_and_the_edges_each_end_with_one_centred_photo(display, tmp_path):
    from PIL import ImageGrab

    exhibition = coloured_exhibition(tmp_path / "ex")
    env = {**os.environ, "DISPLAY": display, "KIOSK_HOME": str(tmp_path / "home"), "SDL_AUDIODRIVER": "dummy",
           "KIOSK_CACHE": str(tmp_path / "cache")}
    env.pop("SDL_VIDEODRIVER", None)
    log = tmp_path / "kiosk.log"
    with log.open("w") as out:
        kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "run", str(exhibition)], env=env, stdout=out,
                                 stderr=subprocess.STDOUT, cwd=Path(__file__).parents[2])
    xdo = {"env": env, "capture_output": True, "text": True, "timeout": 20}

    def xdotool(*args: str) -> None:
        subprocess.run(["xdotool", *args], check=True, **xdo)

    def colour_screen():
        return ImageGrab.grab(xdisplay=display).convert("RGB")

    def still():
        before = colour_screen()
        time.sleep(0.5)
        after = colour_screen()
        return after if not changed(before, after) else None

    try:
        wait_until(lambda: subprocess.run(["xdotool", "search", "--pid", str(kiosk.pid)], **xdo).stdout.split(),
                   60, "the kiosk's window", log)
        wait_until(lambda: grab(display).getextrema()[1] > 40, 60, "the attract loop on screen", log)
        xdotool("mousemove", str(SIZE[0] // 2), str(SIZE[1] // 2), "click", "1")
        home = wait_until(still, 20, "the home screen", log)
        # the gallery's tile shows its first photo: touch it there
        tile = next(((x, y) for y in range(0, SIZE[1], 8) if (run := colour_run(home, SWIPE_COLOURS[0], y))
                     for x in [(run[0] + run[1]) // 2]), None)
        assert tile is not None, "the gallery's tile is not on the home screen"
        xdotool("mousemove", str(tile[0]), str(tile[1]), "click", "1")
        row = SIZE[1] // 2
        centred = []

        def landed(expected: int) -> None:
            screen = wait_until(still, 20, f"panel {expected + 1} at rest", log)
            found = colour_run(screen, SWIPE_COLOURS[expected], row)
            others = [n for n, colour in enumerate(SWIPE_COLOURS) if n != expected and colour_run(screen, colour, row)]
            assert found is not None, f"panel {expected + 1} is not drawn"
            # the photo's own area: from the left edge to where its label's column begins (the
            # label stands beside the photo in landscape, on the surface colour)
            label = next((x for x in range(found[1] + 1, SIZE[0])
                          if all(abs(a - b) <= 6 for a, b in zip(screen.getpixel((x, row)), LABEL_GROUND))), SIZE[0])
            centre = (found[0] + found[1] + 1) / 2
            centred.append(abs(centre - label / 2) <= 1.5 and not others)
            assert abs(centre - label / 2) <= 1.5, f"panel {expected + 1} drawn at {found}, its area 0-{label}"
            assert not others, f"panels {others} show beside panel {expected + 1}"

        def swipe(x0: int, x1: int) -> None:
            xdotool("mousemove", str(x0), str(row), "mousedown", "1")
            # a finger rests a moment before it moves: without, the X server's queue can hand
            # Kivy the press after the moves (read at the pointer's latest place), so the
            # drag starts late or not at all, whatever it was started on
            time.sleep(0.1)
            for i in range(1, 11):
                xdotool("mousemove", str(x0 + (x1 - x0) * i // 10), str(row))
            xdotool("mouseup", "1")

        # the tile's press opens the gallery (a screen still on home is not yet the answer)
        wait_until(lambda: (screen := still()) is not None and colour_run(screen, SWIPE_COLOURS[0], row), 20,
                   "the gallery's first panel", log)
        landed(0)
        for n in range(1, 8):
            swipe(780, 100)  # on the photo (beside its label, clear of the edge arrows)
            landed(n)
        for n in range(6, -1, -1):
            swipe(200, 880)
            landed(n)
        assert centred == [True] * 15
        # as a visitor swipes on a phone: from the right side, on the label (issue 29: of
        # 14 swipes started at x = 1500, 1 turned the panel), and from the screen's far edges
        for n in range(1, 8):
            swipe(*((1500, 700) if n % 2 else (1910, 1110)))
            landed(n)
        for n in range(6, -1, -1):
            swipe(*((10, 690) if n % 2 else (1300, 1900)))
            landed(n)
        assert centred == [True] * 29
        assert kiosk.poll() is None, log.read_text()
    finally:
        kiosk.terminate()
        try:
            kiosk.wait(15)
        except subprocess.TimeoutExpired:
            kiosk.kill()
            kiosk.wait()
