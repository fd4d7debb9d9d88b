"""The clips of a section: poster (or a title card), title, length and description; finished clips are marked."""

from __future__ import annotations

from typing import Any

from kivy.properties import StringProperty

from ...content.durations import format_clock
from ...content.models import Clip, ClipsSection
from .. import navigation as to
from ..background import off_thread
from ..kvload import load_kv
from ..widgets.tile import Tile
from ..widgets.topbar import TopBar  # noqa: F401 - in clips.kv
from .base import KioskScreen


class ClipsScreen(KioskScreen):
    screen_name = "clips"

    section_id = StringProperty("")

    def __init__(self, context, **kwargs: Any) -> None:
        load_kv(__file__)
        super().__init__(context, **kwargs)
        self.tiles: list[Tile] = []
        self.durations: dict[str, float] = {}
        self.watched: set[str] = set()
        """Clips played to the end in this visit."""
        self.wire_bar(self.ids.bar)

    @property
    def section(self) -> ClipsSection | None:
        found = self.context.exhibition.section(self.section_id)
        return found if isinstance(found, ClipsSection) else None

    def show(self, where: to.Destination) -> None:
        if not isinstance(where, (to.Section, to.ClipsFinished)):
            return
        if where.section_id != self.section_id or not self.tiles:
            self.section_id = where.section_id
            self._build()
        if isinstance(where, to.ClipsFinished) and where.finished:
            self.watched.add(where.finished)
        self.refresh()

    def reset_visit(self) -> None:
        self.watched.clear()
        self.refresh()

    def _build(self) -> None:
        grid = self.ids.grid
        grid.clear_widgets()
        self.tiles = []
        clips = self.section
        if clips is None:
            return
        for clip in clips.clips:
            tile = Tile(unit=self.unit, **self.style())
            tile.bind(on_release=lambda _t, c=clip: self.navigate(to.Player(self.section_id, c.id)))
            self.tiles.append(tile)
            grid.add_widget(tile)
            poster = self.context.assets.poster(clip)
            video = self.context.assets.video(clip)
            if poster is not None:
                tile.load(self.context.textures, poster, "screen")
            # without a poster, a title card (a grabbed frame would show whatever the clip
            # happens to show there: a burnt-in timecode, a black frame)
            if clip.duration:
                self.durations[clip.id] = clip.duration
            elif video is not None:
                off_thread(lambda v=video: __import__("kiosk.media.video", fromlist=["x"]).probe_duration(v),
                           lambda seconds, _err, c=clip: self._duration(c, seconds), name="kiosk-probe")

    def _duration(self, clip: Clip, seconds: float | None) -> None:
        if seconds:
            self.durations[clip.id] = seconds
            self.refresh()

    def refresh(self) -> None:
        clips = self.section
        if clips is None:
            return
        self.ids.bar.title = self.tx(clips.title)
        grid = self.ids.grid
        grid.orientation = "rl-tb" if self.rtl else "lr-tb"
        for tile, clip in zip(self.tiles, clips.clips):
            tile.rtl = self.rtl
            tile.title = self.tx(clip.title)
            tile.card = tile.title
            length = self.durations.get(clip.id)
            parts = [format_clock(length) if length else ""]
            if clip.id in self.watched:
                parts.append(f"{self.t('watched')} · {self.t('replay')}")
            facts = "  ·  ".join(p for p in parts if p)
            tile.detail = "\n".join(t for t in (facts, self.tx(clip.description)) if t)
            tile.marked = clip.id in self.watched
