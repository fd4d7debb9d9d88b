"""``kiosk import-books``: a curators' book list turned into a catalogue fragment.

It reads the exports curators already have, as the tools write them: a Goodreads library
export, a Calibre CSV catalogue, a Zotero CSV export, a LibraryThing CSV export (their
columns are recognised by name, see ``ALIASES`` and ``UNUSED``), or a spreadsheet of its
own with one row a book, columns named in the first row (any order, any case)::

    id, title, title_<lang>, authors, year, publisher, isbn, description,
    description_<lang>, languages, topics, cover, pages, pdf, pdf_pages, link

Lists (authors, languages, topics, pages, pdf_pages) are separated by ``;``; page
numbers may also be ranges (``1-3;7``). The file is a spreadsheet's CSV export: UTF-8
with or without a byte-order mark, or UTF-16 ("Unicode text"); separated by ``,``, by
``;`` (Excel in many locales) or by tabs, whichever makes sense of the header.

Every row is checked by the same ``Book`` model the exhibition loader uses, so the rules
cannot drift apart. A bad row is reported as ``FILE:ROW:COLUMN: message`` (the row as
the spreadsheet numbers it, the header being row 1; the column by its header name) and
left out; the good rows are still written. The output is a YAML file holding one
catalogue section, for the exhibition's ``include:`` list, written so that every value
reads back as the same text through the kiosk's YAML 1.2 reader (``001``, ``no`` and
``17:45`` stay text). No Kivy here.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import unicodedata
from html.parser import HTMLParser
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from ..common.files import write_atomic
from .errors import suggest, translate
from .models import Book, CatalogueSection, _default_id, _isbn
from .problems import ContentError, Positions, display_path
from .text import LANGUAGE_PATTERN, suggest_language
from .yaml12 import parse_yaml

PLAIN_COLUMNS = ("id", "year", "publisher", "isbn", "cover", "pdf", "pdf_pages", "link")
LIST_COLUMNS = ("authors", "languages", "topics", "pages")
TEXT_COLUMNS = ("title", "description")
"""Written plain (the same text in every language) or as ``title_en``, ``title_az``, ..."""
KNOWN_COLUMNS = ("id", "title", "authors", "year", "publisher", "isbn", "description", "languages", "topics",
                 "cover", "pages", "pdf", "pdf_pages", "link")
OUTPUT_ORDER = ("id", "title", "authors", "year", "publisher", "isbn", "description", "languages", "topics",
                "cover", "pages", "pdf", "link")
DELIMITERS = (",", ";", "\t")
LIST_SEPARATOR = ";"


class BooksCsvError(Exception):
    """The file as a whole cannot be imported (unreadable, no header, no title column)."""


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong in the spreadsheet, where the curator sees it."""

    file: str
    row: int
    """The row as the spreadsheet numbers it: the header is row 1."""
    column: str
    """The column's name as written in the header (or its letter when it has none)."""
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


@dataclass
class ImportResult:
    """The books that passed, every problem found, and how many rows there were."""

    file: str
    books: list[dict[str, Any]] = field(default_factory=list)
    """Each good row as the YAML will hold it."""
    problems: list[RowProblem] = field(default_factory=list)
    rows: int = 0
    """Rows that hold a book (blank rows are not counted)."""
    rejected: int = 0
    """Rows left out because of a problem."""
    left_out: int = 0
    """Columns (unknown, duplicate) and stray values left out while their rows were imported."""
    kept_with_warnings: int = 0
    """Books kept with a field left out (a destroyed ISBN, an unreadable year)."""
    missing_covers: list[str] = field(default_factory=list)
    """Covers named by absolute paths that do not exist."""

    @property
    def ok(self) -> bool:
        """True when every row was imported and nothing was ignored."""
        return not self.problems


# --- reading the file -------------------------------------------------------------------


