"""Issue 15, item 8: the wall clock is aware local time, and a clock jump neither replays
nor skips a minute of silence (times are passed in; no Kivy)."""

from __future__ import annotations

import datetime as dt

from kiosk.content.loader import load_exhibition
from kiosk.content.schedule import SilenceKeeper, local_now, quiet_at, silence_at
from tests.conftest import ROOT

DEMO = load_exhibition(ROOT / "config" / "exhibition.yaml").exhibition
AT = dt.datetime(2027, 2, 26, 17, 0)  # the demo's minute of silence


def test_the_wall_clock_is_aware_local_time_and_the_schedule_reads_it():
    assert local_now().tzinfo is not None
    zone = dt.datetime(2027, 2, 27, 23, 30).astimezone().tzinfo
    assert quiet_at(DEMO, dt.datetime(2027, 2, 27, 23, 30, tzinfo=zone)) is not None
    assert silence_at(DEMO, (AT + dt.timedelta(seconds=5)).astimezone()) is not None


def test_a_silence_held_does_not_replay_after_a_backward_jump():
    keeper, now = SilenceKeeper(), 1000.0
    silence, left = keeper.under_way(DEMO, AT + dt.timedelta(seconds=5), now)
    assert silence.at == AT and left == 55
    # NTP pulls the clock back 20 s during the silence: it runs on, no longer
    assert keeper.under_way(DEMO, AT - dt.timedelta(seconds=15), now + 10)[1] == 45
    assert keeper.under_way(DEMO, AT + dt.timedelta(seconds=40), now + 55) is None
    # and back to before it began: it was held, it does not come again
    for seconds in (-30, 0, 5, 30):
        assert keeper.under_way(DEMO, AT + dt.timedelta(seconds=seconds), now + 100 + seconds) is None


def test_a_forward_jump_into_a_silence_shows_what_remains_and_past_its_end_ends_it():
    keeper, now = SilenceKeeper(), 1000.0
    assert keeper.under_way(DEMO, AT - dt.timedelta(seconds=10), now) is None
    silence, left = keeper.under_way(DEMO, AT + dt.timedelta(seconds=40), now + 0.25)  # jumped 50 s
    assert silence.at == AT and left == 20
    assert keeper.under_way(DEMO, AT + dt.timedelta(seconds=61), now + 0.5) is None  # jumped past its end
