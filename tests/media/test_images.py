"""Decoding photos for the screen: sizes, orientation, colour, and every kind of broken file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.media.images import BACKGROUND, decode_for_screen, decode_sizes, fit, inspect_image
from kiosk.media.problems import MediaProblem

from tests.media.makers import BLUE, GREEN, RED


def pixel(decoded, x: int, y: int) -> tuple[int, int, int]:
    w, _ = decoded.size
    i = (y * w + x) * 3
    return tuple(decoded.pixels[i:i + 3])


def near(found, expected, tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(found, expected))


def test_a_24_megapixel_photo_is_decoded_to_fit_the_screen(photos):
    decoded = decode_for_screen(photos["big"], (1920, 1920))
    assert decoded.size == (1920, 1280)
    assert decoded.source_size == (6000, 4000)
    assert len(decoded.pixels) == 1920 * 1280 * 3
    assert near(pixel(decoded, 960, 100), BLUE), "the top half is blue, rows run top to bottom"
    assert near(pixel(decoded, 960, 1200), RED)


def test_one_decode_gives_every_size(photos):
    zoom, screen, thumb = decode_sizes(photos["big"], [(4096, 4096), (1920, 1920), (480, 480)])
    assert (zoom.size, screen.size, thumb.size) == ((4096, 2731), (1920, 1280), (480, 320))
    assert near(pixel(thumb, 240, 300), RED)


def test_a_small_photo_is_never_enlarged(photos):
    assert decode_for_screen(photos["cmyk"], (4096, 4096)).size == (300, 200)
    assert fit((300, 200), (100, 100)) == (100, 67)
    assert fit((5, 4000), (480, 480)) == (1, 480)


def test_the_exif_orientation_is_applied(photos):
    decoded = decode_for_screen(photos["rotated"], (1920, 1920))
    assert decoded.size == (200, 400)
    assert decoded.source_size == (200, 400)
    assert near(pixel(decoded, 100, 50), RED), "the left of the stored image is on top"
    assert near(pixel(decoded, 100, 350), BLUE)


def test_the_orientation_counts_when_fitting_a_box(photos):
    decoded = decode_for_screen(photos["rotated"], (100, 100))
    assert decoded.size == (50, 100)


def test_a_cmyk_scan_comes_out_rgb(photos):
    decoded = decode_for_screen(photos["cmyk"], (1920, 1920))
    assert len(decoded.pixels) == 300 * 200 * 3
    assert near(pixel(decoded, 150, 100), (255, 0, 0), tolerance=20)


def test_transparency_is_laid_on_the_dark_background(photos):
    decoded = decode_for_screen(photos["alpha"], (1920, 1920))
    assert decoded.size == (200, 100)
    assert near(pixel(decoded, 20, 50), BACKGROUND, tolerance=2)
    assert near(pixel(decoded, 180, 50), GREEN, tolerance=2)


def test_a_palette_image_with_a_transparent_colour(photos):
    decoded = decode_for_screen(photos["palette"], (1920, 1920))
    assert near(pixel(decoded, 25, 25), GREEN, tolerance=2)


def test_a_16_bit_image_is_scaled_not_clipped(photos):
    decoded = decode_for_screen(photos["deep"], (1920, 1920))
    assert decoded.size == (64, 32)
    assert near(pixel(decoded, 10, 10), (128, 128, 128), tolerance=1), "not white: 16-bit values scaled to 8"


def test_a_damaged_colour_profile_still_shows_the_photo(photos):
    decoded = decode_for_screen(photos["bad_profile"], (1920, 1920))
    assert near(pixel(decoded, 60, 40), GREEN)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # the 225 MP one, refused all the same
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("truncated", "the file is truncated"),
        ("truncated_png", "the file is truncated"),
        ("empty", "the file is empty"),
        ("noise", "not an image"),
        ("text", "not an image: the file holds text"),
        ("bomb", "the image is too large (decompression bomb: 900 megapixels)"),
        ("big_header", "the image is too large (decompression bomb: 225 megapixels)"),
    ],
)
def test_a_broken_file_says_why(photos, name, reason):
    with pytest.raises(MediaProblem) as caught:
        decode_for_screen(photos[name], (1920, 1920))
    assert caught.value.reason == reason
    assert inspect_image(photos[name]) == reason


def test_a_missing_file_and_a_folder(tmp_path):
    with pytest.raises(MediaProblem, match="the file does not exist"):
        decode_for_screen(tmp_path / "gone.jpg", (100, 100))
    with pytest.raises(MediaProblem, match="not a regular file"):
        decode_for_screen(tmp_path, (100, 100))


def test_a_web_page_saved_as_jpg(tmp_path):
    page = tmp_path / "photo.jpg"
    page.write_text("<!DOCTYPE html><html><body>Not found</body></html>", encoding="utf-8")
    assert inspect_image(page) == "not an image: the file is a web page (HTML)"


def test_good_files_pass_the_quick_check(photos):
    for name in ("big", "rotated", "cmyk", "alpha", "deep", "palette", "bad_profile"):
        assert inspect_image(photos[name]) is None, name


def test_a_jpeg_with_data_after_its_end_passes(photos, tmp_path):
    padded = tmp_path / "padded.jpg"
    padded.write_bytes(photos["rotated"].read_bytes() + b"\0" * 1000)
    assert inspect_image(padded) is None


def test_decoding_does_not_let_truncated_images_through_globally(photos):
    from PIL import ImageFile

    with pytest.raises(MediaProblem):
        decode_for_screen(photos["truncated"], (480, 480))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_the_media_code_imports_no_kivy():
    code = "import sys, kiosk.media.images, kiosk.media.renditions, kiosk.media.prepare; " \
           "print('kivy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "False"


# --- every orientation, every format (issue 15: TIFF scans came out mirrored or sideways) ----

from tests.hostile.make_corpus import ORIENTATION_FORMATS, QUADRANTS, oriented, upright  # noqa: E402


def _quadrant_colours(image) -> list[tuple[int, int, int]]:
    w, h = image.size
    return [image.getpixel((x, y)) for y in (h * 3 // 4 - h // 2, h * 3 // 4) for x in (w // 4 + w // 8, w * 3 // 4)]


@pytest.mark.parametrize("orientation", range(1, 9))
@pytest.mark.parametrize("fmt", list(ORIENTATION_FORMATS))
def test_every_orientation_comes_out_upright(tmp_path, fmt, orientation):
    path = oriented(tmp_path / f"o{orientation}{ORIENTATION_FORMATS[fmt]}", fmt, orientation)
    from PIL import Image
    with Image.open(path) as im:  # the tag is really in the file, where each format keeps it
        tag = im.tag_v2.get(274) if fmt == "tiff" else im.getexif().get(274)
    assert tag == orientation
    decoded = decode_for_screen(path, (1920, 1080))
    assert decoded.size == (160, 100) and decoded.source_size == (160, 100)
    reference = upright()
    shown = decoded.to_pil()
    for found, expected in zip(_quadrant_colours(shown), _quadrant_colours(reference)):
        assert near(found, expected, 24), (found, expected)
    assert near(shown.getpixel((8, 8)), (0, 0, 0), 40)  # the black mark, top left
    # and shrunk to fit a box, where the turned ones swap width and height before fitting
    small = decode_sizes(path, [(80, 80)])[0]
    assert small.size == (80, 50)
    assert near(_quadrant_colours(small.to_pil())[0], QUADRANTS[0], 30)


def test_a_damaged_tiff_is_named_by_the_decoding_check(tmp_path, capfd):
    from tests.hostile.make_corpus import damaged_tiff

    path = damaged_tiff(tmp_path / "scan.tif")
    assert inspect_image(path) is None  # its structure is whole: the quick check cannot tell
    assert inspect_image(path, decode=True) == "the image data is damaged (decoder error -2)"
    with pytest.raises(MediaProblem, match="decoder error -2"):
        decode_for_screen(path, (800, 800))
    out, err = capfd.readouterr()  # libtiff's own "ZIPDecode: Decoding error" stays out of the output
    assert "ZIPDecode" not in out + err and "scanline" not in out + err


def test_validate_decodes_within_its_time_budget_and_says_what_it_did_not(tmp_path):
    from kiosk.media.inspect import MediaInspection
    from tests.hostile.make_corpus import damaged_tiff

    paths = [damaged_tiff(tmp_path / f"scan{i}.tif") for i in range(4)]
    ticks = iter(range(0, 1000, 10))  # each decode "takes" 10 s on this clock
    inspection = MediaInspection(seconds=15, clock=lambda: next(ticks))
    reasons = [inspection("image", p) for p in paths]
    assert reasons[:2] == ["the image data is damaged (decoder error -2)"] * 2
    assert reasons[2:] == [None, None]  # headers only: they look fine
    assert inspection.not_decoded == paths[2:]
    note = inspection.note(lambda p: p.name)
    assert note == ("note: 2 images were checked by their headers only, not decoded (15 s of decoding were used "
                    "up): scan2.tif, scan3.tif; 'kiosk prepare' decodes every image and names any that fail")
    assert MediaInspection().note() is None


def test_a_fifo_or_device_as_a_photo_is_refused_without_reading(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.jpg")  # opening it would block until a writer came
    assert inspect_image(tmp_path / "pipe.jpg", decode=True) == "not a regular file"
    assert inspect_image(Path("/dev/zero"), decode=True) == "not a regular file"
    with pytest.raises(MediaProblem, match="not a regular file"):
        decode_for_screen(tmp_path / "pipe.jpg", (100, 100))
