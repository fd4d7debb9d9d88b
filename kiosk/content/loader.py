"""Loading an exhibition: read the YAML files, validate, cross-check, report everything.

``load_exhibition`` never raises for anything a curator can write. It returns the
exhibition (possibly without the parts that are broken, so the kiosk keeps running on
what is good) and every problem found, each at ``file:line:col``.
"""

from __future__ import annotations

import copy
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from .checks import ClipDuration, MediaInspector, check
from .errors import clean_loc, fold_follow_ons, suggest, translate
from .media_root import MediaRoot, special_kind
from .models import KINDS, Exhibition
from .problems import ContentError, Loc, Mark, Positions, Problem, Severity, display_path
from .yaml12 import read_yaml

INCLUDABLE = ("sections", "playlists", "schedule", "quiet", "silence")
DEFAULT_NAMES = ("exhibition.yaml", "config/exhibition.yaml")


@dataclass(frozen=True)
class LoadResult:
    """What loading an exhibition gave: the exhibition (or None) and every problem."""

    source: Path
    exhibition: Exhibition | None
    problems: tuple[Problem, ...]
    media: MediaRoot
    files: tuple[Path, ...] = field(default=())
    """Every YAML file that was read, for watching."""
    resolved: Mapping[str, Path | None] = field(default_factory=dict)
    """Every media path the checks resolved, to its file (None: unusable): the exhibition's
    assets (kiosk/media/assets.py) start from these instead of resolving them again."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when there is nothing the curator must fix."""
        return not self.errors


def find_exhibition(path: Path) -> Path:
    """The exhibition file for a path that may name the file or its folder."""
    if path.is_dir():
        for name in DEFAULT_NAMES:
            if (path / name).is_file():
                return path / name
        return path / DEFAULT_NAMES[0]
    return path


def load_exhibition(path: Path, clip_duration: ClipDuration | None = None,
                    inspect: MediaInspector | None = None) -> LoadResult:
    """Read, validate and cross-check the exhibition at ``path`` (a file or its folder).

    ``clip_duration`` and ``inspect`` look inside media files (``kiosk validate`` passes
    them); without them only paths are checked, which is fast enough for start-up.
    """
    source = find_exhibition(Path(path))
    label = display_path(source)
    media = MediaRoot(source.parent / "media")
    files = [source]
    try:
        data, positions = _read_yaml_file(source, label)
    except ContentError as exc:
        return LoadResult(source, None, tuple(exc.problems), media, tuple(files))
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else "a single value"
        problem = Problem(positions.value(()) or Mark(label, 1, 1),
                          f"expected the exhibition as a map (title:, languages:, sections: ...), found {found}",
                          blocking=True)
        return LoadResult(source, None, (problem,), media, tuple(files))

    problems: list[Problem] = []
    root = data.get("media_root", "media")
    if isinstance(root, str):
        media = MediaRoot((source.parent / root))
        if not media.folder.is_dir():
            problems.append(Problem(positions.value(("media_root",)) or Mark(label, 1, 1),
                                    f"the media folder {display_path(media.folder)} does not exist"))
    files += _include(data, positions, source, label, problems)

    exhibition, validation = _validate(data, positions, label)
    problems += validation
    resolved: dict[str, Path | None] = {}
    problems += check(data, positions, label, media, clip_duration, inspect, resolved)
    problems = fold_follow_ons(problems)
    problems.sort(key=lambda p: (p.mark.file != label, p.mark, p.severity.value))
    return LoadResult(source, exhibition, tuple(problems), media, tuple(files), resolved)


