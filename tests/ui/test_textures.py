"""The texture cache in a real offscreen window: real files, real decodes, real GL uploads."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from kivy.base import EventLoop
from kivy.graphics import ClearBuffers, ClearColor, Fbo, Rectangle
from PIL import Image, ImageChops, ImageDraw

from kiosk.media.renditions import RenditionCache
from kiosk.ui.textures import TextureCache, screen_photos_bytes, texture_bytes

from .drawn import framebuffer

RED, GREEN, BLUE = (220, 30, 30), (30, 200, 60), (40, 60, 220)


@pytest.fixture(scope="module", autouse=True)
def window():
    EventLoop.ensure_window()
    return EventLoop.window


@pytest.fixture
def make(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, size: tuple[int, int] = (600, 400), colour=BLUE) -> Path:
        path = tmp_path / name
        Image.new("RGB", size, colour).save(path, quality=95)
        return path

    return make


class Answers:
    """Collects callbacks: (texture, reason) in arrival order."""

    def __init__(self) -> None:
        self.got: list[tuple[object, str | None]] = []

    def __call__(self, texture, reason) -> None:
        self.got.append((texture, reason))


def frames_until(done: Callable[[], bool], seconds: float = 30.0) -> None:
    """Run real frames until ``done`` (decoding runs on threads); the real deadline only stops
    a hung test (frames do not wait for the display: a count of them would be no bound)."""
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "gave up waiting"
        EventLoop.idle()
        time.sleep(0.001)


@pytest.fixture
def cache():
    made: list[TextureCache] = []

    def new(renditions: RenditionCache | None = None, **kw) -> TextureCache:
        made.append(TextureCache(renditions, **kw))
        return made[-1]

    yield new
    for c in made:
        c.close()


class ManualClock:
    """A clock whose frames the test runs one at a time."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls = 0
        self.armed = False
        self.callback = None

    def create_trigger(self, callback, timeout=0):
        self.callback = callback
        clock = self

        class Trigger:
            def __call__(self) -> None:
                with clock.lock:
                    clock.calls += 1
                    clock.armed = True

            def cancel(self) -> None:
                clock.armed = False

        return Trigger()

    def frame(self) -> None:
        with self.lock:
            armed, self.armed = self.armed, False
        if armed:
            self.callback(0.0)

    def wait_for_calls(self, count: int) -> None:
        for _ in range(2000):  # decoding runs on real threads; the bound only stops a hang
            if self.calls >= count:
                return
            time.sleep(0.005)
        raise AssertionError("the workers never finished")


def drawn_pixels(texture) -> tuple[bytes, int, int]:
    """Draw the texture as a widget would and read back what is shown (RGBA, bottom row first)."""
    w, h = texture.size
    fbo = Fbo(size=(w, h))
    with fbo:
        ClearColor(0, 0, 0, 1)
        ClearBuffers()
        Rectangle(texture=texture, pos=(0, 0), size=(w, h))
    fbo.draw()
    return fbo.pixels, w, h


def rgba_at(pixels: bytes, w: int, x: int, y_from_bottom: int) -> tuple[int, ...]:
    i = (y_from_bottom * w + x) * 4
    return tuple(pixels[i:i + 3])


def near(found, expected, tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(found, expected))


def test_a_photo_arrives_as_a_texture_fitted_to_the_screen(cache, make):
    source = make("big.jpg", (3000, 2000))
    textures = cache()
    answers = Answers()
    textures.request(source, "screen", answers)
    assert answers.got == [], "decoding happens off the UI thread, later"
    frames_until(lambda: answers.got)
    texture, reason = answers.got[0]
    assert reason is None
    assert texture.size == (1920, 1280) and texture.colorfmt == "rgb"
    assert textures.bytes_used == texture_bytes((1920, 1280))
    assert textures.pending == 0


def test_the_photo_shows_upright_with_the_right_colours_at_an_odd_width(cache, tmp_path):
    # 301 pixels of RGB are 903 bytes a row: a GL alignment mistake would shear it.
    image = Image.new("RGB", (301, 200), BLUE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 300, 99), fill=RED)  # top half red
    draw.rectangle((300, 0, 300, 199), fill=GREEN)  # the last column green
    source = tmp_path / "odd.png"
    image.save(source)
    textures = cache()
    answers = Answers()
    textures.request(source, "thumb", answers)
    frames_until(lambda: answers.got)
    texture = answers.got[0][0]
    assert texture.size == (301, 200)

    shown, w, h = drawn_pixels(texture)
    assert near(rgba_at(shown, w, 150, h - 10), RED), "the top of the photo is at the top"
    assert near(rgba_at(shown, w, 150, 10), BLUE)
    assert near(rgba_at(shown, w, 300, h - 10), GREEN), "rows are not sheared"
    assert near(rgba_at(shown, w, 300, 10), GREEN)

    raw = texture.pixels  # GL's memory: its first row is the photo's top row
    assert near(rgba_at(raw, w, 150, 0), RED)


