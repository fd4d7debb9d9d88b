"""``kiosk book list|approve|reject|export``: the book of remembrance from the command line.

On the kiosk they read and change its own book (``--db``, default ``$KIOSK_HOME/book.sqlite3``).
On the curator's machine, ``--fleet DIR`` reads every kiosk's copy in its status folder, and
a decision goes back to the kiosks in the shared exhibition folder (kiosk/fleet/book.py).
A message's words are printed to the person who asked, never to the log.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ..analytics.book import BookError, Message, connect, decide, default_book_database, read_messages
from ..common.user_error import EXIT_OK, UserError
from ..fleet.book import DecisionsError, FleetMessage, curator_exhibition, fleet_messages, write_decisions

STATES = ("pending", "approved", "rejected", "all")


def _local(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else default_book_database()


def _fleet_exhibition(args: argparse.Namespace) -> Path:
    exhibition = Path(args.exhibition) if getattr(args, "exhibition", None) else curator_exhibition(Path(args.fleet))
    if exhibition is None:
        raise UserError(f"{args.fleet} is not a fleet folder set up by 'kiosk fleet join curator'; "
                        f"give the shared exhibition folder with --exhibition")
    return exhibition


def _fleet(fleet: str, decisions: Path | None) -> list[FleetMessage]:
    """Every kiosk's messages in ``fleet``, with the curator's decisions in ``decisions`` (a folder)."""
    if not Path(fleet).is_dir():
        raise UserError(f"{fleet}: no such fleet folder")
    try:
        return fleet_messages(Path(fleet), decisions)
    except (BookError, DecisionsError) as exc:
        raise UserError(str(exc)) from None


def _line(message: Message, state: str, kiosk: str = "") -> str:
    who = " · ".join(p for p in (message.name, message.place) if p)
    where = f"{kiosk}  " if kiosk else ""
    text = " ".join(message.text.split())
    return (f"{message.id}  {where}{message.section}  {message.written:%Y-%m-%d %H:%M}  {state}  "
            f"{message.language or '-'}\n    {text or '(its words were erased when it was rejected)'}"
            + (f"\n    — {who}" if who else "") + ("  [signed]" if message.signature else ""))


def cmd_list(args: argparse.Namespace) -> int:
    wanted = None if args.state == "all" else args.state
    if args.fleet:
        found = _fleet(args.fleet, Path(args.exhibition) if args.exhibition else curator_exhibition(Path(args.fleet)))
        shown = [f for f in found if (wanted is None or f.state.split()[0] == wanted)
                 and (args.section is None or f.message.section == args.section)]
        for item in shown:
            print(_line(item.message, item.state, item.kiosk))
        print(f"{len(shown)} messages ({len(found)} in {len({f.kiosk for f in found})} kiosks' books)")
        return EXIT_OK
    try:
        db = connect(_local(args), read_only=True)
    except BookError as exc:
        raise UserError(str(exc)) from None
    try:
        messages = read_messages(db, args.section, wanted)
    finally:
        db.close()
    for message in messages:
        print(_line(message, message.state))
    print(f"{len(messages)} messages ({args.state})")
    return EXIT_OK


def cmd_decide(args: argparse.Namespace) -> int:
    approve = args.command == "approve"
    verb = "approved" if approve else "rejected"
    if args.fleet:
        exhibition = _fleet_exhibition(args)
        known = {f.message.id for f in _fleet(args.fleet, exhibition)}
        unknown = [m for m in args.ids if m not in known]
        if unknown:
            raise UserError(f"no message called {', '.join(unknown)} in the kiosks' books in {args.fleet} "
                            f"('kiosk book list --fleet {args.fleet}' shows them); nothing was decided")
        try:
            write_decisions(exhibition, args.ids, approve, dt.datetime.now())
        except DecisionsError as exc:
            raise UserError(str(exc)) from None
        print(f"{len(args.ids)} {verb}; the decision travels to the kiosks with the exhibition folder {exhibition}")
        return EXIT_OK
    path = _local(args)
    if not path.is_file():
        raise UserError(f"{path}: no such book (the kiosk keeps it in $KIOSK_HOME/book.sqlite3)")
    db = connect(path)
    try:
        missing = [m for m in args.ids if not db.execute("SELECT 1 FROM messages WHERE id = ?", (m,)).fetchone()]
        if missing:
            raise UserError(f"no message called {', '.join(missing)} in {path} ('kiosk book list' shows them); "
                            f"nothing was decided")
        for mid in args.ids:
            decide(db, mid, approve, dt.datetime.now(), by="kiosk book")
    finally:
        db.close()
    print(f"{len(args.ids)} {verb}" + ("" if approve else "; their words are erased"))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from ..content.loader import load_exhibition
    from ..content.models import RemembranceBookSection
    from ..media.assets import Assets
    from .book_pdf import export_book

    exhibition_path = Path(args.exhibition) if args.exhibition else _default_exhibition()
    loaded = load_exhibition(exhibition_path)
    if loaded.exhibition is None:
        raise UserError(f"{exhibition_path}: the exhibition does not load ('kiosk validate' says why)")
    ex = loaded.exhibition
    books = [s for s in ex.sections if isinstance(s, RemembranceBookSection)]
    if args.section:
        books = [s for s in books if s.id == args.section]
    if not books:
        raise UserError(f"{exhibition_path} has no book-of-remembrance section"
                        + (f" called '{args.section}'" if args.section else ""))
    if len(books) > 1:
        raise UserError(f"{exhibition_path} has several books ({', '.join(s.id for s in books)}); "
                        f"choose one with --section")
    section = books[0]
    if args.fleet:  # approved on a kiosk, or by the curator and still on its way there
        found = _fleet(args.fleet, curator_exhibition(Path(args.fleet)))
        messages = [f.message for f in found if f.state.startswith("approved")]
    else:
        try:
            db = connect(_local(args), read_only=True)
        except BookError as exc:
            raise UserError(str(exc)) from None
        try:
            messages = read_messages(db, state="approved")
        finally:
            db.close()
    messages = sorted((m for m in messages if m.section == section.id), key=lambda m: (m.written, m.id))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    pages = export_book(out, ex, section, messages, Assets.of(loaded).emblem())
    print(f"{out}: {len(messages)} approved messages on {pages} pages")
    return EXIT_OK


def _default_exhibition() -> Path:
    from ..common.places import content_folder

    live = content_folder() / "current"
    if live.exists():
        return live
    return Path(__file__).resolve().parents[2] / "config" / "exhibition.yaml"  # the bundled demo


def add_book_parsers(sub: argparse._SubParsersAction) -> None:
    book = sub.add_parser("book", help="the book of remembrance: list, approve or reject messages, export the book "
                                       "as a PDF")
    verbs = book.add_subparsers(dest="command", required=True)
    db_help = "the kiosk's book (default: $KIOSK_BOOK, else $KIOSK_HOME/book.sqlite3)"
    fleet_help = ("on the curator's machine: the fleet folder ('kiosk fleet join curator --fleet'); every kiosk's "
                  "book in its status folder")

    p = verbs.add_parser("list", help="the messages, oldest first")
    p.add_argument("--state", choices=STATES, default="pending", help="which messages (default: pending)")
    p.add_argument("--section", help="one book's section id")
    p.add_argument("--db", help=db_help)
    p.add_argument("--fleet", help=fleet_help)
    p.add_argument("--exhibition", help="the shared exhibition folder (default: the fleet's)")
    p.set_defaults(func=cmd_list)

    for verb, what in (("approve", "show on the kiosk and keep for the printed book"),
                       ("reject", "never show; its words, name and signature are erased")):
        p = verbs.add_parser(verb, help=f"{verb} messages by id: {what}")
        p.add_argument("ids", nargs="+", metavar="ID", help="message ids, as 'kiosk book list' prints them")
        p.add_argument("--db", help=db_help)
        p.add_argument("--fleet", help=fleet_help + "; the decision goes to the kiosks in the shared exhibition "
                                                    "folder")
        p.add_argument("--exhibition", help="the shared exhibition folder (default: the fleet's)")
        p.set_defaults(func=cmd_decide)

    p = verbs.add_parser("export", help="the approved messages as a PDF to print and bind")
    p.add_argument("--out", required=True, help="the PDF file to write, e.g. book.pdf")
    p.add_argument("--exhibition", help="the exhibition (its title, emblem and book section; default: the live "
                                        "content, else the bundled demo)")
    p.add_argument("--section", help="the book's section id, when the exhibition has several")
    p.add_argument("--db", help=db_help)
    p.add_argument("--fleet", help=fleet_help)
    p.set_defaults(func=cmd_export)
