"""Where things land on the screen: read back from the framebuffer after real touches.

Each panel is one colour with a white frame, so the drawn photo is found by its colour
along a row of the window. A photo counts as landed when it is centred on its strip
within a pixel and no neighbour's colour shows anywhere on that row.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content.loader import load_exhibition
from kiosk.ui.fills import count_fills
from kiosk.ui.drive import Finger

from .drawn import colour_box, colours_in_row, framebuffer, near, run_of, screen_pixels, solid_photo

PANELS = {"red": (200, 40, 40), "green": (40, 170, 60), "blue": (40, 70, 200), "yellow": (220, 200, 40)}
PAGES = {"teal": (30, 160, 160), "violet": (140, 50, 170), "orange": (230, 130, 30)}


@pytest.fixture(scope="module")
def coloured(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("coloured")
    media = root / "media"
    for name, colour in PANELS.items():
        solid_photo(media / "photos" / f"{name}.jpg", colour)
    for name, colour in PAGES.items():
        solid_photo(media / "books" / f"{name}.jpg", colour, size=(1000, 1400))
    solid_photo(media / "books" / "cover.jpg", (120, 120, 120), size=(600, 900))
    panels = "\n".join(
        f"      - {{image: photos/{name}.jpg, title: {{en: {name.title()}, ar: 'لوحة {n}'}}, "
        f"caption: {{en: A {name} panel., ar: لوحة ملونة.}}, credit: Test}}" for n, name in enumerate(PANELS, 1))
    pages = ", ".join(f"books/{name}.jpg" for name in PAGES)
    (root / "config").mkdir()
    path = root / "config" / "exhibition.yaml"
    path.write_text(f"""\
title: {{en: Colours, ar: ألوان}}
languages: [en, ar]
media_root: ../media
sections:
  - id: photos
    kind: gallery
    title: {{en: Photos, ar: صور}}
    panels:
{panels}
  - id: books
    kind: catalogue
    title: {{en: Books, ar: كتب}}
    books:
      - id: pages
        title: {{en: Pages, ar: صفحات}}
        cover: books/cover.jpg
        pages: [{pages}]
""", encoding="utf-8")
    return path


def landed(kiosk, strip, colour_name: str, colours: dict) -> None:
    """The panel ``colour_name`` is drawn centred on the strip, alone on its row."""
    x0, y0 = strip.to_window(strip.x, strip.y)
    row = int(y0 + strip.height * 0.55)  # just above the middle: clear of the caption card and the controls
    image = framebuffer()
    found = run_of(image, colours[colour_name], row=row)
    assert found is not None, f"{colour_name} is not drawn on row {row}"
    drawn_centre = (found[0] + found[1] + 1) / 2  # the frame's edges are white: +-2 px each side
    assert drawn_centre == pytest.approx(x0 + strip.width / 2, abs=1.0), (
        f"{colour_name} drawn {found}, centre {drawn_centre}, strip centre {x0 + strip.width / 2}")
    others = colours_in_row(image, {k: v for k, v in colours.items() if k != colour_name}, row)
    assert not others, f"a neighbour shows beside {colour_name}: {others}"


def caption_matches(gallery, colour_name: str, language: str) -> None:
    """The caption beside the drawn photo is that photo's own."""
    n = list(PANELS).index(colour_name) + 1
    assert gallery.ids.panel_title.raw == (colour_name.title() if language == "en" else f"لوحة {n}")


def test_the_framebuffer_read_is_what_the_window_shows(start_kiosk, coloured):
    from PIL import ImageChops

    kiosk = start_kiosk(load_exhibition(coloured))
    open_gallery(kiosk)
    kiosk.frames(2)
    drawn, shown = framebuffer(), screen_pixels()
    assert drawn.size == shown.size == (1920, 1080)
    # the same picture, but for anti-aliased edges (outlines, rounded corners, a photo's
    # edge at a fraction of a pixel): a difference no more than a pixel thick anywhere
    from PIL import ImageFilter

    differ = ImageChops.difference(drawn, shown).convert("L").point(lambda v: 255 if v > 2 else 0)
    assert differ.filter(ImageFilter.MinFilter(3)).getbbox() is None, "the two differ by more than edges"
    assert differ.histogram()[255] < 0.01 * 1920 * 1080


