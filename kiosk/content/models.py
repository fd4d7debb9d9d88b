"""The exhibition as data: immutable, validated models that the screens receive.

Every field's docstring is what the curator reads in their editor (through the JSON
Schema, ``kiosk schema``). No Kivy here: a test proves it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Annotated, Any, ClassVar, Literal, Union, get_args

from pydantic import (
    AfterValidator,
    BeforeValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .dates import Day, DayOrMoment, Moment
from .durations import Duration, format_clock, parse_duration
from .media_root import media_path_problem
from .opening import Opening
from .text import LANGUAGE_PATTERN, Text

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]
"""A short name made of lower-case letters, digits, - and _: ``photos``, ``001``."""

LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]


def _media_path(value: str) -> str:
    """Syntactic checks only (one rule, in ``media_root``); existence and symlinks are
    checked against the media root."""
    problem = media_path_problem(value)
    if problem is not None:
        # the message goes in as a value: a path may hold braces
        raise PydanticCustomError("media_path", "{problem}", {"problem": problem})
    return value


MediaPath = Annotated[str, AfterValidator(_media_path)]
"""A file inside the media folder, written with / : ``photos/001.jpg``."""


def _isbn(value: str) -> str:
    digits = value.replace("-", "").replace(" ", "").upper()
    if re.fullmatch(r"\d{13}", digits):
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
        if (10 - total % 10) % 10 != int(digits[12]):
            raise PydanticCustomError("isbn", "the ISBN '{isbn}' has a wrong check digit", {"isbn": value})
    elif re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
        if total % 11:
            raise PydanticCustomError("isbn", "the ISBN '{isbn}' has a wrong check digit", {"isbn": value})
    else:
        raise PydanticCustomError(
            "isbn", "expected an ISBN of 10 or 13 digits, found '{isbn}'", {"isbn": value}
        )
    return value


Isbn = Annotated[str, AfterValidator(_isbn)]


class Model(BaseModel):
    """Frozen, strict about unknown keys: a typo is an error, not a silent default."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", use_attribute_docstrings=True, populate_by_name=True
    )


def _default_id(data: Any, *keys: str) -> Any:
    """Fill ``id`` from the file name of the item's main media when the curator left it out."""
    if isinstance(data, dict) and "id" not in data:
        for key in keys:
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                stem = PurePosixPath(value).stem.lower()
                slug = re.sub(r"[^a-z0-9_-]+", "-", stem).strip("-")
                if slug:
                    return {**data, "id": slug}
    return data


# --- section kinds ----------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """What a kind of section is, declared once beside its model (``KIND`` on the class).

    Everything else about a kind is derived from this: the checks and playlists (``items``,
    ``noun``), the curator's words, what ``prepare`` makes (the model's ``images()``), the
    attract loop, the home tile and the screen that shows it. Adding a kind is its models
    here, with their ``KIND``, in ``SECTION_MODELS``, and one screen in ``kiosk/ui/screens``.
    """

    items: str
    """The YAML key of its items, e.g. panels."""
    noun: str
    """One item in a curator's words, e.g. panel."""
    screen: str
    """The name of the screen that shows a section of this kind (``kiosk/ui/screens``)."""
    icon: str
    """The icon of its tile on the home screen (``kiosk/ui/theme.py`` ICONS)."""
    count: str
    """The kiosk's string that counts its items on the home tile (``kiosk/ui/strings.yaml``)."""
    attract: Literal["photo", "clip", "cover", "names", "book"]
    """How the attract loop shows one of its items: its photo, an excerpt of its clip, its
    cover, (names) the whole register passing as one step, or (book) one page of a book of
    remembrance, slowly."""


class Item(Model):
    """One item of a section: a panel, a clip, a book, a person."""

    ID_FROM: ClassVar[str | None] = None
    """The key whose file name is the item's id when the curator writes none."""

    @model_validator(mode="before")
    @classmethod
    def _fill_id(cls, data: Any) -> Any:
        return _default_id(data, cls.ID_FROM) if cls.ID_FROM else data


_KIND_DOC = "gallery, clips, catalogue, names or book-of-remembrance."


