"""`kiosk import-books`: spreadsheet exports in, a catalogue fragment the exhibition includes out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.books_csv import BooksCsvError, catalogue_fragment, dump_yaml, read_books_csv
from kiosk.content.loader import load_exhibition
from kiosk.content.yaml12 import read_yaml

ROOT = Path(__file__).resolve().parents[2]

HEADER = "id,title_en,title_az,authors,year,publisher,isbn,description_en,languages,topics,cover,pages,pdf,pdf_pages,link"
GOOD = [
    # ISBN-13 with hyphens, two authors, scans as pages.
    'memory-of-a-city,Memory of a City,Şəhərin yaddaşı,"Nərmin Demozadə; Paul Sampleton",2014,Sample Press,'
    '978-0-00-900105-5,"Streets, squares and people.",az;en,history;city,books/memory-of-a-city-cover.jpg,'
    "books/memory-of-a-city-p1.jpg;books/memory-of-a-city-p2.jpg,,,https://example.org/books/memory",
    # ISBN-10 (check digit X), a PDF with page numbers and a range, no id: taken from the cover.
    ",Letters Home,,Samira Exemplova,2009,,0-8044-2957-X,,ru,letters,books/letters-home-cover.jpg,,"
    "books/letters-home.pdf,1-2;5,",
    # ISBN-10 with digits only; a PDF without pages.
    "archive-voices,Archive Voices,,,1999,,0306406152,,,,books/archive-voices-cover.jpg,,books/letters-home.pdf,,",
]


def write_csv(folder: Path, rows: list[str], name: str = "books.csv", header: str = HEADER,
              encoding: str = "utf-8", newline: str = "\n") -> Path:
    path = folder / name
    path.write_bytes(newline.join([header, *rows, ""]).encode(encoding))
    return path


def exhibition_including(folder: Path, fragment: str = "books.yaml") -> Path:
    """A small exhibition over the demo media whose only sections come from ``fragment``."""
    (folder / "media").symlink_to(ROOT / "media")
    path = folder / "exhibition.yaml"
    path.write_text(f"title: {{en: Test}}\nlanguages: [en, az]\ninclude: [{fragment}]\n", encoding="utf-8")
    return path


def test_good_rows_become_a_fragment_the_exhibition_includes(tmp_path: Path) -> None:
    source = write_csv(tmp_path, GOOD)
    result = read_books_csv(source, "books.csv")
    assert result.problems == [] and result.ok
    assert (result.rows, len(result.books), result.rejected) == (3, 3, 0)
    first, letters, voices = result.books
    assert first == {
        "id": "memory-of-a-city",
        "title": {"en": "Memory of a City", "az": "Şəhərin yaddaşı"},
        "authors": ["Nərmin Demozadə", "Paul Sampleton"],
        "year": 2014,
        "publisher": "Sample Press",
        "isbn": "978-0-00-900105-5",
        "description": {"en": "Streets, squares and people."},
        "languages": ["az", "en"],
        "topics": ["history", "city"],
        "cover": "books/memory-of-a-city-cover.jpg",
        "pages": ["books/memory-of-a-city-p1.jpg", "books/memory-of-a-city-p2.jpg"],
        "link": "https://example.org/books/memory",
    }
    assert letters["id"] == "letters-home"  # made from the title
    assert letters["pdf"] == {"file": "books/letters-home.pdf", "pages": [1, 2, 5]}
    assert voices["pdf"] == "books/letters-home.pdf" and voices["isbn"] == "0306406152"

    assert main(["import-books", str(source), "--title", "en=Books", "--title", "az=Kitablar"]) == 0
    out = tmp_path / "books.yaml"
    assert out.read_text(encoding="utf-8").startswith("# Made by 'kiosk import-books books.csv'")
    loaded = load_exhibition(exhibition_including(tmp_path))
    assert loaded.errors == [], [str(p) for p in loaded.problems]
    (section,) = loaded.exhibition.sections
    assert section.id == "books" and section.title.get("az") == "Kitablar"
    assert [b.id for b in section.books] == ["memory-of-a-city", "letters-home", "archive-voices"]
    assert section.books[1].pdf_pages.pages == [1, 2, 5]
    assert section.books[0].authors == ["Nərmin Demozadə", "Paul Sampleton"]
    assert out in loaded.files


def test_semicolon_separated_with_a_byte_order_mark_and_windows_lines(tmp_path: Path) -> None:
    """Excel in many locales: 'CSV UTF-8' with ; between cells and CRLF line ends."""
    rows = ['"001";"Şəhərin yaddaşı";"A; B";2014;"978-0-00-900105-5";"az;en"',
            '"002";"Ölüm və xatirə";;2020;"";']
    path = tmp_path / "excel.csv"
    text = "\r\n".join(["id;title_az;authors;year;isbn;languages", *rows, ""])
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = read_books_csv(path, "excel.csv")
    assert result.problems == []
    assert [b["id"] for b in result.books] == ["001", "002"]
    assert result.books[0]["authors"] == ["A", "B"] and result.books[0]["languages"] == ["az", "en"]
    assert result.books[1]["title"] == {"az": "Ölüm və xatirə"}


def test_utf16_tab_separated_unicode_text(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes("id\ttitle_ru\tyear\r\nletters\tПисьма домой\t2009\r\n".encode("utf-16"))
    result = read_books_csv(path, "unicode.txt")
    assert result.problems == []
    assert result.books == [{"id": "letters", "title": {"ru": "Письма домой"}, "year": 2009}]


def row(**cells: str) -> str:
    """A CSV line under HEADER with these cells filled (quoted when needed)."""
    import csv
    import io

    buffer = io.StringIO()
    # The line end must be "\n" for the writer to quote a cell holding one.
    csv.writer(buffer, lineterminator="\n").writerow([cells.get(name, "") for name in HEADER.split(",")])
    return buffer.getvalue().removesuffix("\n")


def test_bad_rows_are_reported_by_row_and_column_and_the_good_ones_kept(tmp_path: Path) -> None:
    rows = [
        GOOD[0],                                                                     # row 2: good
        row(id="bad-isbn", title_en="A title\nover two lines", isbn="978-0-00-900105-6",
            languages="EN"),                                                         # row 3 (two lines in the file)
        row(id="no-title", title_az=""),                                             # row 4
        row(id="bad-year", title_en="Year", year="c. 1990", isbn="0-306-40615-3",
            link="ftp://example.org"),                                               # row 5
        row(title_en="No id and no cover", isbn="9.78000900106E+12"),                # row 6
        row(),                                                                       # row 7: blank, skipped
        row(id="Bad Id", title_en="Bad id", pdf_pages="3"),                          # row 8
        row(id="memory-of-a-city", title_en="Again"),                                # row 9: duplicate id
        GOOD[2],                                                                     # row 10: good
        row(id="pdf-pages", title_en="Pages", pdf="books/x.pdf", pdf_pages="one;two",
            pages="books/a.jpg;C:\\scans\\b.jpg"),                                   # row 11
    ]
    source = write_csv(tmp_path, rows)
    result = read_books_csv(source, "books.csv")
    # Only a missing title or a wrong or taken id keeps a book out; a field that is wrong is
    # left out with a warning naming its column, and the book is kept.
    assert [str(p) for p in result.problems] == [
        "books.csv:3:isbn: the ISBN '978-0-00-900105-6' has a wrong check digit; left out, the book is kept",
        "books.csv:4:title_en: every book needs a title; this row has none",
        "books.csv:5:year: read the year 1990 from 'c. 1990'; check it",
        "books.csv:5:isbn: the ISBN '0-306-40615-3' has a wrong check digit; left out, the book is kept",
        "books.csv:5:link: expected a web address starting with https://, found the text 'ftp://example.org'; "
        "left out, the book is kept",
        "books.csv:6:isbn: the spreadsheet turned the ISBN into the number 9.78000900106E+12; format the column "
        "as text and type the ISBN again; left out, the book is kept",
        "books.csv:8:id: expected a short name of lower-case letters, digits, - and _ (like photos or 001), "
        "found the text 'Bad Id'",
        "books.csv:8:pdf_pages: page numbers without a PDF; fill the pdf column too",
        "books.csv:9:id: another book (row 2) is already called 'memory-of-a-city'; give this one its own id",
        "books.csv:11:pdf_pages: expected page numbers like 1;2;5 or 1-3, found 'one;two'; left out, the book is kept",
        "books.csv:11:pages: use / between folders, found \\ in 'C:\\scans\\b.jpg'; left out, the book is kept",
    ]
    assert [b["id"] for b in result.books] == [
        "memory-of-a-city", "bad-isbn", "bad-year", "no-id-and-no-cover", "archive-voices", "pdf-pages"]
    assert result.books[1]["languages"] == ["en"]  # EN is English: the code the exhibition uses
    assert result.books[2]["year"] == 1990 and "isbn" not in result.books[2] and "link" not in result.books[2]
    assert "pages" not in result.books[5] and result.books[5]["pdf"] == "books/x.pdf"
    assert (result.rows, result.rejected, result.kept_with_warnings) == (9, 3, 4)


def test_the_command_exits_1_and_still_writes_the_good_rows(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = write_csv(tmp_path, [GOOD[0], "x,Bad,,,,,123,,,,,,,,", GOOD[2]])
    out = tmp_path / "catalogue" / "fragment.yaml"
    assert main(["import-books", str(source), "--out", str(out), "--section", "library"]) == 1
    captured = capsys.readouterr()
    assert "books.csv:3:isbn: expected an ISBN of 10 or 13 digits, found '123'; left out, the book is kept" \
        in captured.out
    assert "imported 3 of 3 books into" in captured.err and "1 book kept with a field left out" in captured.err
    data, _ = read_yaml(out)
    assert data["sections"][0]["id"] == "library"
    assert [b["id"] for b in data["sections"][0]["books"]] == ["memory-of-a-city", "x", "archive-voices"]

    assert main(["import-books", str(source.with_name("nothing.csv"))]) == 1
    assert "nothing.csv: no such file" in capsys.readouterr().err


def test_all_rows_bad_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = write_csv(tmp_path, ["x,,,,,,,,,,,,,,"])
    assert main(["import-books", str(source)]) == 1
    assert "no book could be imported" in capsys.readouterr().err
    assert not (tmp_path / "books.yaml").exists()


def test_header_problems(tmp_path: Path) -> None:
    source = write_csv(tmp_path, ["a,A,x,b,2000,extra"], header="ID, Title EN ,Titel_ru,id,year")
    result = read_books_csv(source, "h.csv")
    assert [str(p) for p in result.problems] == [
        "h.csv:1:Titel_ru: unknown column (did you mean 'title_ru'?); its values are left out",
        "h.csv:1:id: the column ID is already there; this second one is left out",
        "h.csv:2:F: a value in a column with no name in the header; it is left out",
    ]
    # "Title EN": spaces become _, the language code is lower-cased.
    assert result.books == [{"id": "a", "title": {"en": "A"}, "year": 2000}]
    assert result.rejected == 0 and result.left_out == 3 and not result.ok


def test_a_title_language_that_is_no_language(tmp_path: Path) -> None:
    source = write_csv(tmp_path, ["a,A,B,C"], header="id,title_en,title_azerbaijani,title_xyzzy")
    result = read_books_csv(source, "t.csv")
    assert [str(p) for p in result.problems] == [
        "t.csv:1:title_xyzzy: 'xyzzy' is not a language code like az, en, ar or ru; the column is left out"]
    # a language's name is its code
    assert result.books == [{"id": "a", "title": {"en": "A", "az": "B"}}]


def test_files_that_cannot_be_imported(tmp_path: Path) -> None:
    (tmp_path / "latin1.csv").write_bytes("id,title_en\nx,Caf\xe9\n".encode("latin-1"))
    with pytest.raises(BooksCsvError, match=r"latin1.csv:2: the file is not UTF-8 text \(byte 0xe9\)"):
        read_books_csv(tmp_path / "latin1.csv", "latin1.csv")
    (tmp_path / "empty.csv").write_text("\n\n", encoding="utf-8")
    with pytest.raises(BooksCsvError, match="the file is empty"):
        read_books_csv(tmp_path / "empty.csv", "empty.csv")
    (tmp_path / "other.csv").write_text("name,price\nx,3\n", encoding="utf-8")
    with pytest.raises(BooksCsvError, match="other.csv:1: no known column names"):
        read_books_csv(tmp_path / "other.csv", "other.csv")
    (tmp_path / "untitled.csv").write_text("id,year\nx,2000\n", encoding="utf-8")
    with pytest.raises(BooksCsvError, match="untitled.csv:1: no title column"):
        read_books_csv(tmp_path / "untitled.csv", "untitled.csv")


TRICKY = ["001", "no", "yes", "on", "off", "17:45", "1e3", "0o17", "0x1F", "null", "~", "true", "False",
          "2027-02-26", ".inf", "-.5", "+1", "- dash", "# hash", "a: b", "'quoted'", "@at", "%pct", "*star",
          "&amp", "!bang", "[x]", "{y}", "x #y", "", " lead", "trail ", "Evə\nməktublar", "رسائل", "3.0"]


def test_yaml_quotes_every_text_that_yaml_12_would_read_as_something_else() -> None:
    data = {"texts": TRICKY, "map": {t: t for t in TRICKY if t}}
    text = dump_yaml(data)
    for bare in ("- 001\n", "- no\n", "- 17:45\n", "- 1e3\n", "- 0o17\n", "- null\n"):
        assert bare not in text


def test_tricky_values_round_trip_through_the_kiosks_loader(tmp_path: Path) -> None:
    rows = ['001,no,17:45,"yes; on; 1e3",2027-02-26,0o17,null',
            '002,"Two\nlines",~,"true; False",17:45,0x1F,"#1"']
    source = write_csv(tmp_path, rows, header="id,title_en,title_az,topics,publisher,description,authors")
    result = read_books_csv(source, "tricky.csv")
    assert result.problems == []
    assert main(["import-books", str(source), "--out", str(tmp_path / "books.yaml")]) == 0
    loaded = load_exhibition(exhibition_including(tmp_path))
    assert loaded.errors == [], [str(p) for p in loaded.problems]
    first, second = loaded.exhibition.sections[0].books
    assert first.id == "001" and first.title.get("en") == "no" and first.title.get("az") == "17:45"
    assert first.topics == ["yes", "on", "1e3"] and first.publisher == "2027-02-26"
    assert first.description.get("en") == "0o17" and first.authors == ["null"]
    assert second.title.get("en") == "Two\nlines" and second.title.get("az") == "~"
    assert second.topics == ["true", "False"] and second.publisher == "17:45" and second.authors == ["#1"]
    assert second.description.get("en") == "0x1F"


def test_section_checks() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        catalogue_fragment([], "books")
    with pytest.raises(ValueError, match="short name"):
        catalogue_fragment([{"id": "a", "title": "A"}], "Books!")


def test_the_import_imports_no_kivy() -> None:
    code = ("import sys, kiosk.content.books_csv, kiosk.media.pdf, kiosk.media.qr; "
            "print([m for m in sys.modules if m.split('.')[0] == 'kivy'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- the exports curators already have, in each tool's own layout ---------------------------

EXPORTS = Path(__file__).parent / "exports"
HUNGER_GAMES = {"id": "the-hunger-games", "title": "The Hunger Games", "authors": ["Suzanne Collins"],
                "year": 2008, "publisher": "Scholastic Press"}
EXCEL_BOOKS = [
    {"id": "xatire-kitabi", "title": {"az": "Xatirə kitabı"}, "authors": ["Nərmin Demozadə"], "year": 2014,
     "isbn": "978-0-00-900105-5", "languages": ["az"]},
    # the ISBN the spreadsheet destroyed is left out, the book kept; the year is read out of '2020-ci il'
    {"id": "seherin-yaddasi", "title": {"az": "Şəhərin yaddaşı"}, "authors": ["Paul Sampleton"], "year": 2020,
     "languages": ["az", "en"]},
    {"id": "letters-home", "title": {"az": "Letters Home"}, "authors": ["Samira Exemplova"], "year": 2009,
     "isbn": "0-8044-2957-X", "languages": ["en"]},
]
EXCEL_PROBLEMS = [
    "{f}:3:year: read the year 2020 from '2020-ci il'; check it",
    "{f}:3:isbn: the spreadsheet turned the ISBN into the number 9,78E+12; format the column as text and type "
    "the ISBN again; left out, the book is kept",
]


@pytest.mark.parametrize(("name", "books", "problems"), [
    # Goodreads: ISBNs wrapped as ="0439023483", the series in the title, Additional Authors, no language
    ("goodreads_library_export.csv",
     [{**HUNGER_GAMES, "isbn": "0439023483"},
      {"id": "letters-home", "title": "Letters Home",
       "authors": ["Samira Exemplova", "Paul Sampleton", "Nərmin Demozadə"], "year": 2009, "publisher": "Sample Press"}],
     []),
    # LibraryThing: "Collins, Suzanne", ISBN in brackets, the publisher with its edition, a language's name
    ("librarything_export.csv",
     [{**HUNGER_GAMES, "isbn": "0439023483", "languages": ["en"], "topics": ["dystopia", "fiction"]}], []),
    # Zotero: two ISBNs in one cell (the first has a wrong check digit), ISO 639-2 'aze', a language's name
    ("zotero_export.csv",
     [{"id": "archive-voices", "title": "Archive Voices", "authors": ["Samira Exemplova", "Paul Sampleton"],
       "year": 1999, "publisher": "Sample Press", "isbn": "0-306-40615-2", "description": "Recordings from the archive.",
       "languages": ["az"], "topics": ["archive", "oral history"], "link": "https://example.org/books/archive-voices"},
      {"id": "pamyat-goroda", "title": "Память города", "authors": ["Nərmin Demozadə"], "year": 2020,
       "publisher": "Sample Press", "languages": ["ru"]}],
     ["{f}:3:Date: read the year 2020 from '2020-ci il'; check it"]),
    ("excel_semicolon.csv", EXCEL_BOOKS, EXCEL_PROBLEMS),
    ("excel_unicode_text.txt", EXCEL_BOOKS, EXCEL_PROBLEMS),
])
def test_each_tools_export_is_read_as_it_comes(name, books, problems):
    result = read_books_csv(EXPORTS / name, name)
    assert result.books == books
    assert [str(p) for p in result.problems] == [p.format(f=name) for p in problems]
    assert result.rejected == 0


def calibre_copy(folder: Path) -> Path:
    """The Calibre catalogue as Calibre writes it: covers as absolute paths into its library."""
    library = folder / "Calibre Library"
    (library / "The Hunger Games (1)").mkdir(parents=True)
    (library / "The Hunger Games (1)" / "cover.jpg").write_bytes((ROOT / "media" / "books").glob("*.jpg").__next__()
                                                                 .read_bytes())
    text = (EXPORTS / "calibre_catalog.csv").read_text(encoding="utf-8").replace("COVER_DIR", str(library))
    path = folder / "calibre.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_calibre_catalogue_with_covers_copied_into_the_media_folder(tmp_path, capsys):
    source = calibre_copy(tmp_path)
    media = tmp_path / "media"
    exhibition = tmp_path / "exhibition.yaml"
    exhibition.write_text("title: {en: Test}\nlanguages: [en, az]\ninclude: [calibre.yaml]\nsections:\n"
                          "  - {id: books, kind: catalogue, title: Books, books: [{id: x, title: X}]}\n",
                          encoding="utf-8")
    assert main(["import-books", str(source), "--media", str(media)]) == 1  # one cover is missing
    out = capsys.readouterr().out
    missing = tmp_path / "Calibre Library" / "Missing" / "cover.jpg"
    assert f"calibre.csv:3:cover: the cover file '{missing}' does not exist; left out, the book is kept" in out
    assert f"1 cover not found: {missing}" in out
    # the exhibition has a section 'books' already: the new one is not called so
    assert "the exhibition already has a section called 'books'; this one is called 'books-2'" in out
    assert (media / "books" / "the-hunger-games-cover.jpg").is_file()
    data, _ = read_yaml(tmp_path / "calibre.yaml")
    (section,) = data["sections"]
    assert section["id"] == "books-2"
    first, second = section["books"]
    # Calibre's own id (1, 2) is its database's number: ids come from the titles; title_sort is no title
    assert first["id"] == "the-hunger-games" and first["title"] == "The Hunger Games"
    assert first["cover"] == "books/the-hunger-games-cover.jpg" and first["isbn"] == "9780439023481"
    assert first["description"] == "Winning will make you famous.\n\nLosing means certain death & worse."
    assert first["languages"] == ["en"] and first["topics"] == ["Fiction", "Dystopia"]
    assert second["id"] == "seherin-yaddasi" and second["languages"] == ["az", "en"]
    assert second["authors"] == ["Nərmin Demozadə", "Paul Sampleton"] and "cover" not in second
    loaded = load_exhibition(exhibition)
    assert [s.id for s in loaded.exhibition.sections] == ["books", "books-2"]
    assert [str(p) for p in loaded.errors] == []
    # imported again: its own section in the exhibition is no clash
    assert main(["import-books", str(source), "--media", str(media), "--section", "books-2"]) == 1
    assert "into " in capsys.readouterr().err  # written (exit 1 for the missing cover)
    assert main(["import-books", str(source), "--media", str(media), "--section", "books"]) == 1
    assert f"kiosk: --section books: {exhibition} already has a section called 'books'; choose another id " \
           f"(e.g. books-2)" in capsys.readouterr().err  # books-2 is this file's own


def test_covers_outside_the_media_folder_without_media_are_named(tmp_path):
    result = read_books_csv(calibre_copy(tmp_path), "calibre.csv")
    cover = tmp_path / "Calibre Library" / "The Hunger Games (1)" / "cover.jpg"
    assert f"calibre.csv:2:cover: the cover '{cover}' is outside the media folder; give --media DIR to copy the " \
           f"covers into it; left out, the book is kept" in [str(p) for p in result.problems]
    assert len(result.books) == 2


def test_columns_named_in_the_curators_own_words_with_map(tmp_path, capsys):
    source = tmp_path / "own.csv"
    source.write_bytes((EXPORTS / "excel_own_words.csv").read_bytes())
    assert main(["import-books", str(source)]) == 1
    assert "or say which column is which: --map title=Title,authors=Writer" in capsys.readouterr().err
    assert main(["import-books", str(source), "--map", "title=Kitab,authors=Müəllif,year=İl"]) == 0
    data, _ = read_yaml(tmp_path / "own.yaml")
    assert data["sections"][0]["books"] == [
        {"id": "xatire-kitabi", "title": "Xatirə kitabı", "authors": ["Nərmin Demozadə"], "year": 2014}]
    assert main(["import-books", str(source), "--map", "titel=Kitab"]) == 1
    assert "--map: 'titel' is not a field of a book (did you mean 'title'?)" in capsys.readouterr().err
