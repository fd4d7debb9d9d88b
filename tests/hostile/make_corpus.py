"""The hostile-input corpus: every kind of bad file a curator, a USB stick or a failed
copy can hand the kiosk, made here from nothing (Pillow, the demo's own clip, plain
bytes) into a folder of the test's choosing.

    python -m tests.hostile.make_corpus /tmp/hostile     # to look at it by hand

``make_corpus(folder)`` writes ``folder/exhibition.yaml`` and ``folder/media/...`` and
returns what it made: which media paths are bad and what kind of bad each one is.
"""

from __future__ import annotations

import io
import math
import os
import random
import struct
import sys
import wave
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[2]
DEMO_CLIP = ROOT / "media" / "film" / "memorial.mp4"

# --- orientation -------------------------------------------------------------------------

QUADRANTS = ((230, 30, 30), (30, 190, 60), (40, 60, 230), (240, 220, 40))
"""Top-left, top-right, bottom-left, bottom-right of the upright reference: no flip or
turn of it looks like itself."""

# What to do to the upright picture to store it so that orientation N shows it upright
# again: the inverse of the transposition EXIF orientation N asks the viewer for.
_STORE = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}
ORIENTATION_FORMATS = {"jpeg": ".jpg", "webp": ".webp", "png": ".png", "tiff": ".tif"}


