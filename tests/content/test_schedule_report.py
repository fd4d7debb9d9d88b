"""``kiosk schedule``: the plan, day by day, across midnight and across a DST change."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.loader import load_exhibition
from kiosk.content.models import Exhibition
from kiosk.content.schedule import active_playlist
from kiosk.content.schedule_report import day_slots, format_report, schedule_report

ROOT = Path(__file__).resolve().parents[2]
DEMO_SCHEDULE = """schedule:
  # On the anniversary the attract loop shows the anniversary playlist all day,
  - playlist: anniversary
    on: 2027-02-26
  # and in the evening hours of the commemoration week.
  - playlist: anniversary
    from: 2027-02-20
    until: 2027-02-28
    hours: "18:00-22:00"
    priority: 1
"""


def exhibition_with(tmp_path: Path, schedule: str) -> Exhibition:
    """The demo exhibition with another schedule."""
    shutil.copytree(ROOT / "config", tmp_path / "config")
    (tmp_path / "media").symlink_to(ROOT / "media")
    path = tmp_path / "config" / "exhibition.yaml"
    text = path.read_text(encoding="utf-8")
    assert DEMO_SCHEDULE in text
    path.write_text(text.replace(DEMO_SCHEDULE, schedule), encoding="utf-8")
    result = load_exhibition(path)
    assert result.exhibition is not None and result.ok, [str(p) for p in result.problems]
    return result.exhibition


def lines(exhibition: Exhibition, first: dt.date, days: int) -> list[str]:
    """The playlist lines (quiet hours and silences have their own test)."""
    return [line for line in format_report(exhibition, first, days).splitlines()[1:]
            if "quiet hours" not in line and "minute of silence" not in line]


def agrees_minute_by_minute(exhibition: Exhibition, first: dt.date, days: int) -> None:
    """Every minute of every day plays what the report says: the report stepped through
    the change points and missed none."""
    for slot in schedule_report(exhibition, first, days):
        start = dt.datetime.combine(slot.day, slot.start)
        end = dt.datetime.combine(slot.day, slot.end) if slot.end else dt.datetime.combine(slot.day, dt.time.min) \
            + dt.timedelta(days=1)
        moment = start
        while moment < end:
            assert active_playlist(exhibition, moment) == slot.playlist, (moment, str(slot))
            moment += dt.timedelta(minutes=1)


def test_the_demo_plan_around_the_anniversary(demo_path):
    exhibition = load_exhibition(demo_path).exhibition
    assert exhibition is not None
    evening = "anniversary (schedule entry 2, from 2027-02-20 until 2027-02-28, hours 18:00-22:00, priority 1)"
    assert lines(exhibition, dt.date(2027, 2, 25), 2) == [
        "2027-02-25  00:00-18:00  highlights (attract playlist)",
        f"2027-02-25  18:00-22:00  {evening}",
        "2027-02-25  22:00-24:00  highlights (attract playlist)",
        "2027-02-26  00:00-18:00  anniversary (schedule entry 1, on 2027-02-26)",
        f"2027-02-26  18:00-22:00  {evening}",
        "2027-02-26  22:00-24:00  anniversary (schedule entry 1, on 2027-02-26)",
    ]
    assert lines(exhibition, dt.date(2027, 3, 1), 1) == ["2027-03-01  00:00-24:00  highlights (attract playlist)"]
    agrees_minute_by_minute(exhibition, dt.date(2027, 2, 19), 11)


def test_a_night_window_across_midnight(tmp_path):
    exhibition = exhibition_with(tmp_path, """schedule:
  - playlist: anniversary
    from: 2027-03-01
    until: 2027-03-02
    hours: "22:00-02:00"
