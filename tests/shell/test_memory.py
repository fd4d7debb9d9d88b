"""The C heap hands the memory of freed photos back (kiosk.shell.memory), measured in a child process."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHILD = textwrap.dedent("""
    import sys
    from kiosk.shell.memory import trim_heap, tune_heap

    def rss_mb():
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024

    if sys.argv[1] == "tuned":
        assert tune_heap()
    # a decoded photo's worth of memory at a time, as the decoders allocate them
    first = bytearray(4 << 20)
    del first                       # glibc now serves 4 MB buffers from its heap (adaptive threshold)
    before = rss_mb()
    photos = [bytearray(4 << 20) for _ in range(48)]
    pinned = bytearray(4 << 20)     # a buffer still in use above them keeps the heap's top
    grown = rss_mb() - before
    del photos
    if sys.argv[1] == "trimmed":
        trim_heap(background=False)
    print(f"{grown:.0f} {rss_mb() - before:.0f}")
""")


def run(mode: str) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, mode], capture_output=True, text=True, check=True, timeout=60)
    grown, kept = out.stdout.split()
    return float(grown), float(kept)


def test_freed_photo_buffers_go_back_to_the_system_once_the_heap_is_tuned():
    grown, kept = run("plain")
    assert grown > 150, "the test did not allocate what it meant to"
    assert kept > 150, "glibc gave the memory back untuned: this test no longer shows anything"
    grown, kept = run("tuned")
    assert grown > 150
    assert kept < 20, f"{kept:.0f} MB of freed photo buffers still held"


def test_trimming_gives_back_what_an_untuned_heap_keeps():
    grown, kept = run("trimmed")
    assert grown > 150
    assert kept < 20, f"{kept:.0f} MB still held after malloc_trim"


HEAP_CHILD = textwrap.dedent("""
    from kiosk.shell.memory import heap_info, tune_heap

    assert tune_heap()
    before = heap_info()
    photo = bytearray(8 << 20)      # a decoded photo's size: a mapping of its own
    small = [bytearray(4096) for _ in range(256)]  # 1 MB of small buffers: from the arenas
    pinned = bytearray(4096)        # still in use above them: the heap cannot shrink past it
    during = heap_info()
    del photo, small
    after = heap_info()
    mb = lambda n: n / 2**20
    print(f"{mb(during.mapped - before.mapped):.1f} {mb(during.in_use - before.in_use):.1f} "
          f"{mb(after.mapped - before.mapped):.1f} {mb(after.free - during.free):.1f}")
""")


def test_the_heap_reports_photo_buffers_apart_from_small_ones_and_what_it_keeps_once_freed():
    out = subprocess.run([sys.executable, "-c", HEAP_CHILD], capture_output=True, text=True, check=True, timeout=60)
    mapped, in_use, mapped_after, freed_kept = map(float, out.stdout.split())
    assert 7.9 < mapped < 8.5, "an 8 MB buffer is not its own mapping"
    assert 0.9 < in_use < 1.5, "the small buffers did not come from the arenas"
    assert abs(mapped_after) < 0.1, "the photo's mapping was not handed back when freed"
    assert freed_kept > 0.9, "the freed small buffers are not counted as kept by the heap"


WINDOW_CHILD = textwrap.dedent("""
    import os, sys
    from kiosk.shell.kivy_config import LIGHT, lighten_kivy

    for key in LIGHT:
        os.environ.pop(key, None)
    if sys.argv[1] == "kiosk":
        lighten_kivy()
    from kivy.config import Config

    Config.set("graphics", "width", "1920")
    Config.set("graphics", "height", "1080")
    from kiosk.shell.memory import heap_info

    before = heap_info()
    from kivy.core.window import Window  # made here, with its framebuffers
    after = heap_info()
    made = (after.mapped + after.in_use - before.mapped - before.in_use) / 2**20
    print(f"{made:.0f} {int('ffpyplayer' in sys.modules)}")
""")


def window(settings: str) -> tuple[float, bool]:
    out = subprocess.run([sys.executable, "-c", WINDOW_CHILD, settings], capture_output=True, text=True,
                         check=True, timeout=120)
    made, ffpyplayer = out.stdout.split()
    return float(made), ffpyplayer == "1"


def test_the_kiosks_window_has_no_multisampled_buffers_and_kivy_loads_no_video_codecs_for_images():
    made, ffpyplayer = window("kivy")
    assert made > 75, f"Kivy's default window took {made:.0f} MB: this test no longer shows anything"
    assert ffpyplayer, "Kivy's defaults no longer load ffpyplayer: this test no longer shows anything"
    made, ffpyplayer = window("kiosk")
    assert made < 35, f"the kiosk's 1920x1080 window took {made:.0f} MB"
    assert not ffpyplayer
