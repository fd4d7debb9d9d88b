"""``kiosk report [--db FILE ...] [--from DATE] [--until DATE] --out DIR``."""

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


def cmd_report(args: argparse.Namespace) -> int:
    from .recorder import default_database
    from .report import ReportError, make_report

    databases = [Path(p) for p in args.db] if args.db else [default_database()]
    try:
        index = make_report(databases, Path(args.out), args.since, args.until)
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
    p.add_argument("--out", required=True, help="the folder to write index.html and the CSV files into")
    p.set_defaults(func=cmd_report)
