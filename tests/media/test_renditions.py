"""The renditions cache and ``kiosk prepare``: built once, keyed by content, incremental."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PIL import Image

from kiosk.cli import main
from kiosk.content.loader import load_exhibition
from kiosk.media.assets import Assets
from kiosk.media.prepare import prepare_images
from kiosk.media.renditions import KINDS, RenditionCache
from tests.media.makers import BLUE, GREEN, RED, age, big_jpeg


def mtimes(folder: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*.jpg")}


def test_three_renditions_of_the_right_sizes(photos, tmp_path):
    cache = RenditionCache(tmp_path / "cache")
    result = cache.build(photos["big"])
    assert result.ok and result.decoded
    assert set(result.built) == set(KINDS)
    sizes = {kind: Image.open(cache.path_for(photos["big"], kind)).size for kind in KINDS}
    assert sizes == {"screen": (1920, 1280), "zoom": (4096, 2731), "thumb": (480, 320)}


def test_renditions_are_upright_and_carry_no_rotation(photos, tmp_path):
    cache = RenditionCache(tmp_path / "cache")
    cache.build(photos["rotated"], ["screen"])
    with Image.open(cache.path_for(photos["rotated"], "screen")) as screen:
        assert screen.size == (200, 400)
        assert screen.getexif().get(0x0112) is None
        assert max(abs(a - b) for a, b in zip(screen.getpixel((100, 50)), RED)) < 12


def test_a_second_build_decodes_nothing(photos, tmp_path):
    source = age(photos["big"])
    cache = RenditionCache(tmp_path / "cache")
    cache.build(source)
    cache.save_index()
    before = mtimes(tmp_path / "cache")

    again = RenditionCache(tmp_path / "cache")  # a new run of `kiosk prepare`
    assert again.status(source, list(KINDS)) is not None, "known from the index"
    result = again.build(source)
    assert not result.decoded and result.built == () and set(result.present) == set(KINDS)
    assert again.hashed == 0, "an unchanged file is not even read"
    assert mtimes(tmp_path / "cache") == before


def test_a_file_changed_just_now_is_hashed_again(photos, tmp_path):
    """Within the file system's clock tick a rewrite may keep size and time: never trust it."""
    cache = RenditionCache(tmp_path / "cache")
    cache.build(photos["cmyk"])  # made a moment ago
    cache.save_index()
    again = RenditionCache(tmp_path / "cache")
    result = again.build(photos["cmyk"])
    assert again.hashed == 1 and not result.decoded


def test_new_bytes_under_the_same_name_are_built_again(photos, tmp_path):
    source = age(photos["rotated"])
    cache = RenditionCache(tmp_path / "cache")
    first = cache.build(source)
    cache.save_index()
    Image.new("RGB", (400, 200), GREEN).save(source, "JPEG")
    age(source, 30)  # a later time than before, as a copy over it gives

    again = RenditionCache(tmp_path / "cache")
    second = again.build(source)
    assert second.decoded and second.digest != first.digest
    with Image.open(again.path_for(source, "screen")) as screen:
        assert screen.size == (400, 200)
        assert max(abs(a - b) for a, b in zip(screen.getpixel((10, 10)), GREEN)) < 12


def test_a_moved_photo_is_not_decoded_again(photos, tmp_path):
    cache = RenditionCache(tmp_path / "cache")
    cache.build(photos["rotated"])
    moved = tmp_path / "elsewhere.jpg"
    moved.write_bytes(photos["rotated"].read_bytes())
    result = cache.build(moved)
    assert not result.decoded and set(result.present) == set(KINDS)


def test_a_broken_file_is_remembered_until_it_changes(photos, tmp_path):
    source = age(photos["truncated"])
    cache = RenditionCache(tmp_path / "cache")
    first = cache.build(source)
    assert first.problem == "the file is truncated" and first.decoded
    cache.save_index()

    again = RenditionCache(tmp_path / "cache")
    known = again.status(source, list(KINDS))
    assert known is not None and known.problem == "the file is truncated"
    assert not again.build(source).decoded, "not decoded again"

    big_jpeg(source, (800, 600))  # the curator copies the whole file this time
    fixed = again.build(source)
    assert fixed.ok and fixed.decoded


def test_writes_are_atomic_and_leave_no_temporary_files(photos, tmp_path):
    cache = RenditionCache(tmp_path / "cache")
    for name in ("big", "rotated", "alpha", "truncated"):
        cache.build(photos[name])
    cache.save_index()
    left = [p.name for p in (tmp_path / "cache").rglob("*") if p.name.startswith(".")]
    assert left == []
    index = json.loads((tmp_path / "cache" / "index.json").read_text())
    assert list(index["broken"].values()) == ["the file is truncated"]


def test_a_damaged_index_costs_only_a_rehash(photos, tmp_path):
    source = age(photos["rotated"])
    cache = RenditionCache(tmp_path / "cache")
    cache.build(source)
    cache.save_index()
    (tmp_path / "cache" / "index.json").write_text("{not json", encoding="utf-8")
    again = RenditionCache(tmp_path / "cache")
    result = again.build(source)
    assert result.ok and not result.decoded and again.hashed == 1


def test_the_cache_folder_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_CACHE", str(tmp_path))
    assert RenditionCache().folder == tmp_path / "renditions"


# --- kiosk prepare ---------------------------------------------------------------------

