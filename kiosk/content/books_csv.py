"""``kiosk import-books``: a curators' spreadsheet of books turned into a catalogue fragment.

One row a book, columns named in the first row (any order, any case)::

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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .atomic import write_atomic
from .errors import suggest, translate
from .models import Book, CatalogueSection
from .problems import ContentError, Positions, display_path
from .text import LANGUAGE_PATTERN
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


def _column_key(name: str) -> tuple[str, str | None] | None:
    """(field, language or None) for a header cell, or None when it names no known column."""
    cleaned = re.sub(r"\s+", "_", name.strip())
    lowered = cleaned.lower()
    if lowered in KNOWN_COLUMNS:
        return lowered, None
    for text in TEXT_COLUMNS:
        if lowered.startswith(text + "_"):
            # "Title EN" means en; a region keeps its case: pt-BR in the header is pt-BR.
            language, dash, region = cleaned[len(text) + 1:].partition("-")
            return text, language.lower() + dash + region
    return None


def _sniff_delimiter(text: str) -> str:
    """The separator that splits the header into the most known column names.

    ``csv.Sniffer`` guesses from character counts and is fooled by a header of few
    columns; the header's names are known, so they decide.
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_known = ",", -1
    for delimiter in DELIMITERS:
        cells = next(csv.reader([first], delimiter=delimiter), [])
        known = sum(1 for cell in cells if _column_key(cell) is not None)
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


def _read_header(cells: list[str], label: str, row: int, problems: list[RowProblem]) -> list[_Column]:
    columns: list[_Column] = []
    seen: dict[tuple[str, str | None], str] = {}
    known_names = list(KNOWN_COLUMNS) + [f"{t}_{lang}" for t in TEXT_COLUMNS for lang in ("en", "az", "ar", "ru")]
    for index, raw in enumerate(cells):
        name = raw.strip()
        if not name:
            continue  # a blank header cell: its values are reported row by row, if any
        key = _column_key(name)
        if key is None:
            problems.append(RowProblem(label, row, name, f"unknown column{suggest(name.lower(), known_names)}; "
                                                          f"its values are left out"))
            continue
        field_name, language = key
        if language is not None and not re.fullmatch(LANGUAGE_PATTERN, language):
            problems.append(RowProblem(label, row, name, f"'{language}' is not a language code like az, en, ar "
                                                          f"or ru; the column is left out"))
            continue
        if key in seen:
            problems.append(RowProblem(label, row, name, f"the column {seen[key]} is already there; "
                                                          f"this second one is left out"))
            continue
        seen[key] = name
        columns.append(_Column(index, name, field_name, language))
    return columns


# --- one row ----------------------------------------------------------------------------


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


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


class _Row:
    """One spreadsheet row turned into a book's data, with the column of each field."""

    def __init__(self, cells: list[str], columns: list[_Column], label: str, row: int) -> None:
        self.label = label
        self.row = row
        self.columns = columns
        self.problems: list[RowProblem] = []
        self.values: dict[tuple[str, str | None], tuple[str, str]] = {}
        """(field, language) -> (column name, cell text), for the non-empty cells."""
        for column in columns:
            if column.index < len(cells):
                text = cells[column.index].replace("\r\n", "\n").replace("\r", "\n").strip()
                if text:
                    self.values[(column.field, column.language)] = (column.name, text)

    def problem(self, column: str, message: str) -> None:
        self.problems.append(RowProblem(self.label, self.row, column, message))

    def get(self, name: str) -> tuple[str, str] | None:
        return self.values.get((name, None))

    def column_of(self, name: str, language: str | None = None) -> str:
        """The header name to report a problem of field ``name`` at."""
        found = self.values.get((name, language))
        if found is None and language is None:
            found = next((v for (f, _), v in self.values.items() if f == name), None)
        if found is not None:
            return found[0]
        # An empty cell: the column's header, the first one for this field if several.
        header = next((c.name for c in self.columns if c.field == name and c.language == language), None)
        if header is None and language is None:
            header = next((c.name for c in self.columns if c.field == name), None)
        return header or name

    def texts(self, name: str) -> str | dict[str, str] | None:
        by_language = {lang: text for (f, lang), (_, text) in self.values.items() if f == name and lang}
        if by_language:
            return by_language
        plain = self.get(name)
        return plain[1] if plain else None

    def data(self) -> dict[str, Any]:
        """The book's data as the exhibition YAML would hold it (before validation)."""
        book: dict[str, Any] = {}
        for name in ("id", "publisher", "cover", "link"):
            if (found := self.get(name)) is not None:
                book[name] = found[1]
        for name in TEXT_COLUMNS:
            if (text := self.texts(name)) is not None:
                book[name] = text
        for name in LIST_COLUMNS:
            if (found := self.get(name)) is not None and _split(found[1]):
                book[name] = _split(found[1])
        if (found := self.get("year")) is not None:
            year = found[1]
            # A spreadsheet may export a number cell as 2009.0.
            book["year"] = int(float(year)) if re.fullmatch(r"\d{1,4}(\.0+)?", year) else year
        if (found := self.get("isbn")) is not None:
            column, isbn = found
            if _SCIENTIFIC.match(isbn):
                self.problem(column, f"the spreadsheet turned the ISBN into the number {isbn}; format the "
                                     f"column as text and type the ISBN again")
            else:
                book["isbn"] = isbn
        pdf, pages = self.get("pdf"), self.get("pdf_pages")
        if pages is not None:
            numbers = _page_numbers(pages[1])
            if numbers is None:
                self.problem(pages[0], f"expected page numbers like 1;2;5 or 1-3, found '{pages[1]}'")
            elif pdf is None:
                self.problem(pages[0], "page numbers without a PDF; fill the pdf column too")
            elif numbers:
                book["pdf"] = {"file": pdf[1], "pages": numbers}
        if pdf is not None and "pdf" not in book:
            book["pdf"] = pdf[1]
        return {key: book[key] for key in OUTPUT_ORDER if key in book}

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


