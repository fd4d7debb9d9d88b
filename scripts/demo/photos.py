"""The photo panels: ``media/photos/001.jpg`` to ``012.jpg`` (007 stored on its side with an
EXIF orientation, as a camera does). Each drawn scene is made into an archival photograph
of it (``archival.py``): framed off-centre, on monochrome film, toned, grainy and soft."""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image

from .archival import Look, archival
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

LOOKS: dict[str, Look] = {
    # how each was taken and printed: red flowers, seats and skies under orthochromatic film
    # print dark and pale as on old negatives; a map and its paper photographed as a document
    "001.jpg": Look("silver", (0.45, 0.56), 0.82, -0.6),
    "002.jpg": Look("sepia", (0.56, 0.52), 0.80, 0.4),
    "003.jpg": Look("silver", (0.42, 0.60), 0.78, -0.8, ortho=True),
    "004.jpg": Look("selenium", (0.55, 0.46), 0.85, 0.5),
    "005.jpg": Look("sepia", (0.40, 0.52), 0.84, -1.0),
    "006.jpg": Look("silver", (0.60, 0.46), 0.80, 0.7),
    "007.jpg": Look("silver", (0.50, 0.56), 0.88, -0.4, ortho=True),
    "008.jpg": Look("selenium", (0.55, 0.50), 0.85, 0.3, soft=1.4),
    "009.jpg": Look("silver", (0.42, 0.50), 0.82, -0.5),
    "010.jpg": Look("sepia", (0.50, 0.50), 0.92, 0.8, grain=0.7),
    "011.jpg": Look("sepia", (0.50, 0.56), 0.84, 0.6, ortho=True),
    "012.jpg": Look("silver", (0.45, 0.50), 0.84, -0.7),
}


def build_photos() -> None:
    for i, (name, scene, w, h, ss) in enumerate(PHOTOS):
        seed = SEED + 100 * (i + 1)
        im = sample_mark(archival(render(scene, w, h, seed, ss), seed + 7, LOOKS[name]))
        path = MEDIA / "photos" / name
        if name == "007.jpg":
            # store the pixels rotated 90 degrees counter-clockwise; Orientation 6
            # ("rotate 90 CW to display") makes exif_transpose show it upright
            exif = Image.Exif()
            exif[0x0112] = 6
            save_jpeg(im.transpose(Image.Transpose.ROTATE_90), path, exif=exif.tobytes())
        else:
            save_jpeg(im, path)
