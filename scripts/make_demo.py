#!/usr/bin/env python3
"""(Re)build the bundled Kiosk demo exhibition media into ``media/``.

Everything is drawn procedurally with Pillow and encoded with ffpyplayer, so the
result is original sample content (CC0 1.0), reproducible byte for byte and
free of downloaded assets: no network, no external fonts (text drawn into
images uses Pillow's built-in ``ImageFont.load_default``), fixed random seeds.

The demo is a clearly marked SAMPLE of a commemoration exhibition: a memorial
stone, candles, carnations, a library, an old street, archive boxes, mountains,
a sunrise over the sea, a memorial wall, an old map, a concert hall and a
reading room, each made into a toned, grainy monochrome print as an archive
holds it (``demo/archival.py``); two short clips with subtitles; six books with covers and sample
pages (one as a PDF); an attract-loop background.

Only the files listed by ``demo.build.owned_files`` are deleted and rewritten; anything
else under ``media/`` (for example renditions made by ``kiosk prepare``) is left
alone.

Each thing it makes is drawn by its own module in ``scripts/demo/`` (see its
``__init__``); this file only runs them.

Usage::

    .venv/bin/python scripts/make_demo.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo.build import main  # noqa: E402  (a package beside this script, not installed)

if __name__ == "__main__":
    sys.exit(main())
