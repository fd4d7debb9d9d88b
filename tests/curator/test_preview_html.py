"""`kiosk preview --html`: the page a curator opens after a change.

Renders a small exhibition for real (Kivy offscreen, once per language, each in its own
process, as the command does) and reads the page back: the problems at the top, each
linked to a screen that is on the page, every screen in both languages side by side.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kiosk.cli import main

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

EXHIBITION = f"""\
title: {{en: Preview test, ar: معرض تجريبي}}
languages: [en, ar]
media_root: {ROOT / 'media'}
sections:
  - id: photos
    kind: gallery
    title: {{en: Photos, ar: صور}}
    panels:
      - image: photos/001.jpg
        title: {{en: The memorial, ar: النصب التذكاري}}
        credit: Sample archive
      - image: photos/002.jpg
        title: {{en: Flowers}}
        credit: Sample archive
"""


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.images: list[str] = []
        self.rtl: list[str] = []
        self.problems: list[str] = []
        self._in_problems = 0
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href", "").startswith("#"):
            self.links.append(attrs["href"][1:])
        if tag == "img":
            self.images.append(attrs["src"])
        if tag == "figure" and attrs.get("dir") == "rtl":
            self.rtl.append(attrs.get("lang"))
        if tag == "ol" and attrs.get("class") == "problems":
            self._in_problems = 1
        if tag == "li" and self._in_problems:
            self._text = []

    def handle_endtag(self, tag):
        if tag == "li" and self._in_problems:
            self.problems.append(" ".join("".join(self._text).split()))
        if tag == "ol":
            self._in_problems = 0

    def handle_data(self, data):
        if self._in_problems:
            self._text.append(data)


def test_the_page_shows_problems_linked_to_screens_and_each_language_side_by_side(tmp_path, capsys,
                                                                                  monkeypatch):
    monkeypatch.chdir(tmp_path)  # places read as the curator sees them: exhibition.yaml:13:16
    exhibition = tmp_path / "exhibition.yaml"
    exhibition.write_text(EXHIBITION, encoding="utf-8")
    out = tmp_path / "preview"
    assert main(["preview", str(exhibition), "--out", str(out), "--html", "--size", "480x270"]) == 0
    index = out / "index.html"
    assert capsys.readouterr().out.strip().endswith(f"open {index.resolve().as_uri()}")
    page = Page()
    page.feed(index.read_text(encoding="utf-8"))
    # the one problem: the second panel has no Arabic title; linked to that panel's screen
    assert page.problems == ["warning exhibition.yaml:13:16: no translation for ar; visitors will see the en text"]
    assert page.links == ["screen-photos-002-flowers"]
    assert set(page.links) <= page.ids
    screens = sorted(i for i in page.ids if i.startswith("screen-"))
    assert {"screen-home", "screen-attract", "screen-photos-001-the-memorial", "screen-photos-002-flowers",
            "screen-photos-overview"} <= set(screens)
    # every screen in both languages, each image a real PNG beside the page
    assert len(page.images) == 2 * len(screens)
    for src in page.images:
        assert (out / src).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", src
    assert sorted({re.match(r"(en|ar)/", s).group(1) for s in page.images}) == ["ar", "en"]
    assert page.rtl == ["ar"] * len(screens)
