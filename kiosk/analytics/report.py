"""``kiosk report``: what visitors did, from one or more kiosks' analytics databases.

Every figure is aggregated by SQLite: GROUP BY over the daily summary that the writer keeps
in step with the events (days x items, whatever the number of events) and over the visits,
copied into one temporary table. Python only orders the few rows per group and draws them. Output: ``index.html`` (self-contained: inline CSS and
SVG charts from matplotlib, no script, no network) and one CSV file per table.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import math
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..content.models import Exhibition
from .book import BookError
from .book import connect as book_connect
from .book import counts as book_counts
from .events import CODES
from .store import COMPLETE_SHARE

LONG_REPORT_EVENTS = 200_000
"""Above this many events the progress bar shows (a busy week, roughly)."""
LENGTH_BUCKETS = [(0, 30, "under 30 s"), (30, 60, "30 s – 1 min"), (60, 120, "1–2 min"), (120, 300, "2–5 min"),
                  (300, 600, "5–10 min"), (600, math.inf, "10 min or more")]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


class ReportError(Exception):
    """A problem the person asking for the report can fix (a missing file, a bad date)."""


@dataclass
class Table:
    """One table of the report: its CSV file and what the HTML shows of it."""

    name: str
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""

    def csv_text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header)
        for row in self.rows:
            writer.writerow([_csv_value(v) for v in row])
        return out.getvalue()


def _csv_value(value: object) -> object:
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return value


@dataclass
class Figures:
    """Everything the report says, before it is drawn."""

    databases: list[Path]
    since: dt.date | None
    until: dt.date | None
    visits: int = 0
    events: int = 0
    first: dt.datetime | None = None
    last: dt.datetime | None = None
    length: dict[str, float] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    heat: dict[tuple[str, int], int] = field(default_factory=dict)
    """(day "YYYY-MM-DD", hour) -> visits started."""


# --- reading the databases -------------------------------------------------------------------

_TEMP = """
CREATE TEMP TABLE v (db INTEGER, run INTEGER, seq INTEGER, started REAL, length REAL, end_reason TEXT,
                     attract TEXT, language TEXT, language_changes INTEGER, large_text INTEGER,
                     high_contrast INTEGER, version TEXT);
CREATE TEMP TABLE agg (what TEXT, section TEXT, item TEXT, detail TEXT, n INTEGER, visits INTEGER,
                       total REAL, complete INTEGER);
