"""A clip player on ffpyplayer: frames onto a texture, play/pause/seek/volume, end of clip.

Kivy's own ``Video`` joins the decoder thread on the UI thread when it unloads (about
130 ms, see FIELD-NOTES) and can hang on rapid switching. This player closes the old
decoder on a worker thread, so switching clips never stalls a frame.

Each clip starts from a clean player: no texture, position 0, no duration, so nothing
of the clip before shows under the next one's title. Beside the decoder, the file is
probed off the UI thread (``media.video.probe``, a few hundredths of a second): a file
that cannot be played is reported at once, and a sound-only file plays as
``audio_only`` (no picture ever comes, so its position is kept by this player's clock;
ffpyplayer's stays at 0 without a video stream).
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.graphics import Color, Rectangle
from kivy.graphics.texture import Texture
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty
from kivy.uix.widget import Widget

from ..background import off_thread
from .geometry import centre


log = logging.getLogger(__name__)

POLL_SECONDS = 1 / 60
FIRST_FRAME_LIMIT = 8.0
"""A clip that shows no picture this long after opening is reported as failed (unless the
probe found it is sound only); the probe usually says so long before."""


def _close_in_background(player: Any) -> None:
    def close() -> None:
        try:
            player.close_player()
        except Exception:  # noqa: BLE001 - a decoder that fails to close must not take the kiosk with it
            log.exception("closing a clip failed")

    threading.Thread(target=close, name="kiosk-clip-close", daemon=True).start()


class ClipPlayer(Widget):
    """Plays one clip at a time, letterboxed in the widget.

    Events: ``on_eos`` at the end, ``on_failed(reason)`` when the file cannot be played.
    ``position`` and ``duration`` are seconds; ``playing`` is False while paused.
    """

    texture = ObjectProperty(None, allownone=True)
    position = NumericProperty(0.0)
    duration = NumericProperty(0.0)
    playing = BooleanProperty(False)
    volume = NumericProperty(1.0)
    muted = BooleanProperty(False)
    audio_only = BooleanProperty(False)
    """The file has sound and no picture: it plays, and the screen shows a card instead."""

    __events__ = ("on_eos", "on_failed", "on_first_frame")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._player: Any = None
        self._poll = None
        self._ended = False
        self._end_at: float | None = None
        self._got_frame = False
        self._errors: list[str] = []
        self._opened = 0.0
        self._opening = 0
        """Counts opens, so a probe that answers after the next clip opened is ignored."""
        self._sound_from = 0.0
        self._sound_since: float | None = None
        """Sound-only clips: the position when play last started, and when (None: paused)."""
        with self.canvas:
            Color(0, 0, 0, 1)
            self._bg = Rectangle()
            self._color = Color(1, 1, 1, 0)
            self._rect = Rectangle()
        self.bind(pos=self._redraw, size=self._redraw, texture=self._redraw)

    # -- control ------------------------------------------------------------------------
    def open(self, path: Path, start: float = 0.0, end: float | None = None, muted: bool = False) -> None:
        """Start ``path`` at ``start`` seconds; stop (with ``on_eos``) at ``end`` if given."""
        self.close()
        self._opening += 1
        self.position = start  # the scrubber and the times start from here, not from the last clip
        self.duration = 0.0
        self.audio_only = False
        self._got_frame = False
        try:
            from ffpyplayer.player import MediaPlayer

            options = {"out_fmt": "rgba", "sn": True, "paused": False, "autoexit": False}
            if start:
                options["ss"] = float(start)
            if muted:
                options["an"] = True
            errors: list[str] = []
            self._errors = errors
            # ffpyplayer reports a file it cannot read ("read:error") on its own thread
            self._player = MediaPlayer(str(path), ff_opts=options, loglevel="quiet",
                                       callback=lambda selector, value: errors.append(selector)
                                       if selector.endswith(":error") else None)
        except Exception as exc:  # noqa: BLE001 - ffpyplayer raises plain exceptions for bad files
            log.warning("cannot play %s: %s", path, exc)
            self.dispatch("on_failed", str(exc))
            return
        self.muted = muted
        self._ended = False
        self._got_frame = False
        self._end_at = end
        self._opened = time.monotonic()
        self.position = start
        self.duration = 0.0
        self.playing = True
        if not muted:
            self._player.set_volume(self.volume)
        self._poll = Clock.schedule_interval(self._update, POLL_SECONDS)
        self._probe(path, self._opening)

    def _probe(self, path: Path, opening: int) -> None:
        from ...media.video import VideoProblem, probe

        def answered(info: Any, error: BaseException | None) -> None:
            if opening != self._opening or self._player is None:
                return  # another clip is open now, or this one was closed
            if isinstance(error, VideoProblem):
                if not self._got_frame:
                    self.close()
                    self.dispatch("on_failed", error.reason)
                return
            if error is not None or info is None or info.has_video or self._got_frame:
                return  # the decoder and FIRST_FRAME_LIMIT decide
            if info.has_audio is False or self.muted or not info.duration:
                self.close()
                self.dispatch("on_failed", info.problem or "no picture in the file")
                return
            self.audio_only = True
            self.duration = float(info.duration)
            self._sound_from = self.position
            self._sound_since = time.monotonic() if self.playing else None

        off_thread(lambda: probe(path, check_end=False), answered, name="kiosk-clip-probe")

    def close(self) -> None:
        """Stop and let go of the decoder without waiting for it; the picture goes with it."""
        if self._poll is not None:
            self._poll.cancel()
            self._poll = None
        if self._player is not None:
            player, self._player = self._player, None
            player.set_pause(True)
            _close_in_background(player)
        self.playing = False
        self._sound_since = None
        self.texture = None

    @property
    def is_open(self) -> bool:
        return self._player is not None

    def set_playing(self, playing: bool) -> None:
        if self._player is None:
            return
        if playing and self._ended:
            self.seek(0)
            self._ended = False
        self._player.set_pause(not playing)
        self.playing = playing
        if self.audio_only:
            self._sound_from = self.position
            self._sound_since = time.monotonic() if playing else None

    def toggle(self) -> None:
        self.set_playing(not self.playing)

    def seek(self, seconds: float) -> None:
        """Jump to ``seconds`` (clamped to the clip)."""
        if self._player is None:
            return
        if self.duration:
            seconds = max(0.0, min(seconds, self.duration - 0.5))
        self._player.seek(seconds, relative=False, accurate=False)
        self.position = seconds
        self._ended = False
        if self.audio_only:
            self._sound_from = seconds
            self._sound_since = time.monotonic() if self.playing else None

    def set_volume(self, volume: float) -> None:
        self.volume = max(0.0, min(1.0, volume))
        if self._player is not None and not self.muted:
            self._player.set_volume(self.volume)

    # -- frames -------------------------------------------------------------------------
    def _update(self, _dt: float) -> None:
        player = self._player
        if player is None:
            return
        if self.audio_only:
            self._update_sound()
            return
        # an "audio:error" alone (a sound track ffmpeg cannot turn into the device's format)
        # leaves the picture, or a sound-only clip's card, to play on
        unreadable = any(not e.startswith("audio:") for e in self._errors)
        if not self._got_frame and (unreadable or time.monotonic() - self._opened > FIRST_FRAME_LIMIT):
            reason = "the file cannot be read as a video" if unreadable else "no picture came from the file"
            self.close()
            self.dispatch("on_failed", reason)
            return
        if not self.duration:
            duration = player.get_metadata().get("duration")
            if duration:
                self.duration = float(duration)
        frame, value = player.get_frame()
        if value == "eof" and not self._ended:
            self._finish()
            return
        if frame is None:
            return
        image, pts = frame
        self.position = float(pts)
        self._show(image)
        if self._end_at is not None and pts >= self._end_at and not self._ended:
            self._finish()

    def _update_sound(self) -> None:
        """A sound-only clip: the position runs with this player's clock while it plays."""
        if self._sound_since is None or self._ended:
            return
        self.position = min(self.duration, self._sound_from + time.monotonic() - self._sound_since)
        end = self._end_at if self._end_at is not None else self.duration
        if self.position >= end:
            self._sound_since = None
            self._finish()

    def _finish(self) -> None:
        self._ended = True
        self.playing = False
        if self._player is not None:
            self._player.set_pause(True)
        self.dispatch("on_eos")

    def _show(self, image: Any) -> None:
        size = image.get_size()
        texture = self.texture
        if texture is None or tuple(texture.size) != tuple(size):
            texture = Texture.create(size=size, colorfmt="rgba")
            texture.flip_vertical()
        texture.blit_buffer(image.to_memoryview()[0], colorfmt="rgba")
        if texture is not self.texture:
            self.texture = texture
        else:
            self.canvas.ask_update()
        if not self._got_frame:
            self._got_frame = True
            self.dispatch("on_first_frame")

    def _redraw(self, *_args: Any) -> None:
        self._bg.pos, self._bg.size = self.pos, self.size
        texture = self.texture
        self._color.a = 1 if texture is not None else 0
        if texture is None or not self.width or not self.height:
            return
        tw, th = texture.size
        ratio = min(self.width / tw, self.height / th)
        w, h = tw * ratio, th * ratio
        self._rect.texture = texture
        cx, cy = centre(self)
        self._rect.pos = (cx - w / 2, cy - h / 2)
        self._rect.size = (w, h)

    def on_eos(self) -> None:
        pass

    def on_failed(self, reason: str) -> None:
        pass

    def on_first_frame(self) -> None:
        pass


