"""Benchmark: ``kiosk run`` to its first frame with a 500-panel exhibition, against plain Kivy.

Inputs (made in a temporary folder): an exhibition of 500 panels over PHOTOS distinct
6000x4000 JPEGs, each hard-linked under 500 / PHOTOS names (500 files to the kiosk:
loading checks each path; hard links keep the inputs quick to make), and
``kiosk prepare`` run on it, as on an installed kiosk.

The kiosk: a fresh ``python -c`` child runs ``kiosk.cli.main(["run", EXHIBITION,
"--windowed", "--size", "1920x1080"])`` -- the real command: load and check the
exhibition, keep the last good copy, configure and start Kivy, build the app, start the
file watcher -- with one hook added once Kivy is configured: on the window's first
``on_flip`` it calls ``glFinish()`` (so the frame is really drawn) and notes the time.
It notes too the first frame that draws the attract loop's first photo (fading in), then
stops the app. Times are from just before the parent starts the child (``time.monotonic``
is system-wide, so parent and child read the same clock).

Plain Kivy: a fresh ``python -c`` child that reads the same YAML with ``yaml.safe_load``
(to know its panels, as any app must) and runs an ``App`` whose root is a ``Carousel``
holding one ``kivy.uix.image.Image(source=...)`` of the first panel's 24 MP photo -- only
the first: 500 such widgets would decode 500 photos (minutes, ~48 GB) before any frame.
Its first frame includes that photo.

Medians of RUNS runs of each after one warm-up run of each, interleaved. Ends with one
``RESULT`` line: the kiosk's time to its first frame against plain Kivy's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

PANELS = 500
PHOTOS = 10
SIZE = (6000, 4000)
RUNS = 3

KIOSK_CHILD = r'''
import json, sys, time
marks = {"python": time.monotonic()}
import logging
logging.getLogger("kivy").addHandler(logging.NullHandler())
import kiosk.shell.runner as runner

original = runner.configure_kivy

def configure(*args, **kwargs):
    marks["loaded"] = time.monotonic()  # the exhibition is loaded and checked; Kivy is next
    original(*args, **kwargs)
    from kivy.clock import Clock

    def hook(_dt):
        from kivy.app import App
        from kivy.core.window import Window
        from kivy.graphics.opengl import glFinish

        def flipped(*_args):
            glFinish()
            now = time.monotonic()
            marks.setdefault("first_frame", now)
            app = App.get_running_app()
            attract = app.screens.get("attract") if app is not None else None
            if attract is not None and attract.front.texture is not None:
                marks["photo"] = now
            if "photo" in marks or now - marks["first_frame"] > 20:
                Window.unbind(on_flip=flipped)
                print("MARKS " + json.dumps(marks), flush=True)
                app.stop()

        Window.bind(on_flip=flipped)

    Clock.schedule_once(hook, 0)

runner.configure_kivy = configure
from kiosk.cli import main
code = main(["run", sys.argv[1], "--windowed", "--size", "1920x1080"])
marks["exit"] = time.monotonic()
sys.exit(code)
'''

KIVY_CHILD = r'''
import json, sys, time
marks = {"python": time.monotonic()}
import logging
logging.getLogger("kivy").addHandler(logging.NullHandler())
from pathlib import Path
import yaml

path = Path(sys.argv[1])
with open(path, encoding="utf-8") as f:
    data = yaml.safe_load(f)
first = path.parent / "media" / data["sections"][0]["panels"][0]["image"]
marks["loaded"] = time.monotonic()
from kivy.config import Config
Config.set("graphics", "width", "1920")
Config.set("graphics", "height", "1080")
from kivy.app import App
from kivy.core.window import Window
from kivy.graphics.opengl import glFinish
from kivy.uix.carousel import Carousel
from kivy.uix.image import Image


class Plain(App):
    def load_kv(self, filename=None):
        return False  # no .kv file (and no source file for Kivy to look beside)

    def build(self):
        root = Carousel()
        root.add_widget(Image(source=str(first)))
        Window.bind(on_flip=self.flipped)
        return root

    def flipped(self, *_args):
        glFinish()
        marks["first_frame"] = marks["photo"] = time.monotonic()
        Window.unbind(on_flip=self.flipped)
        print("MARKS " + json.dumps(marks), flush=True)
        self.stop()


Plain().run()
'''


def run_child(code: str, exhibition: Path) -> dict[str, float]:
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", code, str(exhibition)], capture_output=True, text=True,
                          timeout=120, cwd=str(c.ROOT))
    lines = [line for line in proc.stdout.splitlines() if line.startswith("MARKS ")]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"the child failed ({proc.returncode})")
    marks = json.loads(lines[-1][6:])
    return {k: v - start for k, v in marks.items()}


def main() -> int:
    tmp = c.setup_env("startup")
    folder = tmp / "exhibition"
    distinct = [folder / "media" / "photos" / f"src-{i + 1:02d}.jpg" for i in range(PHOTOS)]
    start = time.perf_counter()
    c.make_photos(distinct, SIZE, seed=500)
    names = []
    for i in range(PANELS):
        name = f"photos/{i + 1:04d}.jpg"
        os.link(distinct[i % PHOTOS], folder / "media" / name)
        names.append(name)
    for src in distinct:
        src.unlink()
    exhibition = c.write_exhibition(folder, names)
    print(f"exhibition: {PANELS} panels over {PHOTOS} distinct {SIZE[0]}x{SIZE[1]} JPEGs "
          f"(hard-linked under {PANELS} names; made in {time.perf_counter() - start:.0f} s)")
    seconds, summary = c.run_prepare(exhibition, tmp / "kiosk-cache" / "renditions")
    print(f"kiosk prepare: {seconds:.0f} s ({summary})")

    ours, plain = [], []
    for run in range(RUNS + 1):  # the first run of each warms the disk cache and is dropped
        o = run_child(KIOSK_CHILD, exhibition)
        p = run_child(KIVY_CHILD, exhibition)
        if run:
            ours.append(o)
            plain.append(p)

    def med(runs: list[dict[str, float]], key: str) -> float:
        return c.median([r[key] for r in runs if key in r])

    def runs_of(runs: list[dict[str, float]]) -> str:
        return ", ".join(f"{r['first_frame']:.2f}" for r in runs)

    first, photo, loaded = med(ours, "first_frame"), med(ours, "photo"), med(ours, "loaded")
    k_first, k_loaded = med(plain, "first_frame"), med(plain, "loaded")
    print(f"kiosk run, {PANELS} panels (median of {RUNS}): interpreter ready {med(ours, 'python'):.2f} s, "
          f"exhibition loaded and checked {loaded:.2f} s, first frame {first:.2f} s "
          f"(runs: {runs_of(ours)}); "
          f"first frame with the attract photo (fading in) {photo:.2f} s")
    print(f"plain Kivy App, Carousel with the first Image(source=24 MP) (median of {RUNS}): interpreter ready "
          f"{med(plain, 'python'):.2f} s, YAML read {k_loaded:.2f} s, first frame (with its photo) {k_first:.2f} s "
          f"(runs: {runs_of(plain)})")
    print(f"first photo on screen: kiosk {photo:.2f} s vs plain Kivy {k_first:.2f} s "
          f"({c.ratio(k_first, photo):.1f}x)")
    print("ratio = baseline / kiosk (above 1: the kiosk is faster)")
    print(f"goal: first frame within 1.5 s {'met' if first <= 1.5 else 'MISSED'}")
    print(c.result_line("startup_500_panels", first, "s", k_first, "<=1.5s", digits=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
