"""A book's sample pages full screen: the photo exhibition's own strip (swipe, pinch, double tap)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...content.models import Book, CatalogueSection
from .. import navigation as to
from ..background import off_thread
from ..kvload import load_kv
from ..widgets.photo import PanelStrip, ZoomPhoto
from ..widgets.text import KLabel  # noqa: F401 - in pages.kv
from ..widgets.topbar import TopBar  # noqa: F401 - in pages.kv
from .base import KioskScreen
from .gallery import SHARP_SCALE


class PagesScreen(KioskScreen):
    screen_name = "pages"

    def __init__(self, context, **kwargs: Any) -> None:
        load_kv(__file__)
        super().__init__(context, **kwargs)
        self.book: Book | None = None
        self.section_id = ""
        self.files: list[Path | None] = []
        strip: PanelStrip = self.ids.strip
        strip.bind(index=lambda *_: self.refresh(), on_slot_needed=self._load_slot, on_zoom=self._on_zoom)
        self.wire_bar(self.ids.bar)

    def show(self, where: to.Destination) -> None:
        if not isinstance(where, to.Pages):
            return
        found = self.context.exhibition.section(where.section_id)
        if not isinstance(found, CatalogueSection):
            return
        chosen = next((b for b in found.books if b.id == where.book_id), None)
        if chosen is None:
            return
        index = where.index
        self.book, self.section_id = chosen, found.id
        strip: PanelStrip = self.ids.strip
        strip.rtl = self.rtl
        strip.count = 0
        off_thread(lambda: self.context.assets.pages(chosen),
                   lambda files, _err, b=chosen: self._pages(b, files or [], index), name="kiosk-pages")
        self.refresh()

    def _pages(self, book: Book, files: list[Path | None], index: int) -> None:
        if book is not self.book:
            return
        self.files = files
        strip: PanelStrip = self.ids.strip
        strip.slot_index = [-1, -1, -1]
        strip.count = len(files)
        strip.index = max(0, min(index, len(files) - 1))
        strip._fill()
        self.refresh()

    def _load_slot(self, strip: PanelStrip, photo: ZoomPhoto, index: int) -> None:
        path = self.files[index] if 0 <= index < len(self.files) else None
        if path is None:
            if self.book is not None:
                self.context.analytics.once("placeholder", self.section_id, self.book.id, "page")
            return

        def arrived(texture, _reason, photo=photo, index=index) -> None:
            slot = strip.slots.index(photo)
            if strip.slot_index[slot] == index:
                photo.texture = texture

        self.context.textures.request(path, "screen", arrived)

    def _on_zoom(self, strip: PanelStrip, photo: ZoomPhoto, scale: float) -> None:
        index = int(strip.index)
        path = self.files[index] if 0 <= index < len(self.files) else None
        if scale >= SHARP_SCALE and path is not None and photo.texture is not None:
            self.context.textures.request(
                path, "zoom", lambda t, _r: setattr(photo, "texture", t) if t is not None and strip.index == index
                else None)

    def on_leave(self, *_args: Any) -> None:
        for photo in self.ids.strip.slots:
            photo.reset()

    def refresh(self) -> None:
        if self.book is None:
            return
        self.ids.bar.title = self.tx(self.book.title)
        strip = self.ids.strip
        strip.rtl = self.rtl
        count = len(self.files)
        self.ids.position.raw = self.t("page_of", index=int(strip.index) + 1, count=count) if count else ""
        if count:
            self.context.analytics.once("page", self.section_id, self.book.id, str(int(strip.index) + 1))
