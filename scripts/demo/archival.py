"""What makes a drawn scene read as an archival photograph rather than clip art.

A memorial shows documents: prints made from negatives, often decades old. Drawn flat
colour reads as an illustration; what reads as a photograph is what a camera, film and
a print add to a scene:

- framing: a photographer stands somewhere, not at the centre of a stage: an off-centre
  crop, a horizon a degree off level;
- monochrome film: panchromatic, or orthochromatic (blind to red: red flowers and
  lips print dark, skies pale), printed on paper whose blacks are never black and whose
  whites are never white, often toned (sepia, selenium);
- a lens: soft focus, softer still at the frame's edges, the edges darker (falloff),
  highlights that glow a little (halation);
- film and age: grain, strongest in the mid-tones, uneven density, dust and a scratch.

Everything is seeded: a rebuild is byte-identical.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from .common import RGB

TONES: dict[str, tuple[RGB, RGB, RGB]] = {
    # (shadows, mid-tones, highlights) of the print
    "silver": ((20, 19, 18), (122, 118, 111), (238, 234, 224)),
    "sepia": ((36, 25, 17), (140, 110, 80), (243, 230, 204)),
    "selenium": ((28, 22, 26), (118, 108, 104), (236, 230, 220)),
}


@dataclass(frozen=True)
class Look:
    """How one photograph was taken and printed."""

    tone: str = "silver"
    centre: tuple[float, float] = (0.5, 0.5)
    """Where the crop is centred, as a share of the drawn scene."""
    zoom: float = 0.86
    """The crop's share of the drawn scene (the scene is drawn wider than the photo)."""
    tilt: float = 0.0
    """Degrees off level, as a hand-held camera is."""
    ortho: bool = False
    """Orthochromatic film: blind to red."""
    grain: float = 1.0
    soft: float = 1.0


def archival(im: Image.Image, seed: int, look: Look) -> Image.Image:
    """``im`` as a toned print of a photograph of it, the same size."""
    rng = random.Random(seed)
    framed = _frame(im, look)
    grey = _film(framed, look.ortho)
    grey = _lens(grey, look.soft)
    grey = _paper(grey)
    grey = _grain_and_age(grey, seed, look.grain, rng)
    black, mid, white = TONES[look.tone]
    return ImageOps.colorize(grey, black=black, mid=mid, white=white)


def _frame(im: Image.Image, look: Look) -> Image.Image:
    w, h = im.size
    tilted = im.rotate(look.tilt, resample=Image.Resampling.BICUBIC) if look.tilt else im
    cw, ch = w * look.zoom, h * look.zoom
    # keep the crop inside the drawn scene (a tilt of a degree or two needs a few per cent)
    cx = min(max(look.centre[0] * w, cw / 2 + 0.02 * w), w - cw / 2 - 0.02 * w)
    cy = min(max(look.centre[1] * h, ch / 2 + 0.02 * h), h - ch / 2 - 0.02 * h)
    box = (round(cx - cw / 2), round(cy - ch / 2), round(cx + cw / 2), round(cy + ch / 2))
    return tilted.crop(box).resize((w, h), Image.Resampling.LANCZOS)


def _film(im: Image.Image, ortho: bool) -> Image.Image:
    # the film's sensitivity to red, green and blue
    mix = (0.06, 0.58, 0.36) if ortho else (0.32, 0.56, 0.12)
    r, g, b = (np.asarray(band, dtype=np.float32) for band in im.convert("RGB").split())
    return Image.fromarray(np.clip(r * mix[0] + g * mix[1] + b * mix[2], 0, 255).astype(np.uint8), "L")


def _radial(w: int, h: int) -> np.ndarray:
    """0 at the frame's centre, 1 at its corners."""
    y, x = np.ogrid[0:h, 0:w]
    return np.sqrt(((x - w / 2) / (w / 2)) ** 2 + ((y - h / 2) / (h / 2)) ** 2) / np.sqrt(2)


def _lens(grey: Image.Image, soft: float) -> Image.Image:
    w, h = grey.size
    scale = max(w, h) / 1800
    sharp = grey.filter(ImageFilter.GaussianBlur(1.1 * soft * scale))
    soft_edge = grey.filter(ImageFilter.GaussianBlur(4.5 * soft * scale))
    a, b = np.asarray(sharp, dtype=np.float32), np.asarray(soft_edge, dtype=np.float32)
    r = _radial(w, h)
    edge = np.clip((r - 0.35) / 0.6, 0, 1) ** 1.5  # the lens is sharpest in the middle
    out = a * (1 - edge) + b * edge
    # halation: the highlights spread into their surroundings
    glow = np.asarray(grey.point(lambda v: max(0, v - 170) * 3).filter(ImageFilter.GaussianBlur(18 * scale)),
                      dtype=np.float32)
    out = 255 - (255 - out) * (1 - 0.22 * glow / 255)
    out *= 1 - 0.42 * r ** 2.2  # the lens's falloff towards the corners
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8), "L")


def _paper(grey: Image.Image) -> Image.Image:
    """A print's curve: a toe and a shoulder, blacks and whites that stay greys."""
    def curve(v: int) -> int:
        x = v / 255
        s = x * x * (3 - 2 * x)  # an S
        y = 0.55 * s + 0.45 * x
        return round(10 + 222 * y)
    return grey.point([curve(v) for v in range(256)])


def _grain_and_age(grey: Image.Image, seed: int, amount: float, rng: random.Random) -> Image.Image:
    w, h = grey.size
    scale = max(w, h) / 1800
    generator = np.random.default_rng(seed)
    base = np.asarray(grey, dtype=np.float32)
    # grain: clumps of a pixel or two, strongest in the mid-tones (a negative's silver)
    noise = generator.normal(0, 1, (h, w)).astype(np.float32)
    clumped = np.asarray(Image.fromarray(np.clip(noise * 40 + 128, 0, 255).astype(np.uint8), "L")
                         .filter(ImageFilter.GaussianBlur(0.55 * scale)), dtype=np.float32) - 128
    x = base / 255
    base += clumped * (0.45 + 1.6 * x * (1 - x)) * 0.42 * amount
    # uneven density: the developer did not reach every part of the negative alike
    small = generator.normal(0, 1, (6, 9)).astype(np.float32)
    blotch = np.asarray(Image.fromarray(np.clip(small * 40 + 128, 0, 255).astype(np.uint8), "L")
                        .resize((w, h), Image.Resampling.BICUBIC), dtype=np.float32) - 128
    base *= 1 + blotch / 128 * 0.05
    out = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8), "L")
    # dust on the negative prints as pale specks; a scratch or two along the film
    draw = ImageDraw.Draw(out)
    for _ in range(int(40 * amount)):
        x0, y0, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.6, 2.2) * scale
        draw.ellipse((x0 - r, y0 - r, x0 + r, y0 + r), fill=rng.randint(200, 235))
    for _ in range(rng.randint(0, 2)):
        x0 = rng.uniform(0.1, 0.9) * w
        draw.line([(x0, rng.uniform(0, 0.3) * h), (x0 + rng.uniform(-0.01, 0.01) * w, rng.uniform(0.6, 1) * h)],
                  fill=rng.randint(150, 190), width=max(1, round(scale)))
    return out