def open_gallery(kiosk, language: str = "en"):
    kiosk.app.set_language(language)
    kiosk.app.open("section", section="photos")
    kiosk.settle(0.4)
    assert kiosk.current == "gallery"
    return kiosk.screen()


SIZES = [pytest.param((1920, 1080), id="landscape"), pytest.param((1080, 1920), id="portrait")]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_swipe_lands_one_centred_photo(start_kiosk, coloured, size, language):
    kiosk = start_kiosk(load_exhibition(coloured), size=size)
    gallery = open_gallery(kiosk, language)
    strip = gallery.ids.strip
    names = list(PANELS)
    # swipes land on the photo's own area (beside the label in landscape, above it in portrait)
    ox, oy = strip.to_window(strip.x, strip.y)
    w = strip.width
    y = oy + strip.height * 0.55
    forward = -1 if language == "ar" else 1  # in Arabic the next panel comes from the left
    # first opened: panel 1 alone, with its own caption (panel 2 was once drawn over it in Arabic)
    landed(kiosk, strip, names[0], PANELS)
    caption_matches(gallery, names[0], language)

    # a swipe at the first panel towards "previous" resists and comes back
    kiosk.swipe(ox + w * (0.3 if forward > 0 else 0.7), y, ox + w * (0.7 if forward > 0 else 0.3), y)
    kiosk.settle(0.4)
    assert gallery.index == 0
    landed(kiosk, strip, names[0], PANELS)

    # a slow drag, many small moves
    kiosk.swipe(ox + w / 2 + forward * w * 0.35, y, ox + w / 2 - forward * w * 0.35, y, steps=30)
    kiosk.settle(0.4)
    assert gallery.index == 1
    landed(kiosk, strip, names[1], PANELS)

    # a fast flick: two moves, short and quick
    kiosk.swipe(ox + w / 2 + forward * w * 0.1, y, ox + w / 2 - forward * w * 0.1, y, steps=2)
    kiosk.settle(0.4)
    assert gallery.index == 2
    landed(kiosk, strip, names[2], PANELS)

    # let go part-way: under the turning distance, it settles back where it was
    finger = Finger(ox + w / 2, y).down()
    kiosk.frames(1)
    for i in range(1, 6):
        finger.move_to(ox + w / 2 - forward * i * w * 0.015, y)  # under a flick's reach too
        kiosk.frames(1)
    finger.up()
    kiosk.settle(0.4)
    assert gallery.index == 2
    landed(kiosk, strip, names[2], PANELS)

    kiosk.swipe(ox + w / 2 + forward * w * 0.35, y, ox + w / 2 - forward * w * 0.35, y)
    kiosk.settle(0.4)
    landed(kiosk, strip, names[3], PANELS)
    # the last panel: a swipe onwards resists and comes back
    kiosk.swipe(ox + w / 2 + forward * w * 0.35, y, ox + w / 2 - forward * w * 0.35, y)
    kiosk.settle(0.4)
    assert gallery.index == 3
    landed(kiosk, strip, names[3], PANELS)

    # and back again, every step landing
    for index in (2, 1, 0):
        kiosk.swipe(ox + w / 2 - forward * w * 0.35, y, ox + w / 2 + forward * w * 0.35, y)
        kiosk.settle(0.4)
        assert gallery.index == index
        landed(kiosk, strip, names[index], PANELS)
        caption_matches(gallery, names[index], language)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_page_viewer_lands_every_page(start_kiosk, coloured, size, language):
    kiosk = start_kiosk(load_exhibition(coloured), size=size)
    kiosk.app.set_language(language)
    kiosk.app.open("pages", section="books", book="pages")
    kiosk.settle(0.5)
    assert kiosk.current == "pages"
    strip = kiosk.screen().ids.strip
    names = list(PAGES)
    w, h = size
    y = h * 0.55
    forward = -1 if language == "ar" else 1
    landed(kiosk, strip, names[0], PAGES)
    for index in (1, 2):
        kiosk.swipe(w / 2 + forward * w * 0.35, y, w / 2 - forward * w * 0.35, y)
        kiosk.settle(0.4)
        assert strip.index == index
        landed(kiosk, strip, names[index], PAGES)
    for index in (1, 0):
        kiosk.swipe(w / 2 - forward * w * 0.35, y, w / 2 + forward * w * 0.35, y, steps=2)
        kiosk.settle(0.4)
        assert strip.index == index
        landed(kiosk, strip, names[index], PAGES)


