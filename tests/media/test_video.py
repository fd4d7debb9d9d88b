"""Clip files, good and broken, through the real ffpyplayer: probing, reasons, posters.

The broken files are made from the demo clip in the test's folder. ffpyplayer cannot
write sound, so the "audio-only" clip is a real WAV file (made with the standard
library's ``wave``) under an .mp4 name: what a curator gets when an export goes wrong.
"""

from __future__ import annotations

import math
import random
import re
import shutil
import struct
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from kiosk.media.inspect import inspect_media
from kiosk.media.problems import MediaProblem
from kiosk.media.video import poster_frame, poster_time, probe, probe_duration

ROOT = Path(__file__).resolve().parents[2]
FILM = ROOT / "media" / "film"
MEMORIAL = FILM / "memorial.mp4"

CUT_SHORT = re.compile(r"the file is cut short: it plays only to about 00:1\d of 00:30 "
                       r"\(copy it again from the original\)")


def truncated(tmp_path: Path) -> Path:
    data = MEMORIAL.read_bytes()
    path = tmp_path / "truncated.mp4"
    path.write_bytes(data[: len(data) // 2])
    return path


def wav_named_mp4(tmp_path: Path) -> Path:
    path = tmp_path / "sound-only.mp4"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 6))) for i in range(16000)))
    return path


# --- good clips -------------------------------------------------------------------------


def test_probe_demo_clips() -> None:
    info = probe(MEMORIAL)
    assert (info.duration, info.size, info.has_video, info.has_audio) == (30.0, (640, 360), True, False)
    assert (info.codec, info.pixel_format, info.frame_rate, info.container) == ("H.264", "yuv420p", 25.0, "MP4/MOV")
    assert info.problem is None and info.damage is None
    archive = probe(FILM / "archive.mp4")
    assert (archive.duration, archive.size, archive.problem) == (20.0, (640, 360), None)
    assert inspect_media("video", MEMORIAL) is None


def test_probe_duration_keeps_its_contract(tmp_path: Path) -> None:
    assert probe_duration(MEMORIAL) == 30.0
    assert probe_duration(FILM / "archive.mp4") == 20.0
    assert probe_duration(wav_named_mp4(tmp_path)) is None
    (tmp_path / "empty.mp4").write_bytes(b"")
    assert probe_duration(tmp_path / "empty.mp4") is None
    assert probe_duration(tmp_path / "missing.mp4") is None


# --- broken clips -----------------------------------------------------------------------


def test_truncated_clip_says_how_far_it_plays(tmp_path: Path) -> None:
    info = probe(truncated(tmp_path))
    assert info.has_video and info.duration == 30.0  # the index is whole, the pictures are not
    assert CUT_SHORT.fullmatch(info.problem or ""), info.problem
    assert CUT_SHORT.fullmatch(inspect_media("video", tmp_path / "truncated.mp4") or "")


def test_audio_only_file(tmp_path: Path) -> None:
    path = wav_named_mp4(tmp_path)
    info = probe(path)
    assert (info.has_video, info.has_audio, info.size, info.duration) == (False, True, (0, 0), 2.0)
    assert info.container == "WAV audio"
    assert info.problem == "the file is a WAV audio file: sound only, no picture"
    assert inspect_media("video", path) == info.problem


def mp4_without_index(tmp_path: Path) -> bytes:
    """The demo clip without its 'moov' box: how a recording that never finished looks
    (the pictures are there, the index that says where is not)."""
    data = MEMORIAL.read_bytes()
    start = data.index(b"moov") - 4
    size = struct.unpack(">I", data[start:start + 4])[0]
    return data[:start] + data[start + size:]


@pytest.mark.parametrize("make, reason", [
    (lambda tmp: b"", "the file is empty (0 bytes)"),
    (lambda tmp: random.Random(5).randbytes(60_000),
     "the file is not a video that can be played (an unknown format, or damaged)"),
    (lambda tmp: b"<!DOCTYPE html>\n<html><body>404 Not Found</body></html>\n",
     "the file holds text, not a video (a web page or a note saved under a video name?)"),
    (lambda tmp: (FILM / "memorial.en.vtt").read_bytes(),
     "the file holds text, not a video (a web page or a note saved under a video name?)"),
    (lambda tmp: (FILM / "memorial-poster.jpg").read_bytes(), "the file is a JPEG image, not a video"),
    (lambda tmp: MEMORIAL.read_bytes()[:4096],
     "the file is cut short and cannot be played: only 4 KB of 10 KB are there (copy it again from the original)"),
    (mp4_without_index, "the file is damaged: its index (the 'moov' box) is missing, "
                        "usually because a recording or copy was not finished"),
    (lambda tmp: b"\x1a\x45\xdf\xa3" + random.Random(6).randbytes(5000),
     "the file looks like a Matroska/WebM file but cannot be played (damaged?)"),
], ids=["zero-bytes", "random-bytes", "web-page", "subtitles", "jpeg", "mp4-header-only", "no-index",
        "broken-matroska"])
def test_broken_clips(tmp_path: Path, make, reason: str) -> None:
    path = tmp_path / "broken.mp4"
    path.write_bytes(make(tmp_path))
    with pytest.raises(MediaProblem) as problem:
        probe(path)
    assert problem.value.reason == reason
    assert inspect_media("video", path) == reason


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert inspect_media("video", tmp_path / "nope.mp4") == "the file does not exist"
    assert inspect_media("video", tmp_path) == "it is a folder, not a file"


