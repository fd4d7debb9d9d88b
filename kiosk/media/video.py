"""Reading facts and still frames from video files through ffpyplayer (no Kivy here).

``kiosk validate`` uses :func:`inspect_video` to tell the curator why a clip cannot be
watched (empty, cut short, not a video at all, sound without picture), ``kiosk
prepare`` uses :func:`poster_frame` for clips without a poster, and the player can
:func:`probe` a clip off the UI thread before it shows it.

ffpyplayer opens a file on its own threads and fills in the metadata some
milliseconds later, so every read here polls with a deadline, and every player is
closed in a ``finally``: a damaged file may cost a few seconds, never a hung kiosk.
ffpyplayer says *that* a file failed, not why (its read thread reports an empty
message), so the reasons come from our own look at the file: its first bytes, and for
MP4/MOV files the box structure, which also tells whether there is a sound track and
which video codec is inside (the metadata of ffpyplayer says neither).
"""

from __future__ import annotations

import logging
import os
import struct
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kiosk.content.durations import format_clock

from .problems import MediaProblem
from .sniff import HEAD_BYTES, article, looks_like_text, sniff

log = logging.getLogger(__name__)
ffmpeg_log = logging.getLogger("kiosk.media.ffmpeg")

PROBE_TIMEOUT = 3.0
"""Seconds a probe may take in all; a healthy file answers in a few hundredths."""

MAX_MOOV_BYTES = 64 * 1024 * 1024
"""An MP4 index larger than this is not read (a feature film's is a few megabytes)."""

PROBE_OPTS: dict[str, Any] = {"paused": True, "an": True, "sn": True}
"""Metadata only: no sound device is opened and ffmpeg's own subtitles stay off."""


@dataclass(frozen=True)
class VideoInfo:
    """What a clip file holds, as far as the kiosk cares."""

    duration: float | None
    """Length in seconds; None when the file does not say."""
    size: tuple[int, int]
    """Width and height of the picture in pixels; (0, 0) without a picture."""
    has_video: bool
    has_audio: bool | None
    """None when unknown: only MP4/MOV files and plain audio files are looked into."""
    codec: str | None = None
    """The video codec of MP4/MOV files (``H.264``, ``HEVC``, ...); None for others."""
    pixel_format: str | None = None
    """As decoded, e.g. ``yuv420p``; other formats are converted on the CPU."""
    frame_rate: float | None = None
    damage: str | None = None
    """Why the file cannot be played to its end, e.g. it was cut short."""
    container: str | None = None
    """What the file's first bytes say it is (``MP4/MOV``, ``WAV audio``, ...)."""

    @property
    def problem(self) -> str | None:
        """Why visitors cannot watch this clip, or None when they can."""
        if not self.has_video:
            if self.container and "audio" in self.container:
                return f"the file is {article(self.container)} {self.container} file: sound only, no picture"
            if self.has_audio:
                return "the file has sound but no picture (an audio-only file)"
            return "the file has no picture (no video stream in it)"
        return self.damage


# --- what the first bytes say -----------------------------------------------------------

_PLAYABLE = ("video", "audio", "media")
"""Kinds of file ffmpeg is asked to open; anything else is refused by its first bytes."""


def _what_it_is(head: bytes) -> tuple[str | None, str | None]:
    """(the container's name, None) for what may be a clip or a sound; (None, why it
    cannot be a clip) for what plainly is something else; (None, None) when unknown."""
    kind = sniff(head)
    if kind is not None and kind.family in _PLAYABLE:
        return kind.name, None
    if kind is not None and kind.family != "web page":
        return None, f"the file is {kind.described}, not a video"
    if kind is not None or looks_like_text(head):
        return None, "the file holds text, not a video (a web page or a note saved under a video name?)"
    return None, None


# --- MP4/MOV structure ------------------------------------------------------------------

_CODECS = {
    b"avc1": "H.264", b"avc3": "H.264", b"hvc1": "HEVC", b"hev1": "HEVC", b"av01": "AV1",
    b"vp09": "VP9", b"vp08": "VP8", b"mp4v": "MPEG-4 Part 2", b"apcn": "ProRes",
    b"apch": "ProRes", b"apcs": "ProRes", b"apco": "ProRes", b"ap4h": "ProRes",
    b"jpeg": "Motion JPEG", b"mjpa": "Motion JPEG", b"s263": "H.263",
}


