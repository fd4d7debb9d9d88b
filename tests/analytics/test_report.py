"""kiosk report over generated visits whose totals are known, one database or several."""

from __future__ import annotations

import csv
import datetime as dt
import re
import statistics
from pathlib import Path

import pytest

from kiosk.analytics.events import CODES
from kiosk.analytics.generate import generate
from kiosk.analytics.report import ReportError, collect, make_report
from kiosk.cli import main


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """A year of a quieter kiosk (20 visits a day: the same code as the bench's 500)."""
    path = tmp_path_factory.mktemp("year") / "foyer.sqlite3"
    return path, generate(path, days=365, visits_per_day=20, seed=3, start=dt.date(2026, 1, 1))


@pytest.fixture(scope="module")
def second(tmp_path_factory):
    path = tmp_path_factory.mktemp("week") / "hall.sqlite3"
    return path, generate(path, days=7, visits_per_day=50, seed=9, start=dt.date(2026, 2, 23))


def table(figures, key):
    return figures.tables[key]


def test_the_report_of_a_generated_year_has_its_totals(year):
    path, expected = year
    f = collect([path])
    assert f.visits == expected.visits == 365 * 20
    assert f.events == expected.events
    assert {row[0]: row[1] for row in table(f, "days").rows} == dict(expected.per_day)
    assert len(table(f, "days").rows) == 365
    lengths = expected.lengths
    q1, median, q3 = statistics.quantiles(lengths, n=4, method="inclusive")
    assert f.length["median"] == pytest.approx(median, abs=1e-3)
    assert (f.length["q1"], f.length["q3"]) == (pytest.approx(q1, abs=1e-3), pytest.approx(q3, abs=1e-3))
    panels = {row[1]: row[4] for row in table(f, "panels").rows}
    assert panels == {k: pytest.approx(v, abs=0.05) for k, v in expected.panel_seconds.items()}
    ranked = [row[4] for row in table(f, "panels").rows]
    assert ranked == sorted(ranked, reverse=True), "panels ranked by dwell"
    assert {row[0]: row[1] for row in table(f, "attract").rows} == dict(expected.attract)
    assert {row[0]: row[1] for row in table(f, "languages").rows} == dict(expected.final_language)
    assert {row[1]: row[5] for row in table(f, "clips").rows} == dict(expected.clips_complete)
    assert sum(row[2] for row in table(f, "clips").rows) == expected.kinds[CODES["clip"]]
    assert {row[1]: row[3] for row in table(f, "books").rows if row[3]} == dict(expected.qr)
    assert sum(row[2] for row in table(f, "books").rows) == expected.kinds[CODES["book"]]
    assert sum(f.heat.values()) == expected.visits
    assert {h for (_d, h) in f.heat} <= set(range(9, 20)), "the generated kiosk is open 9:00-20:00"
    broken = table(f, "broken").rows
    assert [(r[1], r[3]) for r in broken] == [("photos/broken.jpg", expected.kinds[CODES["placeholder"]])]
    assert {r[0] for r in table(f, "ends").rows} == {"idle"}


def test_several_databases_make_one_report(year, second):
    (a, ea), (b, eb) = year, second
    both = collect([a, b])
    assert both.visits == ea.visits + eb.visits
    assert both.events == ea.events + eb.events
    panels = {row[1]: row[4] for row in table(both, "panels").rows}
    for panel in ea.panel_seconds:
        assert panels[panel] == pytest.approx(ea.panel_seconds[panel] + eb.panel_seconds.get(panel, 0), abs=0.05)
    days = {row[0]: row[1] for row in table(both, "days").rows}
    assert days["2026-02-24"] == ea.per_day["2026-02-24"] + eb.per_day["2026-02-24"]
    assert both.length["median"] == pytest.approx(
        statistics.median(ea.lengths + eb.lengths), abs=1e-3), "the median of all visits, not of medians"


def test_from_and_until_keep_whole_days(year):
    path, expected = year
    week = collect([path], dt.date(2026, 3, 2), dt.date(2026, 3, 8))
    assert [row[0] for row in table(week, "days").rows] == [f"2026-03-0{d}" for d in range(2, 9)]
    assert week.visits == sum(n for day, n in expected.per_day.items() if "2026-03-02" <= day <= "2026-03-08")
    assert 0 < week.events < expected.events
    with pytest.raises(ReportError, match="after"):
        collect([path], dt.date(2026, 3, 8), dt.date(2026, 3, 2))


