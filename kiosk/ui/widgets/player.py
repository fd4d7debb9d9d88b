"""A clip player: frames onto a texture, play/pause/seek/volume, end of clip.

The decoding is the backend's (``kiosk/media/playback.py``): the app hands its backend to
the screens, and each screen gives it to its player as ``playback``. Each clip starts
from a clean player: no texture, position 0, no duration, so nothing of the clip before
shows under the next one's title.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.graphics import Color, Rectangle
from kivy.graphics.texture import Texture
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty
from kivy.uix.widget import Widget

from ...media.playback import OpenClip, Playback, Picture
from ...media.problems import MediaProblem
from .geometry import centre


log = logging.getLogger(__name__)

POLL_SECONDS = 1 / 60


class ClipPlayer(Widget):
    """Plays one clip at a time, letterboxed in the widget.

    Events: ``on_eos`` at the end, ``on_failed(reason)`` when the file cannot be played.
    ``position`` and ``duration`` are seconds; ``playing`` is False while paused.
    """

    playback = ObjectProperty(None, allownone=True)
    """The backend that opens clips (``kiosk.media.playback.Playback``), from the screen."""
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
        self._clip: OpenClip | None = None
        self._poll = None
        self._ended = False
        self._end_at: float | None = None
        self._got_frame = False
        with self.canvas:
            Color(0, 0, 0, 1)
            self._bars = (Rectangle(), Rectangle())  # black where the picture does not reach
            self._color = Color(1, 1, 1, 0)
            self._rect = Rectangle()
        self.bind(pos=self._redraw, size=self._redraw, texture=self._redraw)

    # -- control ------------------------------------------------------------------------
    def open(self, path: Path, start: float = 0.0, end: float | None = None, muted: bool = False) -> None:
        """Start ``path`` at ``start`` seconds; stop (with ``on_eos``) at ``end`` if given."""
        self.close()
        self.position = start  # the scrubber and the times start from here, not from the last clip
        self.duration = 0.0
        self.audio_only = False
        self._got_frame = False
        playback: Playback | None = self.playback
        if playback is None:
            raise RuntimeError("this ClipPlayer has no playback backend (its screen sets it from the context)")
        try:
            self._clip = playback.open(path, start=start, muted=muted, volume=self.volume)
        except MediaProblem as problem:
            log.warning("cannot play %s: %s", path, problem.reason)
            self.dispatch("on_failed", problem.reason)
            return
        self.muted = muted
        self._ended = False
        self._end_at = end
        self.playing = True
        self._poll = Clock.schedule_interval(self._update, POLL_SECONDS)

    def close(self) -> None:
        """Stop and let go of the decoder without waiting for it; the picture goes with it."""
        if self._poll is not None:
            self._poll.cancel()
            self._poll = None
        if self._clip is not None:
            clip, self._clip = self._clip, None
            clip.close()
        self.playing = False
        self.texture = None

    @property
    def is_open(self) -> bool:
        return self._clip is not None

    def set_playing(self, playing: bool) -> None:
        if self._clip is None:
            return
        if playing and self._ended:
            self.seek(0)
            self._ended = False
        self._clip.pause(not playing)
        self.playing = playing

    def toggle(self) -> None:
        self.set_playing(not self.playing)

    def seek(self, seconds: float) -> None:
        """Jump to ``seconds`` (clamped to the clip)."""
        if self._clip is None:
            return
        if self.duration:
            seconds = max(0.0, min(seconds, self.duration - 0.5))
        self._clip.seek(seconds)
        self.position = seconds
        self._ended = False

    def set_volume(self, volume: float) -> None:
        self.volume = max(0.0, min(1.0, volume))
        if self._clip is not None:
            self._clip.set_volume(self.volume)

    # -- frames -------------------------------------------------------------------------
    def _update(self, _dt: float) -> None:
        clip = self._clip
        if clip is None:
            return
        picture = clip.poll()
        if clip.problem is not None:
            self.close()
            self.dispatch("on_failed", clip.problem)
            return
        self.audio_only = clip.sound_only
        if clip.duration and clip.duration != self.duration:
            self.duration = clip.duration
        if self._ended:
            return
        if picture is not None:
            self._show(picture)
        if clip.sound_only or picture is not None:
            self.position = clip.position
        if clip.ended or (self._end_at is not None and self.position >= self._end_at):
            self._finish()

    def _finish(self) -> None:
        self._ended = True
        self.playing = False
        if self._clip is not None:
            self._clip.pause(True)
        self.dispatch("on_eos")

    def _show(self, picture: Picture) -> None:
        texture = self.texture
        if texture is None or tuple(texture.size) != picture.size:
            texture = Texture.create(size=picture.size, colorfmt="rgba")
            texture.flip_vertical()
        texture.blit_buffer(picture.rgba, colorfmt="rgba")
        if texture is not self.texture:
            self.texture = texture
        else:
            self.canvas.ask_update()
        if not self._got_frame:
            self._got_frame = True
            self.dispatch("on_first_frame")

    def _redraw(self, *_args: Any) -> None:
        texture = self.texture
        first, second = self._bars
        if texture is None or not self.width or not self.height:
            self._color.a = 0
            self._rect.size = (0, 0)  # nothing to show: no pixels drawn for it
            first.pos, first.size = self.pos, self.size
            second.size = (0, 0)
            return
        self._color.a = 1
        tw, th = texture.size
        ratio = min(self.width / tw, self.height / th)
        w, h = tw * ratio, th * ratio
        self._rect.texture = texture
        cx, cy = centre(self)
        x, y = cx - w / 2, cy - h / 2
        self._rect.pos = (x, y)
        self._rect.size = (w, h)
        # the letterbox (or pillarbox) bars beside the picture, not a black ground under it
        if w < self.width:
            first.pos, first.size = self.pos, (x - self.x, self.height)
            second.pos, second.size = (x + w, self.y), (self.right - x - w, self.height)
        else:
            first.pos, first.size = self.pos, (self.width, y - self.y)
            second.pos, second.size = (self.x, y + h), (self.width, self.top - y - h)

    def on_eos(self) -> None:
        pass

    def on_failed(self, reason: str) -> None:
        pass

    def on_first_frame(self) -> None:
        pass


