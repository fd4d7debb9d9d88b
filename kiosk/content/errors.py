"""Turning pydantic's validation errors into messages in a curator's words, with places."""

from __future__ import annotations

import difflib
from collections import defaultdict
from typing import Any

from pydantic import ValidationError

from .modelwalk import curator_name, field_keys, model_at
from .models import ID_PATTERN
from .problems import Loc, Mark, Positions, Problem
from .text import LANGUAGE_PATTERN, describe, suggest_language

_EXPECTED = {
    "string_type": "a text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (lines starting with -)",
    "dict_type": "a map (key: value lines)",
    "model_type": "a map (key: value lines)",
    "model_attributes_type": "a map (key: value lines)",
    "date_type": "a date like 2027-02-26",
    "date_parsing": "a date like 2027-02-26",
    "date_from_datetime_parsing": "a date like 2027-02-26",
    "date_from_datetime_inexact": "a date like 2027-02-26",
    "datetime_type": "a moment like 2027-02-26 18:00",
    "datetime_parsing": "a moment like 2027-02-26 18:00",
    "datetime_from_date_parsing": "a moment like 2027-02-26 18:00",
}

_PATTERNS = {
    ID_PATTERN: "a short name of lower-case letters, digits, - and _ (like photos or 001)",
    LANGUAGE_PATTERN: "a language code like az, en, ar or ru",
}


def clean_loc(loc: tuple[Any, ...], data: Any, keep_last: bool) -> Loc:
    """Drop the union member names pydantic puts into ``loc`` ("gallery", "str", ...)."""
    cleaned: list[str | int] = []
    value = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(value, dict) and part in value:
            cleaned.append(part)
            value = value[part]
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            cleaned.append(part)
            value = value[part]
        elif last and keep_last:
            cleaned.append(part)
    return tuple(cleaned)