"""

# (what, kind, grouping, -, -) read from the daily summary the writer keeps beside the events
_EVENT_QUERIES: list[tuple[str, str, str, bool, bool]] = [
    ("section", "section", "section, '', ''", True, False),
    ("panel", "panel", "section, item, ''", False, False),
    ("zoom", "zoom", "section, item, ''", False, False),
    ("note", "note", "section, item, detail", False, False),
    ("clip", "clip", "section, item, ''", True, True),
    ("clip_subtitles", "clip", "section, item, detail", False, False),
    ("book", "book", "section, item, ''", True, False),
    ("page", "page", "section, item, ''", False, False),
    ("qr", "qr", "section, item, ''", False, False),
    ("filter", "filter", "section, '', detail", True, False),
    ("placeholder", "placeholder", "section, item, detail", True, False),
    ("language", "language", "'', '', detail", True, False),
    ("search", "search", "section, '', detail", True, False),
]


def _bounds(since: dt.date | None, until: dt.date | None) -> tuple[float, float]:
    """Local seconds: from the start of ``since`` to the end of ``until`` (both days included)."""
    epoch = dt.datetime(1970, 1, 1)
    low = (dt.datetime.combine(since, dt.time()) - epoch).total_seconds() if since else -math.inf
    high = (dt.datetime.combine(until + dt.timedelta(days=1), dt.time()) - epoch).total_seconds() \
        if until else math.inf
    return low, high


def _open_read_only(path: Path) -> str:
    if not path.is_file():
        raise ReportError(f"{path}: no such database (the kiosk keeps it in $KIOSK_HOME/analytics.sqlite3)")
    return f"file:{path.resolve().as_posix()}?mode=ro"


def collect(databases: Sequence[Path], since: dt.date | None = None, until: dt.date | None = None,
            progress: Callable[[str], None] | None = None, books: Sequence[Path] = (),
            exhibition: Exhibition | None = None, language: str | None = None) -> Figures:
    """Aggregate ``databases`` (one per kiosk, or copies) between ``since`` and ``until``; the
    books of remembrance ``books`` are counted beside them (never their words); with the
    ``exhibition``, sections and items are named by their curator's titles."""
    if not databases:
        raise ReportError("no database to report on")
    if since and until and since > until:
        raise ReportError(f"--from {since} is after --until {until}")
    figures = Figures([Path(p) for p in databases], since, until)
    low, high = _bounds(since, until)
    db = sqlite3.connect(":memory:", isolation_level=None, uri=True)
    db.executescript(_TEMP)
    step = progress or (lambda _what: None)
    for index, path in enumerate(figures.databases):
        uri = _open_read_only(Path(path))
        try:
            db.execute("ATTACH DATABASE ? AS src", (uri,))
        except sqlite3.Error as exc:
            raise ReportError(f"{path}: cannot be read ({exc})") from None
        try:
            version = db.execute("PRAGMA src.user_version").fetchone()[0]
            if version < 1:
                raise ReportError(f"{path}: not a kiosk analytics database")
            db.execute(
                "INSERT INTO v SELECT ?, run, seq, started, length, end_reason, attract, language, language_changes, "
                "large_text, high_contrast, (SELECT version FROM src.versions WHERE id = visits.version) "
                "FROM src.visits WHERE started >= ? AND started < ?", (index, low, high))
            step("visits")
            days = (since.isoformat() if since else "0000", until.isoformat() if until else "9999")
            for what, kind, group, _distinct, _complete in _EVENT_QUERIES:
                db.execute(f"INSERT INTO agg SELECT ?, {group}, sum(n), sum(visits), sum(total), sum(complete) "
                           f"FROM src.daily WHERE kind = ? AND day >= ? AND day <= ? GROUP BY {group}",
                           (what, CODES[kind], *days))
                step(what)
            figures.events += int(db.execute("SELECT total(n) FROM src.daily WHERE day >= ? AND day <= ?",
                                             days).fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise ReportError(f"{path}: cannot be read ({exc})") from None
        finally:
            db.execute("DETACH DATABASE src")
    _visit_figures(db, figures)
    _event_tables(db, figures)
    db.close()
    _book_table(books, figures, low, high)
    if exhibition is not None:
        _titles(figures, exhibition, language or exhibition.default_language)
    return figures


def _book_table(books: Sequence[Path], f: Figures, low: float, high: float) -> None:
    """Messages left in each book of remembrance, and how many were approved (counts only)."""
    totals: dict[str, dict[str, int]] = {}
    for path in books:
        try:
            db = book_connect(Path(path), read_only=True)
        except (BookError, sqlite3.Error) as exc:
            raise ReportError(f"{path}: cannot be read ({exc})") from None
        try:
            for section, states in book_counts(db, low, high).items():
                into = totals.setdefault(section, dict.fromkeys(states, 0))
                for state, n in states.items():
                    into[state] = into.get(state, 0) + n
        except sqlite3.DatabaseError as exc:
            raise ReportError(f"{path}: cannot be read ({exc})") from None
        finally:
            db.close()
    f.tables["book"] = Table("book_of_remembrance", "Messages left in the book of remembrance",
                             ["section", "messages left", "approved", "rejected", "waiting for a decision"],
                             [[section, sum(c.values()), c.get("approved", 0), c.get("rejected", 0),
                               c.get("pending", 0)] for section, c in sorted(totals.items())],
                             note="Counted from the book's own file, kept apart from these anonymous records; "
                                  "the messages themselves are in kiosk book export.")


def _titles(f: Figures, exhibition: Exhibition, language: str) -> None:
    """Section and item ids replaced by the curator's titles (in ``language``, with the
    exhibition's fallback); the ids stay in a last column, so a CSV row still names exactly
    what it counts."""
    sections = {s.id: exhibition.text(s.title, language) for s in exhibition.sections}
    items: dict[tuple[str, str], str] = {}
    for section in exhibition.sections:
        for item in section.items:
            named = getattr(item, "title", None) or getattr(item, "name", None)
            if getattr(item, "id", None) and named is not None:
                items[(section.id, item.id)] = exhibition.text(named, language)
    paired = {"panel", "clip", "book"}
    for table in f.tables.values():
        if not isinstance(table, Table) or not table.header or table.header[0] != "section" or "id" in table.header:
            continue
        pair = len(table.header) > 1 and table.header[1] in paired
        table.header = [*table.header, "id"]
        for row in table.rows:
            sid, iid = row[0], row[1] if pair else ""
            row.append(f"{sid}/{iid}" if pair else sid)
            row[0] = sections.get(sid, sid)
            if pair:
                row[1] = items.get((sid, iid), iid)
    attract = f.tables.get("attract")
    if attract is not None and "id" not in attract.header:
        attract.header = [*attract.header, "id"]
        for row in attract.rows:
            ref = row[0]
            sid, _, iid = str(ref).partition("/")
            row.append(ref)
            if sid in sections:
                row[0] = sections[sid] + (f": {items.get((sid, iid), iid)}" if iid else "")


def event_steps(databases: Sequence[Path]) -> int:
    """How many progress steps ``collect`` takes."""
    return len(databases) * (1 + len(_EVENT_QUERIES))


def count_events(databases: Sequence[Path]) -> int:
    """Roughly how many events there are (for deciding on a progress bar): the largest id."""
    total = 0
    for path in databases:
        try:
            with sqlite3.connect(_open_read_only(Path(path)), uri=True) as db:
                total += db.execute("SELECT max(id) FROM events").fetchone()[0] or 0
        except sqlite3.Error:
            pass
    return total


def quantile(db: sqlite3.Connection, sql: str, count: int, q: float) -> float:
    """The ``q`` quantile of the ordered values ``sql`` selects, interpolated between
    neighbours (as ``statistics.quantiles(method='inclusive')``), fetched by offset."""
    if count == 0:
        return 0.0
    position = q * (count - 1)
    below = int(math.floor(position))
    rows = [r[0] for r in db.execute(f"{sql} LIMIT 2 OFFSET ?", (below,))]
    if len(rows) == 1 or position == below:
        return float(rows[0])
    return float(rows[0] + (rows[1] - rows[0]) * (position - below))


def _visit_figures(db: sqlite3.Connection, f: Figures) -> None:
    db.execute("CREATE INDEX temp.v_length ON v (length)")
    f.visits = db.execute("SELECT count(*) FROM v").fetchone()[0]
    first, last = db.execute("SELECT min(started), max(started) FROM v").fetchone()
    epoch = dt.datetime(1970, 1, 1)
    if first is not None:
        f.first, f.last = epoch + dt.timedelta(seconds=first), epoch + dt.timedelta(seconds=last)
    ended = db.execute("SELECT count(*), avg(length) FROM v WHERE length IS NOT NULL").fetchone()
    ordered = "SELECT length FROM v WHERE length IS NOT NULL ORDER BY length"
    f.length = {"visits": ended[0], "mean": ended[1] or 0.0,
                **{name: quantile(db, ordered, ended[0], q) for name, q in
                   (("q1", 0.25), ("median", 0.5), ("q3", 0.75), ("p90", 0.9))}}
    f.tables["length"] = Table("visit_length", "How long visits lasted", ["length", "visits"], [
        [label, db.execute("SELECT count(*) FROM v WHERE length >= ? AND length < ?", (low, high)).fetchone()[0]]
        for low, high, label in LENGTH_BUCKETS])
    f.tables["length_summary"] = Table("visit_length_summary", "Visit length in seconds",
                                       ["visits", "median", "q1", "q3", "p90", "mean"],
                                       [[f.length[k] for k in ("visits", "median", "q1", "q3", "p90", "mean")]])
    f.tables["days"] = Table("visits_per_day", "Visits per day", ["day", "visits", "median length s"], [
        [day, n, None] for day, n in
        db.execute("SELECT date(started, 'unixepoch') AS day, count(*) FROM v GROUP BY day ORDER BY day")])
    medians = dict(db.execute(  # every day's median in one sort: the middle one or two of each day
        "SELECT day, avg(length) FROM (SELECT date(started, 'unixepoch') AS day, length, "
        "row_number() OVER (PARTITION BY date(started, 'unixepoch') ORDER BY length) AS k, "
        "count(*) OVER (PARTITION BY date(started, 'unixepoch')) AS n FROM v WHERE length IS NOT NULL) "
        "WHERE k IN ((n + 1) / 2, (n + 2) / 2) GROUP BY day"))
    for row in f.tables["days"].rows:
        row[2] = round(medians.get(row[0], 0.0), 1)
    f.heat = {(day, int(hour)): n for day, hour, n in db.execute(
        "SELECT date(started, 'unixepoch'), strftime('%H', started, 'unixepoch'), count(*) FROM v GROUP BY 1, 2")}
    f.tables["heat"] = Table("visits_by_day_and_hour", "Visits by day and hour", ["day", "hour", "visits"],
                             [[d, h, n] for (d, h), n in sorted(f.heat.items())])
    f.tables["attract"] = Table("attract_items", "What drew visitors in: the attract item on screen at the first touch",
                                ["attract item", "visits started", "share"], [
        [item or "(none)", n, n / f.visits if f.visits else 0] for item, n in
        db.execute("SELECT attract, count(*) AS n FROM v GROUP BY attract ORDER BY n DESC, attract")])
    f.tables["reading"] = Table("reading_modes", "Reading modes used in visits", ["mode", "visits", "share"], [
        [mode, n, n / f.visits if f.visits else 0] for mode, n in db.execute(
            "SELECT CASE WHEN large_text AND high_contrast THEN 'large text and high contrast' "
            "WHEN large_text THEN 'large text' WHEN high_contrast THEN 'high contrast' ELSE 'normal' END AS mode, "
            "count(*) FROM v GROUP BY mode ORDER BY count(*) DESC")])
    f.tables["ends"] = Table("visit_ends", "How visits ended", ["reason", "visits"], [
        [reason or "(under way)", n] for reason, n in
        db.execute("SELECT end_reason, count(*) FROM v GROUP BY end_reason ORDER BY count(*) DESC")])
    f.tables["versions"] = Table("exhibition_versions", "Exhibition versions", ["version", "visits", "first", "last"], [
        [version or "", n, _day(a), _day(b)] for version, n, a, b in
        db.execute("SELECT version, count(*), min(started), max(started) FROM v GROUP BY version ORDER BY min(started)")])
    final = {code: n for code, n in db.execute("SELECT language, count(*) FROM v GROUP BY language")}
    f.tables["languages_final"] = final  # type: ignore[assignment]


def _day(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%d")


def _grouped(db: sqlite3.Connection, what: str, columns: str = "section, item, detail") -> list[tuple]:
    return db.execute(f"SELECT {columns}, sum(n), sum(visits), sum(total), sum(complete) FROM agg WHERE what = ? "
                      f"GROUP BY {columns}", (what,)).fetchall()


def _event_tables(db: sqlite3.Connection, f: Figures) -> None:
    visits = f.visits or 1
    final: dict[str, int] = f.tables.pop("languages_final")  # type: ignore[assignment]
    chosen = {d: (n, v) for _s, _i, d, n, v, _t, _c in _grouped(db, "language")}
    codes = sorted(set(final) | set(chosen), key=lambda c: (-final.get(c, 0), c))
    f.tables["languages"] = Table("languages", "Languages: the language each visit ended in, and how often each was chosen",
                                  ["language", "visits ending in it", "share", "times chosen", "visits choosing it"],
                                  [[c, final.get(c, 0), final.get(c, 0) / visits, chosen.get(c, (0, 0))[0],
                                    chosen.get(c, (0, 0))[1]] for c in codes])
    f.tables["sections"] = Table("sections", "Sections opened", ["section", "times opened", "visits", "share of visits"],
                                 sorted(([s, n, v, v / visits] for s, _i, _d, n, v, _t, _c in _grouped(db, "section")),
                                        key=lambda r: (-r[1], r[0])))
    zooms = {(s, i): n for s, i, _d, n, _v, _t, _c in _grouped(db, "zoom")}
    notes: dict[tuple[str, str], dict[str, int]] = {}
    for s, i, d, n, _v, _t, _c in _grouped(db, "note"):
        notes.setdefault((s, i), {})[d] = n
    rows = []
    for s, i, _d, n, v, total, _c in _grouped(db, "panel"):
        note = notes.get((s, i), {})
        rows.append([s, i, n, v, round(total, 1), round(total / n, 1) if n else 0.0, zooms.get((s, i), 0),
                     note.get("shown", 0), note.get("continued", 0), note.get("skipped", 0)])
    rows.sort(key=lambda r: (-r[4], r[0], r[1]))
    f.tables["panels"] = Table("panels", "Panels ranked by time looked at (dwell)",
                               ["section", "panel", "views", "visits", "total seconds", "average seconds", "zooms",
                                "note shown", "note continued", "note skipped"], rows)
    subtitles: dict[tuple[str, str], list[str]] = {}
    for s, i, d, n, _v, _t, _c in sorted(_grouped(db, "clip_subtitles"), key=lambda r: -r[3]):
        subtitles.setdefault((s, i), []).append(f"{d or 'off'} {n}")
    clip_rows = [[s, i, n, v, round(total / n, 3) if n else 0.0, c or 0, (c or 0) / n if n else 0.0,
                  ", ".join(subtitles.get((s, i), []))] for s, i, _d, n, v, total, c in _grouped(db, "clip")]
    clip_rows.sort(key=lambda r: (-r[2], r[0], r[1]))
    f.tables["clips"] = Table("clips", "Clips: how many were started and how much of each was watched",
                              ["section", "clip", "started", "visits", "average share watched", "watched to the end",
                               "share watched to the end", "subtitles (language starts)"], clip_rows,
                              note=f"Watched to the end: at least {COMPLETE_SHARE:.0%} of the clip seen playing.")
    qr = {(s, i): (n, total) for s, i, _d, n, _v, total, _c in _grouped(db, "qr")}
    pages = {(s, i): n for s, i, _d, n, _v, _t, _c in _grouped(db, "page")}
    book_keys = {(s, i) for s, i, *_ in _grouped(db, "book")} | set(qr)
    opened = {(s, i): n for s, i, _d, n, _v, _t, _c in _grouped(db, "book")}
    book_rows = [[s, i, opened.get((s, i), 0), qr.get((s, i), (0, 0))[0], round(qr.get((s, i), (0, 0))[1], 1),
                  pages.get((s, i), 0)] for s, i in book_keys]
    book_rows.sort(key=lambda r: (-r[2], -r[3], r[0], r[1]))
    f.tables["books"] = Table("books", "Books opened and QR codes shown",
                              ["section", "book", "opened", "QR code shown", "QR code seconds on screen",
                               "sample pages viewed"], book_rows,
                              note="A visitor who opens a book twice in one visit counts once; a sample page "
                                   "counts once per visit.")
    f.tables["filters"] = Table("filters", "Catalogue filters used", ["section", "filter", "times used", "visits"],
                                sorted(([s, d, n, v] for s, _i, d, n, v, _t, _c in _grouped(db, "filter")),
                                       key=lambda r: (-r[2], r[0], r[1])))
    searches: dict[str, dict[str, tuple[int, int]]] = {}
    for s, _i, d, n, v, _t, _c in _grouped(db, "search"):
        searches.setdefault(s, {})[d] = (n, v)
    f.tables["searches"] = Table("name_searches", "Searches in the register of names",
                                 ["section", "searches", "found a person", "share that found a person",
                                  "visits searching"],
                                 sorted(([s, d.get("typed", (0, 0))[0], d.get("found", (0, 0))[0],
                                          d.get("found", (0, 0))[0] / d["typed"][0] if d.get("typed", (0, 0))[0] else 0.0,
                                          d.get("typed", (0, 0))[1]] for s, d in searches.items()),
                                        key=lambda r: (-r[1], r[0])),
                                 note="A search is a name typed from an empty line; it found a person when a "
                                      "person's page was opened from its results. The letters typed are never kept.")
    f.tables["broken"] = Table("broken_media", "Broken media seen (a placeholder was shown instead)",
                               ["section", "media", "what", "visits"],
                               sorted(([s, i, d, v] for s, i, d, _n, v, _t, _c in _grouped(db, "placeholder")),
                                      key=lambda r: (-r[3], r[0], r[1])))


# --- drawing ---------------------------------------------------------------------------------

def _pyplot():
    import matplotlib

    matplotlib.use("svg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "font.family": "sans-serif", "font.size": 10,
                         "axes.spines.top": False, "axes.spines.right": False, "svg.hashsalt": "kiosk-report"})
    return plt


def _svg(fig) -> str:
    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    _pyplot().close(fig)
    text = out.getvalue()
    return text[text.index("<svg"):]  # no XML prolog inside HTML


ACCENT = "#2f5d8a"


def _bars(labels: list[str], values: list[float], xlabel: str, *, limit: int = 15, fmt: str = "{:,.0f}") -> str:
    plt = _pyplot()
    labels, values = labels[:limit][::-1], values[:limit][::-1]
    fig, ax = plt.subplots(figsize=(7.5, 0.32 * max(3, len(labels)) + 0.8))
    bars = ax.barh(range(len(values)), values, color=ACCENT)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel(xlabel)
    top = max(values) if values else 1
    for bar, value in zip(bars, values):
        ax.text(bar.get_width() + top * 0.01, bar.get_y() + bar.get_height() / 2, fmt.format(value),
                va="center", fontsize=8)
    ax.set_xlim(0, top * 1.15 or 1)
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _p: f"{x:,.0f}"))  # 120,000, never 1.2e5
    return _svg(fig)