class SectionBase(Model):
    """What every kind of section has: its id, title and the line under it."""

    KIND: ClassVar[Kind]

    kind: str = Field(description=_KIND_DOC)
    id: Id
    """The section's name in playlists, e.g. photos or film."""
    title: Text
    """The section's title on the home screen."""
    description: Text | None = None
    """A line under the title on the home screen."""

    @property
    def items(self) -> list[Any]:
        """Its panels, clips, books or people, in the order visitors see them."""
        return getattr(self, self.KIND.items)

    def tile_image(self) -> str | None:
        """The picture on its home tile as the curator gave it (its `cover`, else its first item's)."""
        return getattr(self, "cover", None)

    def images(self) -> Iterator[str]:
        """Every image it shows, in the order a visitor meets them (what `prepare` makes ready)."""
        cover = getattr(self, "cover", None)
        if cover:
            yield cover


# --- settings ---------------------------------------------------------------------------


class IdleSettings(Model):
    timeout: Duration = 90.0
    """How long without a touch before the kiosk asks "still there?", e.g. 90s."""
    warning: Duration = 15.0
    """How long the "still there?" countdown lasts before the attract loop returns, e.g. 15s."""


class TechnicianSettings(Model):
    language: LanguageCode = "en"
    """The language of the maintenance screen the technician sees after the PIN, e.g. en or
    az; it need not be one of the visitors' languages. Default: English."""
    display_power: Literal["auto", "cec", "dpms", "blank"] = "auto"
    """How the screen is put to sleep outside the opening hours: auto tries HDMI-CEC, then
    the X server's DPMS, then a black screen (kiosk doctor says which works on this box)."""


class AttractSettings(Model):
    playlist: Id
    """The playlist that the attract loop shows when nobody is touching the screen."""
    slide: Duration = 8.0
    """How long each photo stays on screen in the attract loop, e.g. 8s."""


_DAYS_PATTERN = r"^ *([1-9]\d*) *(d|w|y)? *$"


def _days(value: object) -> float:
    match = re.match(_DAYS_PATTERN, str(value)) if not isinstance(value, bool) else None
    if match is None:
        raise PydanticCustomError("days", "expected a number of days like 400d, 52w or 1y", {"value": value})
    return float(int(match[1]) * {"d": 1, "w": 7, "y": 365}[match[2] or "d"])


Days = Annotated[float, BeforeValidator(_days), WithJsonSchema(
    {"type": ["integer", "string"], "minimum": 1, "pattern": _DAYS_PATTERN, "examples": ["400d", "52w", "1y"],
     "errorMessage": "Write a number of days like 400d, 52w (weeks) or 1y (365 days)."})]


class Analytics(Model):
    keep: Days = 400.0
    """How long the kiosk keeps what visitors did (anonymous: no names, no pictures, no typed
    text), e.g. 400d, 52w or 1y; older visits are removed. Read it with `kiosk report`."""


# --- sections ---------------------------------------------------------------------------


class Panel(Item):
    """One panel of the photo exhibition: a photo with its texts."""

    ID_FROM = "image"

    id: Id
    """The panel's name in playlists (photos/001). Defaults to the image's file name."""
    image: MediaPath
    """The photo, relative to the media folder, e.g. photos/001.jpg."""
    title: Text
    """The panel's title."""
    caption: Text | None = None
    """A sentence or two about the photo."""
    credit: Text | None = None
    """Who made or holds the photo, e.g. "National Archive"."""
    date: str | None = None
    """When the photo was taken, as it should be shown ("1991", "spring 1988")."""
    note: Text | None = None
    """A content note shown before the photo, for sensitive material; the visitor may skip it."""


class GallerySection(SectionBase):
    """A photo exhibition: panels that visitors swipe through."""

    KIND = Kind(items="panels", noun="panel", screen="gallery", icon="photos", count="panels_count",
                attract="photo")

    kind: Literal["gallery"] = Field(description=_KIND_DOC)
    cover: MediaPath | None = None
    """The image on the section's tile; defaults to the first panel's photo."""
    panels: list[Panel] = Field(min_length=1)
    """The panels, in the order visitors see them."""

    def tile_image(self) -> str | None:
        return self.cover or self.panels[0].image

    def images(self) -> Iterator[str]:
        yield from super().images()
        for panel in self.panels:
            yield panel.image


