"""Data down, typed events up: a reading-mode change restyles the screens where they are,
navigation is typed, and the top bar speaks its screen's language by itself."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kiosk.ui import navigation as to
from kiosk.ui import theme

from .drawn import colour_box, framebuffer, near

ROOT = Path(__file__).resolve().parents[2]


def rgb(colour: tuple[float, ...]) -> tuple[int, int, int]:
    return tuple(round(c * 255) for c in colour[:3])  # type: ignore[return-value]


def drawn_in(image, widget):
    """What the window drew inside ``widget``'s box (window coordinates, from the bottom)."""
    x, y = widget.to_window(widget.x, widget.y)
    height = image.height
    return image.crop((int(x), int(height - y - widget.height), int(x + widget.width), int(height - y)))


def ground_of(image, widget) -> tuple[int, int, int]:
    """The colour most of ``widget``'s box is drawn in (what its words stand on)."""
    return Counter(drawn_in(image, widget).get_flattened_data()).most_common(1)[0][0]


def words_height(image, widget, colour: tuple[int, int, int]) -> int:
    """How tall the words of ``widget`` are drawn: the rows holding their colour."""
    box = colour_box(drawn_in(image, widget), colour, tolerance=40)
    assert box is not None, f"no words drawn in {colour} in {widget}"
    return box[3] - box[1]


def open_gallery(kiosk, index: int):
    kiosk.tap(960, 540)  # attract -> home
    kiosk.settle(0.4)
    kiosk.press(kiosk.screen().tiles[0])
    kiosk.settle(0.4)
    kiosk.app.open(to.Section("photos", index=index))
    kiosk.settle(0.4)
    gallery = kiosk.screen()
    assert kiosk.current == "gallery" and gallery.index == index
    return gallery


def test_large_text_and_high_contrast_restyle_the_live_screens_and_back(start_kiosk, demo_loaded):
    kiosk = start_kiosk(demo_loaded)
    app = kiosk.app
    gallery = open_gallery(kiosk, 4)
    app.open(to.Overview("photos", 4))  # a second screen, made and left behind
    kiosk.settle(0.4)
    app.open(to.Back())
    kiosk.settle(0.4)
    screens, history = dict(app.screens), list(app.history)
    parts = (gallery.ids.bar, gallery.ids.panel_title, gallery.ids.strip.current)
    heading, caption_box = gallery.ids.bar.heading, gallery.ids.caption_box
    normal = theme.NORMAL
    before = framebuffer()
    assert near(ground_of(before, heading), rgb(normal.BACKGROUND), 3)
    assert near(ground_of(before, caption_box), rgb(normal.SURFACE), 3)
    words_before = words_height(before, heading, rgb(normal.TEXT))

    kiosk.press(gallery.ids.bar.access)  # the visitor's own touches: Aa, then both toggles
    kiosk.frames(2)
    chooser = app.overlay
    assert near(ground_of(framebuffer(), chooser.large), rgb(normal.SURFACE_HIGH), 3)  # off
    kiosk.press(chooser.large)
    kiosk.press(chooser.contrast)
    kiosk.settle(0.3)
    assert app.overlay is chooser, "the chooser stays open, restyled"
    shown = framebuffer()  # both toggles drawn on, in the new palette
    assert near(ground_of(shown, chooser.large), rgb(theme.HIGH_CONTRAST.SELECTED), 3)
    assert near(ground_of(shown, chooser.contrast), rgb(theme.HIGH_CONTRAST.SELECTED), 3)
    app.close_overlay()
    kiosk.settle(0.3)

    # the same screens and widgets, the visitor where they were
    assert app.screens == screens and all(app.screens[name] is screen for name, screen in screens.items())
    assert (gallery.ids.bar, gallery.ids.panel_title, gallery.ids.strip.current) == parts
    assert kiosk.current == "gallery" and gallery.index == 4 and app.history == history
    high = theme.HIGH_CONTRAST
    during = framebuffer()
    assert near(ground_of(during, heading), rgb(high.BACKGROUND), 3)
    assert near(ground_of(during, caption_box), rgb(high.SURFACE), 3)
    words_during = words_height(during, heading, rgb(high.TEXT))
    assert words_during / words_before == pytest.approx(theme.LARGE_TEXT_SCALE, abs=0.1)
    # the screen left behind is restyled too, and shows so when the visitor goes there
    overview = app.screens["overview"]
    assert overview.palette is high and overview.ids.bar.heading.font_size == pytest.approx(
        gallery.ids.bar.heading.font_size)

    app.set_reading(large=False, contrast=False)
    kiosk.settle(0.3)
    after = framebuffer()
    assert near(ground_of(after, heading), rgb(normal.BACKGROUND), 3)
    assert near(ground_of(after, caption_box), rgb(normal.SURFACE), 3)
    assert abs(words_height(after, heading, rgb(normal.TEXT)) - words_before) <= 1
    assert all(app.screens[name] is screen for name, screen in screens.items()) and gallery.index == 4