def _days_chart(rows: list[list]) -> str:
    plt = _pyplot()
    days = [dt.date.fromisoformat(r[0]) for r in rows]
    counts = [r[1] for r in rows]
    fig, ax = plt.subplots(figsize=(10, 3.2))
    if len(days) > 62:
        ax.plot(days, counts, color=ACCENT, linewidth=0.9)
        ax.fill_between(days, counts, color=ACCENT, alpha=0.15)
    else:
        ax.bar(days, counts, color=ACCENT, width=0.8)
    ax.set_ylabel("visits")
    fig.autofmt_xdate()
    return _svg(fig)


def _heat_chart(heat: dict[tuple[str, int], int]) -> tuple[str, str]:
    plt = _pyplot()
    days = sorted({d for d, _h in heat})
    if len(days) <= 31:
        rows, title = days, "day"
        grid = [[heat.get((d, h), 0) for h in range(24)] for d in days]
    else:  # a long period: by day of the week
        rows, title = WEEKDAYS, "day of the week"
        grid = [[0] * 24 for _ in WEEKDAYS]
        for (d, h), n in heat.items():
            grid[dt.date.fromisoformat(d).weekday()][h] += n
    fig, ax = plt.subplots(figsize=(10, 0.3 * len(rows) + 1.2))
    image = ax.pcolormesh(grid, cmap="Blues", edgecolors="white", linewidth=0.5)  # vector cells, not a bitmap
    ax.invert_yaxis()
    ax.set_xticks([h + 0.5 for h in range(24)], [f"{h:02d}" for h in range(24)], fontsize=8)
    ax.set_yticks([r + 0.5 for r in range(len(rows))], rows, fontsize=8)
    ax.set_xlabel("hour")
    fig.colorbar(image, ax=ax, label="visits", fraction=0.03)
    return _svg(fig), title


