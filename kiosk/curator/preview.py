"""``kiosk preview``: every screen rendered headlessly to PNG, plus a contact sheet.

Runs the real app in an offscreen window and walks it through its screens the way a
visitor would, with a stepped clock, saving each screen as it is drawn.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from pathlib import Path

from ..content.loader import LoadResult
from ..shell.kivy_config import configure_kivy
from ..common.places import kiosk_home
from ..shell.runner import NothingToShow, load_for_kiosk

log = logging.getLogger(__name__)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "x"


SAMPLE_WORDS = {"az": "əbədi xatirə", "en": "we remember them", "ar": "لن ننساكم", "ru": "вечная память"}
"""What the preview types in the book, in the visitor's script (others: English)."""


class Previewer:
    """Drives the app through its screens and saves each one."""

    def __init__(self, loaded: LoadResult, out: Path, language: str | None,
                 large_text: bool = False, high_contrast: bool = False, at: dt.datetime | None = None,
                 size: tuple[int, int] = (1920, 1080)) -> None:
        from ..technician.pin import PinStore
        from ..media.renditions import RenditionCache
        from ..shell.harness import Harness
        from ..ui.textures import TextureCache

        self.out = out
        self.saved: list[tuple[Path, str]] = []
        # the wall clock stands still at one moment, so every run renders the same screens
        self.at = at or dt.datetime.now().replace(second=0, microsecond=0)
        self.wall = self.at
        self.harness = Harness.start(loaded, size=size, wall_clock=lambda: self.wall,
                                     textures=TextureCache(RenditionCache()),
                                     pin_store=PinStore(out / ".preview-pin.json"), draws=False,
                                     book=out / ".preview-book.sqlite3")  # a throwaway book: nothing is sent
        self.app = self.harness.app
        self.clock = self.harness.clock
        self.settle = self.harness.settle
        self.language = language or loaded.exhibition.default_language  # type: ignore[union-attr]
        self.reading = (large_text, high_contrast)

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
        self.attract()
        app.open("home")
        app.set_language(self.language)
        if any(self.reading):
            app.set_reading(*self.reading)
        self.settle(0.6)
        self.save("home", "home")
        walks = {"gallery": self.gallery, "clips": self.clips, "catalogue": self.catalogue, "names": self.names,
                 "book-of-remembrance": self.book}
        for section in ex.sections:
            walk = walks.get(section.kind)
            if walk is not None:  # a visitor's way through the kind's screens
                walk(section)
            else:  # a kind with no walk here yet: its screen as it opens
                app.open("section", section=section.id)
                self.settle(0.4)
                self.save(slug(section.id), section.kind)
        app.open("home")
        self.settle(0.4)
        app.open_language_chooser()
        self.settle(0.3)
        self.save("language", "language chooser")
        app.close_overlay()
        app.open_access_chooser()
        self.settle(0.3)
        self.save("reading-modes", "reading modes (large text, high contrast)")
        app.close_overlay()
        gallery = next((s for s in ex.sections if s.KIND.attract == "photo"), None)
        if gallery is not None:
            app.open("section", section=gallery.id, index=0)
            self.settle(0.4)
        self.clock.now += ex.idle.timeout + 2
        app.tick()
        self.settle(0.3)
        self.save("idle-countdown", "still there?")
        app.close_overlay()
        app.idle.touch(self.clock.now)
        app.open_pin_pad()  # the preview's own PIN store holds no PIN: the notice a new kiosk shows
        self.settle(0.3)
        self.save("setup-needed", "technician set-up needed (no PIN set)")
        app.close_overlay()
        from ..technician.pin import random_pin

        app.pins.store.set(random_pin())  # a throwaway PIN, so the pad itself can be shown
        try:
            app.open_pin_pad()
            self.settle(0.3)
            self.save("pin-pad", "technician PIN")
        finally:
            app.pins.store.path.unlink(missing_ok=True)
        app.close_overlay()
        self.still_times()
        return self.saved

    def attract(self) -> None:
        """The attract loop as a visitor reading the chosen language meets it."""
        from ..ui.screens.attract import CALL_SECONDS, FADE_SECONDS

        # the loop cycles its call through every language by the clock: step the clock to
        # the moment it shows this one
        languages = self.app.exhibition.languages
        period = CALL_SECONDS * len(languages)
        self.clock.now += period - self.clock.now % period + languages.index(self.language) * CALL_SECONDS + 0.5
        self.app.tick()
        self.settle(0.1)  # the step's photo arrives
        self.settle(FADE_SECONDS + 0.3)  # and has dissolved in: the loop at rest
        self.save("attract", "attract loop")

    def still_times(self) -> None:
        """Quiet hours and the first minute of silence, at moments the exhibition plans them."""
        from ..content.schedule import quiet_at

        app = self.app
        ex = app.exhibition
        app.go_attract()
        for quiet in ex.quiet:
            moment = _first_quiet_moment(ex, quiet, self.at, quiet_at)
            if moment is not None:
                self.wall = moment
                app.tick()
                self.settle(0.4)
                self.save("quiet-hours", f"quiet hours ({moment:%Y-%m-%d %H:%M})")
                break
        for silence in ex.silence[:1]:
            self.wall = silence.at + dt.timedelta(seconds=min(5.0, silence.duration / 2))
            app.tick()
            self.settle(0.4)
            self.save("silence", f"minute of silence ({silence.at:%Y-%m-%d %H:%M})")
        self.wall = self.at
        app.tick()
        self.settle(0.1)

    def step(self, fn: Callable[[], None]) -> None:
        fn()
        self.settle(0.1)

    def _text(self, text) -> str:
        return self.app.exhibition.text(text, self.language)

    def wait(self, condition: Callable[[], bool], seconds: float = 10.0) -> None:
        """Frames until ``condition()`` or ``seconds`` (then the screen is saved as it is)."""
        self.harness.wait_until(condition, seconds)

    def clips(self, section) -> None:
        app = self.app
        app.open("section", section=section.id)
        self.settle(1.5)
        self.save(f"{section.id}", f"{self._text(section.title)}")
        for clip in section.clips:
            self.clock.now += 5  # more than the player's guard against a second clip tapped at once
            app.open("player", section=section.id, clip=clip.id)
            player = app.screens["player"]
            video = player.ids.video
            self.wait(lambda: video.texture is not None or player.failed)
            at = min(12.0, max(0.0, (video.duration or 20) * 0.4))
            video.seek(at)  # the position says ``at`` at once; a picture from there comes after
            self.wait(lambda: video.position > at + 0.1 or player.failed, 5)
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
        self.filters(section)
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

    def names(self, section) -> None:
        """The register: its keyboard, a search typed a letter at a time, a person's page."""
        app = self.app
        app.open("section", section=section.id)
        screen = app.screens["names"]
        self.wait(lambda: screen.built is not None, 60)
        self.settle(0.4)
        self.save(f"{section.id}", self._text(section.title))
        records = screen.built.index.records if screen.built is not None else []
        if not records:
            return
        # the first letters of a name as the visitor would type them, in the visitor's script
        name = next((text for code, text in records[0].names if code == self.language), records[0].names[0][1])
        for letter in name.split()[0][:4]:
            screen.type(letter)
        self.settle(0.4)
        self.save(f"{section.id}-search", f"{self._text(section.title)} (a search)")
        if screen.found is not None and len(screen.found):
            screen.open_person(int(screen.found.ids[0]))
            self.settle(0.6)
            if screen.note_shown:
                self.save(f"{section.id}-person-note", f"{self._text(section.title)} (content note)")
                screen.accept_note()
                self.settle(0.3)
            self.save(f"{section.id}-person", f"{self._text(section.title)} (a person)")
        screen.close_person()
        screen.clear()

    def book(self, section) -> None:
        """The book of remembrance: its empty page, a few words typed, the page before sending."""
        app = self.app
        app.open("section", section=section.id)
        screen = app.screens["remembrance"]
        self.settle(0.4)
        self.save(f"{section.id}", self._text(section.title))
        for letter in SAMPLE_WORDS.get(self.language, SAMPLE_WORDS["en"]):
            screen.type(letter)
        self.settle(0.4)
        self.save(f"{section.id}-writing", f"{self._text(section.title)} (writing)")
        screen.look()
        self.settle(0.4)
        self.save(f"{section.id}-page", f"{self._text(section.title)} (the page before sending)")
        screen.discard()  # never sent: the preview's book stays empty

    def filters(self, section) -> None:
        """A topic, a language, and a choice of both that leaves nothing."""
        from ..ui.screens.catalogue import matching

        screen = self.app.screens["catalogue"]
        topics = sorted({t for b in section.books for t in b.topics})
        languages = list(dict.fromkeys(c for b in section.books for c in b.languages))
        if topics:
            screen.choose("topic", topics[0])
            self.settle(0.4)
            self.save(f"{section.id}-topic-{slug(topics[0])}", f"{self._text(section.title)} ({topics[0]})")
        if languages:
            screen.clear_filters()
            screen.choose("language", languages[-1])
            self.settle(0.4)
            self.save(f"{section.id}-language-{languages[-1]}", f"{self._text(section.title)} ({languages[-1]})")
        empty = next(((t, c) for t in topics for c in languages if not matching(section.books, t, c)), None)
        if empty is not None:
            screen.choose("topic", empty[0])
            screen.choose("language", empty[1])
            self.settle(0.4)
            self.save(f"{section.id}-no-match", f"{self._text(section.title)} (nothing matches)")
        screen.clear_filters()
        self.settle(0.2)

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
        # what a visitor sees where a photo is broken or missing: the neutral placeholder
        app.open("section", section=section.id, index=0)
        screen = app.screens["gallery"]
        self.settle(0.4)
        if screen.note_shown:
            screen.accept_note()
        screen.ids.strip.current.texture = None
        self.settle(0.1)
        self.save(f"{section.id}-broken-photo", "a panel whose photo cannot be shown")
        screen.ids.strip._fill()


