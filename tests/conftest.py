"""Test set-up: Kivy runs headless with its own home, before anything imports it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_KIVY_HOME = tempfile.mkdtemp(prefix="kiosk-test-kivy-")
os.environ.update(
    KIVY_NO_ARGS="1",
    KIVY_LOG_MODE="PYTHON",
    KIVY_NO_FILELOG="1",
    KIVY_NO_CONSOLELOG="1",
    KIVY_HOME=_KIVY_HOME,
    SDL_VIDEODRIVER=os.environ.get("KIOSK_TEST_VIDEODRIVER", "offscreen"),
    SDL_AUDIODRIVER="dummy",
    # the kiosk's own folders (PIN, last good exhibition, renditions) never land in ~
    KIOSK_HOME=tempfile.mkdtemp(prefix="kiosk-test-home-"),
    KIOSK_CACHE=tempfile.mkdtemp(prefix="kiosk-test-cache-"),
)

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo_path() -> Path:
    return ROOT / "config" / "exhibition.yaml"
