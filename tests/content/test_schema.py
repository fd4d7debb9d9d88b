"""The committed JSON Schema is the model's, so editors check what the kiosk checks.

A real validator (``jsonschema``, draft 2020-12, format checking on, patterns compiled
as ECMA-262 by ``regress`` the way check-jsonschema and the editors read them) runs over
the demo and the YAML corpus both ways: what ``kiosk validate`` accepts the schema
accepts, and a misspelled key is refused by both.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import regress
from jsonschema import Draft202012Validator, FormatChecker

from kiosk.content.loader import load_exhibition
from kiosk.content.schema import exhibition_schema, schema_json
from kiosk.content.yaml12 import parse_yaml, read_yaml

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "config" / "exhibition.yaml"
CORPUS = Path(__file__).parent / "corpus"


def ecma_regex(pattern: object) -> bool:
    if not isinstance(pattern, str):
        return True
    regress.Regex(pattern, "u")  # raises on anything ECMA-262 does not define, e.g. (?P<name>
    return True


def format_checker() -> FormatChecker:
    checker = Draft202012Validator.FORMAT_CHECKER
    checker = FormatChecker(formats=checker.checkers)
    checker.checks("regex", raises=regress.RegressError)(ecma_regex)
    return checker


class EcmaValidator:
    """jsonschema's validator with ECMA-262 patterns (Python's ``re`` accepts more)."""

    def __init__(self, schema: dict[str, Any]) -> None:
        def pattern(validator, expected, instance, _schema):
            if validator.is_type(instance, "string") and regress.Regex(expected, "u").find(instance) is None:
                yield jsonschema.ValidationError(f"{instance!r} does not match {expected!r}")

        validators = dict(Draft202012Validator.VALIDATORS, pattern=pattern)
        cls = jsonschema.validators.extend(Draft202012Validator, validators)
        self.validator = cls(schema, format_checker=format_checker())

    def errors(self, data: Any) -> list[str]:
        """Every error, the alternatives' own ones included (a section is a oneOf)."""
        def leaves(errors):
            for error in errors:
                yield error
                yield from leaves(error.context or ())

        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in leaves(self.validator.iter_errors(data))]


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return exhibition_schema()


@pytest.fixture(scope="module")
def validator(schema) -> EcmaValidator:
    return EcmaValidator(schema)


