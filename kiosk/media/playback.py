"""Clip playback behind one interface: the real decoder (ffpyplayer) and a null one (no Kivy here).

The clip player widget (``kiosk/ui/widgets/player.py``) asks a :class:`Playback` to open
a file, then once a frame calls :meth:`OpenClip.poll` for the newest picture and reads
the clip's position, length, end and problem. The kiosk plays with
:class:`FFPyPlayback`; UI tests, and a machine without the codec, use
:class:`NullPlayback`, which makes flat pictures of the clip's size without decoding and
takes its time from a clock the caller steps (as Kivy's ``video_null`` stands in for its
video providers).

The app chooses the backend (``KioskApp(playback=...)``) and hands it down to the
screens in their ``ScreenContext``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .problems import MediaProblem

log = logging.getLogger(__name__)

FIRST_FRAME_LIMIT = 8.0
"""A clip that shows no picture this long after opening is reported as failed (unless the
probe found it is sound only); the probe usually says so long before."""


@dataclass(frozen=True)
class Picture:
    """One decoded picture: RGBA bytes, top row first."""

    rgba: Any
    """bytes or a memoryview of width * height * 4 bytes."""
    size: tuple[int, int]
    at: float
    """Seconds into the clip."""


class OpenClip(Protocol):
    """A clip opened by a backend. Read its attributes after each :meth:`poll`."""

    position: float
    """Seconds into the clip of the picture (or, sound only, the sound) playing now."""
    duration: float
    """Length in seconds; 0 until known."""
    sound_only: bool
    """The file has sound and no picture: it plays, and the screen shows a card instead."""
    ended: bool
    """The clip reached its end (False again after a seek)."""
    problem: str | None
    """Why the clip cannot be played, in the curator's words, once that is known."""

    def poll(self) -> Picture | None:
        """Take what the decoder found since the last call; the newest picture, if any."""

    def pause(self, paused: bool) -> None: ...

    def seek(self, seconds: float) -> None: ...

    def set_volume(self, volume: float) -> None: ...

    def close(self) -> None:
        """Let go of the decoder without waiting for it (never stalls a frame)."""


class Playback(Protocol):
    """Opens clips. A file that cannot be played says why in the clip's ``problem`` (known
    after a poll or two); ``open`` raises :class:`MediaProblem` only when the decoder refuses
    the file outright."""

    def open(self, path: Path, start: float = 0.0, muted: bool = False, volume: float = 1.0) -> OpenClip: ...


# --- the real decoder -------------------------------------------------------------------


