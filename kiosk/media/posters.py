"""Poster frames for clips the curator gave no ``poster:``: ``kiosk prepare``'s step.

Each is a picture taken from the clip itself (a tenth into it, see
:func:`~kiosk.media.video.poster_time`) and kept in the rendition cache's ``posters/``
folder under a hash of the clip's bytes, so a clip copied again unchanged is not decoded
again. No Kivy here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .problems import MediaProblem
from .renditions import RenditionCache
from .video import poster_folder, poster_for

if TYPE_CHECKING:
    from .assets import Assets


@dataclass
class PostersReport:
    """What taking poster frames did."""

    made: int = 0
    """Clips that have a poster frame now (made by this run or before)."""
    broken: list[str] = field(default_factory=list)
    """One line per clip no picture could be taken from, naming it as the curator wrote it."""

    def summary(self) -> str:
        """The lines ``kiosk prepare`` prints; empty when no clip needed a poster frame."""
        lines = [f"poster frames: {self.made} clip{'s' * (self.made != 1)}"] if self.made or self.broken else []
        return "\n".join(lines + self.broken)


def prepare_posters(assets: Assets, cache: RenditionCache) -> PostersReport:
    """Take a poster frame from every clip without a ``poster:`` into ``cache``'s folder.

    A clip whose file is missing is left to ``kiosk validate`` to report."""
    report = PostersReport()
    for clip in assets.clips_without_poster():
        video = assets.video(clip)
        if video is None:
            continue
        try:
            poster_for(video, poster_folder(cache.folder))
            report.made += 1
        except MediaProblem as exc:
            report.broken.append(f"{clip.video}: no poster frame: {exc}")
    return report
