"""``kiosk import-names``: a register of names kept in a spreadsheet, turned into a names section.

The same shape as ``kiosk import-books`` (``books_csv``), whose file reading it shares: a
spreadsheet's CSV export in UTF-8 (with or without a byte-order mark) or UTF-16 ("Unicode
text"), separated by ``,``, ``;`` or tabs (whichever makes sense of the header), one row a
person, columns named in the first row (any order, any case)::

    id, name, name_<lang>, surname_<lang>, given_<lang>, patronymic_<lang>, born, died, age,
    place, place_<lang>, text, text_<lang>, photo, group, group_<lang>, note, note_<lang>

``name_az``, ``name_ru`` ... hold the person's name as each script writes it; a register
that splits names in columns (``surname_az``, ``given_az``, ``patronymic_az``) is joined
into one name per language, surname first, as registers list them. ``group`` names the
family or group ("The Mammadov family"): members of one group are linked from each
other's page; its id is made from the first group text.

Every row is checked by the same ``Person`` model the exhibition loader uses. A row
without a name is reported as ``FILE:ROW:COLUMN: message`` and left out; any other field
that is wrong is left out with a warning, and the person is kept. The kiosk reads a
section's ``spreadsheet:`` with the same reader, in the background. No Kivy here.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .books_csv import fragment_text as books_fragment_text
from .books_csv import summary as books_summary
from .books_csv import validated_fragment
from .books_csv import (BooksCsvError, RowProblem, _cell, _column_letter, _decode, _normal,
                        id_from_title)
from .errors import suggest, translate
from .models import NamesSection, Person
from .problems import Positions, display_path
from .text import LANGUAGE_PATTERN, suggest_language

DELIMITERS = (",", ";", "\t")
PLAIN_COLUMNS = ("id", "born", "died", "age", "photo")
TEXT_COLUMNS = ("name", "place", "text", "note", "group", "surname", "given", "patronymic")
"""Written plain (one text for every language) or per language: ``name_az``, ``place_en``."""
KNOWN_COLUMNS = PLAIN_COLUMNS + TEXT_COLUMNS
OUTPUT_ORDER = ("id", "name", "born", "died", "age", "place", "text", "photo", "group", "note")
INLINE_LIMIT = 2000
"""More people than this go in a spreadsheet beside the media (``spreadsheet:``), not in YAML."""

ALIASES = {_normal(k): v for k, v in {
    "full name": "name", "person": "name", "fio": "name", "ad soyad": "name",
    "last name": "surname", "family name": "surname", "soyad": "surname", "familiya": "surname",
    "first name": "given", "given name": "given", "forename": "given", "ad": "given", "imya": "given",
    "middle name": "patronymic", "father's name": "patronymic", "ata adi": "patronymic", "otchestvo": "patronymic",
    "birth": "born", "date of birth": "born", "year of birth": "born", "birth year": "born", "dob": "born",
    "death": "died", "date of death": "died", "year of death": "died", "death year": "died", "missing since": "died",
    "town": "place", "village": "place", "city": "place", "place of birth": "place", "from": "place",
    "biography": "text", "bio": "text", "about": "text", "description": "text",
    "portrait": "photo", "picture": "photo", "image": "photo",
    "family": "group", "family or group": "group",
    "content note": "note", "warning": "note",
}.items()}
"""Column names (lower case, spaces for _ and -) a register's own spreadsheet may use."""


class NamesCsvError(BooksCsvError):
    """The file as a whole cannot be imported (unreadable, no header, no name column)."""


@dataclass
class NamesImport:
    """The people that passed, their groups, every problem found, and how many rows there were."""

    file: str
    people: list[dict[str, Any]] = field(default_factory=list)
    """Each good row as the YAML holds it."""
    rows_of: list[int] = field(default_factory=list)
    """The spreadsheet row of each person kept."""
    groups: dict[str, Any] = field(default_factory=dict)
    """Group id -> its name (a text or {lang: text}) as first written."""
    problems: list[RowProblem] = field(default_factory=list)
    rows: int = 0
    rejected: int = 0
    kept_with_warnings: int = 0
    left_out: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class _Column:
    index: int
    name: str
    field: str
    language: str | None


def _column_key(name: str) -> tuple[str, str | None] | None:
    cleaned = re.sub(r"\s+", "_", name.strip())
    lowered = cleaned.lower()
    if lowered in KNOWN_COLUMNS:
        return lowered, None
    if _normal(name) in ALIASES:
        return ALIASES[_normal(name)], None
    for text in TEXT_COLUMNS:
        if lowered.startswith(text + "_"):
            language, dash, region = cleaned[len(text) + 1:].partition("-")
            return text, language.lower() + dash + region
    return None


