"""Real image files, good and broken, made with Pillow in the test's folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from tests.media.makers import BLUE, GREEN, RED, big_jpeg, png_header_only


@pytest.fixture
def photos(tmp_path: Path) -> dict[str, Path]:
    """One file of each kind the archive might hand a curator."""
    folder = tmp_path / "photos"
    folder.mkdir()
    made: dict[str, Path] = {}
    made["big"] = big_jpeg(folder / "big.jpg")

    # Stored lying on its side: 400 wide, 200 high, red on the left; orientation 6 says
    # "turn 90 degrees clockwise to view", so it shows 200 wide, 400 high, red on top.
    side = Image.new("RGB", (400, 200), BLUE)
    ImageDraw.Draw(side).rectangle((0, 0, 199, 199), fill=RED)
    exif = Image.Exif()
    exif[0x0112] = 6
    side.save(folder / "rotated.jpg", "JPEG", quality=95, exif=exif)
    made["rotated"] = folder / "rotated.jpg"

    Image.new("CMYK", (300, 200), (0, 255, 255, 0)).save(folder / "cmyk.jpg", "JPEG", quality=95)
    made["cmyk"] = folder / "cmyk.jpg"

    alpha = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    ImageDraw.Draw(alpha).rectangle((100, 0, 199, 99), fill=(*GREEN, 255))
    alpha.save(folder / "alpha.png")
    made["alpha"] = folder / "alpha.png"

    Image.new("I;16", (64, 32), 128 * 257).save(folder / "deep.png")
    made["deep"] = folder / "deep.png"

    palette = Image.new("P", (50, 50), 1)
    palette.putpalette([0, 0, 0, *GREEN] + [0] * 762)
    palette.save(folder / "palette.gif", transparency=0)
    made["palette"] = folder / "palette.gif"

    Image.new("RGB", (120, 80), GREEN).save(folder / "bad-profile.jpg", "JPEG", icc_profile=b"not a profile")
    made["bad_profile"] = folder / "bad-profile.jpg"

    whole = made["big"].read_bytes()
    (folder / "truncated.jpg").write_bytes(whole[: len(whole) // 2])
    made["truncated"] = folder / "truncated.jpg"

    png = folder / "gradient.png"
    Image.linear_gradient("L").resize((600, 400)).save(png)
    data = png.read_bytes()
    (folder / "truncated.png").write_bytes(data[: len(data) // 2])
    made["truncated_png"] = folder / "truncated.png"

    (folder / "empty.jpg").write_bytes(b"")
    made["empty"] = folder / "empty.jpg"
    (folder / "noise.jpg").write_bytes(bytes((i * 7919 + 13) % 251 for i in range(4096)))
    made["noise"] = folder / "noise.jpg"
    (folder / "notes.jpg").write_text("Photo 12: the square at dawn, February 1992.\n", encoding="utf-8")
    made["text"] = folder / "notes.jpg"
    made["bomb"] = png_header_only(folder / "bomb.png", 30000, 30000)
    made["big_header"] = png_header_only(folder / "big-header.png", 15000, 15000)
    return made
