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

Where the memory goes, for the kiosk at the start and after pass 2 and for plain Kivy at
its start and when stopped (``breakdown``): the libraries' code and data (file-backed pages,
from /proc/self/smaps), the window (what the C heap gained while Kivy made it: its
framebuffers and the GL driver's set-up), every live texture (photos in the cache, photos held by screens outside it,
framebuffers kept by transitions, labels and icons) and the surfaces Kivy's text provider
keeps for labels, Python's objects (pymalloc's arenas), the rest of the C heap in use (fonts
and text shaping, Kivy's graphics, Mesa and LLVM, Pillow, sqlite), the C heap freed but kept,
and what is left of the anonymous memory (thread stacks, compiled shaders, other mappings).
The rows add up to VmRSS. The kiosk's child runs with the kiosk's own Kivy settings
(``kiosk.shell.kivy_config.LIGHT``); plain Kivy with Kivy's defaults.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

PANELS = 500
SIZE = (2400, 1600)
DRAW_EVERY = 5
KIVY_CAP_MB = 4000
KIVY_SECONDS = 30.0
MB = 2**20

LIBRARY_GROUPS = (
    ("the GL driver (LLVM, Mesa)", ("libLLVM", "swrast_dri", "libgallium", "libEGL", "libGL", "libglapi")),
    ("ffpyplayer's codecs", ("ffpyplayer",)),
    ("Python and its extensions", ("python3", "site-packages", "lib-dynload")),
)
"""File-backed pages by library: the first group whose name a mapping's path holds."""

ROWS = (
    ("libraries", "libraries' code and data (file-backed)"),
    *((f"lib:{name}", f"  of which {name}") for name, _ in LIBRARY_GROUPS),
    ("window", "the window: framebuffers, GL set-up (C heap Kivy took to make it)"),
    ("photo_cache", "photo textures in the texture cache"),
    ("photo_held", "photo textures held by screens, outside the cache"),
    ("framebuffers", "framebuffers kept by transitions (Fbo, with depth-stencil)"),
    ("labels", "labels' and icons' textures"),
    ("label_surfaces", "label surfaces Kivy's text provider keeps"),
    ("python", "Python objects (pymalloc arenas)"),
    ("heap_other", "C heap in use otherwise (fonts, shaping, Kivy, Mesa, LLVM, Pillow, sqlite)"),
    ("heap_free", "C heap freed and kept (not yet handed back)"),
    ("rest", "the rest (thread stacks, compiled shaders, other mappings)"),
    ("total", "total (VmRSS)"),
)


def _status() -> dict[str, float]:
    """VmRSS and its anonymous and file-backed parts, in MiB."""
    out = {}
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
                out[key] = int(value.split()[0]) / 1024
    return out


def _library_pages() -> dict[str, float]:
    """File-backed resident pages of each library group (MiB): /proc/self/smaps."""
    groups = dict.fromkeys([name for name, _ in LIBRARY_GROUPS], 0.0)
    path, file_kb = "", 0
    with open("/proc/self/smaps", encoding="utf-8", errors="replace") as f:
        for line in f:
            head = line.split(None, 5)
            if head and "-" in head[0] and len(head) >= 5 and not head[0].endswith(":"):
                path = head[5].strip() if len(head) > 5 else ""
            elif line.startswith("Rss:") and path.startswith("/"):
                file_kb = int(line.split()[1])
            elif line.startswith("Anonymous:") and path.startswith("/"):
                resident = (file_kb - int(line.split()[1])) / 1024  # copied-on-write pages are anonymous
                for name, needles in LIBRARY_GROUPS:
                    if any(n in path for n in needles):
                        groups[name] += resident
                        break
                file_kb = 0
    return groups


def _pymalloc_mb() -> float:
    """Python's small-object allocator: its arenas (mapped directly, not from the C heap)."""
    saved = os.dup(2)
    with tempfile.TemporaryFile() as out:
        os.dup2(out.fileno(), 2)  # sys._debugmallocstats writes to the C stderr
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read().decode("ascii", "replace")
    for line in text.splitlines():
        if "bytes/arena" in line:  # "3 arenas * 1048576 bytes/arena = 3,145,728"
            return int(line.split("=")[1].replace(",", "")) / MB
    return 0.0


def _texture_mb(texture) -> float:
    return texture.width * texture.height * 4 / MB  # software GL keeps 4 bytes a texel


def breakdown(app=None, window_mb: float = 0.0) -> dict[str, float]:
    """Where the resident memory is now (MiB), the rows of ``ROWS``; see the module docstring."""
    from kivy.core.text import LabelBase
    from kivy.graphics import Fbo
    from kivy.graphics.texture import Texture

    from kiosk.shell.memory import heap_info

    gc.collect()
    status = _status()
    rows = {"total": status["VmRSS"], "libraries": status["RssFile"] + status.get("RssShmem", 0.0)}
    rows.update({f"lib:{name}": mb for name, mb in _library_pages().items()})
    objects = gc.get_objects()
    cached = {id(t) for t in app.textures._textures.values()} if app is not None else set()
    fbos = [o for o in objects if type(o) is Fbo]
    in_fbos = {id(f.texture) for f in fbos}
    textures = [o for o in objects if type(o) is Texture]
    rows["photo_cache"] = sum(_texture_mb(t) for t in textures if id(t) in cached)
    rows["photo_held"] = sum(_texture_mb(t) for t in textures
                             if id(t) not in cached and id(t) not in in_fbos and t.width * t.height >= 2**19)
    rows["labels"] = sum(_texture_mb(t) for t in textures
                         if id(t) not in cached and id(t) not in in_fbos and t.width * t.height < 2**19)
    # an Fbo's texture and its depth-stencil buffer (Kivy's transitions ask for one): 4 bytes a pixel each
    rows["framebuffers"] = sum(2 * _texture_mb(f.texture) for f in fbos)
    rows["label_surfaces"] = sum(o._size[0] * o._size[1] * 4 / MB for o in objects
                                 if issubclass(type(o), LabelBase) and getattr(o, "_surface", None) is not None)
    rows["window"] = window_mb
    rows["python"] = _pymalloc_mb()
    heap = heap_info()
    in_heap = sum(rows[k] for k in ("window", "photo_cache", "photo_held", "framebuffers", "labels",
                                    "label_surfaces"))
    rows["heap_other"] = (heap.in_use + heap.mapped) / MB - in_heap if heap else 0.0
    rows["heap_free"] = heap.free / MB if heap else 0.0
    rows["rest"] = status["RssAnon"] - (in_heap + rows["python"] + rows["heap_other"] + rows["heap_free"])
    return rows


class Frames(c.Frames):
    """``_common.Frames`` without its record of every frame: the settling loops draw frames
    as fast as they can, 150,000 over two passes, and their records (about 30 MB of Python
    objects and list storage) are the benchmark's memory, not the kiosk's."""

    def frame(self) -> float:
        end = super().frame()
        self.gaps.clear()
        self.cpu.clear()
        self.log.clear()
        return end


def heap_mapped_mb() -> float:
    from kiosk.shell.memory import heap_info

    heap = heap_info()
    return (heap.in_use + heap.mapped) / MB if heap else 0.0


def child_kiosk(folder: Path) -> dict:
    from kiosk.shell.kivy_config import lighten_kivy

    lighten_kivy()  # what `kiosk run` sets before Kivy is imported
    c.configure_kivy(maxfps=0)  # no frame pacing: the figure is memory, not time
    c.quiet_kiosk()
    tmp = Path(os.environ["KIOSK_HOME"])
    renditions = Path(os.environ["KIOSK_CACHE"]) / "renditions"
    before = heap_mapped_mb()
    c.open_window()
    window_mb = heap_mapped_mb() - before
    app, _clock, _loaded = c.start_kiosk(folder / "exhibition.yaml", renditions, tmp)
    frames = Frames(finish=True)

    def settle(seconds: float = 0.5) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end or app.textures.pending:
            frames.frame()

    # a visitor's way in: the attract loop, home, the gallery, each shown (and faded to) whole
    settle(0.5)
    app.open("home")
    settle(0.5)
    app.open("section", section="photos", index=0)
    gallery = app.screens["gallery"]
    strip = gallery.ids.strip

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
    figures = {"start": c.rss_mb(), "fds_start": c.open_fds(), "threads_start": c.thread_count(),
               "rows_start": breakdown(app, window_mb)}
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
    figures["rows_end"] = breakdown(app, window_mb)
    # how much of the C heap's freed memory glibc still keeps resident
    from kiosk.shell.memory import trim_heap

    trim_heap(background=False)
    figures["trimmed"] = c.rss_mb()
    figures.update(
        passes=passes, samples=samples, peak=max(s[2] for s in samples),
        texture_mb=app.textures.bytes_used / 2**20, texture_cap_mb=app.textures.max_bytes / 2**20,
        textures=len(app.textures._textures), fds_end=c.open_fds(), threads_end=c.thread_count(),
        index=gallery.index, frames=frames.count,
    )
    frames.close()
    return figures


def child_kivy(folder: Path) -> dict:
    from kiosk.shell.kivy_config import LIGHT

    for key in LIGHT:
        os.environ.pop(key, None)  # plain Kivy: Kivy's own defaults
    c.configure_kivy(maxfps=0)
    from kivy.uix.image import Image as ImageWidget

    before = heap_mapped_mb()
    window = c.open_window()
    window_mb = heap_mapped_mb() - before
    paths = [str(p) for p in sorted((folder / "media" / "photos").glob("*.jpg"))]
    frames = Frames(finish=True)
    image = ImageWidget(size=window.size, size_hint=(None, None))
    window.add_widget(image)
    frames.frames(3)
    start_rss = c.rss_mb()
    rows_start = breakdown(window_mb=window_mb)
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
    seconds = time.perf_counter() - began
    return {"start": start_rss, "end": c.rss_mb(), "panels": shown, "stopped": stopped, "samples": samples,
            "seconds": seconds, "rows_start": rows_start,
            "rows_end": breakdown(window_mb=window_mb)}


def run_child(kind: str, folder: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", kind, str(folder)], capture_output=True, text=True,
                          timeout=600)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"the {kind} child failed ({proc.returncode})")
    return json.loads(lines[-1])


