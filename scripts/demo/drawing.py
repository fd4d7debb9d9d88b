"""The shared drawing helpers: gradients, soft light, noise, text, the SAMPLE mark, a
supersampling renderer, a simple camera, flames, candles and flowers, and the JPEG writer."""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageCms, ImageDraw, ImageFilter, ImageFont, ImageOps

from .common import JPEG_QUALITY, MARK, RGB, Box, Stops


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

def save_jpeg(
    im: Image.Image, path: Path, exif: bytes | None = None, quality: int = JPEG_QUALITY
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    kw: dict[str, object] = {"quality": quality, "optimize": True, "icc_profile": SRGB_ICC}
    if exif:
        kw["exif"] = exif
    im.convert("RGB").save(path, "JPEG", **kw)