class Clip(Item):
    """A documentary clip."""

    ID_FROM = "video"

    id: Id
    """The clip's name in playlists (film/memorial). Defaults to the video's file name."""
    video: MediaPath
    """The video file, H.264 in an .mp4 file is best, e.g. film/memorial.mp4."""
    title: Text
    """The clip's title."""
    description: Text | None = None
    """A sentence or two about the clip."""
    credit: Text | None = None
    """Who made the clip."""
    subtitles: dict[LanguageCode, MediaPath] = Field(default_factory=dict)
    """Subtitle files per language, SRT or WebVTT, e.g. {en: film/memorial.en.vtt}."""
    poster: MediaPath | None = None
    """A still image shown before the clip plays; taken from the video when left out."""
    duration: Duration | None = None
    """The clip's length; measured from the file when left out."""


class ClipsSection(SectionBase):
    """Documentary clips that visitors can watch with subtitles."""

    KIND = Kind(items="clips", noun="clip", screen="clips", icon="film", count="clips_count", attract="clip")

    kind: Literal["clips"] = Field(description=_KIND_DOC)
    cover: MediaPath | None = None
    """The image on the section's tile; defaults to the first clip's poster."""
    clips: list[Clip] = Field(min_length=1)
    """The clips, in the order visitors see them."""

    def tile_image(self) -> str | None:
        return self.cover or self.clips[0].poster

    def images(self) -> Iterator[str]:
        # a clip without a poster gets a frame of its own (kiosk/media/posters.py)
        yield from super().images()
        for clip in self.clips:
            if clip.poster:
                yield clip.poster


class PdfPages(Model):
    file: MediaPath
    """The PDF file, e.g. books/letters-home.pdf."""
    pages: list[Annotated[int, Field(ge=1)]] = Field(default_factory=lambda: [1, 2, 3], min_length=1)
    """Which pages to show as samples, counted from 1, e.g. [1, 2, 5]."""


class Book(Item):
    """A book or other material on the exhibition's table."""

    ID_FROM = "cover"

    id: Id
    """The book's name in playlists. Defaults to the cover's file name."""
    title: Text
    """The book's title."""
    authors: list[str] = Field(default_factory=list)
    """The authors or editors, as printed."""
    year: Annotated[int, Field(ge=1000, le=2100)] | None = None
    """The year of publication."""
    publisher: str | None = None
    """The publisher."""
    isbn: Isbn | None = None
    """The ISBN, 10 or 13 digits, hyphens allowed."""
    description: Text | None = None
    """A few sentences about the book."""
    languages: list[LanguageCode] = Field(default_factory=list)
    """The languages the book is written in, e.g. [az, en]."""
    topics: list[str] = Field(default_factory=list)
    """Topics visitors can filter by, e.g. [history, music]."""
    cover: MediaPath | None = None
    """The cover image, e.g. books/x-cover.jpg."""
    pages: list[MediaPath] = Field(default_factory=list)
    """Scans of sample pages, e.g. [books/x-p1.jpg, books/x-p2.jpg]."""
    pdf: MediaPath | PdfPages | None = None
    """Sample pages taken from a PDF instead of scans: books/x.pdf, or {file: books/x.pdf, pages: [1, 4]}."""
    link: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    """A web address shown as a QR code so visitors can take it home, e.g. https://..."""

    @property
    def pdf_pages(self) -> PdfPages | None:
        """The PDF and the page numbers to show, whichever way the curator wrote them."""
        if isinstance(self.pdf, str):
            return PdfPages(file=self.pdf)
        return self.pdf


