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
from kiosk.ui.theme import FONT_BOLD, FONT_REGULAR

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


def _texts() -> list[str]:
    texts = [t.get(code, "en") for t in Strings().texts.values() for code in SHIPPED]
    texts += list(LANGUAGE_NAMES.values())
    loaded = load_exhibition(ROOT / "config" / "exhibition.yaml")
    import yaml

    raw = yaml.safe_load((ROOT / "config" / "exhibition.yaml").read_text(encoding="utf-8"))
    for _loc, kind, value in walk(raw):
        if kind == "text":
            texts += list(value.values()) if isinstance(value, dict) else [value]
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