def _length_chart(table: Table, length: dict[str, float]) -> str:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 2.8))
    ax.bar([r[0] for r in table.rows], [r[1] for r in table.rows], color=ACCENT)
    ax.set_ylabel("visits")
    ax.set_title(f"median {_duration(length['median'])}, quartiles {_duration(length['q1'])} – "
                 f"{_duration(length['q3'])}", fontsize=10)
    ax.tick_params(axis="x", labelsize=8)
    return _svg(fig)


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


# --- writing ---------------------------------------------------------------------------------

CSS = """
body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; margin: 2rem auto; max-width: 1100px;
       color: #1d232b; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem;
  border-bottom: 2px solid #2f5d8a; padding-bottom: .2rem; }
.sub { color: #555; margin-top: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: .8rem; margin: 1.2rem 0; }
.card { border: 1px solid #cfd6de; border-radius: 6px; padding: .7rem .9rem; }
.card b { display: block; font-size: 1.6rem; color: #2f5d8a; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; margin: .6rem 0; }
th, td { border-bottom: 1px solid #e1e5ea; padding: .25rem .5rem; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f1f4f7; }
figure { margin: .8rem 0; } figure svg { max-width: 100%; height: auto; }
.note, footer { color: #555; font-size: .85rem; }
section { break-inside: avoid-page; }
@media print { body { margin: 0; max-width: none; font-size: 10pt; } h2 { break-after: avoid; }
  figure, table { break-inside: avoid; } a { color: inherit; text-decoration: none; } }
"""

