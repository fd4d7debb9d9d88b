"""Texts that arrive tagged with other tools' language tags (XMP ``xml:lang``, IIIF language
maps) as the exhibition's texts: ``en-US`` is ``en``, ``x-default`` and IIIF's ``none`` are
the text of no stated language."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..content.text import LANGUAGE_PATTERN

UNSTATED = ("x-default", "none", "")
"""Tags that name no language: XMP's default text, IIIF's ``none``."""


def exhibition_code(tag: str, languages: Sequence[str] | None) -> str | None:
    """The exhibition's code for ``tag`` (``en-GB`` -> ``en``, ``pt-br`` -> ``pt-BR`` when listed);
    None when it is none of ``languages``. With no ``languages`` every well-formed tag is kept,
    by its primary subtag."""
    tag = tag.strip().replace("_", "-")
    if tag.lower() in UNSTATED:
        return None
    if languages:
        for code in languages:
            if code.lower() == tag.lower():
                return code
        primary = tag.split("-")[0].lower()
        return primary if primary in languages else None
    primary = tag.split("-")[0].lower()
    return primary if re.match(LANGUAGE_PATTERN, primary) else None


def exhibition_text(by_tag: Mapping[str, str], languages: Sequence[str] | None,
                    default: str) -> tuple[dict[str, str], list[str]]:
    """``by_tag`` as ``{code: text}`` in the exhibition's languages, and the tags left out.

    The first text of a language wins (``en-US`` before ``en-GB``). The unstated text
    (``x-default``, ``none``) is the ``default`` language's when that has none of its own and
    it is not a copy of another language's text (Lightroom and exiftool copy the first).
    """
    texts: dict[str, str] = {}
    left_out: list[str] = []
    unstated: list[str] = []
    for tag, text in by_tag.items():
        text = text.strip()
        if not text:
            continue
        if tag.strip().lower() in UNSTATED:
            unstated.append(text)
            continue
        code = exhibition_code(tag, languages)
        if code is None:
            left_out.append(tag)
        else:
            texts.setdefault(code, text)
    for text in unstated:
        if text in texts.values():
            continue
        if default not in texts:
            texts[default] = text
        else:
            left_out.append("x-default")
    if languages:  # in the exhibition's order, as curators write them
        texts = {code: texts[code] for code in sorted(texts, key=lambda c: list(languages).index(c))}
    return texts, left_out
