"""Idle, attract sequencing and the schedule, with time stepped by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.content.loader import load_exhibition
from kiosk.content.models import ScheduleEntry
from kiosk.content.schedule import active_playlist, is_active
from kiosk.media.assets import Assets
from kiosk.visit.session import AttractLoop, IdlePhase, IdleWatch, attract_steps

CORPUS = Path(__file__).parents[1] / "content" / "corpus"


def test_idle_warns_then_expires():
    idle = IdleWatch(timeout=90, warning=15, now=0)
    assert idle.phase(89.9) is IdlePhase.ACTIVE
    assert idle.phase(90) is IdlePhase.WARNING
    assert idle.remaining(95) == 10
    assert idle.phase(105) is IdlePhase.EXPIRED
    idle.touch(100)
    assert idle.phase(105) is IdlePhase.ACTIVE


def test_idle_never_fires_while_held_and_restarts_on_release():
    idle = IdleWatch(timeout=90, warning=15, now=0)
    idle.hold(True, now=10)
    assert idle.phase(10_000) is IdlePhase.ACTIVE
    idle.hold(False, now=10_000)
    assert idle.phase(10_089) is IdlePhase.ACTIVE
    assert idle.phase(10_091) is IdlePhase.WARNING


def entry(**kwargs) -> ScheduleEntry:
    return ScheduleEntry.model_validate({"playlist": "p", **kwargs})


@pytest.mark.parametrize(("kwargs", "now", "active"), [
    ({"on": "2027-02-26"}, "2027-02-26 00:00", True),
    ({"on": "2027-02-26"}, "2027-02-26 23:59", True),
    ({"on": "2027-02-26"}, "2027-02-27 00:00", False),
    ({"from": "2027-02-20", "until": "2027-02-28"}, "2027-02-28 23:00", True),
    ({"from": "2027-02-20 18:00", "until": "2027-02-20 21:00"}, "2027-02-20 21:00", False),
    ({"hours": "18:00-22:00"}, "2027-05-01 17:59", False),
    ({"hours": "18:00-22:00"}, "2027-05-01 18:00", True),
    # a window that crosses midnight belongs to the evening it starts on
    ({"hours": "22:00-02:00", "on": "2027-02-26"}, "2027-02-27 01:30", True),
    ({"hours": "22:00-02:00", "on": "2027-02-26"}, "2027-02-26 01:30", False),
    ({"hours": "22:00-02:00", "on": "2027-02-26"}, "2027-02-26 23:00", True),
])
def test_schedule_windows(kwargs, now, active):
    assert is_active(entry(**kwargs), dt.datetime.fromisoformat(now)) is active


def test_the_higher_priority_wins_and_the_attract_playlist_is_the_default(demo_path):
    ex = load_exhibition(demo_path).exhibition
    assert ex is not None
    assert active_playlist(ex, dt.datetime(2027, 1, 5, 12)) == "highlights"
    assert active_playlist(ex, dt.datetime(2027, 2, 26, 9)) == "anniversary"
    assert active_playlist(ex, dt.datetime(2027, 2, 21, 19)) == "anniversary"
    assert active_playlist(ex, dt.datetime(2027, 2, 21, 12)) == "highlights"


def test_attract_steps_follow_the_playlist_and_switch_on_the_day(demo_path):
    loaded = load_exhibition(demo_path)
    ex = loaded.exhibition
    steps = attract_steps(ex, "highlights", Assets.of(loaded), 8.0)
    refs = [s.ref for s in steps]
    assert refs[:3] == ["photos/001", "photos/003", "photos/007"]
    clip = next(s for s in steps if s.kind == "clip")
    assert (clip.start, clip.seconds) == (5.0, 10.0)
    today = [dt.datetime(2027, 2, 25, 12)]
    loop = AttractLoop(ex, Assets.of(loaded), lambda: today[0])
    assert loop.start(0).ref == "photos/001"
    assert not loop.due(7.9) and loop.due(8.0)
    assert loop.advance(8.0).ref == "photos/003"
    today[0] = dt.datetime(2027, 2, 26, 12)
    assert loop.advance(16.0).ref == "photos/009"


def test_attract_leaves_out_missing_files(tmp_path):
    loaded = load_exhibition(CORPUS / "valid.yaml")
    steps = attract_steps(loaded.exhibition, "highlights", Assets(loaded.exhibition, loaded.media.__class__(tmp_path)), 8.0)
    assert steps == []


def test_quiet_hours_and_silence_are_decided_against_now(demo_path):
    from kiosk.content.schedule import quiet_at, silence_at
    from kiosk.content.schedule_report import still_times

    ex = load_exhibition(demo_path).exhibition
    assert quiet_at(ex, dt.datetime(2027, 2, 27, 23, 0)) is not None  # the demo dims in its commemoration week
    assert quiet_at(ex, dt.datetime(2027, 2, 28, 7, 59)) is not None
    assert quiet_at(ex, dt.datetime(2027, 2, 28, 8, 0)) is None
    assert quiet_at(ex, dt.datetime(2027, 3, 2, 7, 59)) is None  # after the week, nights are not dimmed
    assert silence_at(ex, dt.datetime(2027, 2, 26, 16, 59, 59)) is None
    assert silence_at(ex, dt.datetime(2027, 2, 26, 17, 0, 30)).text.get("en") == "A minute of silence"
    assert silence_at(ex, dt.datetime(2027, 2, 26, 17, 1)) is None
    lines = still_times(ex, dt.date(2027, 2, 26))
    assert "2027-02-26  17:00:00-17:01:00  minute of silence (a still screen; touches wait)" in lines


def test_a_bad_quiet_entry_is_reported_in_the_curators_words(tmp_path):
    text = (CORPUS / "valid.yaml").read_text(encoding="utf-8") + 'quiet:\n  - {hours: "25:00-07:00", brightness: 2}\n'
    path = tmp_path / "exhibition.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "media").symlink_to(CORPUS / "media")
    result = load_exhibition(path)
    messages = sorted(str(p).split(": ", 1)[1] for p in result.errors)
    assert messages == ["error: '25:00' is not a time of day", "error: expected a number at most 1.0, found the number 2"] \
        or messages == ["error: expected a number at most 1.0, found the number 2"], messages
    assert result.exhibition is not None, "the rest of the exhibition still shows"
