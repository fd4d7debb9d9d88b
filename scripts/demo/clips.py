"""The two clips (``media/film/*.mp4``) and the memorial clip's poster, encoded with ffpyplayer."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from pathlib import Path

from PIL import Image, ImageDraw

from .common import MEDIA, SEED
from .drawing import (
    add_light, badge, draw_candle, draw_carnation, draw_flame, font, hgradient, paint, render, sample_mark,
    save_jpeg, vgradient,
)
from .scenes import scene_archive


FPS = 25
VW, VH = 640, 360


def memorial_background(
    w: int, h: int, seed: int
) -> tuple[Image.Image, list[tuple[float, float, float]]]:
    """Night scene with a memorial stone and five candles; returns the image
    and the candles' wick positions (x, y, candle width) for the flames."""
    rng = random.Random(seed)
    im = vgradient(
        (w, h), [(0, (10, 14, 26)), (0.62, (26, 26, 36)), (0.6201, (34, 28, 26)), (1, (22, 18, 16))]
    )
    d = ImageDraw.Draw(im)
    sx0, sx1, st, sb = 0.36 * w, 0.64 * w, 0.12 * h, 0.7 * h
    granite = hgradient(
        (int(sx1 - sx0), int(sb - st)), [(0, (44, 46, 52)), (0.5, (58, 60, 66)), (1, (40, 42, 48))]
    )

    def slab(dd: ImageDraw.ImageDraw, bw: int, bh: int) -> None:
        dd.ellipse((0, 0, bw, bw * 0.5), fill=255)
        dd.rectangle((0, bw * 0.25, bw, bh), fill=255)

    paint(im, (sx0, st, sx1, sb), slab, granite)
    cx = w / 2
    y = st + 0.26 * h
    for frac in (0.6, 0.42, 0.0, 0.52, 0.48, 0.36):
        if frac:
            half = (sx1 - sx0) * frac / 2
            d.rectangle((cx - half, y, cx + half, y + 0.012 * h), fill=(80, 82, 88))
        y += 0.045 * h
    d.rectangle((0.3 * w, sb, 0.7 * w, sb + 0.05 * h), fill=(54, 52, 52))
    for _ in range(14):
        fx, fy = rng.uniform(0.33, 0.67) * w, rng.uniform(0.72, 0.77) * h
        draw_carnation(d, fx, fy, 0.014 * w, (140, 24, 34), rng, squash=0.6)
    candles: list[tuple[float, float, float]] = []
    for i, ch in enumerate((0.12, 0.18, 0.14, 0.2, 0.13)):
        ccx = (0.28 + i * 0.08) * w
        cw = 0.04 * w
        base = 0.9 * h
        wick = draw_candle(d, im, ccx, base, cw, ch * h)
        candles.append((ccx, wick, cw))
    return im, candles


def flicker(t: float, phase: float) -> tuple[float, float]:
    """Deterministic flame height factor and sway for time t (seconds)."""
    k = (
        1.0
        + 0.08 * math.sin(2 * math.pi * 1.3 * t + phase)
        + 0.05 * math.sin(2 * math.pi * 3.7 * t + 2 * phase)
        + 0.03 * math.sin(2 * math.pi * 7.1 * t + phase * 3)
    )
    sway = 0.1 * math.sin(2 * math.pi * 0.6 * t + phase) + 0.04 * math.sin(
        2 * math.pi * 2.3 * t + phase * 1.7
    )
    return k, sway


def draw_memorial_flames(
    im: Image.Image,
    candles: Sequence[tuple[float, float, float]],
    t: float,
    scale: float,
    ox: float,
    oy: float,
) -> None:
    """Glows and flames for time t; candle coords are mapped by (c - o) / scale."""
    for i, (cx, wick, cw) in enumerate(candles):
        k, _ = flicker(t, i * 1.9)
        x, y = (cx - ox) / scale, (wick - oy) / scale
        r = cw / scale
        add_light(im, x, y - r * 0.8, r * 3.5 * k, r * 4.5 * k, (255, 150, 60), 0.42 * k, 2.0)
    d = ImageDraw.Draw(im)
    for i, (cx, wick, cw) in enumerate(candles):
        k, sway = flicker(t, i * 1.9)
        x, y = (cx - ox) / scale, (wick - oy) / scale
        r = cw / scale
        draw_flame(d, x, y, r * 1.3 * k, r * 0.42, sway)


