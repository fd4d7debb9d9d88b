"""Watching a clip: play, pause, scrub, skip, volume and subtitles in the visitor's language.

Controls fade while the clip plays and come back on a touch. While the clip plays the
screen is ``busy``, and the app holds the idle timer.

A subtitle file that cannot be read is tried once: the failure is remembered by file for
as long as this screen lives (a reloaded exhibition makes the screens again, so a fixed
file is read then), logged once, and the visitor is told once per clip opened, in their
language; the clip plays on without subtitles. A sound-only clip shows its poster or its
title on a dark card.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, StringProperty

from ...content.durations import format_clock
from ...content.models import Clip, ClipsSection
from ...media.text import has_rtl
from .. import navigation as to
from ..background import off_thread
from ..kvload import load_kv
from ..widgets.card import draw_only_when_seen
from ..widgets.buttons import KButton  # noqa: F401 - in player.kv, as are the others
from ..widgets.card import Card  # noqa: F401
from ..widgets.player import ClipPlayer
from ..widgets.scrubber import Scrubber  # noqa: F401
from ..widgets.text import KLabel  # noqa: F401
from ..widgets.topbar import TopBar  # noqa: F401
from .base import KioskScreen, mirror

log = logging.getLogger(__name__)

FADE_AFTER = 4.0
"""Seconds without a touch before the controls fade while a clip plays."""
DEBOUNCE = 0.6
"""A second clip asked for within this many seconds of the last is ignored (double taps)."""
NOTE_SECONDS = 6.0
"""How long the note that the subtitles cannot be shown stays on screen."""
AUTO = "auto"


class PlayerScreen(KioskScreen):
    screen_name = "player"

    controls_shown = BooleanProperty(True)
    failed = BooleanProperty(False)
    subtitle_choice = StringProperty(AUTO)
    """"auto" (the visitor's language, with the exhibition's fallback), a language, or "off"."""
    CARD_COLOUR = (0.09, 0.10, 0.12, 1)
    """Behind a sound-only clip's poster or title: dark, and never a clip's last frame."""

    def __init__(self, context, **kwargs: Any) -> None:
        load_kv(__file__)
        super().__init__(context, **kwargs)
        self.section_id = ""
        self.clip: Clip | None = None
        self.subtitles: Any = None
        self.subtitles_language: str | None = None
        self.last_touch = context.clock()
        self.opened_at = -DEBOUNCE
        self.broken_subtitles: dict[Path, str] = {}
        """Subtitle files that failed to load, and why: never tried again by this screen."""
        self._loading: Path | None = None
        self.note_until: float | None = None
        """When the note on screen goes (context clock); None when no note is shown."""
        self._noted = False
        """The visitor was told, for the clip now open, that its subtitles cannot be shown."""
        for hidden in ("card", "failed", "subtitle", "note"):  # transparent most of the time: drawn not at all
            draw_only_when_seen(self.ids[hidden])
        video: ClipPlayer = self.ids.video
        video.playback = context.playback
        video.bind(on_eos=self._ended, on_failed=self._failed, playing=self._playing)
        self.watch: Any = None  # the share of the clip watched, for kiosk/analytics
        self.wire_bar(self.ids.bar)
        self._tick = None

    # -- opening and leaving ------------------------------------------------------------
    def show(self, where: to.Destination) -> None:
        if not isinstance(where, to.Player):
            return
        now = self.context.clock()
        if now - self.opened_at < DEBOUNCE and self.clip is not None and self.clip.id != where.clip_id:
            log.info("ignored a second clip asked for within %.1f s", DEBOUNCE)
            return
        found = self.context.exhibition.section(where.section_id)
        if not isinstance(found, ClipsSection):
            return
        chosen = next((c for c in found.clips if c.id == where.clip_id), found.clips[0])
        self.section_id, self.clip, self.opened_at = found.id, chosen, now
        if self.watch is not None:
            self.watch.stop()
        self.watch = self.context.analytics.clip(found.id, chosen.id)
        self.failed = False
        self.subtitle_choice = AUTO
        self.subtitles, self.subtitles_language = None, None
        self.ids.subtitle.raw = ""
        self._noted, self.note_until, self.ids.note.raw = False, None, ""
        self.ids.scrub.value = 0.0
        self._show_poster(chosen)
        path = self.context.assets.video(chosen)
        if path is None:
            self.ids.video.close()  # nothing of the clip before stays on screen
            self._failed(None, "missing")
        else:
            self.ids.video.open(path)
        self._load_subtitles()
        self._show_controls()
        if self._tick is None:
            self._tick = Clock.schedule_interval(self.update, 0.1)
        self.refresh()

    def _show_poster(self, clip: Clip) -> None:
        """The poster for the card a sound-only clip shows (only drawn when it is sound only)."""
        self.ids.poster.texture = None
        poster = self.context.assets.poster(clip)
        if poster is None or self.context.textures is None:
            return

        def got(texture: Any, _reason: Any) -> None:
            if clip is self.clip and texture is not None:
                self.ids.poster.texture = texture

        self.context.textures.request(poster, "screen", got)

    def on_leave(self, *_args: Any) -> None:
        if self.watch is not None:
            self.watch = self.watch.stop()
        self.ids.video.close()
        self.busy = False
        if self._tick is not None:
            self._tick.cancel()
            self._tick = None

    def _ended(self, *_args: Any) -> None:
        if self.watch is not None:
            self.watch = self.watch.stop(finished=True)
        self.busy = False
        finished = self.clip.id if self.clip else None
        self.navigate(to.ClipsFinished(self.section_id, finished))

    def _failed(self, _player: Any, reason: str) -> None:
        log.warning("clip %s cannot be played: %s", self.clip.video if self.clip else "?", reason)
        self.context.analytics.once("placeholder", self.section_id, self.clip.video if self.clip else "", "clip")
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
        if self.clip is None:
            return
        options = [AUTO, *self.context.assets.subtitle_files(self.clip), "off"]
        index = options.index(self.subtitle_choice) if self.subtitle_choice in options else 0
        self.subtitle_choice = options[(index + 1) % len(options)]
        self._load_subtitles()
        self.refresh()

    def _subtitle_file(self) -> tuple[str | None, Path | None]:
        if self.clip is None or self.subtitle_choice == "off":
            return None, None
        assets = self.context.assets
        if self.subtitle_choice == AUTO:
            found = assets.subtitles(self.clip, self.context.exhibition.fallback_order(self.language))
            return found if found is not None else (None, None)
        return self.subtitle_choice, assets.subtitle_files(self.clip).get(self.subtitle_choice)

    def _load_subtitles(self) -> None:
        from ...media.subtitles import load_subtitles

        language, path = self._subtitle_file()
        if path is None:
            self.subtitles, self.subtitles_language = None, None
            self.ids.subtitle.raw = ""
            return
        if path in self.broken_subtitles:
            # known not to load: the clip plays without them (asked for again, e.g. by a
            # language change or by cycling the button, it is not read again)
            self.subtitles, self.subtitles_language = None, None
            self.ids.subtitle.raw = ""
            self._note_broken_subtitles()
            return
        if language == self.subtitles_language and self.subtitles is not None:
            return
        if path == self._loading:
            return  # already on its way
        clip = self.clip
        self._loading = path

        def loaded(subtitles: Any, error: BaseException | None) -> None:
            if self._loading == path:
                self._loading = None
            if error is not None:
                reason = str(getattr(error, "reason", error))
                self.broken_subtitles[path] = reason
                log.warning("subtitles %s cannot be shown: %s; the clip plays without them "
                            "(not tried again until the exhibition is reloaded)", path, reason)
            if clip is not self.clip or self.manager is None or self.manager.current != self.name:
                return  # the visitor moved on
            if error is not None:
                self.subtitles, self.subtitles_language = None, None
                self._note_broken_subtitles()
            else:
                self.subtitles, self.subtitles_language = subtitles, language
            self.refresh()  # the subtitle button names the language now shown
            self.update()

        off_thread(lambda: load_subtitles(path), loaded, name="kiosk-subtitles")

    def _note_broken_subtitles(self) -> None:
        """Tell the visitor once per clip opened that its subtitles cannot be shown."""
        if self._noted:
            return
        self._noted = True
        self.note_until = self.context.clock() + NOTE_SECONDS
        self.ids.note.raw = self.t("subtitles_unavailable")

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
        if self.watch is not None and video.playing:
            self.watch.at(video.position, video.duration, self.subtitles_language)
        if not ids.scrub.dragging:
            ids.scrub.value = video.position / video.duration if video.duration else 0.0
        if self.note_until is not None and self.context.clock() >= self.note_until:
            self.note_until, ids.note.raw = None, ""
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

    def refresh(self) -> None:
        if self.clip is None:
            return
        ids = self.ids
        ids.bar.title = self.tx(self.clip.title)
        video: ClipPlayer = ids.video
        ids.play.raw = self.t("pause") if video.playing else self.t("play")
        ids.play.icon = "pause" if video.playing else "play"
        ids.back10.raw, ids.fwd10.raw = self.t("back_10"), self.t("forward_10")
        ids.volume_down.raw, ids.volume_up.raw = "", ""  # the loudspeaker icons say it; the level is between them
        # two lines: the word and the figure each stay whole on a narrow portrait row
        ids.volume.raw = f"{self.t('volume')}\n{int(round(video.volume * 100))}%"
        ids.failed.raw = self.t("clip_unavailable") if self.failed else ""
        ids.card_title.raw = self.tx(self.clip.title)
        if ids.note.raw:
            ids.note.raw = self.t("subtitles_unavailable")  # a language change while it shows
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
                self._load_subtitles()  # a file known to be broken is not read again there


