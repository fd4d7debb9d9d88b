"""The book of remembrance's moderation round trip through two real Syncthing instances: the
kiosk's messages reach the curator in its status folder, the curator approves one and rejects
another with ``kiosk book ... --fleet``, and the decisions travel back in the shared
exhibition folder to the kiosk's book, without making a new version of the exhibition."""

from __future__ import annotations

import pytest

from kiosk.analytics.book import BookStore, connect, read_messages
from kiosk.cli import main
from kiosk.content.update import current_version
from kiosk.fleet import EXHIBITION_FOLDER
from kiosk.fleet.book import DECISIONS

from .instances import why_syncthing_cannot_run
from .test_sync import SYNC_DEADLINE, run_in_background, venue, wait_for  # noqa: F401 - venue is a fixture

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(why_syncthing_cannot_run() is not None, reason=why_syncthing_cannot_run() or ""),
              pytest.mark.timeout(300)]


def states(path) -> dict[str, str]:
    if not path.is_file():
        return {}
    db = connect(path, read_only=True)
    try:
        return {m.id: m.state for m in read_messages(db)}
    finally:
        db.close()


def test_messages_reach_the_curator_and_decisions_come_back(venue, tmp_path, capsys):
    venue.join()
    book = tmp_path / "kiosk-home" / "book.sqlite3"  # the kiosk's own, $KIOSK_HOME/book.sqlite3
    store = BookStore(book)
    kept = store.leave("book", "رحمهم الله", name="سارة", language="ar")
    unkind = store.leave("book", "unkind words", language="en")
    store.flush()
    store.close()
    agent = venue.agent()
    thread = run_in_background(agent)
    try:
        wait_for("the kiosk to apply the shared exhibition", lambda: current_version(venue.content))
        live = current_version(venue.content)
        copy = venue.fleet / "foyer" / "book.sqlite3"
        wait_for("the kiosk's book on the curator's machine", lambda: set(states(copy)) == {kept, unkind})
        capsys.readouterr()
        assert main(["book", "list", "--fleet", str(venue.fleet)]) == 0
        out = capsys.readouterr().out
        assert kept in out and unkind in out and "foyer" in out and "رحمهم الله" in out
        assert main(["book", "approve", "nosuchid", "--fleet", str(venue.fleet)]) == 1
        assert "no message called nosuchid" in capsys.readouterr().err
        assert main(["book", "approve", kept, "--fleet", str(venue.fleet)]) == 0
        assert main(["book", "reject", unkind, "--fleet", str(venue.fleet)]) == 0
        assert (venue.exhibition / DECISIONS).is_file()
        capsys.readouterr()
        assert main(["book", "list", "--state", "approved", "--fleet", str(venue.fleet)]) == 0
        assert "on its way to the kiosk" in capsys.readouterr().out
        venue.curator.api.scan(EXHIBITION_FOLDER)
        wait_for("the decisions to reach the kiosk's book",
                 lambda: states(book) == {kept: "approved", unkind: "rejected"}, SYNC_DEADLINE)
        db = connect(book, read_only=True)
        rejected = {m.id: m for m in read_messages(db)}[unkind]
        db.close()
        assert rejected.text == "" and rejected.decided_by == "curator"
        # and back again: the kiosk's copy on the curator's machine says so
        wait_for("the decided book back on the curator's machine",
                 lambda: states(copy) == {kept: "approved", unkind: "rejected"}, SYNC_DEADLINE)
        capsys.readouterr()
        assert main(["book", "list", "--state", "approved", "--fleet", str(venue.fleet)]) == 0
        out = capsys.readouterr().out
        assert kept in out and "on its way" not in out
        # a decision is no new content: the kiosk still shows the version it had
        assert current_version(venue.content) == live
        status = venue.reported()
        assert status is not None and (status.get("book") or {}).get("file") == "book.sqlite3"
    finally:
        agent.stop()
        thread.join(30)
