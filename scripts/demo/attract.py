"""The attract loop's still (``media/attract/welcome.jpg``) and the sample exhibition's
emblem (``media/emblem.png``: a flame inside a ring, on a transparent ground)."""

from __future__ import annotations

import random

from .common import MEDIA, SEED
from PIL import Image, ImageDraw

from .drawing import add_light, draw_flame, sample_mark, save_jpeg, soft_noise, vgradient, vignette


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


def build_emblem() -> None:
    """A quiet symbol: a candle's flame inside a thin ring, in the accent's muted gold."""
    size = 1024
    im = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(im)
    gold = (217, 179, 107, 255)
    draw.ellipse((48, 48, size - 48, size - 48), outline=gold, width=28)
    draw_flame(draw, size / 2, size * 0.74, size * 0.5, size * 0.22, 0.04)
    im = im.resize((512, 512), Image.Resampling.LANCZOS)  # drawn large, smoothed down
    (MEDIA).mkdir(parents=True, exist_ok=True)
    im.save(MEDIA / "emblem.png", optimize=True)