def test_the_html_is_self_contained_and_the_csv_files_hold_every_row(year, second, tmp_path):
    (a, ea), (b, _eb) = year, second
    index = make_report([a, b], tmp_path / "out", progress=False)
    page = index.read_text(encoding="utf-8")
    assert page.count("<svg") >= 8, "charts drawn inline"
    assert "<script" not in page and "<img" not in page and "<link" not in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "nothing fetched from a network"
    assert re.findall(r"xlink:href=\"(?!#|data:)", page) == [], "SVG refers only to itself"
    names = sorted(p.name for p in (tmp_path / "out").glob("*.csv"))
    assert {"visits_per_day.csv", "visits_by_day_and_hour.csv", "visit_length_summary.csv", "languages.csv",
            "reading_modes.csv", "sections.csv", "panels.csv", "clips.csv", "books.csv", "attract_items.csv",
            "broken_media.csv", "filters.csv"} <= set(names)
    with open(tmp_path / "out" / "panels.csv", encoding="utf-8") as f:
        panels = list(csv.DictReader(f))
    assert len(panels) == 40 and panels[0]["section"] == "photos"
    assert float(panels[0]["total seconds"]) >= float(panels[-1]["total seconds"])
    for name in names:  # every CSV link in the page points at a file that is there
        assert (tmp_path / "out" / name).stat().st_size > 0
    for link in re.findall(r'<a href="([^"]+)"', page):
        assert (tmp_path / "out" / link).is_file(), link


def test_kiosk_report_on_the_command_line(year, tmp_path, capsys):
    path, expected = year
    assert main(["report", "--db", str(path), "--from", "2026-12-01", "--out", str(tmp_path / "r")]) == 0
    assert capsys.readouterr().out.strip() == f"open {(tmp_path / 'r' / 'index.html').resolve().as_uri()}"
    with open(tmp_path / "r" / "visits_per_day.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["day", "visits", "median length s"] and len(rows) == 1 + 31
    assert main(["report", "--db", str(tmp_path / "missing.sqlite3"), "--out", str(tmp_path / "x")]) == 1
    assert "no such database" in capsys.readouterr().err


def test_curator_titles_book_counts_and_name_searches(tmp_path, capsys):
    """A visit that opens a panel and searches the register twice (one search finds a person),
    and a book with messages left, approved and rejected: the report names the panel and the
    sections by their titles, counts the searches and the messages, and holds no typed text."""
    from kiosk.analytics.book import BookStore
    from kiosk.analytics.recorder import Recorder

    clock = [100.0]
    wall = dt.datetime(2027, 2, 26, 18, 0)
    rec = Recorder(tmp_path / "analytics.sqlite3", clock=lambda: clock[0], wall_clock=lambda: wall)
    rec.start_visit("photos/001", "en")
    rec.record("section", "photos")
    rec.record("panel", "photos", "001", amount=12.0)
    rec.record("section", "names")
    rec.record("search", "names", detail="typed")
    rec.record("search", "names", detail="found")
    rec.record("search", "names", detail="typed")
    clock[0] += 40
    rec.end_visit("idle")
    rec.close()
    store = BookStore(tmp_path / "book.sqlite3", wall_clock=lambda: wall)
    ids = [store.leave("book", f"words {n}") for n in range(5)]
    store.flush()
    for mid in ids[:3]:
        store.decide(mid, True)
    store.decide(ids[3], False)
    store.close()
    demo = Path(__file__).resolve().parents[2] / "config" / "exhibition.yaml"
    out = tmp_path / "report"
    # the book beside the analytics database is found by itself
    assert main(["report", "--db", str(tmp_path / "analytics.sqlite3"), "--exhibition", str(demo),
                 "--language", "en", "--out", str(out)]) == 0

    def rows(name):
        with open(out / f"{name}.csv", encoding="utf-8") as f:
            return list(csv.reader(f))

    assert rows("book_of_remembrance") == [
        ["section", "messages left", "approved", "rejected", "waiting for a decision", "id"],
        ["Book of remembrance", "5", "3", "1", "1", "book"]]
    assert rows("name_searches")[1] == ["Register of names (sample)", "2", "1", "0.5", "1", "names"]
    panels = rows("panels")
    assert panels[1][0] == "Photo exhibition" and panels[1][-1] == "photos/001"
    assert panels[1][1] != "001", "the panel is named by its title"
    assert rows("attract_items")[1][-1] == "photos/001" and rows("attract_items")[1][0].startswith("Photo exhibition: ")
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Searches in the register of names" in page and "The book of remembrance" in page
    assert "words 0" not in page and "words 0" not in "".join(p.read_text() for p in out.glob("*.csv"))
    # without the exhibition the ids stay, as before
    figures = collect([tmp_path / "analytics.sqlite3"])
    assert table(figures, "sections").header[-1] != "id" and {r[0] for r in table(figures, "sections").rows} == \
        {"photos", "names"}
