"""What a file is, from its first bytes: one answer for the image, clip, PDF and subtitle checks."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from kiosk.media.sniff import HEAD_BYTES, looks_like_text, sniff

FILM = Path(__file__).resolve().parents[2] / "media" / "film"


def head(path: Path) -> bytes:
    with path.open("rb") as f:
        return f.read(HEAD_BYTES)


def word_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("notes.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize("data, name, family, described", [
    (lambda: head(FILM / "memorial.mp4"), "MP4/MOV", "video", "a video"),
    (lambda: head(FILM / "memorial-poster.jpg"), "JPEG image", "image", "a JPEG image"),
    (lambda: b"\x89PNG\r\n\x1a\n" + bytes(40), "PNG image", "image", "a PNG image"),
    (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document", "document", "a PDF document"),
    (lambda: b"\x00\x00\x01\x00moov" + bytes(40), "MP4/MOV", "video", "a video"),  # not an icon
    (lambda: b"\x00\x00\x00\x08wide\x00\x00\x10\x00mdat", "MP4/MOV", "video", "a video"),
    (lambda: b"\x00\x00\x00\x20ftypM4B " + bytes(40), "M4A audio", "audio", "an M4A audio file"),
    (lambda: b"\x1a\x45\xdf\xa3" + bytes(40), "Matroska/WebM", "video", "a video"),
    (lambda: b"ID3\x04\x00" + bytes(40), "MP3 audio", "audio", "an MP3 audio file"),
    (lambda: b"\xff\xfb\x90\x00" + bytes(40), "MP3 audio", "audio", "an MP3 audio file"),
    (lambda: b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(40), "WAV audio", "audio", "a WAV audio file"),
    (lambda: b"RIFF\x24\x00\x00\x00XYZW" + bytes(40), "RIFF", "media", "a RIFF media file"),
    (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(40), "old Microsoft Office document", "document",
     "an old Microsoft Office document"),
    (word_document, "Word document", "document", "a Word document"),
    (plain_zip, "ZIP archive", "archive", "a ZIP archive"),
    (lambda: b"  <!DOCTYPE html>\n<html><body>404</body></html>", "web page", "web page", "a web page (HTML)"),
], ids=["mp4", "jpeg", "png", "pdf", "quicktime-moov-first", "quicktime-wide-first", "m4b", "ebml", "mp3-id3",
        "mp3-frame", "wav", "riff", "old-office", "docx", "zip", "html"])
def test_what_a_file_is(data, name: str, family: str, described: str) -> None:
    kind = sniff(data())
    assert kind is not None
    assert (kind.name, kind.family, kind.described) == (name, family, described)


@pytest.mark.parametrize("data", [
    b"",
    b"The free evening light falls on the stone.\n",  # 'free' where an MP4 has its first box
    "1\n00:00:01,000 --> 00:00:04,000\nŞir, ağac\n".encode("utf-8"),
    b"WEBVTT\n\n00:01.000 --> 00:04.000\nHello\n",
])
def test_text_is_no_kind_of_media(data: bytes) -> None:
    assert sniff(data) is None


def test_text_cut_inside_a_letter_is_still_text() -> None:
    data = "Gözəl işıq".encode("utf-8")
    assert looks_like_text(data[:-1])  # the last letter cut in two by the sample's end
    assert not looks_like_text(b"\x00\x01binary\xff")
    assert not looks_like_text("Gözəl".encode("utf-8")[:2] + b"\xff\xfe" + b"plain text here")