@dataclass(frozen=True)
class _Mp4:
    tracks: tuple[tuple[str, str], ...]
    """(handler, sample entry) per track: ("vide", "avc1"), ("soun", "mp4a")."""
    has_index: bool
    declared: int
    """The size the boxes add up to; larger than the file when it was cut short."""
    moov: bytes = b""
    """The index box's payload (at most MAX_MOOV_BYTES of it)."""


def _boxes(buf: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes in ``buf[start:end]``."""
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", buf, pos)
        header = 8
        if size == 1 and pos + 16 <= end:
            size, header = struct.unpack_from(">Q", buf, pos + 8)[0], 16
        elif size == 0:
            size = end - pos
        if size < header:
            return
        yield kind, pos + header, min(pos + size, end)
        pos += size


def _child(buf: bytes, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    for k, s, e in _boxes(buf, start, end):
        if k == kind:
            return s, e
    return None


def _read_mp4(path: Path, size: int) -> _Mp4 | None:
    """The top-level boxes and the tracks of an MP4/MOV file; None if it is not one."""
    tracks: list[tuple[str, str]] = []
    has_index = False
    moov = b""
    pos = 0
    with path.open("rb") as f:
        while pos + 8 <= size:
            f.seek(pos)
            head = f.read(16)
            box_size, kind = struct.unpack_from(">I4s", head)
            header = 8
            if box_size == 1 and len(head) == 16:
                box_size, header = struct.unpack_from(">Q", head, 8)[0], 16
            elif box_size == 0:
                box_size = size - pos
            if box_size < header or not all(32 <= b < 127 for b in kind):
                break  # not a box: garbage after the last box, or not MP4 at all
            if kind == b"moov":
                has_index = True
                f.seek(pos + header)
                moov = f.read(min(box_size, size - pos, MAX_MOOV_BYTES) - header)
                tracks.extend(_tracks(moov))
            pos += box_size
    return _Mp4(tuple(tracks), has_index, pos, moov)


def _tracks(moov: bytes) -> Iterator[tuple[str, str]]:
    for kind, start, end in _boxes(moov, 0, len(moov)):
        if kind != b"trak":
            continue
        mdia = _child(moov, start, end, b"mdia")
        if mdia is None:
            continue
        hdlr = _child(moov, *mdia, b"hdlr")
        handler = moov[hdlr[0] + 8:hdlr[0] + 12].decode("latin-1") if hdlr else "?"
        entry = "?"
        minf = _child(moov, *mdia, b"minf")
        stbl = _child(moov, *minf, b"stbl") if minf else None
        stsd = _child(moov, *stbl, b"stsd") if stbl else None
        if stsd and stsd[0] + 16 <= stsd[1]:
            entry = moov[stsd[0] + 12:stsd[0] + 16].decode("latin-1")
        yield handler, entry


@dataclass(frozen=True)
class ClipShape:
    """What an MP4/MOV file's index says, read without decoding (the null playback backend)."""

    duration: float | None
    size: tuple[int, int]
    """The picture's width and height; (0, 0) without a picture track."""
    has_audio: bool


def clip_shape(path: Path) -> ClipShape | None:
    """The length, picture size and sound of an MP4/MOV clip from its index, or None when
    the file is not one or has no index."""
    mp4 = _read_mp4(path, path.stat().st_size)
    if mp4 is None or not mp4.has_index:
        return None
    moov = mp4.moov
    duration = None
    mvhd = _child(moov, 0, len(moov), b"mvhd")
    if mvhd is not None and mvhd[0] + 32 <= mvhd[1]:
        if moov[mvhd[0]] == 1:  # version 1: 64-bit times
            scale, length = struct.unpack_from(">IQ", moov, mvhd[0] + 20)
        else:
            scale, length = struct.unpack_from(">II", moov, mvhd[0] + 12)
        duration = length / scale if scale else None
    size = (0, 0)
    for kind, start, end in _boxes(moov, 0, len(moov)):
        tkhd = _child(moov, start, end, b"tkhd") if kind == b"trak" else None
        if tkhd is not None and tkhd[1] - tkhd[0] >= 84:
            width, height = struct.unpack_from(">II", moov, tkhd[1] - 8)  # 16.16 fixed point
            if width and height:
                size = (width >> 16, height >> 16)
    has_video = any(handler == "vide" for handler, _ in mp4.tracks)
    return ClipShape(duration, size if has_video else (0, 0), any(h == "soun" for h, _ in mp4.tracks))


# --- ffpyplayer -------------------------------------------------------------------------


def _quiet_ffmpeg() -> None:
    """Send ffmpeg's own messages ("moov atom not found") to the debug log instead of
    stderr, unless someone (Kivy's video provider) already takes them: the curator
    reads our reasons, not ffmpeg's."""
    from ffpyplayer.tools import set_log_callback

    set_log_callback(_ffmpeg_message, default_only=True)


def _ffmpeg_message(message: str, level: str) -> None:
    message = message.strip()
    if message:
        ffmpeg_log.debug("%s: %s", level, message)


class _Events:
    """What ffpyplayer's threads report (read:error, eof, ...); called on those threads."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []
        self.failed = threading.Event()

    def __call__(self, selector: str, value: Any) -> None:
        self.seen.append((selector, str(value)))
        if selector.endswith(":error"):
            self.failed.set()


@contextmanager
def _player(path: Path, ff_opts: dict[str, Any]) -> Iterator[tuple[Any, _Events]]:
    from ffpyplayer.player import MediaPlayer

    _quiet_ffmpeg()
    events = _Events()
    player = MediaPlayer(str(path), callback=events, ff_opts=ff_opts, loglevel="quiet")
    try:
        yield player, events
    finally:
        player.close_player()


def _metadata(path: Path, deadline: float) -> tuple[dict[str, Any] | None, bool]:
    """ffpyplayer's metadata once the picture size is known, and whether it gave up
    (no picture, or not media at all); (None, False) when the deadline passed."""
    with _player(path, PROBE_OPTS) as (player, events):
        while True:
            meta = player.get_metadata()
            if meta.get("src_vid_size", (0, 0))[0] > 0 and meta.get("duration") is not None:
                return meta, False
            if events.failed.is_set():
                return player.get_metadata(), True
            if time.monotonic() > deadline:
                return None, False
            time.sleep(0.005)


@dataclass(frozen=True)
class _Frame:
    image: Any
    """An ffpyplayer ``Image`` in rgb24."""
    seconds: float
    aspect: float | None
    """The sample (pixel) aspect ratio, when the file gives one."""


def _frame_at(path: Path, seconds: float, deadline: float, exact: bool = False) -> _Frame | None:
    """The first decoded picture at ``seconds``, or None when the file ends or fails
    before one arrives; raises ``TimeoutError`` when the deadline passes first.

    ``ss`` seeks at open to the key frame at or before ``seconds``; with ``exact`` the
    frames after it are read on until ``seconds`` (they come without waiting for the
    clock, a few milliseconds each).
    """
    opts = {"ss": max(0.0, seconds), "an": True, "sn": True, "out_fmt": "rgb24"}
    found = None
    with _player(path, opts) as (player, events):
        while not events.failed.is_set():
            if time.monotonic() > deadline:
                if found is not None:
                    break
                raise TimeoutError(f"no picture from {path} in time")
            frame, value = player.get_frame()
            if frame is not None:
                found = frame
                if not exact or frame[1] >= seconds - 0.02:
                    break
                continue
            if value == "eof":
                break
            time.sleep(0.003)
        if found is None:
            return None
        num, den = player.get_metadata().get("aspect_ratio", (0, 1))
    return _Frame(found[0], found[1], num / den if num > 0 and den > 0 else None)


def _playable_to(path: Path, duration: float, deadline: float) -> float | None:
    """About how far into the clip a picture can still be decoded, when not to its end;
    None when the end plays. Raises ``TimeoutError`` when that is not known in time."""
    if _frame_at(path, max(0.0, duration - 1.0), deadline) is not None:
        return None
    low, high = 0.0, max(0.0, duration - 1.0)
    if _frame_at(path, low, deadline) is None:
        return 0.0
    # The seek lands on key frames, so one-second steps are as precise as this gets.
    # Out of time, the last point known to play is still a fair "about".
    while high - low > 1.0 and time.monotonic() < deadline:
        middle = (low + high) / 2
        try:
            playable = _frame_at(path, middle, deadline) is not None
        except TimeoutError:
            break
        if playable:
            low = middle
        else:
            high = middle
    return low


# --- the public functions ---------------------------------------------------------------


def probe(path: Path, timeout: float = PROBE_TIMEOUT, check_end: bool = True) -> VideoInfo:
    """What ``path`` holds; raises :class:`MediaProblem` when it cannot be opened as
    media at all (missing, empty, unreadable, not a media file, too slow to answer).

    A file that opens but cannot be watched (sound only, cut short) comes back with
    :attr:`VideoInfo.problem` set. ``check_end`` decodes a picture near the end, which
    finds files cut short whatever their container (some 20 ms more on a good file).
    """
    deadline = time.monotonic() + timeout
    try:
        size = path.stat().st_size
        if not path.is_file():  # a folder, or a pipe that would block the read below
            raise MediaProblem("it is a folder, not a file" if path.is_dir() else "it is not a regular file")
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES)
    except FileNotFoundError:
        raise MediaProblem("the file does not exist") from None
    except OSError as exc:
        raise MediaProblem(f"the file cannot be read ({exc.strerror or exc})") from None
    if size == 0:
        raise MediaProblem("the file is empty (0 bytes)")
    container, reason = _what_it_is(head)
    if reason:
        raise MediaProblem(reason)
    mp4 = _read_mp4(path, size) if container in ("MP4/MOV", "M4A audio") else None
    try:
        meta, gave_up = _metadata(path, deadline)
    except Exception as exc:  # noqa: BLE001 - whatever ffpyplayer raises, the file is the problem
        log.info("ffpyplayer cannot open %s: %s", path, exc)
        meta, gave_up = None, True
    cut_short = mp4 is not None and mp4.declared > size
    if meta is None or meta.get("duration") is None:
        if meta is None and not gave_up:
            raise MediaProblem(f"the file did not open within {timeout:g} s (damaged, or on a slow disk?)")
        if mp4 is not None and not mp4.has_index:
            raise MediaProblem("the file is damaged: its index (the 'moov' box) is missing, "
                               "usually because a recording or copy was not finished")
        if cut_short:
            raise MediaProblem(f"the file is cut short and cannot be played: only {_mb(size)} of "
                               f"{_mb(mp4.declared)} are there (copy it again from the original)")
        if container and container != "MP4/MOV":
            raise MediaProblem(f"the file looks like {article(container)} {container} file "
                               "but cannot be played (damaged?)")
        raise MediaProblem("the file is not a video that can be played (an unknown format, or damaged)")

    width, height = meta.get("src_vid_size", (0, 0))
    rate = meta.get("frame_rate", (0, 0))
    pix = meta.get("src_pix_fmt") or None
    duration = float(meta["duration"]) or None
    tracks = mp4.tracks if mp4 else ()
    has_audio: bool | None = None
    if tracks:
        has_audio = any(handler == "soun" for handler, _ in tracks)
    elif container and "audio" in container:
        has_audio = True
    codec = next((_CODECS.get(entry.encode(), entry) for handler, entry in tracks if handler == "vide"), None)
    info = VideoInfo(
        duration=duration,
        size=(int(width), int(height)),
        has_video=width > 0 and not gave_up,
        has_audio=has_audio,
        codec=codec,
        pixel_format=pix.decode() if isinstance(pix, bytes) else pix,
        frame_rate=rate[0] / rate[1] if rate[1] else None,
        container=container,
    )
    if not info.has_video:
        return info
    damage = None
    if check_end and duration:
        try:
            reached = _playable_to(path, duration, deadline)
        except TimeoutError:
            log.info("%s: no time left to check that its end plays", path)
            reached = None
        except Exception as exc:  # noqa: BLE001
            log.info("ffpyplayer cannot decode %s: %s", path, exc)
            reached = 0.0
        if reached is not None:
            damage = (f"the file is cut short: it plays only to about {format_clock(reached)} of "
                      f"{format_clock(duration)} (copy it again from the original)" if reached >= 1 or cut_short
                      else "the file is damaged: no picture can be decoded from it")
    if damage is None and cut_short:
        assert mp4 is not None
        damage = (f"the file is cut short: only {_mb(size)} of {_mb(mp4.declared)} are there "
                  "(copy it again from the original)")
    return replace(info, damage=damage)


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.0f} KB"


def inspect_video(path: Path, timeout: float = PROBE_TIMEOUT) -> str | None:
    """Why visitors cannot watch ``path``, or None when they can."""
    try:
        return probe(path, timeout).problem
    except MediaProblem as problem:
        return problem.reason


def probe_duration(path: Path, timeout: float = 3.0) -> float | None:
    """The clip's length in seconds, or None when ffpyplayer cannot read it as a video."""
    try:
        info = probe(path, timeout, check_end=False)
    except MediaProblem as problem:
        log.info("cannot probe %s: %s", path, problem.reason)
        return None
    return info.duration if info.has_video else None


def poster_time(duration: float | None) -> float:
    """Where to take a poster frame when the curator gave none: a tenth into the clip,
    past a fade from black, at most ten seconds in."""
    return min(10.0, 0.1 * duration) if duration else 0.0


def poster_frame(path: Path, at_seconds: float, out_path: Path,
                 max_size: tuple[int, int] = (1280, 720), timeout: float = 5.0) -> tuple[int, int]:
    """Write the picture at ``at_seconds`` of the clip as a JPEG no larger than
    ``max_size``; returns the size written. Raises :class:`MediaProblem` when no
    picture can be decoded.

    When the clip has no picture that late (shorter than thought, or cut short), the
    first picture is taken instead: a real frame beats a placeholder. The JPEG is
    written beside ``out_path`` and renamed, so a crash never leaves half a poster.
    """
    from PIL import Image

    deadline = time.monotonic() + timeout
    try:
        frame = _frame_at(path, at_seconds, deadline, exact=True)
        if frame is None and at_seconds > 0:
            log.info("%s has no picture at %.1f s; taking the first one for the poster", path, at_seconds)
            frame = _frame_at(path, 0.0, deadline)
    except TimeoutError:
        raise MediaProblem(f"no picture came out of the file within {timeout:g} s") from None
    except Exception as exc:  # noqa: BLE001
        raise MediaProblem(f"no picture can be decoded ({exc})") from None
    if frame is None:
        raise MediaProblem(inspect_video(path) or "no picture can be decoded from the file")
    width, height = frame.image.get_size()
    picture = Image.frombytes("RGB", (width, height), bytes(frame.image.to_bytearray()[0]))
    if frame.aspect and abs(frame.aspect - 1.0) > 0.01:  # anamorphic: pixels are not square
        picture = picture.resize((max(1, round(width * frame.aspect)), height), Image.Resampling.LANCZOS)
    picture.thumbnail(max_size, Image.Resampling.LANCZOS)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".poster-", suffix=".jpg", dir=out_path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            picture.save(f, "JPEG", quality=85, optimize=True)
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return picture.size



def poster_for(video: Path, folder: Path) -> Path:
    """The clip's poster frame in ``folder``, made once (keyed by the clip's content).

    Used by ``kiosk prepare`` and, off the UI thread, by the clips screen when a clip has
    no ``poster:`` and nothing was prepared. Raises :class:`MediaProblem` when no picture
    can be taken from the file.
    """
    from .renditions import file_digest

    target = folder / f"{file_digest(video)[:24]}.jpg"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        poster_frame(video, poster_time(probe_duration(video)), target)
    return target


def poster_folder(rendition_folder: Path) -> Path:
    """Where poster frames live: in the renditions cache, as PDF pages do."""
    return rendition_folder / "posters"
