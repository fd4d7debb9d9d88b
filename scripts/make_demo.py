#!/usr/bin/env python3
"""(Re)build the bundled Kiosk demo exhibition media into ``media/``.

Everything is drawn procedurally with Pillow and encoded with ffpyplayer, so the
result is original sample content (CC0 1.0), reproducible byte for byte and
free of downloaded assets: no network, no external fonts (text drawn into
images uses Pillow's built-in ``ImageFont.load_default``), fixed random seeds.

The demo is a clearly marked SAMPLE of a commemoration exhibition: a memorial
stone, candles, carnations, a library, an old street, archive boxes, mountains,
a sunrise over the sea, a memorial wall, an old map, a concert hall and a
reading room; two short clips with subtitles; six books with covers and sample
pages (one as a PDF); an attract-loop background.

Only the files listed by :func:`owned_files` are deleted and rewritten; anything
else under ``media/`` (for example renditions made by ``kiosk prepare``) is left
alone.

Usage::

    .venv/bin/python scripts/make_demo.py
"""

from __future__ import annotations

import functools
import math
import random
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageCms, ImageDraw, ImageFilter, ImageFont, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_texts import BOOKS  # noqa: E402  (sibling module, plain data)

REPO = Path(__file__).resolve().parent.parent
MEDIA = REPO / "media"
SEED = 4242
MAX_MEDIA_BYTES = 20 * 1024 * 1024
JPEG_QUALITY = 85
MARK = "SAMPLE \u00b7 Kiosk demo"  # the default font has Latin-1 glyphs only
FIXED_DATE = time.struct_time((2024, 1, 1, 0, 0, 0, 0, 1, 0))

RGB = tuple[int, int, int]
Stops = Sequence[tuple[float, RGB]]
Box = tuple[float, float, float, float]


# --------------------------------------------------------------------------
# Drawing helpers
# --------------------------------------------------------------------------


def _srgb_icc() -> bytes:
    """An sRGB ICC profile with its creation date pinned (determinism)."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = bytes.fromhex("07e8000100010000" "00000000")  # 2024-01-01 00:00:00
    return bytes(data)


SRGB_ICC = _srgb_icc()


@functools.cache
def font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's bundled default font (Aileron, licence-clean) at ``size`` px."""
    return ImageFont.load_default(size=max(8, int(size)))  # type: ignore[return-value]


