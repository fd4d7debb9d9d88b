"""Section kinds are declared once (``Kind`` on each section model); everything else is derived."""

from __future__ import annotations

from kiosk.content.checks import ITEMS
from kiosk.content.loader import load_exhibition
from kiosk.content.models import ITEM_MODELS, KINDS, SECTION_MODELS
from kiosk.content.modelwalk import curator_name
from kiosk.ui.i18n import Strings
from kiosk.ui.screens import SCREENS
from kiosk.ui.theme import ICONS

LANGUAGES = ("en", "az", "ar", "ru")


def test_every_kind_names_a_screen_an_icon_and_a_count_that_exist():
    strings = Strings()
    assert set(KINDS) == {"gallery", "clips", "catalogue", "names", "book-of-remembrance"}
    for name, kind in KINDS.items():
        assert kind.screen in SCREENS, f"{name}: no screen called {kind.screen!r}"
        assert SCREENS[kind.screen].screen_name == kind.screen
        assert kind.icon in ICONS, f"{name}: no icon called {kind.icon!r}"
        for language in LANGUAGES:
            counted = strings.get(kind.count, language, count=3)
            assert "3" in counted and counted != kind.count, (name, language, counted)


def test_the_curator_words_and_checks_come_from_the_declaration():
    for (name, kind), model in zip(KINDS.items(), SECTION_MODELS):
        assert curator_name(model) == f"{name} section"
        assert curator_name(ITEM_MODELS[name]) == kind.noun
        assert ITEMS[name][0] == kind.items
    assert {name: key for name, (_, key) in ITEMS.items()} == {
        "gallery": "image", "clips": "video", "catalogue": "cover", "names": "id", "book-of-remembrance": "id"}


def test_a_playlist_naming_a_missing_item_uses_the_kinds_noun(tmp_path):
    (tmp_path / "media").mkdir()
    (tmp_path / "exhibition.yaml").write_text(
        "title: {en: x}\nlanguages: [en]\n"
        "sections:\n"
        "  - {id: film, kind: clips, title: {en: Film}, clips: [{id: one, video: one.mp4, title: {en: One}}]}\n"
        "playlists: {loop: [film/two]}\n", encoding="utf-8")
    loaded = load_exhibition(tmp_path / "exhibition.yaml")
    messages = [p.message for p in loaded.errors]
    assert "section 'film' has no clip called 'two'; it has one" in messages


def test_each_kind_gives_its_home_tile_and_what_prepare_makes_ready(demo_loaded):
    ex = demo_loaded.exhibition
    by_kind = {s.kind: s for s in ex.sections}
    gallery, clips, catalogue = by_kind["gallery"], by_kind["clips"], by_kind["catalogue"]
    assert gallery.tile_image() == (gallery.cover or gallery.panels[0].image)
    assert clips.tile_image() == (clips.cover or clips.clips[0].poster)
    assert catalogue.tile_image() == (catalogue.cover or catalogue.books[0].cover)
    assert [p.image for p in gallery.panels] == [i for i in gallery.images() if i != gallery.cover]
    for book in catalogue.books:
        assert set(book.pages) <= set(catalogue.images())
    assert {k.attract for k in KINDS.values()} == {"photo", "clip", "cover", "names", "book"}
