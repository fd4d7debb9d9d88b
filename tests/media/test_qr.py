"""QR codes for books' links: decoded back from the drawn image, and checked module by module."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import segno
from PIL import Image

from kiosk.media.qr import QUIET_ZONE, qr_image, qr_matrix, qr_module_px, qr_size_px

LINKS = [
    "https://example.org/books/letters-home",
    "https://example.org/kitab/Evə-məktublar?dil=az",
    "https://example.org/" + "archive/" * 30 + "index.html",
]


def _decode(image: Image.Image) -> list[str]:
    import zxingcpp

    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("link", LINKS)
def test_the_drawn_code_decodes_back_to_the_link(link: str, tmp_path: Path) -> None:
    image = qr_image(link, 300)
    # Through a PNG file, as the screens and `kiosk preview` keep it.
    image.save(tmp_path / "qr.png")
    with Image.open(tmp_path / "qr.png") as png:
        assert _decode(png.convert("L")) == [link]


def test_matrix_is_the_libraries_own_encoding() -> None:
    link = LINKS[0]
    expected = segno.make_qr(link, error="m", encoding="utf-8")
    assert qr_matrix(link) == [[bool(m) for m in row] for row in expected.matrix]
    assert not expected.is_micro  # phones cannot read Micro QR
    assert len(qr_matrix("https://x.org")) >= 21  # even a short link gets a full QR code


@pytest.mark.parametrize("box", [111, 200, 237, 480])
def test_every_module_is_a_whole_square_of_pixels_matching_the_matrix(box: int) -> None:
    link = LINKS[0]
    matrix = qr_matrix(link)
    n = len(matrix)
    image = qr_image(link, box)
    assert image.size == (box, box) and image.mode == "RGB"
    module = qr_module_px(n, box)
    assert module == box // (n + 2 * QUIET_ZONE) and module >= 1
    offset = (box - n * module) // 2
    assert offset >= QUIET_ZONE * module
    pixels = image.convert("L").load()
    for y in range(box):
        for x in range(box):
            r, c = (y - offset) // module, (x - offset) // module
            inside = 0 <= r < n and 0 <= c < n and y >= offset and x >= offset
            expected = 0 if inside and matrix[r][c] else 255
            assert pixels[x, y] == expected, (x, y)


def test_too_small_a_box_empty_or_overlong_links() -> None:
    n = len(qr_matrix(LINKS[0]))
    with pytest.raises(ValueError, match="too small"):
        qr_image(LINKS[0], n + 2 * QUIET_ZONE - 1)
    assert qr_image(LINKS[0], n + 2 * QUIET_ZONE).size == (n + 8, n + 8)
    with pytest.raises(ValueError, match="empty"):
        qr_image("", 200)
    with pytest.raises(ValueError, match="too long"):
        qr_matrix("https://example.org/" + "x" * 4000)


def test_size_is_about_three_centimetres_on_a_24_inch_1080p_screen() -> None:
    # 24" 16:9 is 53.1 cm wide: 1920 px / 53.1 cm = 36.1 px/cm; 3 cm = 108.4 px.
    assert qr_size_px(1920, minimum_px=0) == 109
    assert qr_size_px(1920) >= 108
    assert qr_size_px(1920) == 200  # the floor for scanning at arm's length
    assert qr_size_px(3840, minimum_px=0) == 217  # a 4K screen: the same centimetres, twice the pixels
    assert qr_size_px(1920, screen_diagonal_inches=55, minimum_px=0) == 48  # a big screen has bigger pixels
    with pytest.raises(ValueError):
        qr_size_px(0)


def test_the_default_size_decodes_too() -> None:
    buffer = io.BytesIO()
    qr_image(LINKS[1], qr_size_px(1920)).save(buffer, "PNG")
    assert _decode(Image.open(buffer)) == [LINKS[1]]