class CatalogueSection(SectionBase):
    """A catalogue of books and materials."""

    KIND = Kind(items="books", noun="book", screen="catalogue", icon="book", count="books_count",
                attract="cover")

    kind: Literal["catalogue"] = Field(description=_KIND_DOC)
    cover: MediaPath | None = None
    """The image on the section's tile; defaults to the first book's cover."""
    books: list[Book] = Field(min_length=1)
    """The books, in the order visitors see them."""

    def tile_image(self) -> str | None:
        return self.cover or self.books[0].cover

    def images(self) -> Iterator[str]:
        # a book's PDF pages become image files first (kiosk/media/prepare.py)
        yield from super().images()
        for book in self.books:
            if book.cover:
                yield book.cover
            yield from book.pages


# --- the names kind: a register of people (kiosk/content/names_csv.py reads its
# spreadsheet, kiosk/content/names_index.py searches it, kiosk/ui/screens/names.py shows it)


class Person(Item):
    """One person in a register of names."""

    id: Id | None = None
    """A short name for this entry, if playlists or links need one; usually left out."""
    name: Text
    """The person's name in each script the register has, e.g.
    {az: Məmmədov Əli, ru: Мамедов Али, en: Mammadov Ali, ar: علي محمدوف}."""
    born: Annotated[str, StringConstraints(max_length=40)] | None = None
    """When the person was born, as it should be shown: a year (1961) or a date (1961-05-03)."""
    died: Annotated[str, StringConstraints(max_length=40)] | None = None
    """When the person died or went missing, as it should be shown: 1992 or 1992-02-26."""
    age: Annotated[int, Field(ge=0, le=130)] | None = None
    """The person's age at death, when the dates do not give it."""
    place: Text | None = None
    """Where the person lived or was from, e.g. {az: Xocalı, en: Khojaly}."""
    text: Text | None = None
    """A few sentences about the person."""
    photo: MediaPath | None = None
    """A portrait, relative to the media folder, e.g. names/mammadov-ali.jpg."""
    group: Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)] | None = None
    """The family or group the person belongs to (an id from the section's `groups`, e.g.
    mammadov-family); members of a group are linked from each other's page."""
    note: Text | None = None
    """A content note shown before the person's page, for sensitive material."""


class NamesSection(SectionBase):
    """A register of names: visitors find one person among thousands, in any script."""

    KIND = Kind(items="people", noun="person", screen="names", icon="search", count="names_count",
                attract="names")

    kind: Literal["names"] = Field(description=_KIND_DOC)
    cover: MediaPath | None = None
    """The image on the section's tile."""
    people: list[Person] = Field(default_factory=list)
    """The people, written here (a few hundred at most); a large register goes in `spreadsheet`."""
    spreadsheet: MediaPath | None = None
    """A spreadsheet (CSV) of people in the media folder, one row a person, e.g.
    names/register.csv; columns as `kiosk import-names` reads them. Read in the background."""
    groups: dict[Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)], Text] = \
        Field(default_factory=dict)
    """The names of families and groups, e.g. mammadov-family: {en: The Mammadov family}."""

    @model_validator(mode="after")
    def _someone(self) -> "NamesSection":
        if not self.people and self.spreadsheet is None:
            raise PydanticCustomError("names", "a register needs `people:` or a `spreadsheet:` of people")
        return self

    def tile_image(self) -> str | None:
        # a register's tile: its cover, else a portrait, else the plain ground with its icon
        return self.cover or next((p.photo for p in self.people if p.photo), None)

    def images(self) -> Iterator[str]:
        yield from super().images()
        for person in self.people:
            if person.photo:
                yield person.photo


# --- the book of remembrance: visitors leave a message (kiosk/analytics/book.py keeps them,
# kiosk/ui/screens/remembrance.py is where they are written and read)

BOOK_FIELDS = ("name", "place", "signature")


class BookPage(Item):
    """A page the organisers write at the front of the book, e.g. the host's own words."""

    id: Id
    """The page's name, e.g. dedication."""
    text: Text
    """What the page says, in every language it is written in."""
    signed: Text | None = None
    """Who wrote it, as it should be printed, e.g. {en: The Ambassador}."""


