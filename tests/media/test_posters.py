"""kiosk prepare's poster frames: one per clip without a poster, taken from the clip itself."""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image

from kiosk.content.media_root import MediaRoot
from kiosk.content.models import Exhibition
from kiosk.media.assets import Assets
from kiosk.media.posters import prepare_posters
from kiosk.media.renditions import RenditionCache
from tests.media.test_video import MEMORIAL, wav_named_mp4


def exhibition(clips: list[dict]) -> Exhibition:
    return Exhibition.model_validate({"title": "x", "languages": ["en"], "sections": [
        {"id": "films", "kind": "clips", "title": "Films", "clips": clips}]})


def test_a_poster_frame_for_each_clip_without_a_poster(tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    shutil.copy(MEMORIAL, media / "film.mp4")
    shutil.copy(MEMORIAL, media / "same-film.mp4")
    wav_named_mp4(tmp_path).replace(media / "sound.mp4")
    Image.new("RGB", (64, 36), "grey").save(media / "given.jpg")
    show = exhibition([
        {"video": "film.mp4", "title": "Film"},
        {"video": "same-film.mp4", "title": "The same bytes"},
        {"video": "film.mp4", "title": "Has one", "poster": "given.jpg"},
        {"video": "sound.mp4", "title": "Sound only"},
        {"video": "missing.mp4", "title": "Missing"},  # validate reports it; prepare passes it by
    ])
    cache = RenditionCache(tmp_path / "cache")

    report = prepare_posters(Assets(show, MediaRoot(media)), cache)

    assert report.made == 2
    assert report.broken == ["sound.mp4: no poster frame: the file is a WAV audio file: sound only, no picture"]
    assert report.summary().splitlines() == ["poster frames: 2 clips", report.broken[0]]
    posters = list((tmp_path / "cache" / "posters").glob("*.jpg"))
    assert len(posters) == 1  # one file for the two clips with the same bytes
    with Image.open(posters[0]) as poster:
        assert poster.size == (640, 360)


def test_nothing_to_say_when_every_clip_has_a_poster(tmp_path: Path) -> None:
    (tmp_path / "media").mkdir()
    Image.new("RGB", (64, 36)).save(tmp_path / "media" / "given.jpg")
    show = exhibition([{"video": "film.mp4", "title": "Film", "poster": "given.jpg"}])
    report = prepare_posters(Assets(show, MediaRoot(tmp_path / "media")), RenditionCache(tmp_path / "cache"))
    assert (report.made, report.broken, report.summary()) == (0, [], "")
