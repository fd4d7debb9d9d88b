"""The committed JSON Schema is the model's, so editors check what the kiosk checks."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.content.schema import exhibition_schema, schema_json

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_schema_is_current():
    committed = (ROOT / "config" / "exhibition.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "run `make schema` and commit config/exhibition.schema.json"


def test_the_demo_points_editors_at_the_schema():
    first = (ROOT / "config" / "exhibition.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=exhibition.schema.json"


def test_every_field_has_a_description_for_the_curator():
    schema = exhibition_schema()
    undocumented = [
        f"{name}.{field}"
        for name, definition in {"Exhibition": schema, **schema["$defs"]}.items()
        if name != "PlaylistEntry"
        for field, spec in definition.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert undocumented == []


def test_the_schema_describes_durations_and_texts_as_the_loader_reads_them():
    schema = exhibition_schema()
    idle = schema["$defs"]["IdleSettings"]["properties"]["timeout"]
    kinds = {alt.get("type") for alt in idle["anyOf"]}
    assert kinds == {"number", "string"}
    title = schema["properties"]["title"]
    assert {alt["type"] for alt in title["anyOf"]} == {"string", "object"}
    assert "from" in schema["$defs"]["ScheduleEntry"]["properties"]
    json.dumps(schema)  # serialisable as the editors need it
