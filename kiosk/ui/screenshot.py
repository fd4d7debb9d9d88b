"""What visitors see, saved every few minutes for a fleet's status folder.

Only when ``KIOSK_SCREENSHOT`` names a PNG file (deploy/kiosk.service sets it); the fleet
agent (kiosk/fleet) copies the latest one into the kiosk's status folder. The pixels are
read on the UI thread (one draw and one read-back, as the UI tests read the framebuffer);
the PNG is encoded and renamed into place in a thread, so no visitor waits for the encoder.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

ENV = "KIOSK_SCREENSHOT"
EVERY_ENV = "KIOSK_SCREENSHOT_EVERY"
DEFAULT_EVERY = 180.0
"""Seconds between screenshots: every three minutes."""


@dataclass(frozen=True)
class ScreenshotPlan:
    path: Path
    every: float


def screenshot_plan(environ: dict[str, str] | None = None) -> ScreenshotPlan | None:
    """Where and how often to save, from the environment; None when screenshots are off."""
    environ = os.environ if environ is None else environ
    path = environ.get(ENV, "").strip()
    if not path:
        return None
    try:
        every = float(environ.get(EVERY_ENV, DEFAULT_EVERY))
    except ValueError:
        every = DEFAULT_EVERY
    return ScreenshotPlan(Path(path), max(10.0, every))


def _write_png(size: tuple[int, int], data: bytes, target: Path) -> None:
    from PIL import Image

    tmp = target.with_name(f".{target.name}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        image = Image.frombytes("RGB", size, data).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
        image.save(tmp, "PNG", compress_level=1)
        os.replace(tmp, target)
    except Exception:  # noqa: BLE001 - a screenshot must never disturb the kiosk
        log.exception("could not save the screenshot %s", target)
        tmp.unlink(missing_ok=True)


def capture_window(target: Path) -> threading.Thread | None:
    """Read what the window shows now and write it to ``target`` (PNG) in a thread."""
    try:
        from kivy.base import EventLoop
        from kivy.graphics.opengl import GL_RGB, GL_UNSIGNED_BYTE, glPixelStorei, glReadPixels, GL_PACK_ALIGNMENT

        window = EventLoop.window
        window.dispatch("on_draw")  # the whole canvas into the back buffer, as it is shown next
        width, height = (int(v) for v in window.size)
        glPixelStorei(GL_PACK_ALIGNMENT, 1)
        data = glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE)
    except Exception:  # noqa: BLE001
        log.exception("could not read the window for a screenshot")
        return None
    thread = threading.Thread(target=_write_png, args=((width, height), data, Path(target)), name="screenshot",
                              daemon=True)
    thread.start()
    return thread
