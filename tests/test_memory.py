"""The C heap hands the memory of freed photos back (kiosk.memory), measured in a child process."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHILD = textwrap.dedent("""
    import sys
    from kiosk.memory import trim_heap, tune_heap

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