SELECTED = (84, 79, 74)  # a toggle that is on: its fill (theme SELECTED), with a check and an underline
MUTED = (199, 194, 184)  # the scroll bar (theme TEXT_MUTED)


@pytest.mark.parametrize("size", SIZES)
def test_arabic_filter_rows_start_at_the_right_and_keep_the_chosen_chip_in_view(start_kiosk, demo_loaded, size):
    kiosk = start_kiosk(demo_loaded, size=size)
    kiosk.app.set_language("ar")
    kiosk.app.open("section", section="books")
    kiosk.settle(0.5)
    catalogue = kiosk.screen()
    w, _h = size
    for scroll_id, kind in (("topics_scroll", "topic"), ("languages_scroll", "language")):
        scroll = catalogue.ids[scroll_id]
        row = int(scroll.to_window(scroll.x, scroll.y)[1] + scroll.height / 2)
        image = framebuffer()
        chosen = run_of(image, SELECTED, row=row, tolerance=6)
        assert chosen is not None, f"the chosen {kind} chip is not on screen"
        # "all" is chosen and read first: at the right, whole
        assert chosen[1] <= w - 1 and chosen[1] >= w - 64, (kind, chosen)
        assert chosen[0] >= 0
    # choose the last topic (the far end of a row that overflows): it comes into view
    scroll = catalogue.ids.topics_scroll
    assert scroll.children[0].width > scroll.width, "the demo's Arabic topics are more than a row"
    last = sorted({t for b in catalogue.section.books for t in b.topics})[-1]
    catalogue.choose("topic", last)
    kiosk.settle(0.3)
    image = framebuffer()
    row = int(scroll.to_window(scroll.x, scroll.y)[1] + scroll.height / 2)
    chosen = run_of(image, SELECTED, row=row, tolerance=6)
    assert chosen is not None and chosen[0] >= 0 and chosen[1] <= w - 1, chosen
    assert catalogue.topic == last
    # the row says it goes on: its scroll bar is drawn
    bar_row = int(scroll.to_window(scroll.x, scroll.y)[1] + scroll.bar_margin + scroll.bar_width / 2)
    assert run_of(image, MUTED, row=bar_row, tolerance=16) is not None, "no sign that the row scrolls"


MAGENTA = (230, 40, 200)


@pytest.fixture(scope="module")
def long_gallery(tmp_path_factory) -> Path:
    """Thirty panels, the last one magenta and the only one: the overview must scroll to show it."""
    root = tmp_path_factory.mktemp("long")
    colours = list(PANELS.values())
    names = []
    for n in range(1, 31):
        colour = MAGENTA if n == 30 else colours[n % len(colours)]
        solid_photo(root / "media" / "photos" / f"{n:02d}.jpg", colour, size=(600, 400))
        names.append(f"{n:02d}")
    panels = "\n".join(f"      - {{image: photos/{n}.jpg, title: Panel {n}, credit: Test}}" for n in names)
    (root / "config").mkdir()
    path = root / "config" / "exhibition.yaml"
    path.write_text(f"title: Long\nlanguages: [en]\nmedia_root: ../media\nsections:\n"
                    f"  - id: photos\n    kind: gallery\n    title: Photos\n    panels:\n{panels}\n", encoding="utf-8")
    return path


