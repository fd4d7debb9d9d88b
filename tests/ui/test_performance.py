"""Light on a modest box (issue 19): what a frame draws, read from the real canvas tree, and
an attract loop that draws only when its picture changes. Timing is in bench/."""

from __future__ import annotations

import random

import pytest

from kivy.base import EventLoop

from kiosk.ui.fills import count_fills
from kiosk.ui.widgets.kenburns import MOVE_STEP_PX

from .drawn import framebuffer


def _open_gallery(kiosk):
    kiosk.app.open("home")
    kiosk.settle(0.4)
    kiosk.app.open("section", section="photos", index=0)
    kiosk.settle(0.6)
    assert kiosk.current == "gallery"
    return kiosk.screen()


def test_a_gallery_frame_draws_at_most_1_6_screen_fills_and_nothing_hidden(start_kiosk, demo_loaded):
    kiosk = start_kiosk(demo_loaded)
    _open_gallery(kiosk)
    fills = count_fills()
    assert fills.total <= 1.6, fills.summary()
    assert fills.invisible < 0.01, fills.summary()  # the content note and the cue, hidden, draw nothing
    assert fills.hidden < 0.05, fills.summary()  # nothing opaque drawn under something opaque
    # no draw covers the whole window: the ground is the window's clear colour
    assert all(d.area < 0.95 * 1920 * 1080 for d in fills.draws), fills.largest(2)


@pytest.mark.parametrize("screen", ["home", "catalogue", "player"])
def test_home_catalogue_and_player_draw_nothing_unseen_and_nothing_twice(start_kiosk, demo_loaded, screen):
    """Hidden parts (a sound-only clip's card, a failure's words, a tile's veil) leave the
    canvas; a tile's surface goes round its picture and a clip's black only beside it."""
    kiosk = start_kiosk(demo_loaded)
    kiosk.app.open("home")
    kiosk.settle(0.6)
    ex = demo_loaded.exhibition
    if screen == "catalogue":
        books = next(s for s in ex.sections if s.kind == "catalogue")
        kiosk.app.open("section", section=books.id)
        kiosk.settle(0.6)
    elif screen == "player":
        film = next(s for s in ex.sections if s.kind == "clips")
        kiosk.app.open("section", section=film.id)
        kiosk.settle(0.6)
        kiosk.screen().tiles[0].dispatch("on_release")
        kiosk.settle(1.0)
    assert kiosk.current == screen
    fills = count_fills()
    assert fills.invisible < 0.02, fills.summary()
    assert fills.hidden < 0.01, fills.summary()
    assert fills.total < 1.5, fills.summary()


def test_every_screens_ground_is_the_windows_clear_colour_also_in_exported_images(start_kiosk, demo_loaded,
                                                                                   tmp_path):
    from PIL import Image

    kiosk = start_kiosk(demo_loaded)
    ground = tuple(round(v * 255) for v in EventLoop.window.clearcolor[:3])
    kiosk.app.open("home")
    kiosk.settle(0.5)
    for name in ("home", "gallery"):
        if name == "gallery":
            _open_gallery(kiosk)
        fills = count_fills()
        assert not [d for d in fills.draws if d.opaque and d.area >= 0.95 * 1920 * 1080], name
        drawn = framebuffer()
        shot = tmp_path / f"{name}.png"
        kiosk.app.root.export_to_png(str(shot))
        exported = Image.open(shot).convert("RGB")
        # a point of bare ground: between the top bar and the content at the left edge; in
        # the gallery the photo fills its area's height, and the ground shows above it as
        # a band of a pixel or two
        point = (2, 140) if name == "home" else (2, 1080 - 1 - int(_photo_top(kiosk.screen())) - 1)
        assert drawn.getpixel(point) == ground, name
        assert exported.getpixel(point) == ground, name  # kiosk preview gets its ground too
        assert exported.getpixel(point) == drawn.getpixel(point)


def _photo_top(gallery) -> float:
    """The window y of the top of the drawn photo, rounded up to the next whole row."""
    import math

    photo = gallery.ids.strip.current
    top = photo.to_window(photo._rect.pos[0], photo._rect.pos[1] + photo._rect.size[1])[1]
    strip_top = gallery.ids.strip.to_window(0, gallery.ids.strip.top)[1]
    assert strip_top - top >= 2, "the ground shows above the photo"
    return math.ceil(top)


