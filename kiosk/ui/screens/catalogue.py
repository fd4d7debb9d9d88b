"""The book catalogue: a grid of covers with title and author, filtered by topic and language."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.widget import Widget

from ...content.models import Book, CatalogueSection
from .. import navigation as to
from ..i18n import join_list, language_name
from ..kvload import load_kv
from ..widgets.buttons import KButton
from ..widgets.card import Card  # noqa: F401 - in catalogue.kv, as are the others
from ..widgets.styled import Styled
from ..widgets.text import KLabel  # noqa: F401
from ..widgets.tile import Tile
from ..widgets.topbar import TopBar  # noqa: F401
from .base import KioskScreen, mirror


def matching(books: list[Book], topic: str | None, language: str | None) -> list[Book]:
    """The books that have ``topic`` and are written in ``language`` (None: any)."""
    return [b for b in books
            if (topic is None or topic in b.topics) and (language is None or language in b.languages)]


class CatalogueScreen(KioskScreen):
    screen_name = "catalogue"

    section_id = StringProperty("")
    empty = BooleanProperty(False)

    def __init__(self, context, **kwargs: Any) -> None:
        load_kv(__file__)
        super().__init__(context, **kwargs)
        self.topic: str | None = None
        self.book_language: str | None = None
        self.tiles: dict[str, Tile] = {}
        self.chips: dict[tuple[str, str | None], KButton] = {}
        # each chip row ends with a spacer, so a short row starts at the reading side
        self._row_ends = {"topic": Widget(size_hint_x=1), "language": Widget(size_hint_x=1)}
        self._reveal_chosen = Clock.create_trigger(self._reveal, 0)
        self.wire_bar(self.ids.bar)

    @property
    def section(self) -> CatalogueSection | None:
        found = self.context.exhibition.section(self.section_id)
        return found if isinstance(found, CatalogueSection) else None

    def show(self, where: to.Destination) -> None:
        if not isinstance(where, to.Section):
            return
        if where.section_id != self.section_id or not self.tiles:
            self.section_id = where.section_id
            self._build()
        self.refresh()

    def reset_visit(self) -> None:
        self.clear_filters()

    def _build(self) -> None:
        catalogue = self.section
        self.tiles.clear()
        self.chips.clear()
        self.ids.topics.clear_widgets()
        self.ids.languages.clear_widgets()
        if catalogue is None:
            return
        for book in catalogue.books:
            tile = Tile(unit=self.unit * 0.8, **self.style())
            tile.picture.fit = True  # a cover is shown whole, never cropped
            tile.bind(on_release=lambda _t, b=book: self.navigate(to.Book(self.section_id, b.id)))
            tile.load(self.context.textures, self.context.assets.cover(book), "thumb")
            self.tiles[book.id] = tile
        topics = sorted({t for b in catalogue.books for t in b.topics})
        languages = list(dict.fromkeys(code for b in catalogue.books for code in b.languages))
        chips: list[tuple[str, str | None]] = [("topic", None), *(("topic", t) for t in topics)]
        if languages:
            chips += [("language", None), *(("language", code) for code in languages)]
        for kind, value in chips:
            chip = KButton(kind="toggle", size_hint_x=None, font_size=28 * self.unit, padding=[28 * self.unit, 0],
                           fit_width=True, **self.style())
            chip.bind(on_release=lambda _c, k=kind, v=value: self.choose(k, v))
            self.chips[(kind, value)] = chip
            (self.ids.topics if kind == "topic" else self.ids.languages).add_widget(chip)

    def _reveal(self, _dt: float = 0) -> None:
        """Each row shows its start (the right in RTL) and always its chosen chip."""
        for scroll, kind, chosen in ((self.ids.topics_scroll, "topic", self.topic),
                                     (self.ids.languages_scroll, "language", self.book_language)):
            if scroll.children and scroll.children[0].width > scroll.width:
                scroll.scroll_x = 1 if self.rtl else 0
                scroll.update_from_scroll()  # scroll_to reads where the chips are now
                chip = self.chips.get((kind, chosen))
                if chip is not None:
                    scroll.scroll_to(chip, padding=24 * self.unit, animate=False)

    def choose(self, kind: str, value: str | None) -> None:
        self.context.analytics.record("filter", self.section_id, detail=f"{kind}:{value or 'all'}")
        if kind == "topic":
            self.topic = value
        else:
            self.book_language = value
        self.refresh()

    def clear_filters(self) -> None:
        self.topic = self.book_language = None
        self.refresh()

    def visible(self) -> list[Book]:
        catalogue = self.section
        return matching(catalogue.books, self.topic, self.book_language) if catalogue else []

    def styled_parts(self) -> list[Styled]:
        # the books a filter leaves out are out of the grid until it is cleared
        return [*super().styled_parts(), *self.tiles.values()]

    def refresh(self) -> None:
        catalogue = self.section
        if catalogue is None:
            return
        self.ids.bar.title = self.tx(catalogue.title)
        for (kind, value), chip in self.chips.items():
            if value is None:
                chip.raw = self.t("all_topics" if kind == "topic" else "all_languages")
            else:
                chip.raw = self.context.exhibition.topic(value, self.language) if kind == "topic" \
                    else language_name(value)
            chip.selected = (self.topic if kind == "topic" else self.book_language) == value
        for row, row_kind in ((self.ids.topics, "topic"), (self.ids.languages, "language")):
            mirror(row, [c for (k, _v), c in self.chips.items() if k == row_kind] + [self._row_ends[row_kind]],
                   self.rtl)
        self._reveal_chosen()
        grid = self.ids.grid
        grid.orientation = "rl-tb" if self.rtl else "lr-tb"
        books = self.visible()
        grid.clear_widgets()
        for book in books:
            tile = self.tiles[book.id]
            tile.rtl = self.rtl
            tile.title = self.tx(book.title)
            tile.detail = join_list(book.authors, self.language)
            grid.add_widget(tile)
        self.empty = not books
        self.ids.empty_text.raw = self.t("no_books_match")
        self.ids.show_all.raw = self.t("show_all")
