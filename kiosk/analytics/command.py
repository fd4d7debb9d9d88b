"""``kiosk report [--db FILE ...] [--book FILE ...] [--exhibition PATH] [--from DATE] [--until DATE] --out DIR``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

EXIT_OK, EXIT_INVALID = 0, 1


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day like 2027-02-26, found {value!r}") from None


def _live_content() -> Path | None:
    """The exhibition live on this kiosk (what `kiosk update` made current), if there is one."""
    from ..common.places import content_folder

    live = content_folder() / "current"
    return live if live.exists() else None


def cmd_report(args: argparse.Namespace) -> int:
    from ..content.loader import load_exhibition
    from .book import DATABASE_NAME as BOOK_NAME
    from .recorder import default_database
    from .report import ReportError, make_report

    databases = [Path(p) for p in args.db] if args.db else [default_database()]
    # a kiosk's book of remembrance sits beside its analytics (on the kiosk, in its status folder)
    books = [Path(p) for p in args.book] if args.book else \
        [b for b in (d.with_name(BOOK_NAME) for d in databases) if b.is_file()]
    exhibition = None
    source = Path(args.exhibition) if args.exhibition else _live_content()
    if source is not None:
        loaded = load_exhibition(source)
        if loaded.exhibition is None:
            print(f"kiosk: {source}: the exhibition does not load ('kiosk validate' says why)", file=sys.stderr)
            return EXIT_INVALID
        exhibition = loaded.exhibition
    try:
        index = make_report(databases, Path(args.out), args.since, args.until, books=books, exhibition=exhibition,
                            language=args.language)
    except ReportError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"open {index.resolve().as_uri()}")
    return EXIT_OK


def add_report_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="what visitors did: an HTML report with charts and CSV files, made offline")
    p.add_argument("--db", action="append", metavar="FILE",
                   help="an analytics database (repeat for several kiosks; default: this kiosk's, "
                        "$KIOSK_HOME/analytics.sqlite3)")
    p.add_argument("--from", dest="since", type=_day, metavar="DATE", help="the first day to include, e.g. 2027-02-20")
    p.add_argument("--until", type=_day, metavar="DATE", help="the last day to include, e.g. 2027-02-28")
    p.add_argument("--book", action="append", metavar="FILE",
                   help="a book of remembrance to count messages in (repeat for several kiosks; default: the "
                        "book.sqlite3 beside each --db, when there is one)")
    p.add_argument("--exhibition", help="the exhibition, to name sections and items by their titles (default: the "
                                        "kiosk's live content, when there is one; else ids)")
    p.add_argument("--language", help="the language of the titles, e.g. en (default: the exhibition's first)")
    p.add_argument("--out", required=True, help="the folder to write index.html and the CSV files into")
    p.set_defaults(func=cmd_report)
