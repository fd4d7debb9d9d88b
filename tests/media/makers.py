"""Real image files, good and broken, made with Pillow."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw

RED, GREEN, BLUE = (220, 30, 30), (30, 200, 60), (40, 60, 220)


def big_jpeg(path: Path, size: tuple[int, int] = (6000, 4000)) -> Path:
    """Blue above, red below: solid areas keep it quick to make and to check."""
    image = Image.new("RGB", size, BLUE)
    ImageDraw.Draw(image).rectangle((0, size[1] // 2, size[0], size[1]), fill=RED)
    image.save(path, "JPEG", quality=85)
    return path


def png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG whose header claims ``width`` x ``height``: a few bytes that would decode to gigabytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    path.write_bytes(data)
    return path


def age(path: Path, seconds: float = 60) -> Path:
    """Make the file look untouched for a while (the index trusts only settled files)."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - int(seconds * 1e9)))
    return path


def coloured_clip(path: Path, colours: list[tuple[int, int, int]], seconds_each: float = 1.0,
                  size: tuple[int, int] = (96, 64), fps: int = 10) -> Path:
    """A small H.264 clip (MP4) showing each of ``colours`` in turn for ``seconds_each``,
    encoded by ffpyplayer: which colour is drawn tells where in the clip a picture is from."""
    from ffpyplayer.pic import Image as FFImage
    from ffpyplayer.writer import MediaWriter

    w, h = size
    stream = {"pix_fmt_in": "rgb24", "pix_fmt_out": "yuv420p", "width_in": w, "height_in": h,
              "codec": "libx264", "frame_rate": (fps, 1)}
    writer = MediaWriter(str(path), [stream], lib_opts={"preset": "ultrafast", "g": str(fps),
                                                         "movflags": "+faststart"}, overwrite=True)
    try:
        frames = round(seconds_each * fps)
        for n, colour in enumerate(c for c in colours for _ in range(frames)):
            writer.write_frame(img=FFImage(plane_buffers=[bytes(colour) * (w * h)], pix_fmt="rgb24", size=(w, h)),
                               pts=n / fps)
    finally:
        writer.close()
    return path