EXHIBITION = """\
title: {en: In memory}
languages: [en]
sections:
  - id: photos
    kind: gallery
    title: Photos
    cover: photos/big.jpg
    panels:
      - {image: photos/big.jpg, title: One}
      - {image: photos/rotated.jpg, title: Two}
      - {image: photos/truncated.jpg, title: Three}
      - {image: photos/gone.jpg, title: Four}
  - id: books
    kind: catalogue
    title: Books
    books:
      - title: A book
        cover: photos/alpha.png
        pages: [photos/cmyk.jpg]
        pdf: books/letters.pdf
"""


def exhibition(tmp_path: Path) -> Path:
    folder = tmp_path / "show"
    media = folder / "media" / "photos"
    media.mkdir(parents=True)
    big_jpeg(media / "big.jpg", (3000, 2000))
    Image.new("RGB", (400, 200), BLUE).save(media / "rotated.jpg")
    Image.new("RGBA", (300, 300), (*GREEN, 128)).save(media / "alpha.png")
    Image.new("CMYK", (300, 200), (0, 255, 255, 0)).save(media / "cmyk.jpg")
    whole = (media / "big.jpg").read_bytes()
    (media / "truncated.jpg").write_bytes(whole[: len(whole) // 3])
    for path in media.iterdir():
        age(path)
    (folder / "exhibition.yaml").write_text(EXHIBITION, encoding="utf-8")
    return folder


def test_every_image_of_the_exhibition_is_collected_once(tmp_path):
    loaded = load_exhibition(exhibition(tmp_path))
    refs = Assets.of(loaded).images()
    assert [r.media_path for r in refs] == ["photos/big.jpg", "photos/rotated.jpg", "photos/truncated.jpg",
                                            "photos/gone.jpg", "photos/alpha.png", "photos/cmyk.jpg"]
    assert refs[3].file is None and refs[3].problem == "the file does not exist"


def test_prepare_builds_once_then_has_nothing_to_do(tmp_path, capsys, monkeypatch):
    folder = exhibition(tmp_path)
    monkeypatch.chdir(folder)
    cache_dir = tmp_path / "cache"

    assert main(["prepare", str(folder), "--cache", str(cache_dir), "--jobs", "2"]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[0].startswith("prepared 6 images (4 new, 0 unchanged, 2 broken) in ")
    assert lines[1:] == ["rendered PDF pages of 1 book: 0 pages (0 new, 1 broken PDF)",
                         "media/books/letters.pdf: the file does not exist",
                         "media/photos/truncated.jpg: the file is truncated",
                         "media/photos/gone.jpg: the file does not exist"]
    built = mtimes(cache_dir)
    assert len(built) == 4 * 3

    assert main(["prepare", str(folder), "--cache", str(cache_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("prepared 6 images (0 new, 4 unchanged, 2 broken) in ")
    assert mtimes(cache_dir) == built

    loaded = load_exhibition(folder)
    report = prepare_images(Assets.of(loaded).images(), RenditionCache(cache_dir),
                            loaded.media)
    assert report.decoded == 0, "a second run decodes nothing, broken files included"


def test_prepare_on_an_exhibition_that_cannot_load(tmp_path, capsys):
    (tmp_path / "exhibition.yaml").write_text("title: [\n", encoding="utf-8")
    assert main(["prepare", str(tmp_path), "--cache", str(tmp_path / "cache")]) == 1
    assert "cannot be loaded" in capsys.readouterr().err


def test_prepare_uses_the_kiosk_cache_variable(tmp_path, capsys, monkeypatch):
    folder = exhibition(tmp_path)
    monkeypatch.setenv("KIOSK_CACHE", str(tmp_path / "kc"))
    assert main(["prepare", str(folder), "--jobs", "1"]) == 0
    assert len(list((tmp_path / "kc" / "renditions").rglob("*.jpg"))) == 12
    assert os.path.isfile(tmp_path / "kc" / "renditions" / "index.json")


def test_an_empty_or_garbage_rendition_is_not_unchanged_but_built_again(tmp_path, capsys):
    """A power cut or a full disk left 0-byte renditions; prepare called them unchanged (issue 15)."""
    folder = exhibition(tmp_path)
    cache_dir = tmp_path / "cache"
    assert main(["prepare", str(folder), "--cache", str(cache_dir), "--jobs", "1"]) == 0
    capsys.readouterr()
    renditions = sorted(p for p in cache_dir.rglob("*.jpg"))
    assert len(renditions) == 12
    renditions[0].write_bytes(b"")  # emptied
    renditions[1].write_bytes(os.urandom(5000))  # garbage
    renditions[2].write_bytes(renditions[2].read_bytes()[:300])  # cut short
    Image.new("RGB", (5000, 5000)).save(renditions[3], "JPEG")  # a whole JPEG, but not of its kind's size

    assert main(["prepare", str(folder), "--cache", str(cache_dir), "--jobs", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    damaged_sources = len({p.name.split(".")[0] for p in renditions[:4]})
    assert lines[0].startswith(f"prepared 6 images ({damaged_sources} new, {4 - damaged_sources} unchanged, 2 broken)")
    cache = RenditionCache(cache_dir)
    for path in renditions[:4]:
        kind = path.name.split(".")[1].split("-")[0]
        assert cache.usable(path, kind), path
        with Image.open(path) as im:
            im.load()
            assert max(im.size) <= max(KINDS[kind])
