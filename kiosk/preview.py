"""``kiosk preview``: every screen rendered headlessly to PNG, plus a contact sheet.

Runs the real app in an offscreen window and walks it through its screens the way a
visitor would, with a stepped clock, saving each screen as it is drawn.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable
from pathlib import Path

from .content.loader import LoadResult
from .kivy_config import configure_kivy
from .lockdown import kiosk_home
from .runner import NothingToShow, load_for_kiosk

log = logging.getLogger(__name__)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "x"


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Previewer:
    """Drives the app through its screens and saves each one."""

    def __init__(self, loaded: LoadResult, out: Path, language: str | None,
                 large_text: bool = False, high_contrast: bool = False) -> None:
        from kivy.base import EventLoop
        from kivy.input import kivy_postproc_modules

        from .app import KioskApp
        from .lockdown import PinStore
        from .media.renditions import RenditionCache
        from .ui.textures import TextureCache

        self.loop = EventLoop
        EventLoop.ensure_window()
        for module in kivy_postproc_modules.values():
            EventLoop.add_postproc_module(module)
        self.clock = _Clock()
        self.out = out
        self.saved: list[tuple[Path, str]] = []
        self.app = KioskApp(loaded, clock=self.clock, wall_clock=dt.datetime.now,
                            textures=TextureCache(RenditionCache()), pin_store=PinStore(out / ".preview-pin.json"))
        self.app._run_prepare()
        self.language = language or loaded.exhibition.default_language  # type: ignore[union-attr]
        self.reading = (large_text, high_contrast)

    def settle(self, seconds: float = 0.5) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.loop.idle()
        deadline = time.monotonic() + 15
        while self.app.textures.pending and time.monotonic() < deadline:
            self.loop.idle()
        for _ in range(3):
            self.loop.idle()

    def save(self, name: str, label: str) -> None:
        self.settle(0.05)
        path = self.out / f"{len(self.saved) + 1:02d}-{name}.png"
        self.app.root.export_to_png(str(path))
        self.saved.append((path, label))
        log.info("saved %s", path.name)

    def run(self) -> list[tuple[Path, str]]:
        app = self.app
        ex = app.exhibition
        self.settle(1.3)
        self.step(app.tick)
        self.save("attract", "attract loop")
        app.open("home")
        app.set_language(self.language)
        if any(self.reading):
            app.set_reading(*self.reading)
        self.settle(0.6)
        self.save("home", "home")
        for section in ex.sections:
            if section.kind == "gallery":
                self.gallery(section)
            elif section.kind == "clips":
                self.clips(section)
            elif section.kind == "catalogue":
                self.catalogue(section)
        app.open("home")
        self.settle(0.4)
        app.open_language_chooser()
        self.settle(0.3)
        self.save("language", "language chooser")
        app.close_overlay()
        gallery = next((s for s in ex.sections if s.kind == "gallery"), None)
        if gallery is not None:
            app.open("section", section=gallery.id, index=0)
            self.settle(0.4)
        self.clock.now += ex.idle.timeout + 2
        app.tick()
        self.settle(0.3)
        self.save("idle-countdown", "still there?")
        app.close_overlay()
        app.idle.touch(self.clock.now)
        app.open_pin_pad()
        self.settle(0.3)
        self.save("pin-pad", "technician PIN")
        app.close_overlay()
        return self.saved

    def step(self, fn: Callable[[], None]) -> None:
        fn()
        self.settle(0.1)

    def _text(self, text) -> str:
        return self.app.exhibition.text(text, self.language)

    def wait(self, condition: Callable[[], bool], seconds: float = 10.0) -> None:
        end = time.monotonic() + seconds
        while not condition() and time.monotonic() < end:
            self.loop.idle()

    def clips(self, section) -> None:
        app = self.app
        app.open("section", section=section.id)
        self.settle(1.5)
        self.save(f"{section.id}", f"{self._text(section.title)}")
        for clip in section.clips:
            app.open("player", section=section.id, clip=clip.id)
            player = app.screens["player"]
            video = player.ids.video
            self.wait(lambda: video.texture is not None or player.failed)
            at = min(12.0, max(0.0, (video.duration or 20) * 0.4))
            video.seek(at)
            self.wait(lambda: video.position >= at or player.failed, 5)
            self.settle(0.6)
            player.update()
            self.save(f"{section.id}-{clip.id}-player", f"{self._text(clip.title)} (playing)")
            video.set_playing(False)
            self.settle(0.2)
            self.save(f"{section.id}-{clip.id}-paused", f"{self._text(clip.title)} (paused, controls)")
            app.open("back")
            self.settle(0.3)

    def catalogue(self, section) -> None:
        app = self.app
        app.open("section", section=section.id)
        self.settle(0.8)
        self.save(f"{section.id}", self._text(section.title))
        for book in section.books:
            app.open("book", section=section.id, book=book.id)
            screen = app.screens["book"]
            self.wait(lambda: screen.page_files or not (book.pages or book.pdf), 20)
            self.settle(0.6)
            self.save(f"{section.id}-{book.id}", self._text(book.title))
            if screen.page_files:
                app.open("pages", section=section.id, book=book.id, index=0)
                pages = app.screens["pages"]
                self.wait(lambda: pages.ids.strip.current.texture is not None, 20)
                self.settle(0.4)
                self.save(f"{section.id}-{book.id}-pages", f"{self._text(book.title)} (sample pages)")
            app.open("home")
            app.open("section", section=section.id)
            self.settle(0.3)

    def gallery(self, section) -> None:
        app = self.app
        for index, panel in enumerate(section.panels):
            app.open("section", section=section.id, index=index)
            screen = app.screens["gallery"]
            self.settle(0.5)
            base = f"{section.id}-{panel.id}-{slug(panel.title.get('en', self.language))}"
            label = f"{panel.id} {self._text(panel.title)}"
            if screen.note_shown:
                self.save(f"{base}-note", f"{label} (content note)")
                screen.accept_note()
                self.settle(0.2)
            screen.overlay_shown = True
            self.save(base, label)
            screen.overlay_shown = False
            self.save(f"{base}-photo-only", f"{label} (text hidden)")
            photo = screen.ids.strip.current
            photo.zoom_to(2.5, photo.center)
            screen._on_zoom(screen.ids.strip, photo, 2.5)
            self.settle(0.5)
            self.save(f"{base}-zoomed", f"{label} (zoomed)")
            photo.reset()
            screen.overlay_shown = True
        app.open("overview", section=section.id)
        self.settle(0.8)
        self.save(f"{section.id}-overview", "all panels")


def contact_sheet(saved: list[tuple[Path, str]], out: Path, columns: int = 6) -> Path:
    """One image of every saved screen, labelled, for a quick look."""
    from PIL import Image, ImageDraw, ImageFont

    thumb_w = 480
    images = [Image.open(p).convert("RGB") for p, _ in saved]
    ratio = images[0].height / images[0].width if images else 0.5625
    thumb_h = int(thumb_w * ratio)
    label_h = 28
    rows = (len(images) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * (thumb_w + 12) + 12, rows * (thumb_h + label_h + 12) + 12), (30, 30, 32))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=16)
    for i, (image, (path, _label)) in enumerate(zip(images, saved)):
        x = 12 + (i % columns) * (thumb_w + 12)
        y = 12 + (i // columns) * (thumb_h + label_h + 12)
        image.thumbnail((thumb_w, thumb_h))
        sheet.paste(image, (x, y))
        draw.text((x, y + thumb_h + 4), path.stem[:60], fill=(230, 230, 230), font=font)
    target = out / "contact-sheet.png"
    sheet.save(target)
    return target


def run_preview(path: Path, out: Path, size: tuple[int, int], language: str | None,
                large_text: bool = False, high_contrast: bool = False) -> int:
    from .cli import UserError

    try:
        loaded, _current, _why = load_for_kiosk(path)
    except NothingToShow as exc:
        raise UserError(f"the exhibition cannot be shown:\n{exc}") from None
    if language and language not in loaded.exhibition.languages:  # type: ignore[union-attr]
        raise UserError(f"'{language}' is not one of the exhibition's languages "
                        f"({', '.join(loaded.exhibition.languages)})")  # type: ignore[union-attr]
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    configure_kivy(kiosk_home(), windowed=True, size=size, headless=True)
    previewer = Previewer(loaded, out, language, large_text, high_contrast)
    saved = previewer.run()
    previewer.app.dispatch("on_stop")
    sheet = contact_sheet(saved, out)
    print(f"saved {len(saved)} screens and {sheet.name} in {out}")
    return 0
