"""Photos as photo desks and archives hand them over: metadata written by the real
command-line tools (Debian's ``libimage-exiftool-perl`` and ``exiv2``; ``.ci/run`` installs
them), into small JPEG, PNG, TIFF and WebP files made with Pillow."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image


def blank(path: Path, colour: tuple[int, int, int] = (90, 110, 130), size: tuple[int, int] = (320, 240)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)
    return path


def _tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (Debian's {package}; .ci/run installs it), so no photo "
                    f"tagged by it can be made")
    return found


def exiftool(path: Path, *args: str | bytes) -> Path:
    """Write tags with exiftool, as photo desks and archives' scripts do."""
    tool = _tool("exiftool", "libimage-exiftool-perl")
    subprocess.run([tool, "-q", "-q", "-overwrite_original", *args, str(path)], check=True,
                   capture_output=True)
    return path


def exiv2(path: Path, *commands: str | bytes) -> Path:
    """Write tags with the exiv2 command (``-M"set KEY TYPE VALUE"``); bytes go in as they are."""
    tool = _tool("exiv2", "exiv2")
    argv: list[str | bytes] = [tool]
    for command in commands:
        argv += ["-M", command]
    subprocess.run([*argv, str(path)], check=True, capture_output=True)
    return path


PHOTO_DESK = (
    # A photo desk's caption in three languages and the IPTC Core fields, as exiftool writes
    # them from a metadata template (both XMP and the legacy IPTC record, in UTF-8).
    "-codedcharacterset=UTF8",
    "-XMP-dc:Title=Memorial stone at dawn", "-XMP-dc:Title-en=Memorial stone at dawn",
    "-XMP-dc:Title-az=Sübh çağı xatirə daşı", "-XMP-dc:Title-ru-RU=Памятный камень на рассвете",
    "-XMP-dc:Description-en-GB=Carnations at the foot of the stone.",
    "-XMP-dc:Description-az=Daşın ətəyində qərənfillər.",
    "-XMP-dc:Description-de=Nelken am Fuß des Steins.",
    "-XMP-photoshop:Credit=Sample City Archive", "-XMP-dc:Rights=© Sample City Archive",
    "-XMP-dc:Creator=Ayla Nümunəli", "-XMP-iptcCore:Location=Memorial park",
    "-XMP-photoshop:City=Sampleton", "-XMP-photoshop:Country=Exampleland",
    "-XMP-photoshop:DateCreated=1994:02:26",
    "-IPTC:ObjectName=Memorial stone", "-IPTC:Caption-Abstract=Carnations at the foot of the stone.",
    "-IPTC:Credit=Sample City Archive", "-EXIF:DateTimeOriginal=1994:02:26 07:10:00",
)
