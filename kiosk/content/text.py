"""Visitor-facing text in several languages, and the one lookup that picks a language.

A curator writes either a plain string (the same for every language) or a map from
language code to text: ``{en: "In memory", az: "Xatirə"}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
"""ISO 639 code, optionally with a region or script: ``az``, ``en``, ``pt-BR``, ``sr-Latn``."""
LANGUAGE_ERROR = "Write a language code in lower case, like az, en, ar or ru (pt-BR with a region)."
"""What the curator's editor says about a language code that does not fit the pattern."""

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv", "ug", "sd"})


def suggest_language(value: object) -> str | None:
    """The code a curator most likely meant: ``AR`` -> ``ar``, ``pt_br`` -> ``pt-BR``,
    ``aze`` -> ``az``, ``English`` -> ``en``; None when nothing fits."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("_", "-")
    base, dash, rest = text.partition("-")
    candidate = base.lower() + dash + (rest.upper() if len(rest) == 2 else rest)
    try:
        import langcodes  # a well-kept registry of ISO 639 codes and language names

        tag = langcodes.Language.get(candidate) if re.match(LANGUAGE_PATTERN, candidate) else langcodes.find(text)
        found = tag.simplify_script().to_tag()
        return found if found != "und" and re.match(LANGUAGE_PATTERN, found) else None
    except (ImportError, LookupError, ValueError):
        return candidate if re.match(LANGUAGE_PATTERN, candidate) else None


def is_rtl(language: str) -> bool:
    """True when the language is written right to left."""
    return language.split("-")[0] in RTL_LANGUAGES


class Text:
    """An immutable piece of text in one or more languages.

    ``Text.get(lang, default)`` falls back requested -> default -> first present, so a
    screen always has something to show.
    """

    __slots__ = ("_by_language", "_universal")

    def __init__(self, value: str | Mapping[str, str]) -> None:
        if isinstance(value, str):
            self._universal: str | None = value
            self._by_language: tuple[tuple[str, str], ...] = ()
        else:
            self._universal = None
            self._by_language = tuple((str(k), str(v)) for k, v in value.items())

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this text is written in; empty for a text meant for all."""
        return tuple(k for k, _ in self._by_language)

    @property
    def is_universal(self) -> bool:
        """True for a plain string meant for every language (a name, a credit)."""
        return self._universal is not None

    def get(self, language: str, default: str | Iterable[str] | None = None) -> str:
        """The text in ``language``, else in ``default`` (one language, or several in the
        order to try), else the first one written."""
        if self._universal is not None:
            return self._universal
        found = dict(self._by_language)
        order = [default] if default is None or isinstance(default, str) else list(default)
        for code in (language, *order):
            if code and code in found:
                return found[code]
        return self._by_language[0][1] if self._by_language else ""

    def missing(self, languages: Iterable[str]) -> list[str]:
        """The languages among ``languages`` that this text has no translation for."""
        if self._universal is not None:
            return []
        have = set(self.languages)
        return [code for code in languages if code not in have]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Text):
            return NotImplemented
        return (self._universal, self._by_language) == (other._universal, other._by_language)

    def __hash__(self) -> int:
        return hash((self._universal, self._by_language))

    def __repr__(self) -> str:
        if self._universal is not None:
            return f"Text({self._universal!r})"
        return f"Text({dict(self._by_language)!r})"

    # pydantic integration -------------------------------------------------------------
    @classmethod
    def _coerce(cls, value: Any) -> "Text":
        if isinstance(value, Text):
            return value
        if isinstance(value, str):
            return cls(value)
        if isinstance(value, dict):
            if not value:
                raise PydanticCustomError("text_type", "expected a text or a map of language to text, found an empty map")
            for code, text in value.items():
                if not isinstance(code, str) or not re.match(LANGUAGE_PATTERN, code):
                    meant = suggest_language(code)
                    raise PydanticCustomError(
                        "text_type", "'{code}' is not a language code like en, az or pt-BR{hint}",
                        {"code": str(code), "hint": f" (did you mean '{meant}'?)" if meant else ""},
                    )
                if not isinstance(text, str):
                    raise PydanticCustomError(
                        "text_type", "the {code} text should be a text, found {found}",
                        {"code": code, "found": describe(text)},
                    )
            return cls(value)
        raise PydanticCustomError(
            "text_type", "expected a text or a map of language to text, found {found}", {"found": describe(value)}
        )

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._coerce,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda t: t._universal if t._universal is not None else dict(t._by_language)
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # one node, not anyOf: an editor then points at the wrong language code itself
        return {
            "type": ["string", "object"],
            "description": "One text for every language, or the text per language: {en: ..., az: ...}.",
            "examples": ["In memory", {"en": "In memory", "az": "Xatirə"}],
            "propertyNames": {"pattern": LANGUAGE_PATTERN, "errorMessage": LANGUAGE_ERROR},
            "additionalProperties": {"type": "string"},
            "minProperties": 1,
        }


def describe(value: Any) -> str:
    """How a found value is named in a curator's message: "a list", "the number 5"."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, dict):
        return "a map (key: value lines)"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