class FFPyPlayback:
    """Clips decoded by ffpyplayer (FFmpeg), as the kiosk plays them.

    Kivy's own ``Video`` joins the decoder thread on the UI thread when it unloads (about
    130 ms, see FIELD-NOTES) and can hang on rapid switching; a clip here closes its
    decoder on a worker thread. Beside the decoder, the file is probed off the UI thread
    (``media.video.probe``, a few hundredths of a second): a file that cannot be played is
    reported at once, and a sound-only file plays with its position kept by ``clock``
    (ffpyplayer's stays at 0 without a video stream; tests pass the clock they step). The
    limit on the first picture, ``FIRST_FRAME_LIMIT``, is always the decoder's real time.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock

    def open(self, path: Path, start: float = 0.0, muted: bool = False, volume: float = 1.0) -> _FFPyClip:
        return _FFPyClip(path, start, muted, volume, self.clock)


class _FFPyClip:
    def __init__(self, path: Path, start: float, muted: bool, volume: float, clock: Callable[[], float]) -> None:
        from ffpyplayer.player import MediaPlayer

        options: dict[str, Any] = {"out_fmt": "rgba", "sn": True, "paused": False, "autoexit": False}
        if start:
            options["ss"] = float(start)
        if muted:
            options["an"] = True
        errors: list[str] = []
        self._errors = errors
        try:
            # ffpyplayer reports a file it cannot read ("read:error") on its own thread
            self._player: Any = MediaPlayer(str(path), ff_opts=options, loglevel="quiet",
                                            callback=lambda selector, _value: errors.append(selector)
                                            if selector.endswith(":error") else None)
        except Exception as exc:  # noqa: BLE001 - ffpyplayer raises plain exceptions for bad files
            raise MediaProblem(str(exc)) from None
        self.clock = clock
        self.muted = muted
        self.position, self.duration = float(start), 0.0
        self.sound_only = self.ended = False
        self.problem: str | None = None
        self._paused = False
        self._pictures = False
        self._opened = time.monotonic()  # the first-frame limit is the decoder's real time
        self._probed: tuple[Any, BaseException | None] | None = None
        self._answered = False
        self._sound_from = 0.0
        self._sound_since: float | None = None
        """Sound-only clips: the position when play last started, and when (None: paused)."""
        if not muted:
            self._player.set_volume(volume)
        threading.Thread(target=self._probe, args=(path,), name="kiosk-clip-probe", daemon=True).start()

    def _probe(self, path: Path) -> None:
        from .video import probe

        try:
            self._probed = (probe(path, check_end=False), None)
        except Exception as exc:  # noqa: BLE001 - read on the UI thread by poll()
            self._probed = (None, exc)

    def _take_probe(self) -> None:
        answer, self._probed = self._probed, None
        if answer is None:
            return
        self._answered = True
        info, error = answer
        if isinstance(error, MediaProblem):
            if not self._pictures:
                self.problem = error.reason
            return
        if error is not None or info is None or info.has_video or self._pictures:
            return  # the decoder and FIRST_FRAME_LIMIT decide
        if info.has_audio is False or self.muted or not info.duration:
            self.problem = info.problem or "no picture in the file"
            return
        self.sound_only = True
        self.duration = float(info.duration)
        self._sound_from = self.position
        self._sound_since = None if self._paused else self.clock()

    def poll(self) -> Picture | None:
        if self.problem is not None or self._player is None:
            return None
        self._take_probe()
        if self.problem is not None:
            return None
        if self.sound_only:
            if self._sound_since is not None and not self.ended:
                self.position = min(self.duration, self._sound_from + self.clock() - self._sound_since)
                self.ended = self.position >= self.duration
            return None
        # an "audio:error" alone (a sound track ffmpeg cannot turn into the device's format)
        # leaves the picture, or a sound-only clip's card, to play on; a "read:error" is
        # believed once the probe has answered (a sound file read as an MP4 reports one and
        # plays: the probe knows it is sound only, or says why the file cannot be read)
        unreadable = any(not e.startswith("audio:") for e in self._errors)
        if not self._pictures and unreadable and self._answered:
            self.problem = "the file cannot be read as a video"
            return None
        if not self._pictures and time.monotonic() - self._opened > FIRST_FRAME_LIMIT:
            self.problem = "no picture came from the file"
            return None
        if not self.duration:
            self.duration = float(self._player.get_metadata().get("duration") or 0.0)
        frame, value = self._player.get_frame()
        if value == "eof":
            self.ended = True
            return None
        if frame is None:
            return None
        image, pts = frame
        self.position = float(pts)
        self._pictures = True
        return Picture(image.to_memoryview()[0], tuple(image.get_size()), float(pts))

    def pause(self, paused: bool) -> None:
        self._player.set_pause(paused)
        self._paused = paused
        if self.sound_only:
            self._sound_from = self.position
            self._sound_since = None if paused else self.clock()

    def seek(self, seconds: float) -> None:
        self._player.seek(seconds, relative=False, accurate=False)
        self.position = seconds
        self.ended = False
        if self.sound_only:
            self._sound_from = seconds
            self._sound_since = None if self._paused else self.clock()

    def set_volume(self, volume: float) -> None:
        if not self.muted:
            self._player.set_volume(volume)

    def close(self) -> None:
        player, self._player = self._player, None
        if player is None:
            return
        player.set_pause(True)

        def close() -> None:
            try:
                player.close_player()
            except Exception:  # noqa: BLE001 - a decoder that fails to close must not take the kiosk with it
                log.exception("closing a clip failed")

        threading.Thread(target=close, name="kiosk-clip-close", daemon=True).start()


# --- the null backend -------------------------------------------------------------------


class NullPlayback:
    """Clips played without decoding: one flat picture of the clip's size, its length and
    sound read from the file's index (``media.video.clip_shape``), its time from ``clock``.

    A file that is not an MP4/MOV clip with an index cannot be played here and says so;
    the real backend's reasons for broken files are tested with the real backend.
    """

    COLOUR = (96, 112, 128)
    """The picture's colour: neither black nor the player's dark card."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.opened: list[Path] = []
        """Every file opened, in order."""

    def open(self, path: Path, start: float = 0.0, muted: bool = False, volume: float = 1.0) -> _NullClip:
        from .video import clip_shape

        self.opened.append(path)
        clip = _NullClip(start, muted, volume, self.clock)
        try:
            clip.set_shape(clip_shape(path), self.COLOUR)
        except FileNotFoundError:
            clip.problem = "the file does not exist"
        except OSError as exc:
            clip.problem = f"the file cannot be read ({exc.strerror or exc})"
        return clip


class _NullClip:
    def __init__(self, start: float, muted: bool, volume: float, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.position, self.duration = float(start), 0.0
        self.sound_only = self.ended = False
        self.problem: str | None = None
        self.muted = muted
        self.volume = 0.0 if muted else volume
        self.paused = False
        self.closed = False
        self._from, self._since = float(start), clock()
        self._shown: float | None = None
        self._picture = b""
        self._size = (0, 0)

    def set_shape(self, shape: Any, colour: tuple[int, int, int]) -> None:
        """What the file's index says: its length and the size of the flat picture made for it."""
        if shape is None or shape.duration is None:
            self.problem = "the file cannot be read as a video"
            return
        self.duration = shape.duration
        if shape.size == (0, 0):
            if not shape.has_audio or self.muted:
                self.problem = "no picture in the file"
            self.sound_only = True
            return
        self._size = shape.size
        self._picture = bytes((*colour, 255)) * (shape.size[0] * shape.size[1])

    def poll(self) -> Picture | None:
        if self.problem is not None or self.closed:
            return None
        if not self.paused and not self.ended:
            self.position = min(self.duration, self._from + self.clock() - self._since)
            self.ended = self.position >= self.duration
        if self.sound_only or self.position == self._shown:
            return None
        self._shown = self.position
        return Picture(self._picture, self._size, self.position)

    def pause(self, paused: bool) -> None:
        self.paused = paused
        self._from, self._since = self.position, self.clock()

    def seek(self, seconds: float) -> None:
        self.position = self._from = max(0.0, min(seconds, self.duration))
        self._since = self.clock()
        self.ended = False

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def close(self) -> None:
        self.closed = True
