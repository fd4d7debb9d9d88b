"""The photo panels: ``media/photos/001.jpg`` to ``012.jpg`` (007 stored on its side with an
EXIF orientation, as a camera does)."""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image

from .common import MEDIA, SEED
from .drawing import render, sample_mark, save_jpeg
from .scenes import (
    scene_archive, scene_candles, scene_carnations, scene_concert_hall, scene_library, scene_memorial_stone,
    scene_memorial_wall, scene_mountains, scene_old_map, scene_old_street, scene_reading_room, scene_sunrise,
)


# (file name, scene, width, height, supersampling)
PHOTOS: list[tuple[str, Callable[[int, int, int], Image.Image], int, int, int]] = [
    ("001.jpg", scene_memorial_stone, 6000, 4000, 1),
    ("002.jpg", scene_candles, 1800, 1200, 2),
    ("003.jpg", scene_carnations, 1800, 1200, 2),
    ("004.jpg", scene_library, 1200, 1800, 2),
    ("005.jpg", scene_old_street, 1800, 1200, 2),
    ("006.jpg", scene_archive, 1800, 1200, 2),
    ("007.jpg", scene_mountains, 1800, 1200, 2),
    ("008.jpg", scene_sunrise, 1800, 1200, 2),
    ("009.jpg", scene_memorial_wall, 1800, 1200, 2),
    ("010.jpg", scene_old_map, 1800, 1200, 2),
    ("011.jpg", scene_concert_hall, 1800, 1200, 2),
    ("012.jpg", scene_reading_room, 1800, 1200, 2),
]

def build_photos() -> None:
    for i, (name, scene, w, h, ss) in enumerate(PHOTOS):
        im = sample_mark(render(scene, w, h, SEED + 100 * (i + 1), ss))
        path = MEDIA / "photos" / name
        if name == "007.jpg":
            # store the pixels rotated 90 degrees counter-clockwise; Orientation 6
            # ("rotate 90 CW to display") makes exif_transpose show it upright
            exif = Image.Exif()
            exif[0x0112] = 6
            save_jpeg(im.transpose(Image.Transpose.ROTATE_90), path, exif=exif.tobytes())
        else:
            save_jpeg(im, path)