def _first_quiet_moment(exhibition, quiet, start: dt.datetime, quiet_at) -> dt.datetime | None:
    """The first moment from ``start`` (within a year, by the hour) when ``quiet`` is on."""
    moment = start.replace(minute=30, second=0, microsecond=0)
    for _ in range(24 * 366):
        if quiet_at(exhibition, moment) is quiet:
            return moment
        moment += dt.timedelta(hours=1)
    return None


SHEET_COLUMNS, SHEET_ROWS = 6, 8
"""Screens on one contact sheet: a 500-panel exhibition makes many sheets, never one huge image."""


def contact_sheet(saved: list[tuple[Path, str]], out: Path, columns: int = SHEET_COLUMNS,
                  rows: int = SHEET_ROWS) -> list[Path]:
    """Sheets of every saved screen, labelled, for a quick look: ``contact-sheet.png``, then
    ``contact-sheet-2.png`` ... Each screen is read, shrunk and let go before the next, so
    memory stays that of one sheet and one screen however many screens there are."""
    from PIL import Image, ImageDraw, ImageFont

    thumb_w, label_h, gap = 480, 28, 12
    with Image.open(saved[0][0]) as first:
        thumb_h = int(thumb_w * first.height / first.width)
    font = ImageFont.load_default(size=16)
    per_sheet = columns * rows
    sheets = []
    for page, start in enumerate(range(0, len(saved), per_sheet), 1):
        chunk = saved[start:start + per_sheet]
        lines = (len(chunk) + columns - 1) // columns
        sheet = Image.new("RGB", (columns * (thumb_w + gap) + gap, lines * (thumb_h + label_h + gap) + gap),
                          (30, 30, 32))
        draw = ImageDraw.Draw(sheet)
        for i, (path, _label) in enumerate(chunk):
            x = gap + (i % columns) * (thumb_w + gap)
            y = gap + (i // columns) * (thumb_h + label_h + gap)
            with Image.open(path) as image:
                image.draft("RGB", (thumb_w, thumb_h))
                thumb = image.convert("RGB")
                thumb.thumbnail((thumb_w, thumb_h))
            sheet.paste(thumb, (x, y))
            draw.text((x, y + thumb_h + 4), path.stem[:60], fill=(230, 230, 230), font=font)
        target = out / ("contact-sheet.png" if page == 1 else f"contact-sheet-{page}.png")
        sheet.save(target)
        sheets.append(target)
    return sheets


def run_preview(path: Path, out: Path, size: tuple[int, int], language: str | None,
                large_text: bool = False, high_contrast: bool = False, at: dt.datetime | None = None) -> int:
    from ..common.user_error import UserError

    try:
        loaded, _current, _why = load_for_kiosk(path)
    except NothingToShow as exc:
        raise UserError(f"the exhibition cannot be shown:\n{exc}") from None
    if language and language not in loaded.exhibition.languages:  # type: ignore[union-attr]
        raise UserError(f"'{language}' is not one of the exhibition's languages "
                        f"({', '.join(loaded.exhibition.languages)})")  # type: ignore[union-attr]
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):  # screens and contact sheets of an earlier run
        old.unlink()
    configure_kivy(kiosk_home(), windowed=True, size=size, headless=True)
    previewer = Previewer(loaded, out, language, large_text, high_contrast, at=at, size=size)
    saved = previewer.run()
    previewer.harness.stop()
    for part in ("", "-wal", "-shm"):
        (out / f".preview-book.sqlite3{part}").unlink(missing_ok=True)
    sheets = contact_sheet(saved, out)
    print(f"saved {len(saved)} screens and {', '.join(s.name for s in sheets)} in {out} "
          f"(wall clock {previewer.at:%Y-%m-%d %H:%M})")
    return 0
