"""Visits driven by real touches in the offscreen window write the events a venue reads.

Each test points the kiosk at its own database ($KIOSK_ANALYTICS), touches its way
through a visit, lets the app's stepped clock run out the idle timeout, and reads the
database the writer thread filled.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from kiosk.analytics.events import NAMES
from tests.ui.conftest import wait_for


@pytest.fixture
def database(tmp_path, monkeypatch):
    path = tmp_path / "analytics.sqlite3"
    monkeypatch.setenv("KIOSK_ANALYTICS", str(path))
    return path


def events(kiosk, path) -> list[tuple]:
    kiosk.app.analytics.flush()
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT kind, section, item, detail, amount, visit FROM events ORDER BY id").fetchall()
    return [(NAMES[k], s, i, d, a, v) for k, s, i, d, a, v in rows]


def visits(path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT seq, attract, language, language_changes, large_text, length, end_reason "
                          "FROM visits ORDER BY seq").fetchall()


def test_a_gallery_visit_records_what_drew_the_visitor_in_panels_notes_language_and_its_end(
        start_kiosk, demo_loaded, database):
    kiosk = start_kiosk(demo_loaded)
    drew = kiosk.app.attract.current().ref
    assert drew == "photos/001"
    kiosk.tap(960, 540)  # the touch that leaves the attract loop
    kiosk.settle(0.4)
    kiosk.press(kiosk.screen().tiles[0])
    kiosk.settle(0.4)
    gallery = kiosk.screen()
    assert kiosk.current == "gallery" and gallery.index == 0
    kiosk.step(12)  # the visitor looks at the first panel for 12 s
    kiosk.swipe(900, 600, 150, 600)  # on the photo (its label stands to the right)
    kiosk.settle(0.5)
    assert gallery.index == 1
    kiosk.tap(900, 600)
    kiosk.tap(900, 600)  # double tap: zoom
    kiosk.settle(0.4)
    assert gallery.ids.strip.current.scale > 1
    kiosk.step(5)
    kiosk.press(gallery.ids.bar.language)
    kiosk.frames(2)
    kiosk.press(kiosk.app.overlay.buttons["en"])
    kiosk.settle(0.3)
    kiosk.app.open("section", section="photos", index=8)  # the panel with a content note
    kiosk.settle(0.4)
    assert gallery.note_shown
    kiosk.press(gallery.ids.note_skip)
    kiosk.settle(0.4)
    assert gallery.index == 9
    kiosk.step(3)
    kiosk.tap(960, 300)  # the last touch
    kiosk.step(91)
    kiosk.step(15)  # the "still there?" countdown runs out
    kiosk.settle(0.3)
    assert kiosk.current == "attract"

    seen = events(kiosk, database)
    assert {v for *_, v in seen} == {1}, "every event belongs to the one visit"
    assert seen[0] == ("visit_start", "", "photos/001", "az", None, 1)
    assert ("section", "photos", "", "", None, 1) in seen
    panels = [(i, a) for k, _s, i, _d, a, _v in seen if k == "panel"]
    assert panels[0] == ("001", pytest.approx(12.0))
    assert ("002", pytest.approx(5.0)) in panels
    assert ("zoom", "photos", "002") in [e[:3] for e in seen]
    assert ("language", "", "az", "en", None, 1) in seen
    assert [e[3] for e in seen if e[0] == "note"] == ["shown", "skipped"]
    assert [e[2] for e in seen if e[0] == "note"] == ["009", "009"]
    # the panel on screen when the visitor walked away counts to the last touch, not the countdown
    assert panels[-1] == ("010", pytest.approx(3.0))
    assert seen[-1][0] == "visit_end" and seen[-1][3] == "idle"
    assert visits(database) == [(1, "photos/001", "en", 1, 0, pytest.approx(20.0), "idle")]
    # nothing is recorded while the attract loop runs by itself
    kiosk.step(30)
    assert len(events(kiosk, database)) == len(seen)


def test_a_clip_watched_to_the_end_records_its_share_and_subtitle_language(start_kiosk, demo_loaded, database):
    kiosk = start_kiosk(demo_loaded)
    kiosk.tap(960, 540)
    kiosk.settle(0.4)
    kiosk.press(kiosk.screen().tiles[1])
    kiosk.settle(0.4)
    clips = kiosk.screen()
    kiosk.press(clips.tiles[1])
    player = kiosk.screen()
    video = player.ids.video
    wait_for(kiosk, lambda: video.duration > 0 and video.position > 0.3 and player.subtitles is not None)
    video.seek(video.duration - 1.0)
    wait_for(kiosk, lambda: kiosk.current == "clips")
    kiosk.settle(0.4)
    kiosk.step(2)  # past the player's double-tap guard
    kiosk.press(clips.tiles[0])
    wait_for(kiosk, lambda: player.clip.id == "memorial" and video.position > 1.2)
    kiosk.press(player.ids.bar.back)  # the visitor leaves the first clip early
    kiosk.settle(0.4)
    seen = events(kiosk, database)
    clip_events = [(i, d, a) for k, _s, i, d, a, _v in seen if k == "clip"]
    assert [c[0] for c in clip_events] == ["archive", "memorial"]
    assert clip_events[0][2] == pytest.approx(1.0), "played to its end"
    assert clip_events[0][1] == "az", "with subtitles in the visitor's language"
    assert 0 < clip_events[1][2] < 0.5, "a few seconds of the clip"
    assert ("section", "film", "", "", None, 1) in seen


def test_books_pages_qr_time_and_filters_are_recorded(start_kiosk, demo_loaded, database):
    kiosk = start_kiosk(demo_loaded)
    kiosk.tap(960, 540)
    kiosk.settle(0.4)
    kiosk.press(kiosk.screen().tiles[2])
    kiosk.settle(0.5)
    catalogue = kiosk.screen()
    books = catalogue.section.books
    topic = next(t for b in books for t in b.topics)
    chip = catalogue.chips[("topic", topic)]
    catalogue.ids.topics_scroll.scroll_to(chip, animate=False)
    kiosk.frames(2)
    kiosk.press(chip)
    kiosk.settle(0.4)
    chip = catalogue.chips[("topic", None)]  # all topics again
    catalogue.ids.topics_scroll.scroll_to(chip, animate=False)
    kiosk.frames(2)
    kiosk.press(chip)
    kiosk.settle(0.4)
    kiosk.press(catalogue.tiles["letters-home"])
    kiosk.settle(0.5)
    book = kiosk.screen()
    wait_for(kiosk, lambda: len(book.page_tiles) == 4 and book.ids.qr.texture is not None, seconds=20)
    kiosk.step(7)  # the QR code is on screen for 7 s
    kiosk.press(book.page_tiles[1])
    kiosk.settle(0.5)
    pages = kiosk.screen()
    wait_for(kiosk, lambda: pages.ids.strip.current.texture is not None, seconds=20)
    kiosk.swipe(1500, 500, 600, 500)
    kiosk.settle(0.5)
    kiosk.press(pages.ids.bar.back)
    kiosk.settle(0.5)
    kiosk.press(book.ids.bar.back)
    kiosk.settle(0.5)
    kiosk.press(catalogue.tiles["letters-home"])  # again: the book counts once per visit
    kiosk.settle(0.5)
    seen = events(kiosk, database)
    assert [e[3] for e in seen if e[0] == "filter"] == [f"topic:{topic}", "topic:all"]
    assert [e[2] for e in seen if e[0] == "book"] == ["letters-home"]
    assert [e[3] for e in seen if e[0] == "page"] == ["2", "3"]
    qr = [e for e in seen if e[0] == "qr"]
    assert qr[0][2] == "letters-home" and qr[0][4] == pytest.approx(7.0)


def test_analytics_off_records_nothing(start_kiosk, demo_loaded, database):
    loaded = replace(demo_loaded, exhibition=demo_loaded.exhibition.model_copy(update={"analytics": "off"}))
    kiosk = start_kiosk(loaded)
    kiosk.tap(960, 540)
    kiosk.settle(0.4)
    kiosk.press(kiosk.screen().tiles[0])
    kiosk.settle(0.4)
    kiosk.step(200)
    kiosk.app.analytics.flush()
    assert not kiosk.app.analytics.enabled
    assert not database.exists(), "no database is even made"


def test_a_reading_mode_change_counts_the_panel_on_screen_once(start_kiosk, demo_loaded, database):
    """Large text and high contrast restyle the gallery where it is: the panel the visitor
    reads goes on being the one panel, its time not cut in two (issue 17's note)."""
    kiosk = start_kiosk(demo_loaded)
    kiosk.tap(960, 540)
    kiosk.settle(0.4)
    kiosk.press(kiosk.screen().tiles[0])
    kiosk.settle(0.4)
    gallery = kiosk.screen()
    kiosk.step(5)
    kiosk.press(gallery.ids.bar.access)
    kiosk.frames(2)
    kiosk.press(kiosk.app.overlay.large)
    kiosk.frames(2)
    kiosk.press(kiosk.app.overlay.contrast)
    kiosk.frames(2)
    kiosk.step(4)
    kiosk.app.close_overlay()
    kiosk.frames(2)
    assert kiosk.screen() is gallery and gallery.index == 0
    kiosk.step(3)
    kiosk.app.go_attract()
    kiosk.settle(0.3)

    seen = events(kiosk, database)
    assert [d for k, _s, _i, d, _a, _v in seen if k == "reading"] == ["large_text", "large_text+high_contrast"]
    panels = [(i, a) for k, _s, i, _d, a, _v in seen if k == "panel"]
    assert panels == [("001", pytest.approx(12.0, abs=0.3))]


def test_a_names_search_is_counted_and_whether_it_found_someone_never_its_letters(start_kiosk, demo_loaded,
                                                                                  database):
    kiosk = start_kiosk(demo_loaded)
    kiosk.tap(960, 540)
    kiosk.settle(0.4)
    kiosk.app.set_language("en")
    kiosk.app.open("section", section="names")
    screen = kiosk.screen()
    wait_for(kiosk, lambda: screen.ready)
    kiosk.settle(0.4)
    for letter in "zzqx":  # a search that finds nobody
        kiosk.press(screen.ids.keyboard.keys[letter])
    kiosk.press(screen.ids.keyboard.keys["clear"])
    for letter in "mammadov":
        kiosk.press(screen.ids.keyboard.keys[letter])
    kiosk.settle(0.3)
    kiosk.press(screen.ids.results.layout_manager.children[-1])  # the first row: a person's page
    kiosk.settle(0.3)
    assert screen.person_shown
    searches = [(s, d) for kind, s, _i, d, _a, _v in events(kiosk, database) if kind == "search"]
    assert searches == [("names", "typed"), ("names", "typed"), ("names", "found")]
    with sqlite3.connect(database) as db:
        stored = " ".join(str(v) for row in db.execute("SELECT * FROM events") for v in row)
    assert "mammadov" not in stored and "zzqx" not in stored