def _read_yaml_file(path: Path, label: str) -> tuple[Any, Positions]:
    """``read_yaml``, after refusing what is not an ordinary file: a named pipe would block
    the read forever and a device (``/dev/zero``) would never end."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        mode = None  # read_yaml says why it cannot be read
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise ContentError([Problem(Mark(label, 1, 1), f"the file is {special_kind(mode)}, not an ordinary "
                                                       f"file; save the exhibition as a normal file",
                                    blocking=True)])
    return read_yaml(path, label)


def _include(data: dict[str, Any], positions: Positions, source: Path, label: str,
             problems: list[Problem]) -> list[Path]:
    """Add the sections, playlists and schedule of included files to ``data`` in place."""
    includes = data.get("include")
    if not isinstance(includes, list):
        return []
    read: list[Path] = []
    for i, name in enumerate(includes):
        if not isinstance(name, str):
            continue  # the model reports the type
        where = positions.value(("include", i)) or Mark(label, 1, 1)
        pure = PurePosixPath(name)
        if pure.is_absolute() or ".." in pure.parts:
            problems.append(Problem(where, f"'{name}' must be a file beside the exhibition file or in a folder below it"))
            continue
        path = source.parent.joinpath(*pure.parts)
        if not path.is_file():
            problems.append(Problem(where, f"the included file '{name}' does not exist"))
            continue
        read.append(path)
        sub_label = display_path(path)
        try:
            part, part_positions = _read_yaml_file(path, sub_label)
        except ContentError as exc:
            problems += exc.problems
            continue
        if not isinstance(part, dict):
            problems.append(Problem(part_positions.value(()) or Mark(sub_label, 1, 1),
                                    "an included file holds a map with sections:, playlists: or schedule:"))
            continue
        for key in part:
            if key not in INCLUDABLE:
                problems.append(Problem(part_positions.key((key,)) or Mark(sub_label, 1, 1),
                                        f"an included file may only hold {', '.join(INCLUDABLE)}; "
                                        f"found '{key}'{suggest(key, list(INCLUDABLE))}", blocking=True))
        for key in ("sections", "schedule", "quiet", "silence"):
            added = part.get(key)
            if not isinstance(added, list):
                continue
            existing = data.setdefault(key, [])
            if not isinstance(existing, list):
                continue
            offset = len(existing)
            existing.extend(added)
            positions.merge(part_positions, _shift(key, offset))
        added_playlists = part.get("playlists")
        if isinstance(added_playlists, dict):
            existing = data.setdefault("playlists", {})
            if isinstance(existing, dict):
                for name_, entries in added_playlists.items():
                    if name_ in existing:
                        problems.append(Problem(part_positions.key(("playlists", name_)) or Mark(sub_label, 1, 1),
                                                f"the playlist '{name_}' is already defined in "
                                                f"{positions.key(('playlists', name_))}"))
                        continue
                    existing[name_] = entries
                positions.merge(part_positions, lambda loc: loc if loc[:1] == ("playlists",) else ("-",) + loc)
    return read


def _shift(key: str, offset: int):
    def shifted(loc: Loc) -> Loc:
        if loc[:1] == (key,) and len(loc) > 1 and isinstance(loc[1], int):
            return (key, loc[1] + offset, *loc[2:])
        return ("-",) + loc  # positions of other keys are not merged under real locations
    return shifted


def _validate(data: dict[str, Any], positions: Positions, label: str) -> tuple[Exhibition | None, list[Problem]]:
    """Validate; when parts are broken, report them and validate again without them."""
    try:
        return Exhibition.model_validate(data), []
    except ValidationError as exc:
        problems = translate(exc, data, positions, label)
    salvaged = copy.deepcopy(data)
    failing = [p.loc for p in problems]
    for _ in range(4):
        if not _drop_broken(salvaged, failing):
            return None, problems
        try:
            return Exhibition.model_validate(salvaged), problems
        except ValidationError as exc:
            # follow-on errors (a list left empty): drop more, report nothing new
            failing = [clean_loc(e["loc"], salvaged, keep_last=e["type"] == "missing") for e in exc.errors()]
    return None, problems


def _drop_broken(data: dict[str, Any], locs: list[Loc]) -> bool:
    """Remove the smallest parts that hold errors: an item, a section, a playlist.

    Returns False when an error sits where nothing can be removed (the title, say).
    """
    drops: dict[tuple, set] = {}
    for loc in locs:
        target = _droppable(loc, data)
        if target is None:
            return False
        container, key = target
        drops.setdefault(container, set()).add(key)
    for container, keys in drops.items():
        parent: Any = data
        for part in container:
            parent = parent[part]
        if isinstance(parent, list):
            for key in sorted(keys, reverse=True):
                del parent[key]
        elif isinstance(parent, dict):
            for key in keys:
                parent.pop(key, None)
    sections = data.get("sections")
    if isinstance(sections, list):
        items_keys = {name: kind.items for name, kind in KINDS.items()}
        data["sections"] = [
            s for s in sections
            if not (isinstance(s, dict) and isinstance(s.get(items_keys.get(s.get("kind"), ""), None), list)
                    and not s[items_keys[s["kind"]]])
        ]
    return True


def _droppable(loc: Loc, data: dict[str, Any]) -> tuple[tuple, Any] | None:
    if not loc:
        return None
    head = loc[0]
    if head == "sections" and len(loc) >= 2 and isinstance(loc[1], int):
        section = data["sections"][loc[1]] if isinstance(data.get("sections"), list) and loc[1] < len(data["sections"]) else None
        if isinstance(section, dict) and len(loc) >= 4 and loc[2] in {kind.items for kind in KINDS.values()} \
                and isinstance(loc[3], int) and isinstance(section.get(loc[2]), list):
            return ("sections", loc[1], loc[2]), loc[3]
        return ("sections",), loc[1]
    if head == "playlists" and len(loc) >= 2:
        if len(loc) >= 3 and isinstance(loc[2], int):
            return ("playlists", loc[1]), loc[2]
        return ("playlists",), loc[1]
    if head in ("schedule", "quiet", "silence") and len(loc) >= 2 and isinstance(loc[1], int):
        return (head,), loc[1]
    if head in ("attract", "idle", "subtitle", "include", "playlists", "schedule", "quiet", "silence"):
        return (), head
    return None
