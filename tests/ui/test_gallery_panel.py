"""Issue 29: the photo first, and the whole panel answers a swipe.

A visitor swipes from where their hand is: on the label beside the photo, from the
screen's far edge, on the ground around the photo, as on the photo itself. What is drawn
is read back from the framebuffer; the drawn photo is found by its colour.
"""

from __future__ import annotations

import pytest

from kiosk.content.loader import load_exhibition
from kiosk.ui.drive import Finger

from .drawn import framebuffer, near, run_of
from .test_drawn import PANELS, SIZES, coloured, landed, open_gallery, window_rect  # noqa: F401 - a fixture

TEXT = [pytest.param(False, id="normal-text"), pytest.param(True, id="large-text")]


def reading(kiosk, large: bool):
    if large:
        kiosk.app.set_reading(large=True, contrast=False)
        kiosk.settle(0.4)
    return kiosk.screen()


def swipe_forward(kiosk, x: float, y: float, forward: int, length: float, steps: int = 8) -> None:
    """A drag from (x, y) the way the next panel comes (leftwards, rightwards in Arabic)."""
    kiosk.swipe(x, y, x - forward * length, y, steps=steps)
    kiosk.settle(0.4)


@pytest.mark.parametrize("large", TEXT)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_swipe_anywhere_on_the_panel_turns_it(start_kiosk, coloured, language, size, large):  # noqa: F811
    kiosk = start_kiosk(load_exhibition(coloured), size=size)
    open_gallery(kiosk, language)
    gallery = reading(kiosk, large)
    strip, names = gallery.ids.strip, list(PANELS)
    w, h = size
    forward = -1 if language == "ar" else 1
    length = w * 0.3
    landed(kiosk, strip, names[0], PANELS)
    lx0, ly0, lx1, ly1 = window_rect(gallery.ids.caption_box)
    sx0, sy0, sx1, sy1 = window_rect(strip)
    label_middle = ((lx0 + lx1) / 2, (ly0 + ly1) / 2)
    assert not (sx0 <= label_middle[0] <= sx1 and sy0 <= label_middle[1] <= sy1), "the label is beside the photo"

    # from the label's middle
    swipe_forward(kiosk, *label_middle, forward, length)
    assert gallery.index == 1
    landed(kiosk, strip, names[1], PANELS)

    # from the screen's far edge, at the label's height (the label is at the reading end)
    edge = w - 4 if forward > 0 else 4
    swipe_forward(kiosk, edge, label_middle[1], forward, length)
    assert gallery.index == 2
    landed(kiosk, strip, names[2], PANELS)

    # back, from the empty ground: above the photo in portrait, above the label's words
    # in landscape
    title = gallery.ids.panel_title
    above = (sy1 + window_rect(gallery.ids.stage)[3]) / 2 if gallery.portrait else \
        (window_rect(title)[3] + ly1) / 2
    ground = ((sx0 + sx1) / 2 if gallery.portrait else label_middle[0], above)
    swipe_forward(kiosk, *ground, -forward, length, steps=2)  # a flick
    assert gallery.index == 1
    landed(kiosk, strip, names[1], PANELS)

    # a vertical drag on the label is not a swipe, even one that wanders sideways
    kiosk.swipe(label_middle[0], label_middle[1] + 60, label_middle[0] - forward * 40, label_middle[1] - 160)
    kiosk.settle(0.4)
    assert gallery.index == 1
    landed(kiosk, strip, names[1], PANELS)

    # a tap on the label does what it did: nothing (the label stays, the panel too)
    kiosk.tap(*label_middle)
    kiosk.settle(0.5)
    assert gallery.overlay_shown and gallery.index == 1
    surface = tuple(round(v * 255) for v in gallery.palette.SURFACE[:3])
    drawn = framebuffer().getpixel((int(lx0) + 8, h - 1 - int(ly0) - 8))
    assert near(drawn, surface, 3), ("the label's ground is drawn", drawn, surface)
    landed(kiosk, strip, names[1], PANELS)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_zoomed_in_a_drag_on_the_photo_pans_it_and_one_on_the_label_turns_the_panel(start_kiosk, coloured,  # noqa: F811
                                                                                      language):
    kiosk = start_kiosk(load_exhibition(coloured))
    gallery = open_gallery(kiosk, language)
    strip = gallery.ids.strip
    forward = -1 if language == "ar" else 1
    sx0, sy0, sx1, sy1 = window_rect(strip)
    middle = ((sx0 + sx1) / 2, (sy0 + sy1) / 2)
    kiosk.tap(*middle)
    kiosk.tap(*middle)
    kiosk.settle(0.4)
    photo = strip.current
    assert photo.zoomed
    red, white = PANELS["red"], (250, 250, 250)
    row = int(middle[1])
    # the photo covers the whole strip, cut to it: its frame is off beyond the strip's edges
    assert run_of(framebuffer(), red, row=row) == (int(sx0), int(sx1) - 1)
    edge = int(sx0) + 2  # where the photo's white frame shows once panned to its left end
    assert not near(framebuffer().getpixel((edge, 1080 - 1 - row)), white, 30)
    for _ in range(3):  # clear of the edge arrows, to the pan's end (960 px at 2.5x)
        kiosk.swipe(middle[0] - 200, middle[1] + 150, middle[0] + 200, middle[1] + 150, steps=8)
        kiosk.settle(0.4)  # apart: two presses in one place within 0.3 s are Kivy's double tap
    image = framebuffer()
    assert gallery.index == 0, "a drag on the zoomed photo pans it, it does not turn the panel"
    assert near(image.getpixel((edge, 1080 - 1 - row)), white, 30), "panned to its left edge, the frame shows"
    found = run_of(image, red, row=row)
    assert found is not None and found[1] == int(sx1) - 1 and found[0] > int(sx0), found
    # on the label the same drag turns the panel, and the next photo comes at normal scale
    lx0, ly0, lx1, ly1 = window_rect(gallery.ids.caption_box)
    swipe_forward(kiosk, (lx0 + lx1) / 2, (ly0 + ly1) / 2, forward, 600)
    assert gallery.index == 1
    landed(kiosk, strip, "green", PANELS)