def _sniff_delimiter(text: str) -> str:
    """The separator that splits the header into the most known column names (as books_csv)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: sum(1 for cell in next(csv.reader([first], delimiter=d), []) if _column_key(cell))
              for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: counts[d])


def _read_header(cells: list[str], label: str, row: int, problems: list[RowProblem]) -> list[_Column]:
    columns: list[_Column] = []
    taken: dict[tuple[str, str | None], str] = {}
    known = list(KNOWN_COLUMNS) + [f"{t}_{lang}" for t in TEXT_COLUMNS for lang in ("az", "en", "ar", "ru")]
    for index, raw in enumerate(cells):
        name = raw.strip()
        if not name:
            continue
        key = _column_key(name)
        if key is None:
            problems.append(RowProblem(label, row, name, f"unknown column{suggest(name.lower(), known)}; "
                                                          f"its values are left out"))
            continue
        field_name, language = key
        if language is not None and not re.fullmatch(LANGUAGE_PATTERN, language):
            meant = suggest_language(language)
            if meant is None:
                problems.append(RowProblem(label, row, name, f"'{language}' is not a language code like az, en, "
                                                              f"ar or ru; the column is left out"))
                continue
            language = meant
        if (field_name, language) in taken:
            problems.append(RowProblem(label, row, name, f"the column {taken[(field_name, language)]} is already "
                                                          f"there; this second one is left out"))
            continue
        taken[(field_name, language)] = name
        columns.append(_Column(index, name, field_name, language))
    return columns


_LEFT_OUT = "; left out, the person is kept"


def _texts(values: dict[tuple[str, str | None], tuple[str, str]], name: str) -> str | dict[str, str] | None:
    by_language = {lang: text for (f, lang), (_c, text) in values.items() if f == name and lang}
    if by_language:
        return by_language
    plain = values.get((name, None))
    return plain[1] if plain else None


def _joined_names(values: dict[tuple[str, str | None], tuple[str, str]]) -> dict[str, str] | str | None:
    """surname/given/patronymic columns as one name per language, surname first."""
    languages = list(dict.fromkeys(lang for (f, lang) in values if f in ("surname", "given", "patronymic")))
    joined: dict[str | None, str] = {}
    for lang in languages:
        parts = [values[(part, lang)][1] for part in ("surname", "given", "patronymic") if (part, lang) in values]
        if parts:
            joined[lang] = " ".join(parts)
    if None in joined and len(joined) == 1:
        return joined[None]
    return {k: v for k, v in joined.items() if k is not None} or None


def _import_row(cells: list[str], columns: list[_Column], label: str, row: int,
                result: NamesImport, ids: dict[str, int]) -> None:
    values: dict[tuple[str, str | None], tuple[str, str]] = {}
    for column in columns:
        if column.index < len(cells):
            text = _cell(cells[column.index])
            if text:
                values[(column.field, column.language)] = (column.name, text)
    if not values:
        return
    result.rows += 1
    said: list[RowProblem] = []

    def column_of(name: str, language: str | None = None) -> str:
        if (name, language) in values:
            return values[(name, language)][0]
        found = next((c for (f, _lang), (c, _t) in values.items() if f == name), None)
        return found or next((c.name for c in columns if c.field == name), name)

    data: dict[str, Any] = {}
    name = _texts(values, "name") or _joined_names(values)
    if not name:
        result.problems.append(RowProblem(label, row, column_of("name"), "every person needs a name; this row "
                                                                          "has none, so it is left out"))
        result.rejected += 1
        return
    data["name"] = name
    for key in ("id", "born", "died", "photo"):
        if (key, None) in values:
            data[key] = values[(key, None)][1]
    if ("age", None) in values:
        column, text = values[("age", None)]
        if re.fullmatch(r"\d{1,3}(\.0+)?", text):
            data["age"] = int(float(text))
        else:
            said.append(RowProblem(label, row, column, f"expected an age in years like 34, found '{text}'"
                                   + _LEFT_OUT))
    for key in ("place", "text", "note"):
        if (text := _texts(values, key)) is not None:
            data[key] = text
    group = _texts(values, "group")
    if group is not None:
        first = group if isinstance(group, str) else group.get("en") or next(iter(group.values()))
        slug = id_from_title(first) or f"group-{len(result.groups) + 1}"
        if isinstance(group, dict) and not id_from_title(first):
            slug = next((id_from_title(v) for v in group.values() if id_from_title(v)), slug)
        result.groups.setdefault(slug, group)
        data["group"] = slug
    for _ in range(len(OUTPUT_ORDER)):
        try:
            Person.model_validate(data)
            break
        except ValidationError as exc:
            found = translate(exc, data, Positions(), label)
        hard = [p for p in found if p.loc[:1] in ((), ("name",))]
        if hard:
            for problem in hard:
                result.problems.append(RowProblem(label, row, column_of("name"), problem.message))
            result.problems += [RowProblem(p.file, p.row, p.column, p.message.removesuffix(_LEFT_OUT)) for p in said]
            result.rejected += 1
            return
        for problem in found:
            key = str(problem.loc[0])
            language = problem.loc[1] if len(problem.loc) > 1 and isinstance(problem.loc[1], str) else None
            said.append(RowProblem(label, row, column_of(key, language), problem.message + _LEFT_OUT))
            data.pop(key, None)
    if "id" in data:
        if data["id"] in ids:
            said.append(RowProblem(label, row, column_of("id"), f"another person (row {ids[data['id']]}) is already "
                                                                f"called '{data['id']}'" + _LEFT_OUT))
            del data["id"]
        else:
            ids[data["id"]] = row
    result.problems += said
    result.kept_with_warnings += bool(said)
    result.people.append({key: data[key] for key in OUTPUT_ORDER if key in data})
    result.rows_of.append(row)


def parse_names_csv(text: str, label: str) -> NamesImport:
    """Every row of a names spreadsheet already read as text; raises ``NamesCsvError`` when the
    file as a whole cannot be used, collects row problems."""
    result = NamesImport(label)
    try:
        records = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
        numbered = [(i, cells) for i, cells in enumerate(records, start=1) if any(c.strip() for c in cells)]
    except csv.Error as exc:
        raise NamesCsvError(f"{label}: not a readable CSV file ({exc})") from None
    if not numbered:
        raise NamesCsvError(f"{label}: the file is empty; expected a first row naming the columns "
                            f"({', '.join(KNOWN_COLUMNS)})")
    header_row, header = numbered[0]
    columns = _read_header(header, label, header_row, result.problems)
    result.left_out = len(result.problems)
    if not any(c.field in ("name", "surname", "given") for c in columns):
        raise NamesCsvError(f"{label}:{header_row}: no name column; every person needs a name: add name_az, "
                            f"name_ru ... (name_<language> for each script the register has), name for one "
                            f"text in all, or surname_<language> and given_<language>")
    named = {c.index for c in columns} | {i for i, n in enumerate(header) if n.strip()}
    ids: dict[str, int] = {}
    for row, cells in numbered[1:]:
        for index, cell in enumerate(cells):
            if cell.strip() and index not in named:
                result.problems.append(RowProblem(label, row, _column_letter(index),
                                                  "a value in a column with no name in the header; it is left out"))
                result.left_out += 1
        _import_row(cells, columns, label, row, result, ids)
    return result


def read_names_csv(path: Path, label: str | None = None) -> NamesImport:
    """``parse_names_csv`` on a file (any of the encodings a spreadsheet writes)."""
    label = label or display_path(Path(path))
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise NamesCsvError(f"{label}: cannot read the file: {exc.strerror or exc}") from None
    try:
        return parse_names_csv(_decode(raw, label), label)
    except NamesCsvError:
        raise
    except BooksCsvError as exc:  # the shared decoder's message, under this module's error
        raise NamesCsvError(str(exc)) from None


def names_fragment(result: NamesImport, section_id: str = "names", title: str | dict[str, str] | None = None,
                   spreadsheet: str | None = None) -> dict[str, Any]:
    """An includable file's data: one names section, holding the people or naming the spreadsheet.

    Raises ``ValueError`` when the section would not be valid.
    """
    section: dict[str, Any] = {"id": section_id, "kind": "names", "title": title or {"en": "Names"}}
    if spreadsheet:
        section["spreadsheet"] = spreadsheet
    else:
        section["people"] = list(result.people)
    if result.groups:
        section["groups"] = dict(result.groups)
    return validated_fragment(NamesSection, section)


def fragment_text(fragment: dict[str, Any], source_name: str, out_name: str) -> str:
    return books_fragment_text(fragment, source_name, out_name, command="import-names")


def summary(result: NamesImport, out: str | None) -> str:
    """The closing line, as import-books says it, in people."""
    return books_summary(result, out, imported=len(result.people), nouns=("person", "people"))  # type: ignore[arg-type]


def people_rows(section: NamesSection, media_find: Any) -> tuple[list[Any], list[RowProblem]]:
    """Everyone in a names section: its ``people`` (``Person``) and the rows of its
    ``spreadsheet`` (checked dicts, lighter than models for a large register).

    ``media_find`` resolves a media path to a file (``MediaRoot.find``). Reads the file:
    call it off the UI thread.
    """
    people: list[Any] = list(section.people)
    problems: list[RowProblem] = []
    if section.spreadsheet:
        path = media_find(section.spreadsheet)
        if path is not None:
            try:
                result = read_names_csv(path, section.spreadsheet)
            except NamesCsvError as exc:
                return people, [RowProblem(section.spreadsheet, 1, "A", str(exc))]
            people += result.people
            problems = result.problems
    return people, problems


__all__: Sequence[str] = ("NamesCsvError", "NamesImport", "fragment_text", "names_fragment", "parse_names_csv",
                          "people_rows", "read_names_csv", "summary")
