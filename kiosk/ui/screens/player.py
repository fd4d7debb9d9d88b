"""Watching a clip: play, pause, scrub, skip, volume and subtitles in the visitor's language.

Controls fade while the clip plays and come back on a touch. While the clip plays the
screen is ``busy``, and the app holds the idle timer.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.factory import Factory
from kivy.properties import BooleanProperty, StringProperty

from ...content.durations import format_clock
from ...content.models import Clip, ClipsSection
from ...media.text import has_rtl
from ..background import off_thread
from ..kvload import load_kv
from ..widgets.buttons import KButton
from ..widgets.card import Card
from ..widgets.player import ClipPlayer
from ..widgets.scrubber import Scrubber
from ..widgets.text import KLabel
from ..widgets.topbar import TopBar
from .base import KioskScreen, mirror

log = logging.getLogger(__name__)

for _cls in (ClipPlayer, Scrubber, Card, KButton, KLabel, TopBar):
    Factory.register(_cls.__name__, cls=_cls)

FADE_AFTER = 4.0
"""Seconds without a touch before the controls fade while a clip plays."""
DEBOUNCE = 0.6
"""A second clip asked for within this many seconds of the last is ignored (double taps)."""
AUTO = "auto"


class PlayerScreen(KioskScreen):
    controls_shown = BooleanProperty(True)
    failed = BooleanProperty(False)
    subtitle_choice = StringProperty(AUTO)
    """"auto" (the visitor's language, with the exhibition's fallback), a language, or "off"."""

    def __init__(self, context, **kwargs: Any) -> None:
        load_kv(__file__)
        super().__init__(context, **kwargs)
        self.section_id = ""
        self.clip: Clip | None = None
        self.subtitles: Any = None
        self.subtitles_language: str | None = None
        self.last_touch = context.clock()
        self.opened_at = -DEBOUNCE
        video: ClipPlayer = self.ids.video
        video.bind(on_eos=self._ended, on_failed=self._failed, playing=self._playing)
        self.wire_bar(self.ids.bar)
        self._tick = None

    # -- opening and leaving ------------------------------------------------------------
    def show(self, section: str | None = None, clip: str | None = None, **_options: Any) -> None:
        now = self.context.clock()
        if now - self.opened_at < DEBOUNCE and self.clip is not None and self.clip.id != clip:
            log.info("ignored a second clip asked for within %.1f s", DEBOUNCE)
            return
        found = self.context.exhibition.section(section or self.section_id)
        if not isinstance(found, ClipsSection):
            return
        chosen = next((c for c in found.clips if c.id == clip), found.clips[0])
        self.section_id, self.clip, self.opened_at = found.id, chosen, now
        self.failed = False
        self.subtitle_choice = AUTO
        self.subtitles, self.subtitles_language = None, None
        self.ids.subtitle.raw = ""
        path = self.context.media.find(chosen.video)
        if path is None:
            self._failed(None, "missing")
        else:
            self.ids.video.open(path)
        self._load_subtitles()
        self._show_controls()
        if self._tick is None:
            self._tick = Clock.schedule_interval(self.update, 0.1)
        self.refresh()

    def on_leave(self, *_args: Any) -> None:
        self.ids.video.close()
        self.busy = False
        if self._tick is not None:
            self._tick.cancel()
            self._tick = None

    def _ended(self, *_args: Any) -> None:
        self.busy = False
        finished = self.clip.id if self.clip else None
        self.navigate("clips-finished", section=self.section_id, finished=finished)

    def _failed(self, _player: Any, reason: str) -> None:
        log.warning("clip %s cannot be played: %s", self.clip.video if self.clip else "?", reason)
        self.failed = True
        self.busy = False
        self.refresh()

    def _playing(self, _player: Any, playing: bool) -> None:
        self.busy = playing
        self._show_controls()
        self.refresh()

    # -- controls -----------------------------------------------------------------------
    def toggle(self) -> None:
        self.ids.video.toggle()

    def skip(self, seconds: float) -> None:
        video: ClipPlayer = self.ids.video
        video.seek(video.position + seconds)

    def seek_to(self, fraction: float) -> None:
        video: ClipPlayer = self.ids.video
        if video.duration:
            video.seek(fraction * video.duration)

    def change_volume(self, delta: float) -> None:
        video: ClipPlayer = self.ids.video
        video.set_volume(round(video.volume + delta, 1))
        self.refresh()

    def next_subtitles(self) -> None:
        """Cycle: the visitor's language (auto), each language the clip has, off."""
        from ...media.subtitles import available_subtitles

        if self.clip is None:
            return
        options = [AUTO, *available_subtitles(self.clip, self.context.media), "off"]
        index = options.index(self.subtitle_choice) if self.subtitle_choice in options else 0
        self.subtitle_choice = options[(index + 1) % len(options)]
        self._load_subtitles()
        self.refresh()

    def _subtitle_file(self) -> tuple[str | None, Path | None]:
        from ...media.subtitles import available_subtitles, subtitles_for

        if self.clip is None or self.subtitle_choice == "off":
            return None, None
        if self.subtitle_choice == AUTO:
            path = subtitles_for(self.clip, self.context.exhibition.fallback_order(self.language),
                                 self.context.media)
            found = available_subtitles(self.clip, self.context.media)
            language = next((code for code, p in found.items() if p == path), None)
            return language, path
        return self.subtitle_choice, self.context.media.find(self.clip.subtitles.get(self.subtitle_choice))

    def _load_subtitles(self) -> None:
        from ...media.subtitles import load_subtitles

        language, path = self._subtitle_file()
        if path is None:
            self.subtitles, self.subtitles_language = None, None
            self.ids.subtitle.raw = ""
            return
        if language == self.subtitles_language and self.subtitles is not None:
            return
        clip = self.clip

        def loaded(subtitles: Any, error: BaseException | None) -> None:
            if clip is not self.clip:
                return
            if error is not None:
                log.warning("subtitles %s cannot be shown: %s", path, getattr(error, "reason", error))
                self.subtitles, self.subtitles_language = None, None
            else:
                self.subtitles, self.subtitles_language = subtitles, language
            self.refresh()  # the subtitle button names the language now shown
            self.update()

        off_thread(lambda: load_subtitles(path), loaded, name="kiosk-subtitles")

    # -- time ---------------------------------------------------------------------------
    def on_touch_down(self, touch: Any) -> bool:
        hidden = not self.controls_shown
        self._show_controls()
        if hidden:
            return True  # the first touch only brings the controls back
        return super().on_touch_down(touch)

    def _show_controls(self) -> None:
        self.last_touch = self.context.clock()
        self.controls_shown = True

    def update(self, _dt: float = 0.0) -> None:
        """Times, the scrub bar, the subtitle on screen and the controls' fade."""
        video: ClipPlayer = self.ids.video
        ids = self.ids
        ids.elapsed.raw = format_clock(video.position)
        ids.total.raw = format_clock(video.duration) if video.duration else "--:--"
        if video.duration and not ids.scrub.dragging:
            ids.scrub.value = video.position / video.duration
        cue = self.subtitles.cue_at(video.position) if self.subtitles is not None else None
        if cue is None:
            ids.subtitle.raw = ""
        elif has_rtl(cue.text):
            ids.subtitle.markup = False  # shaped and reordered as plain text
            ids.subtitle.raw = cue.text
        else:
            ids.subtitle.markup = True
            ids.subtitle.raw = cue.markup
        if video.playing and self.context.clock() - self.last_touch > FADE_AFTER:
            self.controls_shown = False

    def place(self) -> dict[str, Any]:
        return {"section": self.section_id, "clip": self.clip.id if self.clip else None}

    def refresh(self) -> None:
        if self.clip is None:
            return
        ids = self.ids
        bar: TopBar = ids.bar
        bar.rtl = self.rtl
        bar.title = self.tx(self.clip.title)
        bar.home_text, bar.back_text, bar.language_text = self.t("home"), self.t("back"), self.t("language")
        video: ClipPlayer = ids.video
        ids.play.raw = self.t("pause") if video.playing else self.t("play")
        ids.back10.raw, ids.fwd10.raw = self.t("back_10"), self.t("forward_10")
        ids.volume_down.raw, ids.volume_up.raw = "–", "+"
        # two lines: the word and the figure each stay whole on a narrow portrait row
        ids.volume.raw = f"{self.t('volume')}\n{int(round(video.volume * 100))}%"
        ids.failed.raw = self.t("clip_unavailable") if self.failed else ""
        if self.subtitle_choice == "off":
            ids.subs.raw = self.t("subtitles_off")
        else:
            from ..i18n import language_name

            shown = self.subtitles_language
            ids.subs.raw = f"{self.t('subtitles')}: {language_name(shown)}" if shown else self.t("subtitles")
        for row, order in ((ids.buttons, [ids.back10, ids.play, ids.fwd10, ids.volume_down, ids.volume,
                                          ids.volume_up, ids.subs]),
                           (ids.timeline, [ids.elapsed, ids.scrub, ids.total])):
            mirror(row, order, self.rtl)
        # a new language: subtitles follow it unless the visitor chose one
        if self.subtitle_choice == AUTO:
            language, _path = self._subtitle_file()
            if language != self.subtitles_language:
                self._load_subtitles()