TOP_ROWS = 25


def _cell(value: object, header: str = "") -> tuple[str, bool]:
    if isinstance(value, float) and header.startswith(("share", "average share")):
        return f"{value:.0%}", True
    if isinstance(value, float):
        return f"{value:,.1f}", True
    if isinstance(value, int):
        return f"{value:,}", True
    return html.escape(str(value if value is not None else "")), False


def _html_table(table: Table, limit: int = TOP_ROWS) -> str:
    head = "".join(f"<th{' class=n' if i and table.rows and isinstance(table.rows[0][i], (int, float)) else ''}>"
                   f"{html.escape(h)}</th>" for i, h in enumerate(table.header))
    body = []
    for row in table.rows[:limit]:
        cells = []
        for value, name in zip(row, table.header):
            text, number = _cell(value, name)
            cells.append(f"<td class=n>{text}</td>" if number else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = f"<p class=note>{len(table.rows) - limit:,} more rows in {table.name}.csv</p>" \
        if len(table.rows) > limit else ""
    empty = "<p class=note>Nothing recorded.</p>" if not table.rows else ""
    note = f"<p class=note>{html.escape(table.note)}</p>" if table.note else ""
    return (f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}{empty}{note}"
            f"<p class=note>All rows: <a href=\"{table.name}.csv\">{table.name}.csv</a></p>")


