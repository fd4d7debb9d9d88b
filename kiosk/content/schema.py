"""The JSON Schema of the exhibition, for editors' completion and checking."""

from __future__ import annotations

import json
from typing import Any

from .models import Exhibition

SCHEMA_ID = "https://kiosk.invalid/exhibition.schema.json"


def exhibition_schema() -> dict[str, Any]:
    """The schema as the YAML language server reads it (draft 2020-12)."""
    schema = Exhibition.model_json_schema(by_alias=True, mode="validation")
    # ids default to the media file's name, so an editor must not demand them
    for name in ("Panel", "Clip", "Book"):
        definition = schema["$defs"][name]
        definition["required"] = [r for r in definition.get("required", []) if r != "id"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def schema_json() -> str:
    """The schema as committed in ``config/exhibition.schema.json``."""
    return json.dumps(exhibition_schema(), indent=2, ensure_ascii=False) + "\n"
