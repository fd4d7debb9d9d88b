"""Benchmark: resident memory after browsing 500 large panels, the kiosk against plain Kivy.

Inputs (made in a temporary folder): PANELS distinct 2400x1600 JPEGs (3.8 MP each, larger
than the 1920x1280 screen rendition, every one different so each has its own renditions:
the rendition cache is keyed by content), an exhibition of them, and ``kiosk prepare`` run
on it (its time is reported). 24 MP sources would change nothing at run time (the kiosk
shows the same 1920x1280 renditions) but would take minutes to make and prepare.

The kiosk, in a fresh child process: the real ``KioskApp`` in an offscreen 1920x1080
window, the gallery opened on panel 1, then every panel in turn with ``PanelStrip.go_to``
(no slide animation, to keep the run short; the photos arrive exactly as after a swipe:
the strip's neighbours and the prefetch ahead), each panel held until its photo's
texture is made. Every DRAW_EVERY-th panel is drawn (a frame with ``glFinish``); the
others only run Kivy's clock (decoding, uploads, label updates), because llvmpipe takes
~100 ms to draw one frame here and 1,000 drawn frames would take minutes. Every photo
is still decoded and uploaded into a texture. Then a second pass over all of them. Resident memory (VmRSS from /proc) at the
start, after pass 1 and after pass 2; the goal is under 350 MB and flat over the second
pass (growth under 5 %).

Plain Kivy, in its own fresh child process: one ``kivy.uix.image.Image(source=...)``
filling the window, its ``source`` set to each file in turn, one frame each. Kivy keeps
every texture in its cache for 60 s, so its memory grows by about one full-size texture
(2400x1600 RGBA, 15 MiB) a panel: it is stopped at KIVY_CAP_MB or KIVY_SECONDS, whichever
comes first, and its figure is the memory when stopped (a lower bound for 500 panels).

Each frame ends with ``glFinish()`` (see ``_common.Frames``): Mesa's software renderer keeps
textures in process memory, so on this machine texture memory is part of VmRSS; on a GPU
most of it would be video memory instead, for both ways alike.
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
SIZE = (2400, 1600)
DRAW_EVERY = 5
KIVY_CAP_MB = 4000
KIVY_SECONDS = 30.0


def child_kiosk(folder: Path) -> dict:
    c.configure_kivy(maxfps=0)  # no frame pacing: the figure is memory, not time
    c.quiet_kiosk()
    tmp = Path(os.environ["KIOSK_HOME"])
    renditions = Path(os.environ["KIOSK_CACHE"]) / "renditions"
    app, _clock, _loaded = c.start_kiosk(folder / "exhibition.yaml", renditions, tmp)
    frames = c.Frames(finish=True)
    app.open("home")
    app.open("section", section="photos", index=0)
    gallery = app.screens["gallery"]
    strip = gallery.ids.strip

    def settle(seconds: float = 0.5) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end or app.textures.pending:
            frames.frame()

    from kivy.clock import Clock

    def wait_photo(draw: bool) -> None:
        if draw:
            frames.until(lambda: strip.current.texture is not None, 20)
            return
        deadline = time.perf_counter() + 20
        Clock.tick()
        while strip.current.texture is None:
            if time.perf_counter() > deadline:
                raise TimeoutError("the photo did not arrive")
            time.sleep(0.0005)  # the decoders' turn
            Clock.tick()

    frames.until(lambda: strip.current.texture is not None, 20)
    settle(1.0)
    figures = {"start": c.rss_mb(), "fds_start": c.open_fds(), "threads_start": c.thread_count()}
    samples = []
    passes = []
    for n in (1, 2):
        began = time.perf_counter()
        strip.go_to(0, animate=False)
        for index in range(1, PANELS):
            strip.go_to(index, animate=False)
            wait_photo(index % DRAW_EVERY == 0)
            if index % 25 == 0:
                samples.append((n, index, round(c.rss_mb(), 1)))
        settle(0.5)
        passes.append(time.perf_counter() - began)
        figures[f"pass{n}"] = c.rss_mb()
    # diagnosis: how much of it is freed heap that glibc still keeps
    from kiosk.memory import trim_heap

    trim_heap(background=False)
    figures["trimmed"] = c.rss_mb()
    # with software GL every live texture is process memory: photos, labels, thumbnails
    import gc

    from kivy.graphics.texture import Texture

    from kiosk.ui.textures import texture_bytes

    gc.collect()
    live = [o for o in gc.get_objects() if type(o) is Texture]
    figures["live_textures"] = len(live)
    figures["live_texture_mb"] = sum(texture_bytes(t.size) for t in live) / 2**20
    figures.update(
        passes=passes, samples=samples, peak=max(s[2] for s in samples),
        texture_mb=app.textures.bytes_used / 2**20, texture_cap_mb=app.textures.max_bytes / 2**20,
        textures=len(app.textures._textures), fds_end=c.open_fds(), threads_end=c.thread_count(),
        index=gallery.index, longest_frame=frames.longest, frames=frames.count,
    )
    frames.close()
    return figures


def child_kivy(folder: Path) -> dict:
    c.configure_kivy(maxfps=0)
    from kivy.uix.image import Image as ImageWidget

    window = c.open_window()
    paths = [str(p) for p in sorted((folder / "media" / "photos").glob("*.jpg"))]
    frames = c.Frames(finish=True)
    image = ImageWidget(size=window.size, size_hint=(None, None))
    window.add_widget(image)
    frames.frames(3)
    start_rss = c.rss_mb()
    began = time.perf_counter()
    samples, stopped = [], None
    shown = 0
    for index, path in enumerate(paths):
        image.source = path
        frames.frame()
        shown = index + 1
        rss = c.rss_mb()
        if index % 25 == 0:
            samples.append((index, round(rss, 1)))
        if rss > KIVY_CAP_MB:
            stopped = f"memory over {KIVY_CAP_MB} MB"
            break
        if time.perf_counter() - began > KIVY_SECONDS:
            stopped = f"{KIVY_SECONDS:.0f} s budget"
            break
    frames.close()
    return {"start": start_rss, "end": c.rss_mb(), "panels": shown, "stopped": stopped, "samples": samples,
            "seconds": time.perf_counter() - began, "longest_frame": frames.longest}


def run_child(kind: str, folder: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", kind, str(folder)], capture_output=True, text=True,
                          timeout=600)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"the {kind} child failed ({proc.returncode})")
    return json.loads(lines[-1])


def main() -> int:
    tmp = c.setup_env("memory")
    folder = tmp / "exhibition"
    names = [f"photos/{i + 1:04d}.jpg" for i in range(PANELS)]
    start = time.perf_counter()
    c.make_photos([folder / "media" / n for n in names], SIZE, seed=1000, quality=85)
    made = time.perf_counter() - start
    total = sum((folder / "media" / n).stat().st_size for n in names)
    exhibition = c.write_exhibition(folder, names)
    print(f"panels: {PANELS} distinct {SIZE[0]}x{SIZE[1]} JPEGs, {total / PANELS / 2**20:.1f} MB each "
          f"(made in {made:.0f} s)")
    seconds, summary = c.run_prepare(exhibition, tmp / "kiosk-cache" / "renditions")
    print(f"kiosk prepare: {seconds:.0f} s ({summary})")

    ours = run_child("kiosk", folder)
    kivy = run_child("kivy", folder)

    growth = (ours["pass2"] - ours["pass1"]) / ours["pass1"] * 100
    print(f"kiosk: RSS at start {ours['start']:.0f} MB, after pass 1 {ours['pass1']:.0f} MB, after pass 2 "
          f"{ours['pass2']:.0f} MB (growth over pass 2: {growth:+.1f} %), peak sampled {ours['peak']:.0f} MB")
    print(f"  passes took {ours['passes'][0]:.0f} s and {ours['passes'][1]:.0f} s; textures held "
          f"{ours['textures']} ({ours['texture_mb']:.0f} MB of a {ours['texture_cap_mb']:.0f} MB bound); "
          f"open files {ours['fds_start']} -> {ours['fds_end']}, threads {ours['threads_start']} -> "
          f"{ours['threads_end']}")
    print(f"  after pass 2, malloc_trim(0) gives back {ours['pass2'] - ours['trimmed']:.0f} MB of freed heap "
          f"(RSS {ours['trimmed']:.0f} MB after it)")
    print(f"  live textures: {ours['live_textures']}, {ours['live_texture_mb']:.0f} MB (with software GL, process memory; "
          "a GPU holds them outside the process)")
    print("  RSS every 25 panels (pass, panel, MB): " + " ".join(f"{p}/{i}:{m:.0f}" for p, i, m in ours["samples"][::4]))
    print(f"plain Kivy Image(source=...): RSS at start {kivy['start']:.0f} MB, after {kivy['panels']} panels "
          f"{kivy['end']:.0f} MB in {kivy['seconds']:.0f} s"
          + (f" (stopped: {kivy['stopped']}; it was still growing by ~"
             f"{(kivy['end'] - kivy['start']) / max(1, kivy['panels']):.0f} MB a panel)" if kivy["stopped"] else ""))
    print("ratio = baseline / kiosk (above 1: the kiosk uses less)")
    flat = abs(growth) < 5
    print(f"goals: under 350 MB {'met' if ours['pass2'] < 350 else 'MISSED'}; flat over pass 2 (< 5 %) "
          f"{'met' if flat else 'MISSED'}")
    if kivy["stopped"]:
        print(f"(the baseline figure is plain Kivy after {kivy['panels']} panels, when it was stopped)")
    print(c.result_line("memory_after_500_panels", ours["pass2"], "MB", kivy["end"], "<350MB,growth<5%", digits=0))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        # the environment (temporary homes, offscreen video) comes from the parent
        if str(c.ROOT) not in sys.path:
            sys.path.insert(0, str(c.ROOT))
        import logging

        logging.getLogger("kivy").addHandler(logging.NullHandler())
        run = child_kiosk if sys.argv[2] == "kiosk" else child_kivy
        print(json.dumps(run(Path(sys.argv[3]))))
        sys.exit(0)
    sys.exit(main())