def write_report(figures: Figures, out: Path, title: str = "What visitors did") -> Path:
    """``out/index.html`` and one CSV per table; returns the index."""
    out.mkdir(parents=True, exist_ok=True)
    tables = figures.tables
    for table in tables.values():
        (out / f"{table.name}.csv").write_text(table.csv_text(), encoding="utf-8")
    f = figures
    period = (f"{f.first:%d %B %Y} – {f.last:%d %B %Y}" if f.first and f.last else "no visits")
    asked = " ".join(x for x in (f"from {f.since}" if f.since else "", f"until {f.until}" if f.until else "") if x)
    days = len(tables["days"].rows)
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)}</title>"
             f"<meta name=viewport content='width=device-width, initial-scale=1'><style>{CSS}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>",
             f"<p class=sub>{html.escape(period)}{' (asked: ' + html.escape(asked) + ')' if asked else ''} · "
             f"{len(f.databases)} database{'s' if len(f.databases) != 1 else ''} · made "
             f"{dt.datetime.now():%d %B %Y %H:%M}</p>",
             "<div class=cards>",
             f"<div class=card><b>{f.visits:,}</b>visits</div>",
             f"<div class=card><b>{f.visits / days if days else 0:,.0f}</b>visits a day on {days:,} days open</div>",
             f"<div class=card><b>{_duration(f.length.get('median', 0))}</b>median visit "
             f"(half lasted between {_duration(f.length.get('q1', 0))} and {_duration(f.length.get('q3', 0))})</div>",
             f"<div class=card><b>{f.events:,}</b>events recorded</div>",
             "</div>"]
    if f.visits:
        parts += ["<section><h2>Visits per day</h2>", f"<figure>{_days_chart(tables['days'].rows)}</figure>",
                  _html_table(tables["days"], 14), "</section>"]
        heat, by = _heat_chart(f.heat)
        parts += [f"<section><h2>When visitors came: {by} × hour</h2><figure>{heat}</figure>",
                  f"<p class=note>All days and hours: <a href=\"{tables['heat'].name}.csv\">"
                  f"{tables['heat'].name}.csv</a></p></section>"]
        parts += ["<section><h2>How long visits lasted</h2>",
                  f"<figure>{_length_chart(tables['length'], f.length)}</figure>",
                  _html_table(tables["length_summary"]), _html_table(tables["ends"]),
                  "<p class=note>A visit starts with the touch that leaves the attract loop and lasts until the "
                  "last touch before the idle timeout (or the technician's exit).</p></section>"]
    charted = [("languages", "Languages", 1, "visits ending in it"),
               ("sections", "Sections", 1, "times opened"),
               ("panels", "Panels that held visitors", 4, "total seconds looked at"),
               ("clips", "Clips", 2, "times started"),
               ("books", "Books and QR codes", 2, "times opened"),
               ("attract", "What drew visitors in", 1, "visits started")]
    for key, heading, column, xlabel in charted:
        table = tables[key]
        figure = ""
        if table.rows:
            pair = key in ("panels", "clips", "books")  # section/item
            titled = "id" in table.header  # the curator's titles: the item's own says enough
            labels = [(str(row[1]) if titled else f"{row[0]}/{row[1]}") if pair else str(row[0]) for row in table.rows]
            values = [float(row[column]) for row in table.rows]
            if key == "panels":  # seconds add up to days over a year: hours or minutes read better
                hours = max(values) > 36_000
                values = [v / (3600 if hours else 60) for v in values]
                xlabel = f"{'hours' if hours else 'minutes'} looked at, all visits together"
            figure = f"<figure>{_bars(labels, values, xlabel)}</figure>"
        if key == "clips" and table.rows:
            figure += "<figure>" + _bars([f"{r[0]}/{r[1]}" for r in table.rows], [r[4] * 100 for r in table.rows],
                                         "average % of the clip watched", fmt="{:.0f}%") + "</figure>"
        parts += [f"<section><h2>{heading}</h2><p class=sub>{html.escape(table.title)}</p>{figure}",
                  _html_table(table), "</section>"]
    for key, heading in (("searches", "Searches in the register of names"),
                         ("book", "The book of remembrance"), ("reading", "Reading modes"),
                         ("filters", "Catalogue filters"),
                         ("broken", "Broken media seen"), ("versions", "Exhibition versions")):
        parts += [f"<section><h2>{heading}</h2><p class=sub>{html.escape(tables[key].title)}</p>",
                  _html_table(tables[key]), "</section>"]
    parts += ["<footer><p>Made by <code>kiosk report</code> from the kiosk's own records, on the kiosk or a copy: "
              "anonymous events (what was opened, for how long, in which language), no names, no typed text, "
              "nothing from a camera or microphone. Databases: "
              + ", ".join(html.escape(p.name) for p in f.databases) + ".</p></footer></body></html>"]
    index = out / "index.html"
    index.write_text("\n".join(parts), encoding="utf-8")
    return index


def make_report(databases: Sequence[Path], out: Path, since: dt.date | None = None, until: dt.date | None = None,
                progress: bool | None = None, books: Sequence[Path] = (),
                exhibition: Exhibition | None = None, language: str | None = None) -> Path:
    """Collect and write, with a progress bar on long reports (tqdm, on stderr)."""
    from tqdm import tqdm

    show = progress if progress is not None else count_events(databases) >= LONG_REPORT_EVENTS
    with tqdm(total=event_steps(databases) + 1, desc="report", unit="step", disable=not show) as bar:
        figures = collect(databases, since, until, progress=lambda what: (bar.set_postfix_str(what), bar.update()),
                          books=books, exhibition=exhibition, language=language)
        bar.set_postfix_str("charts")
        index = write_report(figures, Path(out))
        bar.update()
    return index