def _decode(data: bytes, label: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")  # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # Excel's "CSV UTF-8" starts with a byte-order mark
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        raise BooksCsvError(f"{label}:{row}: the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                            f"save it from the spreadsheet as \"CSV UTF-8\"") from None


# --- the columns of the exports curators have -------------------------------------------

ALIASES: dict[str, str] = {
    # Goodreads library export
    "author": "authors", "additional authors": "authors", "isbn13": "isbn", "year published": "year",
    "original publication year": "year",
    # Calibre CSV catalogue
    "comments": "description", "tags": "topics", "pubdate": "year", "identifiers": "isbn",
    "language": "languages",
    # Zotero CSV export
    "publication year": "year", "abstract note": "description", "url": "link", "manual tags": "topics",
    # LibraryThing export
    "primary author": "authors", "secondary author": "authors", "publication": "publisher", "isbns": "isbn",
    "subjects": "topics",
    # words a curator's own spreadsheet may use
    "creator": "authors", "date": "year", "abstract": "description", "keywords": "topics", "web address": "link",
    "date published": "year", "publication date": "year",
}
"""Column names (lower case, spaces for _ and -) of the tools' exports, and the field each fills."""

UNUSED: frozenset[str] = frozenset({
    # Goodreads
    "book id", "author l-f", "my rating", "average rating", "binding", "number of pages", "date read",
    "date added", "bookshelves", "bookshelves with positions", "exclusive shelf", "my review", "spoiler",
    "private notes", "read count", "owned copies", "recommended for", "recommended by",
    # Calibre
    "author sort", "title sort", "formats", "library name", "rating", "series", "series index", "size",
    "timestamp", "uuid",
    # Zotero
    "key", "item type", "publication title", "issn", "doi", "date modified", "access date", "pages",
    "num pages", "issue", "volume", "number of volumes", "journal abbreviation", "short title", "series number",
    "series text", "series title", "place", "rights", "type", "archive", "loc. in archive", "library catalog",
    "call number", "extra", "notes", "file attachments", "link attachments", "automatic tags", "editor",
    "series editor", "translator", "contributor", "attorney agent", "book author", "cast member", "commenter",
    "composer", "cosponsor", "counsel", "interviewer", "producer", "recipient", "reviewed author",
    "scriptwriter", "words by", "guest", "number", "edition", "running time", "scale", "medium", "artwork size",
    "filing date", "application number", "court", "meeting name", "conference name", "session",
    "legislative body", "history", "reporter", "programming language", "version", "system", "code",
    "code number", "section", "references", "priority numbers", "issue date", "legal status", "assignee",
    "issuing authority", "country", "committee",
    # LibraryThing
    "sort character", "primary author role", "secondary author roles", "review", "comment", "private comment",
    "summary", "media", "physical description", "weight", "height", "thickness", "length", "dimensions",
    "page count", "lccn", "acquired", "date started", "barcode", "bcid", "collections", "original languages",
    "lc classification", "dewey decimal", "dewey wording", "other call number", "copies", "source",
    "entry date", "from where", "oclc", "work id", "lending patron", "lending status", "lending start",
    "lending end",
})
"""Columns of those exports that a catalogue has no use for: left out without a word."""

TOOL_IDS = frozenset({"uuid", "book id", "key"})
"""A header with one of these is a tool's export, whose ``id`` column (Calibre's 1, 2, 3) is
its database's number, not a name for playlists: ids are made from the titles instead."""

MULTI = ("authors", "topics", "isbn", "year", "publisher", "description", "link", "languages")
"""Fields that several columns may fill: lists are joined, single values come from the first
column that has a usable one (Goodreads' ISBN before ISBN13)."""


def _normal(name: str) -> str:
    return re.sub(r"[\s_-]+", " ", name.strip().lower())


ALIASES = {_normal(name): target for name, target in ALIASES.items()}
UNUSED = frozenset(_normal(name) for name in UNUSED)
TOOL_IDS = frozenset(_normal(name) for name in TOOL_IDS)


_IGNORE = ("", None)


def _column_key(name: str, mapping: dict[str, str] | None = None) -> tuple[str, str | None] | None:
    """(field, language or None) for a header cell; ``_IGNORE`` for a column a catalogue does not
    use; None when it names nothing known."""
    if mapping and name.strip() in mapping:
        target = mapping[name.strip()]
        return _column_key(target) or (target, None)
    cleaned = re.sub(r"\s+", "_", name.strip())
    lowered = cleaned.lower()
    normal = _normal(name)
    if lowered in KNOWN_COLUMNS:
        return lowered, None
    if normal in ALIASES:
        return ALIASES[normal], None
    if normal in UNUSED:
        return _IGNORE
    for text in TEXT_COLUMNS:
        if lowered.startswith(text + "_"):
            # "Title EN" means en; a region keeps its case: pt-BR in the header is pt-BR.
            language, dash, region = cleaned[len(text) + 1:].partition("-")
            return text, language.lower() + dash + region
    return None


def _sniff_delimiter(text: str, mapping: dict[str, str] | None = None) -> str:
    """The separator that splits the header into the most known column names.

    ``csv.Sniffer`` guesses from character counts and is fooled by a header of few
    columns; the header's names are known, so they decide.
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_known = ",", -1
    for delimiter in DELIMITERS:
        cells = next(csv.reader([first], delimiter=delimiter), [])
        known = sum(1 for cell in cells if _column_key(cell, mapping) not in (None, _IGNORE))
        if known > best_known:
            best, best_known = delimiter, known
    return best


def _column_letter(index: int) -> str:
    """A, B, ..., Z, AA, ...: how the spreadsheet names a column without a header."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class _Column:
    index: int
    name: str
    """As written in the header."""
    field: str
    language: str | None


def _read_header(cells: list[str], label: str, row: int, problems: list[RowProblem],
                 mapping: dict[str, str] | None = None) -> list[_Column]:
    columns: list[_Column] = []
    seen: dict[str, str] = {}
    taken: dict[tuple[str, str | None], str] = {}
    known_names = list(KNOWN_COLUMNS) + [f"{t}_{lang}" for t in TEXT_COLUMNS for lang in ("en", "az", "ar", "ru")]
    tool_export = any(_normal(c) in TOOL_IDS for c in cells)
    for index, raw in enumerate(cells):
        name = raw.strip()
        if not name:
            continue  # a blank header cell: its values are reported row by row, if any
        key = _column_key(name, mapping)
        if key == _IGNORE or (tool_export and key == ("id", None) and not (mapping and name in mapping)):
            continue
        if key is None:
            problems.append(RowProblem(label, row, name, f"unknown column{suggest(name.lower(), known_names)}; "
                                                          f"its values are left out"))
            continue
        field_name, language = key
        if language is not None and not re.fullmatch(LANGUAGE_PATTERN, language):
            meant = suggest_language(language)
            if meant is None:
                problems.append(RowProblem(label, row, name, f"'{language}' is not a language code like az, en, "
                                                              f"ar or ru; the column is left out"))
                continue
            language = meant  # title_english, Title AZE: the code the exhibition uses
        normal = _normal(name)
        if normal in seen or ((field_name, language) in taken and field_name not in MULTI):
            first = seen.get(normal) or taken[(field_name, language)]
            problems.append(RowProblem(label, row, name, f"the column {first} is already there; "
                                                          f"this second one is left out"))
            continue
        seen[normal] = name
        taken.setdefault((field_name, language), name)
        columns.append(_Column(index, name, field_name, language))
    return columns


# --- one row ----------------------------------------------------------------------------


def _split(value: str, separators: str = LIST_SEPARATOR) -> list[str]:
    return [part.strip() for part in re.split(f"[{re.escape(separators)}]", value) if part.strip()]


def _page_numbers(value: str) -> list[int] | None:
    """``1;2;5`` or ``1-3;7`` (commas allowed too) as numbers; None when it is not that."""
    numbers: list[int] = []
    for part in re.split(r"[;,]", value):
        part = part.strip()
        if not part:
            continue
        match = re.fullmatch(r"(\d+)\s*-\s*(\d+)", part)
        if match:
            first, last = int(match[1]), int(match[2])
            if last < first or last - first > 1000:
                return None
            numbers.extend(range(first, last + 1))
        elif part.isdigit():
            numbers.append(int(part))
        else:
            return None
    return numbers


_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")
_EXCEL_TEXT = re.compile(r'^="(.*)"$', re.S)


def _cell(text: str) -> str:
    """A cell as meant: Excel's ``="0439023483"`` (a number kept as text) unwrapped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    match = _EXCEL_TEXT.match(text)
    return match.group(1).strip() if match else text


def isbn_problem(value: str) -> str | None:
    """Why ``value`` is not an ISBN, in the words ``kiosk validate`` uses; None when it is one."""
    try:
        _isbn(value)
    except PydanticCustomError as exc:
        return str(exc)
    return None


def _isbn_candidates(column: str, text: str) -> list[str]:
    if _normal(column) == "identifiers":  # Calibre: isbn:9780439023481,goodreads:2767052
        return re.findall(r"isbn:([0-9Xx-]+)", text)
    return [c for c in re.split(r"[\s,;|\[\]]+", text) if c]


def _person(name: str) -> str:
    """``Collins, Suzanne`` (Zotero, LibraryThing) as printed: ``Suzanne Collins``."""
    last, comma, first = name.partition(",")
    if comma and first.strip() and "," not in first and len(last.split()) <= 3:
        return f"{first.strip()} {last.strip()}"
    return name.strip()


def _people(column: str, text: str) -> list[str]:
    if " & " in text:  # Calibre
        parts = text.split(" & ")
    elif "|" in text:  # LibraryThing's secondary authors
        parts = text.split("|")
    elif ";" in text:  # Zotero, the kiosk's own lists
        parts = text.split(";")
    elif _normal(column) == "additional authors":  # Goodreads: "First Last, First Last"
        parts = text.split(",")
    else:
        parts = [text]
    return [_person(p) for p in parts if p.strip()]


class _TextOnly(HTMLParser):
    """Calibre's comments are HTML: the text, with paragraphs and line breaks kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("p", "div", "br", "li", "h1", "h2", "h3", "h4"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "div", "li", "h1", "h2", "h3", "h4"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(text: str) -> str:
    """Text without HTML tags or entities; paragraphs separated by one blank line."""
    if not re.search(r"<[a-zA-Z/][^>]*>|&[a-z#0-9]+;", text):
        return text
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    joined = "".join(parser.parts)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", joined)]
    return "\n\n".join(p for p in paragraphs if p)


_YEAR = re.compile(r"(?<!\d)(1[0-9]{3}|20[0-9]{2}|2100)(?!\d)")
_TRANSLIT = str.maketrans({
    "ə": "e", "ı": "i", "ß": "ss", "ø": "o", "æ": "ae", "đ": "d", "ł": "l", "ð": "d", "þ": "th",
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
})


def id_from_title(title: str) -> str:
    """A playlist name made from a title: ``The Hunger Games`` -> ``the-hunger-games``;
    Azerbaijani and Russian letters are spelt in Latin ones; empty when none is left (Arabic)."""
    folded = unicodedata.normalize("NFKD", title.lower().translate(_TRANSLIT))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    return slug[:48].rstrip("-")


_LEFT_OUT = "; left out, the book is kept"


class _Row:
    """One spreadsheet row turned into a book's data, with the column of each field."""

    def __init__(self, cells: list[str], columns: list[_Column], label: str, row: int) -> None:
        self.label = label
        self.row = row
        self.columns = columns
        self.problems: list[RowProblem] = []
        """What keeps the row out."""
        self.warnings: list[RowProblem] = []
        """What was left out of a book that is kept."""
        self.values: dict[tuple[str, str | None], list[tuple[str, str]]] = {}
        """(field, language) -> [(column name, cell text)], for the non-empty cells, in header order."""
        for column in columns:
            if column.index < len(cells):
                text = _cell(cells[column.index])
                if text:
                    self.values.setdefault((column.field, column.language), []).append((column.name, text))

    def problem(self, column: str, message: str) -> None:
        self.problems.append(RowProblem(self.label, self.row, column, message))

    def warn(self, column: str, message: str) -> None:
        self.warnings.append(RowProblem(self.label, self.row, column, message + _LEFT_OUT))

    def said(self, kept: bool) -> list[RowProblem]:
        """Everything said about the row, in one list; a rejected row's fields are not "kept"."""
        if kept:
            return self.warnings
        return self.problems + [RowProblem(p.file, p.row, p.column, p.message.removesuffix(_LEFT_OUT))
                                for p in self.warnings]

    def get(self, name: str) -> tuple[str, str] | None:
        found = self.values.get((name, None))
        return found[0] if found else None

    def all(self, name: str) -> list[tuple[str, str]]:
        return self.values.get((name, None), [])

    def column_of(self, name: str, language: str | None = None) -> str:
        """The header name to report a problem of field ``name`` at."""
        found = self.values.get((name, language))
        if not found and language is None:
            found = next((v for (f, _), v in self.values.items() if f == name), None)
        if found:
            return found[0][0]
        # An empty cell: the column's header, the first one for this field if several.
        header = next((c.name for c in self.columns if c.field == name and c.language == language), None)
        if header is None and language is None:
            header = next((c.name for c in self.columns if c.field == name), None)
        return header or name

    def texts(self, name: str) -> str | dict[str, str] | None:
        by_language = {lang: found[0][1] for (f, lang), found in self.values.items() if f == name and lang}
        plain = self.get(name)
        if by_language:
            return by_language
        return plain[1] if plain else None

    def data(self) -> dict[str, Any]:
        """The book's data as the exhibition YAML would hold it (before validation)."""
        book: dict[str, Any] = {}
        for name in ("id", "cover"):
            if (found := self.get(name)) is not None:
                book[name] = found[1]
        if (found := self.get("link")) is not None:
            book["link"] = found[1]
        if (found := self.get("publisher")) is not None:
            column, text = found
            # LibraryThing: "Scholastic Press (2008), Edition: 1st, 374 p."
            book["publisher"] = re.split(r"\s*\(\d{4}\)|,\s*Edition:", text)[0].strip() \
                if _normal(column) == "publication" else text
        for name in TEXT_COLUMNS:
            if (text := self.texts(name)) is not None:
                book[name] = text
        if isinstance(book.get("title"), str):
            # Goodreads names the series in the title: "The Hunger Games (The Hunger Games, #1)"
            book["title"] = re.sub(r"\s*\([^()]*#\d+(?:\.\d+)?\)$", "", book["title"]) or book["title"]
        if "description" in book:
            desc = book["description"]
            book["description"] = {k: plain_text(v) for k, v in desc.items()} if isinstance(desc, dict) \
                else plain_text(desc)
        authors = [person for column, text in self.all("authors") for person in _people(column, text)]
        if authors:
            book["authors"] = list(dict.fromkeys(authors))
        topics = [t for _, text in self.all("topics") for t in _split(text, ";,")]
        if topics:
            book["topics"] = list(dict.fromkeys(topics))
        if (found := self.get("pages")) is not None and _split(found[1]):
            book["pages"] = _split(found[1])
        self._languages(book)
        self._year(book)
        self._isbn(book)
        pdf, pages = self.get("pdf"), self.get("pdf_pages")
        if pages is not None:
            numbers = _page_numbers(pages[1])
            if numbers is None:
                self.warn(pages[0], f"expected page numbers like 1;2;5 or 1-3, found '{pages[1]}'")
            elif pdf is None:
                self.warn(pages[0], "page numbers without a PDF; fill the pdf column too")
            elif numbers:
                book["pdf"] = {"file": pdf[1], "pages": numbers}
        if pdf is not None and "pdf" not in book:
            book["pdf"] = pdf[1]
        return {key: book[key] for key in OUTPUT_ORDER if key in book}

    def _languages(self, book: dict[str, Any]) -> None:
        codes: list[str] = []
        for column, text in self.all("languages"):
            for written in _split(text, ";,"):
                code = written if re.fullmatch(LANGUAGE_PATTERN, written) and len(written) == 2 \
                    else suggest_language(written)
                if code is None:
                    self.warn(column, f"'{written}' is not a language this kiosk knows a code for")
                elif code not in codes:
                    codes.append(code)
        if codes:
            book["languages"] = codes

    def _year(self, book: dict[str, Any]) -> None:
        for column, text in self.all("year"):
            if re.fullmatch(r"\d{1,4}(\.0+)?", text):  # a number cell may come out as 2009.0
                book["year"] = int(float(text))
                return
            if re.match(r"\d{4}-\d{2}(-\d{2})?([T ]|$)", text):  # a date: 2008-09-14T04:00:00+00:00
                book["year"] = int(text[:4])
                return
        for column, text in self.all("year"):
            years = _YEAR.findall(text)
            if len(years) == 1:
                book["year"] = int(years[0])
                self.warnings.append(RowProblem(self.label, self.row, column,
                                                f"read the year {years[0]} from '{text}'; check it"))
                return
        if self.all("year"):
            column, text = self.all("year")[0]
            self.warn(column, f"expected a year like 2009, found '{text}'")

    def _isbn(self, book: dict[str, Any]) -> None:
        cells = self.all("isbn")
        for column, text in cells:
            for candidate in _isbn_candidates(column, text):
                if isbn_problem(candidate) is None:
                    book["isbn"] = candidate
                    return
        for column, text in cells:
            if _SCIENTIFIC.match(text.replace(" ", "")):
                self.warn(column, f"the spreadsheet turned the ISBN into the number {text}; format the "
                                  f"column as text and type the ISBN again")
                return
        if cells:
            column, text = cells[0]
            candidates = _isbn_candidates(column, text)
            self.warn(column, isbn_problem(candidates[0]) if len(candidates) == 1
                      else f"no valid ISBN among '{text}'")

    def column_for(self, loc: tuple[str | int, ...]) -> str:
        """The header name of the column a validation problem at ``loc`` comes from."""
        if not loc:
            return self.column_of("title")
        head = str(loc[0])
        if head in TEXT_COLUMNS:
            language = loc[1] if len(loc) > 1 and isinstance(loc[1], str) else None
            return self.column_of(head, language)
        if head == "pdf":
            return self.column_of("pdf_pages" if "pages" in loc else "pdf")
        return self.column_of(head)


def read_books_csv(path: Path, label: str | None = None, mapping: dict[str, str] | None = None,
                   media: Path | None = None) -> ImportResult:
    """Read and check every row of the spreadsheet export at ``path``.

    ``mapping`` names the column for a field where the header's own names are not known
    (``{"Writer": "authors"}``); ``media`` is the media folder that covers given as absolute
    paths (Calibre's) are copied into. Raises ``BooksCsvError`` when the file as a whole
    cannot be used; row problems are collected in the result, never raised.
    """
    label = label or display_path(Path(path))
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise BooksCsvError(f"{label}: cannot read the file: {exc.strerror or exc}") from None
    text = _decode(raw, label)
    return parse_books_csv(text, label, mapping, media)


def parse_mapping(text: str) -> dict[str, str]:
    """``--map title=Title,authors=Writer`` as {column: field}; raises ``ValueError``."""
    mapping: dict[str, str] = {}
    for part in (p for p in text.split(",") if p.strip()):
        target, sep, column = part.partition("=")
        target = target.strip()
        if not sep or not column.strip():
            raise ValueError(f"expected FIELD=COLUMN like title=Title, found '{part.strip()}'")
        key = _column_key(target)
        if key in (None, _IGNORE):
            raise ValueError(f"'{target}' is not a field of a book{suggest(target, list(KNOWN_COLUMNS))}; "
                             f"fields are {', '.join(KNOWN_COLUMNS)}")
        mapping[column.strip()] = target
    return mapping


def parse_books_csv(text: str, label: str, mapping: dict[str, str] | None = None,
                    media: Path | None = None) -> ImportResult:
    """``read_books_csv`` on text already read."""
    result = ImportResult(label)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text, mapping)))
    except csv.Error as exc:
        raise BooksCsvError(f"{label}: not a readable CSV file ({exc})") from None
    numbered = [(i, [c.strip() for c in cells]) for i, cells in enumerate(records, start=1)]
    numbered = [(row, cells) for row, cells in numbered if any(cells)]
    if not numbered:
        raise BooksCsvError(f"{label}: the file is empty; expected a first row naming the columns "
                            f"({', '.join(KNOWN_COLUMNS)})")
    header_row, header = numbered[0]
    columns = _read_header(header, label, header_row, result.problems, mapping)
    result.left_out = len(result.problems)
    if not columns:
        raise BooksCsvError(f"{label}:{header_row}: no known column names in the first row; expected names "
                            f"like id, title_en, authors, year, isbn, cover ({', '.join(KNOWN_COLUMNS)}), "
                            f"or say which column is which: --map title=Title,authors=Writer")
    if not any(c.field == "title" for c in columns):
        raise BooksCsvError(f"{label}:{header_row}: no title column; every book needs a title: add title_en "
                            f"(or title_<language> for each language, or title for one text in all), "
                            f"or name it: --map title=COLUMN")
    named = {c.index for c in columns} | {i for i, name in enumerate(header) if name.strip()}
    ids: dict[str, int] = {}
    covers = _Covers(media)
    for row, cells in numbered[1:]:
        result.rows += 1
        book, problems = _import_row(cells, columns, label, row, ids, covers)
        for index, cell in enumerate(cells):
            if cell and index not in named:
                result.problems.append(RowProblem(label, row, _column_letter(index),
                                                  "a value in a column with no name in the header; it is left out"))
                result.left_out += 1
        result.problems += problems
        if book is not None:
            result.books.append(book)
            result.kept_with_warnings += bool(problems)
        else:
            result.rejected += 1
    result.missing_covers = covers.missing
    return result


