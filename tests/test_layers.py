"""The house's layers: every import points down (read with ast, function-level imports too).

A module may import its own package and any package in a lower layer, never one in a higher
layer or a sibling in its own layer. The order is the README's code map (docs/architecture.md).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kiosk"

LAYERS: list[set[str]] = [
    {"common"},
    {"content"},
    {"media"},
    {"analytics"},
    {"fleet", "visit"},
    {"ui"},
    {"technician"},
    {"shell"},
    {"curator"},
    {"cli"},
    {"__main__"},
]
"""Lowest first. ``kiosk/__init__.py`` (the version) is below them all."""
RANK = {room: rank for rank, rooms in enumerate(LAYERS) for room in rooms}


def room_of(module: str) -> str | None:
    """``kiosk.ui.screens.gallery`` -> ``ui``; ``kiosk`` itself -> None."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        found[".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)] = path
    return found


def imports_of(module: str, path: Path) -> list[tuple[int, str]]:
    """Every kiosk module ``module`` imports, with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "kiosk"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "kiosk":
                continue
            if target == "kiosk":  # from kiosk import x: x is the module
                found += [(node.lineno, f"kiosk.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, target))
    return found


def test_every_room_has_a_layer() -> None:
    rooms = {room_of(m) for m in modules()} - {None}
    assert rooms <= set(RANK), f"rooms with no layer: {sorted(rooms - set(RANK))}"


def test_only_the_command_line_is_loose_at_the_root() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "cli.py"]


def test_every_import_points_down() -> None:
    upward = []
    for module, path in sorted(modules().items()):
        room = room_of(module)
        if room is None:
            continue
        for line, target in imports_of(module, path):
            other = room_of(target)
            if other is None or other == room or other not in RANK:
                continue
            if RANK[other] >= RANK[room]:
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {room} imports {target} ({other})")
    assert upward == []


@pytest.mark.parametrize("source, expected", [
    ("from ...shell.app import KioskApp", ["kiosk.shell.app"]),
    ("from kiosk import cli", ["kiosk.cli"]),
    ("def f():\n    from ...technician import usb", ["kiosk.technician"]),
])
def test_imports_are_read_wherever_they_stand(tmp_path, source, expected) -> None:
    """The reader sees relative, absolute and function-level imports (else the test above
    would pass on code that points up)."""
    path = tmp_path / "gallery.py"
    path.write_text(source)
    assert [target for _line, target in imports_of("kiosk.ui.screens.gallery", path)] == expected
