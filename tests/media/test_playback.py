"""Clip playback through its interface (``kiosk/media/playback.py``), with real files.

Both backends keep one contract, tested the same way: a clip opens with its length and
pictures of its size, plays on, holds while paused, lands where it is sent and ends. The
clips are made here by ffpyplayer: red for a second, then blue, so a decoded picture
tells where in the clip it comes from. The null backend draws one flat colour and takes
its time from the clock the test steps; ffpyplayer decodes in real time.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.media.playback import FFPyPlayback, NullPlayback
from tests.hostile.make_corpus import BROKEN_CLIPS, audio_only
from tests.media.makers import BLUE, RED, coloured_clip

BACKENDS = ["ffpyplayer", "null"]


class SteppedClock:
    """Seconds that move only when the test says (the null backend's time, and the position
    of a sound-only clip on ffpyplayer)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clip_file(tmp_path: Path) -> Path:
    return coloured_clip(tmp_path / "red-then-blue.mp4", [RED, BLUE])


def backend(name: str, clock: SteppedClock):
    return FFPyPlayback(clock=clock) if name == "ffpyplayer" else NullPlayback(clock)


def poll_until(clip, condition, clock: SteppedClock, seconds: float = 10.0, pictures: list | None = None) -> list:
    """Poll as the player widget does once a frame until ``condition()``; the pictures seen
    (added to ``pictures`` when given). The stepped clock moves 20 ms a poll; ffpyplayer's
    threads decode in real time."""
    pictures = [] if pictures is None else pictures
    deadline = time.monotonic() + seconds
    while True:
        picture = clip.poll()
        if picture is not None:
            pictures.append(picture)
        if condition():
            return pictures
        assert time.monotonic() < deadline, "the clip never got there"
        clock.advance(0.02)
        time.sleep(0.005)