def tile_ground(image, tile) -> tuple[int, int, int]:
    """A tile's own surface, beside its picture (inside its padding)."""
    x, y = tile.to_window(tile.x, tile.y)
    return image.getpixel((int(x + 4), int(image.height - y - tile.height / 2)))


def test_widgets_made_later_and_books_a_filter_hid_take_the_reading_mode(start_kiosk, demo_loaded):
    kiosk = start_kiosk(demo_loaded)
    app = kiosk.app
    app.open(to.Home())
    app.set_reading(large=False, contrast=True)  # before the catalogue is ever made
    app.open(to.Section("books"))
    kiosk.settle(0.4)
    catalogue = kiosk.screen()
    high, normal = theme.HIGH_CONTRAST, theme.NORMAL
    shown = [tile for tile in catalogue.tiles.values() if tile.parent is not None]
    assert shown and near(tile_ground(framebuffer(), shown[0]), rgb(high.SURFACE), 3)
    topic = next(value for kind, value in catalogue.chips if kind == "topic" and value is not None)
    catalogue.choose("topic", topic)
    kiosk.settle(0.3)
    hidden = [tile for tile in catalogue.tiles.values() if tile.parent is None]
    assert hidden, "the filter leaves some books out"
    app.set_reading(large=False, contrast=False)  # while they are out of the grid
    catalogue.clear_filters()
    kiosk.settle(0.3)
    image = framebuffer()
    scroll = catalogue.ids.scroll
    bottom = scroll.to_window(scroll.x, scroll.y)[1]
    on_screen = [tile for tile in hidden
                 if bottom <= tile.to_window(tile.x, tile.y)[1] + tile.height / 2 <= bottom + scroll.height]
    assert on_screen and all(near(tile_ground(image, tile), rgb(normal.SURFACE), 3) for tile in on_screen)


def test_the_top_bar_speaks_its_screens_language_by_itself(start_kiosk, demo_loaded):
    kiosk = start_kiosk(demo_loaded)
    app = kiosk.app
    open_gallery(kiosk, 0)
    app.open(to.Section("film"))
    kiosk.settle(0.3)
    for code in ("ru", "ar", demo_loaded.exhibition.default_language):
        app.set_language(code)
        kiosk.frames(1)
        for name in ("gallery", "clips", "home"):
            bar = app.screens[name].ids.bar
            said = (bar.home.raw, bar.back.raw, bar.language.raw)
            assert said == tuple(app.strings.get(key, code) for key in ("home", "back", "language")), (name, code)
            assert bar.rtl == (code == "ar")


def test_navigation_is_typed_and_back_retraces_the_visit(start_kiosk, demo_loaded):
    kiosk = start_kiosk(demo_loaded)
    app = kiosk.app
    gallery = open_gallery(kiosk, 2)
    with pytest.raises(TypeError):
        to.Section("photos", indx=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="navigation destination"):
        gallery.navigate("overview")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no destination called 'sektion'"):
        app.open("sektion", section="photos")
    with pytest.raises(TypeError, match="not indx"):
        app.open("section", section="photos", indx=3)
    kiosk.press(gallery.ids.grid)  # the gallery's own button: a typed destination from its .kv
    kiosk.settle(0.4)
    assert kiosk.current == "overview" and app.history[-1] == ("overview", to.Overview("photos", 2))
    kiosk.press(kiosk.screen().tiles[5])
    kiosk.settle(0.4)
    assert kiosk.current == "gallery" and gallery.index == 5
    assert [name for name, _ in app.history] == ["home", "gallery", "overview", "gallery"]
    app.open("back")  # a script's words for the same destination
    kiosk.settle(0.3)
    assert kiosk.current == "overview"
    app.open(to.Back())
    kiosk.settle(0.3)
    assert kiosk.current == "gallery" and gallery.index == 2, "back to the panel the visitor left from"
    app.open(to.Back())
    app.open(to.Back())  # nothing further back: home
    kiosk.settle(0.3)
    assert kiosk.current == "home"


def test_no_widget_asks_the_app_for_its_style_and_nothing_is_registered_by_hand():
    sources = [*(ROOT / "kiosk" / "ui").rglob("*.py"), *(ROOT / "kiosk" / "ui").rglob("*.kv")]
    assert sources
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert "get_running_app" not in text, path
        assert "Factory.register" not in text, path  # Kivy registers every widget class itself
