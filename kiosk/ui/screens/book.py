"""One book: cover, title, authors, year, publisher, ISBN, languages, description, sample
pages, and a QR code that takes the book's link to the visitor's phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.graphics.texture import Texture
from kivy.properties import NumericProperty, StringProperty

from ...content.models import Book, CatalogueSection
from ...media.qr import qr_image, qr_size_px
from .. import navigation as to
from ..background import off_thread
from ..i18n import join_list, language_name
from ..kvload import load_kv
from ..widgets.text import KLabel  # noqa: F401 - in book.kv
from ..widgets.tile import Picture, Tile  # noqa: F401 - Picture: in book.kv
from ..widgets.topbar import TopBar  # noqa: F401 - in book.kv
from .base import KioskScreen, mirror


class BookScreen(KioskScreen):
    screen_name = "book"

    section_id = StringProperty("")
    qr_px = NumericProperty(200)

    def __init__(self, context, **kwargs: Any) -> None:
        load_kv(__file__)
        super().__init__(context, **kwargs)
        self.qr_px = qr_size_px(max(context.metrics.width, context.metrics.height))
        self.book: Book | None = None
        self.page_files: list[Path | None] = []
        self.page_tiles: list[Tile] = []
        self.wire_bar(self.ids.bar)
        self.qr_dwell = context.analytics.dwell("qr")  # how long the QR code is on screen

    def show(self, where: to.Destination) -> None:
        if not isinstance(where, to.Book):
            return
        found = self.context.exhibition.section(where.section_id)
        if not isinstance(found, CatalogueSection):
            return
        chosen = next((b for b in found.books if b.id == where.book_id), found.books[0])
        self.section_id = found.id
        self.context.analytics.once("book", found.id, chosen.id)
        if chosen.link:
            self.qr_dwell.show(found.id, chosen.id)
        if chosen is not self.book:
            self.book = chosen
            self._load(chosen)
        self.refresh()

    def _load(self, book: Book) -> None:
        ids = self.ids
        ids.cover.texture = None
        cover = self.context.assets.cover(book)
        if cover is not None:
            self.context.textures.request(cover, "screen",
                                          lambda t, _r, b=book: setattr(ids.cover, "texture", t)
                                          if b is self.book else None)
        ids.qr.texture = None
        if book.link:
            size = int(self.qr_px)
            off_thread(lambda: qr_image(book.link, size).tobytes(),
                       lambda pixels, _err, b=book: self._show_qr(b, pixels, size), name="kiosk-qr")
        ids.pages.clear_widgets()
        self.page_tiles, self.page_files = [], []
        off_thread(lambda: self.context.assets.pages(book),
                   lambda files, _err, b=book: self._show_pages(b, files or []), name="kiosk-pages")

    def _show_qr(self, book: Book, pixels: bytes | None, size: int) -> None:
        if pixels is None or book is not self.book:
            return
        texture = Texture.create(size=(size, size), colorfmt="rgb")
        texture.blit_buffer(pixels, colorfmt="rgb", bufferfmt="ubyte")
        texture.flip_vertical()
        texture.mag_filter = "nearest"  # crisp modules: a blurred edge can defeat a phone's reader
        self.ids.qr.texture = texture

    def _show_pages(self, book: Book, files: list[Path | None]) -> None:
        if book is not self.book:
            return
        self.page_files = files
        strip = self.ids.pages
        for index, path in enumerate(files):
            tile = Tile(unit=self.unit * 0.6, size_hint_x=None, width=170 * self.unit, **self.style())
            tile.title = str(index + 1)
            tile.bind(on_release=lambda _t, i=index: self.navigate(to.Pages(self.section_id, book.id, index=i)))
            tile.load(self.context.textures, path, "thumb")
            self.page_tiles.append(tile)
        ordered = list(reversed(self.page_tiles)) if self.rtl else self.page_tiles
        for tile in ordered:
            strip.add_widget(tile)
        self.refresh()

    def on_leave(self, *_args: Any) -> None:
        self.qr_dwell.stop()

    def refresh(self) -> None:
        book = self.book
        if book is None:
            return
        ids = self.ids
        catalogue = self.context.exhibition.section(self.section_id)
        ids.bar.title = self.tx(catalogue.title) if catalogue else ""
        ids.title.raw = self.tx(book.title)
        ids.authors.raw = join_list(book.authors, self.language)
        facts = []
        published = join_list([str(x) for x in (book.publisher, book.year) if x], self.language)
        if published:
            facts.append(f"{self.t('published')}: {published}")
        if book.isbn:
            facts.append(f"{self.t('isbn')}: {book.isbn}")
        if book.languages:
            facts.append(f"{self.t('book_languages')}: {join_list(map(language_name, book.languages), self.language)}")
        ids.facts.raw = "\n".join(facts)
        ids.description.raw = self.tx(book.description)
        ids.pages_heading.raw = self.t("sample_pages") if self.page_files else ""
        ids.scan.raw = self.t("scan_link") if book.link else ""
        ids.link.raw = book.link or ""
        ids.link_box.opacity = 1 if book.link else 0
        if not self.portrait:
            mirror(ids.columns, [ids.cover, ids.middle, ids.link_box], self.rtl)