def film_overlay(im: Image.Image, t: float, duration: float, label: str) -> Image.Image:
    """SAMPLE tag, big running timecode, seconds and a progress bar."""
    w, h = im.size
    badge(im, "SAMPLE", 22, "tl", bg=(180, 30, 30, 200))
    badge(im, label, 16, "tr", bg=(0, 0, 0, 120))
    secs = int(t)
    tc = f"{secs // 60:02d}:{secs % 60:02d}"
    f = font(64)
    tw = int(f.getlength("00:00"))
    box = (w - tw - 44, h - 118, w - 12, h - 20)
    region = im.crop(box).convert("RGBA")
    layer = Image.new("RGBA", region.size, (0, 0, 0, 0))
    ld = ImageDraw.Draw(layer)
    ld.rounded_rectangle(
        (0, 0, region.width - 1, region.height - 1), radius=12, fill=(0, 0, 0, 150)
    )
    ld.text((region.width / 2, 8), tc, font=f, fill=(255, 255, 255, 255), anchor="ma")
    ld.text(
        (region.width / 2, 78),
        f"{t:05.2f} s",
        font=font(16),
        fill=(220, 220, 220, 255),
        anchor="ma",
    )
    im.paste(Image.alpha_composite(region, layer).convert("RGB"), box[:2])
    d = ImageDraw.Draw(im)
    d.rectangle((0, h - 6, w, h), fill=(30, 30, 30))
    d.rectangle((0, h - 6, int(w * min(1.0, t / duration)), h), fill=(220, 180, 110))
    return im


def write_clip(path: Path, duration: float, frame_fn: Callable[[float], Image.Image]) -> None:
    from ffpyplayer.pic import Image as FFImage
    from ffpyplayer.writer import MediaWriter

    path.parent.mkdir(parents=True, exist_ok=True)
    stream = {
        "pix_fmt_in": "rgb24",
        "pix_fmt_out": "yuv420p",
        "width_in": VW,
        "height_in": VH,
        "codec": "libx264",
        "frame_rate": (FPS, 1),
    }
    opts = {
        "preset": "medium",
        "crf": "26",
        "g": str(2 * FPS),
        "threads": "2",
        "movflags": "+faststart",
    }
    writer = MediaWriter(str(path), [stream], lib_opts=opts, overwrite=True)
    try:
        for n in range(int(round(duration * FPS))):
            t = n / FPS
            im = frame_fn(t)
            writer.write_frame(
                img=FFImage(plane_buffers=[im.tobytes()], pix_fmt="rgb24", size=(VW, VH)), pts=t
            )
    finally:
        writer.close()


def build_memorial_clip() -> None:
    duration = 30.0
    bw, bh = 1280, 720
    bg, candles = memorial_background(bw, bh, SEED + 3000)

    def frame(t: float) -> Image.Image:
        z = 1.0 - 0.14 * (t / duration)  # slow zoom towards the stone
        cw, ch = bw * z, bh * z
        ox, oy = (bw - cw) / 2, (bh - ch) * 0.6
        im = bg.resize((VW, VH), Image.Resampling.BILINEAR, box=(ox, oy, ox + cw, oy + ch))
        draw_memorial_flames(im, candles, t, cw / VW, ox, oy)
        return film_overlay(im, t, duration, "Candles of remembrance")

    write_clip(MEDIA / "film" / "memorial.mp4", duration, frame)
    poster = bg.copy()
    draw_memorial_flames(poster, candles, 3.0, 1.0, 0.0, 0.0)
    save_jpeg(sample_mark(poster), MEDIA / "film" / "memorial-poster.jpg")


def build_archive_clip() -> None:
    duration = 20.0
    pw, ph = 2600, 480
    pano = render(lambda w, h, s: scene_archive(w, h, s, levels=4), pw, ph, SEED + 4000, 1)
    rng = random.Random(SEED + 4001)
    motes = [
        (rng.uniform(0, VW), rng.uniform(0, VH), rng.uniform(4, 14), rng.uniform(0, math.tau))
        for _ in range(24)
    ]

    def frame(t: float) -> Image.Image:
        u = t / duration
        e = u * u * (3 - 2 * u)  # ease in and out
        cw, ch = 720 * (1 - 0.05 * u), 405 * (1 - 0.05 * u)
        ox = (pw - cw) * e
        oy = (ph - ch) * (0.3 + 0.2 * u)
        im = pano.resize((VW, VH), Image.Resampling.BILINEAR, box=(ox, oy, ox + cw, oy + ch))
        d = ImageDraw.Draw(im)
        for mx, my, sp, ph_ in motes:
            x = (mx + sp * t + 12 * math.sin(t * 0.7 + ph_)) % VW
            y = (my - sp * 0.4 * t + 8 * math.cos(t * 0.5 + ph_)) % VH
            d.ellipse((x - 1.0, y - 1.0, x + 1.0, y + 1.0), fill=(196, 182, 156))
        return film_overlay(im, t, duration, "Inside the archive")

    write_clip(MEDIA / "film" / "archive.mp4", duration, frame)
