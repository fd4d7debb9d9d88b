"""`analytics:` in the exhibition, as a curator writes it and as `kiosk validate` answers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.content.loader import load_exhibition

CORPUS = Path(__file__).resolve().parents[1] / "content" / "corpus"


def load_with(tmp_path: Path, line: str):
    text = (CORPUS / "valid.yaml").read_text(encoding="utf-8")
    (tmp_path / "exhibition.yaml").write_text(f"{line}\n{text}", encoding="utf-8")
    if (CORPUS / "media").is_dir() and not (tmp_path / "media").exists():
        shutil.copytree(CORPUS / "media", tmp_path / "media")
    return load_exhibition(tmp_path / "exhibition.yaml")


@pytest.mark.parametrize("line, expected", [
    ("", 400.0),
    ("analytics: {keep: 30d}", 30.0),
    ("analytics: {keep: 52w}", 364.0),
    ("analytics: {keep: 1y}", 365.0),
    ("analytics: {keep: 90}", 90.0),
])
def test_keep_is_read_in_days(tmp_path, line, expected):
    loaded = load_with(tmp_path, line)
    assert not loaded.errors, loaded.errors
    assert loaded.exhibition.analytics.keep == expected


def test_analytics_off(tmp_path):
    loaded = load_with(tmp_path, "analytics: off")
    assert not loaded.errors
    assert loaded.exhibition.analytics == "off"


@pytest.mark.parametrize("line, message", [
    ("analytics: of", "1:12: error: expected 'off', found the text 'of'"),
    ("analytics: {keep: 30m}", "1:19: error: expected a number of days like 400d, 52w or 1y, found the text '30m'"),
    ("analytics: {keep: 0d}", "1:19: error: expected a number of days like 400d, 52w or 1y, found the text '0d'"),
    ("analytics: {kep: 30d}", "1:13: error: unknown key 'kep' in this analytics (did you mean 'keep'?)"),
])
def test_one_mistake_one_message_at_its_place(tmp_path, line, message):
    loaded = load_with(tmp_path, line)
    assert [str(p).split("exhibition.yaml:", 1)[1] for p in loaded.errors] == [message]
