"""Shared helpers of the benchmarks: environment, statistics, inputs, the app driven headlessly.

Import order matters: call ``setup_env()`` before anything imports Kivy. Nothing here
imports Kivy at module level; the Kivy-side helpers import it when called.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINDOW = (1920, 1080)


# --- environment ------------------------------------------------------------------------

def setup_env(tag: str, keep: bool = False) -> Path:
    """A temporary folder for this run, and the environment every benchmark sets before Kivy.

    Kivy's home, the kiosk's home and the kiosk's cache all live in the folder, which is
    removed at exit (unless ``keep``). Child processes inherit the environment.
    """
    if "kivy" in sys.modules:
        raise RuntimeError("setup_env() must run before Kivy is imported")
    tmp = Path(tempfile.mkdtemp(prefix=f"kiosk-bench-{tag}-"))
    for sub in ("kivy-home", "kiosk-home", "kiosk-cache"):
        (tmp / sub).mkdir()
    os.environ.update(
        KIVY_NO_ARGS="1",
        KIVY_LOG_MODE="PYTHON",
        KIVY_NO_FILELOG="1",
        KIVY_NO_CONSOLELOG="1",
        KIVY_HOME=str(tmp / "kivy-home"),
        SDL_VIDEODRIVER="offscreen",
        SDL_AUDIODRIVER="dummy",
        KIOSK_CACHE=str(tmp / "kiosk-cache"),
        KIOSK_HOME=str(tmp / "kiosk-home"),
    )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    # Kivy logs through Python's logging (KIVY_LOG_MODE=PYTHON); with no handler Python
    # would print its warnings (a config upgrade in the fresh KIVY_HOME) on stderr.
    logging.getLogger("kivy").addHandler(logging.NullHandler())
    if not keep:
        atexit.register(shutil.rmtree, tmp, True)
    return tmp


def configure_kivy(maxfps: int | None = None, size: tuple[int, int] = WINDOW) -> None:
    """Import Kivy quietly and set the window before it is made (call after ``setup_env``).

    The window is the kiosk's own (``kiosk.shell.kivy_config.LIGHT``: not multisampled, no
    ffpyplayer image loader); plain Kivy, run in the same process, draws in that window too."""
    from kiosk.shell.kivy_config import lighten_kivy

    lighten_kivy()
    import kivy  # noqa: F401

    # Kivy logs a traceback for the missing multitouch library on a headless machine, and
    # sets its logger's level on import: only the figures belong on this output.
    logging.getLogger("kivy").setLevel(logging.CRITICAL)
    from kivy.config import Config

    Config.set("graphics", "width", str(size[0]))
    Config.set("graphics", "height", str(size[1]))
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("postproc", "double_tap_time", "300")
    if maxfps is not None:
        Config.set("graphics", "maxfps", str(maxfps))


def quiet_kiosk(level: int = logging.ERROR) -> None:
    """The kiosk's own INFO/WARNING lines (a photo placeholder, a reload) are not figures."""
    logging.getLogger("kiosk").setLevel(level)


# --- statistics and the RESULT line -----------------------------------------------------

def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def p95(samples: Sequence[float]) -> float:
    """The 95th percentile, nearest rank (with 50 samples: the 48th smallest)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def ratio(baseline: float, ours: float) -> float:
    """How many times better the kiosk is: baseline / ours (for figures where less is better)."""
    if ours <= 0:
        return float("inf") if baseline > 0 else 1.0
    return baseline / ours


def result_line(name: str, value: float, unit: str, baseline: float, goal: str,
                times: float | None = None, digits: int = 1) -> str:
    """``RESULT name=value unit baseline=value unit ratio=N.Nx goal=...`` (ratio = baseline/ours)."""
    r = ratio(baseline, value) if times is None else times
    return (f"RESULT {name}={value:.{digits}f} {unit} baseline={baseline:.{digits}f} {unit} "
            f"ratio={r:.1f}x goal={goal}")


# --- process figures --------------------------------------------------------------------

def rss_mb(pid: int | str = "self") -> float:
    """Resident memory from /proc (psutil is not installed), in MiB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc status")


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def thread_count() -> int:
    import threading

    return threading.active_count()