class _Covers:
    """Covers given as absolute paths (Calibre's cover column) copied into the media folder."""

    def __init__(self, media: Path | None) -> None:
        self.media = media
        self.missing: list[str] = []

    @staticmethod
    def is_outside(value: str) -> bool:
        return value.startswith(("/", "~", "file:")) or bool(re.match(r"^[A-Za-z]:[\\/]", value))

    def place(self, line: _Row, book_id: str, value: str) -> str | None:
        """The media path of the copied cover, or None (with a warning) when there is none."""
        column = line.column_of("cover")
        if self.media is None:
            line.warn(column, f"the cover '{value}' is outside the media folder; give --media DIR to copy the "
                              f"covers into it")
            return None
        source = Path(value[len("file://"):] if value.startswith("file://") else value).expanduser()
        if not source.is_file():
            self.missing.append(value)
            line.warn(column, f"the cover file '{value}' does not exist")
            return None
        relative = f"books/{book_id}-cover{source.suffix.lower() or '.jpg'}"
        target = self.media / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        return relative


_REQUIRED = ("title", "id")


def _import_row(cells: list[str], columns: list[_Column], label: str, row: int, ids: dict[str, int],
                covers: _Covers | None = None) -> tuple[dict[str, Any] | None, list[RowProblem]]:
    """The book of one row (or None when it cannot be kept) and what was said about it.

    Only a missing title or a wrong or taken id keeps a book out; any other field that is
    wrong is left out with a warning naming it, and the book is kept.
    """
    line = _Row(cells, columns, label, row)
    data = line.data()
    if "title" not in data:
        line.problem(line.column_of("title"), "every book needs a title; this row has none")
    explicit_id = "id" in data
    if not explicit_id:
        title = data.get("title")
        text = title if isinstance(title, str) else \
            (title.get("en") or next(iter(title.values()), "")) if isinstance(title, dict) else ""
        made = id_from_title(text) or (_default_id({"cover": data["cover"]}, "cover").get("id", "")
                                       if isinstance(data.get("cover"), str) else "") or f"book-{row}"
        unique, n = made, 2
        while unique in ids:
            unique, n = f"{made}-{n}", n + 1
        data = {"id": unique, **data}
    cover = data.get("cover")
    if covers is not None and isinstance(cover, str) and covers.is_outside(cover):
        placed = covers.place(line, str(data["id"]), cover)
        if placed:
            data["cover"] = placed
        else:
            del data["cover"]
    checked = dict(data)
    if "title" not in checked:
        checked["title"] = "-"  # a stand-in, so the model checks the rest in the same pass
    for _ in range(len(OUTPUT_ORDER)):
        try:
            book = Book.model_validate(checked)
            break
        except ValidationError as exc:
            found = translate(exc, checked, Positions(), label)
        hard = [p for p in found if str(p.loc[:1][0] if p.loc else "title") in _REQUIRED]
        for problem in hard:
            line.problem(line.column_for(problem.loc), problem.message)
        if hard:
            return None, line.said(kept=False)
        for problem in found:
            line.warn(line.column_for(problem.loc), problem.message)
            checked.pop(str(problem.loc[0]), None)
            data.pop(str(problem.loc[0]), None)
    else:
        return None, line.said(kept=False)
    if line.problems:
        return None, line.said(kept=False)
    if book.id in ids:
        line.problem(line.column_of("id"),
                     f"another book (row {ids[book.id]}) is already called '{book.id}'; give this one its own id")
        return None, line.said(kept=False)
    ids[book.id] = row
    return {key: data[key] for key in OUTPUT_ORDER if key in data}, line.said(kept=True)