def test_a_prepared_rendition_is_used(cache, make, tmp_path):
    source = make("panel.jpg", (2400, 1600), BLUE)
    renditions = RenditionCache(tmp_path / "cache")
    renditions.build(source, ["screen"])
    # Paint the rendition green: if the texture is green, it came from the rendition.
    prepared = renditions.path_for(source, "screen")
    Image.new("RGB", (1920, 1280), GREEN).save(prepared, quality=95)

    textures = cache(renditions)
    answers = Answers()
    textures.request(source, "screen", answers)
    frames_until(lambda: answers.got)
    shown, w, _ = drawn_pixels(answers.got[0][0])
    assert near(rgba_at(shown, w, 960, 640), GREEN)


def test_without_a_rendition_one_is_written_for_next_time(cache, make, tmp_path):
    source = make("fresh.jpg", (2400, 1600))
    renditions = RenditionCache(tmp_path / "cache")
    textures = cache(renditions)
    answers = Answers()
    textures.request(source, "thumb", answers)
    frames_until(lambda: answers.got)
    textures.close()  # waits for the worker, which writes after handing the photo over
    with Image.open(renditions.path_for(source, "thumb")) as thumb:
        assert thumb.size == (480, 320)


def test_a_cached_texture_answers_at_once_and_requests_share_one_decode(cache, make):
    source = make("one.jpg")
    textures = cache()
    first, second = Answers(), Answers()
    textures.request(source, "thumb", first)
    textures.request(source, "thumb", second)
    assert textures.pending == 1
    frames_until(lambda: first.got and second.got)
    assert first.got[0][0] is second.got[0][0]

    third = Answers()
    textures.request(source, "thumb", third)
    assert third.got == [(first.got[0][0], None)], "synchronous"
    assert textures.peek(source, "thumb") is first.got[0][0]
    assert textures.peek(source, "screen") is None