def clamp(v: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return lo if v < lo else hi if v > hi else v


def mix(c1: Sequence[int], c2: Sequence[int], t: float) -> RGB:
    """Linear blend of two colours, t=0 gives c1."""
    return tuple(int(round(a + (b - a) * t)) for a, b in zip(c1, c2, strict=True))  # type: ignore[return-value]


def shade(c: Sequence[int], f: float) -> RGB:
    """Scale a colour's brightness by ``f``."""
    return tuple(int(clamp(v * f, 0, 255)) for v in c)  # type: ignore[return-value]


def color_at(stops: Stops, t: float) -> RGB:
    t = clamp(t)
    for (p0, c0), (p1, c1) in zip(stops, stops[1:], strict=False):
        if t <= p1:
            return mix(c0, c1, (t - p0) / (p1 - p0) if p1 > p0 else 0.0)
    return tuple(stops[-1][1])  # type: ignore[return-value]


def vgradient(size: tuple[int, int], stops: Stops) -> Image.Image:
    w, h = size
    col = Image.new("RGB", (1, h))
    col.putdata([color_at(stops, y / max(1, h - 1)) for y in range(h)])
    return col.resize((w, h), Image.Resampling.NEAREST)


def hgradient(size: tuple[int, int], stops: Stops) -> Image.Image:
    w, h = size
    row = Image.new("RGB", (w, 1))
    row.putdata([color_at(stops, x / max(1, w - 1)) for x in range(w)])
    return row.resize((w, h), Image.Resampling.NEAREST)


def paint(
    im: Image.Image,
    box: Box,
    shape: Callable[[ImageDraw.ImageDraw, int, int], None],
    fill: RGB | Image.Image,
) -> None:
    """Fill ``fill`` (a colour or an image sized to box) through a mask that
    ``shape(draw, w, h)`` draws in box-local coordinates."""
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    w, h = max(1, x1 - x0), max(1, y1 - y0)
    mask = Image.new("L", (w, h), 0)
    shape(ImageDraw.Draw(mask), w, h)
    if isinstance(fill, Image.Image):
        src = fill if fill.size == (w, h) else fill.resize((w, h), Image.Resampling.BILINEAR)
    else:
        src = Image.new("RGB", (w, h), fill)
    im.paste(src, (x0, y0), mask)


_RADIAL = Image.radial_gradient("L")  # 0 at the centre, 255 at the rim


def light_sprite(
    rx: int, ry: int, color: RGB, strength: float = 1.0, falloff: float = 2.0
) -> Image.Image:
    # radial_gradient is the distance from the centre: 181 on the inscribed circle
    lut = [int(255 * strength * max(0.0, 1.0 - v / 181.0) ** falloff) for v in range(256)]
    m = _RADIAL.point(lut).resize((max(1, 2 * rx), max(1, 2 * ry)), Image.Resampling.BILINEAR)
    return ImageChops.multiply(Image.new("RGB", m.size, color), Image.merge("RGB", (m, m, m)))


def add_light(
    im: Image.Image,
    cx: float,
    cy: float,
    rx: float,
    ry: float,
    color: RGB,
    strength: float = 1.0,
    falloff: float = 2.0,
) -> None:
    """Screen a soft elliptical light onto ``im`` (in place)."""
    rx_i, ry_i = max(1, int(rx)), max(1, int(ry))
    spr = light_sprite(rx_i, ry_i, color, strength, falloff)
    x0, y0 = int(cx) - rx_i, int(cy) - ry_i
    box = (x0, y0, x0 + spr.width, y0 + spr.height)
    im.paste(ImageChops.screen(im.crop(box), spr), box[:2])


def soft_shape(
    im: Image.Image,
    draw_fn: Callable[[ImageDraw.ImageDraw, float], None],
    color: RGB,
    opacity: float,
    blur: float,
    mode: str = "paint",
    down: int = 8,
) -> None:
    """Draw a blurred shape cheaply: ``draw_fn(draw, s)`` draws in image
    coordinates multiplied by ``s`` on a 1/down mask that is blurred (``blur``
    in full-size pixels) and scaled back up.  mode 'paint' or 'screen'."""
    w, h = im.size
    sw, sh = max(1, w // down), max(1, h // down)
    m = Image.new("L", (sw, sh), 0)
    draw_fn(ImageDraw.Draw(m), sw / w)
    if blur > 0:
        m = m.filter(ImageFilter.GaussianBlur(blur * sw / w))
    m = m.resize((w, h), Image.Resampling.BILINEAR)
    m = m.point([int(v * opacity) for v in range(256)])
    if mode == "screen":
        layer = ImageChops.multiply(Image.new("RGB", (w, h), color), Image.merge("RGB", (m, m, m)))
        im.paste(ImageChops.screen(im, layer))
    else:
        im.paste(color, (0, 0, w, h), m)


def soft_noise(im: Image.Image, seed: int, cell: int, amount: float) -> Image.Image:
    """Add smooth monochrome noise (features about ``cell`` px, +-amount levels)."""
    w, h = im.size
    sw, sh = max(2, w // cell + 2), max(2, h // cell + 2)
    rng = random.Random(seed)
    small = Image.frombytes("L", (sw, sh), rng.randbytes(sw * sh))
    big = small.resize((w, h), Image.Resampling.BICUBIC)
    lut = [int(clamp(128 + (v - 128) * amount / 128, 0, 255)) for v in range(256)]
    return ImageChops.add(im, big.point(lut).convert("RGB"), 1.0, -128)


def sepia(im: Image.Image, amount: float = 1.0) -> Image.Image:
    toned = ImageOps.colorize(
        ImageOps.grayscale(im), black=(34, 24, 16), white=(250, 238, 212), mid=(150, 118, 84)
    )
    return Image.blend(im, toned, amount)


def vignette(im: Image.Image, strength: float = 0.35) -> Image.Image:
    lut = [int(255 * (1 - strength * clamp((v / 255 - 0.45) / 0.55) ** 2)) for v in range(256)]
    m = _RADIAL.point(lut).resize(im.size, Image.Resampling.BILINEAR)
    return ImageChops.multiply(im, Image.merge("RGB", (m, m, m)))


def wrap(text: str, f: ImageFont.FreeTypeFont, max_w: float) -> list[str]:
    lines: list[str] = []
    cur = ""
    for word in text.split():
        cand = f"{cur} {word}".strip()
        if f.getlength(cand) <= max_w or not cur:
            cur = cand
        else:
            lines.append(cur)
            cur = word
    if cur:
        lines.append(cur)
    return lines


def badge(
    im: Image.Image,
    text: str,
    size: int,
    corner: str = "br",
    bg: tuple[int, int, int, int] = (0, 0, 0, 150),
    fg: tuple[int, int, int, int] = (255, 255, 255, 235),
) -> Image.Image:
    """Draw a small translucent rounded label in a corner (in place)."""
    f = font(size)
    tw = int(f.getlength(text))
    pad_x, pad_y = size * 0.6, size * 0.35
    bw, bh = int(tw + 2 * pad_x), int(size * 1.2 + 2 * pad_y)
    margin = max(6, int(size * 0.8))
    w, h = im.size
    x0 = margin if "l" in corner else w - margin - bw
    y0 = margin if "t" in corner else h - margin - bh
    box = (x0, y0, x0 + bw, y0 + bh)
    region = im.crop(box).convert("RGBA")
    layer = Image.new("RGBA", region.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    d.rounded_rectangle((0, 0, bw - 1, bh - 1), radius=int(bh * 0.3), fill=bg)
    d.text((bw / 2, bh / 2), text, font=f, fill=fg, anchor="mm")
    im.paste(Image.alpha_composite(region, layer).convert("RGB"), box[:2])
    return im


def sample_mark(im: Image.Image) -> Image.Image:
    """The small 'SAMPLE · Kiosk demo' corner mark every still carries."""
    return badge(im, MARK, max(14, int(min(im.size) * 0.022)), "br")


def render(
    scene: Callable[[int, int, int], Image.Image], w: int, h: int, seed: int, ss: int = 2
) -> Image.Image:
    """Render ``scene`` at ``ss`` times the size and downsample (anti-aliasing)."""
    im = scene(w * ss, h * ss, seed)
    if ss != 1:
        im = im.resize((w, h), Image.Resampling.LANCZOS)
    return im


def ridge(rng: random.Random, n: int, rough: float, smooth: int = 2) -> list[float]:
    """A 1-D midpoint-displacement profile with n+1 values in roughly [-1, 1]."""
    size = 1
    while size < n:
        size *= 2
    vals = [0.0] * (size + 1)
    vals[0], vals[size] = rng.uniform(-0.5, 0.5), rng.uniform(-0.5, 0.5)
    step, amp = size, 1.0
    while step > 1:
        half = step // 2
        for i in range(half, size, step):
            vals[i] = (vals[i - half] + vals[i + half]) / 2 + rng.uniform(-amp, amp)
        step, amp = half, amp * rough
    for _ in range(smooth):
        vals = (
            [vals[0]]
            + [(vals[i - 1] + 2 * vals[i] + vals[i + 1]) / 4 for i in range(1, len(vals) - 1)]
            + [vals[-1]]
        )
    return [vals[int(i * size / n)] for i in range(n + 1)]


def peaks(rng: random.Random, n: int, count: int, width: float, noise: float) -> list[float]:
    """A mountain-range profile (n+1 values, about 0..1): the upper envelope of
    ``count`` random triangular peaks plus a little midpoint-displacement noise."""
    tops = [
        (rng.uniform(-0.1, 1.1), rng.uniform(0.45, 1.0), width * rng.uniform(0.7, 1.4))
        for _ in range(count)
    ]
    rough = ridge(rng, n, 0.6, smooth=1)
    out = []
    for i in range(n + 1):
        x = i / n
        v = max(hk * max(0.0, 1 - abs(x - xk) / wk) for xk, hk, wk in tops)
        out.append(max(0.12, v) + noise * rough[i])
    return out


@dataclass
class Cam:
    """A pin-hole camera looking down +Z; world Y is up, ground at Y=0."""

    w: int
    h: int
    f: float
    cx: float
    cy: float
    eye: float

    def p(self, x: float, y: float, z: float) -> tuple[float, float]:
        return (self.cx + self.f * x / z, self.cy - self.f * (y - self.eye) / z)

    def poly(
        self, draw: ImageDraw.ImageDraw, pts: Sequence[tuple[float, float, float]], fill: RGB
    ) -> None:
        draw.polygon([self.p(*q) for q in pts], fill=fill)

    def line(
        self,
        draw: ImageDraw.ImageDraw,
        a: tuple[float, float, float],
        b: tuple[float, float, float],
        fill: RGB,
        width: float,
    ) -> None:
        draw.line([self.p(*a), self.p(*b)], fill=fill, width=max(1, int(width)))


def flame_points(
    cx: float, base_y: float, height: float, width: float, sway: float
) -> list[tuple[float, float]]:
    """A teardrop flame outline; ``sway`` bends the tip sideways (fraction of height)."""
    left: list[tuple[float, float]] = []
    right: list[tuple[float, float]] = []
    n = 20
    for i in range(n + 1):
        s = i / n
        half = width / 2 * math.sqrt(max(0.0, 4 * s * (1 - s))) * (1 - s) ** 0.45
        x = cx + sway * height * s * s
        y = base_y - s * height
        left.append((x - half, y))
        right.append((x + half, y))
    return left + right[::-1]


def draw_flame(
    draw: ImageDraw.ImageDraw, cx: float, base_y: float, height: float, width: float, sway: float
) -> None:
    draw.polygon(flame_points(cx, base_y, height, width, sway), fill=(255, 150, 45))
    draw.polygon(
        flame_points(cx, base_y - height * 0.02, height * 0.78, width * 0.72, sway),
        fill=(255, 205, 95),
    )
    draw.polygon(
        flame_points(cx, base_y - height * 0.04, height * 0.5, width * 0.42, sway * 0.8),
        fill=(255, 246, 215),
    )
    r = width * 0.16
    draw.ellipse((cx - r, base_y - r * 2.2, cx + r, base_y), fill=(120, 140, 210))


def draw_carnation(
    draw: ImageDraw.ImageDraw,
    cx: float,
    cy: float,
    r: float,
    base: RGB,
    rng: random.Random,
    squash: float = 1.0,
) -> None:
    """A carnation head seen from above: layered ruffled discs."""
    n = 90
    for scale, f in ((1.0, 0.62), (0.8, 0.85), (0.6, 1.0), (0.4, 1.12), (0.2, 0.9)):
        ph = rng.uniform(0, math.tau)
        k = rng.choice((9, 11, 13))
        pts = []
        for i in range(n):
            a = math.tau * i / n
            rr = (
                r * scale * (0.84 + 0.16 * abs(math.sin(k * a / 2 + ph)) + rng.uniform(-0.04, 0.04))
            )
            pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a) * squash))
        draw.polygon(pts, fill=shade(base, f))


def draw_candle(
    draw: ImageDraw.ImageDraw, im: Image.Image, cx: float, base_y: float, w: float, h: float
) -> float:
    """A cream pillar candle; returns the y of its wick base."""
    top = base_y - h
    x0, x1 = cx - w / 2, cx + w / 2
    grad = hgradient(
        (max(1, int(w)), max(1, int(h))),
        [(0, (214, 200, 172)), (0.35, (246, 238, 220)), (1, (176, 158, 128))],
    )
    paint(im, (x0, top, x1, base_y), lambda d, bw, bh: d.rectangle((0, 0, bw, bh), fill=255), grad)
    e = w * 0.12
    draw.ellipse((x0, top - e, x1, top + e), fill=(236, 226, 204))
    draw.ellipse((x0 + w * 0.12, top - e * 0.6, x1 - w * 0.12, top + e * 0.7), fill=(214, 200, 176))
    draw.line([(cx, top), (cx, top - w * 0.16)], fill=(40, 30, 25), width=max(1, int(w * 0.04)))
    return top - w * 0.14


# --------------------------------------------------------------------------
# Photo scenes: each takes (w, h, seed) and returns an upright RGB image
# --------------------------------------------------------------------------


def scene_memorial_stone(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    im = vgradient(
        (w, h),
        [
            (0, (112, 146, 188)),
            (0.3, (170, 190, 212)),
            (0.52, (236, 214, 192)),
            (0.6, (250, 224, 188)),
            (1, (250, 224, 188)),
        ],
    )
    d = ImageDraw.Draw(im)
    horizon = 0.6 * h
    add_light(im, 0.74 * w, horizon - 0.01 * h, 0.42 * w, 0.34 * h, (255, 214, 160), 0.75, 1.6)
    d.ellipse(
        (
            0.74 * w - 0.025 * w,
            horizon - 0.07 * h,
            0.74 * w + 0.025 * w,
            horizon - 0.07 * h + 0.05 * w,
        ),
        fill=(255, 244, 220),
    )
    # far hills and a tree line, hazy
    prof = ridge(rng, 64, 0.55)
    pts = [(i * w / 64, horizon - 0.05 * h - prof[i] * 0.03 * h) for i in range(65)] + [
        (w, horizon + 5),
        (0, horizon + 5),
    ]
    d.polygon(pts, fill=(168, 170, 176))
    for _ in range(70):
        x = rng.uniform(-0.02, 1.02) * w
        r = rng.uniform(0.018, 0.035) * w
        d.ellipse(
            (x - r, horizon - r * 1.3, x + r, horizon + r * 0.3),
            fill=mix((98, 112, 100), (168, 170, 176), rng.uniform(0.0, 0.35)),
        )
    # lawn
    lawn = vgradient((w, int(h - horizon) + 2), [(0, (128, 146, 98)), (1, (66, 96, 58))])
    paint(
        im,
        (0, horizon - 1, w, h + 1),
        lambda dd, bw, bh: dd.rectangle((0, 0, bw, bh), fill=255),
        lawn,
    )
    # path to the stone
    path = vgradient((w, int(h - horizon)), [(0, (206, 196, 178)), (1, (172, 162, 146))])
    paint(
        im,
        (0, horizon, w, h),
        lambda dd, bw, bh: dd.polygon(
            [(0.47 * bw, 0.35 * bh), (0.53 * bw, 0.35 * bh), (0.72 * bw, bh), (0.28 * bw, bh)],
            fill=255,
        ),
        path,
    )
    # framing trees
    for tx, s in ((0.1, 1.0), (0.9, 0.85), (0.2, 0.6), (0.8, 0.55)):
        base = horizon + 0.06 * h * s
        d.rectangle(
            (tx * w - 0.006 * w * s, base - 0.2 * h * s, tx * w + 0.006 * w * s, base),
            fill=(70, 58, 48),
        )
        for _ in range(14):
            ox, oy = rng.uniform(-0.07, 0.07) * w * s, rng.uniform(-0.3, -0.14) * h * s
            r = rng.uniform(0.04, 0.07) * w * s
            d.ellipse(
                (tx * w + ox - r, base + oy - r, tx * w + ox + r, base + oy + r),
                fill=mix((52, 78, 52), (92, 116, 82), rng.random()),
            )
    # soft shadow of the stone, cast to the left
    soft_shape(
        im,
        lambda dd, s: dd.ellipse((0.26 * w * s, 0.745 * h * s, 0.6 * w * s, 0.8 * h * s), fill=255),
        (40, 56, 36),
        0.45,
        0.02 * w,
    )
    # plinth
    d.rectangle((0.38 * w, 0.72 * h, 0.62 * w, 0.775 * h), fill=(138, 136, 132))
    d.rectangle((0.38 * w, 0.72 * h, 0.62 * w, 0.728 * h), fill=(176, 174, 168))
    # slab with an arched top and a lit-from-the-right gradient
    sx0, sx1, stop_ = 0.42 * w, 0.58 * w, 0.33 * h
    sw_ = sx1 - sx0
    granite = hgradient(
        (int(sw_), int(0.72 * h - stop_)),
        [(0, (66, 68, 74)), (0.55, (92, 94, 100)), (0.9, (126, 122, 120)), (1, (170, 156, 140))],
    )

    def slab(dd: ImageDraw.ImageDraw, bw: int, bh: int) -> None:
        dd.ellipse((0, 0, bw, bw * 0.5), fill=255)
        dd.rectangle((0, bw * 0.25, bw, bh), fill=255)

    paint(im, (sx0, stop_, sx1, 0.72 * h), slab, granite)
    # engraved emblem and inscription lines
    cx = (sx0 + sx1) / 2
    er = 0.03 * w
    ey = stop_ + 0.13 * h
    d.ellipse(
        (cx - er, ey - er, cx + er, ey + er), outline=(52, 54, 58), width=max(2, int(0.003 * w))
    )
    d.ellipse((cx - er * 0.45, ey - er * 0.45, cx + er * 0.45, ey + er * 0.45), fill=(58, 60, 64))
    y = ey + 0.07 * h
    for frac in (0.7, 0.5, 0.0, 0.62, 0.58, 0.44):
        if frac:
            half = sw_ * frac / 2
            d.rectangle((cx - half, y, cx + half, y + 0.007 * h), fill=(50, 52, 56))
            d.rectangle((cx - half, y + 0.007 * h, cx + half, y + 0.0085 * h), fill=(120, 120, 122))
        y += 0.027 * h
    # carnations laid at the plinth
    for _ in range(16):
        fx = rng.uniform(0.40, 0.60) * w
        fy = rng.uniform(0.755, 0.79) * h
        d.line(
            [(fx, fy), (fx - rng.uniform(0.02, 0.05) * w, fy + rng.uniform(0.01, 0.03) * h)],
            fill=(60, 104, 52),
            width=max(2, int(0.002 * w)),
        )
    for i in range(16):
        fx = rng.uniform(0.40, 0.60) * w
        fy = rng.uniform(0.75, 0.785) * h
        col = (184, 28, 42) if i % 5 else (236, 232, 226)
        draw_carnation(d, fx, fy, 0.009 * w, col, rng, squash=0.7)
    im = soft_noise(im, seed + 1, max(8, w // 120), 5)
    return vignette(im, 0.25)


def scene_candles(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    im = vgradient(
        (w, h), [(0, (20, 15, 14)), (0.65, (46, 32, 24)), (0.68, (96, 62, 40)), (1, (54, 34, 22))]
    )
    d = ImageDraw.Draw(im)
    table_y = 0.68 * h
    for i in range(14):
        y = table_y + (0.02 + i * 0.024) * h
        prof = ridge(rng, 32, 0.5)
        d.line(
            [(x * w / 32, y + prof[x] * 0.004 * h) for x in range(33)],
            fill=(70, 44, 28),
            width=max(1, int(0.0015 * h)),
        )
    add_light(im, 0.5 * w, 0.5 * h, 0.55 * w, 0.45 * h, (150, 80, 30), 0.55, 1.5)
    heights = [0.2, 0.3, 0.24, 0.36, 0.26, 0.32, 0.18]
    flames: list[tuple[float, float, float]] = []
    for i, ch in enumerate(heights):
        cx = (0.16 + i * 0.113) * w
        cw = 0.06 * w
        base = table_y + 0.05 * h + (i % 2) * 0.02 * h
        soft_shape(
            im,
            lambda dd, s, cx=cx, base=base, cw=cw: dd.ellipse(
                ((cx - cw) * s, (base - 0.01 * h) * s, (cx + cw) * s, (base + 0.015 * h) * s),
                fill=255,
            ),
            (20, 12, 8),
            0.6,
            0.01 * w,
        )
        wick = draw_candle(d, im, cx, base, cw, ch * h)
        flames.append((cx, wick, cw))
    for cx, wick, _cw in flames:
        add_light(im, cx, wick - 0.04 * h, 0.16 * w, 0.2 * h, (255, 160, 70), 0.6, 2.2)
        add_light(im, cx, table_y + 0.12 * h, 0.1 * w, 0.03 * h, (200, 120, 50), 0.35, 1.5)
    d = ImageDraw.Draw(im)
    for cx, wick, _cw in flames:
        draw_flame(d, cx, wick, 0.075 * h, 0.022 * w, rng.uniform(-0.08, 0.08))
    for cx, wick, _cw in flames:
        add_light(im, cx, wick - 0.03 * h, 0.03 * w, 0.05 * h, (255, 220, 160), 0.5, 1.2)
    return vignette(soft_noise(im, seed + 1, max(6, w // 150), 4), 0.45)


def scene_carnations(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    im = vgradient((w, h), [(0, (64, 78, 74)), (0.7, (96, 106, 98)), (1, (96, 106, 98))])
    for _ in range(18):
        add_light(
            im,
            rng.uniform(0, 1) * w,
            rng.uniform(0, 0.55) * h,
            *(2 * [rng.uniform(0.03, 0.07) * w]),
            color=(200, 210, 190),
            strength=rng.uniform(0.08, 0.18),
            falloff=0.5,
        )
    d = ImageDraw.Draw(im)
    step_y = 0.62 * h
    d.rectangle((0, step_y, w, h), fill=(150, 146, 140))
    step = vgradient((w, int(0.05 * h)), [(0, (196, 192, 184)), (1, (160, 156, 150))])
    im.paste(step, (0, int(step_y)))
    d.line(
        [(0, step_y + 0.05 * h), (w, step_y + 0.05 * h)],
        fill=(112, 108, 102),
        width=max(1, int(0.003 * h)),
    )
    im.paste(
        soft_noise(im.crop((0, int(step_y), w, h)), seed + 3, max(4, w // 300), 10),
        (0, int(step_y)),
    )
    d = ImageDraw.Draw(im)
    # bouquet lying diagonally: stems first
    heads: list[tuple[float, float]] = []
    for i in range(11):
        hx = (0.22 + 0.06 * math.cos(i * 2.4) + rng.uniform(-0.03, 0.03) + 0.02 * i) * w
        hy = (0.62 + 0.07 * math.sin(i * 1.7) + rng.uniform(-0.02, 0.02)) * h
        heads.append((hx, hy))
        d.line(
            [
                (hx, hy),
                (0.82 * w + rng.uniform(-0.02, 0.02) * w, 0.86 * h + rng.uniform(-0.03, 0.03) * h),
            ],
            fill=mix((56, 98, 52), (90, 130, 76), rng.random()),
            width=max(2, int(0.006 * w)),
        )
    for _ in range(9):
        ax, ay = rng.uniform(0.35, 0.75) * w, rng.uniform(0.66, 0.82) * h
        ang = rng.uniform(-0.6, 0.2)
        L = rng.uniform(0.05, 0.09) * w
        bx, by = ax + L * math.cos(ang), ay + L * math.sin(ang)
        nx, ny = -(by - ay) * 0.12, (bx - ax) * 0.12
        d.polygon(
            [
                (ax, ay),
                ((ax + bx) / 2 + nx, (ay + by) / 2 + ny),
                (bx, by),
                ((ax + bx) / 2 - nx, (ay + by) / 2 - ny),
            ],
            fill=(74, 116, 70),
        )
    # ribbon
    d.polygon(
        [(0.62 * w, 0.74 * h), (0.66 * w, 0.72 * h), (0.69 * w, 0.84 * h), (0.65 * w, 0.86 * h)],
        fill=(230, 226, 214),
    )
    soft_shape(
        im,
        lambda dd, s: [
            dd.ellipse(
                ((x - 0.05 * w) * s, (y - 0.02 * h) * s, (x + 0.06 * w) * s, (y + 0.1 * h) * s),
                fill=255,
            )
            for x, y in heads
        ],
        (40, 40, 36),
        0.4,
        0.02 * w,
    )
    d = ImageDraw.Draw(im)
    for i, (hx, hy) in enumerate(sorted(heads, key=lambda p: p[1])):
        col = (192, 28, 44) if i % 4 else (226, 120, 140)
        draw_carnation(d, hx, hy, 0.05 * w, col, rng, squash=0.85)
    # two loose carnations on the step
    for hx, hy in ((0.8 * w, 0.7 * h), (0.88 * w, 0.76 * h)):
        d.line(
            [(hx, hy), (hx - 0.12 * w, hy + 0.12 * h)],
            fill=(64, 106, 58),
            width=max(2, int(0.006 * w)),
        )
        draw_carnation(d, hx, hy, 0.04 * w, (236, 232, 226), rng, squash=0.85)
    return vignette(soft_noise(im, seed + 1, max(6, w // 150), 4), 0.3)


BOOK_COLORS: list[RGB] = [
    (112, 34, 38),
    (38, 52, 88),
    (40, 74, 54),
    (150, 112, 52),
    (92, 58, 38),
    (70, 40, 72),
    (120, 96, 70),
    (48, 70, 80),
    (140, 62, 40),
]


def scene_library(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    im = vgradient((w, h), [(0, (70, 48, 32)), (1, (40, 26, 18))])
    d = ImageDraw.Draw(im)
    posts = [(0.0, 0.05), (0.485, 0.515), (0.95, 1.0)]
    shelf_gap = 0.155 * h
    plank = 0.014 * h
    y = 0.06 * h
    while y + shelf_gap < h:
        floor = y + shelf_gap
        for (_, pb), (qa, _) in zip(posts, posts[1:], strict=False):
            x = pb * w + 0.004 * w
            end = qa * w - 0.004 * w
            while x < end:
                bw = rng.uniform(0.022, 0.048) * w
                if x + bw > end:
                    break
                bh = rng.uniform(0.72, 0.93) * (shelf_gap - plank)
                col = shade(rng.choice(BOOK_COLORS), rng.uniform(0.75, 1.15))
                if rng.random() < 0.05:
                    x += bw * 0.8
                    continue
                d.rectangle((x, floor - bh, x + bw - 1, floor), fill=col)
                d.rectangle((x, floor - bh, x + bw * 0.18, floor), fill=shade(col, 1.18))
                for by in (0.12, 0.2, 0.86):
                    d.rectangle(
                        (
                            x + 1,
                            floor - bh * (1 - by),
                            x + bw - 2,
                            floor - bh * (1 - by) + 0.004 * h,
                        ),
                        fill=(186, 156, 96),
                    )
                x += bw
        d.rectangle((0, floor, w, floor + plank), fill=(122, 84, 52))
        d.rectangle((0, floor, w, floor + plank * 0.3), fill=(150, 108, 70))
        y = floor + plank
    for pa, pb in posts:
        g = hgradient(
            (max(1, int((pb - pa) * w)), h),
            [(0, (92, 62, 40)), (0.4, (130, 92, 58)), (1, (78, 52, 34))],
        )
        im.paste(g, (int(pa * w), 0))
    # library ladder
    r1 = [(0.6 * w, 0.08 * h), (0.7 * w, h)]
    r2 = [(0.68 * w, 0.08 * h), (0.78 * w, h)]
    lw = max(2, int(0.012 * w))
    for k in range(1, 20):
        t = k / 20
        a = (r1[0][0] + (r1[1][0] - r1[0][0]) * t, r1[0][1] + (r1[1][1] - r1[0][1]) * t)
        b = (r2[0][0] + (r2[1][0] - r2[0][0]) * t, r2[0][1] + (r2[1][1] - r2[0][1]) * t)
        d.line([a, b], fill=(120, 84, 50), width=lw)
    d.line(r1, fill=(142, 100, 62), width=lw * 2)
    d.line(r2, fill=(142, 100, 62), width=lw * 2)
    add_light(im, 0.5 * w, 0.0, 0.9 * w, 0.55 * h, (255, 210, 150), 0.35, 1.4)
    return vignette(soft_noise(im, seed + 1, max(6, w // 150), 4), 0.45)


def scene_old_street(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    cam = Cam(w, h, f=0.55 * w, cx=0.5 * w, cy=0.56 * h, eye=1.7)
    im = vgradient(
        (w, h),
        [
            (0, (150, 160, 170)),
            (0.56, (226, 226, 220)),
            (0.5601, (130, 126, 118)),
            (1, (96, 92, 86)),
        ],
    )
    d = ImageDraw.Draw(im)
    # distant frontal building with a dome closes the street
    zf = 90.0
    cam.poly(d, [(-14, 0, zf), (14, 0, zf), (14, 14, zf), (-14, 14, zf)], (186, 182, 172))
    dx, dy = cam.p(0, 20, zf)
    dr = cam.f * 5 / zf
    d.ellipse((dx - dr, dy - dr * 0.9, dx + dr, dy + dr * 0.9), fill=(170, 166, 158))
    cam.poly(d, [(-5, 14, zf), (5, 14, zf), (5, 19.5, zf), (-5, 19.5, zf)], (176, 172, 164))
    for k in range(-5, 6):
        cam.poly(
            d,
            [
                (k * 2.4 - 0.5, 3, zf),
                (k * 2.4 + 0.5, 3, zf),
                (k * 2.4 + 0.5, 11, zf),
                (k * 2.4 - 0.5, 11, zf),
            ],
            (150, 146, 138),
        )
    # street surface: cobble rows and tram rails
    for i in range(120):
        z = 1.2 * 1.035**i
        if z > zf:
            break
        cam.line(d, (-5, 0, z), (5, 0, z), (110, 106, 100), cam.f * 0.03 / z)
    for x in (-0.75, 0.75, -2.2, 2.2):
        cam.line(d, (x, 0, 1.0), (x, 0, zf), (160, 156, 150), cam.f * 0.06 / 3)
    for side in (-1, 1):
        cam.poly(
            d,
            [(side * 5, 0.15, 1), (side * 7, 0.15, 1), (side * 7, 0.15, zf), (side * 5, 0.15, zf)],
            (150, 146, 138),
        )
        cam.poly(
            d,
            [(side * 5, 0, 1), (side * 5, 0.15, 1), (side * 5, 0.15, zf), (side * 5, 0, zf)],
            (120, 116, 110),
        )
    # facades, far to near
    tones = [(196, 184, 160), (176, 160, 136), (206, 196, 176), (160, 146, 126), (188, 170, 146)]
    for side in (-1, 1):
        segs: list[tuple[float, float, float, RGB]] = []
        z = 1.0
        while z < zf:
            L = rng.uniform(7, 13)
            segs.append((z, min(zf, z + L), rng.uniform(11, 19), rng.choice(tones)))
            z += L
        X = side * 7
        for z0, z1, H, col in reversed(segs):
            cam.poly(d, [(X, 0, z0), (X, 0, z1), (X, H, z1), (X, H, z0)], col)
            cam.poly(
                d, [(X, H - 0.6, z0), (X, H - 0.6, z1), (X, H, z1), (X, H, z0)], shade(col, 0.75)
            )
            cam.poly(d, [(X, 3.6, z0), (X, 3.6, z1), (X, 3.9, z1), (X, 3.9, z0)], shade(col, 0.82))
            nwin = max(1, int((z1 - z0 - 1.0) / 2.4))
            pitch = (z1 - z0) / nwin
            for k in range(nwin):
                wz0 = z0 + k * pitch + pitch * 0.3
                wz1 = wz0 + pitch * 0.4
                if cam.f * (wz1 - wz0) * 7 / (wz0 * wz0) < 1.5:
                    continue
                fl = 4.6
                while fl + 2 < H - 0.8:
                    cam.poly(
                        d,
                        [(X, fl, wz0), (X, fl, wz1), (X, fl + 1.9, wz1), (X, fl + 1.9, wz0)],
                        shade(col, 0.42),
                    )
                    cam.poly(
                        d,
                        [
                            (X, fl - 0.2, wz0 - 0.1),
                            (X, fl - 0.2, wz1 + 0.1),
                            (X, fl, wz1 + 0.1),
                            (X, fl, wz0 - 0.1),
                        ],
                        shade(col, 1.1),
                    )
                    fl += 3.3
                if k % 2 == 0:
                    cam.poly(
                        d,
                        [(X, 0, wz0), (X, 0, wz1), (X, 2.7, wz1), (X, 2.7, wz0)],
                        shade(col, 0.35),
                    )
                else:
                    cam.poly(
                        d,
                        [
                            (X, 0.7, wz0 - 0.3),
                            (X, 0.7, wz1 + 0.3),
                            (X, 3.0, wz1 + 0.3),
                            (X, 3.0, wz0 - 0.3),
                        ],
                        shade(col, 0.5),
                    )
        # lamp posts
        for z in (4.0, 14.0, 24.0, 34.0, 44.0, 60.0):
            cam.line(d, (side * 5.6, 0, z), (side * 5.6, 4.8, z), (60, 56, 52), cam.f * 0.12 / z)
            lx, ly = cam.p(side * 5.6, 5.0, z)
            lr = cam.f * 0.28 / z
            d.ellipse((lx - lr, ly - lr * 1.3, lx + lr, ly + lr), fill=(80, 76, 70))
    im = sepia(im, 1.0)
    im = soft_noise(im, seed + 1, max(2, w // 900), 7)
    return vignette(im, 0.5)


def scene_archive(w: int, h: int, seed: int, levels: int = 4) -> Image.Image:
    rng = random.Random(seed)
    im = vgradient((w, h), [(0, (86, 82, 76)), (1, (58, 54, 50))])
    d = ImageDraw.Draw(im)
    unit = h / (levels + 0.6)
    box_colors = [(178, 150, 110), (190, 165, 124), (164, 136, 98), (172, 146, 108)]
    label_font = font(max(8, int(unit * 0.085)))
    bay_w = unit * 2.2
    n = 0
    for lvl in range(levels):
        top = 0.3 * unit + lvl * unit
        floor = top + unit * 0.9
        x = 0.0
        while x < w:
            bay_end = x + bay_w
            bx = x + unit * 0.08
            while bx + unit * 0.3 < bay_end - unit * 0.06:
                bw = unit * rng.choice((0.32, 0.32, 0.36, 0.42))
                bh = unit * rng.uniform(0.7, 0.76)
                col = shade(rng.choice(box_colors), rng.uniform(0.9, 1.06))
                d.rectangle((bx, floor - bh, bx + bw - unit * 0.02, floor), fill=col)
                d.rectangle(
                    (bx, floor - bh, bx + bw - unit * 0.02, floor - bh + unit * 0.02),
                    fill=shade(col, 1.15),
                )
                lx0, lx1 = bx + bw * 0.14, bx + bw * 0.84 - unit * 0.02
                ly0 = floor - bh * 0.82
                d.rectangle((lx0, ly0, lx1, ly0 + bh * 0.32), fill=(236, 230, 214))
                n += 1
                d.text(
                    ((lx0 + lx1) / 2, ly0 + bh * 0.04),
                    f"{'ABCD'[lvl]}-{n:03d}",
                    font=label_font,
                    fill=(60, 50, 40),
                    anchor="ma",
                )
                for k in (0.2, 0.26):
                    d.rectangle(
                        (
                            lx0 + bw * 0.08,
                            ly0 + bh * k,
                            lx1 - bw * 0.16 * (k > 0.21),
                            ly0 + bh * k + unit * 0.008,
                        ),
                        fill=(150, 140, 126),
                    )
                hy = floor - bh * 0.28
                d.rounded_rectangle(
                    (bx + bw * 0.3, hy, bx + bw * 0.66, hy + bh * 0.07),
                    radius=int(bh * 0.03),
                    fill=shade(col, 0.45),
                )
                bx += bw
            x = bay_end
        d.rectangle((0, floor, w, floor + unit * 0.05), fill=(146, 148, 150))
        d.rectangle((0, floor + unit * 0.05, w, floor + unit * 0.08), fill=(96, 98, 100))
    x = 0.0
    while x < w + bay_w:
        d.rectangle((x - unit * 0.04, 0, x + unit * 0.04, h), fill=(126, 128, 132))
        d.rectangle((x - unit * 0.04, 0, x - unit * 0.015, h), fill=(160, 162, 166))
        x += bay_w
    # window light falling diagonally across the shelves
    soft_shape(
        im,
        lambda dd, s: dd.polygon(
            [(0.15 * w * s, 0), (0.35 * w * s, 0), (0.6 * w * s, h * s), (0.3 * w * s, h * s)],
            fill=255,
        ),
        (255, 236, 200),
        0.28,
        0.05 * h,
        mode="screen",
    )
    im = sepia(im, 0.35)
    return vignette(soft_noise(im, seed + 1, max(4, int(h // 200)), 5), 0.35)


def scene_mountains(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    im = vgradient((w, h), [(0, (92, 136, 194)), (0.5, (196, 216, 232)), (1, (210, 224, 234))])
    d = ImageDraw.Draw(im)
    layers = [
        (0.46, 0.2, (150, 166, 190), True),
        (0.56, 0.14, (112, 132, 150), True),
        (0.66, 0.09, (76, 100, 92), False),
        (0.76, 0.07, (52, 80, 58), False),
    ]
    n = 160
    for li, (base, amp, col, snow) in enumerate(layers):
        prof = peaks(rng, n, 5 - li, 0.12 + 0.06 * li, 0.1 if li < 2 else 0.2)
        ys = [base * h - p * amp * h for p in prof]
        xs = [i * w / n for i in range(n + 1)]
        d.polygon(list(zip(xs, ys, strict=False)) + [(w, h), (0, h)], fill=col)
        if snow:
            line = min(ys) + (base * h - min(ys)) * 0.35
            jag = ridge(rng, n, 0.7, smooth=0)
            sl = [line + j * 0.012 * h for j in jag]
            snow_col = mix((244, 246, 250), col, 0.1 * li)
            seg: list[int] = []
            for i in range(n + 2):
                if i <= n and ys[i] < sl[i]:
                    seg.append(i)
                elif len(seg) > 1:  # one snow cap per run of points above the snowline
                    d.polygon(
                        [(xs[j], ys[j]) for j in seg] + [(xs[j], sl[j]) for j in reversed(seg)],
                        fill=snow_col,
                    )
                    seg = []
                else:
                    seg = []
        if li == 3:
            for _ in range(70):
                i = rng.randrange(n + 1)
                tx = xs[i] + rng.uniform(-0.01, 0.01) * w
                ty = ys[i] + rng.uniform(0.0, 0.08) * h
                th = rng.uniform(0.03, 0.06) * h
                for k in range(3):
                    tw = th * (0.32 - 0.07 * k)
                    yy = ty - k * th * 0.28
                    d.polygon(
                        [(tx - tw, yy), (tx + tw, yy), (tx, yy - th * 0.5)], fill=(34, 58, 42)
                    )
    meadow = vgradient((w, int(0.14 * h)), [(0, (112, 140, 80)), (1, (84, 112, 60))])
    paint(
        im, (0, 0.86 * h, w, h), lambda dd, bw, bh: dd.rectangle((0, 0, bw, bh), fill=255), meadow
    )
    return vignette(soft_noise(im, seed + 1, max(8, w // 120), 4), 0.25)


def scene_sunrise(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    hz = 0.6
    im = vgradient(
        (w, h),
        [
            (0, (38, 56, 104)),
            (0.3, (112, 108, 156)),
            (0.5, (226, 146, 122)),
            (hz, (255, 204, 146)),
            (1, (255, 204, 146)),
        ],
    )
    # clouds lit from below
    for _ in range(7):
        cy = rng.uniform(0.15, 0.45) * h
        cx = rng.uniform(0.0, 1.0) * w
        cw = rng.uniform(0.12, 0.3) * w
        soft_shape(
            im,
            lambda dd, s, cx=cx, cy=cy, cw=cw: dd.ellipse(
                ((cx - cw) * s, (cy - 0.02 * h) * s, (cx + cw) * s, (cy + 0.025 * h) * s), fill=255
            ),
            (246, 178, 160),
            0.55,
            0.02 * h,
        )
    sx, sy, sr = 0.5 * w, hz * h, 0.05 * w
    add_light(im, sx, sy, 0.6 * w, 0.4 * h, (255, 190, 120), 0.8, 1.8)
    d = ImageDraw.Draw(im)
    d.ellipse((sx - sr, sy - sr, sx + sr, sy + sr), fill=(255, 242, 206))
    sea = vgradient(
        (w, int(h - hz * h) + 1), [(0, (176, 122, 116)), (0.4, (82, 80, 110)), (1, (28, 40, 72))]
    )
    im.paste(sea, (0, int(hz * h)))
    d = ImageDraw.Draw(im)
    for _ in range(220):
        t = rng.random() ** 1.6
        y = hz * h + 2 + t * (1 - hz) * h
        spread = (0.03 + 0.25 * t) * w
        x = sx + rng.gauss(0, 0.35) * spread
        L = (0.01 + 0.06 * t) * w * rng.uniform(0.4, 1.0)
        a = clamp(1 - abs(x - sx) / (spread * 1.4)) * (1 - 0.6 * t)
        d.line(
            [(x - L / 2, y), (x + L / 2, y)],
            fill=mix((150, 110, 120), (255, 216, 160), a),
            width=max(1, int((0.001 + 0.004 * t) * h)),
        )
    for _ in range(160):
        t = rng.random() ** 1.3
        y = hz * h + 4 + t * (1 - hz) * h
        x = rng.uniform(0, 1) * w
        L = (0.01 + 0.05 * t) * w
        d.line(
            [(x - L / 2, y), (x + L / 2, y)],
            fill=mix((130, 104, 122), (60, 70, 100), t),
            width=max(1, int(0.002 * h * (0.5 + t))),
        )
    add_light(im, sx, sy, 0.12 * w, 0.06 * h, (255, 230, 190), 0.7, 1.4)
    return soft_noise(im, seed + 1, max(8, w // 120), 3)


def scene_memorial_wall(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    im = vgradient(
        (w, h),
        [
            (0, (196, 202, 208)),
            (0.16, (214, 214, 210)),
            (0.7, (214, 214, 210)),
            (0.71, (176, 172, 166)),
            (1, (206, 202, 196)),
        ],
    )
    d = ImageDraw.Draw(im)
    for _ in range(40):  # trees behind the wall
        x = rng.uniform(-0.05, 1.05) * w
        r = rng.uniform(0.03, 0.06) * w
        d.ellipse(
            (x - r, 0.16 * h - r, x + r, 0.2 * h + r),
            fill=mix((120, 134, 120), (160, 170, 160), rng.random()),
        )
    wt, wb = 0.16 * h, 0.71 * h
    stone = vgradient(
        (w, int(wb - wt)), [(0, (58, 62, 66)), (0.5, (44, 47, 51)), (1, (36, 38, 42))]
    )
    im.paste(stone, (0, int(wt)))
    soft_shape(
        im,
        lambda dd, s: dd.polygon(
            [
                (0.2 * w * s, wt * s),
                (0.34 * w * s, wt * s),
                (0.5 * w * s, wb * s),
                (0.36 * w * s, wb * s),
            ],
            fill=255,
        ),
        (150, 156, 164),
        0.18,
        0.03 * w,
        mode="screen",
    )
    d = ImageDraw.Draw(im)
    d.rectangle((0, wt - 0.02 * h, w, wt), fill=(96, 100, 104))
    panels = 5
    pw = w / panels
    for p in range(panels + 1):
        x = p * pw
        d.line([(x, wt), (x, wb)], fill=(26, 28, 30), width=max(2, int(0.002 * w)))
        d.line(
            [(x + 0.002 * w, wt), (x + 0.002 * w, wb)],
            fill=(84, 88, 92),
            width=max(1, int(0.001 * w)),
        )
    # a title band, then names as abstract engraved lines in two columns per panel
    d.rectangle((0.36 * w, wt + 0.035 * h, 0.64 * w, wt + 0.048 * h), fill=(168, 170, 172))
    for p in range(panels):
        for col in range(2):
            cx = p * pw + pw * (0.27 + 0.46 * col)
            y = wt + 0.085 * h
            while y < wb - 0.04 * h:
                L = rng.uniform(0.035, 0.075) * w
                d.rectangle((cx - L / 2, y, cx + L / 2, y + 0.0065 * h), fill=(150, 152, 156))
                y += 0.022 * h
    d.rectangle((0, wb, w, wb + 0.012 * h), fill=(120, 118, 114))
    # paving joints
    for i in range(1, 12):
        y = wb + (i / 12) ** 1.6 * (h - wb)
        d.line([(0, y), (w, y)], fill=(160, 156, 150), width=max(1, int(0.0015 * h)))
    for k in range(-12, 13):
        d.line(
            [(0.5 * w + k * 0.05 * w, wb), (0.5 * w + k * 0.16 * w, h)],
            fill=(166, 162, 156),
            width=max(1, int(0.0015 * h)),
        )
    # flowers and a few candles along the base
    for cx in (0.18, 0.52, 0.81):
        for _ in range(7):
            fx = cx * w + rng.uniform(-0.04, 0.04) * w
            fy = wb + rng.uniform(0.01, 0.05) * h
            draw_carnation(
                d,
                fx,
                fy,
                0.012 * w,
                (186, 30, 44) if rng.random() < 0.8 else (236, 232, 226),
                rng,
                squash=0.6,
            )
    for cx in (0.3, 0.34, 0.66, 0.7):
        wick = draw_candle(d, im, cx * w, wb + 0.05 * h, 0.018 * w, 0.06 * h)
        draw_flame(d, cx * w, wick, 0.025 * h, 0.008 * w, 0.02)
    return vignette(soft_noise(im, seed + 1, max(6, w // 150), 4), 0.3)


def scene_old_map(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    ink: RGB = (92, 64, 40)
    im = Image.new("RGB", (w, h), (226, 206, 166))
    im = soft_noise(im, seed + 7, max(16, w // 10), 26)
    im = soft_noise(im, seed + 8, max(6, w // 60), 8)
    d = ImageDraw.Draw(im)
    u = min(w, h) / 1000
    lw = max(1, int(2.2 * u))
    # graticule
    for k in range(1, 8):
        d.line([(k * w / 8, 0), (k * w / 8, h)], fill=(200, 178, 138), width=max(1, int(u)))
    for k in range(1, 6):
        d.line([(0, k * h / 6), (w, k * h / 6)], fill=(200, 178, 138), width=max(1, int(u)))
    # a landmass from a noisy polar outline; coast ripples drawn outwards
    cx, cy, R = 0.42 * w, 0.52 * h, 0.3 * min(w, h)
    n = 256
    rough = ridge(rng, n, 0.62, smooth=1)
    phases = [rng.uniform(0, math.tau) for _ in range(4)]
    coast = []
    for i in range(n):
        a = math.tau * i / n
        r = R * (
            1
            + 0.22 * math.sin(2 * a + phases[0])
            + 0.12 * math.sin(3 * a + phases[1])
            + 0.07 * math.sin(5 * a + phases[2])
            + 0.1 * rough[i]
        )
        coast.append((cx + r * math.cos(a) * 1.45, cy + r * math.sin(a)))
    for k, alpha in ((4, 0.25), (3, 0.4), (2, 0.6), (1, 0.8)):
        s = 1 + 0.035 * k
        d.line(
            [(cx + (x - cx) * s, cy + (y - cy) * s) for x, y in coast + coast[:1]],
            fill=mix((226, 206, 166), ink, alpha * 0.6),
            width=max(1, int(1.2 * u)),
        )
    d.polygon(coast, fill=(214, 196, 146))
    d.line(coast + coast[:1], fill=ink, width=lw)
    # rivers
    for _ in range(4):
        i = rng.randrange(n)
        x1, y1 = coast[i]
        x, y = cx + (x1 - cx) * 0.25, cy + (y1 - cy) * 0.25
        pts = []
        for t in range(41):
            tt = t / 40
            px = x + (x1 - x) * tt + math.sin(tt * 9 + i) * 0.012 * w
            py = y + (y1 - y) * tt + math.cos(tt * 7 + i) * 0.012 * h
            pts.append((px, py))
        d.line(pts, fill=(96, 110, 120), width=max(1, int(1.6 * u)))
    # mountains
    for _ in range(26):
        mx = cx + rng.uniform(-0.5, 0.5) * R
        my = cy + rng.uniform(-0.5, 0.2) * R
        ms = rng.uniform(14, 26) * u
        d.line([(mx - ms, my), (mx, my - ms * 1.1), (mx + ms, my)], fill=ink, width=lw)
        d.line(
            [(mx, my - ms * 1.1), (mx + ms * 0.4, my)],
            fill=mix(ink, (214, 196, 146), 0.5),
            width=max(1, int(u)),
        )
    # towns and a dotted route
    towns = [
        (cx + rng.uniform(-0.7, 0.7) * R * 1.3, cy + rng.uniform(-0.6, 0.6) * R) for _ in range(6)
    ]
    route = []
    for (ax, ay), (bx, by) in zip(towns, towns[1:], strict=False):
        for t in range(24):
            route.append(
                (
                    ax + (bx - ax) * t / 24,
                    ay + (by - ay) * t / 24 + math.sin(t / 24 * math.pi) * 0.02 * h,
                )
            )
    for i, (px, py) in enumerate(route):
        if i % 2 == 0:
            rr = 2.2 * u
            d.ellipse((px - rr, py - rr, px + rr, py + rr), fill=(140, 60, 40))
    for tx, ty in towns:
        rr = 9 * u
        d.ellipse((tx - rr, ty - rr, tx + rr, ty + rr), outline=ink, width=lw, fill=(232, 214, 176))
        d.ellipse((tx - rr * 0.35, ty - rr * 0.35, tx + rr * 0.35, ty + rr * 0.35), fill=ink)
        d.rectangle(
            (tx + rr * 1.6, ty - rr * 0.3, tx + rr * 1.6 + rng.uniform(40, 80) * u, ty + rr * 0.3),
            fill=mix(ink, (214, 196, 146), 0.35),
        )
    # compass rose
    rx, ry, rr = 0.85 * w, 0.78 * h, 0.09 * min(w, h)
    d.ellipse((rx - rr, ry - rr, rx + rr, ry + rr), outline=ink, width=lw)
    d.ellipse(
        (rx - rr * 0.8, ry - rr * 0.8, rx + rr * 0.8, ry + rr * 0.8),
        outline=ink,
        width=max(1, int(u)),
    )
    for k in range(8):
        a = k * math.pi / 4 - math.pi / 2
        L = rr * (1.25 if k % 2 == 0 else 0.75)
        sw = rr * 0.14
        tip = (rx + L * math.cos(a), ry + L * math.sin(a))
        lft = (rx + sw * math.cos(a - math.pi / 2), ry + sw * math.sin(a - math.pi / 2))
        rgt = (rx + sw * math.cos(a + math.pi / 2), ry + sw * math.sin(a + math.pi / 2))
        d.polygon([lft, tip, (rx, ry)], fill=ink)
        d.polygon([(rx, ry), tip, rgt], fill=(214, 196, 146), outline=ink)
    d.text((rx, ry - rr * 1.3), "N", font=font(int(rr * 0.35)), fill=ink, anchor="md")
    # cartouche
    f = font(int(46 * u))
    cx0, cy0 = 0.06 * w, 0.07 * h
    cw_, ch_ = f.getlength("SAMPLE MAP") + 80 * u, 130 * u
    d.rectangle((cx0, cy0, cx0 + cw_, cy0 + ch_), fill=(234, 218, 182), outline=ink, width=lw)
    d.rectangle(
        (cx0 + 8 * u, cy0 + 8 * u, cx0 + cw_ - 8 * u, cy0 + ch_ - 8 * u),
        outline=ink,
        width=max(1, int(u)),
    )
    d.text((cx0 + cw_ / 2, cy0 + 24 * u), "SAMPLE MAP", font=f, fill=ink, anchor="ma")
    d.text(
        (cx0 + cw_ / 2, cy0 + 80 * u), "Kiosk demo", font=font(int(26 * u)), fill=ink, anchor="ma"
    )
    # double border
    m = 0.025 * min(w, h)
    d.rectangle((m, m, w - m, h - m), outline=ink, width=max(2, int(4 * u)))
    d.rectangle(
        (m + 10 * u, m + 10 * u, w - m - 10 * u, h - m - 10 * u), outline=ink, width=max(1, int(u))
    )
    return vignette(sepia(im, 0.25), 0.45)


def scene_concert_hall(w: int, h: int, seed: int) -> Image.Image:
    cam = Cam(w, h, f=0.62 * w, cx=0.5 * w, cy=0.42 * h, eye=3.2)
    im = vgradient(
        (w, h), [(0, (34, 22, 22)), (0.42, (70, 40, 32)), (0.4201, (60, 34, 28)), (1, (40, 22, 20))]
    )
    d = ImageDraw.Draw(im)
    zb = 36.0
    # back wall and organ
    cam.poly(d, [(-12, 0, zb), (12, 0, zb), (12, 15, zb), (-12, 15, zb)], (112, 66, 40))
    for k in range(-14, 15):
        x = k * 0.5
        top = 6.5 + 5.5 * math.cos(k / 14 * math.pi / 2) ** 2 + (0.6 if k % 3 == 0 else 0)
        col = (214, 182, 112) if k % 2 else (184, 150, 84)
        cam.poly(
            d,
            [
                (x - 0.2, 4.0, zb - 0.1),
                (x + 0.2, 4.0, zb - 0.1),
                (x + 0.2, top, zb - 0.1),
                (x - 0.2, top, zb - 0.1),
            ],
            col,
        )
        cam.poly(
            d,
            [
                (x - 0.2, 4.0, zb - 0.1),
                (x - 0.1, 4.0, zb - 0.1),
                (x - 0.1, top, zb - 0.1),
                (x - 0.2, top, zb - 0.1),
            ],
            shade(col, 1.15),
        )
    cam.poly(
        d,
        [(-8, 3.4, zb - 0.2), (8, 3.4, zb - 0.2), (8, 4.1, zb - 0.2), (-8, 4.1, zb - 0.2)],
        (90, 54, 34),
    )
    # side walls with balconies
    for side in (-1, 1):
        X = side * 12
        cam.poly(d, [(X, 0, 2), (X, 0, zb), (X, 15, zb), (X, 15, 2)], (96, 56, 36))
        for by in (5.0, 9.0):
            cam.poly(
                d,
                [
                    (side * 10.5, by, 2),
                    (side * 10.5, by, zb - 2),
                    (side * 10.5, by + 1.2, zb - 2),
                    (side * 10.5, by + 1.2, 2),
                ],
                (128, 30, 34),
            )
            cam.line(
                d,
                (side * 10.5, by + 1.2, 2),
                (side * 10.5, by + 1.2, zb - 2),
                (206, 172, 100),
                cam.f * 0.08 / 8,
            )
    cam.poly(d, [(-12, 15, 2), (12, 15, 2), (12, 15, zb), (-12, 15, zb)], (44, 26, 24))
    # stage
    cam.poly(d, [(-10, 1.2, 26), (10, 1.2, 26), (10, 1.2, zb), (-10, 1.2, zb)], (176, 124, 72))
    cam.poly(d, [(-10, 0, 26), (10, 0, 26), (10, 1.2, 26), (-10, 1.2, 26)], (70, 40, 28))
    for k in range(-9, 10, 3):  # music stands as small dark marks
        cam.line(d, (k, 1.2, 29), (k, 2.3, 29), (50, 36, 30), cam.f * 0.06 / 29)
    sx, sy = cam.p(0, 2.0, 31)
    add_light(im, sx, sy, 0.35 * w, 0.16 * h, (255, 214, 150), 0.55, 1.6)
    d = ImageDraw.Draw(im)
    # seating rows, far to near
    z = 24.0
    while z > 3.2:
        x = -10.0
        while x < 10.0:
            if abs(x) > 1.0:
                cam.poly(
                    d,
                    [(x, 0.0, z), (x + 0.5, 0.0, z), (x + 0.5, 1.05, z), (x, 1.05, z)],
                    (132, 26, 34),
                )
                cam.poly(
                    d,
                    [(x, 0.9, z), (x + 0.5, 0.9, z), (x + 0.5, 1.05, z), (x, 1.05, z)],
                    (168, 44, 50),
                )
            x += 0.6
        z -= 1.05
    for zc in (8.0, 17.0, 26.0):
        lx, ly = cam.p(0, 12.5, zc)
        d.line([(lx, 0), (lx, ly)], fill=(60, 46, 36), width=max(1, int(cam.f * 0.04 / zc)))
        add_light(im, lx, ly, cam.f * 2.2 / zc, cam.f * 1.6 / zc, (255, 220, 160), 0.8, 1.8)
        d = ImageDraw.Draw(im)
        rr = cam.f * 0.5 / zc
        d.ellipse((lx - rr, ly - rr * 0.5, lx + rr, ly + rr * 0.5), fill=(255, 236, 196))
    for side in (-1, 1):
        for zc in (6.0, 12.0, 18.0, 24.0, 30.0):
            lx, ly = cam.p(side * 11.8, 7.5, zc)
            add_light(im, lx, ly, cam.f * 0.7 / zc, cam.f * 0.7 / zc, (255, 200, 130), 0.6, 2.0)
    return vignette(soft_noise(im, seed + 1, max(6, w // 150), 4), 0.4)


def scene_reading_room(w: int, h: int, seed: int) -> Image.Image:
    rng = random.Random(seed)
    hz = 0.58
    cam = Cam(w, h, f=0.6 * w, cx=0.5 * w, cy=hz * h, eye=2.0)
    im = vgradient(
        (w, h),
        [
            (0, (170, 156, 130)),
            (hz, (196, 182, 156)),
            (hz + 0.0001, (126, 88, 58)),
            (1, (96, 64, 42)),
        ],
    )
    d = ImageDraw.Draw(im)
    zb = 30.0
    for k in range(-16, 17):  # floorboards
        cam.line(d, (k * 0.6, 0, 1.0), (k * 0.6, 0, zb), (110, 76, 50), cam.f * 0.02 / 4)
    cam.poly(
        d,
        [(-1.1, 0.005, 1.0), (1.1, 0.005, 1.0), (1.1, 0.005, zb), (-1.1, 0.005, zb)],
        (112, 40, 40),
    )
    cam.poly(d, [(-9, 0, zb), (9, 0, zb), (9, 11, zb), (-9, 11, zb)], (212, 200, 176))
    windows = (-5.0, 0.0, 5.0)
    for wx in windows:
        x0, y0 = cam.p(wx - 1.4, 2.0, zb)
        x1, y1 = cam.p(wx + 1.4, 8.0, zb)
        aw = x1 - x0
        glass = vgradient(
            (int(aw) + 1, int(y0 - y1 + aw / 2) + 1), [(0, (236, 242, 248)), (1, (200, 214, 226))]
        )

        def arch(dd: ImageDraw.ImageDraw, bw: int, bh: int, aw: float = aw) -> None:
            dd.ellipse((0, 0, aw, aw), fill=255)
            dd.rectangle((0, aw / 2, aw, bh), fill=255)

        paint(im, (x0, y1 - aw / 2, x1, y0), arch, glass)
        mx = (x0 + x1) / 2
        d.line([(mx, y1 - aw / 2), (mx, y0)], fill=(150, 140, 120), width=max(1, int(aw * 0.04)))
        for k in range(1, 5):
            yy = y1 + (y0 - y1) * k / 5
            d.line([(x0, yy), (x1, yy)], fill=(150, 140, 120), width=max(1, int(aw * 0.03)))
    # ceiling and side walls with bookcases
    cam.poly(d, [(-9, 11, 1), (9, 11, 1), (9, 11, zb), (-9, 11, zb)], (150, 134, 110))
    for side in (-1, 1):
        X = side * 9
        cam.poly(d, [(X, 0, 1), (X, 0, zb), (X, 11, zb), (X, 11, 1)], (190, 176, 150))
        z = 1.0
        while z < zb:
            dz = rng.uniform(0.12, 0.25)
            for sy in (0.2, 1.3, 2.4, 3.5):
                cam.poly(
                    d,
                    [
                        (X, sy, z),
                        (X, sy, z + dz),
                        (X, sy + rng.uniform(0.75, 0.95), z + dz),
                        (X, sy + rng.uniform(0.75, 0.95), z),
                    ],
                    shade(rng.choice(BOOK_COLORS), rng.uniform(0.8, 1.1)),
                )
            z += dz
        for sy in (0.2, 1.3, 2.4, 3.5, 4.6):
            cam.poly(
                d, [(X, sy - 0.08, 1), (X, sy - 0.08, zb), (X, sy, zb), (X, sy, 1)], (110, 76, 48)
            )
    # light from the windows
    for wx in windows:
        a, b = cam.p(wx - 1.4, 6.0, zb), cam.p(wx + 1.4, 6.0, zb)
        c, e = cam.p(wx + 2.5, 0, 8), cam.p(wx - 0.5, 0, 8)
        soft_shape(
            im,
            lambda dd, s, a=a, b=b, c=c, e=e: dd.polygon(
                [(p[0] * s, p[1] * s) for p in (a, b, c, e)], fill=255
            ),
            (255, 244, 220),
            0.16,
            0.03 * w,
            mode="screen",
        )
    d = ImageDraw.Draw(im)
    lamps: list[tuple[float, float, float]] = []
    for x0, x1 in ((-5.5, -2.0), (2.0, 5.5)):
        z = 25.0
        while z >= 3.0:
            z0, z1 = z, z + 3.2
            for cx_ in (x0 - 0.45, x1 + 0.45):  # chairs
                for cz in (z0 + 0.8, z0 + 2.4):
                    cam.poly(
                        d,
                        [
                            (cx_ - 0.2, 0.45, cz),
                            (cx_ + 0.2, 0.45, cz),
                            (cx_ + 0.2, 0.9, cz),
                            (cx_ - 0.2, 0.9, cz),
                        ],
                        (92, 60, 40),
                    )
            cam.poly(
                d, [(x0, 0.74, z0), (x1, 0.74, z0), (x1, 0.78, z1), (x0, 0.78, z1)], (128, 84, 50)
            )
            cam.poly(
                d, [(x0, 0.78, z0), (x1, 0.78, z0), (x1, 0.78, z1), (x0, 0.78, z1)], (150, 100, 62)
            )
            cam.poly(
                d, [(x0, 0.66, z0), (x1, 0.66, z0), (x1, 0.78, z0), (x0, 0.78, z0)], (100, 64, 40)
            )
            for lz in (z0 + 0.8, z0 + 2.4):
                lx = (x0 + x1) / 2
                cam.line(d, (lx, 0.78, lz), (lx, 1.15, lz), (70, 60, 40), cam.f * 0.03 / lz)
                px, py = cam.p(lx, 1.18, lz)
                rr = cam.f * 0.22 / lz
                d.pieslice(
                    (px - rr, py - rr * 0.6, px + rr, py + rr * 0.6), 180, 360, fill=(40, 110, 70)
                )
                d.line(
                    [(px - rr, py), (px + rr, py)],
                    fill=(200, 170, 90),
                    width=max(1, int(rr * 0.08)),
                )
                lamps.append((px, py, rr))
            z -= 4.2
    for px, py, rr in lamps:
        add_light(im, px, py + rr * 0.8, rr * 3.5, rr * 1.6, (255, 214, 140), 0.55, 1.8)
    return vignette(soft_noise(im, seed + 1, max(6, w // 150), 4), 0.35)


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


# --------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------


def save_jpeg(
    im: Image.Image, path: Path, exif: bytes | None = None, quality: int = JPEG_QUALITY
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    kw: dict[str, object] = {"quality": quality, "optimize": True, "icc_profile": SRGB_ICC}
    if exif:
        kw["exif"] = exif
    im.convert("RGB").save(path, "JPEG", **kw)


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


def build_attract() -> None:
    w, h = 1920, 1080
    rng = random.Random(SEED + 5000)
    im = vgradient(
        (w, h), [(0, (16, 22, 40)), (0.55, (40, 40, 62)), (0.8, (74, 56, 62)), (1, (92, 64, 56))]
    )
    for _ in range(26):
        x = rng.uniform(0.0, 1.0) * w
        y = rng.uniform(0.55, 0.98) * h
        r = rng.uniform(0.015, 0.06) * w
        add_light(im, x, y, r, r, (255, 184, 110), rng.uniform(0.15, 0.4), 0.9)
    for _ in range(40):
        x, y = rng.uniform(0, 1) * w, rng.uniform(0.0, 0.5) * h
        r = rng.uniform(0.002, 0.006) * w
        add_light(im, x, y, r, r, (220, 226, 255), rng.uniform(0.3, 0.7), 2.0)
    add_light(im, 0.5 * w, 1.0 * h, 0.7 * w, 0.35 * h, (220, 140, 80), 0.35, 1.6)
    im = vignette(soft_noise(im, SEED + 5001, 24, 3), 0.4)
    save_jpeg(sample_mark(im), MEDIA / "attract" / "welcome.jpg")


# ---- books -----------------------------------------------------------------


@dataclass
class CoverStyle:
    bg: RGB
    fg: RGB
    accent: RGB
    emblem: str


COVER_STYLES: dict[str, CoverStyle] = {
    "memory-of-a-city": CoverStyle((30, 50, 82), (240, 232, 214), (196, 164, 104), "skyline"),
    "archive-voices": CoverStyle((26, 70, 74), (236, 236, 226), (214, 176, 110), "waves"),
    "songs-of-the-homeland": CoverStyle((108, 30, 40), (244, 232, 214), (222, 184, 110), "music"),
    "the-reading-room": CoverStyle((34, 70, 50), (240, 234, 214), (214, 184, 110), "lamp"),
    "letters-home": CoverStyle((214, 196, 160), (60, 44, 32), (140, 60, 44), "envelope"),
    "a-century-in-photographs": CoverStyle(
        (38, 38, 42), (236, 232, 224), (200, 170, 120), "photos"
    ),
}


def draw_emblem(im: Image.Image, kind: str, box: Box, st: CoverStyle, seed: int) -> None:
    d = ImageDraw.Draw(im)
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    rng = random.Random(seed)
    a = st.accent
    if kind == "skyline":
        x = x0
        while x < x1:
            bw = rng.uniform(0.06, 0.12) * w
            bh = rng.uniform(0.25, 0.6) * h
            bcol = shade(a, rng.uniform(0.7, 1.0))
            bx1 = min(x1, x + bw - 3)
            d.rectangle((x, y1 - bh, bx1, y1), fill=bcol)
            if rng.random() < 0.5:
                d.polygon(
                    [(x, y1 - bh), ((x + bx1) / 2, y1 - bh - 0.5 * bw), (bx1, y1 - bh)], fill=bcol
                )
            elif rng.random() < 0.5:
                d.pieslice(
                    (x + 0.15 * bw, y1 - bh - 0.35 * bw, bx1 - 0.15 * bw, y1 - bh + 0.35 * bw),
                    180,
                    360,
                    fill=bcol,
                )
            for wy in range(int(y1 - bh + 10), int(y1 - 10), 22):
                for wx in range(int(x + 8), int(min(x1, x + bw) - 12), 16):
                    d.rectangle((wx, wy, wx + 6, wy + 10), fill=st.bg)
            x += bw
        d.ellipse((x0 + 0.7 * w, y0, x0 + 0.85 * w, y0 + 0.15 * w), fill=st.fg)
    elif kind == "waves":
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        for k in range(1, 7):
            r = k * 0.075 * w
            d.arc((cx - r, cy - r, cx + r, cy + r), -50, 50, fill=a, width=6)
            d.arc((cx - r, cy - r, cx + r, cy + r), 130, 230, fill=a, width=6)
        d.rounded_rectangle(
            (cx - 0.05 * w, cy - 0.14 * h, cx + 0.05 * w, cy + 0.1 * h),
            radius=int(0.05 * w),
            fill=st.fg,
        )
        d.line([(cx, cy + 0.1 * h), (cx, cy + 0.3 * h)], fill=st.fg, width=8)
        d.line([(cx - 0.1 * w, cy + 0.3 * h), (cx + 0.1 * w, cy + 0.3 * h)], fill=st.fg, width=8)
    elif kind == "music":
        for k in range(5):
            y = y0 + 0.3 * h + k * 0.07 * h
            d.line([(x0, y), (x1, y)], fill=a, width=4)
        for nx, step in ((0.12, 5), (0.3, 3), (0.48, 6), (0.66, 2), (0.84, 4)):
            cx = x0 + nx * w
            cy = y0 + 0.3 * h + step * 0.035 * h
            d.ellipse((cx - 0.045 * w, cy - 0.03 * w, cx + 0.045 * w, cy + 0.03 * w), fill=st.fg)
            d.line([(cx + 0.04 * w, cy), (cx + 0.04 * w, cy - 0.32 * h)], fill=st.fg, width=6)
    elif kind == "lamp":
        cx = (x0 + x1) / 2
        add_light(im, cx, y0 + 0.75 * h, 0.5 * w, 0.3 * h, (255, 220, 150), 0.5, 1.6)
        d = ImageDraw.Draw(im)
        d.pieslice(
            (cx - 0.3 * w, y0 + 0.3 * h, cx + 0.3 * w, y0 + 0.75 * h), 180, 360, fill=(60, 150, 96)
        )
        d.line([(cx - 0.3 * w, y0 + 0.525 * h), (cx + 0.3 * w, y0 + 0.525 * h)], fill=a, width=8)
        d.rectangle((cx - 0.02 * w, y0 + 0.525 * h, cx + 0.02 * w, y0 + 0.9 * h), fill=a)
        d.rectangle((cx - 0.2 * w, y0 + 0.9 * h, cx + 0.2 * w, y1), fill=a)
    elif kind == "envelope":
        ex0, ey0, ex1, ey1 = x0 + 0.1 * w, y0 + 0.15 * h, x1 - 0.1 * w, y1 - 0.15 * h
        d.rectangle((ex0, ey0, ex1, ey1), fill=(244, 236, 218), outline=st.fg, width=5)
        d.line(
            [(ex0, ey0), ((ex0 + ex1) / 2, (ey0 + ey1) / 2 + 10), (ex1, ey0)], fill=st.fg, width=5
        )
        d.ellipse(
            (
                (ex0 + ex1) / 2 - 28,
                (ey0 + ey1) / 2 - 10,
                (ex0 + ex1) / 2 + 28,
                (ey0 + ey1) / 2 + 46,
            ),
            fill=a,
        )
        d.rectangle(
            (ex1 - 0.2 * w, ey1 - 0.3 * h, ex1 - 0.06 * w, ey1 - 0.06 * h), outline=a, width=4
        )
    elif kind == "photos":
        scenes = [scene_old_street, scene_mountains, scene_sunrise, scene_concert_hall]
        tw, th = int(w * 0.46), int(h * 0.46)
        for k, sc in enumerate(scenes):
            tx = x0 + (k % 2) * (w - tw)
            ty = y0 + (k // 2) * (h - th)
            thumb = sepia(render(sc, tw - 16, th - 16, seed + k, 1), 0.85)
            d.rectangle((tx, ty, tx + tw, ty + th), fill=(236, 228, 212))
            im.paste(thumb, (int(tx + 8), int(ty + 8)))


def build_cover(slug: str, book: dict, seed: int) -> Image.Image:
    st = COVER_STYLES[slug]
    w, h = 800, 1200
    im = vgradient((w, h), [(0, shade(st.bg, 1.12)), (1, shade(st.bg, 0.85))])
    im = soft_noise(im, seed, 40, 4)
    d = ImageDraw.Draw(im)
    d.rectangle((30, 30, w - 30, h - 30), outline=st.accent, width=3)
    d.rectangle((42, 42, w - 42, h - 42), outline=st.accent, width=1)
    tf = font(66)
    y = 110
    for line in wrap(book["title"]["en"], tf, w - 160):
        d.text((w / 2, y), line, font=tf, fill=st.fg, anchor="ma")
        y += 80
    d.line([(w / 2 - 60, y + 14), (w / 2 + 60, y + 14)], fill=st.accent, width=3)
    draw_emblem(im, st.emblem, (130, max(y + 70, 330), w - 130, 930), st, seed + 1)
    d = ImageDraw.Draw(im)
    af = font(34)
    ay = 980
    # the default font lacks Azerbaijani letters: draw ASCII renderings of names
    for author in book["authors"]:
        d.text((w / 2, ay), ascii_name(author), font=af, fill=st.fg, anchor="ma")
        ay += 44
    d.text(
        (w / 2, h - 82),
        f"{book['publisher']}  \u00b7  {book['year']}",
        font=font(24),
        fill=st.accent,
        anchor="ma",
    )
    # a SAMPLE ribbon across the top-right corner
    rib = Image.new("RGBA", (420, 64), (0, 0, 0, 0))
    rd = ImageDraw.Draw(rib)
    rd.rectangle((0, 0, 420, 64), fill=(200, 40, 40, 235))
    rd.text((210, 32), "SAMPLE", font=font(34), fill=(255, 255, 255, 255), anchor="mm")
    rib = rib.rotate(-45, expand=True, resample=Image.Resampling.BICUBIC)
    base = im.convert("RGBA")
    base.alpha_composite(rib, (w - 95 - rib.width // 2, 95 - rib.height // 2))
    return badge(base.convert("RGB"), MARK, 18, "bl")


def ascii_name(name: str) -> str:
    table = str.maketrans(
        {
            "ə": "a",
            "Ə": "A",
            "ı": "i",
            "İ": "I",
            "ş": "sh",
            "Ş": "Sh",
            "ğ": "g",
            "Ğ": "G",
            "ç": "ch",
            "Ç": "Ch",
            "ö": "o",
            "Ö": "O",
            "ü": "u",
            "Ü": "U",
        }
    )
    return name.translate(table)


def text_block(
    d: ImageDraw.ImageDraw,
    rng: random.Random,
    x0: float,
    x1: float,
    y: float,
    y_end: float,
    line_h: float,
    bar_h: float,
    color: RGB,
) -> float:
    """Grey 'word' bars in justified paragraphs; returns the y after the block."""
    first = True
    while y + line_h <= y_end:
        indent = 48 if first else 0
        last = rng.random() < 0.16
        words: list[float] = []
        width = x1 - x0 - indent
        while sum(words) + 14 * len(words) < width * (rng.uniform(0.3, 0.8) if last else 1.0):
            words.append(rng.uniform(26, 110))
        if not last:
            words.pop()
            gap = (width - sum(words)) / max(1, len(words) - 1)
        else:
            gap = 14
        x = x0 + indent
        for ww in words:
            d.rectangle((x, y, x + ww, y + bar_h), fill=color)
            x += ww + gap
        y += line_h
        first = last
        if last:
            y += line_h * 0.5
    return y


def build_page(
    book: dict, slug: str, page_no: int, kind: str, seed: int, size: tuple[int, int] = (1200, 1700)
) -> Image.Image:
    rng = random.Random(seed)
    w, h = size
    paper: RGB = (244, 238, 224)
    im = soft_noise(Image.new("RGB", (w, h), paper), seed, 60, 3)
    d = ImageDraw.Draw(im)
    ink: RGB = (132, 126, 116)
    m = 140
    d.text(
        (w / 2, 70), book["title"]["en"].upper(), font=font(22), fill=(120, 110, 100), anchor="ma"
    )
    d.line([(m, 110), (w - m, 110)], fill=(200, 192, 178), width=2)
    y = 170.0
    if kind in ("text", "figure", "music") and page_no % 2 == 1:
        d.text((m, y), f"Chapter {page_no // 2 + 1}", font=font(48), fill=(70, 62, 54))
        y += 80
        d.rectangle((m, y, m + 520, y + 18), fill=(150, 142, 130))
        y += 80
    if kind == "figure":
        fw, fh = w - 2 * m, int((w - 2 * m) * 0.62)
        scene = [scene_old_street, scene_memorial_stone, scene_mountains, scene_reading_room][
            page_no % 4
        ]
        fig = sepia(render(scene, fw, fh, seed + 1, 1), 0.9)
        y = text_block(d, rng, m, w - m, y, y + 6 * 34, 34, 13, ink)
        im.paste(fig, (m, int(y + 10)))
        d = ImageDraw.Draw(im)
        y += fh + 30
        d.rectangle((m, y, m + 460, y + 12), fill=(160, 150, 138))
        y += 50
    elif kind == "music":
        for stave in range(3):
            sy = y + stave * 170
            for k in range(5):
                d.line([(m, sy + k * 18), (w - m, sy + k * 18)], fill=(90, 84, 78), width=2)
            for k in range(14):
                nx = m + 70 + k * 62
                ny = sy + rng.randrange(-2, 9) * 9
                d.ellipse((nx - 11, ny - 8, nx + 11, ny + 8), fill=(60, 54, 48))
                d.line([(nx + 10, ny), (nx + 10, ny - 56)], fill=(60, 54, 48), width=3)
            for k in range(12):
                tx = m + 60 + k * 72
                d.rectangle((tx, sy + 100, tx + rng.uniform(30, 56), sy + 110), fill=ink)
        y += 3 * 170 + 20
    y = text_block(d, rng, m, w - m, y, h - 170, 34, 13, ink)
    d.text((w / 2, h - 100), str(page_no), font=font(30), fill=(90, 82, 74), anchor="ma")
    return badge(im, MARK, 18, "br", bg=(0, 0, 0, 90))


PAGE_PLAN: dict[str, list[str]] = {
    "memory-of-a-city": ["text", "figure", "text"],
    "archive-voices": ["text", "text"],
    "songs-of-the-homeland": ["music", "text"],
    "the-reading-room": ["text", "figure"],
    "a-century-in-photographs": ["figure", "figure", "text"],
}


def build_letters_pdf(book: dict, path: Path, seed: int, pages: int = 5) -> None:
    """A real multi-page PDF of 'letters': wavy ink lines, page numbers."""
    w, h = 1240, 1754  # A4 at 150 dpi
    rng = random.Random(seed)
    ims: list[Image.Image] = []
    for p in range(1, pages + 1):
        im = soft_noise(Image.new("RGB", (w, h), (240, 230, 206)), seed + p, 80, 8)
        im = vignette(im, 0.15)
        d = ImageDraw.Draw(im)
        ink = (38, 52, 96)
        d.text(
            (w / 2, 60),
            f"{book['title']['en']}  -  SAMPLE  -  letter {p}",
            font=font(24),
            fill=(110, 100, 90),
            anchor="ma",
        )
        d.line([(w - 520, 170), (w - 160, 170)], fill=ink, width=3)
        y = 260.0
        while y < h - 360:
            x = 160.0 + (80 if y == 260 else 0)
            end = w - 160 - (rng.uniform(0, 500) if rng.random() < 0.12 else 0)
            while x < end:
                L = rng.uniform(40, 150)
                ph = rng.uniform(0, math.tau)
                pts = [
                    (x + t, y + 7 * math.sin(t / 7 + ph) * math.sin(t / 19))
                    for t in range(0, int(min(L, end - x)), 3)
                ]
                if len(pts) > 1:
                    d.line(pts, fill=ink, width=3)
                x += L + rng.uniform(16, 28)
            y += 62
        sig = [(w - 480 + t * 3, h - 300 + 22 * math.sin(t / 5) + t * 0.2) for t in range(110)]
        d.line(sig, fill=ink, width=4)
        d.text(
            (w / 2, h - 130), f"Page {p} of {pages}", font=font(40), fill=(60, 50, 40), anchor="ma"
        )
        ims.append(badge(im, MARK, 20, "br", bg=(0, 0, 0, 100)))
    path.parent.mkdir(parents=True, exist_ok=True)
    ims[0].save(
        path,
        "PDF",
        save_all=True,
        append_images=ims[1:],
        resolution=150,
        quality=80,
        title=f"{book['title']['en']} (sample)",
        author=", ".join(ascii_name(a) for a in book["authors"]),
        creator="Kiosk scripts/make_demo.py",
        producer="Pillow",
        creationDate=FIXED_DATE,
        modDate=FIXED_DATE,
    )


def build_books() -> None:
    for i, (_book_id, book) in enumerate(sorted(BOOKS.items())):
        slug = book["slug"]
        seed = SEED + 2000 + 100 * i
        save_jpeg(build_cover(slug, book, seed), MEDIA / "books" / f"{slug}-cover.jpg")
        if "pdf" in book:
            build_letters_pdf(book, MEDIA / "books" / f"{slug}.pdf", seed + 50)
            continue
        for p, kind in enumerate(PAGE_PLAN[slug], start=1):
            save_jpeg(
                build_page(book, slug, p, kind, seed + 10 + p),
                MEDIA / "books" / f"{slug}-p{p}.jpg",
                quality=80,
            )


# ---- film --------------------------------------------------------------------

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


# ---- subtitles ---------------------------------------------------------------

Cue = tuple[float, float, str]

MEMORIAL_TIMES: list[tuple[float, float]] = [
    (1.0, 5.0),
    (5.5, 9.5),
    (10.0, 14.0),
    (15.0, 19.0),
    (20.0, 24.0),
    (25.0, 29.0),
]
MEMORIAL_CUES: dict[str, list[str]] = {
    "en": [
        "Candles burn in front of a memorial stone.",
        "The evening is quiet; the flames sway gently.",
        "Red carnations lie at the foot of the stone.",
        "The camera moves slowly closer to the stone.",
        "This is a sample clip made for the Kiosk demo.",
        "The timecode in the corner shows the position in the clip.",
    ],
    "az": [
        "Xatirə daşının qarşısında şamlar yanır.",
        "Axşam sakitdir; alovlar yavaşca yırğalanır.",
        "Daşın ətəyinə qırmızı qərənfillər qoyulub.",
        "Kamera yavaş-yavaş daşa yaxınlaşır.",
        "Bu, Kiosk demosu üçün hazırlanmış nümunə videodur.",
        "Küncdəki vaxt göstəricisi videodakı mövqeyi göstərir.",
    ],
    "ru": [
        "Перед памятным камнем горят свечи.",
        "Вечер тихий; пламя мягко колышется.",
        "У подножия камня лежат красные гвоздики.",
        "Камера медленно приближается к камню.",
        "Это демонстрационный ролик, созданный для Kiosk.",
        "Таймкод в углу показывает текущую позицию в ролике.",
    ],
    "ar": [
        "تشتعل الشموع أمام حجر تذكاري.",
        "المساء هادئ، واللهب يتمايل بلطف.",
        "أزهار القرنفل الحمراء عند قاعدة الحجر.",
        "تقترب الكاميرا ببطء من الحجر.",
        "هذا مقطع تجريبي أُعدّ لعرض Kiosk التوضيحي.",
        "يُظهر الرمز الزمني في الزاوية موضع التشغيل في المقطع.",
    ],
}

ARCHIVE_TIMES: list[tuple[float, float]] = [
    (0.5, 4.0),
    (4.5, 8.0),
    (8.5, 12.0),
    (12.5, 16.0),
    (16.5, 19.5),
]
ARCHIVE_CUES: dict[str, list[str]] = {
    "en": [
        "Archive shelves hold boxes of letters and photographs.",
        "Each box is numbered and labelled.",
        "The camera moves slowly along the shelves.",
        "Light from a window falls across the boxes.",
        "This is a sample clip made for the Kiosk demo.",
    ],
    "az": [
        "Arxiv rəflərində məktub və fotoşəkil qutuları saxlanılır.",
        "Hər qutu nömrələnib və etiketlənib.",
        "Kamera rəflər boyunca yavaş-yavaş hərəkət edir.",
        "Pəncərədən düşən işıq qutuların üzərinə yayılır.",
        "Bu, Kiosk demosu üçün hazırlanmış nümunə videodur.",
    ],
}


def _ts(t: float, sep: str) -> str:
    ms = int(round(t * 1000))
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


def write_vtt(path: Path, cues: Sequence[Cue]) -> None:
    out = ["WEBVTT", ""]
    for i, (a, b, text) in enumerate(cues, start=1):
        out += [str(i), f"{_ts(a, '.')} --> {_ts(b, '.')}", text, ""]
    path.write_text("\n".join(out), encoding="utf-8")


def write_srt(path: Path, cues: Sequence[Cue]) -> None:
    out: list[str] = []
    for i, (a, b, text) in enumerate(cues, start=1):
        out += [str(i), f"{_ts(a, ',')} --> {_ts(b, ',')}", text, ""]
    path.write_text("\n".join(out), encoding="utf-8")


def build_subtitles() -> None:
    film = MEDIA / "film"
    film.mkdir(parents=True, exist_ok=True)

    def cues(times: list[tuple[float, float]], texts: list[str]) -> list[Cue]:
        assert len(times) == len(texts)
        return [(a, b, s) for (a, b), s in zip(times, texts, strict=True)]

    write_vtt(film / "memorial.en.vtt", cues(MEMORIAL_TIMES, MEMORIAL_CUES["en"]))
    write_srt(film / "memorial.az.srt", cues(MEMORIAL_TIMES, MEMORIAL_CUES["az"]))
    write_srt(film / "memorial.ru.srt", cues(MEMORIAL_TIMES, MEMORIAL_CUES["ru"]))
    write_vtt(film / "memorial.ar.vtt", cues(MEMORIAL_TIMES, MEMORIAL_CUES["ar"]))
    write_srt(film / "archive.en.srt", cues(ARCHIVE_TIMES, ARCHIVE_CUES["en"]))
    write_vtt(film / "archive.az.vtt", cues(ARCHIVE_TIMES, ARCHIVE_CUES["az"]))


# ---- readme, ownership, checks -------------------------------------------------

README = """\
# Demo media

All media in this folder is generated by `scripts/make_demo.py` (drawn with
Pillow, encoded with ffpyplayer; no downloaded assets) and is original sample
content for the Kiosk demo exhibition, clearly marked SAMPLE. It is licensed
CC0 1.0 (public domain dedication,
https://creativecommons.org/publicdomain/zero/1.0/). Rebuild it with
`make demo-media`.
"""


def build_readme() -> None:
    MEDIA.mkdir(parents=True, exist_ok=True)
    (MEDIA / "README.md").write_text(README, encoding="utf-8")


def owned_files() -> list[Path]:
    """Every file this script writes (and therefore may delete)."""
    files = [MEDIA / "README.md", MEDIA / "attract" / "welcome.jpg"]
    files += [MEDIA / "photos" / name for name, *_ in PHOTOS]
    film = MEDIA / "film"
    files += [
        film / n
        for n in (
            "memorial.mp4",
            "archive.mp4",
            "memorial-poster.jpg",
            "memorial.en.vtt",
            "memorial.az.srt",
            "memorial.ru.srt",
            "memorial.ar.vtt",
            "archive.en.srt",
            "archive.az.vtt",
        )
    ]
    for book in BOOKS.values():
        slug = book["slug"]
        files.append(MEDIA / "books" / f"{slug}-cover.jpg")
        if "pdf" in book:
            files.append(MEDIA / "books" / f"{slug}.pdf")
        else:
            files += [
                MEDIA / "books" / f"{slug}-p{p}.jpg" for p in range(1, len(PAGE_PLAN[slug]) + 1)
            ]
    return files


def wipe_owned() -> None:
    for path in owned_files():
        if path.is_file() or path.is_symlink():
            path.unlink()


def probe_clip(path: Path) -> tuple[float, tuple[int, int]]:
    """Open a clip with ffpyplayer and return (duration s, (w, h))."""
    from ffpyplayer.player import MediaPlayer

    player = MediaPlayer(str(path), ff_opts={"paused": True, "an": True, "sn": True})
    try:
        meta: dict = {}
        for _ in range(200):
            meta = player.get_metadata()
            if meta.get("duration") and meta.get("src_vid_size", (0, 0))[0]:
                break
            time.sleep(0.02)
        return float(meta.get("duration") or 0.0), tuple(meta.get("src_vid_size") or (0, 0))  # type: ignore[return-value]
    finally:
        player.close_player()


def check(timings: dict[str, float]) -> int:
    """Print the file list, sizes and clip probes; return the total size."""
    total = 0
    missing = []
    for path in owned_files():
        if not path.is_file():
            missing.append(path)
            continue
        size = path.stat().st_size
        total += size
        print(f"{size / 1024:9.1f} KiB  {path.relative_to(REPO)}")
    if missing:
        raise SystemExit(f"missing outputs: {missing}")
    print(f"{total / 1024 / 1024:9.2f} MiB  total owned files")
    du = subprocess.run(["du", "-sb", str(MEDIA)], capture_output=True, text=True)
    if du.returncode == 0:
        print(f"du -sb media/: {du.stdout.split()[0]} bytes")
    with Image.open(MEDIA / "photos" / "007.jpg") as im:
        shown = ImageOps.exif_transpose(im)
        print(
            f"photos/007.jpg stored {im.size}, orientation {im.getexif().get(0x0112)}, "
            f"shown {shown.size}"
        )
        assert shown.size == (1800, 1200)
    for name in ("memorial.mp4", "archive.mp4"):
        dur, size = probe_clip(MEDIA / "film" / name)
        print(f"film/{name}: duration {dur:.2f} s, size {size[0]}x{size[1]}")
    print("timings: " + ", ".join(f"{k} {v:.1f}s" for k, v in timings.items()))
    if total >= MAX_MEDIA_BYTES:
        raise SystemExit(f"media too large: {total} bytes")
    return total


def main() -> int:
    start = time.perf_counter()
    wipe_owned()
    timings: dict[str, float] = {}
    for name, step in (
        ("readme", build_readme),
        ("photos", build_photos),
        ("attract", build_attract),
        ("books", build_books),
        ("subtitles", build_subtitles),
        ("memorial clip", build_memorial_clip),
        ("archive clip", build_archive_clip),
    ):
        t0 = time.perf_counter()
        step()
        timings[name] = time.perf_counter() - t0
    timings["total"] = time.perf_counter() - start
    check(timings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
