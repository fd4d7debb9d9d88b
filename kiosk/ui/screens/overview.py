"""All panels of a gallery as thumbnails: one touch jumps to any of them."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import NumericProperty, StringProperty

from ...content.models import GallerySection
from .. import navigation as to
from ..kvload import load_kv
from ..widgets.tile import Tile
from ..widgets.topbar import TopBar  # noqa: F401 - in overview.kv
from .base import KioskScreen


class OverviewScreen(KioskScreen):
    screen_name = "overview"

    section_id = StringProperty("")
    current = NumericProperty(-1)
    """The panel the visitor came from, marked and scrolled into view."""

    def __init__(self, context, **kwargs: Any) -> None:
        load_kv(__file__)
        super().__init__(context, **kwargs)
        self.tiles: list[Tile] = []
        bar = self.ids.bar
        self.wire_bar(bar)

    @property
    def section(self) -> GallerySection | None:
        found = self.context.exhibition.section(self.section_id)
        return found if isinstance(found, GallerySection) else None

    def show(self, where: to.Destination) -> None:
        if not isinstance(where, to.Overview):
            return
        if where.section_id != self.section_id or not self.tiles:
            self.section_id = where.section_id
            self._build()
        if where.index is not None:
            self.current = int(where.index)
        self.refresh()
        if 0 <= self.current < len(self.tiles):
            Clock.schedule_once(self._reveal_current, 0)

    def _reveal_current(self, _dt: float = 0) -> None:
        scroll, grid = self.ids.scroll, self.ids.grid
        if grid.height > scroll.height and 0 <= self.current < len(self.tiles):  # only a grid that scrolls
            scroll.scroll_to(self.tiles[self.current], animate=False)

    def _build(self) -> None:
        grid = self.ids.grid
        grid.clear_widgets()
        self.tiles = []
        gallery = self.section
        if gallery is None:
            return
        for index, panel in enumerate(gallery.panels):
            tile = Tile(unit=self.unit * 0.8, **self.style())
            tile.title_label.shorten = True  # one line each: every row's pictures the same height
            tile.bind(on_release=lambda _t, i=index: self.navigate(to.Section(self.section_id, index=i)))
            tile.load(self.context.textures, self.context.assets.photo(panel), "thumb")
            self.tiles.append(tile)
        for tile in self.tiles:
            grid.add_widget(tile)
        self.ids.scroll.scroll_y = 1

    def refresh(self) -> None:
        gallery = self.section
        if gallery is None:
            return
        self.ids.bar.title = f"{self.tx(gallery.title)} · {self.t('overview')}"
        grid = self.ids.grid
        grid.orientation = "rl-tb" if self.rtl else "lr-tb"
        for index, (tile, panel) in enumerate(zip(self.tiles, gallery.panels)):
            tile.rtl = self.rtl
            tile.title = self.tx(panel.title)
            tile.detail = ""
            tile.current = index == self.current  # where the visitor came from
            tile.veiled = self.t("content_note") if panel.note else ""
