"""A photo's own title, caption, credit, date and place (kiosk/media/photo_metadata.py), read
from files whose metadata the real exiftool and exiv2 wrote, in the forms photo desks use."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from kiosk.media.photo_metadata import read_photo_metadata
from tests.media.photo_desk import PHOTO_DESK, blank, exiftool, exiv2


def test_a_photo_desks_multilingual_xmp_wins_over_its_iptc_and_exif(tmp_path: Path) -> None:
    photo = exiftool(blank(tmp_path / "stone.jpg"), *PHOTO_DESK)
    meta = read_photo_metadata(photo)
    assert meta.title.value == {"x-default": "Memorial stone at dawn", "en": "Memorial stone at dawn",
                                "az": "Sübh çağı xatirə daşı", "ru-RU": "Памятный камень на рассвете"}
    assert meta.title.source == "XMP dc:title"
    assert meta.caption.value == {"en-GB": "Carnations at the foot of the stone.",
                                  "az": "Daşın ətəyində qərənfillər.", "de": "Nelken am Fuß des Steins."}
    assert (meta.credit.value, meta.credit.source) == ("Sample City Archive", "XMP photoshop:Credit")
    assert (meta.creator.value, meta.creator.source) == ("Ayla Nümunəli", "XMP dc:creator")
    assert (meta.date.value, meta.date.source) == ("1994-02-26", "XMP photoshop:DateCreated")
    assert meta.place.value == "Memorial park, Sampleton, Exampleland"
    assert meta.place.source == "XMP Iptc4xmpCore:Location, photoshop:City, photoshop:Country"
    assert meta.notes == []


@pytest.mark.parametrize("suffix", [".png", ".tif", ".webp"])
def test_xmp_is_read_from_png_tiff_and_webp_too(tmp_path: Path, suffix: str) -> None:
    source = exiftool(blank(tmp_path / "source.jpg"), *PHOTO_DESK)
    photo = tmp_path / f"copy{suffix}"
    Image.new("RGB", (64, 48), (10, 20, 30)).save(photo)
    exiftool(photo, "-tagsFromFile", str(source), "-XMP:all")
    meta = read_photo_metadata(photo)
    assert meta.title.value["az"] == "Sübh çağı xatirə daşı"
    assert meta.credit.value == "Sample City Archive"


def test_iptc_alone_is_read_in_the_character_set_its_record_names(tmp_path: Path) -> None:
    # exiv2 writes the bytes it is given: an ISO 8859-2 caption, marked so by the record's
    # CodedCharacterSet (ESC - B), as East European archives' older systems wrote them.
    photo = exiv2(blank(tmp_path / "street.jpg"),
                  b"set Iptc.Envelope.CharacterSet String \x1b-B",
                  b"set Iptc.Application2.Caption String Ulica w \xa3odzi, zim\xb1",
                  b"set Iptc.Application2.City String \xa3\xf3d\xbc")
    meta = read_photo_metadata(photo)
    assert meta.caption.value == "Ulica w Łodzi, zimą"
    assert meta.caption.source == "IPTC Caption-Abstract (ISO-8859-2, as its CodedCharacterSet says)"
    assert meta.place.value == "Łódź"
    assert meta.notes == []


def test_iptc_that_names_no_character_set_is_read_as_windows_1252_unless_told(tmp_path: Path) -> None:
    # exiftool writing a Windows-1250 caption and no CodedCharacterSet: what Photoshop on a
    # Central European Windows left in many archives.
    photo = exiftool(blank(tmp_path / "legacy.jpg"), "-charset", "iptc=Latin2",
                     "-IPTC:Caption-Abstract=Žena s košíkem, Brno", "-IPTC:ObjectName=Trh")
    guessed = read_photo_metadata(photo)
    assert guessed.caption.value == "Žena s košíkem, Brno".encode("cp1250").decode("cp1252")
    assert guessed.caption.source == "IPTC Caption-Abstract (no character set given; read as Windows-1252)"
    assert guessed.notes == ["its IPTC text is not UTF-8 and names no character set; read as Windows-1252 "
                             "(--iptc-charset names another)"]
    told = read_photo_metadata(photo, legacy="cp1250")
    assert told.caption.value == "Žena s košíkem, Brno"
    assert told.title.value == "Trh"


def test_utf8_iptc_without_a_character_set_is_read_as_utf8(tmp_path: Path) -> None:
    photo = exiv2(blank(tmp_path / "plain.jpg"), "set Iptc.Application2.Caption String Köhnə şəhər",
                  "set Iptc.Application2.Credit String Arxiv")
    meta = read_photo_metadata(photo)
    assert (meta.caption.value, meta.credit.value) == ("Köhnə şəhər", "Arxiv")
    assert meta.notes == []


def test_exiv2s_lang_alt_and_attribute_properties(tmp_path: Path) -> None:
    # exiv2 writes simple XMP properties as attributes of rdf:Description
    photo = exiv2(blank(tmp_path / "exiv2.jpg"),
                  "set Xmp.dc.title LangAlt lang=x-default Harbour at noon",
                  "set Xmp.dc.title LangAlt lang=ru Гавань в полдень",
                  "set Xmp.photoshop.Credit Sample Photo Desk",
                  "set Xmp.photoshop.DateCreated 1988-07")
    meta = read_photo_metadata(photo)
    assert meta.title.value == {"x-default": "Harbour at noon", "ru": "Гавань в полдень"}
    assert meta.credit.value == "Sample Photo Desk"
    assert meta.date.value == "1988-07"


def test_exif_alone_and_a_cameras_own_description_is_no_caption(tmp_path: Path) -> None:
    photo = exiftool(blank(tmp_path / "camera.jpg"), "-EXIF:ImageDescription=OLYMPUS DIGITAL CAMERA",
                     "-EXIF:XPTitle=Bulvar", "-EXIF:Artist=Rəşad Nümunəzadə", "-EXIF:Copyright=© Sample Agency",
                     "-EXIF:DateTimeOriginal=2001:09:30 18:45:00")
    meta = read_photo_metadata(photo)
    assert meta.caption is None
    assert (meta.title.value, meta.title.source) == ("Bulvar", "EXIF XPTitle")
    assert (meta.creator.value, meta.credit.value) == ("Rəşad Nümunəzadə", "© Sample Agency")
    assert (meta.date.value, meta.date.source) == ("2001-09-30", "EXIF DateTimeOriginal")
    described = exiftool(blank(tmp_path / "described.jpg"), "-EXIF:ImageDescription=Bulvarda axşam")
    assert read_photo_metadata(described).caption.value == "Bulvarda axşam"


def test_a_photo_with_nothing_and_a_file_that_is_no_photo(tmp_path: Path) -> None:
    assert read_photo_metadata(blank(tmp_path / "bare.jpg")).empty
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    meta = read_photo_metadata(broken)
    assert meta.empty and meta.notes and meta.notes[0].startswith("it cannot be read as a photo")
