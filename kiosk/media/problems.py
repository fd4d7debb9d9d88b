"""The one exception for a media file the kiosk cannot use (no Kivy here).

Images, clips, PDFs and subtitle files all fail the same way for their callers: the
file is skipped or shown as a placeholder, and ``reason`` tells the curator why, in
words they can act on. No caller treats one kind of file differently from another, so
there is one class.
"""

from __future__ import annotations


class MediaProblem(Exception):
    """A media file that cannot be shown or played; ``reason`` is written for the curator."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
