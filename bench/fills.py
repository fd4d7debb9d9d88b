"""Benchmark: pixels drawn a frame, as screen fills, the kiosk's screens against plain Kivy.

A fill-rate-bound renderer (this machine's llvmpipe, a Raspberry Pi's GPU) pays for every
pixel a frame touches. ``kiosk.ui.fills.count_fills`` walks the window's real canvas
instruction tree in the order a frame runs it, following transforms, stencils and
scissors, and sums the drawn areas in window coordinates over the window's area (1.0 =
one full screen): opaque, blended, drawn with alpha 0, and the part a later opaque draw
covers; stencil masks and off-screen framebuffers apart.

Inputs: the bundled demo exhibition (config/exhibition.yaml: photos, clips, books), shown
by the real ``KioskApp`` in an offscreen 1920x1080 window: the attract loop, home, a
gallery panel, the player with its clip and the catalogue, each settled. The milliseconds
a frame of each takes to draw here (``glFinish`` after a forced redraw, median of 10) are
printed beside it.

Plain Kivy, same run, same window: a gallery page made the usual way from stock widgets
(a screen in a ScreenManager painting its background in ``canvas.before``, a Carousel of
three Images, a caption Label on a card, a top bar of Buttons, a bottom bar).

Ends with one ``RESULT`` line: the kiosk's gallery frame against plain Kivy's.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

GOAL = 1.6


def draw_ms(frames, window, n: int = 10) -> float:
    times = []
    for _ in range(n):
        window.canvas.ask_update()
        start = time.perf_counter()
        frames.frame()
        times.append(time.perf_counter() - start)
    return c.median(times) * 1000


def main() -> int:
    tmp = c.setup_env("fills")
    c.configure_kivy()
    c.quiet_kiosk()
    from kivy.base import EventLoop

    from kiosk.ui.fills import count_fills

    app, _clock, loaded = c.start_kiosk(c.ROOT / "config" / "exhibition.yaml", None, tmp / "kiosk-home")
    frames = c.Frames(finish=True)
    window = EventLoop.window

    def settle(seconds: float = 0.8) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end or app.textures.pending:
            frames.frame()

    rows = []

    def measure(name: str) -> None:
        settle()
        fills = count_fills()
        rows.append((name, fills, draw_ms(frames, window)))

    settle(1.5)
    measure("attract loop")
    app.open("home")
    measure("home")
    app.open("section", section="photos", index=0)
    measure("gallery panel")
    gallery = rows[-1][1]
    film = next(s for s in loaded.exhibition.sections if s.kind == "clips")
    app.open("section", section=film.id)
    settle()
    clips = app.screens["clips"]
    tile = clips.tiles[0]
    tile.dispatch("on_release")
    settle(1.5)
    measure(f"player ({app.manager.current})")
    books = next(s for s in loaded.exhibition.sections if s.kind == "catalogue")
    app.open("section", section=books.id)
    measure("catalogue")
    frames.close()
    c.stop_kiosk(app)

    # --- plain Kivy: a gallery page from stock widgets --------------------------------------
    from kivy.graphics import Color, Rectangle
    from kivy.uix.boxlayout import BoxLayout
    from kivy.uix.button import Button
    from kivy.uix.carousel import Carousel
    from kivy.uix.floatlayout import FloatLayout
    from kivy.uix.image import Image
    from kivy.uix.label import Label
    from kivy.uix.screenmanager import Screen, ScreenManager

    window = c.open_window()
    photos = sorted((c.ROOT / "media" / "photos").glob("*.jpg"))[:3]
    manager = ScreenManager()
    screen = Screen(name="gallery")
    with screen.canvas.before:
        Color(0.085, 0.078, 0.072, 1)
        Rectangle(pos=screen.pos, size=window.size)
    page = FloatLayout()
    carousel = Carousel(size_hint=(0.5, 0.8), pos_hint={"x": 0, "y": 0.1})
    for photo in photos:
        carousel.add_widget(Image(source=str(photo)))
    page.add_widget(carousel)
    caption = Label(text="A memorial evening, archive photograph\nCandles and carnations laid at the stone",
                    size_hint=(0.5, 0.8), pos_hint={"x": 0.5, "y": 0.1})
    with caption.canvas.before:
        Color(0.16, 0.15, 0.14, 1)
        card = Rectangle()
    caption.bind(pos=lambda w, p: setattr(card, "pos", p), size=lambda w, s: setattr(card, "size", s))
    page.add_widget(caption)
    for y, labels in ((0.9, ("Back", "Home", "Photo exhibition", "Language")), (0.0, ("Previous", "1 / 12", "Next"))):
        bar = BoxLayout(size_hint=(1, 0.1), pos_hint={"x": 0, "y": y})
        for text in labels:
            bar.add_widget(Button(text=text))
        page.add_widget(bar)
    screen.add_widget(page)
    manager.add_widget(screen)
    window.add_widget(manager)
    base = c.Frames(finish=True)
    base.frames(10)
    kivy_gallery = count_fills()
    kivy_ms = draw_ms(base, window)
    base.close()

    print("screen fills a frame draws (1.0 = the whole 1920x1080 window once), and its drawing time here:")
    for name, fills, ms in rows:
        print(f"  {name:22s} {fills.summary()}; {ms:.0f} ms a frame")
    print(f"  {'plain Kivy gallery':22s} {kivy_gallery.summary()}; {kivy_ms:.0f} ms a frame")
    print("  (the window's clear is one more fill for both; stencil masks cost about half a fill each here)")
    largest = ", ".join(f"{d.kind} {d.area / (1920 * 1080):.2f}" for d in gallery.largest(4))
    print(f"kiosk gallery, largest draws: {largest}")
    print("ratio = baseline / kiosk (above 1: the kiosk draws less)")
    print(f"goals: a gallery frame <= {GOAL} fills {'met' if gallery.total <= GOAL else 'MISSED'}; "
          f"nothing opaque under opaque ({gallery.hidden:.2f} fills covered) "
          f"{'met' if gallery.hidden < 0.05 else 'MISSED'}")
    print(c.result_line("gallery_frame_fills", gallery.total, "fills", kivy_gallery.total, f"<={GOAL}fills",
                        digits=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
