"""Looking inside media files for ``kiosk validate``: why a file cannot be shown."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

DECODE_SECONDS = 60.0
"""How long ``kiosk validate`` spends decoding images in full. Within it, every image is
decoded, so a file damaged in its middle is reported; after it, images are checked by
their headers and structure only, and validate says which it did not decode."""


def inspect_media(kind: str, path: Path, decode: bool = True) -> str | None:
    """The reason ``path`` (an image, video, subtitles or pdf) cannot be shown, or None.

    ``decode`` decodes an image's pixels, not just its headers (see :class:`MediaInspection`
    for a time limit on that)."""
    if kind == "image":
        from .images import inspect_image

        return inspect_image(path, decode=decode)
    if kind == "video":
        from .video import inspect_video

        return inspect_video(path)
    if kind == "subtitles":
        from .subtitles import inspect_subtitles

        return inspect_subtitles(path)
    if kind == "pdf":
        from .pdf import inspect_pdf

        return inspect_pdf(path)
    return None


class MediaInspection:
    """``inspect_media`` with a time budget for decoding images in full.

    Decodes every image while the budget lasts, then checks the rest by their headers
    only and lists them in ``not_decoded``, so the command can say it did not look.
    """

    def __init__(self, seconds: float = DECODE_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self.spent = 0.0
        self.not_decoded: list[Path] = []

    def __call__(self, kind: str, path: Path) -> str | None:
        if kind != "image":
            return inspect_media(kind, path)
        if self.spent >= self.seconds:
            self.not_decoded.append(path)
            return inspect_media(kind, path, decode=False)
        started = self.clock()
        try:
            return inspect_media(kind, path, decode=True)
        finally:
            self.spent += self.clock() - started

    def note(self, shown: Callable[[Path], str] = str) -> str | None:
        """One line for the command's output, or None when every image was decoded."""
        if not self.not_decoded:
            return None
        count = len(self.not_decoded)
        names = ", ".join(shown(p) for p in self.not_decoded[:5]) + (", ..." if count > 5 else "")
        return (f"note: {count} image{'s were' if count != 1 else ' was'} checked by {'their' if count != 1 else 'its'}"
                f" headers only, not decoded ({self.seconds:.0f} s of decoding were used up): {names}; "
                f"'kiosk prepare' decodes every image and names any that fail")
