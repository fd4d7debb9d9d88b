"""`kiosk set-pin`: asked twice, and a PIN anyone would try first is refused."""

from __future__ import annotations

import getpass
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.technician.pin import trivial_pin_reason
from kiosk.technician.pin import PinStore


def answers(monkeypatch, *typed: str) -> list[str]:
    """getpass answering as a technician types; returns the prompts shown."""
    prompts: list[str] = []
    queue = list(typed)

    def fake(prompt: str = "") -> str:
        prompts.append(prompt)
        return queue.pop(0)

    monkeypatch.setattr(getpass, "getpass", fake)
    monkeypatch.delenv("KIOSK_PIN", raising=False)
    return prompts


def test_the_pin_is_asked_twice_and_saved(monkeypatch, tmp_path, capsys):
    prompts = answers(monkeypatch, "4826", "4826")
    assert main(["set-pin", "--pin-file", str(tmp_path / "pin.json")]) == 0
    assert prompts == ["New technician PIN (4-8 digits): ", "The same PIN again: "]
    store = PinStore(tmp_path / "pin.json")
    assert store.check("4826") and not store.check("0000")


def test_two_different_pins_save_nothing(monkeypatch, tmp_path, capsys):
    answers(monkeypatch, "4826", "4862")
    assert main(["set-pin", "--pin-file", str(tmp_path / "pin.json")]) == 1
    assert capsys.readouterr().err == "kiosk: the two PINs differ; nothing was saved, run 'kiosk set-pin' again\n"
    assert not (tmp_path / "pin.json").exists()


@pytest.mark.parametrize(("pin", "reason"), [
    ("0000", "all its digits are the same"),
    ("1111", "all its digits are the same"),
    ("1234", "its digits run up or down in order"),
    ("4321", "its digits run up or down in order"),
    ("7890", "its digits run up or down in order"),
    ("98765432", "its digits run up or down in order"),
    ("1212", "it repeats 12"),
    ("147147", "it repeats 147"),
])
def test_a_trivial_pin_is_refused_before_it_is_asked_again(monkeypatch, tmp_path, capsys, pin, reason):
    prompts = answers(monkeypatch, pin)
    assert main(["set-pin", "--pin-file", str(tmp_path / "pin.json")]) == 1
    assert len(prompts) == 1
    assert capsys.readouterr().err == \
        f"kiosk: that PIN is too easy to guess ({reason}); choose 4 to 8 digits without a pattern\n"
    assert not (tmp_path / "pin.json").exists()


def test_a_pin_is_never_taken_from_the_command_line(tmp_path, capsys):
    """Every user of the box sees a command line (ps) and the shell keeps it (history)."""
    with pytest.raises(SystemExit):
        main(["set-pin", "--pin", "4826", "--pin-file", str(tmp_path / "pin.json")])
    assert "unrecognized arguments: --pin 4826" in capsys.readouterr().err
    assert not (tmp_path / "pin.json").exists()


def test_a_trivial_pin_given_in_the_environment_is_refused_too(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("KIOSK_PIN", "0000")
    assert main(["set-pin", "--pin-file", str(tmp_path / "pin.json")]) == 1
    assert "too easy to guess (all its digits are the same)" in capsys.readouterr().err
    monkeypatch.setenv("KIOSK_PIN", "2468")  # not a run of one: accepted, non-interactive, no second ask
    assert main(["set-pin", "--pin-file", str(tmp_path / "pin.json")]) == 0
    assert PinStore(tmp_path / "pin.json").check("2468")


@pytest.mark.parametrize("pin", ["4826", "1357", "2468", "19450509", "1243", "9081"])
def test_ordinary_pins_pass(pin):
    assert trivial_pin_reason(pin) is None
