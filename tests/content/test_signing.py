"""Content signed by its curator (kiosk/content/signing.py) through the real commands and the
real update: keys made with ``cryptography``, files on disk, one byte changed at a time."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import stat
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.digest import content_digest
from kiosk.content.signing import SIGNATURE_FILE, PublicKey, SignatureError, TrustedKeys
from kiosk.content.update import NotSigned, current_version, update_content

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2027, 2, 20, 10, 0, tzinfo=dt.timezone.utc)


def quick(path: Path):
    """The loader, without probing clips (the real one; only the deep media checks left out)."""
    from kiosk.content.loader import load_exhibition

    return load_exhibition(path)


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "kiosk-home"
    monkeypatch.setenv("KIOSK_HOME", str(home))
    return home


@pytest.fixture
def exhibition(tmp_path) -> Path:
    folder = tmp_path / "stick"
    shutil.copytree(ROOT / "config", folder / "config")
    shutil.copytree(ROOT / "media", folder / "media")
    return folder


def keygen(tmp_path: Path, name: str, capsys) -> tuple[Path, PublicKey]:
    folder = tmp_path / f"keys-{name}"
    assert main(["keygen", "--out", str(folder), "--name", name]) == 0
    capsys.readouterr()
    return folder, PublicKey.parse((folder / "curator.pub").read_text())


def sign(folder: Path, keys: Path, capsys) -> None:
    assert main(["sign", str(folder), "--key", str(keys / "curator.key")]) == 0
    capsys.readouterr()


def update(folder: Path, home: Path):
    return update_content(folder, home / "content", validate=quick, recheck=quick, now=lambda: NOW.replace(tzinfo=None))


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def test_keygen_writes_a_private_key_only_its_owner_reads_and_never_overwrites(tmp_path, capsys, home):
    keys, key = keygen(tmp_path, "Curator 2027", capsys)
    private, public = keys / "curator.key", keys / "curator.pub"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and private.stat().st_uid == os.getuid()
    assert stat.S_IMODE(keys.stat().st_mode) == 0o700
    assert private.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert public.read_text() == key.line() + "\n" and key.name == "Curator 2027" and len(key.raw) == 32
    before = private.read_bytes()
    assert main(["keygen", "--out", str(keys)]) == 1
    assert "exists already; a key is never overwritten" in capsys.readouterr().err
    assert private.read_bytes() == before


def test_without_a_trusted_key_content_is_accepted_as_before(exhibition, home):
    assert TrustedKeys().enforced is False
    report = update(exhibition, home)
    assert report.signed_by is None and current_version(home / "content") == report.version


def test_a_signed_exhibition_applies_and_keeps_its_signature_beside_the_version(tmp_path, exhibition, home, capsys):
    keys, key = keygen(tmp_path, "Curator", capsys)
    sign(exhibition, keys, capsys)
    assert main(["trust", str(keys / "curator.pub")]) == 0
    assert f"trusting key {key.key_id} (Curator)" in capsys.readouterr().out
    report = update(exhibition, home)
    assert report.signed_by == f"{key.key_id} (Curator)"
    live = home / "content" / "current"
    assert (live / SIGNATURE_FILE).read_bytes() == (exhibition / SIGNATURE_FILE).read_bytes()
    # the signature signs the fleet's fingerprint and is not part of it
    signed = json.loads((exhibition / SIGNATURE_FILE).read_text())["signed"]
    assert signed["digest"] == content_digest(exhibition) == content_digest(live)
    assert {path for path, _size, _sha in signed["files"]} >= {"config/exhibition.yaml", "media/photos/001.jpg"}
    trusted = home / "trusted-keys.json"
    assert stat.S_IMODE(trusted.stat().st_mode) == 0o600


@pytest.fixture
def trusting(tmp_path, exhibition, home, capsys):
    """A kiosk that trusts one key, and a live version it applied from a signed folder."""
    keys, key = keygen(tmp_path, "Curator", capsys)
    assert main(["trust", str(keys / "curator.pub")]) == 0
    sign(exhibition, keys, capsys)
    live = update(exhibition, home).version
    capsys.readouterr()
    return keys, key, live


def versions(home: Path) -> list[str]:
    return sorted(p.name for p in (home / "content" / "versions").iterdir())


def refused(exhibition: Path, home: Path, live: str) -> str:
    before = versions(home)
    with pytest.raises(NotSigned) as caught:
        update(exhibition, home)
    assert current_version(home / "content") == live, "the live content stays"
    assert versions(home) == before, "nothing was copied in, nothing is left half-way"
    return str(caught.value)


def test_unsigned_content_is_refused_naming_the_folder(trusting, exhibition, home):
    (exhibition / SIGNATURE_FILE).unlink()
    message = refused(exhibition, home, trusting[2])
    assert message.startswith(f"{exhibition} is not signed: this kiosk accepts only content signed by a curator key "
                              f"it trusts")


@pytest.mark.parametrize("where", ["media/photos/004.jpg", "media/film/memorial.mp4", "config/exhibition.yaml",
                                   "media/film/memorial.en.vtt"])
def test_one_changed_byte_after_signing_is_refused_naming_the_file(trusting, exhibition, home, where):
    assert (exhibition / where).is_file(), f"the demo has {where}"
    flip_a_byte(exhibition / where)
    message = refused(exhibition, home, trusting[2])
    assert message.splitlines() == [f"{exhibition} is not as its curator signed it (1 file); nothing was changed:",
                                    f"  {where}: changed after signing (its SHA-256 differs)"]


def test_files_added_or_removed_after_signing_are_named_too(trusting, exhibition, home):
    (exhibition / "media" / "photos" / "extra.jpg").write_bytes((exhibition / "media" / "photos" / "001.jpg").read_bytes())
    (exhibition / "media" / "photos" / "002.jpg").unlink()
    message = refused(exhibition, home, trusting[2])
    assert "  media/photos/002.jpg: signed, but missing" in message.splitlines()
    assert "  media/photos/extra.jpg: not signed (added after signing)" in message.splitlines()


def test_a_signature_file_edited_to_match_a_changed_photo_is_refused(trusting, exhibition, home):
    """Whoever changes a photo cannot fix the list up: the signature covers the list."""
    import hashlib

    photo = exhibition / "media" / "photos" / "001.jpg"
    flip_a_byte(photo)
    document = json.loads((exhibition / SIGNATURE_FILE).read_text())
    for entry in document["signed"]["files"]:
        if entry[0] == "media/photos/001.jpg":
            entry[2] = hashlib.sha256(photo.read_bytes()).hexdigest()
    (exhibition / SIGNATURE_FILE).write_text(json.dumps(document))
    message = refused(exhibition, home, trusting[2])
    assert "does not match what it lists: the file was changed after signing" in message


def test_a_key_the_kiosk_does_not_trust_is_refused(trusting, tmp_path, exhibition, home, capsys):
    other, other_key = keygen(tmp_path, "Stranger", capsys)
    sign(exhibition, other, capsys)
    message = refused(exhibition, home, trusting[2])
    assert message == (f"{exhibition} is signed by key {other_key.key_id} (Stranger), which this kiosk does not trust "
                       f"(kiosk trust --list shows the keys it does); nothing was changed")


def test_a_key_is_rotated_two_trusted_at_once_then_the_old_one_revoked(trusting, tmp_path, exhibition, home, capsys):
    old_keys, old_key, _live = trusting
    new_keys, new_key = keygen(tmp_path, "Curator 2028", capsys)
    assert main(["trust", str(new_keys / "curator.pub")]) == 0
    assert "accepts only content signed by one of 2 keys" in capsys.readouterr().out
    (exhibition / "media" / "photos" / "001.jpg").write_bytes((exhibition / "media" / "photos" / "002.jpg").read_bytes())
    sign(exhibition, new_keys, capsys)
    assert update(exhibition, home).signed_by == f"{new_key.key_id} (Curator 2028)"  # the new key, while both count
    sign(exhibition, old_keys, capsys)
    second = update(exhibition, home).version  # the old one still counts too
    assert main(["trust", "--revoke", old_key.key_id]) == 0
    assert f"key {old_key.key_id} (Curator) is revoked" in capsys.readouterr().out
    message = refused(exhibition, home, second)
    assert message.startswith(f"{exhibition} is signed by key {old_key.key_id} (Curator), revoked on ")
    # a revoked key is not trusted again by mistake
    assert main(["trust", str(old_keys / "curator.pub")]) == 1
    assert "was revoked on" in capsys.readouterr().err
    assert main(["trust", "--list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in listed] == [[old_key.key_id, "revoked"], [new_key.key_id, "trusted"]]
    sign(exhibition, new_keys, capsys)
    assert update(exhibition, home).signed_by == f"{new_key.key_id} (Curator 2028)"


def test_revoking_the_last_key_accepts_nothing_rather_than_everything(trusting, exhibition, home, capsys):
    _keys, key, live = trusting
    assert main(["trust", "--revoke", key.key_id.replace("-", "")]) == 0
    assert "no trusted key is left: this kiosk accepts no new content" in capsys.readouterr().out
    (exhibition / SIGNATURE_FILE).unlink()
    assert "is not signed" in refused(exhibition, home, live)


def test_an_unreadable_trust_list_accepts_nothing(trusting, exhibition, home):
    (home / "trusted-keys.json").write_text("{ not json")
    with pytest.raises(NotSigned) as caught:
        update(exhibition, home)
    assert "the trusted keys in" in str(caught.value) and "cannot be read" in str(caught.value)


def test_a_file_changed_while_it_is_copied_does_not_go_live(trusting, exhibition, home):
    """The source is checked, then copied: the copy is checked against the signature again."""
    from kiosk.content.update import copy_tree

    def copy_then_change(source: Path, dest: Path, progress=None) -> None:
        copy_tree(source, dest, progress)
        flip_a_byte(dest / "media" / "photos" / "003.jpg")  # as a stick swapped under the copy would

    with pytest.raises(NotSigned) as caught:
        update_content(exhibition, home / "content", validate=quick, recheck=quick, copy=copy_then_change)
    assert "media/photos/003.jpg: changed after signing" in str(caught.value)
    assert current_version(home / "content") == trusting[2]


def test_signing_keeps_the_private_key_out_of_every_output_and_log(tmp_path, exhibition, home, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    keys, _key = keygen(tmp_path, "Curator", capsys)
    assert main(["sign", str(exhibition), "--key", str(keys / "curator.key")]) == 0
    assert main(["trust", str(keys / "curator.pub")]) == 0
    update(exhibition, home)
    said = capsys.readouterr()
    secret = (keys / "curator.key").read_text()
    body = "".join(secret.splitlines()[1:-1])
    for text in (said.out, said.err, caplog.text, (exhibition / SIGNATURE_FILE).read_text(),
                 (home / "trusted-keys.json").read_text()):
        assert "PRIVATE KEY" not in text and body not in text and body[:16] not in text


def test_a_signature_for_another_folder_is_refused_file_by_file(trusting, tmp_path, exhibition, home):
    """A signature copied beside other content names what differs, it does not vouch for it."""
    elsewhere = tmp_path / "other"
    shutil.copytree(exhibition, elsewhere)
    flip_a_byte(elsewhere / "config" / "exhibition.yaml")
    with pytest.raises(SignatureError):
        TrustedKeys().verify(elsewhere)
