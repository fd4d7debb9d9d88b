"""QR codes for a book's link, so a visitor takes it home on their phone.

Encoded by segno (a maintained, pure-Python QR encoder) and drawn here with Pillow as
black squares on white: every module is a whole number of pixels, with a quiet zone of
at least four modules around the code as the standard asks. A code whose modules are
not whole pixels has uneven squares after the GPU samples it, and phones read it
worse. Always a full QR code, never a Micro QR, which phone cameras do not read. No Kivy.
"""

from __future__ import annotations

import math

from PIL import Image

QUIET_ZONE = 4
"""Modules of white around the code; ISO/IEC 18004 asks for 4."""
ERROR_LEVEL = "m"
"""Medium error correction (15 %): survives fingerprints and glare on a touchscreen
without making a link's code much denser. segno raises it when that costs no size."""
MIN_QR_PX = 200
"""The smallest code drawn on screen, whatever the arithmetic in ``qr_size_px`` gives."""


def _encode(link: str):  # -> segno.QRCode
    import segno

    if not link:
        raise ValueError("an empty link cannot be made into a QR code")
    try:
        # UTF-8 bytes, as phones expect for a web address with non-Latin letters in it.
        return segno.make_qr(link, error=ERROR_LEVEL, encoding="utf-8")
    except segno.DataOverflowError:
        raise ValueError(f"the link is too long for a QR code ({len(link.encode('utf-8'))} bytes)") from None


def qr_matrix(link: str) -> list[list[bool]]:
    """The code's modules, row by row, True for dark; without the quiet zone.

    Raises ``ValueError`` for an empty link or one too long for any QR code.
    """
    return [[bool(module) for module in row] for row in _encode(link).matrix]


def qr_module_px(modules: int, box_px: int) -> int:
    """The whole number of pixels a module gets when a code of ``modules`` modules a side,
    with its quiet zone, is drawn inside ``box_px``."""
    return box_px // (modules + 2 * QUIET_ZONE)


def qr_image(link: str, box_px: int) -> Image.Image:
    """``link`` as a QR code: an RGB image exactly ``box_px`` square, black on white.

    Modules are a whole number of pixels (the largest that fits with the quiet zone);
    the pixels left over widen the white margin, so the code sits centred. Raises
    ``ValueError`` for an empty or too long link, or a box too small for one pixel a
    module.
    """
    matrix = _encode(link).matrix
    n = len(matrix)
    module = qr_module_px(n, box_px)
    if module < 1:
        raise ValueError(f"{box_px} px is too small for this QR code: it needs at least "
                         f"{n + 2 * QUIET_ZONE} px ({n} modules and the quiet zone)")
    # One byte a module (0 black, 255 white), then scaled up by a whole factor: nearest-
    # neighbour scaling by an integer copies each module to an exact square of pixels.
    modules = Image.frombytes("L", (n, n), bytes(0 if dark else 255 for row in matrix for dark in row))
    code = modules.resize((n * module, n * module), Image.Resampling.NEAREST)
    image = Image.new("L", (box_px, box_px), 255)
    offset = (box_px - n * module) // 2
    image.paste(code, (offset, offset))
    return image.convert("RGB")


def qr_size_px(
    screen_width_px: int,
    screen_diagonal_inches: float = 24,
    physical_cm: float = 3.0,
    minimum_px: int = MIN_QR_PX,
    aspect: tuple[int, int] = (16, 9),
) -> int:
    """The side of the QR image in pixels: at least ``physical_cm`` on the glass.

    A 24" screen of 16:9 is 24 x 16 / sqrt(16² + 9²) = 20.9" = 53.1 cm wide; 1920 px
    across it make 1920 / 53.1 = 36.1 px a centimetre, so 3 cm is 109 px (rounded up).
    Phones read a code from about ten times its width, so 3 cm is read from 30 cm;
    ``minimum_px`` (200 px, 5.5 cm there) lets a visitor scan it at arm's length
    without leaning in, and keeps several pixels a module for a link's code.

    ``screen_width_px`` is the long side of the screen (pass 1920 for a portrait
    1080x1920 screen too): pixels are square, so the density is the same both ways.
    """
    if screen_width_px <= 0 or screen_diagonal_inches <= 0:
        raise ValueError("the screen's width and diagonal must be positive")
    long, short = max(aspect), min(aspect)
    width_cm = screen_diagonal_inches * 2.54 * long / math.hypot(long, short)
    px_per_cm = screen_width_px / width_cm
    return max(math.ceil(physical_cm * px_per_cm), minimum_px)