@pytest.fixture(scope="module")
def four_languages(tmp_path_factory, demo_loaded):
    """One 3:2 photo of one colour, with the demo's first panel's words in its four languages."""
    from .drawn import solid_photo

    root = tmp_path_factory.mktemp("four")
    solid_photo(root / "media" / "photos" / "red.jpg", PANELS["red"], size=(1500, 1000))
    solid_photo(root / "media" / "photos" / "green.jpg", PANELS["green"], size=(1500, 1000))
    first = demo_loaded.exhibition.sections[0].panels[0]
    languages = ["en", "az", "ar", "ru"]

    def words(text) -> str:
        return "{" + ", ".join(f"{code}: \"{text.get(code)}\"" for code in languages) + "}"

    (root / "config").mkdir()
    path = root / "config" / "exhibition.yaml"
    panels = "\n".join(f"      - {{image: photos/{name}.jpg, title: {words(first.title)}, "
                       f"caption: {words(first.caption)}, credit: {words(first.credit)}}}" for name in ("red", "green"))
    path.write_text(f"title: {{en: Four}}\nlanguages: [{', '.join(languages)}]\nmedia_root: ../media\nsections:\n"
                    f"  - id: photos\n    kind: gallery\n    title: {{en: Photos}}\n    panels:\n{panels}\n",
                    encoding="utf-8")
    return path


def photo_share(gallery) -> tuple[float, float]:
    """The drawn photo's share of the panel between the top bar and the controls, and the
    label's share of the width, both read from the framebuffer."""
    from .drawn import colour_box

    image = framebuffer()
    box = colour_box(image, PANELS["red"])
    assert box is not None, "the photo is drawn"
    left, bottom, right, top = box
    _, bar_bottom, _, _ = window_rect(gallery.ids.bar)
    _, _, _, controls_top = window_rect(gallery.ids.controls)
    panel = image.width * (bar_bottom - controls_top)
    # the label's column: its ground along a row through its middle
    lx0, ly0, lx1, ly1 = window_rect(gallery.ids.caption_box)
    surface = tuple(round(v * 255) for v in gallery.palette.SURFACE[:3])
    column = run_of(image, surface, row=int(ly0 + 12), tolerance=3)
    assert column is not None
    # the frame's 2 px white edge is the photo's too
    return (right - left + 4) * (top - bottom + 4) / panel, (column[1] - column[0] + 1) / image.width


@pytest.mark.parametrize("large", TEXT)
def test_the_photo_comes_first_in_landscape(start_kiosk, four_languages, large, record_property):
    kiosk = start_kiosk(load_exhibition(four_languages))
    open_gallery(kiosk, "en")
    gallery = reading(kiosk, large)
    shares = {}
    for language in ("en", "az", "ar", "ru"):
        kiosk.app.set_language(language)
        kiosk.settle(0.4)
        area, label = photo_share(gallery)
        shares[language] = (round(area, 3), round(label, 3))
        assert area >= 0.55, (language, area)
        if large:
            assert label < 0.5, (language, label)  # the label may grow; the photo stays the larger
        else:
            assert label <= 1 / 3 + 0.005, (language, label)  # at most a third at normal text size
    record_property("shares", shares)
    print("photo's share of the panel, label's share of the width:", shares)