# --- writing the fragment ---------------------------------------------------------------


class _KioskDumper(yaml.SafeDumper):
    """PyYAML's writer, quoting every text the kiosk's YAML 1.2 reader would read otherwise.

    PyYAML quotes by YAML 1.1 rules (``no``, ``17:45``, ``001``); the kiosk reads YAML 1.2,
    where ``1e3`` or ``0o17`` are numbers too. Each plain text that could be read as
    anything else is asked of the kiosk's own reader, and quoted if it does not come back.
    """

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Items of a list indented under their key, as the exhibition files are written.
        return super().increase_indent(flow, False)


_MAY_NOT_BE_TEXT = set("~nNtTfF-+.0123456789")
"""First characters of every YAML 1.2 core-schema null, boolean, integer and float."""


def _reads_back(value: str) -> bool:
    if value[:1] not in _MAY_NOT_BE_TEXT:
        return True
    try:
        data, _ = parse_yaml(value, "-")
    except ContentError:
        return True  # not a scalar on its own; PyYAML's own rules quote what needs it
    return data == value


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        # Several lines (a description with paragraphs) read best as a block.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    style = None if _reads_back(value) else "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    # [az, en] on one line, as curators write short lists; lists of maps stay as blocks.
    flow = all(isinstance(item, (str, int, float)) and not (isinstance(item, str) and "\n" in item)
               for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_KioskDumper.add_representer(str, _represent_str)
_KioskDumper.add_representer(list, _represent_list)


def dump_yaml(data: Any) -> str:
    """``data`` as YAML that reads back equal through ``kiosk.content.yaml12``.

    Raises ``RuntimeError`` if it would not (a bug, never the curator's doing).
    """
    text = yaml.dump(data, Dumper=_KioskDumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100, indent=2)
    back, _ = parse_yaml(text, "-")
    if back != data:
        raise RuntimeError("the YAML written does not read back as the same data")
    return text


def catalogue_fragment(books: Sequence[dict[str, Any]], section_id: str = "books",
                       title: str | dict[str, str] | None = None) -> dict[str, Any]:
    """The data of an includable file: one catalogue section holding ``books``.

    Raises ``ValueError`` when the section would not be valid (no books, a bad id).
    """
    section = {"id": section_id, "kind": "catalogue", "title": title or {"en": "Books"}, "books": list(books)}
    return validated_fragment(CatalogueSection, section)


def validated_fragment(model: Any, section: dict[str, Any]) -> dict[str, Any]:
    """``section`` checked against its section ``model``, as an includable file's data;
    ``ValueError`` says in a curator's words what would not be valid."""
    try:
        model.model_validate(section)
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, p.loc)) or 'section'}: {p.message}"
                            for p in translate(exc, section, Positions(), "-"))
        raise ValueError(reasons) from None
    return {"sections": [section]}


