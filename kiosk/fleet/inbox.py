"""The kiosk's inbox: applied only when Syncthing says it is complete, and only if it is valid.

Syncthing writes each file under a temporary name and renames it when it is whole, but a
set of files arrives one by one: halfway through, the new ``exhibition.yaml`` may sit
beside old photos. So the inbox is never judged by its files' times. It is applied when

1. Syncthing reports the folder ``idle`` with nothing left to pull and no pull errors
   (``/rest/db/status``), and
2. the folder's index sequence has not moved for ``settle`` seconds (a curator copying a
   hundred photos makes Syncthing announce them in batches), and
3. its content digest differs from the last one tried.

Then ``update_content`` validates it (the same deep check as ``kiosk update``), copies it
in as a new version, prepares the photos and switches ``current`` atomically. The copy
is checked against Syncthing once more: if the sequence moved while copying, the copy is
dropped and the inbox waits again. An invalid exhibition is refused with every problem,
relative to the exhibition folder so the curator can open ``config/exhibition.yaml:12:5``.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..common.files import write_json_atomic
from ..content.loader import LoadResult, load_exhibition
from ..content.problems import Problem
from ..content.signing import signature_stamp
from ..content.update import NotSigned, UpdateError, copy_tree, current_version, update_content
from ..content.digest import content_digest, short
from .syncthing import Syncthing, SyncthingError

log = logging.getLogger(__name__)

Loader = Callable[[Path], LoadResult]

RETRY_AFTER = 300.0
"""Seconds before an apply that failed for the kiosk's own reasons (a full disk) is tried again."""


@dataclass(frozen=True)
class SyncState:
    """What Syncthing says about the inbox folder."""

    state: str
    need_items: int
    need_bytes: int
    sequence: int
    global_files: int
    errors: int

    @classmethod
    def from_status(cls, status: dict[str, Any]) -> "SyncState":
        need = status.get("needTotalItems")
        if need is None:
            need = sum(int(status.get(k, 0)) for k in ("needFiles", "needDirectories", "needSymlinks", "needDeletes"))
        return cls(state=str(status.get("state", "")), need_items=int(need), need_bytes=int(status.get("needBytes", 0)),
                   sequence=int(status.get("sequence", 0)), global_files=int(status.get("globalFiles", 0)),
                   errors=int(status.get("pullErrors", 0)) + int(status.get("errors", 0)))

    @property
    def complete(self) -> bool:
        return self.state == "idle" and self.need_items == 0 and self.errors == 0

    def describe(self) -> str:
        parts = []
        if self.need_items:
            parts.append(f"{self.need_items} item{'s' * (self.need_items != 1)} "
                         f"({self.need_bytes / 1e6:.1f} MB) still to come")
        if self.errors:
            parts.append(f"Syncthing reports {self.errors} error{'s' * (self.errors != 1)} on the inbox "
                         f"(e.g. the curator's machine is away)")
        return "; ".join(parts) or f"Syncthing is {self.state or 'starting'}"


@dataclass(frozen=True)
class Outcome:
    """What one look at the inbox found or did."""

    result: str
    """``applied``, ``refused``, ``failed`` (the kiosk's fault: disk, lock), ``waiting``,
    ``unchanged`` or ``offline`` (Syncthing does not answer)."""
    message: str
    content: str | None = None
    version: str | None = None
    problems: tuple[str, ...] = ()
    at: str = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))


class InboxChanged(OSError):
    """Syncthing changed the inbox while it was being copied."""


def curator_problem(problem: Problem, inbox: Path, versions: Path) -> str:
    """``problem`` with its file relative to the exhibition folder, as the curator has it
    (the inbox, or the copy of it in ``versions/NAME/`` that was checked again)."""
    file = Path(os.path.abspath(problem.mark.file))
    where = str(file)
    try:
        where = file.relative_to(os.path.realpath(inbox)).as_posix()
    except ValueError:
        try:
            where = Path(*file.relative_to(os.path.realpath(versions)).parts[1:]).as_posix()
        except (ValueError, TypeError):
            try:
                where = file.relative_to(Path(inbox).absolute()).as_posix()
            except ValueError:
                pass
    return f"{where}:{problem.mark.line}:{problem.mark.column}: {problem.severity.value}: {problem.message}"


