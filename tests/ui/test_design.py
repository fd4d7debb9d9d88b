"""The design's promises, read from what is drawn (canvas rectangles in window coordinates,
or the framebuffer): the picture between the player's bars, covers whole, the page counter
off the scan, the overview's marks, the swipe cue once a visit."""

from __future__ import annotations

import pytest

from .drawn import framebuffer, near


def drawn_rect(widget, rectangle) -> tuple[float, float, float, float]:
    """A canvas rectangle of ``widget`` in window coordinates: left, bottom, right, top."""
    x, y = widget.to_window(*rectangle.pos)
    return x, y, x + rectangle.size[0], y + rectangle.size[1]


def box(widget) -> tuple[float, float, float, float]:
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, x + widget.width, y + widget.height


def overlaps(a, b) -> bool:
    return not (a[2] <= b[0] + 0.5 or b[2] <= a[0] + 0.5 or a[3] <= b[1] + 0.5 or b[3] <= a[1] + 0.5)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_the_clip_fits_between_the_bars(start_kiosk, demo_loaded, size):
    kiosk = start_kiosk(demo_loaded, size=size)
    clip = demo_loaded.exhibition.section("film").clips[0]
    kiosk.app.open("section", section="film")
    kiosk.app.open("player", section="film", clip=clip.id)
    player = kiosk.screen()
    video = player.ids.video
    for _ in range(60):
        if video.texture is not None:
            break
        kiosk.settle(0.1)
    assert video.texture is not None
    picture = drawn_rect(video, video._rect)
    assert picture[2] - picture[0] > 0 and picture[3] - picture[1] > 0
    assert not overlaps(picture, box(player.ids.top)), "the picture runs under the top bar"
    assert not overlaps(picture, box(player.ids.controls)), "the controls cover the picture"


def test_covers_are_whole_and_the_page_counter_stays_off_the_scan(start_kiosk, demo_loaded):
    kiosk = start_kiosk(demo_loaded)
    kiosk.app.open("section", section="books")
    kiosk.settle(0.8)
    catalogue = kiosk.screen()
    for tile in catalogue.tiles.values():
        picture = tile.picture
        if picture.texture is None:
            continue
        tw, th = picture.texture.size
        left, bottom, right, top = drawn_rect(picture, picture._rect)
        # the whole cover inside its box, at its own proportions (fitted, not cropped)
        assert picture._rect.texture is picture.texture
        assert (right - left) / (top - bottom) == pytest.approx(tw / th, rel=0.02)
        outer = box(picture)
        assert outer[0] - 0.5 <= left and right <= outer[2] + 0.5 and outer[1] - 0.5 <= bottom and top <= outer[3] + 0.5
    book = demo_loaded.exhibition.section("books").books[0]
    kiosk.app.open("pages", section="books", book=book.id)
    for _ in range(60):
        if kiosk.screen().ids.strip.current.texture is not None:
            break
        kiosk.settle(0.1)
    pages = kiosk.screen()
    photo = pages.ids.strip.current
    scan = drawn_rect(photo, photo._rect)
    assert not overlaps(scan, box(pages.ids.position)), "the page counter covers the scan"


def test_the_overview_marks_where_the_visitor_came_from_and_veils_content_notes(start_kiosk, demo_loaded):
    kiosk = start_kiosk(demo_loaded)
    kiosk.app.open("section", section="photos", index=3)
    kiosk.settle(0.4)
    gallery = kiosk.screen()
    kiosk.press(gallery.ids.grid)
    kiosk.settle(0.6)
    assert kiosk.current == "overview"
    overview = kiosk.screen()
    panels = demo_loaded.exhibition.section("photos").panels
    image = framebuffer()
    accent = (217, 179, 107)
    for index, tile in enumerate(overview.tiles):
        left, bottom, right, top = box(tile)
        if top > image.height or bottom < 0:
            continue  # scrolled out of view
        edge = image.getpixel((int(left + 2), int(image.height - (bottom + top) / 2)))
        assert near(edge, accent, 30) == (index == 3), (index, edge)  # the accent ring: here only
        assert bool(tile.veiled) == bool(panels[index].note)
        if panels[index].note:  # the picture is veiled: darker than the photo beneath would be
            px0, py0, px1, py1 = box(tile.picture)
            centre = image.getpixel((int((px0 + px1) / 2) + 40, int(image.height - (py0 + py1) / 2) + 30))
            assert sum(centre) < 3 * 60, centre


def test_the_swipe_cue_shows_once_a_visit(start_kiosk, demo_loaded):
    kiosk = start_kiosk(demo_loaded)
    kiosk.app.open("section", section="photos")
    kiosk.settle(0.3)
    gallery = kiosk.screen()
    assert gallery.cue_shown and gallery.ids.cue.opacity == 1
    kiosk.step(gallery.CUE_SECONDS + 1)
    kiosk.frames(40)  # its check runs on Kivy's clock, every half second
    kiosk.settle(0.6)
    assert not gallery.cue_shown and gallery.ids.cue.opacity == 0
    kiosk.app.open("home")
    kiosk.app.open("section", section="photos")
    kiosk.settle(0.3)
    assert not gallery.cue_shown, "once a visit"
    kiosk.app.go_attract()
    kiosk.app.open("section", section="photos")
    kiosk.settle(0.3)
    assert gallery.cue_shown, "the next visitor is shown it again"
