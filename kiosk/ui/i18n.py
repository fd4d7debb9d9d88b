"""The kiosk's own words in the visitor's language, and each language's own name."""

from __future__ import annotations

import logging
from pathlib import Path

from ..content.text import Text
from ..content.yaml12 import read_yaml

log = logging.getLogger(__name__)

STRINGS_FILE = Path(__file__).with_name("strings.yaml")
FALLBACK = "en"

LANGUAGE_NAMES = {
    "az": "Azərbaycanca", "en": "English", "ar": "العربية", "ru": "Русский", "tr": "Türkçe",
    "fr": "Français", "de": "Deutsch", "es": "Español", "it": "Italiano", "fa": "فارسی",
    "uk": "Українська", "kk": "Қазақша", "uz": "Oʻzbekcha", "no": "Norsk", "pt": "Português",
    "pl": "Polski", "ur": "اردو", "el": "Ελληνικά",
}
"""Only names the bundled font can draw (Latin, Cyrillic, Greek, Arabic scripts); a test checks.
Georgian, Hebrew or Chinese need a font of their own first."""


def language_name(code: str) -> str:
    """The language's name in itself: ``az`` -> ``Azərbaycanca``."""
    return LANGUAGE_NAMES.get(code, LANGUAGE_NAMES.get(code.split("-")[0], code))


class Strings:
    """Looks up the kiosk's own strings; a missing one falls back to English."""

    def __init__(self, path: Path = STRINGS_FILE) -> None:
        data, _ = read_yaml(path)
        self.texts: dict[str, Text] = {key: Text(value) for key, value in data.items()}

    def get(self, key: str, language: str, **values: object) -> str:
        text = self.texts.get(key)
        if text is None:
            log.error("no UI string called %r", key)
            return key
        template = text.get(language, FALLBACK)
        return template.format(**values) if values else template

    def missing(self, languages: list[str]) -> dict[str, list[str]]:
        """Every string that lacks one of ``languages``: {key: [codes]}."""
        return {key: gaps for key, text in self.texts.items() if (gaps := text.missing(languages))}
