"""Benchmark: tap to first frame of a clip, the kiosk's player way against plain Kivy.

The kiosk's way (what the clip player does): ffpyplayer's ``MediaPlayer`` made
directly, playing at once, with

    ff_opts = {"sn": True, "out_fmt": "rgba", "volume": 1.0}
    MediaPlayer(path, callback=..., ff_opts=ff_opts, loglevel="quiet")

(``sn``: Kivy draws the cues itself from the clip's position; ``rgba``: the frame goes
to a texture with no shader; the sound stays on, the attract loop mutes with
``set_volume(0)``), polled with ``get_frame()`` every millisecond until a picture
arrives; that picture is then uploaded to a Kivy ``Texture`` (``blit_buffer``), since
a frame nobody sees has not started the clip. Both figures are printed, the RESULT
uses the one with the upload.

Plain Kivy: ``kivy.uix.video.Video(source=path, state='play')`` with the ffpyplayer
provider, until the widget's ``texture`` is first set. Its provider starts the file
paused, waits on a thread for the pixel format, hands the setup to the main thread's
Clock, then unpauses, so its first frame waits for several of those steps.

Runs with no arguments in an offscreen window on the demo clip (640x360 H.264, made
by ``scripts/make_demo.py`` and kept in the repository), interleaving the two ways, and
ends with one ``RESULT`` line. Timings are medians of RUNS runs after one warm-up run
of each; the unloading of each clip (Kivy's ``unload()`` joins a thread, ~130 ms) is
outside the timing, as the player covers it with the switch.
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

RUNS = 7
ROOT = Path(__file__).resolve().parent.parent
CLIP = ROOT / "media" / "film" / "memorial.mp4"
KIOSK_OPTS = {"sn": True, "out_fmt": "rgba", "volume": 1.0}

_HOME = tempfile.mkdtemp(prefix="kiosk-bench-kivy-")
atexit.register(shutil.rmtree, _HOME, True)
os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
os.environ.update(KIVY_NO_ARGS="1", KIVY_LOG_MODE="PYTHON", KIVY_NO_FILELOG="1", KIVY_NO_CONSOLELOG="1",
                  KIVY_HOME=_HOME, SDL_AUDIODRIVER="dummy", KIVY_VIDEO="ffpyplayer")

sys.path.insert(0, str(ROOT))

logging.getLogger("kivy").addHandler(logging.NullHandler())  # its config upgrade is not a figure
import kivy  # noqa: F401

# Kivy logs a traceback for the missing multitouch library on a headless machine;
# only the figures belong on this output. (Kivy sets its level on import: set it after.)
logging.getLogger("kivy").setLevel(logging.CRITICAL)

from kivy.config import Config

# No frame pacing: a 60 Hz wait would add up to 16 ms to both ways alike.
Config.set("graphics", "maxfps", "0")

from ffpyplayer.player import MediaPlayer
from kivy.base import EventLoop
from kivy.clock import Clock
from kivy.graphics.texture import Texture
from kivy.uix.video import Video

TIMEOUT = 10.0


def time_ours(path: Path) -> tuple[float, float, tuple[int, int]]:
    """(seconds to the first decoded picture, seconds to it on a texture, its size)."""
    start = time.perf_counter()
    player = MediaPlayer(str(path), callback=lambda *_: None, ff_opts=KIOSK_OPTS, loglevel="quiet")
    try:
        while True:
            frame, value = player.get_frame()
            if frame is not None:
                break
            if value == "eof" or time.perf_counter() - start > TIMEOUT:
                raise SystemExit(f"ffpyplayer gave no picture of {path} ({value})")
            time.sleep(0.001)
        decoded = time.perf_counter() - start
        image, _pts = frame
        size = image.get_size()
        texture = Texture.create(size=size, colorfmt="rgba")
        texture.flip_vertical()
        texture.blit_buffer(image.to_memoryview()[0], colorfmt="rgba")
        shown = time.perf_counter() - start
    finally:
        player.close_player()
    return decoded, shown, size


def time_kivy(path: Path) -> tuple[float, tuple[int, int]]:
    """Seconds from making a playing ``Video`` widget to its first texture."""
    start = time.perf_counter()
    video = Video(source=str(path), state="play", volume=1.0)
    try:
        while video.texture is None:
            Clock.tick()
            if time.perf_counter() - start > TIMEOUT:
                raise SystemExit(f"Kivy's Video gave no picture of {path}")
            time.sleep(0.001)
        elapsed = time.perf_counter() - start
        size = tuple(video.texture.size)
    finally:
        video.state = "stop"
        video.unload()  # joins the provider's thread: outside the timing, as a switch is
    return elapsed, size  # type: ignore[return-value]


def main() -> int:
    if not CLIP.is_file():
        print(f"{CLIP} is missing: run scripts/make_demo.py first", file=sys.stderr)
        return 1
    EventLoop.ensure_window()
    decoded, shown, kivy_times = [], [], []
    for run in range(RUNS + 1):  # the first run of each warms codecs and caches, and is dropped
        d, s, our_size = time_ours(CLIP)
        k, kivy_size = time_kivy(CLIP)
        if run:
            decoded.append(d), shown.append(s), kivy_times.append(k)
    ms = lambda samples: statistics.median(samples) * 1000
    ours, raw, baseline = ms(shown), ms(decoded), ms(kivy_times)
    print(f"clip: {CLIP.relative_to(ROOT)}, {our_size[0]}x{our_size[1]}")
    print(f"ffpyplayer MediaPlayer, first get_frame() picture: {raw:6.1f} ms median of {RUNS} "
          f"(min {min(decoded) * 1000:.1f}, max {max(decoded) * 1000:.1f})")
    print(f"  ... and on a texture:                          {ours:6.1f} ms")
    print(f"Kivy Video(source, state='play'), first texture:  {baseline:6.1f} ms median of {RUNS} "
          f"(min {min(kivy_times) * 1000:.1f}, max {max(kivy_times) * 1000:.1f}), texture {kivy_size[0]}x{kivy_size[1]}")
    print(f"RESULT clip_first_frame_ms={ours:.1f} ms baseline={baseline:.1f} ms "
          f"ratio={baseline / ours:.1f}x goal=<=300 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
