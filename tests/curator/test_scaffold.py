"""`kiosk new FOLDER`: an exhibition from a folder of tagged photos, clips, PDFs and covers,
valid at once; run again, it adds what is new and leaves every edit as it was."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.loader import load_exhibition
from kiosk.content.yaml12 import read_yaml
from tests.media.photo_desk import PHOTO_DESK, blank, exiftool, exiv2

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A curator's folder: tagged photos at the top and in a subfolder, a photo with nothing,
    a clip with a poster and subtitles, a book's cover and PDF."""
    photos = tmp_path / "Memorial evening"
    exiftool(blank(photos / "01-stone.jpg"), *PHOTO_DESK)
    exiv2(blank(photos / "02-harbour.jpg"), "set Xmp.dc.title LangAlt lang=x-default Harbour at noon",
          "set Xmp.dc.title LangAlt lang=ru Гавань в полдень", "set Xmp.photoshop.Credit Sample Photo Desk")
    blank(photos / "10_untitled_scan.jpg")
    exiv2(blank(photos / "Letters and streets" / "street.jpg"),
          b"set Iptc.Envelope.CharacterSet String \x1b-B",
          b"set Iptc.Application2.Caption String Ulica w \xa3odzi, zim\xb1",
          b"set Iptc.Application2.Credit String Archiwum")
    exiftool(blank(photos / "Letters and streets" / "market.jpg"), "-charset", "iptc=Latin2",
             "-IPTC:ObjectName=Trh", "-IPTC:Caption-Abstract=Žena s košíkem", "-IPTC:Credit=Sample Archive")
    (photos / "film").mkdir()
    shutil.copyfile(ROOT / "media/film/memorial.mp4", photos / "film/memorial.mp4")
    shutil.copyfile(ROOT / "media/film/memorial.en.vtt", photos / "film/memorial.en.vtt")
    shutil.copyfile(ROOT / "media/film/memorial.az.srt", photos / "film/memorial.az.srt")
    blank(photos / "film/memorial.jpg", (20, 20, 20))
    (photos / "books").mkdir()
    shutil.copyfile(ROOT / "media/books/letters-home.pdf", photos / "books/letters-home.pdf")
    blank(photos / "books/letters-home-cover.jpg", (150, 120, 90), (300, 420))
    (photos / "notes.docx").write_bytes(b"PK\x03\x04")
    return photos


def _sections(path: Path) -> dict[str, dict]:
    data, _ = read_yaml(path)
    return {s["id"]: s for s in data["sections"]}


def test_a_folder_becomes_an_exhibition_that_validates_at_once(folder: Path, capsys) -> None:
    assert main(["new", str(folder), "--languages", "az,en,ru", "--iptc-charset", "cp1250"]) == 0
    said = capsys.readouterr().out
    out = folder / "exhibition.yaml"
    assert main(["validate", str(out)]) == 0
    loaded = load_exhibition(out)
    assert loaded.ok and not loaded.errors

    data, _ = read_yaml(out)
    assert data["languages"] == ["az", "en", "ru"] and data["media_root"] == "."
    sections = _sections(out)
    assert [(s["id"], s["kind"]) for s in data["sections"]] == [
        ("photos", "gallery"), ("books", "catalogue"), ("film", "clips"), ("letters-and-streets", "gallery")]
    stone, harbour, untitled = sections["photos"]["panels"]
    # lang-alt mapped to the exhibition's languages: ru-RU is ru, en-GB is en, de is left out
    assert stone["title"] == {"az": "Sübh çağı xatirə daşı", "en": "Memorial stone at dawn",
                              "ru": "Памятный камень на рассвете"}
    assert stone["caption"] == {"az": "Daşın ətəyində qərənfillər.", "en": "Carnations at the foot of the stone."}
    assert stone["credit"] == "Sample City Archive"
    assert stone["date"] == "1994-02-26 · Memorial park, Sampleton, Exampleland"
    # x-default, no copy of another language's text, is the default language's (az)
    assert harbour["title"] == {"az": "Harbour at noon", "ru": "Гавань в полдень"}
    assert untitled["title"] == {"az": "10 untitled scan"} and "credit" not in untitled
    street, market = sections["letters-and-streets"]["panels"][1], sections["letters-and-streets"]["panels"][0]
    assert street["caption"] == {"az": "Ulica w Łodzi, zimą"}
    assert market["caption"] == {"az": "Žena s košíkem"} and market["title"] == {"az": "Trh"}
    clip = sections["film"]["clips"][0]
    assert clip["poster"] == "film/memorial.jpg"
    assert clip["subtitles"] == {"en": "film/memorial.en.vtt", "az": "film/memorial.az.srt"}
    book = sections["books"]["books"][0]
    assert (book["cover"], book["pdf"]) == ("books/letters-home-cover.jpg", "books/letters-home.pdf")
    assert book["title"] == {"az": "Letters Home (sample)"}
    assert book["authors"] == ["Samira Exemplova", "Daniel Testwood"]
    assert data["playlists"] == {"highlights": ["photos", "film", "letters-and-streets"]}

    # where each field came from: in the file, above its panel, and on the screen
    comments = " ".join(line.strip()[2:] for line in out.read_text(encoding="utf-8").splitlines()
                        if line.strip().startswith("# "))
    assert ("01-stone.jpg: title from XMP dc:title [x-default, az, en, ru-RU]; caption from XMP dc:description "
            "[az, en-GB] (de left out: not one of the exhibition's languages); credit from XMP photoshop:Credit; "
            "date from XMP photoshop:DateCreated; place from XMP Iptc4xmpCore:Location, photoshop:City, "
            "photoshop:Country") in comments
    assert ("Letters and streets/street.jpg: title from the file name; caption from IPTC Caption-Abstract "
            "(ISO-8859-2, as its CodedCharacterSet says)") in comments
    assert "10_untitled_scan.jpg: title from the file name" in comments
    assert "10_untitled_scan.jpg: warning: no title, caption or credit in its metadata: titled from its file name" \
        in said
    assert "Letters and streets/market.jpg: title from IPTC ObjectName; caption from IPTC Caption-Abstract (no " \
           "character set given; read as Windows-1250)" in said
    assert "left out notes.docx: not a photo, clip, subtitles or PDF the kiosk shows" in said


