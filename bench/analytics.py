"""Benchmark: what visit analytics cost the UI thread, and a year's report, beside the plain ways.

Recording. The kiosk's way (``kiosk.analytics.recorder.Recorder``): ``record()`` appends
one tuple to a deque; a writer thread drains it into SQLite once a second, in one
transaction (running during the measurement, as on the kiosk). The plain way: one INSERT
and one commit per event on the calling thread, with the same durability (WAL,
synchronous=FULL). Figure: the 99th percentile of one call on the calling thread.

The report. A generated year of a busy kiosk (500 visits a day, about 30 events a visit:
5.5 million events, written through the writer's own code) reported by ``kiosk report``'s
code: SQL over the daily summary the writer keeps and over the visits, plus drawing the
SVG charts and writing the CSV files. The plain way: load every event and visit into
Python and add them up there (the same totals: visits per day, panels by dwell, clips,
books, languages, attract items), no charts.

Runs with no arguments (about three minutes, most of it making the year), and ends with
one ``RESULT`` line: the report's time; the recording figures are on the line before.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c  # noqa: E402

EVENTS = 20_000
PLAIN_EVENTS = 2_000
DAYS, PER_DAY = 365, 500


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(0.99 * len(ordered)) - 1)]


def record_ours(folder: Path) -> float:
    from kiosk.analytics.recorder import Recorder

    rec = Recorder(folder / "ours.sqlite3")
    rec.start_visit("photos/001", "az")
    rec.flush()
    clock = time.perf_counter_ns
    samples = []
    record = rec.record
    for n in range(EVENTS):
        start = clock()
        record("panel", "photos", "001", "", 3.5)
        samples.append((clock() - start) / 1000)
        if n % 30 == 29:
            time.sleep(0.001)  # a visitor's pace leaves the writer room to run, as on the kiosk
    rec.close()
    with sqlite3.connect(folder / "ours.sqlite3") as db:
        written = db.execute("SELECT count(*) FROM events WHERE kind = 6").fetchone()[0]
    assert written == EVENTS, f"only {written} of {EVENTS} events were written"
    return p99(samples)


def record_plain(folder: Path) -> float:
    db = sqlite3.connect(folder / "plain.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("CREATE TABLE events (kind TEXT, section TEXT, item TEXT, detail TEXT, wall REAL, mono REAL, "
               "amount REAL)")
    clock = time.perf_counter_ns
    samples = []
    for _ in range(PLAIN_EVENTS):
        start = clock()
        db.execute("BEGIN")
        db.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)",
                   ("panel", "photos", "001", "", time.time(), time.monotonic(), 3.5))
        db.execute("COMMIT")
        samples.append((clock() - start) / 1000)
    db.close()
    return p99(samples)


def report_plain(path: Path) -> dict:
    """Every row into Python, added up there."""
    from kiosk.analytics.events import CODES

    db = sqlite3.connect(path)
    per_day: Counter = Counter()
    attract: Counter = Counter()
    language: Counter = Counter()
    lengths = []
    for started, length, attract_item, lang in db.execute("SELECT started, length, attract, language FROM visits"):
        per_day[dt.date(1970, 1, 1) + dt.timedelta(seconds=started // 86400)] += 1
        attract[attract_item] += 1
        language[lang] += 1
        if length is not None:
            lengths.append(length)
    panels: dict = defaultdict(lambda: [0, 0.0])
    clips: dict = defaultdict(lambda: [0, 0.0, 0])
    books: Counter = Counter()
    qr: dict = defaultdict(lambda: [0, 0.0])
    kinds: Counter = Counter()
    for kind, section, item, _detail, amount in db.execute("SELECT kind, section, item, detail, amount FROM events"):
        kinds[kind] += 1
        if kind == CODES["panel"]:
            p = panels[(section, item)]
            p[0] += 1
            p[1] += amount
        elif kind == CODES["clip"]:
            p = clips[(section, item)]
            p[0] += 1
            p[1] += amount
            p[2] += amount >= 0.95
        elif kind == CODES["book"]:
            books[(section, item)] += 1
        elif kind == CODES["qr"]:
            p = qr[(section, item)]
            p[0] += 1
            p[1] += amount
    lengths.sort()
    db.close()
    return {"visits": sum(per_day.values()), "events": sum(kinds.values()), "median": lengths[len(lengths) // 2],
            "panels": sorted(panels.items(), key=lambda kv: -kv[1][1])}


def main() -> None:
    folder = c.setup_env("analytics")
    c.quiet_kiosk()
    from kiosk.analytics.generate import generate
    from kiosk.analytics.report import collect, write_report

    ours_p99 = record_ours(folder)
    plain_p99 = record_plain(folder)
    print(f"recording one event on the calling thread, p99: {ours_p99:.1f} µs (queue; {EVENTS:,} events) vs "
          f"{plain_p99:.1f} µs (INSERT + commit each; {PLAIN_EVENTS:,} events): {plain_p99 / ours_p99:.0f}x; "
          f"goal <= 50 µs: {'met' if ours_p99 <= 50 else 'MISSED'}")

    year = folder / "year.sqlite3"
    start = time.perf_counter()
    expected = generate(year, days=DAYS, visits_per_day=PER_DAY)
    made = time.perf_counter() - start
    print(f"a generated year: {expected.visits:,} visits, {expected.events:,} events, "
          f"{year.stat().st_size / 2**20:.0f} MiB, written by the writer's code in {made:.0f} s "
          f"({expected.events / made:,.0f} events/s)")

    start = time.perf_counter()
    figures = collect([year])
    collected = time.perf_counter() - start
    write_report(figures, folder / "report")
    ours = time.perf_counter() - start
    assert figures.visits == expected.visits and figures.events == expected.events
    start = time.perf_counter()
    plain = report_plain(year)
    baseline = time.perf_counter() - start
    assert plain["visits"] == expected.visits and plain["events"] == expected.events
    assert [k for k, _v in plain["panels"][:5]] == [(r[0], r[1]) for r in figures.tables["panels"].rows[:5]]
    print(f"report of the year: {ours:.2f} s (SQL {collected:.2f} s, charts and files {ours - collected:.2f} s) vs "
          f"{baseline:.2f} s loading every row into Python (no charts)")
    print(c.result_line("analytics_report_year", ours, "s", baseline, "<=10 s (record p99 "
                        f"{ours_p99:.1f} us vs {plain_p99:.0f} us, goal <=50 us)", digits=2))


if __name__ == "__main__":
    main()