def test_the_overview_scrolls_under_the_finger_and_comes_to_rest_inside_its_view(start_kiosk, long_gallery):
    kiosk = start_kiosk(load_exhibition(long_gallery))
    kiosk.app.open("overview", section="photos")
    kiosk.settle(0.8)
    scroll = kiosk.screen().ids.scroll
    sx, sy = scroll.to_window(scroll.x, scroll.y)
    assert colour_box(framebuffer(), MAGENTA) is None, "the last panel starts out of view"
    for _ in range(3):  # a visitor's drags upwards, to the end of the grid
        kiosk.swipe(960, sy + 100, 960, sy + scroll.height - 100, steps=10)
        kiosk.settle(0.8)
    for _ in range(600):  # at rest, back inside its ends: a touch on a grid still gliding only stops it
        if abs(scroll.effect_y.velocity) < 1e-3 and -1e-3 <= scroll.scroll_y <= 1 + 1e-3:
            break
        kiosk.frames(1)
    kiosk.settle(0.3)
    box = colour_box(framebuffer(), MAGENTA)
    assert box is not None, "the last panel never came into view"
    left, bottom, right, top = box
    # drawn whole, inside the scrolling area (clipped by it, not over the top bar)
    assert sy - 1 <= bottom and top <= sy + scroll.height + 1, (box, (sy, sy + scroll.height))
    assert right - left > 100
    # and a touch there opens that very panel, drawn centred
    kiosk.tap((left + right) / 2, (bottom + top) / 2)
    kiosk.settle(0.6)
    assert kiosk.current == "gallery"
    strip = kiosk.screen().ids.strip
    x0, y0 = strip.to_window(strip.x, strip.y)
    found = run_of(framebuffer(), MAGENTA, row=int(y0 + strip.height * 0.55))
    assert found is not None and (found[0] + found[1] + 1) / 2 == pytest.approx(x0 + strip.width / 2, abs=1.0)


def test_a_lifted_finger_is_answered_in_the_frame_it_lifts(start_kiosk, coloured):
    """The photo goes on sliding in the very frame the finger leaves the glass (Kivy's
    Animation would leave it where it was for two frames: its first step is at time 0)."""
    kiosk = start_kiosk(load_exhibition(coloured))
    gallery = open_gallery(kiosk, "en")
    strip = gallery.ids.strip
    ox, oy = strip.to_window(strip.x, strip.y)
    w = strip.width
    row = 1080 - 1 - int(oy + strip.height * 0.55)
    finger = Finger(ox + w * 0.8, oy + strip.height * 0.55).down()
    kiosk.frames(1)
    for i in range(1, 9):
        finger.move_to(ox + w * (0.8 - 0.6 * i / 8), oy + strip.height * 0.55)
        kiosk.frames(1)
    green = PANELS["green"]
    before = run_of(framebuffer(), green, row=row)  # the next photo, under the finger
    assert before is not None
    finger.up()
    kiosk.frames(1)  # the frame that takes the lift
    after = run_of(framebuffer(), green, row=row)
    assert after is not None and after[0] < before[0] - 4, (before, after)  # it moved on, towards the left
    kiosk.settle(0.4)
    assert gallery.index == 1
    landed(kiosk, strip, "green", PANELS)