# --- poster frames ----------------------------------------------------------------------


def test_poster_frame_is_a_real_picture(tmp_path: Path) -> None:
    out = tmp_path / "posters" / "memorial.jpg"
    assert poster_frame(MEMORIAL, 12.0, out) == (640, 360)
    with Image.open(out) as image:
        assert (image.format, image.size, image.mode) == ("JPEG", (640, 360), "RGB")
        stat = ImageStat.Stat(image)
    assert min(stat.stddev) > 10, "the poster is one flat colour"
    assert list(out.parent.iterdir()) == [out]  # no temporary file left behind


def test_poster_frame_shows_the_asked_moment_and_fits_the_box(tmp_path: Path) -> None:
    small = poster_frame(MEMORIAL, 12.0, tmp_path / "a.jpg", max_size=(320, 320))
    assert small == (320, 180)
    poster_frame(MEMORIAL, 20.0, tmp_path / "b.jpg", max_size=(320, 320))
    with Image.open(tmp_path / "a.jpg") as a, Image.open(tmp_path / "b.jpg") as b:
        # the running timecode (and the scene) differ between 12 s and 20 s
        assert max(ImageStat.Stat(ImageChops.difference(a, b)).mean) > 2


def test_poster_past_the_cut_takes_the_first_picture(tmp_path: Path) -> None:
    assert poster_frame(truncated(tmp_path), 25.0, tmp_path / "p.jpg") == (640, 360)


def test_poster_of_a_broken_clip_says_why(tmp_path: Path) -> None:
    with pytest.raises(MediaProblem) as problem:
        poster_frame(wav_named_mp4(tmp_path), 1.0, tmp_path / "p.jpg")
    assert problem.value.reason == "the file is a WAV audio file: sound only, no picture"
    assert not (tmp_path / "p.jpg").exists()


def test_poster_time() -> None:
    assert (poster_time(30.0), poster_time(3600.0), poster_time(None)) == (3.0, 10.0, 0.0)


# --- kiosk validate ---------------------------------------------------------------------


def test_validate_names_broken_clip_and_subtitles(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    for name in ("exhibition.yaml", "names.yaml"):  # the demo and the register it includes
        shutil.copy(ROOT / "config" / name, tmp_path / "config")
    shutil.copytree(ROOT / "media", tmp_path / "media")
    exhibition = tmp_path / "config" / "exhibition.yaml"
    assert "media_root: ../media" in exhibition.read_text(encoding="utf-8")
    film = tmp_path / "media" / "film"
    truncated(tmp_path).replace(film / "memorial.mp4")
    (film / "archive.mp4").write_bytes(random.Random(8).randbytes(20_000))
    (film / "memorial.en.vtt").write_bytes(b"\x00\x01binary\xff" * 40)
    (film / "archive.en.srt").write_text("1\n00:00:01 to 00:00:04\nhello\n", encoding="utf-8")

    run = subprocess.run([sys.executable, "-m", "kiosk", "validate", str(exhibition)],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr  # warnings only: the kiosk runs on what is good
    warnings = [line for line in run.stdout.splitlines() if ": warning: " in line]
    expected = {
        "film/memorial.mp4": CUT_SHORT.pattern,
        "film/archive.mp4": re.escape("the file is not a video that can be played (an unknown format, or damaged)"),
        "film/memorial.en.vtt": re.escape("the file is not text but binary data (expected SRT or WebVTT subtitles)"),
        "film/archive.en.srt": re.escape("no cue has readable times; line 2: cannot read the times "
                                         "'00:00:01 to 00:00:04'; expected '00:00:01,000 --> 00:00:04,000'"),
    }
    for name, reason in expected.items():
        pattern = rf"{re.escape(str(exhibition))}:\d+:\d+: warning: '{re.escape(name)}' cannot be shown: {reason}; "
        assert any(re.match(pattern, line) for line in warnings), (name, run.stdout)
    assert len(warnings) == 4, run.stdout
    assert "moov" not in run.stderr  # ffmpeg's own messages go to the debug log, not the curator


def test_prepare_takes_a_poster_frame_for_a_clip_without_one(tmp_path):
    from kiosk.cli import main

    # the demo's two clips (only the memorial has a poster), without its photos and books
    exhibition = tmp_path / "exhibition.yaml"
    exhibition.write_text(f"title: Clips\nlanguages: [en]\nmedia_root: {ROOT / 'media'}\nsections:\n"
                          "  - {id: film, kind: clips, title: Film, clips: [\n"
                          "      {video: film/memorial.mp4, title: Memorial, poster: film/memorial-poster.jpg},\n"
                          "      {video: film/archive.mp4, title: Archive}]}\n", encoding="utf-8")
    assert main(["prepare", str(exhibition), "--cache", str(tmp_path / "cache")]) == 0
    posters = list((tmp_path / "cache" / "posters").glob("*.jpg"))
    assert len(posters) == 1, "archive.mp4 has no poster: one is taken from the video"
    from PIL import Image

    with Image.open(posters[0]) as poster:
        grey = poster.convert("L")
        assert poster.size == (640, 360) and len({grey.getpixel((x, 180)) for x in range(0, 640, 8)}) > 10
