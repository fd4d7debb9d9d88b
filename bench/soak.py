"""Soak: thousands of attract-loop steps and simulated visits, memory and open files before/after.

Inputs (made in a temporary folder): PHOTOS distinct 2400x1600 JPEGs, the demo clip
(``media/film/memorial.mp4`` from this repository, made by ``scripts/make_demo.py``)
copied in, an exhibition with a gallery of the photos, a clips section with the clip,
and an attract playlist of 8 photos and one clip excerpt; ``kiosk prepare`` run on it.

The kiosk: the real ``KioskApp`` in an offscreen window, time stepped (the app's clock
is advanced, ``app.tick()`` called, a frame drawn). Rounds of:

* ATTRACT_STEPS attract-loop transitions (each: the clock moved by the step's length,
  ``tick()``, FRAMES_PER_STEP frames; photo steps cross-fade, the clip step opens a muted
  ffpyplayer decoder and the next step closes it);
* one visit: a real tap on the attract loop (-> home), a real tap on the gallery tile,
  SWIPES real swipes, the clip opened in the player for a few frames, back, then the
  visitor walks away: the clock stepped past the idle timeout (the "still there?"
  countdown shows) and past the warning (back to the attract loop).

After two warm-up rounds (screens and caches are made on first use), ROUNDS rounds, each
ending with a reading of resident memory (VmRSS), open file descriptors and threads at
the same point (back in the attract loop, background closing done). The bounded texture
cache's fill moves single readings by tens of MB either way, and the readings rise and
fall back by about 100 MB over some forty rounds (seen, not explained: not Python
garbage, not the clip decoders, which open and close 400 times with flat memory), so
growth is the median of the last WINDOW_ROUNDS readings against the median of the first
WINDOW_ROUNDS, over enough rounds to see a whole rise and fall. Goal: growth under 5 %.

Plain Kivy, same run and window afterwards: a ``ScreenManager`` (``FadeTransition``) of
PHOTOS screens each holding a ``kivy.uix.image.Image(source=...)`` of one of the same
photos, switched as many times as the kiosk's screens and attract steps changed, with the
same number of frames; measured the same way after its own warm-up round.

The window is WINDOW (smaller than the kiosk's 1920x1080): each frame ends with
``glFinish()`` (see ``_common.Frames``) and Mesa's software renderer needs ~100 ms for a
full-HD frame here; a leak does not depend on the window's size, the photos' textures
are the same 1920x1280 renditions. The figures are memory and files, not time.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

PHOTOS = 12
SIZE = (2400, 1600)
WINDOW = (640, 360)
ROUNDS = 60
ATTRACT_STEPS = 60
FRAMES_PER_STEP = 1
SWIPES = 3
WINDOW_ROUNDS = 10
CLIP = c.ROOT / "media" / "film" / "memorial.mp4"


class Counter:
    """Counts screen changes of a ScreenManager."""

    def __init__(self, manager) -> None:
        self.count = 0
        manager.bind(current=self._changed)

    def _changed(self, *_args) -> None:
        self.count += 1


def figures() -> dict[str, float]:
    return {"rss": c.rss_mb(), "fds": c.open_fds(), "threads": c.thread_count()}


def main() -> int:
    if not CLIP.is_file():
        print(f"{CLIP} is missing: run scripts/make_demo.py first", file=sys.stderr)
        return 1
    tmp = c.setup_env("soak")
    folder = tmp / "exhibition"
    names = [f"photos/{i + 1:03d}.jpg" for i in range(PHOTOS)]
    c.make_photos([folder / "media" / n for n in names], SIZE, seed=3000, quality=85)
    (folder / "media" / "film").mkdir(parents=True)
    shutil.copy(CLIP, folder / "media" / "film" / "memorial.mp4")
    c.age_photo(folder / "media" / "film" / "memorial.mp4")
    playlist = [f"photos/p{i + 1:04d}" for i in range(8)] + ["film/c1@00:00:02-00:00:06"]
    exhibition = c.write_exhibition(folder, names, clips=["film/memorial.mp4"], playlist=playlist,
                                    idle=("60s", "10s"))
    renditions = tmp / "kiosk-cache" / "renditions"
    seconds, _summary = c.run_prepare(exhibition, renditions)
    print(f"inputs: {PHOTOS} distinct {SIZE[0]}x{SIZE[1]} photos, one H.264 clip; kiosk prepare {seconds:.1f} s")

    c.configure_kivy(maxfps=0, size=WINDOW)  # stepped time: no need to wait for 60 Hz
    c.quiet_kiosk()
    began = time.perf_counter()
    app, clock, _loaded = c.start_kiosk(exhibition, renditions, tmp / "kiosk-home")
    window = c.open_window(WINDOW)
    Finger = c.finger_class()
    frames = c.Frames(finish=True)
    switches = Counter(app.manager)
    idle = app.exhibition.idle
    w, h = window.size

    def settle_transition() -> None:
        deadline = time.perf_counter() + 5
        frames.frame()
        while app.manager.transition.is_active and time.perf_counter() < deadline:
            frames.frame()

    def tap(x: float, y: float) -> None:
        finger = Finger(x, y).down()
        frames.frame()
        finger.up()
        frames.frames(2)

    def attract_steps(n: int) -> int:
        done = 0
        for _ in range(n):
            if app.manager.current != "attract":
                raise SystemExit(f"expected the attract loop, found {app.manager.current}")
            step = app.attract.current()
            clock.advance(step.seconds if step else 8.0)
            app.tick()
            frames.frames(FRAMES_PER_STEP)
            done += 1
        return done

    def visit() -> None:
        tap(w / 2, h / 2)  # attract -> home
        settle_transition()
        if app.manager.current != "home":
            raise SystemExit(f"a tap on the attract loop went to {app.manager.current}")
        home = app.screens["home"]
        x, y = home.tiles[0].to_window(*home.tiles[0].center)
        tap(x, y)
        settle_transition()
        if app.manager.current != "gallery":
            raise SystemExit(f"a tap on the gallery tile went to {app.manager.current}")
        strip = app.screens["gallery"].ids.strip
        for _ in range(SWIPES):
            x0, x1 = w * 0.78, w * 0.22
            finger = Finger(x0, h * 0.55).down()
            frames.frame()
            for i in range(1, 7):
                finger.move_to(x0 + (x1 - x0) * i / 6, h * 0.55)
                frames.frame()
            finger.up()
            frames.until(lambda: not strip._settling and strip.offset == 0, 5)
        app.open("player", section="film", clip="c1")
        settle_transition()
        video = app.screens["player"].ids.video
        deadline = time.perf_counter() + 3
        while video.texture is None and time.perf_counter() < deadline:
            frames.frame()
        frames.frames(5)
        app.open("back")
        settle_transition()
        clock.advance(idle.timeout + 1)  # the visitor walks away
        app.tick()
        frames.frames(2)
        if app.overlay is None:
            raise SystemExit("no 'still there?' countdown after the idle timeout")
        clock.advance(idle.warning + 1)
        app.tick()
        settle_transition()
        if app.manager.current != "attract":
            raise SystemExit(f"walking away left the kiosk on {app.manager.current}")

    def measure() -> dict[str, float]:
        """Figures at the same point of every round: back in the attract loop, with the
        clip decoders' closing and the end-of-visit heap trim (their own threads) done."""
        frames.frame()
        time.sleep(0.5)
        frames.frames(3)
        return figures()

    # warm-up rounds: every screen and overlay is made, every photo decoded once
    for _ in range(2):
        attract_steps(ATTRACT_STEPS)
        visit()
    start = measure()
    frames.reset()
    switches.count = 0
    steps = visits = 0
    samples = []
    for r in range(ROUNDS):
        steps += attract_steps(ATTRACT_STEPS)
        visit()
        visits += 1
        samples.append(measure())
    end = dict(samples[-1])
    # the texture cache's fill at the moment of measuring moves RSS by tens of MB either way
    # (a bounded cache, not a leak): the typical RSS of the first and the last WINDOW_ROUNDS
    # rounds is compared, not two single readings
    typical_start = c.median([f["rss"] for f in samples[:WINDOW_ROUNDS]])
    start["rss"], end["rss"] = typical_start, c.median([f["rss"] for f in samples[-WINDOW_ROUNDS:]])
    samples = [round(f["rss"]) for f in samples]
    kiosk_frames, kiosk_switches = frames.count, switches.count
    stepped = clock.now - 1000.0
    frames.close()
    c.stop_kiosk(app)
    kiosk_seconds = time.perf_counter() - began

    # --- plain Kivy: a ScreenManager of Image screens ---------------------------------
    from kivy.uix.image import Image as ImageWidget
    from kivy.uix.screenmanager import FadeTransition, Screen, ScreenManager

    began = time.perf_counter()
    window = c.open_window(WINDOW)
    manager = ScreenManager(transition=FadeTransition(duration=0.25))
    for i, name in enumerate(names):
        screen = Screen(name=f"s{i}")
        screen.add_widget(ImageWidget(source=str(folder / "media" / name)))
        manager.add_widget(screen)
    window.add_widget(manager)
    base = c.Frames(finish=True)
    # every attract step changes the picture too: it counts as a switch
    kiosk_changes = kiosk_switches + steps
    per_switch = max(1, round(kiosk_frames / kiosk_changes))

    def plain_switches(n: int) -> None:
        for _ in range(n):
            manager.current = manager.next()
            base.frames(per_switch)

    plain_switches(len(names) * 2)  # warm-up
    base.reset()
    plain_start = figures()
    plain_samples = []
    for r in range(ROUNDS):  # the kiosk's rounds, measured the same way
        plain_switches(kiosk_changes // ROUNDS + (r < kiosk_changes % ROUNDS))
        plain_samples.append(figures())
    plain_end = dict(plain_samples[-1])
    plain_start["rss"] = c.median([f["rss"] for f in plain_samples[:WINDOW_ROUNDS]])
    plain_end["rss"] = c.median([f["rss"] for f in plain_samples[-WINDOW_ROUNDS:]])
    plain_samples = [round(f["rss"]) for f in plain_samples]
    base.close()
    window.remove_widget(manager)
    plain_seconds = time.perf_counter() - began

    def growth(a: dict[str, float], b: dict[str, float], key: str) -> float:
        return (b[key] - a[key]) / a[key] * 100

    ours_g, plain_g = growth(start, end, "rss"), growth(plain_start, plain_end, "rss")
    print(f"kiosk: {ROUNDS} rounds = {steps} attract transitions + {visits} visits ({SWIPES} swipes, a clip, "
          f"walk-away each), {kiosk_switches} screen changes, {kiosk_frames} frames, {stepped / 3600:.1f} h of "
          f"stepped time, {kiosk_seconds:.0f} s of real time")
    print(f"  RSS, median of the first {WINDOW_ROUNDS} rounds -> of the last {WINDOW_ROUNDS}: {start['rss']:.0f} -> "
          f"{end['rss']:.0f} MB ({ours_g:+.1f} %); open files {start['fds']} -> {end['fds']}; threads "
          f"{start['threads']} -> {end['threads']}")
    print(f"  RSS after each round (lowest {min(samples)}, highest {max(samples)} MB): {samples}")
    print(f"plain Kivy ScreenManager of {PHOTOS} Image screens: {kiosk_changes} switches (the kiosk's screen changes "
          f"and attract steps), {per_switch} frames each, "
          f"{plain_seconds:.0f} s")
    print(f"  RSS, measured the same way: {plain_start['rss']:.0f} -> {plain_end['rss']:.0f} MB ({plain_g:+.1f} %); "
          f"open files {plain_start['fds']} -> {plain_end['fds']}; threads {plain_start['threads']} -> "
          f"{plain_end['threads']}")
    print(f"  RSS after each round: {plain_samples}")
    factor = (1 + plain_g / 100) / (1 + ours_g / 100)
    print("ratio = (1 + baseline growth) / (1 + kiosk growth): growths near zero make a plain quotient meaningless")
    fd_growth = growth(start, end, "fds")
    print(f"goal: growth under 5 %: memory {'met' if ours_g < 5 else 'MISSED'}, open files {fd_growth:+.1f} % "
          f"{'met' if fd_growth < 5 else 'MISSED'}")
    print(c.result_line("soak_rss_growth", ours_g, "%", plain_g, "<5%", times=factor))
    return 0


if __name__ == "__main__":
    sys.exit(main())
