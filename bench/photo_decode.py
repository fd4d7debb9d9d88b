"""Benchmark: a 24-megapixel photo onto a texture, the kiosk's way against plain Kivy.

The kiosk's way: ``kiosk prepare`` has made a screen rendition (1920x1280); the
``TextureCache`` decodes it on a worker thread and uploads it from a Clock callback.
Plain Kivy: ``CoreImage(path)`` and ``kivy.uix.image.Image(source=path)``, which decode
the full 6000x4000 file on the calling thread and upload all of it.

Runs with no arguments in an offscreen window, makes its own photo in a temporary
folder, and ends with one ``RESULT`` line. Timings are medians of several runs in the
same process; compare the ratio, the machine is noisy.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

RUNS = 10
SIZE = (6000, 4000)

_HOME = tempfile.mkdtemp(prefix="kiosk-bench-kivy-")
atexit.register(shutil.rmtree, _HOME, True)
os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
os.environ.update(KIVY_NO_ARGS="1", KIVY_LOG_MODE="PYTHON", KIVY_NO_FILELOG="1", KIVY_NO_CONSOLELOG="1",
                  KIVY_HOME=_HOME, SDL_AUDIODRIVER="dummy")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

logging.getLogger("kivy").addHandler(logging.NullHandler())  # its config upgrade is not a figure
import kivy  # noqa: F401

# Kivy logs a traceback for the missing multitouch library on a headless machine;
# only the figures belong on this output. (Kivy sets its level on import: set it after.)
logging.getLogger("kivy").setLevel(logging.CRITICAL)

from kivy.config import Config

# No frame pacing: we measure the work, not the wait for the next 60 Hz frame (which
# adds at most 16 ms to the kiosk's figure in the app, and nothing to Kivy's
# synchronous load).
Config.set("graphics", "maxfps", "0")
Config.set("graphics", "width", "1920")
Config.set("graphics", "height", "1080")

from kivy.base import EventLoop
from kivy.clock import Clock
from kivy.core.image import Image as CoreImage
from kivy.uix.image import Image as ImageWidget
from PIL import Image

from kiosk.media.renditions import RenditionCache
from kiosk.ui.textures import TextureCache, texture_bytes


def make_photo(path: Path) -> None:
    """A photo-like 24 MP JPEG: gradients with grain, so it compresses like a real one."""
    w, h = SIZE
    red = Image.linear_gradient("L").resize((w, h))
    green = Image.radial_gradient("L").resize((w, h))
    grain = Image.effect_noise((w, h), 48)
    blue = Image.blend(red.transpose(Image.Transpose.ROTATE_180), grain, 0.5)
    Image.merge("RGB", (Image.blend(red, grain, 0.25), green, blue)).save(path, "JPEG", quality=90)
    # An old file, as photos on a kiosk are: the rendition index trusts its time stamp.
    old = time.time_ns() - 3600 * 10**9
    os.utime(path, ns=(old, old))


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def time_ours(textures: TextureCache, path: Path) -> tuple[float, object]:
    textures.clear()
    got: list[object] = []
    start = time.perf_counter()
    textures.request(path, "screen", lambda texture, reason: got.append(texture or reason))
    while not got:
        Clock.tick()
        if not got:
            time.sleep(0.0002)  # let the worker have the GIL between its C calls
    elapsed = time.perf_counter() - start
    if not hasattr(got[0], "size"):
        raise SystemExit(f"the photo did not load: {got[0]}")
    return elapsed, got[0]


def time_call(make) -> tuple[float, object]:
    start = time.perf_counter()
    texture = make()
    return time.perf_counter() - start, texture


def main() -> int:
    EventLoop.ensure_window()
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
        folder = Path(tmp)
        photo = folder / "photo-24mp.jpg"
        make_photo(photo)
        print(f"photo: {SIZE[0]}x{SIZE[1]} JPEG, {photo.stat().st_size / 2**20:.1f} MB")

        renditions = RenditionCache(folder / "cache")
        start = time.perf_counter()
        renditions.build(photo)
        print(f"kiosk prepare, all three renditions of it: {(time.perf_counter() - start) * 1000:.0f} ms (once)")

        textures = TextureCache(renditions, workers=2)
        on_the_fly = TextureCache(None, workers=2)
        ours, fly, core, widget = [], [], [], []
        try:
            for run in range(RUNS + 1):  # the first run of each warms caches and is dropped
                t, our_texture = time_ours(textures, photo)
                f, _ = time_ours(on_the_fly, photo)
                c, core_texture = time_call(lambda: CoreImage(str(photo), nocache=True).texture)
                i, widget_texture = time_call(lambda: ImageWidget(source=str(photo), nocache=True).texture)
                if run:
                    ours.append(t), fly.append(f), core.append(c), widget.append(i)
        finally:
            textures.close()
            on_the_fly.close()

        ours_ms, fly_ms = median_ms(ours), median_ms(fly)
        core_ms, widget_ms = median_ms(core), median_ms(widget)
        baseline = min(core_ms, widget_ms)  # the faster plain-Kivy way, to be fair to it
        kivy_bytes = texture_bytes(core_texture.size)  # counted as ours: 4 bytes a texel on the GPU
        print(f"kiosk TextureCache, prepared rendition: {ours_ms:7.1f} ms median of {RUNS}, "
              f"texture {our_texture.size[0]}x{our_texture.size[1]} {our_texture.colorfmt}, "
              f"{texture_bytes(our_texture.size) / 2**20:.1f} MB")
        print(f"kiosk TextureCache, no rendition:       {fly_ms:7.1f} ms (decoded from the source at screen size)")
        print(f"Kivy CoreImage(path):                   {core_ms:7.1f} ms, texture "
              f"{core_texture.size[0]}x{core_texture.size[1]} {core_texture.colorfmt}, {kivy_bytes / 2**20:.1f} MB")
        print(f"Kivy Image(source=path):                {widget_ms:7.1f} ms, texture "
              f"{widget_texture.size[0]}x{widget_texture.size[1]}")
        print(f"texture memory: {texture_bytes(our_texture.size) / 2**20:.1f} MB against {kivy_bytes / 2**20:.1f} MB "
              f"({kivy_bytes / texture_bytes(our_texture.size):.1f}x less)")
        print(f"RESULT photo_load_ms={ours_ms:.1f} ms baseline={baseline:.1f} ms "
              f"ratio={baseline / ours_ms:.1f}x goal=>=10x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
