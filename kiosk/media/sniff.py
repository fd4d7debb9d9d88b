"""What a file is, from its first bytes, in a curator's words (no Kivy here).

The ``filetype`` package knows the signatures. This module adds the few it does not
know and the kiosk meets (an old QuickTime file whose first box is not ``ftyp``, a
Matroska file cut before its doctype, MPEG audio without an ID3 tag, a RIFF file of
another kind, an old Office file, a web page, plain text) and names each kind once, so
the image, clip, PDF and subtitle checks say the same thing about the same file.
"""

from __future__ import annotations

from dataclasses import dataclass

import filetype

HEAD_BYTES = 8192
"""How much of a file to read for :func:`sniff` (all that ``filetype`` looks at)."""


@dataclass(frozen=True)
class FileKind:
    """What a file is."""

    name: str
    """Short, e.g. ``JPEG image``, ``MP4/MOV``, ``WAV audio``, ``ZIP archive``."""
    family: str
    """``image``, ``video``, ``audio``, ``media`` (sound or picture), ``document``,
    ``archive``, ``web page`` or ``other``."""
    described: str
    """As a sentence says it: ``a JPEG image``, ``a video``, ``an MP3 audio file``."""


_SPELLED_WITH_A_VOWEL = ("MP3", "M4A", "MP4", "MPEG")
"""Names read letter by letter whose first letter sounds like a vowel: "an MP3"."""


def article(words: str) -> str:
    """``a`` or ``an`` before ``words``."""
    return "an" if words[:1].upper() in "AEIOU" or words.startswith(_SPELLED_WITH_A_VOWEL) else "a"


def _kind(name: str, family: str, described: str | None = None) -> FileKind:
    if described is None:
        described = {"video": "a video", "audio": f"{article(name)} {name} file",
                     "media": f"{article(name)} {name} media file"}.get(family, f"{article(name)} {name}")
    return FileKind(name, family, described)


MP4 = _kind("MP4/MOV", "video")
M4A = _kind("M4A audio", "audio")
MATROSKA = _kind("Matroska/WebM", "video")
MP3 = _kind("MP3 audio", "audio")
WEB_PAGE = _kind("web page", "web page", "a web page (HTML)")
OLD_OFFICE = _kind("old Microsoft Office document", "document")

_NAMED: dict[str, FileKind] = {
    # images
    "jpg": _kind("JPEG image", "image"), "png": _kind("PNG image", "image"),
    "apng": _kind("PNG image", "image"), "gif": _kind("GIF image", "image"),
    "webp": _kind("WebP image", "image"), "tif": _kind("TIFF image", "image"),
    "bmp": _kind("BMP image", "image"), "heic": _kind("HEIC image", "image"),
    "avif": _kind("AVIF image", "image"), "jpx": _kind("JPEG 2000 image", "image"),
    "psd": _kind("Photoshop image", "image"), "ico": _kind("icon image", "image"),
    "cr2": _kind("Canon raw image", "image"), "jxr": _kind("JPEG XR image", "image"),
    "xcf": _kind("GIMP image", "image"), "dcm": _kind("DICOM image", "image"),
    "dwg": _kind("DWG drawing", "image"),
    # video
    "mp4": MP4, "m4v": MP4, "mov": MP4, "3gp": MP4, "mkv": MATROSKA, "webm": MATROSKA,
    "avi": _kind("AVI", "video"), "wmv": _kind("WMV", "video"), "mpg": _kind("MPEG", "video"),
    "flv": _kind("Flash video", "video"),
    # sound
    "mp3": MP3, "m4a": M4A, "wav": _kind("WAV audio", "audio"), "flac": _kind("FLAC audio", "audio"),
    "aac": _kind("AAC audio", "audio"), "aiff": _kind("AIFF audio", "audio"),
    "amr": _kind("AMR audio", "audio"), "midi": _kind("MIDI audio", "audio"),
    "ogg": _kind("Ogg", "media"),
    # documents
    "pdf": _kind("PDF document", "document"), "rtf": _kind("Rich Text document", "document"),
    "doc": OLD_OFFICE, "xls": OLD_OFFICE, "ppt": OLD_OFFICE,
    "docx": _kind("Word document", "document"), "xlsx": _kind("Excel workbook", "document"),
    "pptx": _kind("PowerPoint presentation", "document"),
    "odt": _kind("OpenDocument text", "document"), "ods": _kind("OpenDocument spreadsheet", "document"),
    "odp": _kind("OpenDocument presentation", "document"), "epub": _kind("EPUB book", "document"),
    "ps": _kind("PostScript document", "document"),
    # archives
    "zip": _kind("ZIP archive", "archive"),
}

# The boxes an MP4 or QuickTime file may start with. Old QuickTime files start with
# 'moov', 'mdat' or a padding box instead of 'ftyp', which filetype does not know.
_LARGE_BOXES = {b"ftyp", b"moov", b"mdat"}
_SMALL_BOXES = {b"free", b"wide", b"skip", b"pnot"}


def sniff(head: bytes) -> FileKind | None:
    """What the file starting with ``head`` is; None for plain text and for what is
    not recognised. Reading :data:`HEAD_BYTES` of it is enough."""
    if not head:
        return None
    box = head[4:8]
    if box in _LARGE_BOXES or box in _SMALL_BOXES and head[0] == 0:  # a padding box is a few bytes long
        if box != b"ftyp":
            return MP4
        if head[8:12] in (b"M4A ", b"M4B "):
            return M4A
    guessed = filetype.guess(bytes(head))
    if guessed is not None:
        known = _NAMED.get(guessed.extension)
        if known is not None:
            return known
        family = guessed.mime.split("/")[0]
        return _kind(f"{guessed.extension.upper()} {family if family in ('image', 'video', 'audio') else 'file'}",
                     family if family in ("image", "video", "audio") else "other")
    if box == b"ftyp":
        return MP4  # a brand filetype does not know: ffmpeg may still play it
    if head.startswith(b"RIFF"):
        return _kind("RIFF", "media")
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return MATROSKA  # EBML, without the doctype filetype looks for
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return OLD_OFFICE
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06:
        return MP3  # an MPEG audio frame header without an ID3 tag
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return WEB_PAGE
    return None


def looks_like_text(head: bytes) -> bool:
    """True when ``head`` reads as UTF-8 text (a character cut at its end allowed)."""
    if not head or b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not just a character cut at the end of the sample
            return False
        text = head[:exc.start].decode("utf-8")
    return all(ch.isprintable() or ch in "\t\r\n\f" for ch in text)