class RemembranceBookSection(SectionBase):
    """A book of remembrance: visitors write a few lines and sign; nothing is shown to the next
    visitor until the curator or technician approves it (kiosk book approve)."""

    KIND = Kind(items="pages", noun="page", screen="remembrance", icon="edit", count="book_pages_count",
                attract="book")

    kind: Literal["book-of-remembrance"] = Field(description=_KIND_DOC)
    cover: MediaPath | None = None
    """The image on the section's tile."""
    prompt: Text
    """The invitation above the page the visitor writes on, in every language, e.g.
    {en: "Leave a few words in memory of those we remember today"}."""
    fields: list[Literal["name", "place", "signature"]] = Field(default_factory=lambda: ["name", "place"])
    """What a visitor may add under the message, each optional for them: name, place (where they
    come from), signature (drawn with a finger). Default: [name, place]."""
    max_length: Annotated[int, Field(ge=20, le=2000)] = 600
    """The longest message a visitor can write, in letters, e.g. 600."""
    show_approved: bool = True
    """Whether approved messages are shown on the kiosk (to read in the book, and as a page of
    the book in the attract loop). false: they are kept for the printed book only."""
    keep: Days = 730.0
    """How long messages are kept on the kiosk, e.g. 730d, 104w or 2y; older ones are removed
    (export the book first: kiosk book export)."""
    pages: list[BookPage] = Field(default_factory=list)
    """Pages the organisers write at the front of the book (a dedication), shown before the
    visitors' messages. Usually left out."""

    @model_validator(mode="after")
    def _unique_fields(self) -> "RemembranceBookSection":
        if len(set(self.fields)) != len(self.fields):
            raise PydanticCustomError("fields", "each of name, place and signature may be named once in `fields`")
        return self


SECTION_MODELS = (GallerySection, ClipsSection, CatalogueSection, NamesSection, RemembranceBookSection)
"""Every kind of section; the YAML's ``kind:`` picks one."""

KINDS: dict[str, Kind] = {get_args(m.model_fields["kind"].annotation)[0]: m.KIND for m in SECTION_MODELS}
"""Each kind's declaration by its name in the YAML (gallery, clips, catalogue, names, book-of-remembrance)."""

ITEM_MODELS: dict[str, type[Item]] = {
    name: get_args(m.model_fields[m.KIND.items].annotation)[0] for name, m in zip(KINDS, SECTION_MODELS)}
"""Each kind's item model by the kind's name."""

Section = Annotated[Union[SECTION_MODELS], Field(discriminator="kind")]  # type: ignore[valid-type]


# --- playlists and schedule -----------------------------------------------------------

_ENTRY = re.compile(
    r"^(?P<section>[a-z0-9][a-z0-9_-]*)(?:/(?P<item>[a-z0-9][a-z0-9_-]*))?"
    r"(?:@(?P<start>[0-9:.hms]+)-(?P<end>[0-9:.hms]+))?$"
)
ENTRY_PATTERN = _ENTRY.pattern


class PlaylistEntry(Model):
    """One step of a playlist: a section, a panel or clip, or a clip excerpt."""

    section: str
    item: str | None = None
    start: float | None = None
    end: float | None = None

    @property
    def ref(self) -> str:
        return f"{self.section}/{self.item}" if self.item else self.section

    def __str__(self) -> str:
        if self.start is None or self.end is None:
            return self.ref
        return f"{self.ref}@{format_clock(self.start)}-{format_clock(self.end)}"