""")
    night = "anniversary (schedule entry 1, from 2027-03-01 until 2027-03-02, hours 22:00-02:00)"
    assert lines(exhibition, dt.date(2027, 2, 28), 4) == [
        "2027-02-28  00:00-24:00  highlights (attract playlist)",
        "2027-03-01  00:00-22:00  highlights (attract playlist)",  # the night of 02-28 is before 'from'
        f"2027-03-01  22:00-24:00  {night}",
        f"2027-03-02  00:00-02:00  {night}",
        "2027-03-02  02:00-22:00  highlights (attract playlist)",
        f"2027-03-02  22:00-24:00  {night}",
        f"2027-03-03  00:00-02:00  {night}",  # the last night began on 03-02, inside the window
        "2027-03-03  02:00-24:00  highlights (attract playlist)",
    ]
    agrees_minute_by_minute(exhibition, dt.date(2027, 2, 28), 4)


def test_moments_and_priorities(tmp_path):
    exhibition = exhibition_with(tmp_path, """schedule:
  - playlist: anniversary
    from: 2027-05-09 10:30
    until: 2027-05-09 12:00
  - playlist: highlights
    hours: "11:00-11:15"
    priority: 2
""")
    assert lines(exhibition, dt.date(2027, 5, 9), 1) == [
        "2027-05-09  00:00-10:30  highlights (attract playlist)",
        "2027-05-09  10:30-11:00  anniversary (schedule entry 1, from 2027-05-09 10:30 until 2027-05-09 12:00)",
        "2027-05-09  11:00-11:15  highlights (schedule entry 2, hours 11:00-11:15, priority 2)",
        "2027-05-09  11:15-12:00  anniversary (schedule entry 1, from 2027-05-09 10:30 until 2027-05-09 12:00)",
        "2027-05-09  12:00-24:00  highlights (attract playlist)",
    ]


# Naive local datetimes: the kiosk compares the wall clock with the schedule. In the EU the
# clocks go forward on 2027-03-28 (02:00 becomes 03:00) and back on 2027-10-31 (03:00
# becomes 02:00 again). A window written 01:30-03:30 is printed and played as written:
# on 03-28 it lasts one real hour, on 10-31 three; the time zone does not enter into it.
@pytest.fixture
def berlin(monkeypatch):
    if not hasattr(time, "tzset"):
        pytest.skip("no time.tzset here")
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("day", [dt.date(2027, 3, 28), dt.date(2027, 10, 31)], ids=["spring-forward", "fall-back"])
def test_a_window_on_a_dst_change_day_goes_by_the_wall_clock(tmp_path, berlin, day):
    exhibition = exhibition_with(tmp_path, f"""schedule:
  - playlist: anniversary
    on: {day.isoformat()}
    hours: "01:30-03:30"
""")
    window = f"anniversary (schedule entry 1, on {day.isoformat()}, hours 01:30-03:30)"
    assert lines(exhibition, day, 1) == [
        f"{day}  00:00-01:30  highlights (attract playlist)",
        f"{day}  01:30-03:30  {window}",
        f"{day}  03:30-24:00  highlights (attract playlist)",
    ]
    # 02:30 does not exist on the spring-forward day; a naive clock never shows it, and if
    # it did the answer would still be the window's.
    assert active_playlist(exhibition, dt.datetime.combine(day, dt.time(2, 30))) == "anniversary"
    slots = day_slots(exhibition, day)
    assert slots[0].start == dt.time.min and slots[-1].end is None  # 24 wall-clock hours, always
    agrees_minute_by_minute(exhibition, day - dt.timedelta(days=1), 3)


def test_the_command(demo_path, capsys):
    assert main(["schedule", str(demo_path), "--from", "2027-02-26", "--days", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "What the attract loop plays, 2027-02-26 to 2027-02-26 (the kiosk's local wall-clock time):"
    assert out[1] == "2027-02-26  00:00-18:00  anniversary (schedule entry 1, on 2027-02-26)"
    assert main(["schedule", str(demo_path), "--days", "0"]) == 1
    assert "--days must be between 1 and 366" in capsys.readouterr().err
