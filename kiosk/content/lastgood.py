"""The last exhibition that loaded without errors, kept on disk for a reboot with a broken file.

A hot reload never puts a broken exhibition on screen; after a power cut the kiosk
must not either. So every exhibition that loads cleanly is copied (its YAML files
only -- the media stay where they are) into ``KIOSK_HOME/last-good/``::

    last-good/
      record.json                     which snapshot, where it came from, when
      20270226-184500-1a2b3c4d/       the YAML files, laid out as beside the exhibition file
        config/exhibition.yaml        media_root rewritten to the absolute media folder

A snapshot is written under a temporary name, checked by loading it, renamed, and
only then named in ``record.json`` (itself replaced atomically), so a power cut at
any moment leaves the previous snapshot in force.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..common.files import fsync_dir, fsync_tree, remove_tree, write_json_atomic
from ..common.places import last_good_folder
from .loader import LoadResult, find_exhibition, load_exhibition
from .media_root import MediaRoot
from .problems import Mark, Problem, display_path

log = logging.getLogger(__name__)

Loader = Callable[[Path], LoadResult]

RECORD = "record.json"
_SNAPSHOT_NAME = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{8}$")
_MEDIA_ROOT_LINE = re.compile(r"""^(["']?)media_root\1[ \t]*:.*$""", re.MULTILINE)


class LastGoodError(Exception):
    """The exhibition could not be kept as the last good one; the message says why."""


def load_safely(path: Path, loader: Loader = load_exhibition) -> LoadResult:
    """``loader(path)``, or -- when it raises, which a bug or a file system can make it do
    whatever a curator wrote -- a result with no exhibition and one error saying why.

    The kiosk falls back to the last good exhibition on any error, so an unexpected one
    must become an error too, never a crash at boot.
    """
    try:
        return loader(Path(path))
    except Exception as exc:  # noqa: BLE001 - logged with its traceback; the kiosk goes on
        log.exception("loading %s failed unexpectedly", path)
        try:
            source = find_exhibition(Path(path))
        except Exception:  # noqa: BLE001 - a path the file system refuses to look at
            source = Path(path)
        label = display_path(source)
        problem = Problem(Mark(label, 1, 1), f"the exhibition could not be read ({type(exc).__name__}: {exc})",
                          blocking=True)
        return LoadResult(source, None, (problem,), MediaRoot(source.parent / "media"), (source,))


def is_good(result: LoadResult) -> bool:
    """True when ``result`` may replace what is on screen: it loaded, with no errors.

    Warnings are fine; any error keeps the exhibition on screen (the same rule for a
    hot reload and for a start-up).
    """
    return result.exhibition is not None and result.ok


@dataclass(frozen=True)
class SavedRecord:
    """What ``record.json`` says about the snapshot in force."""

    snapshot: str
    exhibition: str
    """The exhibition file, relative to the snapshot folder."""
    source: str
    """The exhibition file it was copied from (absolute)."""
    media_root: str
    """The absolute media folder its media_root now names."""
    saved_at: dt.datetime
    files: tuple[str, ...]
    digest: str


def _media_path(folder: Path) -> str:
    """The media folder as an absolute path, tidied (``config/../media``) where that
    does not change which folder it is (it would through a symlinked ``config``)."""
    raw = folder.absolute()
    tidy = os.path.normpath(raw)
    return tidy if os.path.realpath(tidy) == os.path.realpath(raw) else str(raw)


def _yaml_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def rewrite_media_root(text: str, media: str) -> str:
    """``text`` with its top-level ``media_root`` naming the absolute folder ``media``.

    The line is replaced in place (or added at the end), so every other line keeps
    its number and a problem in the saved copy points where it does in the original.
    """
    line = f"media_root: {_yaml_string(media)}  # kept by the kiosk: the original media folder"
    if len(_MEDIA_ROOT_LINE.findall(text)) == 1:
        return _MEDIA_ROOT_LINE.sub(lambda _: line, text)
    if not text.endswith("\n"):
        text += "\n"
    return text + line + "\n"


class LastGood:
    """The last good exhibition, kept in ``folder`` (default ``KIOSK_HOME/last-good``)."""

    def __init__(self, folder: Path | None = None, loader: Loader = load_exhibition,
                 now: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self.folder = Path(folder) if folder is not None else last_good_folder()
        self._loader = loader
        self._now = now

    # --- reading --------------------------------------------------------------------------

    def record(self) -> SavedRecord | None:
        """What is kept, or None when nothing (readable) is."""
        try:
            raw = json.loads((self.folder / RECORD).read_text(encoding="utf-8"))
            return SavedRecord(snapshot=raw["snapshot"], exhibition=raw["exhibition"], source=raw["source"],
                               media_root=raw["media_root"], saved_at=dt.datetime.fromisoformat(raw["saved_at"]),
                               files=tuple(raw["files"]), digest=raw["digest"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("the last good record in %s is unreadable (%s); ignoring it", self.folder, exc)
            return None

    def load(self) -> LoadResult | None:
        """Load the kept exhibition (its media from the original media folder), or None."""
        record = self.record()
        if record is None:
            return None
        main = self.folder / record.snapshot / record.exhibition
        if not main.is_file():
            log.warning("the last good exhibition %s is missing", main)
            return None
        return load_safely(main, self._loader)

    # --- writing --------------------------------------------------------------------------

    def save(self, result: LoadResult) -> bool:
        """Keep ``result`` (which must be good) as the last good exhibition.

        Returns False when the same files are already kept (nothing written: an SD
        card wears out). Raises ``LastGoodError`` when the copy does not load cleanly
        -- e.g. a file changed between the load and the copy -- and keeps the old one.
        """
        if not is_good(result):
            raise LastGoodError(f"{result.source} has errors; only a good exhibition is kept")
        base = result.source.parent
        contents: dict[str, bytes] = {}
        for path in dict.fromkeys([result.source, *result.files]):
            try:
                relative = Path(path).relative_to(base)
            except ValueError:
                raise LastGoodError(f"{path} is not beside or below {base}") from None
            contents[relative.as_posix()] = Path(path).read_bytes()
        main = result.source.relative_to(base).as_posix()
        media = _media_path(result.media.folder)
        digest = hashlib.sha256(json.dumps([media, sorted((k, hashlib.sha256(v).hexdigest())
                                                          for k, v in contents.items())]).encode()).hexdigest()
        kept = self.record()
        if kept is not None and kept.digest == digest and (self.folder / kept.snapshot / kept.exhibition).is_file():
            return False

        self.folder.mkdir(parents=True, exist_ok=True)
        now = self._now()
        name = f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(4)}"
        incoming = self.folder / f".incoming-{name}"
        try:
            for relative, data in contents.items():
                target = incoming / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                if relative == main:
                    data = rewrite_media_root(data.decode("utf-8"), media).encode("utf-8")
                target.write_bytes(data)
            check = self._loader(incoming / main)
            if not is_good(check) or os.path.realpath(check.media.folder) != os.path.realpath(media):
                first = check.errors[0] if check.errors else f"its media folder is {check.media.folder}"
                raise LastGoodError(f"the copy of {result.source} does not load cleanly ({first})")
            fsync_tree(incoming)
            os.replace(incoming, self.folder / name)
            fsync_dir(self.folder)
        except BaseException:
            remove_tree(incoming)
            raise
        write_json_atomic(self.folder / RECORD, {
            "snapshot": name,
            "exhibition": main,
            "source": str(result.source.absolute()),
            "media_root": media,
            "saved_at": now.isoformat(timespec="seconds"),
            "files": sorted(contents),
            "digest": digest,
        })
        self._tidy(keep=name)
        log.info("kept %s as the last good exhibition", result.source)
        return True

    def _tidy(self, keep: str) -> None:
        """Remove older snapshots and copies a power cut interrupted -- only names we make."""
        for entry in self.folder.iterdir():
            if entry.name != keep and (_SNAPSHOT_NAME.match(entry.name) or entry.name.startswith(".incoming-")):
                remove_tree(entry)


def _why(result: LoadResult) -> str:
    errors = result.errors
    if not errors:
        return f"{result.source} could not be loaded"
    count = f"{len(errors)} error{'s' * (len(errors) != 1)}"
    return f"{result.source} has {count} (the first: {errors[0]})"


def fallback_for(current: LoadResult, last_good: LastGood) -> tuple[LoadResult, str | None]:
    """What to show at start-up given a fresh load of the exhibition: ``current`` when it
    is good (and it is kept as the last good one), else the last good exhibition, with a
    message for the log and the technician's marker saying why."""
    if is_good(current):
        try:
            last_good.save(current)
        except (OSError, LastGoodError) as exc:
            log.warning("could not keep %s as the last good exhibition: %s", current.source, exc)
        except Exception:  # noqa: BLE001 - keeping a copy is a precaution; showing it matters more
            log.exception("could not keep %s as the last good exhibition", current.source)
        return current, None
    why = _why(current)
    saved = last_good.load()
    record = last_good.record()
    if saved is not None and saved.exhibition is not None and record is not None:
        return saved, (f"{why}; showing the last good exhibition instead, kept "
                       f"{record.saved_at:%Y-%m-%d %H:%M} from {record.source}")
    if current.exhibition is not None:
        return current, f"{why}; no last good copy is kept, so the parts without errors are shown"
    return current, f"{why}; no last good copy is kept, and nothing can be shown"


def load_with_fallback(path: Path, last_good: LastGood | None = None,
                       loader: Loader = load_exhibition) -> tuple[LoadResult, str | None]:
    """Load ``path``; when it has errors, the last good exhibition plus a message why.

    The message is None when the exhibition at ``path`` is shown as it is.
    """
    return fallback_for(load_safely(Path(path), loader),
                        last_good if last_good is not None else LastGood(loader=loader))
