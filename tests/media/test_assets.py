"""The assets service: every media file resolved once, typed answers, one prepare step."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from PIL import Image

from kiosk.cli import main
from kiosk.content.loader import load_exhibition
from kiosk.content.media_root import MediaRoot
from kiosk.media.assets import Assets
from kiosk.media.pdf import PAGES_FOLDER

ROOT = Path(__file__).resolve().parents[2]
DEMO_MEDIA = ROOT / "media"

EXHIBITION = """\
title: {en: Assets}
languages: [en, ar]
emblem: emblem.png
sections:
  - id: photos
    kind: gallery
    title: {en: Photos}
    panels:
      - {image: photos/one.jpg, title: {en: One}}
      - {image: photos/two.jpg, title: {en: Two}}
  - id: film
    kind: clips
    title: {en: Film}
    clips:
      - video: film/memorial.mp4
        title: {en: Memorial}
        subtitles: {en: film/memorial.en.vtt, ar: film/memorial.ar.vtt}
  - id: books
    kind: catalogue
    title: {en: Books}
    books:
      - {cover: books/cover.jpg, title: {en: Letters}, pdf: {file: books/letters-home.pdf, pages: [1, 2]}}
  - id: names
    kind: names
    title: {en: Names}
    people:
      - {name: {en: A. Person}, photo: names/person.jpg}
quiet:
  - {hours: "22:00-08:00", image: still/quiet.jpg}
silence:
  - {at: "2027-02-26 17:00", text: {en: A minute of silence}, image: still/silence.jpg}
"""


def _jpeg(path: Path, colour: str, size: tuple[int, int] = (320, 200)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)


def exhibition(folder: Path) -> Path:
    media = folder / "media"
    for name, colour in (("photos/one.jpg", "red"), ("photos/two.jpg", "blue"), ("books/cover.jpg", "grey"),
                         ("names/person.jpg", "green"), ("still/quiet.jpg", "black"),
                         ("still/silence.jpg", "navy")):
        _jpeg(media / name, colour)
    Image.new("RGBA", (64, 64), (200, 160, 90, 255)).save(media / "emblem.png")
    for name in ("film/memorial.mp4", "film/memorial.en.vtt", "film/memorial.ar.vtt", "books/letters-home.pdf"):
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DEMO_MEDIA / name, media / name)
    (folder / "config").mkdir(parents=True, exist_ok=True)
    (folder / "config" / "exhibition.yaml").write_text(EXHIBITION.replace("emblem: emblem.png", "emblem: emblem.png\n"
                                                                          "media_root: ../media"), encoding="utf-8")
    return folder / "config" / "exhibition.yaml"


def test_typed_answers_come_from_what_the_loader_resolved(tmp_path, monkeypatch):
    loaded = load_exhibition(exhibition(tmp_path))
    assert loaded.ok, loaded.problems
    media = tmp_path / "media"
    calls: list[str] = []
    resolve = MediaRoot.resolve

    def counted(self, relative):
        calls.append(relative)
        return resolve(self, relative)

    monkeypatch.setattr(MediaRoot, "resolve", counted)
    assets = Assets.of(loaded)
    ex = loaded.exhibition
    photos, film, books, names = ex.sections
    clip, book = film.clips[0], books.books[0]
    real = media.resolve()
    assert assets.emblem() == real / "emblem.png"
    assert [assets.photo(p) for p in photos.panels] == [real / "photos/one.jpg", real / "photos/two.jpg"]
    assert [assets.tile(s) for s in ex.sections] == [real / "photos/one.jpg", None, real / "books/cover.jpg",
                                                     real / "names/person.jpg"]
    assert assets.video(clip) == real / "film/memorial.mp4"
    assert assets.poster(clip) is None  # no poster given: the clips screen shows a title card
    assert assets.subtitles(clip, ["ar", "en"]) == ("ar", real / "film/memorial.ar.vtt")
    assert assets.subtitles(clip, ["ru", "en"]) == ("en", real / "film/memorial.en.vtt")
    assert list(assets.subtitle_files(clip)) == ["en", "ar"]
    assert assets.cover(book) == real / "books/cover.jpg"
    assert assets.portrait(names.people[0]) == real / "names/person.jpg"
    assert assets.still(ex.quiet[0]) == real / "still/quiet.jpg"
    assert assets.still(ex.silence[0]) == real / "still/silence.jpg"
    assert calls == [], "every path in the YAML was resolved once, by the loader's checks"

    assert assets.file("names/person.jpg") is not None and calls == []
    assert assets.file("names/from-a-spreadsheet.jpg") is None  # a path the YAML does not hold: asked once
    assert assets.file("names/from-a-spreadsheet.jpg") is None
    assert calls == ["names/from-a-spreadsheet.jpg"]


def test_what_prepare_makes_ready_includes_every_image_the_kiosk_shows(tmp_path):
    loaded = load_exhibition(exhibition(tmp_path))
    refs = Assets.of(loaded).images()
    assert [r.media_path for r in refs] == ["emblem.png", "photos/one.jpg", "photos/two.jpg", "books/cover.jpg",
                                            "names/person.jpg", "still/quiet.jpg", "still/silence.jpg"]
    assert all(r.file is not None for r in refs)


def test_a_missing_or_escaping_file_is_none_with_the_reason(tmp_path):
    path = exhibition(tmp_path)
    media = tmp_path / "media"
    (media / "photos" / "two.jpg").unlink()
    (tmp_path / "outside.jpg").write_bytes((media / "photos" / "one.jpg").read_bytes())
    (media / "still" / "quiet.jpg").unlink()
    (media / "still" / "quiet.jpg").symlink_to(tmp_path / "outside.jpg")
    loaded = load_exhibition(path)
    assets = Assets.of(loaded)
    assert assets.photo(loaded.exhibition.sections[0].panels[1]) is None
    assert assets.still(loaded.exhibition.quiet[0]) is None
    broken = {r.media_path: r.problem for r in assets.images() if r.file is None}
    assert broken == {"photos/two.jpg": "the file does not exist",
                      "still/quiet.jpg": "'still/quiet.jpg' is a link that leads outside the media folder"}


def _files(folder: Path) -> set[str]:
    """What a prepare step left in a rendition folder (not the index, which records when)."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.suffix != ".json"}