def test_the_attract_loop_cross_fades_to_the_next_photo_and_rests_on_it(start_kiosk, coloured):
    kiosk = start_kiosk(load_exhibition(coloured))
    assert kiosk.current == "attract"
    kiosk.settle(1.5)
    w, h = 1920, 1080
    centre = (w // 2, h // 2)  # the photo covers the screen; the centre is clear of the bars
    assert near(framebuffer().getpixel(centre), PANELS["red"]), framebuffer().getpixel(centre)
    kiosk.step(8.1)  # the slide's time is up: the next step comes in
    attract = kiosk.screen()
    seen, during = [], None
    for _ in range(200):
        kiosk.frames(1, seconds=0.1)  # a look every tenth of a second of the 1.2 s fade
        pixel = framebuffer().getpixel(centre)
        seen.append(pixel)
        if during is None and 0.2 < attract.front.opacity < 0.8:
            during = count_fills()
        if near(pixel, PANELS["green"], 6):
            break
    # the two photos are mixed in one pass: the screen's pixels drawn once, opaque, not twice
    assert during is not None, "a frame in the middle of the dissolve"
    photos = [d for d in during.draws if d.kind == "Mesh"]
    assert len(photos) == 1 and photos[0].opaque, photos
    assert photos[0].box == (0.0, 0.0, float(w), float(h)), photos[0].box
    # a cross-fade: on the way, pictures that are neither photo
    between = [p for p in seen if not near(p, PANELS["red"], 12) and not near(p, PANELS["green"], 12)]
    assert between, f"the photo changed in one frame: {seen[:5]} ... {seen[-5:]}"
    # a dissolve: every picture on the way is a mix of the two photos, none darker (the
    # dark ground never shows through between them)
    red, green = PANELS["red"], PANELS["green"]
    for pixel in between:
        t = (red[0] - pixel[0]) / (red[0] - green[0])
        mix = [a + (b - a) * t for a, b in zip(red, green)]
        assert near(pixel, mix, 6), (pixel, [round(v) for v in mix])
    kiosk.settle(1.5)
    assert near(framebuffer().getpixel(centre), PANELS["green"], 6)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_the_attract_photo_darkens_towards_the_words_as_the_gradients_over_it_would(start_kiosk, coloured, size):
    """The photo shades itself as it is drawn (no blended quads over it); what is drawn
    matches the gradient quads the loop lays over a clip, and the words over the photo are
    still blended (the photo is drawn without blending)."""
    kiosk = start_kiosk(load_exhibition(coloured), size=size)
    kiosk.settle(1.5)
    attract = kiosk.screen()
    photos, overlay = attract.ids.photos, attract.ids.shade
    w, h = size
    shaded = framebuffer()
    photos.shade((0, 0, 0), (0, 0, 0))  # the plain photo under the gradient quads
    overlay.opacity = 1
    kiosk.frames(2)
    quads = framebuffer()
    overlay.opacity = 0
    attract._shade()
    kiosk.frames(2)
    assert framebuffer().getpixel((20, 5)) == shaded.getpixel((20, 5))  # back as it was
    red = PANELS["red"]
    rows = [r for r in range(2, h, 9)]
    assert max(abs(a - b) for r in rows for a, b in zip(shaded.getpixel((20, r)), quads.getpixel((20, r)))) <= 3
    top, bottom, middle = shaded.getpixel((20, 2)), shaded.getpixel((20, h - 3)), shaded.getpixel((20, h // 2))
    assert near(middle, red, 6) and top[0] < red[0] * 0.3 and bottom[0] < red[0] * 0.1, (top, middle, bottom)
    # between the letters of the words over the photo, the shaded photo shows: they blend
    for label in (attract.ids.title, attract.ids.caption):
        x, y = label.to_window(label.x, label.center_y)
        row = h - 1 - int(y)
        assert near(shaded.getpixel((int(x) + 4, row)), shaded.getpixel((20, row)), 2), label


def caption_lines(label) -> list[str]:
    """The lines a label drew, as text (Kivy's own wrapping for left-to-right text, ours for
    right-to-left), read from the laid-out lines behind its texture."""
    label.texture_update()
    return ["".join(word.text for word in line.words) for line in label._label._cached_lines]


def window_rect(widget) -> tuple[float, float, float, float]:
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, x + widget.width, y + widget.height


@pytest.mark.parametrize("large", [False, True], ids=["normal-text", "large-text"])
@pytest.mark.parametrize("size", SIZES)
def test_captions_read_45_to_75_characters_a_line_and_never_cover_the_photo(start_kiosk, demo_loaded, size, large):
    kiosk = start_kiosk(demo_loaded, size=size)
    gallery = open_gallery(kiosk)
    if large:
        kiosk.app.set_reading(large=True, contrast=False)
        kiosk.settle(0.4)
        gallery = kiosk.screen()
    lengths = []
    for language in ("en", "ru", "az", "ar"):
        kiosk.app.set_language(language)
        for index in range(4):
            kiosk.app.open("section", section="photos", index=index)
            kiosk.settle(0.4)
            if gallery.note_shown:
                gallery.accept_note()
                kiosk.settle(0.2)
            lines = caption_lines(gallery.ids.panel_caption)
            assert max(len(line) for line in lines) <= 75, (language, index, lines)
            lengths += [len(line) for line in lines[:-1]]  # the full lines (the last may be short)
            # the drawn photo and the label's box do not overlap
            photo = gallery.ids.strip.current
            x, y, w, h = photo._rect.pos + photo._rect.size
            px0, py0 = photo.to_window(x, y)
            px1, py1 = px0 + w, py0 + h
            bx0, by0, bx1, by1 = window_rect(gallery.ids.caption_box)
            assert w > 0 and h > 0
            apart = px1 <= bx0 + 0.5 or bx1 <= px0 + 0.5 or py1 <= by0 + 0.5 or by1 <= py0 + 0.5
            assert apart, (language, index, (px0, py0, px1, py1), (bx0, by0, bx1, by1))
    # a readable measure, not a column of words: full lines average museum-label length
    assert lengths and sum(lengths) / len(lengths) >= 45, lengths
    assert min(lengths) >= 35, lengths


def test_the_attract_loops_moving_parts_are_drawn_together_at_the_rate_the_fastest_needs(start_kiosk, coloured):
    """A pan and zoom, a dissolve and the hand's pulse on one screen: each frame drawn moves
    all of them, at the rate the fastest needs, not 60 a second."""
    from kivy.base import EventLoop

    from kiosk.ui.motion import FADE_FPS
    from kiosk.ui.widgets.kenburns import MOVE_STEP_PX

    kiosk = start_kiosk(load_exhibition(coloured), draws=True)
    attract = kiosk.screen()
    kiosk.settle(1.5)
    drawn = []

    def flipped(*_args) -> None:
        drawn.append(1)

    EventLoop.window.bind(on_flip=flipped)
    try:
        watch_the_loop(kiosk, attract, drawn, FADE_FPS, MOVE_STEP_PX)
    finally:
        EventLoop.window.unbind(on_flip=flipped)


def watch_the_loop(kiosk, attract, drawn, fade_fps, step_px) -> None:
    kiosk.step(8.1)  # the next photo dissolves in while both pan and the hand pulses
    kiosk.frames(3)
    assert 0 < attract.front.opacity < 1, "the dissolve has begun"
    drawn.clear()
    kiosk.frames(60)  # a second at 60 frames a second, the fade inside it
    assert fade_fps * 0.8 <= len(drawn) <= fade_fps + 2, len(drawn)
    kiosk.frames(30)
    assert attract.front.opacity == 1 and attract.back.opacity == 0
    pan_rate = attract.front.speed() / step_px
    drawn.clear()
    kiosk.frames(120)  # two seconds of the pan alone (with the hand's slower pulse)
    assert pan_rate * 2 * 0.8 <= len(drawn) <= pan_rate * 2 + 2, (len(drawn), pan_rate)
