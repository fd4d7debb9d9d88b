"""No default PIN: nothing opens until a technician sets one; a random one for an install
without a terminal; the PIN never in a file, an output or a log but where it belongs."""

from __future__ import annotations

import logging
import os
import re
import stat

import pytest

from kiosk.cli import main
from kiosk.technician.doctor import Status, check_pin, check_trust
from kiosk.technician.pin import PinAttempts, PinStore, guessing_seconds, lock_after, trivial_pin_reason


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KIOSK_PIN", raising=False)
    return tmp_path / "home"


@pytest.mark.parametrize("pin", ["0000", "1234", "", "00000000"])
def test_with_no_pin_set_nothing_opens_whatever_is_typed(home, pin):
    store = PinStore()
    assert not store.is_set
    assert store.check(pin) is False
    pad = PinAttempts(store)
    assert pad.try_pin(pin, now=0.0) is False


def test_a_random_pin_is_shown_once_kept_as_a_private_hash_and_kept_on_a_second_run(home, capsys):
    assert main(["set-pin", "--random"]) == 0
    out = capsys.readouterr().out
    shown = re.findall(r"^Technician PIN: (\d{6})$", out, re.M)
    assert len(shown) == 1 and trivial_pin_reason(shown[0]) is None
    store = PinStore()
    assert store.check(shown[0]) and not store.check("0000")
    info = store.path.stat()
    assert stat.S_IMODE(info.st_mode) == 0o600 and info.st_uid == os.getuid()
    assert shown[0] not in store.path.read_text()
    assert f"keeps only a salted hash of it, in {store.path} (0600)" in out
    # the install runs again after 'git pull': the PIN the technician wrote down stays
    assert main(["set-pin", "--random"]) == 0
    again = capsys.readouterr().out
    assert "Technician PIN" not in again and "left as it is" in again
    assert store.check(shown[0])
    assert main(["set-pin", "--random", "--replace"]) == 0
    replaced = re.findall(r"^Technician PIN: (\d{6})$", capsys.readouterr().out, re.M)[0]
    assert store.check(replaced) and (replaced == shown[0] or not store.check(shown[0]))


def test_random_pins_differ_and_are_never_easy():
    from kiosk.technician.pin import random_pin

    pins = {random_pin() for _ in range(200)}
    assert len(pins) > 190 and all(len(p) == 6 and p.isdigit() and trivial_pin_reason(p) is None for p in pins)


def test_the_time_to_guess_follows_the_pads_locks():
    # 3 free tries, then 30 s doubling to 15 min: the pad's own schedule
    assert [lock_after(n) for n in range(1, 10)] == [0, 0, 30, 60, 120, 240, 480, 900, 900]
    assert guessing_seconds(4) == 30 + 60 + 120 + 240 + 480 + 900 * (9999 - 7)
    assert guessing_seconds(4) / 86400 == pytest.approx(104.1, abs=0.05)  # the README's figures
    assert guessing_seconds(6) / (365.25 * 86400) == pytest.approx(28.5, abs=0.05)


def test_a_kiosk_joins_a_fleet_only_once_a_pin_is_set(home, capsys):
    code = main(["fleet", "join", "kiosk", "--name", "foyer", "--curator", "AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-AAAAAAA-"
                 "AAAAAAA-AAAAAAA-AAAAAAA", "--syncthing-home", str(home / "st")])
    assert code == 1
    assert capsys.readouterr().err == (f"kiosk: no technician PIN is set on this kiosk ({home / 'pin.json'}); set one "
                                       f"first: sudo kiosk set-pin\n")
    assert not (home / "st").exists() and not (home / "fleet").exists()


def test_the_doctor_fails_without_a_pin_and_on_a_pin_file_others_can_read(home):
    missing = check_pin()
    assert missing.status is Status.FAIL and "none is set" in missing.found and "no default PIN" in missing.fix
    PinStore().set("4826")
    good = check_pin()
    assert good.status is Status.OK and "104 days" in good.found
    os.chmod(PinStore().path, 0o644)
    assert check_pin().status is Status.FAIL


def test_the_doctor_warns_while_any_content_is_accepted(home, tmp_path, capsys):
    warned = check_trust()
    assert warned.status is Status.WARN and "no curator key is trusted" in warned.found
    assert main(["keygen", "--out", str(tmp_path / "keys"), "--name", "Curator"]) == 0
    assert main(["trust", str(tmp_path / "keys" / "curator.pub")]) == 0
    trusted = check_trust()
    assert trusted.status is Status.OK and "(Curator)" in trusted.found


def test_the_pin_is_in_no_log_and_no_output(home, capsys, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("KIOSK_PIN", "7395")
    assert main(["set-pin"]) == 0
    pad = PinAttempts(PinStore())
    for wrong in ("5921", "8814", "3706", "6660"):  # the 4th meets the lock the 3rd earned
        assert not pad.try_pin(wrong, now=0.0)
    attempts = PinStore().attempts_path.read_text()  # the count a restart keeps: 3
    assert pad.try_pin("7395", now=3600.0) is True
    said = capsys.readouterr()
    for text in (said.out, said.err, caplog.text, PinStore().path.read_text(), attempts):
        for pin in ("7395", "5921", "8814", "3706", "6660"):
            assert pin not in text
    assert "wrong technician PIN (3 in a row)" in caplog.text
