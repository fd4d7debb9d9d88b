"""The technician's exit: PIN stored as a salted hash, wrong PINs rate-limited."""

from __future__ import annotations

import json

import pytest

from kiosk.shell.lockdown import CornerHold
from kiosk.technician.pin import PinAttempts, PinStore


def test_the_pin_is_stored_only_as_a_salted_hash(tmp_path):
    store = PinStore(tmp_path / "pin.json")
    store.set("4821")
    saved = store.path.read_text()
    assert "4821" not in saved
    data = json.loads(saved)
    assert len(bytes.fromhex(data["salt"])) == 16
    assert store.check("4821") and not store.check("4822")
    other = PinStore(tmp_path / "other.json")
    other.set("4821")
    assert json.loads(other.path.read_text())["hash"] != data["hash"]


@pytest.mark.parametrize("pin", ["12", "abcd", "123456789", ""])
def test_bad_pins_are_refused(tmp_path, pin):
    with pytest.raises(ValueError, match="4 to 8 digits"):
        PinStore(tmp_path / "pin.json").set(pin)


def test_wrong_pins_lock_the_pad_for_longer_each_time(tmp_path):
    store = PinStore(tmp_path / "pin.json")
    store.set("4821")
    attempts = PinAttempts(store)
    assert not attempts.try_pin("0000", 0) and not attempts.try_pin("1111", 1)
    assert attempts.locked_for(2) == 0
    assert not attempts.try_pin("2222", 2)
    assert attempts.locked_for(2) == 30
    assert not attempts.try_pin("4821", 10), "the right PIN is refused while locked"
    assert attempts.try_pin("4821", 32.5)
    for t in range(3):
        attempts.try_pin("9999", 40 + t)
    assert attempts.locked_for(42) == 30
    attempts.try_pin("9999", 80)
    assert attempts.locked_for(80) == 60


def test_a_corner_press_held_three_seconds_fires_once():
    corner = CornerHold("top-left")
    assert not corner.down(1, 500, 500, 1920, 1080, now=0)
    assert corner.down(2, 20, 1060, 1920, 1080, now=0)
    assert not corner.fired(2.9)
    assert corner.fired(3.0)
    assert not corner.fired(4.0)
    corner.down(3, 20, 1060, 1920, 1080, now=10)
    corner.up(3)
    assert not corner.fired(20)


def test_the_pin_file_is_private_from_its_first_byte(tmp_path, monkeypatch):
    """set-pin wrote the file, then restricted it: briefly world-readable (issue 15)."""
    import os
    import stat

    import kiosk.common.files as files

    seen: list[int] = []
    real_replace = os.replace

    def replace(src, dst):
        seen.append(stat.S_IMODE(os.stat(src).st_mode))  # the file as it was while being written
        return real_replace(src, dst)

    def no_chmod(*_args, **_kwargs):
        raise AssertionError("restricting the file after writing it leaves a window")

    monkeypatch.setattr(files.os, "replace", replace)
    monkeypatch.setattr(files.os, "chmod", no_chmod)
    old_umask = os.umask(0)  # a permissive umask must not matter
    try:
        store = PinStore(tmp_path / "home" / "pin.json")
        store.set("4821")
    finally:
        os.umask(old_umask)
    assert seen == [0o600]
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(store.path.parent).st_mode) == 0o700
    assert [p.name for p in store.path.parent.iterdir()] == ["pin.json"]  # no temporary file left


def test_the_wrong_pin_count_survives_a_restart(tmp_path):
    store = PinStore(tmp_path / "pin.json")
    store.set("4821")
    attempts = PinAttempts(store)
    for t in range(3):
        assert not attempts.try_pin("1111", t)
    assert attempts.locked_for(2) == 30

    # the kiosk restarts (its clock starts again near 0): still locked, for the same time
    restarted = PinAttempts(PinStore(tmp_path / "pin.json"))
    assert restarted.failures == 3
    assert restarted.locked_for(0.5) == 30
    assert not restarted.try_pin("4821", 10), "the right PIN is refused while locked"
    assert not restarted.try_pin("9999", 31)  # the fourth wrong one doubles the lock
    assert restarted.locked_for(31) == 60
    again = PinAttempts(PinStore(tmp_path / "pin.json"))
    assert again.failures == 4 and again.locked_for(100) == 60
    assert again.try_pin("4821", 161)
    assert PinAttempts(PinStore(tmp_path / "pin.json")).failures == 0
    assert not store.attempts_path.exists()


def test_a_damaged_wrong_pin_count_does_not_give_fresh_tries(tmp_path):
    store = PinStore(tmp_path / "pin.json")
    store.set("4821")
    store.attempts_path.write_text("{not json")
    attempts = PinAttempts(store)
    assert attempts.locked_for(0) == 30