def test_prepare_and_update_make_exactly_the_same_files(tmp_path, monkeypatch, capsys):
    path = exhibition(tmp_path / "show")
    prepared = tmp_path / "prepared"
    assert main(["prepare", str(path), "--cache", str(prepared), "--jobs", "1"]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[0].startswith("prepared 9 images (9 new, 0 unchanged, 0 broken)")  # 7 images and 2 PDF pages
    assert said[1:] == ["rendered PDF pages of 1 book: 2 pages (2 new, 0 broken PDFs)", "poster frames: 1 clip"]

    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("KIOSK_CACHE", str(tmp_path / "cache"))
    assert main(["update", str(tmp_path / "show")]) == 0
    capsys.readouterr()
    updated = tmp_path / "cache" / "renditions"

    made = _files(prepared)
    assert made == _files(updated)
    assert sum(1 for name in made if name.startswith("posters/")) == 1  # the clip without a poster
    assert sum(1 for name in made if name.startswith(f"{PAGES_FOLDER}/")) == 2  # the book's two PDF pages


@pytest.mark.parametrize("module", sorted(
    p.relative_to(ROOT).as_posix() for room in ("ui", "shell", "visit", "curator")
    for p in (ROOT / "kiosk" / room).rglob("*.py")))
def test_no_screen_resolves_a_path_itself(module):
    """Screens, the shell, the attract loop and preview ask the assets service."""
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    calls = [node.lineno for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and node.attr in ("find", "resolve")
             and isinstance(node.value, ast.Attribute) and node.value.attr == "media"]
    names = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id == "MediaRoot"]
    assert calls == [] and names == [], f"{module} resolves media paths itself at lines {calls + names}"
