"""A visit and the attract loop, as plain logic with time passed in (no Kivy).

The app calls these with ``now`` from its clock; tests step that clock instead of
sleeping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from ..content.models import Exhibition, SectionBase
from ..content.schedule import active_playlist
from ..media.assets import Assets

EXCERPT_CAP = 30.0
"""A whole clip named in a playlist plays its first 30 s in the attract loop."""
NAMES_SLIDES = 4
"""A register in the attract loop stays as long as this many photos: names pass slowly."""
BOOK_SLIDES = 2
"""A page of the book of remembrance stays as long as two photos: it is read slowly."""


class IdlePhase(Enum):
    ACTIVE = "active"
    WARNING = "warning"
    EXPIRED = "expired"


class IdleWatch:
    """Counts time since the last touch; held while a clip plays."""

    def __init__(self, timeout: float, warning: float, now: float) -> None:
        self.timeout = timeout
        self.warning = warning
        self.last_touch = now
        self.held = False

    def touch(self, now: float) -> None:
        self.last_touch = now

    def hold(self, held: bool, now: float) -> None:
        """While held (a clip is playing) idle never fires; on release the count restarts."""
        self.held = held
        self.last_touch = now

    def phase(self, now: float) -> IdlePhase:
        if self.held:
            return IdlePhase.ACTIVE
        quiet = now - self.last_touch
        if quiet < self.timeout:
            return IdlePhase.ACTIVE
        if quiet < self.timeout + self.warning:
            return IdlePhase.WARNING
        return IdlePhase.EXPIRED

    def remaining(self, now: float) -> float:
        """Seconds left on the "still there?" countdown."""
        return max(0.0, self.timeout + self.warning - (now - self.last_touch))


@dataclass(frozen=True)
class AttractStep:
    """One thing the attract loop shows: a photo for ``seconds``, or a muted clip excerpt."""

    kind: str  # "photo", "clip", "names" (a register's names passing, as on a memorial wall) or "book"
    path: Path
    seconds: float
    start: float = 0.0
    title: object = None  # the item's Text, for a caption
    ref: str = ""


def attract_steps(exhibition: Exhibition, playlist: str | None, assets: Assets,
                  slide: float) -> list[AttractStep]:
    """The playlist as steps; items whose files are unusable are left out. How a kind's
    items are shown is its ``Kind.attract`` (content/models.py)."""
    steps: list[AttractStep] = []
    entries = exhibition.playlists.get(playlist or "", [])
    for entry in entries:
        section = exhibition.section(entry.section)
        if section is None:
            continue
        if section.KIND.attract == "names":  # the whole register is one step: its names pass slowly
            steps.append(AttractStep("names", Path(section.id), slide * NAMES_SLIDES, title=section.title,
                                     ref=section.id))
            continue
        if section.KIND.attract == "book":  # one page of the book: an approved message, or the invitation
            steps.append(AttractStep("book", Path(section.id), slide * BOOK_SLIDES, title=section.title,
                                     ref=section.id))
            continue
        items = section.items if entry.item is None else [i for i in section.items if i.id == entry.item]
        for item in items:
            step = _step(section, item, assets, slide, entry.start, entry.end)
            if step is not None:
                steps.append(step)
    if not steps:  # no playlist: every photo, so the loop is never empty
        for section in exhibition.sections:
            if section.KIND.attract == "photo":
                for item in section.items:
                    step = _step(section, item, assets, slide, None, None)
                    if step is not None:
                        steps.append(step)
    return steps


def _step(section: SectionBase, item: Any, assets: Assets, slide: float, start: float | None,
          end: float | None) -> AttractStep | None:
    ref = f"{section.id}/{item.id}"
    how = section.KIND.attract
    if how == "clip":
        path = assets.video(item)
        if path is None:
            return None
        begin = start or 0.0
        length = (end - begin) if end is not None else min(EXCERPT_CAP, item.duration or EXCERPT_CAP)
        return AttractStep("clip", path, length, start=begin, title=item.title, ref=ref)
    path = assets.photo(item) if how == "photo" else assets.cover(item)
    return AttractStep("photo", path, slide, title=item.title, ref=ref) if path else None


class AttractLoop:
    """Cycles through the steps of the playlist in force, switching by the schedule."""

    def __init__(self, exhibition: Exhibition, assets: Assets, wall_clock: Callable[[], dt.datetime]) -> None:
        self.exhibition = exhibition
        self.assets = assets
        self.wall_clock = wall_clock
        self.playlist: str | None = None
        self.steps: list[AttractStep] = []
        self.index = -1
        self.step_started = 0.0

    def _refresh(self) -> None:
        playlist = active_playlist(self.exhibition, self.wall_clock())
        if playlist != self.playlist or not self.steps:
            settings = self.exhibition.attract_settings
            slide = settings.slide if settings else 8.0
            self.playlist = playlist
            self.steps = attract_steps(self.exhibition, playlist, self.assets, slide)
            self.index = -1

    def start(self, now: float) -> AttractStep | None:
        """Begin (again) at the first step of the playlist in force."""
        self.playlist = None
        self.steps = []
        self._refresh()
        return self.advance(now)

    def current(self) -> AttractStep | None:
        return self.steps[self.index] if 0 <= self.index < len(self.steps) else None

    def due(self, now: float) -> bool:
        step = self.current()
        return step is not None and now - self.step_started >= step.seconds

    def advance(self, now: float) -> AttractStep | None:
        """The next step (a schedule change takes effect here)."""
        self._refresh()
        if not self.steps:
            return None
        self.index = (self.index + 1) % len(self.steps)
        self.step_started = now
        return self.steps[self.index]
