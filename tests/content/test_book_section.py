"""The book-of-remembrance section as a curator writes it: what it means and what is refused."""

from __future__ import annotations

from kiosk.content.loader import load_exhibition
from kiosk.content.models import RemembranceBookSection

HEAD = "title: {en: x}\nlanguages: [en, ar]\nsections:\n"


def load(tmp_path, section: str):
    (tmp_path / "media").mkdir(exist_ok=True)
    path = tmp_path / "exhibition.yaml"
    path.write_text(HEAD + section, encoding="utf-8")
    return load_exhibition(path)


def test_a_book_with_its_defaults(tmp_path):
    loaded = load(tmp_path, "  - {id: book, kind: book-of-remembrance, title: {en: Book}, prompt: {en: Write, ar: اكتب}}\n")
    assert loaded.ok, [p.message for p in loaded.errors]
    book = loaded.exhibition.section("book")
    assert isinstance(book, RemembranceBookSection)
    assert (book.fields, book.max_length, book.show_approved, book.keep, book.pages) == \
        (["name", "place"], 600, True, 730.0, [])
    assert book.items == [] and book.tile_image() is None


def test_every_mistake_in_a_book_at_once_in_the_curators_words(tmp_path):
    loaded = load(tmp_path, "  - id: book\n    kind: book-of-remembrance\n    title: {en: Book}\n    prompt: {en: W}\n"
                            "    fields: [name, phone]\n    max_length: 5\n    keep: 2 years\n    show_aproved: true\n")
    messages = [p.message for p in loaded.errors]
    assert messages == [
        "expected 'name', 'place' or 'signature', found the text 'phone'",
        "expected a number at least 20, found the number 5",
        "expected a number of days like 400d, 52w or 1y, found the text '2 years'",
        "unknown key 'show_aproved' in this book-of-remembrance section (did you mean 'show_approved'?)",
    ]


def test_a_book_needs_its_prompt_and_names_each_field_once(tmp_path):
    missing = load(tmp_path, "  - {id: book, kind: book-of-remembrance, title: {en: Book}}\n")
    assert [p.message for p in missing.errors] == ["missing 'prompt': every book-of-remembrance section needs one"]
    twice = load(tmp_path, "  - {id: book, kind: book-of-remembrance, title: {en: B}, prompt: {en: W}, "
                           "fields: [name, name]}\n")
    assert [p.message for p in twice.errors] == ["each of name, place and signature may be named once in `fields`"]
