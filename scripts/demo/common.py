"""Where the demo media go and what every part of it shares: the seed, the marks, the dates."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path


REPO = Path(__file__).resolve().parents[2]
MEDIA = REPO / "media"
SEED = 4242
MAX_MEDIA_BYTES = 20 * 1024 * 1024
JPEG_QUALITY = 85
MARK = "SAMPLE \u00b7 Kiosk demo"  # the default font has Latin-1 glyphs only
FIXED_DATE = time.struct_time((2024, 1, 1, 0, 0, 0, 0, 1, 0))

RGB = tuple[int, int, int]
Stops = Sequence[tuple[float, RGB]]
Box = tuple[float, float, float, float]