def test_the_attract_loop_with_nothing_moving_draws_no_frame(start_kiosk, demo_loaded):
    kiosk = start_kiosk(demo_loaded, draws=True)  # the frames draw, as on a display
    attract = kiosk.screen()
    assert kiosk.current == "attract"
    drawn = []

    def flipped(*_args) -> None:
        drawn.append(1)

    EventLoop.window.bind(on_flip=flipped)
    try:
        attract.front.drift(0, random.Random(2))  # a short move, ended
        kiosk.settle(1.6)
        attract.pulse(False)
        kiosk.frames(3)
        drawn.clear()
        kiosk.frames(60)
        assert drawn == [], "a still screen is not redrawn"
        attract.pulse(True)  # the hand alone: each of its few steps a second is one frame
        kiosk.frames(60)
        assert 0 < len(drawn) < 60
    finally:
        EventLoop.window.unbind(on_flip=flipped)
        attract.pulse(False)


def test_a_slow_pan_and_zoom_is_stepped_a_few_pixels_at_a_time(start_kiosk, demo_loaded):
    kiosk = start_kiosk(demo_loaded)
    attract = kiosk.screen()
    kiosk.settle(1.4)
    layer = attract.front
    assert layer.texture is not None
    layer.drift(8, random.Random(3))
    moved = []
    for _ in range(6):
        (x0, y0, w0, h0) = layer.box
        layer.advance(layer.interval())
        (x1, y1, w1, h1) = layer.box
        moved.append(max(abs(x1 - x0), abs(y1 - y0), abs(x1 + w1 - x0 - w0), abs(y1 + h1 - y0 - h0)))
    assert all(0.5 * MOVE_STEP_PX <= m <= 1.25 * MOVE_STEP_PX for m in moved), moved  # visible, never a jump
    assert layer.interval() > 1 / 60  # slower than every frame
    # transparent, it draws nothing and stops stepping
    layer.opacity = 0
    assert layer.box[2:] == (0.0, 0.0) and layer.interval() is None


def test_a_motion_left_behind_by_its_screen_stops_with_it(start_kiosk, demo_loaded):
    """Kivy's clock holds what it will call; a screen's ``Motion`` must not live on through
    it, stepping parts whose widgets are gone (a reloaded exhibition's old attract loop)."""
    import gc
    import weakref

    from kiosk.ui.motion import Motion

    kiosk = start_kiosk(demo_loaded)
    steps: list[float] = []

    class Part:
        def interval(self) -> float:
            return 1 / 60

        def advance(self, dt: float) -> None:
            steps.append(dt)

    motion = Motion()
    motion.add(Part())
    kiosk.frames(5)
    assert len(steps) >= 3, "it steps while its owner holds it"
    gone = weakref.ref(motion)
    del motion
    gc.collect()
    assert gone() is None, "nothing but its owner holds it"
    before = len(steps)
    kiosk.frames(5)
    assert len(steps) == before, "and with its owner gone it stops"


@pytest.mark.parametrize("where", ["attract", "home"])
def test_words_are_drawn_from_the_columns_they_are_in_and_look_as_kivy_draws_them(start_kiosk, demo_loaded, where):
    """A label set in a wide box draws the columns its words are in, not its whole texture
    (mostly transparent pixels, blended every frame): the screen is pixel for pixel what
    Kivy's label draws, in Arabic (right-to-left, to the right) and the other scripts."""
    from PIL import ImageChops

    from kiosk.ui.widgets.text import KLabel

    kiosk = start_kiosk(demo_loaded)
    kiosk.app.set_language("ar")
    if where == "home":
        kiosk.app.open("home")
    kiosk.settle(1.5)
    screen = kiosk.screen()
    if where == "attract":
        screen.pulse(False)  # the hand holds still between the two pictures
        screen.motion.stop()
    kiosk.frames(2)
    labels = [w for w in screen.walk(restrict=True) if isinstance(w, KLabel) and w.texture is not None
              and w.opacity > 0 and w.get_parent_window() is not None]
    assert len(labels) >= 5
    trimmed = framebuffer()
    ink = sum(w.ink_size[0] * w.ink_size[1] for w in labels)
    whole = sum(w.texture.width * w.texture.height for w in labels)
    assert ink < 0.75 * whole, (ink, whole)  # the transparent columns are not drawn
    for w in labels:  # Kivy's own way: the whole texture, centred on the label
        w.ink_texture, w.ink_x, w.ink_size = w.texture, 0, list(w.texture.size)
    kiosk.frames(2)
    kivy = framebuffer()
    assert ImageChops.difference(trimmed.convert("RGB"), kivy.convert("RGB")).getbbox() is None