def print_breakdown(ours: dict, kivy: dict) -> None:
    columns = (("kiosk start", ours["rows_start"]), ("after pass 2", ours["rows_end"]),
               ("Kivy start", kivy["rows_start"]), (f"Kivy, {kivy['panels']} panels", kivy["rows_end"]))
    width = max(len(label) for _, label in ROWS)
    print("where the resident memory is, MB (software GL: textures and framebuffers are process memory)")
    print(" " * (width + 2) + "".join(f"{name:>16}" for name, _ in columns))
    for key, label in ROWS:
        print(f"  {label:<{width}}" + "".join(f"{rows[key]:>16.1f}" for _, rows in columns))


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
    print(f"  passes took {ours['passes'][0]:.0f} s and {ours['passes'][1]:.0f} s ({ours['frames']} frames); textures held "
          f"{ours['textures']} ({ours['texture_mb']:.0f} MB of a {ours['texture_cap_mb']:.0f} MB bound); "
          f"open files {ours['fds_start']} -> {ours['fds_end']}, threads {ours['threads_start']} -> "
          f"{ours['threads_end']}")
    print(f"  after pass 2, malloc_trim(0) gives back {ours['pass2'] - ours['trimmed']:.0f} MB of freed heap "
          f"(RSS {ours['trimmed']:.0f} MB after it)")
    print("  RSS every 25 panels (pass, panel, MB): " + " ".join(f"{p}/{i}:{m:.0f}" for p, i, m in ours["samples"][::4]))
    print(f"plain Kivy Image(source=...): RSS at start {kivy['start']:.0f} MB, after {kivy['panels']} panels "
          f"{kivy['end']:.0f} MB in {kivy['seconds']:.0f} s"
          + (f" (stopped: {kivy['stopped']}; it was still growing by ~"
             f"{(kivy['end'] - kivy['start']) / max(1, kivy['panels']):.0f} MB a panel)" if kivy["stopped"] else ""))
    print_breakdown(ours, kivy)
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