def upright(size: tuple[int, int] = (160, 100)) -> Image.Image:
    """The reference: four coloured quadrants plus a black mark near the top-left corner."""
    w, h = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for i, colour in enumerate(QUADRANTS):
        x, y = (i % 2) * w // 2, (i // 2) * h // 2
        draw.rectangle((x, y, x + w // 2 - 1, y + h // 2 - 1), fill=colour)
    draw.rectangle((4, 4, w // 8, h // 8), fill=(0, 0, 0))
    return image


def oriented(path: Path, fmt: str, orientation: int, size: tuple[int, int] = (160, 100)) -> Path:
    """``upright(size)`` stored turned or mirrored, with the orientation tag (EXIF 274 /
    TIFF tag 274) that tells a viewer how to show it upright."""
    stored = upright(size)
    if _STORE[orientation] is not None:
        stored = stored.transpose(_STORE[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    if fmt == "tiff":
        # a scanner writes the tag into the TIFF's own directory; Pillow reads it from there
        stored.save(path, "TIFF", tiffinfo={274: orientation}, compression="tiff_deflate")
    elif fmt == "jpeg":
        stored.save(path, "JPEG", quality=95, exif=exif)
    elif fmt == "webp":
        stored.save(path, "WEBP", quality=95, exif=exif)
    else:
        stored.save(path, "PNG", exif=exif)
    return path


# --- broken images -----------------------------------------------------------------------


def _photo(size: tuple[int, int] = (640, 480)) -> Image.Image:
    image = Image.new("RGB", size)
    rng = random.Random(7)
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        draw.ellipse((x, y, x + 80, y + 60), fill=tuple(rng.randrange(256) for _ in range(3)))
    return image


def _encoded(fmt: str, **options) -> bytes:
    out = io.BytesIO()
    _photo().save(out, fmt, **options)
    return out.getvalue()


def png_bomb(path: Path, width: int = 50_000, height: int = 50_000) -> Path:
    """A PNG whose header claims 2.5 gigapixels: a few bytes that would decode to gigabytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
                     + chunk(b"IEND", b""))
    return path


def damaged_tiff(path: Path) -> Path:
    """A deflate-compressed TIFF whose pixel data is garbled in the middle: the header and
    the file's structure are intact, only decoding the pixels fails ("decoder error -2")."""
    data = bytearray(_encoded("TIFF", compression="tiff_deflate"))
    rng = random.Random(3)
    middle = len(data) // 2
    for i in range(middle - 2000, middle + 2000):
        data[i] = rng.randrange(256)
    path.write_bytes(bytes(data))
    return path


BROKEN_IMAGES = {
    "empty.jpg": lambda p: p.write_bytes(b""),
    "random.jpg": lambda p: p.write_bytes(random.Random(1).randbytes(20_000)),
    "web-page.jpg": lambda p: p.write_bytes(b"<!DOCTYPE html><html><body>404 Not Found</body></html>"),
    "truncated.jpg": lambda p: p.write_bytes(_encoded("JPEG", quality=90)[:3000]),
    "truncated.png": lambda p: p.write_bytes(_encoded("PNG")[:5000]),
    "truncated.tif": lambda p: p.write_bytes(_encoded("TIFF")[:20_000]),
    "truncated.webp": lambda p: p.write_bytes(_encoded("WEBP")[:2000]),
    "truncated.gif": lambda p: p.write_bytes(_encoded("GIF")[:3000]),
    "damaged.tif": damaged_tiff,
    "bomb.png": png_bomb,
    "header-only.jpg": lambda p: p.write_bytes(_encoded("JPEG", quality=90)[:600]),
}


# --- broken clips and subtitles ----------------------------------------------------------


def audio_only(path: Path) -> Path:
    """A sound file under a video's name: two seconds of a tone, no picture."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 6))) for i in range(16000)))
    return path


BROKEN_CLIPS = {
    "empty.mp4": lambda p: p.write_bytes(b""),
    "random.mp4": lambda p: p.write_bytes(random.Random(2).randbytes(60_000)),
    "truncated.mp4": lambda p: p.write_bytes(DEMO_CLIP.read_bytes()[: DEMO_CLIP.stat().st_size // 2]),
    "header-only.mp4": lambda p: p.write_bytes(DEMO_CLIP.read_bytes()[:4096]),
    "audio-only.mp4": audio_only,
}

BROKEN_SUBTITLES = {
    "garbage.vtt": lambda p: p.write_bytes(random.Random(4).randbytes(3000)),
    "bad-times.srt": lambda p: p.write_text("1\n00:00:xx,000 --> later\nHello\n\n2\nnot a time\n", encoding="utf-8"),
    "empty.vtt": lambda p: p.write_bytes(b""),
    "web-page.vtt": lambda p: p.write_bytes(b"<!DOCTYPE html><html><body>404 Not Found</body></html>\n"),
    "photo.srt": lambda p: p.write_bytes(_encoded("JPEG", quality=80)),
}
"""Subtitle files no parser can use. (A WebVTT file without its header line, or an SRT in
Latin-1, is read as it is: the kiosk is lenient where it can be.)"""


# --- the exhibition ----------------------------------------------------------------------


@dataclass
class Corpus:
    exhibition: Path
    media: Path
    bad: dict[str, str] = field(default_factory=dict)
    """media path -> what is wrong with it (image, clip, subtitles, link, special)."""
    good: list[str] = field(default_factory=list)


def make_corpus(folder: Path, special_files: bool = True) -> Corpus:
    """Write the hostile exhibition into ``folder``; see the module's docstring."""
    media = folder / "media"
    for sub in ("photos", "broken", "film", "links"):
        (media / sub).mkdir(parents=True, exist_ok=True)
    corpus = Corpus(folder / "exhibition.yaml", media)

    panels: list[str] = []
    _photo().save(media / "photos" / "good.jpg", "JPEG", quality=90)
    corpus.good.append("photos/good.jpg")
    panels.append("photos/good.jpg")
    for fmt, suffix in ORIENTATION_FORMATS.items():
        for o in range(1, 9):
            name = f"photos/{fmt}-orientation-{o}{suffix}"
            oriented(media / name, fmt, o)
            corpus.good.append(name)
            panels.append(name)
    for name, make in BROKEN_IMAGES.items():
        make(media / "broken" / name)
        corpus.bad[f"broken/{name}"] = "image"
        panels.append(f"broken/{name}")

    # links that leave the media folder, and a loop
    (media / "links" / "passwd.jpg").symlink_to("/etc/passwd")
    (media / "links" / "zero.jpg").symlink_to("/dev/zero")
    (media / "links" / "loop").symlink_to(media / "links")
    for name in ("links/passwd.jpg", "links/zero.jpg", "links/loop/loop/x.jpg"):
        corpus.bad[name] = "link"
        panels.append(name)
    if special_files:
        os.mkfifo(media / "broken" / "pipe.jpg")
        corpus.bad["broken/pipe.jpg"] = "special"
        panels.append("broken/pipe.jpg")

    clips: list[tuple[str, dict[str, str]]] = []
    (media / "film" / "good.mp4").write_bytes(DEMO_CLIP.read_bytes())
    corpus.good.append("film/good.mp4")
    subtitles: dict[str, str] = {}
    languages = ["en", "az", "ru", "ar", "de"]
    for language, (name, make) in zip(languages, BROKEN_SUBTITLES.items()):
        make(media / "film" / name)
        corpus.bad[f"film/{name}"] = "subtitles"
        subtitles[language] = f"film/{name}"
    clips.append(("film/good.mp4", subtitles))
    for name, make in BROKEN_CLIPS.items():
        make(media / "film" / name)
        corpus.bad[f"film/{name}"] = "clip"
        clips.append((f"film/{name}", {}))

    lines = [
        "title: {en: Hostile input}",
        "languages: [en, az, ru, ar, de]",
        "sections:",
        "  - id: photos",
        "    kind: gallery",
        "    title: {en: Photos}",
        "    panels:",
    ]
    for i, path in enumerate(panels):
        lines += [f"      - id: p{i:03d}", f"        image: {path}", f"        title: {{en: '{path}'}}",
                  "        credit: test"]
    lines += ["  - id: film", "    kind: clips", "    title: {en: Clips}", "    clips:"]
    for i, (path, subs) in enumerate(clips):
        lines += [f"      - id: c{i:02d}", f"        video: {path}", f"        title: {{en: '{path}'}}"]
        if subs:
            lines.append("        subtitles: {" + ", ".join(f"{k}: {v}" for k, v in subs.items()) + "}")
    corpus.exhibition.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return corpus


if __name__ == "__main__":
    made = make_corpus(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("hostile"))
    print(f"{made.exhibition}: {len(made.good)} good and {len(made.bad)} bad media files")
