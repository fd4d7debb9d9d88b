"""Opening hours as a curator writes them (kiosk/content/opening.py): what they answer at
every minute, what the loader says of mistakes, and what ``kiosk schedule`` prints."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.loader import load_exhibition
from kiosk.content.opening import Opening, describe_change

ROOT = Path(__file__).resolve().parents[2]

VENUE = {"mon-fri": "09:00-18:00", "sat": "10:00-13:00, 14:00-17:00", "sun": "closed",
         "closed": ["2027-01-01", {"from": "2027-03-20", "until": "2027-03-22"}],
         "open": {"2027-02-26": "09:00-22:00", "2027-02-28": "12:00-16:00"}}


@pytest.fixture
def venue() -> Opening:
    return Opening.model_validate(VENUE)


@pytest.mark.parametrize("moment, is_open, change", [
    ("2027-02-22 08:59", False, "closed until 09:00"),                 # a Monday before opening
    ("2027-02-22 09:00", True, "open until 18:00"),
    ("2027-02-22 18:00", False, "closed until tomorrow 09:00"),
    ("2027-02-26 21:59", True, "open until 22:00"),                    # the anniversary, open late
    ("2027-02-27 13:30", False, "closed until 14:00"),                 # Saturday's lunch break
    ("2027-02-27 17:00", False, "closed until tomorrow 12:00"),        # a Sunday open by date
    ("2027-03-19 18:30", False, "closed until Tue 2027-03-23 09:00"),  # a closed span over a weekend
    ("2027-01-01 10:00", False, "closed until tomorrow 10:00"),        # a holiday on a Friday
])
def test_every_answer_at_the_edges(venue, moment, is_open, change):
    now = dt.datetime.fromisoformat(moment)
    assert venue.is_open(now) is is_open
    assert describe_change(venue, now) == change


def test_the_answer_agrees_with_next_change_minute_by_minute(venue):
    """Walking a fortnight minute by minute: the state changes exactly where next_change says."""
    moment = dt.datetime(2027, 2, 20, 0, 0)
    expected = venue.next_change(moment)
    state = venue.is_open(moment)
    while moment < dt.datetime(2027, 3, 6):
        moment += dt.timedelta(minutes=1)
        if venue.is_open(moment) != state:
            assert moment == expected
            state = venue.is_open(moment)
            expected = venue.next_change(moment)
        else:
            assert expected is None or moment < expected


def test_hours_across_midnight_and_a_later_key_overriding_an_earlier_one():
    late = Opening.model_validate({"daily": "18:00-02:00", "sun": "closed"})
    saturday_night = dt.datetime(2027, 2, 27, 23, 0)
    assert late.is_open(saturday_night) and late.is_open(dt.datetime(2027, 2, 28, 1, 59))
    assert not late.is_open(dt.datetime(2027, 2, 28, 2, 0))
    assert not late.is_open(dt.datetime(2027, 2, 28, 19, 0))  # Sunday: closed, as the later key says
    assert late.next_change(saturday_night) == dt.datetime(2027, 2, 28, 2, 0)
    never = Opening.model_validate({"closed": ["2027-01-01"]})
    assert not never.is_open(dt.datetime(2027, 2, 1, 12, 0)) and never.next_change(dt.datetime(2027, 2, 1)) is None


def write(tmp_path: Path, opening: str) -> Path:
    shutil.copytree(ROOT / "config", tmp_path / "config")
    (tmp_path / "media").symlink_to(ROOT / "media")
    path = tmp_path / "config" / "exhibition.yaml"
    path.write_text(path.read_text(encoding="utf-8") + opening, encoding="utf-8")
    return path


def test_mistakes_are_reported_where_the_curator_wrote_them(tmp_path):
    path = write(tmp_path, '\nopening:\n  mon-fri: "09:00-25:00"\n')
    result = load_exhibition(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("opening:")) + 1
    assert [str(p) for p in result.errors] == [f"{path}:{line}:3: error: mon-fri: '25:00' is not a time of day"]


@pytest.mark.parametrize("yaml, words", [
    ('  mon-fri: "09:00-25:00"\n', "mon-fri: '25:00' is not a time of day"),
    ('  wensday: "10:00-12:00"\n', "unknown key 'wensday' in opening: expected a day (mon, tue"),
    ('  sat: 10\n', "sat: expected hours like \"09:00-18:00\" or closed"),
    ('  mon: "9-5"\n', "mon: expected hours like \"09:00-18:00\""),
    ('  open: {2027-02-30: "09:00-22:00"}\n', "expected a date like 2027-02-26, found the text '2027-02-30'"),
    ('  wake: sometimes\n', "expected 'touch' or 'never', found the text 'sometimes'"),
])
def test_each_mistake_in_the_curators_words(tmp_path, yaml, words):
    result = load_exhibition(write(tmp_path, "\nopening:\n" + yaml))
    messages = " | ".join(str(p) for p in result.errors)
    assert words in messages, messages


def test_kiosk_schedule_prints_when_the_screen_sleeps(tmp_path, capsys):
    path = write(tmp_path, '\nopening:\n  mon-fri: "09:00-18:00"\n  sat: "10:00-14:00"\n  wake: never\n')
    assert main(["schedule", str(path), "--from", "2027-01-15", "--days", "3"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "2027-01-15  09:00-18:00  open (the screen is awake)" in out
    assert "2027-01-15  outside these hours the venue is closed: the screen sleeps; a touch does not wake it" in out
    assert "2027-01-16  10:00-14:00  open (the screen is awake)" in out
    assert "2027-01-17  closed all day (the screen sleeps; a touch does not wake it)" in out