def test_languages_come_from_the_photos_when_not_given(folder: Path) -> None:
    assert main(["new", str(folder), "--out", str(folder.parent / "show.yaml")]) == 0
    data, _ = read_yaml(folder.parent / "show.yaml")
    # every language of the photos' titles and captions, the most used first: az, en and ru two
    # texts each (in the order the first photo has them), de one caption
    assert data["languages"] == ["az", "en", "ru", "de"]
    assert data["media_root"] == "Memorial evening"
    assert main(["validate", str(folder.parent / "show.yaml")]) == 0


def test_run_again_it_adds_the_new_photos_and_keeps_every_edit(folder: Path, capsys) -> None:
    out = folder / "exhibition.yaml"
    assert main(["new", str(folder), "--languages", "en,az"]) == 0
    text = out.read_text(encoding="utf-8")
    # the curator's edits: a title rewritten with a comment, a panel taken out, sections
    # reordered (film first), a translation added, a comment of their own
    text = text.replace("    en: 10 untitled scan\n", "    en: The old school   # retitled by hand\n"
                                                       "          az: Köhnə məktəb\n")
    start = text.index("      # 02-harbour.jpg")
    end = text.index("      # 10_untitled_scan.jpg")
    text = text[:start] + "      # harbour photo taken out: wrong year\n" + text[end:]
    film_start, film_end = text.index("  - id: film\n"), text.index("  - id: letters-and-streets\n")
    film = text[film_start:film_end]
    text = text[:film_start] + text[film_end:]
    text = text.replace("sections:\n", "sections:\n" + film)
    out.write_text(text, encoding="utf-8")
    assert main(["validate", str(out)]) == 0
    before = out.read_text(encoding="utf-8")

    # new photos: one at the top, one in an existing subfolder, one in a new subfolder
    exiftool(blank(folder / "03-flowers.jpg"), "-XMP-dc:Title-en=Flowers", "-XMP-dc:Title-az=Güllər",
             "-XMP-photoshop:Credit=Sample City Archive")
    exiv2(blank(folder / "Letters and streets" / "tram.jpg"), "set Xmp.dc.title LangAlt lang=en Tram")
    blank(folder / "Aftermath" / "фото-1.jpg")
    capsys.readouterr()
    assert main(["new", str(folder)]) == 0
    said = capsys.readouterr().out
    after = out.read_text(encoding="utf-8")

    # nothing that was there changed: every line is still there, in order; only new ones came in
    added = [line[2:] for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("+ ")]
    removed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("- ")]
    assert removed == []
    assert "      - image: 03-flowers.jpg" in added and "      - image: Letters and streets/tram.jpg" in added
    assert "  - id: aftermath" in added and "        image: Aftermath/фото-1.jpg" in added
    assert not any("02-harbour" in line for line in added)  # taken out by hand: stays out
    assert "1 file you took out of the exhibition stays out (02-harbour.jpg)" in said
    assert "added 3 panels (1 new section); everything already in it is as it was" in said

    sections = _sections(out)
    assert [s for s in sections] == ["film", "photos", "books", "letters-and-streets", "aftermath"]
    assert [p["image"] for p in sections["photos"]["panels"]] == ["01-stone.jpg", "10_untitled_scan.jpg",
                                                                  "03-flowers.jpg"]
    assert sections["photos"]["panels"][2]["title"] == {"en": "Flowers", "az": "Güllər"}
    assert sections["aftermath"]["panels"][0]["id"] == "foto-1"
    assert main(["validate", str(out)]) == 0

    # and a third run with nothing new changes nothing at all
    assert main(["new", str(folder)]) == 0
    assert out.read_text(encoding="utf-8") == after


def test_a_renamed_section_still_gets_its_folders_new_photos(folder: Path) -> None:
    out = folder / "exhibition.yaml"
    assert main(["new", str(folder)]) == 0
    out.write_text(out.read_text(encoding="utf-8").replace("letters-and-streets", "streets"),
                   encoding="utf-8")
    blank(folder / "Letters and streets" / "z-last.jpg")
    assert main(["new", str(folder)]) == 0
    sections = _sections(out)
    assert "letters-and-streets" not in sections
    assert sections["streets"]["panels"][-1]["image"] == "Letters and streets/z-last.jpg"


def test_what_cannot_be_scaffolded_is_said_plainly(tmp_path: Path, capsys) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["new", str(tmp_path / "empty")]) == 1
    assert "holds no photo, clip or PDF the kiosk can show" in capsys.readouterr().err
    assert main(["new", str(tmp_path / "nowhere")]) == 1
    assert "no such folder" in capsys.readouterr().err
    blank(tmp_path / "p" / "a.jpg")
    assert main(["new", str(tmp_path / "p"), "--languages", "en,English"]) == 1
    assert "'English' is not a language code" in capsys.readouterr().err
    (tmp_path / "p" / "exhibition.yaml").write_text("title: {en: x\n", encoding="utf-8")
    assert main(["new", str(tmp_path / "p")]) == 1
    assert "must read before photos can be added to it" in capsys.readouterr().err