def _parse_entry(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    match = _ENTRY.match(value.strip())
    if not match:
        raise PydanticCustomError(
            "playlist_entry",
            "expected section, section/item or section/clip@00:01:10-00:01:40, found '{value}'",
            {"value": value},
        )
    start = end = None
    if match.group("start"):
        if not match.group("item"):
            raise PydanticCustomError(
                "playlist_entry", "an excerpt needs a clip: section/clip@start-end, found '{value}'", {"value": value}
            )
        try:
            start, end = parse_duration(match.group("start")), parse_duration(match.group("end"))
        except ValueError as exc:
            raise PydanticCustomError("playlist_entry", str(exc)) from None
        if end <= start:
            raise PydanticCustomError(
                "playlist_entry", "the excerpt must end after it starts, found '{value}'", {"value": value}
            )
    return {"section": match.group("section"), "item": match.group("item"), "start": start, "end": end}


PlaylistItem = Annotated[
    PlaylistEntry,
    BeforeValidator(_parse_entry),
    WithJsonSchema({"type": "string", "pattern": ENTRY_PATTERN,
                    "description": "section, section/item, or section/clip@00:01:10-00:01:40"}),
]

Playlist = Annotated[list[PlaylistItem], Field(min_length=1)]

_TIME_WINDOW = re.compile(r"^(?P<a>\d{1,2}:\d{2})\s*-\s*(?P<b>\d{1,2}:\d{2})$")


class TimeWindow(Model):
    """When something applies: a day, a span of days or moments, and daily hours within them."""

    on: Day | None = None
    """A single day, e.g. 2027-02-26."""
    start: DayOrMoment | None = Field(default=None, alias="from")
    """The first day (or moment, 2027-02-26 18:00) of the window."""
    until: DayOrMoment | None = None
    """The last day (or moment) of the window; a day counts whole."""
    hours: Annotated[str, StringConstraints(pattern=_TIME_WINDOW.pattern)] | None = None
    """Daily hours within those days, e.g. "18:00-21:30"; may cross midnight ("22:00-02:00")."""

    @model_validator(mode="after")
    def _check_window(self) -> "TimeWindow":
        if self.on is not None and (self.start is not None or self.until is not None):
            raise PydanticCustomError("schedule", "use either 'on' or 'from'/'until', not both")
        if self.on is None and self.start is None and self.until is None and self.hours is None:
            raise PydanticCustomError("schedule", "say when: 'on', 'from'/'until' or 'hours'")
        if self.hours:
            match = _TIME_WINDOW.match(self.hours)
            assert match
            for part in (match.group("a"), match.group("b")):
                h, m = (int(x) for x in part.split(":"))
                if h > 23 or m > 59:
                    raise PydanticCustomError("schedule", "'{time}' is not a time of day", {"time": part})
        if self.start is not None and self.until is not None and _as_start(self.until) < _as_start(self.start):
            raise PydanticCustomError("schedule", "'until' is before 'from'")
        return self

    @property
    def daily_hours(self) -> tuple[dt.time, dt.time] | None:
        """The daily window as two times, or None for all day."""
        if not self.hours:
            return None
        match = _TIME_WINDOW.match(self.hours)
        assert match
        return tuple(dt.time(*map(int, match.group(g).split(":"))) for g in "ab")  # type: ignore[return-value]


class ScheduleEntry(TimeWindow):
    """A playlist that replaces the attract playlist on a date or within a window."""

    playlist: Id
    """The playlist to show, e.g. anniversary."""
    priority: int = 0
    """When windows overlap, the higher priority wins; then the later entry."""


class QuietHours(TimeWindow):
    """Hours when the venue is closed or quiet: the attract loop dims or shows one still image.

    A visitor's touch still opens the kiosk."""

    image: MediaPath | None = None
    """A still image to show instead of the attract loop, e.g. attract/welcome.jpg."""
    brightness: Annotated[float, Field(ge=0.0, le=1.0)] = 0.25
    """How bright the dimmed screen is, from 0 (black) to 1, e.g. 0.25."""


class Silence(Model):
    """A planned minute of silence: a still, silent screen with a short text; touches wait."""

    at: Moment
    """When it begins, e.g. 2027-02-26 17:00."""
    duration: Duration = 60.0
    """How long it lasts, e.g. 1m."""
    text: Text | None = None
    """The words on the screen, e.g. {en: "A minute of silence", az: "Bir dəqiqəlik sükut"}."""
    image: MediaPath | None = None
    """A still image behind the text."""

    def active(self, now: dt.datetime) -> bool:
        return self.at <= now < self.at + dt.timedelta(seconds=self.duration)

    def seconds_left(self, now: dt.datetime) -> float:
        return max(0.0, (self.at + dt.timedelta(seconds=self.duration) - now).total_seconds())


def _as_start(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time.min)


# --- the exhibition ---------------------------------------------------------------------


class Exhibition(Model):
    """A whole exhibition: what the kiosk shows and when."""

    title: Text
    """The exhibition's title, shown on the home screen and in the attract loop."""
    subtitle: Text | None = None
    """A line under the title, e.g. the venue and dates."""
    intro: Text | None = None
    """A few sentences on the home screen: what is commemorated, the dates, a dedication."""
    emblem: MediaPath | None = None
    """The exhibition's emblem or symbol (a PNG with a transparent ground is best), shown in
    the top bar, on the home screen and during a minute of silence, e.g. emblem.png."""
    languages: list[LanguageCode] = Field(min_length=1)
    """The languages visitors can choose, e.g. [az, en, ar, ru]. The first is the default."""
    fallback: list[LanguageCode] = Field(default_factory=list)
    """Where a text or subtitle is missing in the visitor's language, the languages to show
    instead, in order, e.g. [en, ru]. Default: the order of `languages`."""
    topics: dict[str, Text] = Field(default_factory=dict)
    """The names of the books' topics in every language, e.g.
    history: {en: history, az: tarix, ar: تاريخ, ru: история}."""
    media_root: str = "media"
    """The folder holding photos, clips and scans, relative to this file."""
    include: list[str] = Field(default_factory=list)
    """Other YAML files whose sections, playlists and schedule are added to this one."""
    idle: IdleSettings = IdleSettings()
    """When the kiosk gives up on an absent visitor."""
    attract: Id | AttractSettings | None = None
    """The playlist shown when nobody touches the screen, e.g. highlights."""
    technician: TechnicianSettings = TechnicianSettings()
    """Settings for the technician who maintains the kiosk, e.g. technician: {language: az}."""
    sections: list[Section] = Field(min_length=1)
    """The parts of the exhibition, each a gallery, clips, catalogue, names or book-of-remembrance."""
    playlists: dict[Id, Playlist] = Field(default_factory=dict)
    """Named lists of what to show, e.g. highlights: [photos/001, film/memorial@00:10-00:20]."""
    schedule: list[ScheduleEntry] = Field(default_factory=list)
    """Days and hours when another playlist replaces the attract playlist."""
    quiet: list[QuietHours] = Field(default_factory=list)
    """Quiet hours, e.g. [{hours: "22:00-08:00"}]: the attract loop dims or shows a still image."""
    silence: list[Silence] = Field(default_factory=list)
    """Planned minutes of silence: a still screen with a text; touches wait until it ends."""
    opening: Opening | None = None
    """When the venue is open, e.g. {mon-fri: "09:00-18:00", sat: "10:00-14:00", closed: [2027-01-01]}:
    outside these hours the screen sleeps (the display is switched off) and wakes at opening.
    Days not named are closed. Without it the screen never sleeps."""
    analytics: Annotated[Union[Annotated[Literal["off"], Tag("off")], Annotated[Analytics, Tag("settings")]],
                         Discriminator(lambda v: "off" if isinstance(v, str) else "settings")] = Analytics()
    """What visitors did, kept on the kiosk for `kiosk report`: which panels, clips, books and
    languages, how long (anonymous, nothing leaves the kiosk). analytics: off records nothing;
    analytics: {keep: 400d} sets how long visits are kept."""

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def attract_settings(self) -> AttractSettings | None:
        if self.attract is None:
            return None
        if isinstance(self.attract, str):
            return AttractSettings(playlist=self.attract)
        return self.attract

    def section(self, section_id: str) -> GallerySection | ClipsSection | CatalogueSection | NamesSection | \
            RemembranceBookSection | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def fallback_order(self, language: str) -> list[str]:
        """The languages to try for a visitor reading ``language``: theirs, then the
        exhibition's `fallback`, then its `languages`."""
        return list(dict.fromkeys([language, *self.fallback, *self.languages]))

    def text(self, text: Text | None, language: str) -> str:
        """The text in the visitor's language with this exhibition's fallback."""
        return text.get(language, self.fallback_order(language)) if text is not None else ""

    def topic(self, tag: str, language: str) -> str:
        """A book topic's name for a visitor: its `topics` entry, else the tag as written."""
        name = self.topics.get(tag)
        return self.text(name, language) if name is not None else tag
