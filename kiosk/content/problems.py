"""Problems found in an exhibition, each with the place a curator can jump to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

Loc = tuple[str | int, ...]
"""Where a value sits in the exhibition: ``("sections", 0, "panels", 2, "title")``."""


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Mark:
    """A place in a YAML file, 1-based like editors count."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing the curator should fix (error) or look at (warning)."""

    mark: Mark
    message: str
    severity: Severity = Severity.ERROR
    loc: Loc = ()
    blocking: bool = field(default=False, compare=False)
    """True when the exhibition (or the part at ``loc``) cannot be shown at all."""

    def __str__(self) -> str:
        return f"{self.mark}: {self.severity.value}: {self.message}"


@dataclass
class Positions:
    """Where each value and each key of the loaded data came from."""

    values: dict[Loc, Mark] = field(default_factory=dict)
    keys: dict[Loc, Mark] = field(default_factory=dict)
    raw_scalars: dict[Loc, str] = field(default_factory=dict)
    """The text as written, for plain scalars that YAML turned into numbers."""

    def value(self, loc: Loc) -> Mark | None:
        """The mark of the value at ``loc`` or, failing that, of its nearest ancestor."""
        for end in range(len(loc), -1, -1):
            mark = self.values.get(loc[:end])
            if mark is not None:
                return mark
        return None

    def key(self, loc: Loc) -> Mark | None:
        """The mark of the key at ``loc``; of the value when the key has none (list items)."""
        return self.keys.get(loc) or self.value(loc)

    def merge(self, other: "Positions", prefix_map: "callable[[Loc], Loc]") -> None:  # type: ignore[valid-type]
        for loc, mark in other.values.items():
            self.values[prefix_map(loc)] = mark
        for loc, mark in other.keys.items():
            self.keys[prefix_map(loc)] = mark
        for loc, raw in other.raw_scalars.items():
            self.raw_scalars[prefix_map(loc)] = raw


class ContentError(Exception):
    """Raised when a file cannot be read at all; carries the positioned problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as the curator will recognise it: relative to the working folder if inside."""
    base = base or Path.cwd()
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


def first_problems(problems: Iterable[object], limit: int = 8) -> list[str]:
    """The first ``limit`` problems as lines, and a line saying how many more there are."""
    problems = [str(problem) for problem in problems]
    shown = problems[:limit]
    if len(problems) > limit:
        shown.append(f"... and {len(problems) - limit} more")
    return shown
