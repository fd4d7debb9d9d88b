"""Benchmark: a reading-mode change on an open gallery panel, restyled in place against rebuilt.

A visitor who turns on large text and high contrast keeps their place: the kiosk hands the
new palette and text scale down as properties, and every widget on the screen restyles
itself where it is (``KioskApp.set_reading``, ``kiosk/ui/widgets/styled.py``).

Inputs: the bundled demo exhibition (config/exhibition.yaml) in the real ``KioskApp`` on
an offscreen 1920x1080 window, its gallery open at the fourth panel, settled, with every
photo it shows already in the texture cache.

The kiosk: ``set_reading(large, contrast)`` called, then frames until one is drawn
(``glFinish``); the time from the call to the end of that frame. ROUNDS changes, toggling
between normal and large text with high contrast.

The plain-Kivy way, same run, same window: a style is a widget's constructor arguments, so
a new style means a new screen: the gallery screen is thrown away and made again in the
new style at the same panel (what the kiosk did before issue 13), its photos still in the
cache; the time from the call to the end of the first frame drawn with the new screen's
photo on it.

Ends with one ``RESULT`` line: the median change, the kiosk's against the rebuild's.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

ROUNDS = 20
PANEL = 3
GOAL = ">=2x faster than the rebuild"


def main() -> int:
    tmp = c.setup_env("reading")
    c.configure_kivy()
    c.quiet_kiosk()
    from kiosk.ui import theme

    app, _clock, _loaded = c.start_kiosk(c.ROOT / "config" / "exhibition.yaml", None, tmp / "kiosk-home")
    frames = c.Frames(finish=True)

    def settle(seconds: float = 0.6) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end or app.textures.pending:
            frames.frame()

    app.open("section", section="photos", index=PANEL)
    settle(1.5)
    gallery = app.screens["gallery"]

    def photo_drawn() -> bool:
        screen = app.screens.get("gallery")
        return (screen is not None and screen.index == PANEL and screen.ids.strip.current.texture is not None
                and app.manager.current_screen is screen)

    def restyle(large: bool) -> float:
        start = time.perf_counter()
        app.set_reading(large, large)
        while True:
            end = frames.frame()
            if frames.drawn:
                return end - start

    def rebuild(large: bool) -> float:
        start = time.perf_counter()
        app.palette = theme.HIGH_CONTRAST if large else theme.NORMAL
        app.text_scale = theme.LARGE_TEXT_SCALE if large else 1.0
        old = app.screens.pop("gallery")
        app.manager.remove_widget(old)
        app.open("section", section="photos", index=PANEL)
        while True:
            end = frames.frame()
            if frames.drawn and photo_drawn():
                return end - start

    kiosk, plain = [], []
    for i in range(ROUNDS):
        large = i % 2 == 0
        kiosk.append(restyle(large))
        settle(0.2)
        assert app.screens["gallery"] is gallery and gallery.index == PANEL, "the restyle moved the visitor"
    app.set_reading(False, False)
    settle(0.3)
    for i in range(ROUNDS):
        large = i % 2 == 0
        plain.append(rebuild(large))
        settle(0.2)

    ours, base = c.median(kiosk) * 1000, c.median(plain) * 1000
    print(f"reading-mode change, median of {ROUNDS} (p95):")
    print(f"  kiosk, restyled in place:        {ours:6.1f} ms  ({c.p95(kiosk) * 1000:.1f} ms)")
    print(f"  plain Kivy, the screen rebuilt:  {base:6.1f} ms  ({c.p95(plain) * 1000:.1f} ms)")
    print(c.result_line("reading_mode_change", ours, "ms", base, GOAL))
    c.stop_kiosk(app)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
