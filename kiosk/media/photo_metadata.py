"""What a photo already says about itself: title, caption, credit, date and place, as photo
desks, archives' DAMs, Lightroom, Bridge, Photo Mechanic, exiftool and exiv2 write them.

Three places hold them, read in the order the Metadata Working Group's guidelines give
(XMP first, then IPTC-IIM, then EXIF):

- XMP (``dc:title``, ``dc:description``, ``dc:rights``, ``dc:creator``, ``photoshop:Credit``,
  ``photoshop:Headline``, ``photoshop:DateCreated``, ``photoshop:City``/``State``/``Country``,
  ``Iptc4xmpCore:Location``, ``Iptc4xmpExt:LocationShown``): Pillow hands over the packet
  (JPEG, PNG, TIFF, WebP); it is parsed here with ``defusedxml`` keeping its namespaces, so
  ``lang-alt`` values come back per language, ``x-default`` too.
- IPTC-IIM (Object Name, Headline, Caption-Abstract, Credit, Copyright Notice, By-line,
  Date Created, Sub-location, City, Province-State, Country): Pillow's IPTC reader gives each
  dataset's bytes; they are decoded here by the record's CodedCharacterSet (UTF-8 or an
  ISO 8859 part), else as UTF-8 when they are, else in ``legacy`` (Windows-1252 unless told:
  what Photoshop and exiftool assume).
- EXIF (ImageDescription, XPTitle, Artist, Copyright, DateTimeOriginal), by Pillow.

Each value comes with where it came from (``Found.source``), so the curator can be told.
No Kivy here.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, IptcImagePlugin, UnidentifiedImageError

log = logging.getLogger(__name__)

NS = {
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://ns.adobe.com/photoshop/1.0/": "photoshop",
    "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/": "Iptc4xmpCore",
    "http://iptc.org/std/Iptc4xmpExt/2008-02-29/": "Iptc4xmpExt",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/xap/1.0/rights/": "xmpRights",
    "http://ns.adobe.com/exif/1.0/": "exif",
    "http://ns.adobe.com/tiff/1.0/": "tiff",
}
"""XMP namespaces by URI, named by their usual prefixes (a file may use any prefix)."""
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

IPTC = {
    "ObjectName": (2, 5), "Headline": (2, 105), "Caption-Abstract": (2, 120), "Credit": (2, 110),
    "CopyrightNotice": (2, 116), "By-line": (2, 80), "DateCreated": (2, 55), "Sub-location": (2, 92),
    "City": (2, 90), "Province-State": (2, 95), "Country-PrimaryLocationName": (2, 101),
}
CODED_CHARACTER_SET = (1, 90)
_ISO_2022 = {b"%G": "utf-8", b"-A": "iso8859-1", b"-B": "iso8859-2", b"-C": "iso8859-3", b"-D": "iso8859-4",
             b"-L": "iso8859-5", b"-G": "iso8859-6", b"-F": "iso8859-7", b"-H": "iso8859-8", b"-M": "iso8859-9",
             b"-V": "iso8859-10", b"-Y": "iso8859-13", b"-_": "iso8859-14", b"-b": "iso8859-15"}
"""CodedCharacterSet escape sequences (ISO 2022: the UTF-8 one, and the ISO 8859 parts as G1 sets)."""
DEFAULT_LEGACY = "cp1252"
"""IPTC text with no CodedCharacterSet that is not UTF-8: what Photoshop and exiftool assume."""

EXIF_IFD = 0x8769
EXIF_TAGS = {"ImageDescription": 0x010E, "Artist": 0x013B, "Copyright": 0x8298, "XPTitle": 0x9C9B,
             "XPComment": 0x9C9C}
DATE_TIME_ORIGINAL = 0x9003

CAMERA_PLACEHOLDERS = re.compile(r"^\s*(OLYMPUS DIGITAL CAMERA|SONY DSC|DIGITAL CAMERA|SAMSUNG|KODAK.*|"
                                 r"Default|Description|Image|default|<.*>|\?+)\s*$")
"""What cameras write into EXIF ImageDescription by themselves: never a caption."""

LangAlt = dict[str, str]
"""An XMP ``lang-alt``: text by its ``xml:lang`` (``x-default``, ``en-US``, ``az``)."""


@dataclass(frozen=True)
class Found:
    """One value a photo holds, and where it was found (e.g. ``XMP dc:title``)."""

    value: str | LangAlt
    source: str

    @property
    def languages(self) -> list[str]:
        return list(self.value) if isinstance(self.value, dict) else []


@dataclass
class PhotoMetadata:
    """What a photo says about itself; None where it says nothing."""

    title: Found | None = None
    caption: Found | None = None
    credit: Found | None = None
    creator: Found | None = None
    date: Found | None = None
    place: Found | None = None
    notes: list[str] = field(default_factory=list)
    """What the curator should know: an encoding guessed, metadata that could not be read."""

    @property
    def empty(self) -> bool:
        return not any((self.title, self.caption, self.credit, self.creator, self.date, self.place))


# --- XMP ------------------------------------------------------------------------------------


def _name(tag: str) -> str | None:
    """``{http://purl.org/dc/elements/1.1/}title`` -> ``dc:title`` (None: a namespace not read)."""
    if not tag.startswith("{"):
        return None
    uri, _, local = tag[1:].partition("}")
    prefix = NS.get(uri)
    return f"{prefix}:{local}" if prefix else None


def _value(element: Any) -> Any:
    """An XMP property's value: text, a lang-alt dict, a list (Seq, Bag) or a struct (dict)."""
    for container in element:
        if container.tag == f"{{{RDF}}}Alt":
            alt: LangAlt = {}
            for li in container:
                text = (li.text or "").strip()
                if text:
                    alt.setdefault(li.get(XML_LANG, "x-default"), text)
            return alt
        if container.tag in (f"{{{RDF}}}Seq", f"{{{RDF}}}Bag"):
            return [v for v in (_value(li) for li in container) if v]
        if container.tag == f"{{{RDF}}}Description":
            return _properties(container)
    if element.get(f"{{{RDF}}}parseType") == "Resource":
        return _properties(element)
    if len(element):
        return _properties(element)
    return (element.text or "").strip()


def _properties(description: Any) -> dict[str, Any]:
    """Every property of an ``rdf:Description``: as attributes (``photoshop:Credit="..."``, as
    exiv2 and Adobe write simple ones) or as elements."""
    found: dict[str, Any] = {}
    for key, text in description.attrib.items():
        name = _name(key)
        if name and text.strip():
            found[name] = text.strip()
    for child in description:
        name = _name(child.tag)
        if name:
            value = _value(child)
            if value:
                found[name] = value
    return found


def parse_xmp(packet: bytes | str) -> dict[str, Any]:
    """The properties of an XMP packet by ``prefix:Name``; {} when it is not XML."""
    from defusedxml import ElementTree  # XMP is XML from files of unknown origin: no entity bombs

    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    packet = packet.strip(b"\x00 \t\r\n")
    try:
        root = ElementTree.fromstring(packet)
    except Exception as exc:  # noqa: BLE001 - defusedxml raises ParseError or its own refusals
        log.debug("XMP not read: %s", exc)
        return {}
    found: dict[str, Any] = {}
    for description in root.iter(f"{{{RDF}}}Description"):
        for name, value in _properties(description).items():
            found.setdefault(name, value)
    return found


# --- IPTC -----------------------------------------------------------------------------------


def iptc_charset(record: dict[tuple[int, int], Any]) -> str | None:
    """The encoding the record's CodedCharacterSet names, or None when it names none."""
    coded = record.get(CODED_CHARACTER_SET)
    if isinstance(coded, list):
        coded = coded[0] if coded else None
    if not isinstance(coded, bytes):
        return None
    for escape, encoding in _ISO_2022.items():
        if b"\x1b" + escape in coded:
            return encoding
    return None


def decode_legacy(raw: bytes, declared: str | None, legacy: str) -> tuple[str, str | None]:
    """Bytes of a text field as text, and the encoding used when it was not UTF-8 or declared."""
    if declared:
        return raw.decode(declared, errors="replace"), None
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return raw.decode(legacy, errors="replace"), legacy


_ENCODING_NAMES = {"cp1252": "Windows-1252", "cp1250": "Windows-1250", "cp1251": "Windows-1251",
                   "cp1254": "Windows-1254", "latin-1": "ISO-8859-1", "mac-roman": "Mac OS Roman"}


def encoding_name(codec: str) -> str:
    """``iso8859-2`` -> ``ISO-8859-2``, ``cp1250`` -> ``Windows-1250``: as a curator's tools name them."""
    if codec.startswith("iso8859-"):
        return "ISO-8859-" + codec.split("-")[1]
    return _ENCODING_NAMES.get(codec, codec)


# --- reading a photo ------------------------------------------------------------------------


class _Reader:
    def __init__(self, xmp: dict[str, Any], iptc: dict[tuple[int, int], Any], exif: dict[int, Any],
                 legacy: str) -> None:
        self.xmp, self.iptc, self.exif, self.legacy = xmp, iptc, exif, legacy
        self.declared = iptc_charset(iptc)
        self.notes: list[str] = []

    def from_xmp(self, name: str) -> Found | None:
        value = self.xmp.get(name)
        if isinstance(value, list):  # a Seq or Bag: dc:creator, or a writer that put a title in one
            texts = [v for v in value if isinstance(v, str)]
            value = "; ".join(texts) if texts else None
        if isinstance(value, dict):
            value = {k: v for k, v in value.items() if isinstance(v, str) and v} if not any(
                ":" in k for k in value) else None  # a struct is not a text
        return Found(value, f"XMP {name}") if value else None

    def from_iptc(self, name: str) -> Found | None:
        raw = self.iptc.get(IPTC[name])
        if isinstance(raw, list):
            raw = b"; ".join(r for r in raw if isinstance(r, bytes))
        if not isinstance(raw, bytes) or not raw.strip(b"\x00 "):
            return None
        text, guessed = decode_legacy(raw.strip(b"\x00 "), self.declared, self.legacy)
        source = f"IPTC {name}"
        if self.declared and self.declared != "utf-8":
            source += f" ({encoding_name(self.declared)}, as its CodedCharacterSet says)"
        elif guessed:
            source += f" (no character set given; read as {encoding_name(guessed)})"
            note = (f"its IPTC text is not UTF-8 and names no character set; read as {encoding_name(guessed)} "
                    f"(--iptc-charset names another)")
            if note not in self.notes:
                self.notes.append(note)
        text = text.strip()
        return Found(text, source) if text else None

    def from_exif(self, name: str) -> Found | None:
        value = self.exif.get(EXIF_TAGS[name])
        if name.startswith("XP") and isinstance(value, (bytes, tuple)):
            value = bytes(value).decode("utf-16-le", errors="replace")
        elif isinstance(value, str):
            # Pillow reads EXIF text as Latin-1; cameras and exiftool write UTF-8
            raw = value.encode("latin-1", errors="replace")
            value, _ = decode_legacy(raw, None, self.legacy)
        if not isinstance(value, str):
            return None
        value = value.strip("\x00 \t\r\n")
        if not value or CAMERA_PLACEHOLDERS.match(value):
            return None
        return Found(value, f"EXIF {name}")

    def first(self, *candidates: tuple[str, str]) -> Found | None:
        for where, name in candidates:
            found = {"xmp": self.from_xmp, "iptc": self.from_iptc, "exif": self.from_exif}[where](name)
            if found is not None:
                return found
        return None

    def date(self) -> Found | None:
        for name in ("photoshop:DateCreated", "exif:DateTimeOriginal", "xmp:CreateDate"):
            value = self.xmp.get(name)
            shown = _iso_date(value) if isinstance(value, str) else None
            if shown:
                return Found(shown, f"XMP {name}")
        raw = self.iptc.get(IPTC["DateCreated"])
        if isinstance(raw, list):
            raw = raw[0] if raw else None
        if isinstance(raw, bytes):
            match = re.fullmatch(rb"\s*(\d{4})(\d{2})(\d{2})\s*", raw)
            if match and match[1] != b"0000":
                parts = [match[1].decode()] + [p.decode() for p in match.groups()[1:]]
                shown = "-".join(parts[: 1 + (parts[1] != "00") + (parts[1] != "00" and parts[2] != "00")])
                return Found(shown, "IPTC DateCreated")
        value = self.exif.get(DATE_TIME_ORIGINAL)
        shown = _iso_date(value.replace(":", "-", 2)) if isinstance(value, str) else None
        if shown:
            return Found(shown, "EXIF DateTimeOriginal")
        return None

    def place(self) -> Found | None:
        shown = self.xmp.get("Iptc4xmpExt:LocationShown")
        if isinstance(shown, list) and shown and isinstance(shown[0], dict):
            where = shown[0]
            name = where.get("Iptc4xmpExt:LocationName")
            parts = [where.get(f"Iptc4xmpExt:{k}") for k in ("Sublocation", "City", "ProvinceState", "CountryName")]
            if isinstance(name, dict):
                parts.insert(0, name.get("x-default") or next(iter(name.values()), None))
            place = _joined(parts)
            if place:
                return Found(place, "XMP Iptc4xmpExt:LocationShown")
        names = ("Iptc4xmpCore:Location", "photoshop:City", "photoshop:State", "photoshop:Country")
        parts = [self.xmp.get(n) if isinstance(self.xmp.get(n), str) else None for n in names]
        if any(parts):
            return Found(_joined(parts), "XMP " + ", ".join(n for n, p in zip(names, parts) if p))
        found = [self.from_iptc(n) for n in ("Sub-location", "City", "Province-State", "Country-PrimaryLocationName")]
        if any(found):
            return Found(_joined([f.value for f in found if f]),  # type: ignore[misc]
                         "IPTC " + ", ".join(f.source.removeprefix("IPTC ") for f in found if f))
        return None


def _iso_date(value: str) -> str | None:
    """``1991-05-12T10:00:00+04:00`` -> ``1991-05-12``; ``1991-05`` and ``1991`` as written."""
    match = re.match(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not match or match[1] == "0000":
        return None
    parts = [p for p in match.groups() if p and p != "00"]
    return "-".join(parts)


def _joined(parts: list[Any]) -> str:
    seen: list[str] = []
    for part in parts:
        if isinstance(part, str) and part.strip() and part.strip() not in seen:
            seen.append(part.strip())
    return ", ".join(seen)


def read_photo_metadata(path: Path, legacy: str = DEFAULT_LEGACY) -> PhotoMetadata:
    """Title, caption, credit, creator, date and place as ``path`` holds them.

    ``legacy`` decodes IPTC text that names no character set and is not UTF-8. Never raises
    for a file's content: a photo Pillow cannot open gets a note and nothing else.
    """
    found = PhotoMetadata()
    try:
        with Image.open(path) as image:
            packet = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
            xmp = parse_xmp(packet) if packet else {}
            try:
                iptc = IptcImagePlugin.getiptcinfo(image) or {}
            except (SyntaxError, ValueError, OSError, IndexError, TypeError):
                iptc = {}
                found.notes.append("its IPTC record is damaged and was not read")
            exif_data = image.getexif()
            exif: dict[int, Any] = dict(exif_data)
            try:
                exif.update(exif_data.get_ifd(EXIF_IFD))
            except (KeyError, ValueError, OSError, TypeError):
                pass
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        found.notes.append(f"it cannot be read as a photo ({exc})")
        return found
    reader = _Reader(xmp, iptc, exif, legacy)
    found.title = reader.first(("xmp", "dc:title"), ("iptc", "ObjectName"), ("xmp", "photoshop:Headline"),
                               ("iptc", "Headline"), ("exif", "XPTitle"))
    found.caption = reader.first(("xmp", "dc:description"), ("iptc", "Caption-Abstract"),
                                 ("exif", "ImageDescription"), ("exif", "XPComment"))
    found.creator = reader.first(("xmp", "dc:creator"), ("iptc", "By-line"), ("exif", "Artist"))
    found.credit = reader.first(("xmp", "photoshop:Credit"), ("iptc", "Credit"), ("xmp", "dc:rights"),
                                ("iptc", "CopyrightNotice"), ("exif", "Copyright"))
    found.date = reader.date()
    found.place = reader.place()
    found.notes += reader.notes
    return found
