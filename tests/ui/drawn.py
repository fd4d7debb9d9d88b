"""What the window drew: the framebuffer read back after a real draw, and ways to find things in it.

Tests of anything that moves or is laid out look here, not at a widget's own idea of where
it is (a widget's ``center_x`` can lag its ``x`` while the screen shows the old place).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kivy.base import EventLoop

from kiosk.ui.drive import drawn_window
from PIL import Image, ImageDraw

Colour = tuple[int, int, int]


def screen_pixels() -> Image.Image:
    """What GL drew on the window's own surface after a full draw, top row first.

    The offscreen driver keeps the surface it was created with (1920x1080 here): a
    portrait window is drawn past its top, so this is whole only in landscape. Tests use
    :func:`framebuffer`; one test checks the two agree where both are whole.
    """
    from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels

    window = EventLoop.window
    window.dispatch("on_draw")  # draws the whole canvas into the back buffer
    w, h = window.size
    data = glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE)
    return Image.frombytes("RGBA", (w, h), data).transpose(Image.Transpose.FLIP_TOP_BOTTOM).convert("RGB")


def framebuffer() -> Image.Image:
    """The window drawn now, whole, top row first (``kiosk.ui.drive.drawn_window``)."""
    return drawn_window()


def near(a: Iterable[int], b: Iterable[int], tolerance: int = 24) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


def run_of(image: Image.Image, colour: Colour, *, row: int | None = None, column: int | None = None,
           tolerance: int = 24) -> tuple[int, int] | None:
    """First and last pixel of ``colour`` along one row (or column), in window pixels from the
    left (or from the BOTTOM, like Kivy's y), or None where the colour does not appear."""
    w, h = image.size
    pixels = image.load()
    if row is not None:
        y = h - 1 - row  # a window y (from the bottom) to an image row
        hits = [x for x in range(w) if near(pixels[x, y], colour, tolerance)]
    else:
        assert column is not None
        hits = [h - 1 - y for y in range(h) if near(pixels[column, y], colour, tolerance)]
    if not hits:
        return None
    return min(hits), max(hits)


def colour_box(image: Image.Image, colour: Colour, tolerance: int = 20) -> tuple[int, int, int, int] | None:
    """Where ``colour`` is drawn: (left, bottom, right, top) in window pixels, or None."""
    from PIL import ImageChops

    bands = [band.point(lambda v, c=c: 255 if abs(v - c) <= tolerance else 0)
             for band, c in zip(image.split(), colour)]
    mask = ImageChops.multiply(ImageChops.multiply(bands[0], bands[1]), bands[2])
    box = mask.getbbox()
    if box is None:
        return None
    left, top, right, bottom = box
    return left, image.height - bottom, right, image.height - top


def colours_in_row(image: Image.Image, colours: dict[str, Colour], row: int, tolerance: int = 24) -> set[str]:
    """Which of the named colours appear anywhere on one row (window y from the bottom)."""
    w, h = image.size
    pixels = image.load()
    y = h - 1 - row
    found = set()
    for x in range(w):
        for name, colour in colours.items():
            if near(pixels[x, y], colour, tolerance):
                found.add(name)
    return found


def solid_photo(path: Path, colour: Colour, size: tuple[int, int] = (1500, 1000)) -> Path:
    """A photo of one colour with a thin white frame, so its edges are easy to find."""
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).rectangle((0, 0, size[0] - 1, size[1] - 1), outline=(250, 250, 250), width=2)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, quality=95)
    return path
