"""The command line as a technician meets it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=120,
                          env=env or os.environ.copy(), cwd=ROOT)


def test_run_without_a_display_says_so_in_one_line_and_names_preview():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    result = run("run", env=env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0], lines
    # the command it names works as written, from where it was run
    command = lines[0].split("instead: ", 1)[1].split()
    assert command[-3:] == ["preview", "--out", "preview"]
    assert shutil.which(command[0], path=str(ROOT)) or shutil.which(command[0]), command
    help_run = subprocess.run([*command[:-3], "preview", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert help_run.returncode == 0 and "--out" in help_run.stdout


def test_validate_on_the_bundled_demo_is_clean():
    result = run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stdout


def test_a_missing_exhibition_is_a_plain_error():
    result = run("validate", "no/such/place.yaml")
    assert result.returncode == 1
    assert result.stderr.strip() == "kiosk: no/such/place.yaml: no such file or folder"


def test_schema_prints_the_committed_schema():
    result = run("schema")
    assert result.returncode == 0
    assert result.stdout == (ROOT / "config" / "exhibition.schema.json").read_text(encoding="utf-8")