def test_a_broken_or_missing_file_answers_with_the_reason(cache, make, tmp_path):
    good = make("good.jpg", (1200, 800))
    whole = good.read_bytes()
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(whole[: len(whole) // 2])
    textures = cache(RenditionCache(tmp_path / "cache"))
    answers, missing = Answers(), Answers()
    textures.request(broken, "screen", answers)
    textures.request(tmp_path / "gone.jpg", "screen", missing)
    frames_until(lambda: answers.got and missing.got)
    assert answers.got == [(None, "the file is truncated")]
    assert missing.got == [(None, "the file does not exist")]

    again = Answers()
    textures.request(broken, "screen", again)
    assert again.got == [(None, "the file is truncated")], "remembered, answered at once"
    assert textures.bytes_used == 0


def test_the_least_recently_used_texture_goes_first(cache, make):
    paths = [make(f"p{i}.jpg", (480, 320)) for i in range(3)]
    one = texture_bytes((480, 320))
    textures = cache(max_bytes=2 * one)
    for path in paths[:2]:
        answers = Answers()
        textures.request(path, "thumb", answers)
        frames_until(lambda: answers.got)
    assert textures.peek(paths[0], "thumb") is not None  # now the most recently used
    answers = Answers()
    textures.request(paths[2], "thumb", answers)
    frames_until(lambda: answers.got)
    assert textures.bytes_used == 2 * one
    assert textures.peek(paths[1], "thumb") is None, "evicted"
    assert textures.peek(paths[0], "thumb") is not None
    assert textures.peek(paths[2], "thumb") is not None


def test_uploads_are_spread_over_frames(cache, make):
    clock = ManualClock()
    paths = [make(f"t{i}.jpg", (200, 100)) for i in range(5)]
    textures = cache(clock=clock, uploads_per_frame=2)
    answers = Answers()
    for path in paths:
        textures.request(path, "thumb", answers)
    clock.wait_for_calls(5)
    counts = []
    for _ in range(3):
        clock.frame()
        counts.append(len(answers.got))
    assert counts == [2, 4, 5]


def test_a_request_overtakes_earlier_prefetches(cache, make):
    clock = ManualClock()
    paths = [make(f"q{i}.jpg", (300, 200)) for i in range(6)]
    textures = cache(clock=clock, workers=1, uploads_per_frame=1)
    textures.prefetch(paths[:5], "thumb")
    answers = Answers()
    textures.request(paths[5], "thumb", answers)
    clock.wait_for_calls(6)
    arrived = []
    for _ in range(6):
        clock.frame()
        arrived.append(next(i for i, p in enumerate(paths)
                            if textures.peek(p, "thumb") is not None and i not in arrived))
    assert arrived.index(5) <= 1, f"the visitor's photo came {arrived.index(5) + 1}th: {arrived}"
    assert arrived[2:] == [i for i in range(5) if i not in arrived[:2]], "prefetches keep their order"


def test_close_stops_the_workers_and_drops_pending_work(cache, make):
    clock = ManualClock()
    textures = cache(clock=clock)
    answers = Answers()
    textures.request(make("late.jpg"), "thumb", answers)
    textures.close()
    clock.frame()
    assert answers.got == [] and textures.pending == 0
    textures.close()  # twice is fine


def test_an_unknown_size_is_a_programming_error(cache, make):
    with pytest.raises(ValueError, match="unknown photo size"):
        cache().request(make("x.jpg"), "poster", Answers())


# --- memory while a visitor browses ------------------------------------------------------

def _show(kiosk, target: str, **options):
    """Open ``target`` as a visitor's touch would, and wait for its fade and photos."""
    kiosk.app.open(target, **options)
    kiosk.settle(0.6)
    return kiosk.screen()


def _open_gallery(kiosk):
    _show(kiosk, "home")
    return _show(kiosk, "section", section="photos", index=0)


def test_browsing_there_and_back_decodes_no_photo_twice_nearby_and_keeps_the_cache_in_its_bound(
        start_kiosk, demo_loaded, monkeypatch):
    from kiosk.ui import textures as module

    decoded: list[Path] = []
    decode = module.decode_for_screen
    monkeypatch.setattr(module, "decode_for_screen", lambda path, box: decoded.append(path) or decode(path, box))
    kiosk = start_kiosk(demo_loaded)
    textures = kiosk.app.textures
    assert textures.max_bytes == screen_photos_bytes() < 60 * 2**20
    strip = _open_gallery(kiosk).ids.strip
    count = int(strip.count)
    assert count >= 10, "the demo gallery is too short to fill the cache"

    def visit(index: int, step: int) -> None:
        strip.go_to(index, animate=False)  # a slot whose photo is cached is filled at once
        beyond = index + step
        if 0 <= beyond < count:
            slot = strip.slots[strip.slot_index.index(beyond)]
            assert slot.texture is not None, f"at panel {index}, panel {beyond} was not prefetched"
        kiosk.settle(0.05)
        assert textures.bytes_used <= textures.max_bytes, f"at panel {index}"

    decoded.clear()
    for index in range(1, count):
        visit(index, 1)
    assert len(decoded) == len(set(decoded)) == count - 3, "forward, each photo is decoded once"
    decoded.clear()
    for index in range(count - 2, count - 5, -1):
        visit(index, -1)
    assert decoded == [], "three panels back, the photos are still in the cache"
    for index in range(count - 5, -1, -1):
        visit(index, -1)
    assert len(decoded) == len(set(decoded)), "backward, each photo is decoded once"


def _window_sized_framebuffers() -> int:
    import gc

    from kivy.graphics import Fbo

    gc.collect()
    size = tuple(EventLoop.window.size)
    return sum(1 for o in gc.get_objects() if type(o) is Fbo and tuple(o.size) == size)


def test_a_finished_fade_lets_go_of_its_framebuffers_and_the_next_fade_draws_the_screens(start_kiosk,
                                                                                       demo_loaded):
    kiosk = start_kiosk(demo_loaded)
    _show(kiosk, "home")
    assert _window_sized_framebuffers() == 0, "the fade from the attract loop kept its framebuffers"
    home = framebuffer()
    _show(kiosk, "section", section="photos", index=0)
    assert _window_sized_framebuffers() == 0
    gallery = framebuffer()
    _show(kiosk, "home")
    assert _window_sized_framebuffers() == 0
    again = framebuffer()
    differs = ImageChops.difference(home, gallery).convert("L").point(lambda v: 255 if v else 0).histogram()[255]
    assert differs > 0.2 * home.width * home.height, "the gallery was not drawn after the fade"
    assert ImageChops.difference(again, home).getbbox() is None, "the fade back drew home differently"


def test_labels_hold_their_pixels_once_in_their_textures_and_still_draw(start_kiosk, demo_loaded):
    import gc

    from kivy.core.text import LabelBase

    kiosk = start_kiosk(demo_loaded)
    gallery = _open_gallery(kiosk)
    title = gallery.ids.panel_title
    ink = tuple(round(v * 255) for v in title.color[:3])

    def drawn_title() -> Image.Image:
        shot = framebuffer()
        x, y = (int(v) for v in title.to_window(title.x, title.y))
        return shot.crop((x, shot.height - y - int(title.height), x + int(title.width), shot.height - y))

    def inked(image: Image.Image) -> int:
        return sum(1 for p in image.get_flattened_data() if all(abs(a - b) <= 24 for a, b in zip(p, ink)))

    first = drawn_title()
    gallery.ids.strip.go_to(1, animate=False)  # a new title: rendered again
    kiosk.settle(0.3)
    second = drawn_title()
    assert inked(first) > 200 and inked(second) > 200, "the title's letters are not drawn"
    assert ImageChops.difference(first, second).getbbox() is not None, "the new title was not drawn"
    gc.collect()
    labels = [o for o in gc.get_objects() if issubclass(type(o), LabelBase) and o.texture is not None]
    assert len(labels) > 20
    assert [o for o in labels if getattr(o, "_surface", None) is not None] == [], "rendered pixels kept twice"
