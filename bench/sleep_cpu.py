"""Benchmark: the CPU a kiosk costs while the venue is closed: asleep, against quiet hours.

Inputs (made in a temporary folder): PHOTOS distinct 2400x1600 JPEGs, ``kiosk prepare``
run on them, and the same exhibition twice: once with quiet hours all day (today's way
to spend a closed night: the attract loop goes on under a dimmed screen), once with
opening hours that are closed now (the screen sleeps: kiosk/shell/sleep.py).

The kiosk, in an offscreen 1920x1080 window, its clock following real time, SECONDS each:
- asleep: the real ``KioskApp`` with its own pacing while dark (``DARK_FPS`` turns of
  Kivy's loop a second), the display switched through the black-screen way (nothing
  to switch here; CEC and DPMS are a subprocess call at each change, not per frame);
- quiet hours: the same app, the same photos, dimmed to 25 %, at Kivy's 60-frame pacing.

Plain Kivy, same run, same window: an empty ``Window`` at Kivy's default pacing, which is
what a kiosk that only paints the screen black costs (nothing is drawn after the first
frame; the loop still turns 60 times a second).

CPU is the process's user + system time (every thread, llvmpipe's included) over the
same stretch of real time; "cores" is CPU seconds per second; frames drawn are counted
from the window's ``on_flip``. Ends with one ``RESULT`` line: the sleeping kiosk's CPU
seconds a minute against quiet hours'.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

PHOTOS = 4
SIZE = (2400, 1600)
SECONDS = 20.0
MONDAY_NIGHT = dt.datetime(2027, 1, 11, 23, 0)


def measure(frames, seconds: float, each=None) -> tuple[float, float, int]:
    """(cores, frames drawn a second, turns of the loop) over ``seconds`` of real time."""
    wall, cpu, pumped, drawn = c.run_for(frames, seconds, each)
    return cpu / wall, drawn / wall, pumped


def run_kiosk(exhibition: Path, renditions: Path, home: Path, dark: bool) -> tuple[float, float, int]:
    from kiosk.content.loader import load_exhibition
    from kiosk.media.renditions import RenditionCache
    from kiosk.shell.app import DARK_FPS
    from kiosk.shell.harness import Harness
    from kiosk.shell.sleep import DisplaySleeper
    from kiosk.technician.display import BlankPower
    from kiosk.technician.pin import PinStore
    from kiosk.ui.textures import TextureCache

    loaded = load_exhibition(exhibition)
    assert loaded.exhibition is not None and not loaded.errors, loaded.errors
    harness = Harness.start(loaded, wall_clock=lambda: MONDAY_NIGHT, stepped=False,
                            textures=TextureCache(RenditionCache(renditions)), pin_store=PinStore(home / "pin.json"),
                            dark_fps=DARK_FPS, sleeper=DisplaySleeper(BlankPower(), state_file=home / "display.json"))
    app, clock = harness.app, harness.clock
    frames = c.Frames(finish=True)
    began, start = time.perf_counter(), clock.now

    def follow() -> None:
        clock.now = start + (time.perf_counter() - began)

    deadline = time.perf_counter() + 20
    while time.perf_counter() < deadline and (app.dark is not True if dark else app.stillness is None):
        frames.frame()
        follow()
    assert (app.dark is True) if dark else (app.stillness is not None), "the kiosk did not reach the state measured"
    measure(frames, 2.0, follow)  # settled: the fade to dim, the last frame before sleep
    result = measure(frames, SECONDS, follow)
    frames.close()
    c.stop_kiosk(app)
    return result


def main() -> int:
    tmp = c.setup_env("sleep-cpu")
    folder = tmp / "exhibition"
    names = [f"photos/{i + 1:03d}.jpg" for i in range(PHOTOS)]
    c.make_photos([folder / "media" / n for n in names], SIZE, seed=410)
    quiet = c.write_exhibition(folder, names, name="quiet.yaml")
    quiet.write_text(quiet.read_text() + 'quiet:\n  - hours: "00:00-23:59"\n    brightness: 0.25\n')
    asleep = c.write_exhibition(folder, names, name="asleep.yaml")
    asleep.write_text(asleep.read_text() + 'opening:\n  mon-fri: "09:00-18:00"\n')
    renditions = tmp / "kiosk-cache" / "renditions"
    seconds, _summary = c.run_prepare(asleep, renditions)
    print(f"photos: {PHOTOS} distinct {SIZE[0]}x{SIZE[1]} JPEGs; kiosk prepare {seconds:.1f} s; "
          f"{SECONDS:.0f} s of real time each, a Monday at 23:00")

    c.configure_kivy()
    c.quiet_kiosk()
    dark_cores, dark_fps, dark_turns = run_kiosk(asleep, renditions, tmp / "kiosk-home", dark=True)
    print(f"kiosk asleep (opening hours, closed): {dark_cores:.3f} cores, {dark_fps:.2f} frames drawn a second, "
          f"{dark_turns / SECONDS:.1f} turns of Kivy's loop a second", flush=True)
    quiet_cores, quiet_fps, quiet_turns = run_kiosk(quiet, renditions, tmp / "kiosk-home", dark=False)
    print(f"kiosk in quiet hours (the attract loop dimmed to 25 %): {quiet_cores:.3f} cores, "
          f"{quiet_fps:.1f} frames drawn a second, {quiet_turns / SECONDS:.1f} turns a second", flush=True)

    window = c.open_window()
    window.clearcolor = (0, 0, 0, 1)
    base = c.Frames(finish=True)
    base.frames(5)
    plain_cores, plain_fps, plain_turns = measure(base, SECONDS)
    base.close()
    print(f"plain Kivy, an empty black window at its default pacing: {plain_cores:.3f} cores, "
          f"{plain_fps:.2f} frames drawn a second, {plain_turns / SECONDS:.1f} turns a second")
    print("ratio = quiet hours / asleep (above 1: sleeping costs less)")
    print(c.result_line("closed_cpu_per_minute", dark_cores * 60, "s", quiet_cores * 60,
                        "no frames drawn, <=1s a minute", digits=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