def fragment_text(fragment: dict[str, Any], source_name: str, out_name: str, command: str = "import-books") -> str:
    """The fragment as the file's text, with a comment on where it came from."""
    note = (f"# Made by 'kiosk {command} {source_name}': change the spreadsheet and import it again\n"
            f"# rather than editing here. Add this file to the exhibition's list of includes:\n"
            f"#   include: [{out_name}]\n")
    return note + dump_yaml(fragment)


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``path`` so that a power cut leaves the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"))


def summary(result: ImportResult, out: str | None, imported: int | None = None,
            nouns: tuple[str, str] = ("book", "books")) -> str:
    """The closing line: how many books (or ``nouns``) went where, and how many rows did not."""
    def noun(n: int) -> str:
        return nouns[0] if n == 1 else nouns[1]

    count = len(result.books) if imported is None else imported
    line = f"{result.file}: imported {count} of {result.rows} {noun(result.rows)}"
    if out:
        line += f" into {out}"
    if result.rejected:
        line += f"; {result.rejected} row{'s' * (result.rejected != 1)} rejected"
    if result.kept_with_warnings:
        n = result.kept_with_warnings
        line += f"; {n} {noun(n)} kept with a field left out"
    if result.left_out:
        line += f"; {result.left_out} column{'s' * (result.left_out != 1)} or value{'s' * (result.left_out != 1)} left out"
    if result.ok:
        line += "; every row imported"
    return line



def existing_section_ids(source: Path, skip: Path | None = None) -> set[str]:
    """The section ids of the exhibition file ``source`` and its includes, leaving out the
    file ``skip`` (the fragment being written again, whose own section is no clash)."""
    source = Path(source)
    ids: set[str] = set()
    files = [source]
    skipped = skip.resolve() if skip is not None else None
    while files:
        path = files.pop(0)
        if skipped is not None and path.resolve() == skipped or not path.is_file():
            continue
        try:
            data, _ = parse_yaml(path.read_text(encoding="utf-8"), str(path))
        except (ContentError, OSError, UnicodeDecodeError):
            continue
        if not isinstance(data, dict):
            continue
        for section in data.get("sections") or []:
            if isinstance(section, dict) and isinstance(section.get("id"), str):
                ids.add(section["id"])
        if path == source:
            files += [source.parent / name for name in data.get("include") or [] if isinstance(name, str)]
    return ids


def free_section_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3`` ... when the exhibition already has it."""
    candidate, n = wanted, 2
    while candidate in taken:
        candidate, n = f"{wanted}-{n}", n + 1
    return candidate