# --- inputs: photos and exhibitions ------------------------------------------------------

_LAYERS: dict[tuple[int, int], tuple] = {}


def _layers(size: tuple[int, int]):
    """Gradients and grain at ``size``, made once per size and reused for every photo."""
    from PIL import Image

    if size not in _LAYERS:
        w, h = size
        linear = Image.linear_gradient("L").resize((w, h))
        radial = Image.radial_gradient("L").resize((w, h))
        grain = Image.effect_noise((max(1, w // 3), max(1, h // 3)), 48).resize((w, h))
        _LAYERS[size] = (linear, radial, grain)
    return _LAYERS[size]


def make_photo(path: Path, size: tuple[int, int], seed: int, quality: int = 90) -> Path:
    """A photo-like JPEG, different for every ``seed``: gradients, grain and shapes.

    Compresses like a photo (about 4 MB at 24 MP). Its time stamp is set an hour back, as a
    kiosk's photos are old files: the rendition index trusts only settled time stamps.
    """
    from PIL import Image, ImageChops, ImageDraw

    rng = random.Random(seed)
    linear, radial, grain = _layers(size)
    w, h = size
    flips = [Image.Transpose.FLIP_LEFT_RIGHT, Image.Transpose.FLIP_TOP_BOTTOM, Image.Transpose.ROTATE_180]
    a = linear.transpose(rng.choice(flips)) if rng.random() < 0.75 else linear
    b = radial
    c = ImageChops.offset(grain, rng.randrange(w), rng.randrange(h))
    bands = [Image.blend(a, c, rng.uniform(0.1, 0.4)), Image.blend(b, a, rng.uniform(0.2, 0.6)),
             Image.blend(c, b, rng.uniform(0.3, 0.7))]
    rng.shuffle(bands)
    image = Image.merge("RGB", bands)
    draw = ImageDraw.Draw(image)
    unit = max(4, min(w, h) // 40)
    for _ in range(12):
        x, y = rng.randrange(w), rng.randrange(h)
        rw, rh = rng.randrange(unit * 2, unit * 16), rng.randrange(unit * 2, unit * 12)
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.rectangle([x, y, x + rw, y + rh], outline=colour, width=max(2, unit // 3))
        else:
            draw.ellipse([x, y, x + rw, y + rh], fill=colour)
    # the seed itself, as bars: no two photos share their bytes (renditions are keyed by content)
    for bit in range(16):
        if seed >> bit & 1:
            draw.rectangle([unit + bit * unit, unit, unit + bit * unit + unit // 2, unit * 3], fill=(250, 250, 250))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=quality)
    age_photo(path)
    return path


def age_photo(path: Path, seconds: int = 3600) -> None:
    old = time.time_ns() - seconds * 10**9
    os.utime(path, ns=(old, old))


def _make_photo_job(job: tuple[str, tuple[int, int], int, int]) -> str:
    path, size, seed, quality = job
    make_photo(Path(path), size, seed, quality)
    return path


def make_photos(paths: Sequence[Path], size: tuple[int, int], seed: int = 0, quality: int = 90,
                workers: int | None = None) -> None:
    """Distinct photos at ``paths``, made on every core (call before Kivy makes its window)."""
    jobs = [(str(p), size, seed + i, quality) for i, p in enumerate(paths)]
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < 4:
        for job in jobs:
            _make_photo_job(job)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_make_photo_job, jobs, chunksize=max(1, len(jobs) // (workers * 8))))


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_exhibition(folder: Path, images: Sequence[str], *, clips: Sequence[str] = (),
                     playlist: Iterable[str] | None = None, idle: tuple[str, str] = ("90s", "15s"),
                     slide: str = "8s", name: str = "exhibition.yaml") -> Path:
    """An exhibition a curator could have written: one gallery of ``images`` (relative to
    ``folder/media``), optionally a clips section, and an attract playlist.

    Every text in both languages and every panel credited, so it loads without warnings.
    """
    lines = [
        "# yaml-language-server: $schema=exhibition.schema.json",
        "# generated by a benchmark",
        "title: {en: \"In memory — benchmark exhibition\", az: \"Xatirə — sınaq sərgisi\"}",
        "subtitle: {en: \"Generated panels\", az: \"Yaradılmış panellər\"}",
        "languages: [en, az]",
        f"idle: {{timeout: {idle[0]}, warning: {idle[1]}}}",
        f"attract: {{playlist: highlights, slide: {slide}}}",
        "sections:",
        "  - id: photos",
        "    kind: gallery",
        "    title: {en: Photo exhibition, az: Foto sərgi}",
        "    description:",
        "      en: Panels generated for a benchmark",
        "      az: Sınaq üçün yaradılmış panellər",
        "    panels:",
    ]
    for i, image in enumerate(images):
        n = i + 1
        lines += [
            f"      - image: {image}",
            f"        id: p{n:04d}",
            "        title:",
            f"          en: {_q(f'Panel {n}: a memorial evening, archive photograph')}",
            f"          az: {_q(f'Panel {n}: anım axşamı, arxiv fotoşəkli')}",
            "        caption:",
            f"          en: {_q(f'Candles and carnations laid at the memorial stone; photograph number {n} of the series.')}",
            f"          az: {_q(f'Xatirə daşının önünə qoyulmuş şamlar və qərənfillər; seriyanın {n} nömrəli fotoşəkli.')}",
            f"        credit: {_q(f'Sample archive, box {n // 50 + 1}')}",
            f"        date: \"{1988 + n % 30}\"",
        ]
    if clips:
        lines += [
            "  - id: film",
            "    kind: clips",
            "    title: {en: Documentary clips, az: Sənədli videolar}",
            "    clips:",
        ]
        for j, clip in enumerate(clips):
            lines += [
                f"      - video: {clip}",
                f"        id: c{j + 1}",
                f"        title: {{en: \"Clip {j + 1}\", az: \"Video {j + 1}\"}}",
                "        credit: Sample archive",
            ]
    entries = list(playlist) if playlist is not None else [f"photos/p{i + 1:04d}" for i in range(min(8, len(images)))]
    lines += ["playlists:", "  highlights:"] + [f"    - {e}" for e in entries]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_prepare(exhibition: Path, cache: Path) -> tuple[float, str]:
    """``kiosk prepare`` in this process (before Kivy makes its window): (seconds, its summary)."""
    import contextlib
    import io

    from kiosk.cli import main as kiosk_main

    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        code = kiosk_main(["prepare", str(exhibition), "--cache", str(cache)])
    seconds = time.perf_counter() - start
    logging.getLogger().handlers.clear()  # kiosk's main() configured logging for a terminal
    if code != 0:
        raise SystemExit(f"kiosk prepare failed ({code}):\n{out.getvalue()}")
    return seconds, " ".join(out.getvalue().split())


# --- the app, driven headlessly ----------------------------------------------------------

def finger_class():
    """A finger on the glass through Kivy's input pipeline (import after ``configure_kivy``)."""
    from kiosk.ui.drive import Finger

    return Finger


class Frames:
    """Pumps frames with ``EventLoop.idle()`` and records the gaps between frame ends.

    With ``finish`` each frame ends with ``glFinish()``: with SDL's offscreen driver the
    buffer swap is a no-op, so Mesa's software renderer defers the drawing of many frames
    to whichever later GL call must wait for it (a label's texture upload, say), where it
    shows as one multi-second stall. A real display's swap waits for each frame; so does
    ``finish``, which puts each frame's rendering time on the frame that caused it.
    ``cpu`` keeps the UI thread's own part of each frame (``idle()`` alone).
    """

    def __init__(self, finish: bool = False) -> None:
        from kivy.base import EventLoop

        self.loop = EventLoop
        self.finish = None
        if finish:
            from kivy.graphics.opengl import glFinish

            self.finish = glFinish
        self.last: float | None = None
        self.gaps: list[float] = []
        self.cpu: list[float] = []
        self.log: list[tuple[str, float, float, bool]] = []
        """(tag, UI-thread seconds, whole frame seconds, drawn) of every frame."""
        self.tag = ""
        self.count = 0
        self.flips = 0
        self.drawn = False
        """Whether the last frame drew anything (Kivy skips drawing when nothing changed)."""
        self.loop.window.bind(on_flip=self._flipped)

    def _flipped(self, *_args) -> None:
        self.flips += 1

    def close(self) -> None:
        self.loop.window.unbind(on_flip=self._flipped)

    def frame(self) -> float:
        """One frame; returns the time it ended (drawn, with ``finish``)."""
        flips = self.flips
        start = time.perf_counter()
        self.loop.idle()
        submitted = time.perf_counter()
        if self.finish is not None:
            self.finish()
        now = time.perf_counter()
        self.drawn = self.flips != flips
        self.cpu.append(submitted - start)
        self.log.append((self.tag, submitted - start, now - start, self.drawn))
        if self.last is not None:
            self.gaps.append(now - self.last)
        self.last = now
        self.count += 1
        return now

    def worst(self, n: int = 3, cpu: bool = True) -> str:
        """The ``n`` longest frames with the phase each happened in."""
        key = 1 if cpu else 2
        top = sorted(self.log, key=lambda e: e[key], reverse=True)[:n]
        return ", ".join(f"{e[key] * 1000:.0f} ms ({e[0] or '-'})" for e in top)

    def frames(self, n: int) -> float:
        end = 0.0
        for _ in range(n):
            end = self.frame()
        return end

    def until(self, condition: Callable[[], bool], timeout: float = 15.0) -> float:
        """Frames until ``condition()`` holds after one; returns the end of that frame."""
        deadline = time.perf_counter() + timeout
        while True:
            end = self.frame()
            if condition():
                return end
            if end > deadline:
                raise TimeoutError("the condition did not come true in time")

    def pause(self) -> None:
        """Do not count the gap to the next frame (the benchmark's own set-up work)."""
        self.last = None

    def reset(self) -> None:
        """Forget every gap so far (set-up frames are not part of a session)."""
        self.last = None
        self.gaps.clear()
        self.cpu.clear()
        self.log.clear()
        self.count = 0

    @property
    def longest(self) -> float:
        return max(self.gaps) if self.gaps else 0.0


def open_window(size: tuple[int, int] = WINDOW):
    from kiosk.shell.harness import open_window as harness_window

    return harness_window(size)


def start_kiosk(exhibition: Path, renditions: Path | None, home: Path,
                today: dt.datetime = dt.datetime(2027, 1, 10, 12, 0)):
    """The real app on the offscreen window (``kiosk.shell.harness``), its clock stepped and Kivy's
    on real time (the frames are what is measured): (app, clock, loaded)."""
    from kiosk.content.loader import load_exhibition
    from kiosk.technician.pin import PinStore
    from kiosk.media.renditions import RenditionCache
    from kiosk.shell.harness import Harness
    from kiosk.ui.textures import TextureCache

    loaded = load_exhibition(exhibition)
    if loaded.exhibition is None or loaded.errors:
        raise SystemExit("the generated exhibition does not load:\n" + "\n".join(map(str, loaded.problems)))
    harness = Harness.start(loaded, size=WINDOW, wall_clock=lambda: today, stepped=False,
                            textures=TextureCache(RenditionCache(renditions) if renditions else None),
                            pin_store=PinStore(home / "pin.json"))
    return harness.app, harness.clock, loaded


def stop_kiosk(app) -> None:
    from kiosk.shell.harness import stop_app

    stop_app(app)


def clear_window() -> None:
    from kivy.base import EventLoop

    window = EventLoop.window
    for child in list(window.children):
        window.remove_widget(child)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def cpu_seconds() -> float:
    """This process's user + system CPU seconds so far (every thread, llvmpipe's included)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_for(frames: "Frames", seconds: float, each: Callable[[], None] | None = None) -> tuple[float, float, int, int]:
    """Frames for ``seconds`` of real time: (wall, cpu, frames pumped, frames drawn)."""
    flips0, count0 = frames.flips, frames.count
    cpu0, wall0 = cpu_seconds(), time.perf_counter()
    while time.perf_counter() - wall0 < seconds:
        frames.frame()
        if each is not None:
            each()
    return time.perf_counter() - wall0, cpu_seconds() - cpu0, frames.count - count0, frames.flips - flips0
