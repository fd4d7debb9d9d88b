"""Every form a curator (or an editor, or macOS) can give a media path gets a message at
file:line:col; none reaches a traceback, and `kiosk run` starts on the last good exhibition."""

from __future__ import annotations

import logging
import os
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from kiosk.cli import main
from kiosk.content.lastgood import LastGood, is_good
from kiosk.content.loader import load_exhibition
from kiosk.content.media_root import MediaPathError, MediaRoot, media_path_problem
from kiosk.shell.runner import NothingToShow, load_for_kiosk

EXHIBITION = """\
title: {{en: Paths}}
languages: [en]
sections:
  - id: photos
    kind: gallery
    title: {{en: Photos}}
    panels:
      - image: photos/a.jpg
        title: {{en: Good}}
        credit: x
      - id: odd
        image: {path}
        title: {{en: Odd}}
        credit: x
"""


def venue(folder: Path, path_yaml: str) -> Path:
    (folder / "media" / "photos").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), (200, 30, 30)).save(folder / "media" / "photos" / "a.jpg")
    (folder / "exhibition.yaml").write_text(EXHIBITION.format(path=path_yaml), encoding="utf-8")
    return folder / "exhibition.yaml"


# (as written in YAML, the start of the message the curator reads)
BAD_FORMS = [
    ("./", "'./' names the media folder itself"),
    ("'.'", "'.' names the media folder itself"),
    ('"photos/\\0a.jpg"', "the path 'photos/\\x00a.jpg' contains NUL"),
    ('"photos/\\ta.jpg"', "the path 'photos/\\ta.jpg' contains a tab"),
    ('"photos/a\\x07.jpg"', "the path 'photos/a\\x07.jpg' contains the invisible character \\x07"),
    ('"photos/a.jpg\\n"', "the path 'photos/a.jpg\\n' contains a line break"),
    ("photos/", "'photos/' ends with '/', so it names a folder"),
    ("photos/a.jpg/", "'photos/a.jpg/' ends with '/'"),
    ("photos//a.jpg", "'photos//a.jpg' has an empty folder name ('//'); write 'photos/a.jpg'"),
    ("' photos/a.jpg'", "the path ' photos/a.jpg' begins or ends with a space"),
    ("'photos/a.jpg '", "the path 'photos/a.jpg ' begins or ends with a space"),
    ("'   '", "expected a file path inside the media folder, found an empty text"),
    ("/etc/passwd", "media paths are relative to the media folder, found the absolute path '/etc/passwd'"),
    ("C:/photos/a.jpg", "media paths are relative to the media folder"),
    ("photos/../../x.jpg", "media paths may not leave the media folder"),
    ("'photos\\a.jpg'", "use / between folders"),
    ("https://example.org/a.jpg", "'https://example.org/a.jpg' is a web address"),
    ("photos/" + "x" * 300 + ".jpg", "the name 'xxxxxxxx"),
    ("'" + "a/" * 600 + "b.jpg'", "the path is 1205 characters long"),
    ('"photos/\\uD800.jpg"', "the path 'photos/\\ud800.jpg' contains a broken character"),
]


@pytest.mark.parametrize(("written", "message"), BAD_FORMS)
def test_every_bad_path_form_gets_a_message_at_its_place(tmp_path, capsys, written, message):
    path = venue(tmp_path, written)
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code == 1
    lines = [line for line in out.splitlines() if ":12:" in line]
    assert lines, out
    assert any(f"exhibition.yaml:12:16: error: {message}" in line for line in lines), lines


@pytest.mark.parametrize("written", [w for w, _ in BAD_FORMS])
def test_no_bad_path_reaches_the_file_system_or_raises_anything_but_a_curator_message(tmp_path, written):
    path = venue(tmp_path, written)
    result = load_exhibition(path)  # what `kiosk run`, `prepare` and `preview` load
    assert result.exhibition is not None and len(result.exhibition.sections[0].panels) == 1  # the good panel stays
    media = MediaRoot(tmp_path / "media")
    import yaml
    value = yaml.safe_load(f"v: {written}")["v"]
    assert media_path_problem(value) is not None
    with pytest.raises(MediaPathError):
        media.resolve(value)
    assert media.find(value) is None


