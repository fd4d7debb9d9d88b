"""Decoding photos for the screen with Pillow: small, upright, sRGB, never half-broken.

A curator drops whatever the archive gave them into ``media/``: 24-megapixel camera
JPEGs lying on their side (EXIF orientation), CMYK scans from a print workflow, PNGs
with transparency, 16-bit greyscale TIFFs, files cut short by a failed copy. This
module turns any of them into RGB pixels that fit a box, or into a ``MediaProblem``
whose ``reason`` a curator can act on.

Speed comes from decoding no more than the screen needs: for JPEG, ``draft`` lets
libjpeg decode at 1/2, 1/4 or 1/8 scale, and the remaining resize, the colour
conversion and the rotation all run on the already small image.

No Kivy here: ``kiosk prepare`` runs this in worker processes, the kiosk in threads.
"""

from __future__ import annotations

import io
import logging
import math
import os
import re
import stat
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image, ImageCms, JpegImagePlugin, TiffImagePlugin, UnidentifiedImageError

from .problems import MediaProblem
from .sniff import HEAD_BYTES, looks_like_text, sniff

libtiff_log = logging.getLogger("kiosk.media.libtiff")

MAX_PIXELS = 200_000_000
"""Larger images are refused: 200 MP is beyond any archival scan a kiosk shows, and
decoding one takes 600 MB of memory before it is made small."""

MAX_FILE_BYTES = 1 << 30
"""Larger files are refused before they are read."""

BACKGROUND = (22, 20, 18)
"""Transparent parts are laid on the kiosk's ground (theme.NORMAL.BACKGROUND, the warm near
black), so an emblem with a transparent ground sits on the screen as drawn."""

RESAMPLE = Image.Resampling.LANCZOS
REDUCING_GAP = 3.0
"""Shrink by whole factors with a box filter first while the image is more than 3x the
target, then finish with Lanczos: visually the same as Lanczos alone, much faster."""

# Pillow refuses images over twice its limit and only warns over the limit; its own
# default (89 MP) would refuse panoramas we want to show. Our own check below turns
# everything over MAX_PIXELS into a MediaProblem, warning range included.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))

# The transposition for each EXIF orientation, as ImageOps.exif_transpose applies it.
# We apply it ourselves after shrinking: exif_transpose on a 24 MP photo copies all of
# it. Pillow's TIFF loader already turns the image upright while loading (and drops the
# tag), so the orientation is read after loading for everything but JPEG, whose
# loader never turns it and whose draft size must be chosen before loading.
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SWAPS_AXES = {5, 6, 7, 8}

Box = tuple[int, int]


@dataclass(frozen=True)
class DecodedImage:
    """RGB pixels ready for a texture: 3 bytes a pixel, rows from top to bottom."""

    size: Box
    pixels: bytes
    source_size: Box
    """The original's size as it is shown, i.e. after its EXIF rotation."""

    def to_pil(self) -> Image.Image:
        return Image.frombytes("RGB", self.size, self.pixels)


def fit(size: Box, box: Box) -> Box:
    """The largest size with ``size``'s proportions inside ``box``; never enlarged."""
    w, h = size
    scale = min(box[0] / w, box[1] / h, 1.0)
    return max(1, round(w * scale)), max(1, round(h * scale))


def decode_for_screen(path: Path, box: Box) -> DecodedImage:
    """Decode ``path`` to upright sRGB pixels that fit inside ``box``.

    Raises ``MediaProblem`` for anything that cannot be shown whole.
    """
    return decode_sizes(path, [box])[0]


def decode_sizes(path: Path, boxes: Sequence[Box]) -> list[DecodedImage]:
    """Decode ``path`` once and return it fitted inside each of ``boxes``.

    The file is decoded for the largest box; the others are shrunk from that, so
    building three renditions costs one decode.
    """
    if not boxes:
        return []
    with _opened(path) as im:
        largest = max(boxes, key=lambda b: b[0] * b[1])
        base, source_size = _decode(im, largest)
    results = []
    for box in boxes:
        # Sized from the source, as decode_for_screen(path, box) would be, to the pixel.
        target = fit(source_size, box) if box != largest else base.size
        image = base if target == base.size else base.resize(target, RESAMPLE, reducing_gap=REDUCING_GAP)
        results.append(DecodedImage(image.size, image.tobytes(), source_size))
    return results


