"""The kiosk's folders: the two variables deploy sets, else the platform's folders."""

from __future__ import annotations

import pytest

from kiosk.common import places


@pytest.fixture
def bare(monkeypatch, tmp_path):
    """No kiosk or XDG variables; HOME is a fresh folder."""
    for name in ("KIOSK_HOME", "KIOSK_CACHE", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    return monkeypatch


def test_the_variables_name_the_folders(bare, tmp_path):
    bare.setenv("KIOSK_HOME", str(tmp_path / "home"))
    bare.setenv("KIOSK_CACHE", str(tmp_path / "cache"))
    assert places.kiosk_home() == tmp_path / "home"
    assert places.content_folder() == tmp_path / "home" / "content"
    assert places.last_good_folder() == tmp_path / "home" / "last-good"
    assert places.cache_folder() == tmp_path / "cache"
    assert places.renditions_folder() == tmp_path / "cache" / "renditions"


def test_without_them_the_xdg_folders(bare, tmp_path):
    bare.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    bare.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    assert places.kiosk_home() == tmp_path / "state" / "kiosk"
    assert places.renditions_folder() == tmp_path / "xdg-cache" / "kiosk" / "renditions"


def test_without_any_the_home_folder(bare, tmp_path):
    assert places.kiosk_home() == tmp_path / ".local" / "state" / "kiosk"
    assert places.cache_folder() == tmp_path / ".cache" / "kiosk"


def test_an_empty_variable_counts_as_unset(bare, tmp_path):
    bare.setenv("KIOSK_HOME", "")
    bare.setenv("KIOSK_CACHE", "")
    assert places.kiosk_home() == tmp_path / ".local" / "state" / "kiosk"
    assert places.cache_folder() == tmp_path / ".cache" / "kiosk"


def test_a_tilde_is_the_users_home(bare, tmp_path):
    bare.setenv("KIOSK_CACHE", "~/kc")
    assert places.cache_folder() == tmp_path / "kc"


def test_the_users_of_a_folder_ask_places(bare, tmp_path):
    from kiosk.content.lastgood import LastGood
    from kiosk.content.update import default_content_dir
    from kiosk.technician.pin import PinStore

    bare.setenv("KIOSK_HOME", str(tmp_path / "home"))
    assert PinStore().path == tmp_path / "home" / "pin.json"
    assert LastGood().folder == tmp_path / "home" / "last-good"
    assert default_content_dir() == tmp_path / "home" / "content"
