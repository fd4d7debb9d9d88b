"""The kiosk's own words in the visitor's language, and each language's own name."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

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


RTL_LIST_SEPARATOR = {"ar": "، ", "fa": "، ", "ur": "، "}


def join_list(items: Iterable[str], language: str) -> str:
    """Names one after another as the language writes a list: "A، B" in Arabic, "A, B" else."""
    return RTL_LIST_SEPARATOR.get(language.split("-")[0], ", ").join(items)


@lru_cache(maxsize=32)
def _plural_rule(language: str) -> Callable[[int], str]:
    try:
        return Locale.parse(language.replace("-", "_")).plural_form
    except (UnknownLocaleError, ValueError):
        return Locale("en").plural_form


class Strings:
    """Looks up the kiosk's own strings; a missing one falls back to English.

    A string that counts (``{count} panels``) may give each language its plural forms
    by CLDR's categories, ``{one: ..., few: ..., many: ..., other: ...}``; the form is
    chosen by the language's own rule (Babel's CLDR data).
    """

    def __init__(self, path: Path = STRINGS_FILE) -> None:
        data, _ = read_yaml(path)
        self.texts: dict[str, Text] = {}
        self.plurals: dict[str, dict[str, dict[str, str]]] = {}
        for key, value in data.items():
            if isinstance(value, dict) and any(isinstance(v, dict) for v in value.values()):
                self.plurals[key] = {code: v if isinstance(v, dict) else {"other": v} for code, v in value.items()}
                value = {code: forms.get("other", "") for code, forms in self.plurals[key].items()}
            self.texts[key] = Text(value)

    def get(self, key: str, language: str, **values: object) -> str:
        text = self.texts.get(key)
        if text is None:
            log.error("no UI string called %r", key)
            return key
        template = text.get(language, FALLBACK)
        forms = self.plurals.get(key, {})
        count = values.get("count")
        if forms and isinstance(count, int):
            written = language if language in forms else FALLBACK
            chosen = forms.get(written, {})
            template = chosen.get(_plural_rule(written)(count), chosen.get("other", template))
        return template.format(**values) if values else template

    def missing(self, languages: list[str]) -> dict[str, list[str]]:
        """Every string that lacks one of ``languages``: {key: [codes]}."""
        return {key: gaps for key, text in self.texts.items() if (gaps := text.missing(languages))}