def middle_colour(picture) -> tuple[int, int, int]:
    w, h = picture.size
    i = ((h // 2) * w + w // 2) * 4
    return tuple(bytes(picture.rgba[i:i + 3]))


def near(a, b, tolerance: int = 16) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


def expected_colour(name: str, colour: tuple[int, int, int]) -> tuple[int, int, int]:
    return colour if name == "ffpyplayer" else NullPlayback.COLOUR


@pytest.mark.parametrize("name", BACKENDS)
def test_a_clip_opens_with_its_length_and_pictures_of_its_size(name, clip_file):
    clock = SteppedClock()
    clip = backend(name, clock).open(clip_file)
    try:
        pictures = poll_until(clip, lambda: clip.duration > 0 and clip.position > 0.2, clock)
        assert clip.duration == pytest.approx(2.0)
        assert pictures and all(p.size == (96, 64) and len(bytes(p.rgba)) == 96 * 64 * 4 for p in pictures)
        assert near(middle_colour(pictures[0]), expected_colour(name, RED))
        assert pictures[0].at < 0.5 and clip.problem is None and not clip.sound_only and not clip.ended
    finally:
        clip.close()


@pytest.mark.parametrize("name", BACKENDS)
def test_a_clip_holds_while_paused_lands_where_it_is_sent_and_ends(name, clip_file):
    clock = SteppedClock()
    clip = backend(name, clock).open(clip_file)
    try:
        poll_until(clip, lambda: clip.position > 0.3, clock)
        clip.pause(True)
        held = clip.position
        for _ in range(20):  # a second on the stepped clock, 0.3 s of real time
            clock.advance(0.05)
            time.sleep(0.015)
            clip.poll()
        assert clip.position == pytest.approx(held, abs=0.11), "no more than the frame under way"
        clip.pause(False)
        clip.seek(1.3)
        assert clip.position == 1.3
        pictures: list = []
        poll_until(clip, lambda: any(p.at >= 1.0 for p in pictures), clock, pictures=pictures)
        assert near(middle_colour(pictures[-1]), expected_colour(name, BLUE)), "a picture of the second second"
        poll_until(clip, lambda: clip.ended, clock)
        assert clip.position >= 1.3
        clip.seek(0.0)
        assert not clip.ended, "sent back to the start, it plays again"
    finally:
        clip.close()


@pytest.mark.parametrize("name", BACKENDS)
def test_a_clip_opened_part_way_starts_there(name, clip_file):
    clock = SteppedClock()
    clip = backend(name, clock).open(clip_file, start=1.0, muted=True)
    try:
        pictures = poll_until(clip, lambda: clip.position > 1.05, clock)
        assert pictures[0].at >= 0.95 and near(middle_colour(pictures[0]), expected_colour(name, BLUE))
    finally:
        clip.close()


@pytest.mark.parametrize("name", BACKENDS)
def test_a_file_that_is_not_a_clip_says_why_and_gives_no_picture(name, tmp_path):
    noise = tmp_path / "noise.mp4"
    noise.write_bytes(bytes((i * 7919 + 13) % 251 for i in range(60_000)))
    clock = SteppedClock()
    clip = backend(name, clock).open(noise)
    try:
        pictures = poll_until(clip, lambda: clip.problem is not None, clock)
        assert pictures == [] and clip.problem
        assert "no picture came" not in clip.problem, "the file's own failure, not the first-frame limit"
    finally:
        clip.close()


def test_the_null_backend_says_a_missing_file_does_not_exist(tmp_path):
    clock = SteppedClock()
    clip = NullPlayback(clock).open(tmp_path / "gone.mp4")
    assert clip.poll() is None and clip.problem == "the file does not exist"


def test_ffpyplayer_plays_a_sound_only_file_on_its_clock_and_refuses_it_muted(tmp_path):
    path = audio_only(tmp_path / "sound.mp4")
    clock = SteppedClock()
    playback = FFPyPlayback(clock=clock)
    clip = playback.open(path)
    try:
        poll_until(clip, lambda: clip.sound_only, clock)
        assert clip.duration == pytest.approx(2.0)
        start = clip.position
        clock.advance(0.5)
        assert clip.poll() is None and clip.position == pytest.approx(start + 0.5)
        clip.pause(True)
        clock.advance(5.0)
        clip.poll()
        assert clip.position == pytest.approx(start + 0.5), "paused, the sound's time holds"
        clip.pause(False)
        clock.advance(5.0)
        clip.poll()
        assert clip.ended and clip.position == pytest.approx(2.0)
    finally:
        clip.close()
    muted = playback.open(path, muted=True)  # the attract loop's excerpts: sound only is nothing to show
    try:
        assert poll_until(muted, lambda: muted.problem is not None, clock) == []
        assert not muted.sound_only and "no picture came" not in muted.problem
    finally:
        muted.close()


def test_the_null_backend_plays_an_mp4_holding_only_sound_as_sound_only(clip_file, tmp_path):
    # the clip's one track relabelled as sound: what the index of a sound-only MP4 says
    sound = tmp_path / "sound-only.mp4"
    sound.write_bytes(clip_file.read_bytes().replace(b"vide", b"soun"))
    clock = SteppedClock()
    clip = NullPlayback(clock).open(sound)
    assert clip.poll() is None and clip.sound_only and clip.problem is None and clip.duration == 2.0
    clock.advance(0.75)
    assert clip.poll() is None and clip.position == pytest.approx(0.75)
    assert NullPlayback(clock).open(sound, muted=True).problem == "no picture in the file"


HOSTILE = {"empty.mp4": "says why", "random.mp4": "says why", "header-only.mp4": "says why",
           "truncated.mp4": "plays", "audio-only.mp4": "sound only"}
"""What ffpyplayer makes of each clip of the hostile corpus (tests/hostile/make_corpus.py)."""


@pytest.mark.parametrize("name", sorted(BROKEN_CLIPS))
def test_ffpyplayer_meets_every_hostile_clip_with_a_reason_or_what_it_can_play(name, tmp_path):
    """The hostile corpus's clips, which the UI tests meet on the null backend: none raises
    or hangs; each says why it cannot play, plays as sound only, or plays what it holds."""
    path = tmp_path / name
    BROKEN_CLIPS[name](path)
    clock = SteppedClock()
    clip = FFPyPlayback(clock=clock).open(path)
    try:
        pictures = poll_until(clip, lambda: clip.problem is not None or clip.sound_only or clip.position > 0.2,
                              clock)
        met = "says why" if clip.problem is not None else "sound only" if clip.sound_only else "plays"
        assert met == HOSTILE[name], clip.problem
        assert bool(pictures) == (met == "plays")
        assert "no picture came" not in (clip.problem or ""), "the file's own failure, not the first-frame limit"
    finally:
        clip.close()


PLAY_BOTH = """
import sys, time
from pathlib import Path
from kiosk.media.playback import FFPyPlayback, NullPlayback
clips = [FFPyPlayback().open(Path(sys.argv[1])), NullPlayback(time.monotonic).open(Path(sys.argv[1]))]
deadline = time.monotonic() + 10
while not all(c.position > 0.1 for c in clips) and time.monotonic() < deadline:
    [c.poll() for c in clips]
    time.sleep(0.01)
[c.close() for c in clips]
print(all(c.position > 0.1 for c in clips), [m for m in sys.modules if m.split(".")[0] == "kivy"])
"""


def test_both_backends_play_without_kivy(clip_file):
    """Playback is media code: a clip opened and played on each backend loads no Kivy."""
    out = subprocess.run([sys.executable, "-c", PLAY_BOTH, str(clip_file)], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "True []"