class Inbox:
    """Looks at the inbox folder and applies it when it is complete, settled, new and valid."""

    def __init__(self, api: Syncthing, folder_id: str, inbox: Path, content_dir: Path, memory: Path, *,
                 settle: float = 10.0, validate: Loader = load_exhibition,
                 prepare: Callable[[LoadResult], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.api = api
        self.folder_id = folder_id
        self.inbox = Path(inbox)
        self.content_dir = Path(content_dir)
        self.memory_path = Path(memory)
        self.settle = settle
        self.validate = validate
        self.prepare = prepare
        self.clock = clock
        self.sync: SyncState | None = None
        self._settling: tuple[int, float] | None = None
        self._failed_at: float | None = None
        self.memory: dict[str, Any] = self._load_memory()

    # -- memory: what was tried, what each version holds ---------------------------------------
    def _load_memory(self) -> dict[str, Any]:
        try:
            memory = json.loads(self.memory_path.read_text(encoding="utf-8"))
            if isinstance(memory, dict):
                return memory
        except (OSError, ValueError):
            pass
        return {}

    def _remember(self, outcome: Outcome) -> None:
        self.memory["last_apply"] = asdict(outcome)
        if outcome.result in ("applied", "refused"):
            self.memory["tried"] = outcome.content
            self.memory["tried_signed"] = f"{outcome.content}+{signature_stamp(self.inbox)}"
        if outcome.result == "applied" and outcome.version:
            self.memory.setdefault("versions", {})[outcome.version] = outcome.content
        self.memory_path.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomic(self.memory_path, self.memory)

    @property
    def last_apply(self) -> dict[str, Any] | None:
        return self.memory.get("last_apply")

    def live(self) -> tuple[str | None, str | None]:
        """The live version's name and content digest (computed once for a version the agent did not apply)."""
        version = current_version(self.content_dir)
        if version is None:
            return None, None
        versions = self.memory.setdefault("versions", {})
        if version not in versions:
            try:
                versions[version] = content_digest(self.content_dir / "versions" / version)
                write_json_atomic(self.memory_path, self.memory)
            except OSError as exc:
                log.warning("cannot fingerprint %s: %s", version, exc)
                return version, None
        return version, versions[version]

    # -- one look ------------------------------------------------------------------------------
    def _state(self) -> SyncState:
        self.sync = SyncState.from_status(self.api.folder_status(self.folder_id))
        return self.sync

    def tick(self) -> Outcome:
        """Look at Syncthing and the inbox once; apply when everything says so."""
        try:
            state = self._state()
        except SyncthingError as exc:
            self._settling = None
            return Outcome("offline", str(exc))
        if not state.complete:
            self._settling = None
            return Outcome("waiting", state.describe())
        if state.global_files == 0:
            return Outcome("waiting", "the curator has shared nothing yet")
        now = self.clock()
        if self._settling is None or self._settling[0] != state.sequence:
            self._settling = (state.sequence, now)
        if now - self._settling[1] < self.settle:
            return Outcome("waiting", f"complete; waiting {self.settle:.0f} s for more changes")
        digest = content_digest(self.inbox, self.memory_path.with_name("inbox-hashes.json"))
        # the same files signed again (by a new key) are worth another try
        tried = f"{digest}+{signature_stamp(self.inbox)}"
        last = self.last_apply or {}
        known = self.memory.get("tried_signed")
        if tried == known or (known is None and digest == self.memory.get("tried")):  # (memory from before signing)
            return Outcome("unchanged", f"{short(digest)} was {last.get('result', 'tried')} already", digest)
        if last.get("result") == "failed" and last.get("content") == digest and self._failed_at is not None \
                and now - self._failed_at < RETRY_AFTER:
            return Outcome("unchanged", f"{short(digest)} failed; trying again in a few minutes", digest)
        outcome = self._apply(digest, state.sequence)
        if outcome.result == "failed":
            self._failed_at = now
        if outcome.result != "waiting":
            self._remember(outcome)
        return outcome

    def _apply(self, digest: str, sequence: int) -> Outcome:
        def copy_settled(source: Path, dest: Path, progress: Any = None) -> None:
            copy_tree(source, dest, progress)
            after = self._state()
            if after.sequence != sequence or not after.complete:
                raise InboxChanged(errno.EAGAIN, "Syncthing changed the inbox while it was copied")

        log.info("applying the inbox %s (content %s)", self.inbox, short(digest))
        try:
            report = update_content(self.inbox, self.content_dir, validate=self.validate, copy=copy_settled,
                                    before_switch=self.prepare)
        except UpdateError as exc:
            if isinstance(exc.__cause__, InboxChanged):
                self._settling = None
                return Outcome("waiting", "the inbox changed while it was copied; waiting for Syncthing again")
            if isinstance(exc, NotSigned):
                message = str(exc).replace(str(self.inbox), "the inbox")
                log.warning("refused the inbox: %s", message)
                return Outcome("refused", message, digest, current_version(self.content_dir),
                               tuple(message.splitlines()[1:]))
            if exc.problems:
                versions = self.content_dir / "versions"
                problems = tuple(curator_problem(p, self.inbox, versions) for p in exc.problems)
                message = f"content {short(digest)} has {len(problems)} error{'s' * (len(problems) != 1)}; " \
                          f"the last good content stays on screen"
                log.warning("%s", message)
                for line in problems:
                    log.warning("  %s", line)
                return Outcome("refused", message, digest, current_version(self.content_dir), problems)
            message = str(exc).replace(str(self.inbox), "the inbox")
            log.error("applying the inbox failed: %s", exc)
            return Outcome("failed", message, digest, current_version(self.content_dir))
        except SyncthingError as exc:
            return Outcome("offline", str(exc))
        self.memory.setdefault("versions", {})[report.version] = digest
        log.info("content %s is live as %s", short(digest), report.version)
        return Outcome("applied", f"content {short(digest)} is live as {report.version}", digest, report.version)