def test_a_name_typed_in_the_other_unicode_form_finds_the_file(tmp_path):
    """macOS writes file names decomposed (NFD); editors type them composed (NFC)."""
    nfc, nfd = unicodedata.normalize("NFC", "Xatirə-Şuşa"), unicodedata.normalize("NFD", "Xatirə-Şuşa")
    assert nfc != nfd
    (tmp_path / "media" / "foto").mkdir(parents=True)
    Image.new("RGB", (20, 20)).save(tmp_path / "media" / "foto" / f"{nfd}.jpg")  # as a Mac copied it
    os.mkdir(tmp_path / "media" / unicodedata.normalize("NFC", "Şəkil"))
    Image.new("RGB", (20, 20)).save(tmp_path / "media" / unicodedata.normalize("NFC", "Şəkil") / "b.jpg")
    media = MediaRoot(tmp_path / "media")
    assert media.resolve(f"foto/{nfc}.jpg").name == f"{nfd}.jpg"
    assert media.resolve(unicodedata.normalize("NFD", "Şəkil") + "/b.jpg").name == "b.jpg"
    with pytest.raises(MediaPathError, match="does not exist"):
        media.resolve("foto/Xatire-Susa.jpg")


def test_special_files_are_refused_by_name_without_being_opened(tmp_path):
    (tmp_path / "media" / "photos").mkdir(parents=True)
    os.mkfifo(tmp_path / "media" / "photos" / "pipe.jpg")
    os.symlink("/dev/zero", tmp_path / "media" / "photos" / "zero.jpg")
    (tmp_path / "media" / "photos" / "dev.jpg").symlink_to(tmp_path / "media" / "photos" / "pipe.jpg")
    media = MediaRoot(tmp_path / "media")
    with pytest.raises(MediaPathError, match=r"'photos/pipe.jpg' is a named pipe \(FIFO\), not a regular file"):
        media.resolve("photos/pipe.jpg")
    with pytest.raises(MediaPathError, match="leads outside the media folder"):
        media.resolve("photos/zero.jpg")
    with pytest.raises(MediaPathError, match="named pipe"):
        media.resolve("photos/dev.jpg")


def test_a_fifo_as_the_exhibition_file_is_refused_without_blocking(tmp_path, capsys):
    fifo = tmp_path / "exhibition.yaml"
    os.mkfifo(fifo)
    assert main(["validate", str(fifo)]) == 1
    out, err = capsys.readouterr()
    assert "exhibition.yaml:1:1: error: the file is a named pipe (FIFO), not an ordinary file" in out
    assert "Traceback" not in out + err


# --- kiosk run: the function that chooses what to show ------------------------------------


def test_kiosk_run_falls_back_to_the_last_good_exhibition_for_a_path_that_crashed_it(tmp_path):
    path = venue(tmp_path / "venue", "photos/a.jpg")
    last_good = LastGood(tmp_path / "home" / "last-good")
    shown, current, why = load_for_kiosk(path, last_good)
    assert why is None and is_good(shown)
    # the curator's one character, then a reboot
    path.write_text(EXHIBITION.format(path="./").replace("title: {en: Paths}", "title: {en: Broken}"), encoding="utf-8")
    shown, current, why = load_for_kiosk(path, LastGood(last_good.folder))
    assert shown.exhibition is not None and shown.exhibition.title.get("en") == "Paths"
    assert current.errors and "names the media folder itself" in why


def test_kiosk_run_falls_back_when_loading_raises_something_nobody_foresaw(tmp_path, caplog):
    path = venue(tmp_path / "venue", "photos/a.jpg")
    last_good = LastGood(tmp_path / "home" / "last-good")
    load_for_kiosk(path, last_good)

    def crashing(p: Path):
        raise IndexError("tuple index out of range")

    with caplog.at_level(logging.ERROR):
        shown, current, why = load_for_kiosk(path, LastGood(last_good.folder), loader=crashing)
    assert shown.exhibition is not None and shown.exhibition.title.get("en") == "Paths"
    assert current.exhibition is None
    assert "could not be read (IndexError: tuple index out of range)" in why
    assert "showing the last good exhibition instead" in why
    assert any("failed unexpectedly" in r.getMessage() and r.exc_info for r in caplog.records)
    # and with nothing kept, the kiosk refuses with the reason instead of a traceback
    with pytest.raises(NothingToShow, match="IndexError"):
        load_for_kiosk(path, LastGood(tmp_path / "empty"), loader=crashing)


def test_kiosk_run_falls_back_when_the_live_version_is_gone(tmp_path):
    path = venue(tmp_path / "venue", "photos/a.jpg")
    last_good = LastGood(tmp_path / "home" / "last-good")
    load_for_kiosk(path, last_good)
    path.unlink()
    shown, _current, why = load_for_kiosk(path, LastGood(last_good.folder))
    assert shown.exhibition is not None and "showing the last good exhibition instead" in why
