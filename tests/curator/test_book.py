"""``kiosk book list|approve|reject|export`` on a real book file, and the PDF checked by its
extracted text (poppler's pdftotext) and by its pages rendered (pdftoppm) and looked at."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from kiosk.analytics.book import BookStore, connect, read_messages
from kiosk.cli import main

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "config" / "exhibition.yaml"
SHOTS = Path(os.environ.get("KIOSK_TEST_SHOTS", "/tmp/kiosk-book-shots"))
POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm")

MESSAGES = [
    ("ar", "رحمهم الله وأسكنهم فسيح جناته. لن ننساكم أبدًا، وستبقى ذكراكم في قلوبنا.", "سارة أحمد", "القاهرة"),
    ("az", "Əbədi xatirə. Şəhidlərimizi heç vaxt unutmayacağıq; onların adı qəlbimizdə yaşayır.", "Səbinə Əliyeva",
     "Gəncə"),
    ("ru", "Вечная память. Мы помним каждого, чьё имя написано на этой стене.", "Анна", "Москва"),
    ("en", "We came to remember them together, far from home.", "Sara Jones", "London"),
]


def signature() -> bytes:
    image = Image.new("LA", (480, 180), (0, 0))
    ImageDraw.Draw(image).line([(30, 120), (120, 40), (200, 140), (300, 60), (430, 110)], fill=(20, 255), width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def book(tmp_path) -> tuple[Path, list[str]]:
    """A book with a message in each script, written a few minutes apart on one evening, and
    enough more to fill several pages; the last one unkind."""
    when = [dt.datetime(2027, 2, 26, 18, 0)]

    def clock() -> dt.datetime:
        when[0] += dt.timedelta(minutes=7)
        return when[0]

    path = tmp_path / "book.sqlite3"
    store = BookStore(path, wall_clock=clock)
    ids = [store.leave("book", text, name=name, place=place, language=code, signature=signature() if i % 2 == 0
                       else None) for i, (code, text, name, place) in enumerate(MESSAGES * 4)]
    ids.append(store.leave("book", "unkind words", language="en"))
    store.flush()
    store.close()
    return path, ids


def test_list_approve_and_reject_on_the_kiosks_book(book, capsys):
    path, ids = book
    assert main(["book", "list", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{len(ids)} messages (pending)" in out and "Вечная память" in out and ids[0] in out
    assert main(["book", "approve", *ids[:-1], "--db", str(path)]) == 0
    assert main(["book", "reject", ids[-1], "--db", str(path)]) == 0
    capsys.readouterr()
    assert main(["book", "approve", "nosuchid", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "no message called nosuchid" in err and "nothing was decided" in err
    states = {m.id: m.state for m in read_messages(connect(path, read_only=True))}
    assert states[ids[0]] == "approved" and states[ids[-1]] == "rejected"
    assert main(["book", "list", "--state", "rejected", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "unkind words" not in out and "erased" in out


def test_a_missing_book_is_a_plain_error(tmp_path, capsys):
    assert main(["book", "list", "--db", str(tmp_path / "none.sqlite3")]) == 1
    assert "no such book" in capsys.readouterr().err


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdftoppm) is not installed; .ci/run installs it")
def test_the_exported_book_has_every_script_right_page_numbers_and_only_approved_messages(book, tmp_path, capsys):
    path, ids = book
    assert main(["book", "approve", *ids[:-1], "--db", str(path)]) == 0
    assert main(["book", "export", "--out", str(tmp_path / "book.pdf"), "--db", str(path),
                 "--exhibition", str(DEMO)]) == 0
    out = capsys.readouterr().out
    assert f"{len(ids) - 1} approved messages on" in out
    pdf = tmp_path / "book.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # the exhibition's title and the book's, in every language, on the first page
    first = text.split("\f")[0]
    for title in ("Xatirə kitabı", "Book of remembrance", "Книга памяти", "In memory — a sample exhibition"):
        assert title in first, title
    # Cyrillic and Azerbaijani letters as written; Arabic words come back whole (shaped glyphs
    # mapped to their letters), in the order they are read
    assert "Вечная память. Мы помним каждого" in raw
    assert "Əbədi xatirə. Şəhidlərimizi heç vaxt" in raw and "Səbinə Əliyeva · Gəncə" in raw
    for word in ("وأسكنهم", "فسيح", "جناته", "ذكراكم", "قلوبنا", "القاهرة"):
        assert word in raw, word
    assert "26.02.2027" in raw
    pages = text.count("\f")
    numbers = [page.strip().splitlines()[-1].replace(" ", "") for page in text.split("\f")[:pages]]
    assert pages >= 3 and numbers == [f"{n}/{pages}" for n in range(1, pages + 1)], numbers
    assert "unkind words" not in text  # rejected: never in the book
    # look at it: every page rendered; the Arabic message's block sits at the right margin
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "page")], check=True)
    rendered = sorted(tmp_path.glob("page-*.png"))
    assert len(rendered) == pages
    SHOTS.mkdir(parents=True, exist_ok=True)
    for page in rendered:
        shutil.copy(page, SHOTS / f"book-pdf-{page.name}")
    second = Image.open(rendered[1]).convert("L")
    width = second.width
    # the first message (Arabic) is the first block of the second page: its top line of ink
    rows = [y for y in range(second.height) if min(second.crop((0, y, width, y + 1)).get_flattened_data()) < 100]
    top = rows[1] if len(rows) > 1 else rows[0]  # past the running head
    band = second.crop((0, top + 10, width, top + 40))
    columns = [x for x in range(width) if min(band.crop((x, 0, x + 1, band.height)).get_flattened_data()) < 100]
    assert columns and columns[-1] > width * 0.8, "Arabic is set from the right margin"


def test_export_says_plainly_when_the_exhibition_has_no_book(tmp_path, capsys):
    plain = tmp_path / "exhibition.yaml"
    (tmp_path / "media").mkdir()
    plain.write_text("title: {en: x}\nlanguages: [en]\nsections:\n  - {id: n, kind: names, title: {en: N}, "
                     "people: [{name: {en: A}}]}\n", encoding="utf-8")
    BookStore(tmp_path / "book.sqlite3").close()
    assert main(["book", "export", "--out", str(tmp_path / "b.pdf"), "--db", str(tmp_path / "book.sqlite3"),
                 "--exhibition", str(plain)]) == 1
    assert "has no book-of-remembrance section" in capsys.readouterr().err
