"""The JSON Schema of the exhibition, for editors' completion and checking.

Editors read it through the YAML language server (draft 2020-12, regular expressions
of ECMA-262, formats as RFC 3339 defines them), so the pydantic schema is finished here:

- Python's named groups ``(?P<name>...)`` become plain groups, which both dialects read;
- a value that may be left empty (``Text | None``) is one node with ``"null"`` among its
  types rather than an ``anyOf``, because the language server then reports the real
  mistake ("write a duration like 90s") instead of "incorrect type, expected null";
- every pattern a curator meets carries an ``errorMessage`` (the language server's
  extension) and examples, in the words ``kiosk validate`` uses.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .models import _TIME_WINDOW, ENTRY_PATTERN, ID_PATTERN, Exhibition
from .text import LANGUAGE_ERROR, LANGUAGE_PATTERN

SCHEMA_ID = "https://kiosk.invalid/exhibition.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")


def ecma_pattern(pattern: str) -> str:
    """A Python pattern in the dialect JSON Schema validators use: named groups unnamed."""
    return _NAMED_GROUP.sub("(", pattern)


# What the editor says when a text does not fit a pattern, and what it offers as examples.
_PATTERN_WORDS: dict[str, tuple[str, list[Any]]] = {
    ecma_pattern(ID_PATTERN): (
        "Write a short name of lower-case letters, digits, - and _, e.g. photos or 001.", ["photos", "001"]),
    ecma_pattern(LANGUAGE_PATTERN): (LANGUAGE_ERROR, ["az", "en", "ar", "ru"]),
    ecma_pattern(ENTRY_PATTERN): (
        "Write a section (photos), a panel or clip (photos/001) or a clip excerpt "
        "(film/memorial@00:01:10-00:01:40).", ["photos", "photos/001", "film/memorial@00:01:10-00:01:40"]),
    r"^https?://\S+$": ("Write a web address starting with https://, e.g. https://example.org/book.",
                        ["https://example.org/book"]),
    ecma_pattern(_TIME_WINDOW.pattern): (
        "Write daily hours as start-end, e.g. 18:00-21:30 (or 22:00-02:00 across midnight).",
        ["18:00-21:30", "22:00-08:00"]),
}


def _finish(node: Any) -> Any:
    if isinstance(node, list):
        return [_finish(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: (value if key in ("examples", "default", "const", "enum") else _finish(value))
            for key, value in node.items()}
    if isinstance(node.get("pattern"), str):
        node["pattern"] = ecma_pattern(node["pattern"])
        words = _PATTERN_WORDS.get(node["pattern"])
        if words is not None:
            node.setdefault("errorMessage", words[0])
            node.setdefault("examples", words[1])
    if "patternProperties" in node:
        node["patternProperties"] = {ecma_pattern(k): v for k, v in node["patternProperties"].items()}
        if len(node["patternProperties"]) == 1 and "additionalProperties" not in node:
            # a map whose keys are names (playlists): a key that is no name is refused by the
            # loader, so by the editor too, in the same words
            (key,) = node["patternProperties"]
            names = dict(node.get("propertyNames", {}), pattern=key)
            if key in _PATTERN_WORDS:
                names.setdefault("errorMessage", _PATTERN_WORDS[key][0])
            node["propertyNames"] = names
    return _merge_null(node)


def _merge_null(node: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [X, {type: null}]`` as X with "null" among its types, where X names its types."""
    alternatives = node.get("anyOf")
    if not isinstance(alternatives, list) or len(alternatives) != 2 or {"type": "null"} not in alternatives:
        return node
    other = alternatives[0] if alternatives[1] == {"type": "null"} else alternatives[1]
    kinds = other.get("type")
    if kinds is None or "$ref" in other or "anyOf" in other or "oneOf" in other:
        return node
    kinds = kinds if isinstance(kinds, list) else [kinds]
    merged = {**other, "type": [*kinds, "null"]}
    rest = {k: v for k, v in node.items() if k != "anyOf"}
    return {**merged, **rest}


def _require_ids_only_where_they_cannot_be_derived(schema: dict[str, Any]) -> None:
    # ids default to the media file's name, so an editor must not demand them
    for name in ("Panel", "Clip", "Book"):
        definition = schema["$defs"][name]
        definition["required"] = [r for r in definition.get("required", []) if r != "id"]


def exhibition_schema() -> dict[str, Any]:
    """The schema as the YAML language server reads it (draft 2020-12)."""
    schema = Exhibition.model_json_schema(by_alias=True, mode="validation")
    _require_ids_only_where_they_cannot_be_derived(schema)
    schema = _finish(schema)
    return {"$schema": DRAFT, "$id": SCHEMA_ID, **schema}


def schema_json() -> str:
    """The schema as committed in ``config/exhibition.schema.json``."""
    return json.dumps(exhibition_schema(), indent=2, ensure_ascii=False) + "\n"
