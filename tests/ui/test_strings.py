"""Every visitor-facing string exists in every language and draws without a missing glyph."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from kiosk.content.loader import load_exhibition
from kiosk.content.modelwalk import walk
from kiosk.media.text import visual_line
from kiosk.ui.i18n import LANGUAGE_NAMES, Strings
from kiosk.media.typefaces import FONT_BOLD, FONT_REGULAR

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ["az", "en", "ar", "ru"]


def test_every_ui_string_is_in_every_shipped_language():
    assert Strings().missing(SHIPPED) == {}


def test_a_missing_ui_string_falls_back_to_english_and_is_reported(tmp_path):
    path = tmp_path / "strings.yaml"
    path.write_text("hello:\n  en: Hello\n  az: Salam\n", encoding="utf-8")
    strings = Strings(path)
    assert strings.get("hello", "ar") == "Hello"
    assert strings.missing(SHIPPED) == {"hello": ["ar", "ru"]}


def test_counts_take_each_languages_plural_form():
    strings = Strings()
    assert [strings.get("panels_count", "en", count=n) for n in (1, 12)] == ["1 panel", "12 panels"]
    assert [strings.get("panels_count", "ru", count=n) for n in (1, 2, 12, 21, 22)] == [
        "1 панель", "2 панели", "12 панелей", "21 панель", "22 панели"]
    assert [strings.get("panels_count", "ar", count=n) for n in (1, 2, 3, 12, 100)] == [
        "لوحة واحدة", "لوحتان", "3 لوحات", "12 لوحة", "100 لوحة"]
    assert strings.get("clips_count", "ar", count=2) == "مقطعان"
    assert [strings.get("books_count", "ru", count=n) for n in (1, 3, 6)] == ["1 книга", "3 книги", "6 книг"]
    assert strings.get("books_count", "az", count=6) == "6 kitab"  # one form for every number
    # a language without forms of its own falls back to English, with English's rule
    assert strings.get("books_count", "tr", count=1) == "1 book"


def test_back_and_previous_are_different_words_in_every_language():
    strings = Strings()
    for code in SHIPPED:
        assert strings.get("back", code) != strings.get("previous", code), code


def test_lists_use_the_languages_own_comma():
    from kiosk.ui.i18n import join_list

    assert join_list(["Azərbaycanca", "English"], "ar") == "Azərbaycanca، English"
    assert join_list(["A. Name", "B. Other"], "ru") == "A. Name, B. Other"


def _texts() -> list[str]:
    strings = Strings()
    texts = [t.get(code, "en") for t in strings.texts.values() for code in SHIPPED]
    texts += [form for by_language in strings.plurals.values() for forms in by_language.values()
              for form in forms.values()]
    texts += list(LANGUAGE_NAMES.values())
    loaded = load_exhibition(ROOT / "config" / "exhibition.yaml")
    import yaml

    raw = yaml.safe_load((ROOT / "config" / "exhibition.yaml").read_text(encoding="utf-8"))
    for _loc, kind, value in walk(raw):
        if kind == "text":
            texts += list(value.values()) if isinstance(value, dict) else [value]
    texts += [name.get(code) for name in loaded.exhibition.topics.values() for code in SHIPPED]
    for section in loaded.exhibition.sections:
        for book in getattr(section, "books", []):
            texts += book.authors + [book.publisher or "", book.isbn or "", book.link or ""]
    return texts


@pytest.mark.parametrize("font", [FONT_REGULAR, FONT_BOLD], ids=["regular", "bold"])
def test_no_missing_glyph_in_the_demo_and_the_ui(font):
    cmap = TTFont(font).getBestCmap()
    missing = set()
    for text in _texts():
        for shaped in (text, visual_line(text)):  # Arabic is drawn from its presentation forms
            for ch in shaped:
                if unicodedata.category(ch)[0] in "CZ" and ch != " ":
                    continue
                if ord(ch) not in cmap:
                    missing.add(f"{ch!r} U+{ord(ch):04X} in {text[:40]!r}")
    assert sorted(missing) == []