def inspect_image(path: Path, decode: bool = False) -> str | None:
    """Why ``path`` cannot be shown, or None when it looks fine.

    Without ``decode``: reads headers and checks the file ends where its format says it
    should, without a full decode, so ``kiosk validate`` can look at hundreds of photos
    in a second; a file damaged in its middle (a TIFF whose strips are garbled) passes.
    With ``decode``: the pixels are decoded too -- a JPEG at 1/8 scale, which still reads
    every byte of its compressed data; other formats whole -- so what passes decodes.
    """
    try:
        with _opened(path) as im:
            if decode:
                if isinstance(im, JpegImagePlugin.JpegImageFile):
                    im.draft("RGB", (max(1, im.size[0] // 8), max(1, im.size[1] // 8)))
                _load(im)
            elif isinstance(im, JpegImagePlugin.JpegImageFile):  # MPO files from cameras too
                if not _jpeg_ends(path):
                    # No end marker near the end: confirm with a cheap 1/8-scale decode,
                    # which still reads every byte of the compressed data.
                    im.draft("RGB", (max(1, im.size[0] // 8), max(1, im.size[1] // 8)))
                    _load(im)
            else:
                # verify() walks the file's structure (PNG chunks and their checksums)
                # without decoding pixels; it reads a finite regular file to its end.
                im.verify()
    except MediaProblem as exc:
        return exc.reason
    except Exception as exc:  # noqa: BLE001 - verify raises whatever the plugin raises
        return _reason_for(exc)
    return None


# --- the steps ------------------------------------------------------------------------


@contextmanager
def _opened(path: Path) -> Iterator[Image.Image]:
    """Open an image file after the checks that keep Pillow from hanging or exploding."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise MediaProblem("the file does not exist") from None
    except OSError as exc:
        raise MediaProblem(f"cannot read the file: {exc.strerror or exc}") from None
    # A FIFO or a device would block a reader forever; only regular files are read.
    if not stat.S_ISREG(info.st_mode):
        raise MediaProblem("not a regular file")
    if info.st_size == 0:
        raise MediaProblem("the file is empty")
    if info.st_size > MAX_FILE_BYTES:
        raise MediaProblem(f"the file is too large ({info.st_size / 2**20:.0f} MB)")
    try:
        image = Image.open(path)
    except Image.DecompressionBombError as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        raise MediaProblem(_bomb(int(found.group(1)) if found else None)) from None
    except UnidentifiedImageError:
        raise MediaProblem(_not_an_image(path)) from None
    except Exception as exc:  # noqa: BLE001 - plugins raise anything on bad headers
        raise MediaProblem(_reason_for(exc)) from None
    with image:
        w, h = image.size
        if w * h > MAX_PIXELS:
            raise MediaProblem(_bomb(w * h))
        if w < 1 or h < 1:
            raise MediaProblem("the image has no pixels")
        yield image


def _decode(im: Image.Image, box: Box) -> tuple[Image.Image, Box]:
    """The decoded image fitted into ``box``, in sRGB RGB, upright; and its source size."""
    icc = im.info.get("icc_profile")
    # An opened file sits on its first frame: for a GIF, a multi-page TIFF or a
    # camera's MPO that is the photo, so nothing else is read.
    if isinstance(im, JpegImagePlugin.JpegImageFile):
        orientation = _orientation(im)
        source_size, target = _sizes(im.size, orientation, box)
        if target != im.size:
            # libjpeg decodes at 1/2, 1/4 or 1/8 scale, keeping the result >= target.
            im.draft("RGB", target)
        image = _load(im)
    else:
        image = _load(im)
        # after loading: what the loader turned upright itself (TIFF) no longer has the tag
        orientation = _orientation(image)
        source_size, target = _sizes(image.size, orientation, box)
    image = _eight_bit(image)
    if image.size != target:
        image = image.resize(target, RESAMPLE, reducing_gap=REDUCING_GAP)
    image = _to_srgb(image, icc if isinstance(icc, bytes) else None)
    if orientation in _TRANSPOSE:
        image = image.transpose(_TRANSPOSE[orientation])
    return image, source_size


def _sizes(size: Box, orientation: int, box: Box) -> tuple[Box, Box]:
    """(the size as shown, upright; the size to decode to, in the pixels' own orientation)."""
    swapped = orientation in _SWAPS_AXES
    w, h = size
    source_size = (h, w) if swapped else (w, h)
    shown = fit(source_size, box)
    return source_size, ((shown[1], shown[0]) if swapped else shown)


_STDERR = threading.Lock()
"""The process has one stderr; only one TIFF decode at a time borrows it."""


@contextmanager
def _libtiff_messages() -> Iterator[None]:
    """libtiff prints its warnings and errors ("ZIPDecode: Decoding error at scanline
    136") from C straight to the process's stderr, in the middle of ``kiosk validate``'s
    output and the kiosk log. Catch them for the debug log instead: the curator reads
    our reason for the file, once."""
    with _STDERR:
        try:
            saved = os.dup(2)
        except OSError:
            yield
            return
        with tempfile.TemporaryFile() as sink:
            os.dup2(sink.fileno(), 2)
            try:
                yield
            finally:
                os.dup2(saved, 2)
                os.close(saved)
                sink.seek(0)
                said = sink.read(8192).decode("utf-8", "replace").strip()
                if said:
                    libtiff_log.debug("%s", said)


def _load(im: Image.Image) -> Image.Image:
    """Decode the pixels; a truncated or damaged file is an error, never a grey half."""
    if isinstance(im, TiffImagePlugin.TiffImageFile):
        with _libtiff_messages():
            return _load_pixels(im)
    return _load_pixels(im)


def _load_pixels(im: Image.Image) -> Image.Image:
    try:
        im.load()
    except MediaProblem:
        raise
    except Image.DecompressionBombError as exc:
        raise MediaProblem(_bomb(None)) from exc
    except Exception as exc:  # noqa: BLE001 - decoders raise OSError, SyntaxError, ValueError...
        raise MediaProblem(_reason_for(exc)) from None
    return im


def _orientation(im: Image.Image) -> int:
    try:
        value = im.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # noqa: BLE001 - a broken EXIF block only loses the rotation
        return 1
    return value if isinstance(value, int) else 1


def _eight_bit(image: Image.Image) -> Image.Image:
    """Bring any mode to 8 bits a channel (L, LA, RGB, RGBA or CMYK) so it can be resized."""
    mode = image.mode
    if mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return image
    if mode.startswith("I;16") or mode == "I":
        # convert("L") would clip 16-bit values at 255 (a white image): scale instead.
        wide = image.convert("I") if mode != "I" else image
        top = wide.getextrema()[1]
        if mode.startswith("I;16") or 255 < top <= 65535:
            divisor = 257.0  # 65535 -> 255
        else:
            divisor = max(1.0, top / 255)
        return wide.point(lambda v: v / divisor).convert("L")
    if mode == "F":
        low, high = image.getextrema()
        span = (high - low) or 1
        return image.point(lambda v: (v - low) * 255 / span).convert("L")
    if mode in ("P", "PA"):
        has_alpha = "transparency" in image.info or mode == "PA"
        return image.convert("RGBA" if has_alpha else "RGB")
    if mode in ("La",):
        return image.convert("LA")
    if mode in ("RGBa", "RGBX"):
        return image.convert("RGBA" if mode == "RGBa" else "RGB")
    if mode == "1":
        return image.convert("L")
    return image.convert("RGBA" if "A" in image.getbands() else "RGB")


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB in sRGB: colour-managed when the file carries a profile, alpha laid on BACKGROUND."""
    alpha = image.getchannel("A") if image.mode in ("LA", "RGBA") else None
    colour = image.convert(image.mode[:-1]) if alpha is not None else image
    converted = None
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(colour, source, _SRGB, outputMode="RGB")
        except Exception:  # noqa: BLE001 - a broken or mismatched profile: show uncorrected colours
            converted = None
    colour = converted if converted is not None else colour.convert("RGB")
    if alpha is None:
        return colour
    flat = Image.new("RGB", colour.size, BACKGROUND)
    flat.paste(colour, mask=alpha)
    return flat


# --- reasons --------------------------------------------------------------------------


def _bomb(pixels: int | None) -> str:
    if pixels is None:
        return "the image is too large (decompression bomb)"
    return f"the image is too large (decompression bomb: {math.ceil(pixels / 1e6)} megapixels)"


def _not_an_image(path: Path) -> str:
    """Say what the file is instead, when that helps the curator find the mistake."""
    try:
        with open(path, "rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError:
        return "not an image"
    kind = sniff(head)
    if kind is not None and kind.family != "image":
        return f"not an image: the file is {kind.described}"
    if kind is None and looks_like_text(head):
        return "not an image: the file holds text"
    return "not an image"


def _reason_for(exc: BaseException) -> str:
    message = str(exc)
    if isinstance(exc, MediaProblem):
        return exc.reason
    if isinstance(exc, Image.DecompressionBombError):
        return _bomb(None)
    if "truncated" in message.lower() or "unexpected end" in message.lower() or isinstance(exc, EOFError):
        return "the file is truncated"
    if isinstance(exc, MemoryError):
        return "the image is too large to decode"
    if isinstance(exc, UnidentifiedImageError):
        return "not an image"
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"cannot read the file: {exc.strerror or exc}"
    detail = f" ({message})" if message else ""
    return f"the image data is damaged{detail}"


def _jpeg_ends(path: Path, tail: int = 64 * 1024) -> bool:
    """True when an end-of-image marker sits near the end (cameras append a little data)."""
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        f.seek(max(0, size - tail))
        return b"\xff\xd9" in f.read()
