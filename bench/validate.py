"""Benchmark: loading and validating a 1,000-panel exhibition, against plain ``yaml.safe_load``.

The kiosk's way: ``kiosk.content.loader.load_exhibition(path)``, which is what ``kiosk run``
and ``kiosk validate`` do first: YAML 1.2 scalars with every node's position, duplicate
keys and aliases refused, the pydantic model, and the cross-checks (ids unique, playlist
references, every media path resolved inside the media root and checked to be a file).
It does not look inside the media files (``kiosk validate`` adds that).

Plain: ``yaml.safe_load`` of the same file (pure-Python PyYAML, what most Kivy apps use),
which only parses: no positions, no checks, no model.

The exhibition is generated in a temporary folder: 1,000 panels, each with a title,
caption in two languages, credit and date, and a real (small) JPEG of its own name under
``media/`` (the same bytes copied under 1,000 names: validation checks paths, not pixels).
Medians of RUNS runs after one warm-up of each; the two ways are interleaved.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

PANELS = 1000
RUNS = 7


def main() -> int:
    tmp = c.setup_env("validate")
    import yaml
    from PIL import Image

    from kiosk.content.loader import load_exhibition

    folder = tmp / "exhibition"
    photos = folder / "media" / "photos"
    photos.mkdir(parents=True)
    sample = photos / "sample.jpg"
    Image.radial_gradient("L").convert("RGB").resize((320, 213)).save(sample, "JPEG", quality=80)
    data = sample.read_bytes()
    names = [f"photos/{i + 1:04d}.jpg" for i in range(PANELS)]
    for name in names:
        (folder / "media" / name).write_bytes(data)
    sample.unlink()
    path = c.write_exhibition(folder, names)
    text = path.read_text(encoding="utf-8")
    print(f"exhibition: {PANELS} panels, {len(text.splitlines())} lines, {len(text.encode()) / 1024:.0f} KiB, "
          f"{PANELS} media files of {len(data)} bytes")

    ours, plain = [], []
    for run in range(RUNS + 1):  # the first run of each warms caches and is dropped
        start = time.perf_counter()
        loaded = load_exhibition(path)
        t = time.perf_counter() - start
        start = time.perf_counter()
        with open(path, encoding="utf-8") as f:
            parsed = yaml.safe_load(f)
        p = time.perf_counter() - start
        if run:
            ours.append(t)
            plain.append(p)
    if loaded.exhibition is None or loaded.problems:
        print("\n".join(str(p) for p in loaded.problems[:10]))
        raise SystemExit("the generated exhibition did not load clean")
    panels = len(loaded.exhibition.sections[0].panels)
    assert panels == len(parsed["sections"][0]["panels"]) == PANELS

    extra = ""
    if hasattr(yaml, "CSafeLoader"):
        fast = []
        for _ in range(3):
            start = time.perf_counter()
            with open(path, encoding="utf-8") as f:
                yaml.load(f, Loader=yaml.CSafeLoader)
            fast.append(time.perf_counter() - start)
        extra = f" (for reference, libyaml's CSafeLoader: {c.median(fast) * 1000:.0f} ms)"

    ours_s, plain_s = c.median(ours), c.median(plain)
    print(f"kiosk load_exhibition (parse + positions + model + cross-checks): {ours_s * 1000:7.1f} ms median of {RUNS} "
          f"(min {min(ours) * 1000:.1f}, max {max(ours) * 1000:.1f}), {panels} panels, 0 problems")
    print(f"plain yaml.safe_load (parse only):                                {plain_s * 1000:7.1f} ms median of {RUNS} "
          f"(min {min(plain) * 1000:.1f}, max {max(plain) * 1000:.1f}){extra}")
    print("ratio = baseline / kiosk (above 1: the kiosk is faster)")
    print(c.result_line("validate_1000_panels", ours_s, "s", plain_s, "<0.3 s", digits=3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
