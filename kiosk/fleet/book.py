"""The book of remembrance through the fleet: messages travel to the curator, decisions back.

Each kiosk's agent copies its book (a consistent SQLite copy, as the analytics) into its
status folder as ``book.sqlite3``; the curator reads every kiosk's copy there
(``kiosk book list --fleet DIR``). The curator's decisions go into the exhibition folder the
curator shares, as a hidden file, ``.kiosk-book-decisions.json``: hidden files are left out
of the content fingerprint and the signature, so a decision never makes a new version of
the exhibition; Syncthing carries it to every kiosk's inbox, and each agent applies the
decisions about its own messages to its book.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..analytics.book import Message, connect, decide, read_messages
from ..common.files import write_atomic

log = logging.getLogger(__name__)

DECISIONS = ".kiosk-book-decisions.json"
"""The curator's decisions, in the shared exhibition folder (hidden: no new content version)."""
BOOK_COPY = "book.sqlite3"
"""A kiosk's book in its status folder."""


@dataclass(frozen=True)
class Decision:
    """The curator's word on one message."""

    message: str
    approve: bool
    at: str
    """When the curator decided, ISO 8601 in the curator's local time."""


class DecisionsError(Exception):
    """The decisions file cannot be read or written (said plainly to the curator)."""


def read_decisions(folder: Path) -> dict[str, Decision]:
    """The decisions in ``folder`` (the exhibition folder or a kiosk's inbox); none when there is no file."""
    path = Path(folder) / DECISIONS
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {mid: Decision(mid, entry["decision"] == "approve", str(entry.get("at", "")))
                for mid, entry in data.get("decisions", {}).items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DecisionsError(f"{path}: cannot be read ({exc}); move it aside and decide again") from None


def write_decisions(folder: Path, message_ids: list[str], approve: bool, now: dt.datetime) -> dict[str, Decision]:
    """Add decisions to ``folder``'s file (written whole, in one rename); returns them all."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DecisionsError(f"{folder}: no such exhibition folder")
    decided = read_decisions(folder)
    for mid in message_ids:
        decided[mid] = Decision(mid, approve, now.isoformat(timespec="seconds"))
    data = {"decisions": {d.message: {"decision": "approve" if d.approve else "reject", "at": d.at}
                          for d in sorted(decided.values(), key=lambda d: d.message)}}
    write_atomic(folder / DECISIONS, (json.dumps(data, indent=2) + "\n").encode("utf-8"))
    return decided


def apply_decisions(inbox: Path, book: Path, now: dt.datetime) -> int:
    """The curator's decisions about this kiosk's messages, applied to its book; returns how many changed."""
    try:
        decided = read_decisions(inbox)
    except DecisionsError as exc:
        log.warning("book: %s", exc)
        return 0
    if not decided or not Path(book).is_file():
        return 0
    db = connect(Path(book))
    changed = 0
    try:
        states = dict(db.execute("SELECT id, state FROM messages"))
        for decision in decided.values():
            state = states.get(decision.message)
            wanted = "approved" if decision.approve else "rejected"
            if state is None or state == wanted or state == "rejected":
                continue  # another kiosk's message, or decided already
            changed += decide(db, decision.message, decision.approve, now, by="curator")
    finally:
        db.close()
    if changed:
        log.info("book: %d decisions of the curator applied", changed)
    return changed


@dataclass(frozen=True)
class FleetMessage:
    kiosk: str
    message: Message
    decided: Decision | None
    """The curator's decision, which the kiosk may not have applied yet."""

    @property
    def state(self) -> str:
        if self.decided is not None and self.message.state == "pending":
            return ("approved" if self.decided.approve else "rejected") + " (on its way to the kiosk)"
        return self.message.state


def fleet_messages(fleet_dir: Path, exhibition: Path | None) -> list[FleetMessage]:
    """Every kiosk's messages as its status folder holds them, with the curator's decisions."""
    decided = read_decisions(exhibition) if exhibition is not None else {}
    found: list[FleetMessage] = []
    for copy in sorted(Path(fleet_dir).glob(f"*/{BOOK_COPY}")):
        db = connect(copy, read_only=True)
        try:
            found += [FleetMessage(copy.parent.name, m, decided.get(m.id)) for m in read_messages(db)]
        finally:
            db.close()
    return found


def curator_exhibition(fleet_dir: Path) -> Path | None:
    """The exhibition folder ``kiosk fleet join curator`` shares (from ``FLEET_DIR/fleet.json``)."""
    from .join import load_curator_settings

    settings: Any = load_curator_settings(Path(fleet_dir))
    return Path(settings.exhibition) if settings is not None else None
