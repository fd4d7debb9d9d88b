"""Looking inside media files for ``kiosk validate``: why a file cannot be shown."""

from __future__ import annotations

from pathlib import Path


def inspect_media(kind: str, path: Path) -> str | None:
    """The reason ``path`` (an image, video, subtitles or pdf) cannot be shown, or None."""
    if kind == "image":
        from .images import inspect_image

        return inspect_image(path)
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