def test_the_committed_schema_is_current():
    committed = (ROOT / "config" / "exhibition.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "run `make schema` and commit config/exhibition.schema.json"


def test_the_demo_points_editors_at_the_schema():
    first = DEMO.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=exhibition.schema.json"


def test_the_schema_is_valid_for_its_draft_with_ecma_patterns_and_checked_formats(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema, format_checker=format_checker())
    text = json.dumps(schema)
    assert "(?P<" not in text
    patterns = re.findall(r'"pattern": ("(?:[^"\\]|\\.)*")', text)
    assert len(patterns) > 10
    for pattern in patterns:
        regress.Regex(json.loads(pattern), "u")
    # every format in the schema is one the validator checks (an unchecked one checks nothing)
    formats = set(re.findall(r'"format": "([^"]+)"', text))
    assert formats and formats <= set(format_checker().checkers)


def test_a_python_named_group_is_refused_by_the_ecma_check():
    with pytest.raises(jsonschema.SchemaError):
        Draft202012Validator.check_schema({"type": "string", "pattern": r"^(?P<a>\d)$"},
                                          format_checker=format_checker())


def kiosk_accepts(path: Path) -> bool:
    return load_exhibition(path).ok


def test_the_demo_is_valid_for_the_kiosk_and_for_the_schema(validator):
    assert kiosk_accepts(DEMO)
    data, _ = read_yaml(DEMO)
    assert validator.errors(data) == []


CORPUS_FILES = sorted(CORPUS.glob("*.yaml"))


def test_what_the_kiosk_accepts_in_the_corpus_the_schema_accepts(validator):
    accepted = [p for p in CORPUS_FILES if kiosk_accepts(p)]
    assert [p.stem for p in accepted] == ["valid"]  # the corpus's one good file; the rest are broken on purpose
    for path in accepted:
        data, _ = read_yaml(path)
        assert validator.errors(data) == [], path.name


# Files the kiosk refuses for something a schema can say (types, names, patterns, keys);
# the others are refused for what only the kiosk knows (files, references, check digits).
SCHEMA_REFUSES = {
    "bad_duration": "idle/timeout",
    "missing_field": "sections/0/panels/0: 'image' is a required property",
    "missing_title": ": 'title' is a required property",
    "unknown_key": "sections/0/panels/0: Additional properties are not allowed ('captoin' was unexpected)",
    "wrong_kind": "sections/0",
    "wrong_types": "title",
    "yaml12": "sections/0/panels/0/id",
    "schedule": "schedule/1/on",
    "isbn": "sections/0/books/2/link",
}


@pytest.mark.parametrize("stem", sorted(SCHEMA_REFUSES))
def test_what_the_schema_can_say_is_refused_by_both(stem, validator):
    path = CORPUS / f"{stem}.yaml"
    assert not kiosk_accepts(path)
    data, _ = read_yaml(path)
    errors = validator.errors(data)
    assert any(SCHEMA_REFUSES[stem] in e for e in errors), errors


def misspell(text: str, key: str, wrong: str, nth: int = 0) -> str:
    """The YAML text with the ``nth`` ``key:`` (as a key) written ``wrong:``."""
    found = [m for m in re.finditer(rf"(?m)(^\s*(?:- )?|[{{,]\s*){re.escape(key)}:", text)]
    match = found[nth]
    start = match.end() - len(key) - 1
    return text[:start] + wrong + text[start + len(key):]


MISSPELLINGS = [
    ("title", "titel", 0),          # the exhibition's own key
    ("timeout", "timout", 0),       # inside idle settings
    ("caption", "captoin", 0),      # inside a panel
    ("subtitles", "subtitle", 0),   # inside a clip
    ("isbn", "ibsn", 0),            # inside a book
    ("panels", "panel", 0),         # a section's list
    ("playlist", "playlst", 0),     # inside the attract settings
    ("brightness", "brigthness", 0),  # inside quiet hours
    ("duration", "duraton", -1),    # inside a minute of silence
]


@pytest.mark.parametrize(("key", "wrong", "nth"), MISSPELLINGS, ids=[m[1] for m in MISSPELLINGS])
def test_a_misspelled_key_is_refused_by_both(key, wrong, nth, tmp_path, validator):
    text = misspell(DEMO.read_text(encoding="utf-8"), key, wrong, nth)
    path = tmp_path / "exhibition.yaml"
    path.write_text(text.replace("media_root: ../media", f"media_root: {ROOT / 'media'}"), encoding="utf-8")
    result = load_exhibition(path)
    assert any(f"unknown key '{wrong}'" in p.message for p in result.errors), [str(p) for p in result.errors]
    data, _ = parse_yaml(text, "demo")
    errors = validator.errors(data)
    assert any(f"'{wrong}' was unexpected" in e for e in errors), errors


@pytest.mark.parametrize("path", [CORPUS / "valid.yaml", DEMO], ids=lambda p: p.stem)
def test_a_misspelled_key_in_each_valid_corpus_file_is_refused_by_both(path, tmp_path, validator):
    text = path.read_text(encoding="utf-8")
    wrong = misspell(text, "languages", "langauges")
    data, _ = parse_yaml(wrong, "x")
    assert any("'langauges' was unexpected" in e for e in validator.errors(data))
    copy = tmp_path / "exhibition.yaml"
    copy.write_text(wrong.replace("media_root: ../media", f"media_root: {ROOT / 'media'}"), encoding="utf-8")
    shutil.copytree(CORPUS / "media", tmp_path / "media")
    if path == DEMO:
        shutil.copy(DEMO.parent / "names.yaml", tmp_path)  # the demo's included register of names
    # one mistake, one message: not also "missing 'languages'"
    assert [p.message for p in load_exhibition(copy).errors] == \
        ["unknown key 'langauges' in this exhibition (did you mean 'languages'?)"]


def test_every_field_has_a_description_for_the_curator(schema):
    undocumented = [
        f"{name}.{field}"
        for name, definition in {"Exhibition": schema, **schema["$defs"]}.items()
        if name != "PlaylistEntry"
        for field, spec in definition.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert undocumented == []


def test_curator_words_for_durations_language_codes_and_days(schema, validator):
    idle = schema["$defs"]["IdleSettings"]["properties"]["timeout"]
    assert idle["type"] == ["number", "string"]
    assert idle["errorMessage"] == "Write a duration like 90s, 1m30s, 1h or 00:01:10 (a bare number is seconds)."
    assert "90s" in idle["examples"]
    languages = schema["properties"]["languages"]["items"]
    assert languages["errorMessage"] == \
        "Write a language code in lower case, like az, en, ar or ru (pt-BR with a region)."
    title = schema["properties"]["title"]
    assert title["type"] == ["string", "object"]
    assert title["propertyNames"]["errorMessage"] == languages["errorMessage"]
    assert "from" in schema["$defs"]["ScheduleEntry"]["properties"]
    base = {"title": "T", "languages": ["en"],
            "sections": [{"id": "p", "kind": "gallery", "title": "P", "panels": [{"image": "a.jpg", "title": "A"}]}]}
    # the loader's own forms pass; its refusals are refused
    for idle_value in ("90s", "1m 30s", "00:01:10", 90, "1.5h"):
        assert validator.errors({**base, "idle": {"timeout": idle_value}}) == [], idle_value
    for idle_value in ("90 sec", "", -1, "soon"):
        assert validator.errors({**base, "idle": {"timeout": idle_value}}) != [], idle_value
    assert validator.errors({**base, "silence": [{"at": "2027-02-26 17:00"}]}) == []
    assert validator.errors({**base, "silence": [{"at": "2027-02-26T17:00+04:00"}]}) != []
    assert validator.errors({**base, "schedule": [{"playlist": "p", "on": "2027-02-30"}]}) != []
    assert validator.errors({**base, "languages": ["az", "AR"]}) != []
