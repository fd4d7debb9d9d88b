"""Poster frames for clips the curator gave no ``poster:``: ``kiosk prepare``'s step.

Each is a picture taken from the clip itself (a tenth into it, see
:func:`~kiosk.media.video.poster_time`) and kept in the rendition cache's ``posters/``
folder under a hash of the clip's bytes, so a clip copied again unchanged is not decoded
again. No Kivy here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content.media_root import MediaRoot
from ..content.models import ClipsSection, Exhibition
from .problems import MediaProblem
from .renditions import RenditionCache
from .video import poster_folder, poster_for


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


def prepare_posters(exhibition: Exhibition, media: MediaRoot, cache: RenditionCache) -> PostersReport:
    """Take a poster frame from every clip without a ``poster:`` into ``cache``'s folder.

    A clip whose file is missing is left to ``kiosk validate`` to report."""
    report = PostersReport()
    for section in exhibition.sections:
        if not isinstance(section, ClipsSection):
            continue
        for clip in section.clips:
            video = media.find(clip.video)
            if clip.poster or video is None:
                continue
            try:
                poster_for(video, poster_folder(cache.folder))
                report.made += 1
            except MediaProblem as exc:
                report.broken.append(f"{clip.video}: no poster frame: {exc}")
    return report
