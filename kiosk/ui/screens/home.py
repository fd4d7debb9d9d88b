"""The home screen: the exhibition's title and its sections as large tiles."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, NumericProperty

from .. import navigation as to
from ..kvload import load_kv
from ..widgets.text import KLabel  # noqa: F401 - in home.kv
from ..widgets.tile import Picture, Tile  # noqa: F401 - Picture: in home.kv
from ..widgets.topbar import TopBar  # noqa: F401 - in home.kv
from .base import KioskScreen, mirror


class HomeScreen(KioskScreen):
    screen_name = "home"

    tile_count = NumericProperty(1)
    has_emblem = BooleanProperty(False)
    tile_rows = NumericProperty(1)

    def __init__(self, context, **kwargs: Any) -> None:
        load_kv(__file__)
        super().__init__(context, **kwargs)
        self.wire_bar(self.ids.bar)
        self.tiles: list[Tile] = []
        for section in context.exhibition.sections:
            tile = Tile(unit=self.unit)
            tile.bind(on_release=lambda _t, sid=section.id: self.navigate(to.Section(sid)))
            tile.load(context.textures, context.assets.tile(section), "screen")
            self.tiles.append(tile)
            self.ids.tiles.add_widget(tile)
        self.tile_count = len(self.tiles)
        columns = 2 if self.portrait else max(1, min(4, self.tile_count))
        self.tile_rows = max(1, -(-self.tile_count // columns))
        emblem = context.assets.emblem()
        self.has_emblem = emblem is not None
        if emblem is not None:
            context.textures.request(emblem, "screen", lambda texture, _r: setattr(self.ids.emblem, "texture", texture))
        self.refresh()

    def refresh(self) -> None:
        ex = self.context.exhibition
        self.ids.title.raw = self.tx(ex.title)
        self.ids.subtitle.raw = self.tx(ex.subtitle)
        self.ids.intro.raw = self.tx(ex.intro)
        mirror(self.ids.header, [self.ids.emblem, self.ids.texts], self.rtl)
        grid = self.ids.tiles
        order = list(reversed(self.tiles)) if self.rtl and not self.portrait else self.tiles
        if list(reversed(grid.children)) != order:
            grid.clear_widgets()
            for tile in order:
                grid.add_widget(tile)
        for tile, section in zip(self.tiles, ex.sections):
            tile.rtl = self.rtl
            tile.title = self.tx(section.title)
            # a section without a picture shows a title card with its kind's icon
            tile.card, tile.card_icon = tile.title, section.KIND.icon
            detail = self.tx(section.description)
            # a register read from a spreadsheet is counted when its index is ready, not here
            counted = self.t(section.KIND.count, count=len(section.items)) if section.items else ""
            tile.detail = f"{detail}\n{counted}" if detail and counted else detail or counted