def suggest(word: str, choices: list[str]) -> str:
    """`` (did you mean 'caption'?)`` or nothing."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _pattern_message(error: dict[str, Any], found: str, loc: Loc) -> str:
    pattern = error.get("ctx", {}).get("pattern", "")
    if loc and loc[-1] == "link":
        return f"expected a web address starting with https://, found {found}"
    if loc and loc[-1] == "hours":
        return f"expected daily hours like 18:00-21:30, found {found}"
    expected = _PATTERNS.get(pattern, f"text matching {pattern}")
    hint = ""
    if pattern == LANGUAGE_PATTERN:
        meant = suggest_language(error.get("input"))
        hint = f" (did you mean '{meant}'?)" if meant else ""
    return f"expected {expected}, found {found}{hint}"


def _message(error: dict[str, Any], loc: Loc, data: Any, positions: Positions) -> str:
    kind = error["type"]
    value = error.get("input")
    found = describe(value)
    raw = positions.raw_scalars.get(loc)
    if kind == "missing":
        owner = model_at(loc[:-1], data)
        what = curator_name(owner) if owner else "entry"
        return f"missing '{loc[-1]}': every {what} needs one"
    if kind == "extra_forbidden":
        owner = model_at(loc[:-1], data)
        known = field_keys(owner) if owner else []
        where = f" in this {curator_name(owner)}" if owner else ""
        hint = suggest(str(loc[-1]), known)
        if not hint and known:
            hint = "; known keys are " + ", ".join(known)
        return f"unknown key '{loc[-1]}'{where}{hint}"
    if kind == "union_tag_invalid":
        tags = [t.strip(" '") for t in error["ctx"]["expected_tags"].split(",")]
        tag = str(error["ctx"]["tag"])
        return f"unknown kind '{tag}'; expected {', '.join(tags[:-1])} or {tags[-1]}{suggest(tag, tags)}"
    if kind == "union_tag_not_found":
        return "missing 'kind': say gallery, clips or catalogue"
    if kind == "string_pattern_mismatch":
        return _pattern_message(error, found, loc)
    if kind == "string_type" and raw is not None:
        return f"expected a text, found the number {raw}; put it in quotes ('{raw}') to keep it as written"
    if kind == "too_short":
        if not value:
            return f"expected at least {error['ctx']['min_length']} item(s), found none"
        return error["msg"]
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        limit = error["ctx"].get("ge", error["ctx"].get("le", error["ctx"].get("gt", error["ctx"].get("lt"))))
        relation = {"greater_than_equal": "at least", "less_than_equal": "at most",
                    "greater_than": "more than", "less_than": "less than"}[kind]
        return f"expected a number {relation} {limit}, found {found}"
    if kind == "literal_error":
        return f"expected {error['ctx']['expected']}, found {found}"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, found {found}"
    if "ctx" not in error or kind in ("duration", "media_path", "isbn", "text_type", "playlist_entry", "schedule",
                                  "when", "opening"):
        return error["msg"]
    return f"{error['msg']}, found {found}"


def translate(exc: ValidationError, data: Any, positions: Positions, label: str) -> list[Problem]:
    """One positioned problem per place, merging the alternatives of a union."""
    grouped: dict[Loc, list[dict[str, Any]]] = defaultdict(list)
    for error in exc.errors(include_url=False):
        kind = error["type"]
        loc = clean_loc(error["loc"], data, keep_last=kind in ("missing", "extra_forbidden"))
        grouped[loc].append(error)
    # an item without its media has no id to derive either: say the cause only
    for loc in [loc for loc in grouped if loc[-1:] == ("id",)]:
        if grouped[loc][0]["type"] == "missing" and any(
            other[:-1] == loc[:-1] and other != loc and errs[0]["type"] == "missing"
            for other, errs in grouped.items()
        ):
            del grouped[loc]
    # a misspelled key of a required field: "unknown key 'langauges' (did you mean 'languages'?)"
    # says it all; "missing 'languages'" would be the same mistake told twice
    for loc in [loc for loc, errs in grouped.items() if errs[0]["type"] == "extra_forbidden"]:
        missing = [other for other, errs in grouped.items()
                   if other[:-1] == loc[:-1] and errs[0]["type"] == "missing"]
        close = difflib.get_close_matches(str(loc[-1]), [str(m[-1]) for m in missing], n=1, cutoff=0.6)
        if close:
            del grouped[(*loc[:-1], close[0])]
    problems = []
    for loc, errors in grouped.items():
        kinds = {e["type"] for e in errors}
        if "union_tag_invalid" in kinds:
            mark = positions.value((*loc, "kind"))
        elif "extra_forbidden" in kinds or "missing" in kinds:
            mark = positions.key(loc) if "extra_forbidden" in kinds else positions.value(loc[:-1])
        else:
            mark = positions.value(loc)
        mark = mark or Mark(label, 1, 1)
        if len(errors) > 1 and all(e["type"] in _EXPECTED for e in errors):
            expected = sorted({_EXPECTED[e["type"]] for e in errors})
            message = f"expected {' or '.join(expected)}, found {describe(errors[0].get('input'))}"
            problems.append(Problem(mark, message, loc=loc, blocking=True))
            continue
        # a union whose members disagree: the most specific message wins
        errors.sort(key=lambda e: e["type"] in _EXPECTED)
        seen: set[str] = set()
        for error in errors[:1] if len(errors) > 1 else errors:
            message = _message(error, loc, data, positions)
            if message not in seen:
                seen.add(message)
                problems.append(Problem(mark, message, loc=loc, blocking=True))
    return problems



def fold_follow_ons(problems: list[Problem]) -> list[Problem]:
    """One cause, one message: a warning about a value that already has an error is left out.

    A text whose type is wrong does not also lack translations; the error says what to fix.
    """
    from .problems import Severity

    broken = {p.loc for p in problems if p.severity is Severity.ERROR and p.loc}
    return [p for p in problems
            if p.severity is Severity.ERROR or not any(p.loc[:len(loc)] == loc for loc in broken)]