def read_books_csv(path: Path, label: str | None = None) -> ImportResult:
    """Read and check every row of the spreadsheet export at ``path``.

    Raises ``BooksCsvError`` when the file as a whole cannot be used; row problems are
    collected in the result, never raised.
    """
    label = label or display_path(Path(path))
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise BooksCsvError(f"{label}: cannot read the file: {exc.strerror or exc}") from None
    text = _decode(raw, label)
    return parse_books_csv(text, label)


def parse_books_csv(text: str, label: str) -> ImportResult:
    """``read_books_csv`` on text already read."""
    result = ImportResult(label)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text)))
    except csv.Error as exc:
        raise BooksCsvError(f"{label}: not a readable CSV file ({exc})") from None
    numbered = [(i, [c.strip() for c in cells]) for i, cells in enumerate(records, start=1)]
    numbered = [(row, cells) for row, cells in numbered if any(cells)]
    if not numbered:
        raise BooksCsvError(f"{label}: the file is empty; expected a first row naming the columns "
                            f"({', '.join(KNOWN_COLUMNS)})")
    header_row, header = numbered[0]
    columns = _read_header(header, label, header_row, result.problems)
    result.left_out = len(result.problems)
    if not columns:
        raise BooksCsvError(f"{label}:{header_row}: no known column names in the first row; expected names "
                            f"like id, title_en, authors, year, isbn, cover ({', '.join(KNOWN_COLUMNS)})")
    if not any(c.field == "title" for c in columns):
        raise BooksCsvError(f"{label}:{header_row}: no title column; every book needs a title: add title_en "
                            f"(or title_<language> for each language, or title for one text in all)")
    named = {c.index for c in columns} | {i for i, name in enumerate(header) if name.strip()}
    ids: dict[str, int] = {}
    for row, cells in numbered[1:]:
        result.rows += 1
        book = _import_row(cells, columns, label, row, ids)
        for index, cell in enumerate(cells):
            if cell and index not in named:
                result.problems.append(RowProblem(label, row, _column_letter(index),
                                                  "a value in a column with no name in the header; it is left out"))
                result.left_out += 1
        if isinstance(book, dict):
            result.books.append(book)
        else:
            result.problems += book
            result.rejected += 1
    return result


def _import_row(cells: list[str], columns: list[_Column], label: str, row: int,
                ids: dict[str, int]) -> dict[str, Any] | list[RowProblem]:
    """The book of one row, or the problems that keep it out."""
    line = _Row(cells, columns, label, row)
    data = line.data()  # without the values it already found wrong
    checked = dict(data)
    # Every problem of the row in one pass: stand-ins let the model check the rest.
    if "title" not in data:
        line.problem(line.column_of("title"), "every book needs a title; this row has none")
        checked["title"] = "-"
    if "id" not in data and "cover" not in data:
        line.problem(line.column_of("id"),
                     "every book needs an id (a short name like letters-home), or a cover to take it from")
        checked["id"] = "book"
    try:
        book = Book.model_validate(checked)
    except ValidationError as exc:
        for problem in translate(exc, checked, Positions(), label):
            line.problem(line.column_for(problem.loc), problem.message)
        return line.problems
    if line.problems:
        return line.problems
    if book.id in ids:
        line.problem(line.column_of("id") if "id" in data else line.column_of("cover"),
                     f"another book (row {ids[book.id]}) is already called '{book.id}'; give this one its own id")
        return line.problems
    ids[book.id] = row
    # The id is written even when it came from the cover, so it stays put if the cover is renamed.
    return {"id": book.id, **data}


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
    try:
        CatalogueSection.model_validate(section)
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, p.loc)) or 'section'}: {p.message}"
                            for p in translate(exc, section, Positions(), "-"))
        raise ValueError(reasons) from None
    return {"sections": [section]}


def fragment_text(fragment: dict[str, Any], source_name: str, out_name: str) -> str:
    """The fragment as the file's text, with a comment on where it came from."""
    note = (f"# Made by 'kiosk import-books {source_name}': change the spreadsheet and import it again\n"
            f"# rather than editing here. Add this file to the exhibition's list of includes:\n"
            f"#   include: [{out_name}]\n")
    return note + dump_yaml(fragment)


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``path`` so that a power cut leaves the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"))


def summary(result: ImportResult, out: str | None) -> str:
    """The closing line: how many books went where, and how many rows did not."""
    books = len(result.books)
    line = f"{result.file}: imported {books} of {result.rows} book{'s' * (result.rows != 1)}"
    if out:
        line += f" into {out}"
    if result.rejected:
        line += f"; {result.rejected} row{'s' * (result.rejected != 1)} rejected"
    if result.left_out:
        line += f"; {result.left_out} column{'s' * (result.left_out != 1)} or value{'s' * (result.left_out != 1)} left out"
    if result.ok:
        line += "; every row imported"
    return line

