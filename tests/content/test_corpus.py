"""A corpus of broken exhibitions, each with its exact expected messages and places.

Each file under corpus/ lists what `kiosk validate` must say in `# expect:` lines:
every error exactly, and any warning that is named.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content.loader import load_exhibition
from kiosk.content.problems import Severity

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p for p in CORPUS.glob("*.yaml") if p.name != "valid.yaml")


def expected(path: Path) -> list[str]:
    return [line.split(":", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("# expect:")]


def said(path: Path) -> tuple[list[str], list[str]]:
    result = load_exhibition(path)
    prefix = f"{result.problems[0].mark.file}:" if result.problems else ""
    errors = [str(p)[len(prefix):] for p in result.problems if p.severity is Severity.ERROR]
    warnings = [str(p)[len(prefix):] for p in result.problems if p.severity is Severity.WARNING]
    return errors, warnings


def test_the_valid_file_has_no_problem(monkeypatch):
    monkeypatch.chdir(CORPUS.parent.parent.parent)
    result = load_exhibition(CORPUS / "valid.yaml")
    assert [str(p) for p in result.problems] == []
    assert result.exhibition is not None
    assert [p.id for p in result.exhibition.sections[0].panels] == ["a", "b"]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_each_broken_file_says_exactly_what_is_wrong(path, monkeypatch):
    monkeypatch.chdir(CORPUS.parent.parent.parent)
    want = expected(path)
    assert want, f"{path.name} has no '# expect:' line"
    errors, warnings = said(path)
    want_errors = [w for w in want if ": error: " in w]
    want_warnings = [w for w in want if ": warning: " in w]
    assert errors == want_errors
    for warning in want_warnings:
        assert warning in warnings
    if not want_errors:
        assert load_exhibition(path).ok
