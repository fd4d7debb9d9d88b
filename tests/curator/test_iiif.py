"""`kiosk import-iiif`: manifests in the shape institutions publish (Presentation 3 and 2.1,
tests/curator/manifests/, invented content) turned into a gallery, offline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from kiosk.cli import main
from kiosk.content.yaml12 import read_yaml

MANIFESTS = Path(__file__).resolve().parent / "manifests"
SECTION = "postcards-of-a-harbour-town"


@pytest.fixture
def exhibition(tmp_path: Path) -> Path:
    (tmp_path / "media").mkdir()
    Image.new("RGB", (64, 48), (90, 90, 90)).save(tmp_path / "media" / "own.jpg")
    path = tmp_path / "exhibition.yaml"
    path.write_text("title: {en: Harbour}\nlanguages: [en, az, ru]\ninclude: [INCLUDED]\n"
                    "sections:\n  - id: photos\n    kind: gallery\n    title: {en: Photos}\n    panels:\n"
                    "      - {image: own.jpg, title: {en: Own, az: Öz, ru: Своё}, credit: Us}\n", encoding="utf-8")
    return path


def _include(exhibition: Path, name: str) -> Path:
    exhibition.write_text(exhibition.read_text(encoding="utf-8").replace("INCLUDED", name), encoding="utf-8")
    return exhibition


def _fetched(folder: Path, names: dict[str, tuple[int, int]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, size in names.items():
        Image.new("RGB", size, (40, 80, 120)).save(folder / name)
    return folder


def test_a_presentation_3_manifest_with_its_images_becomes_a_gallery(exhibition: Path, tmp_path: Path,
                                                                      capsys) -> None:
    manifest = shutil.copy(MANIFESTS / "presentation3.json", tmp_path / "postcards.json")
    # fetched beforehand: by IIIF identifier (pc-001), by canvas number (002), by file name (pc-003)
    images = _fetched(tmp_path / "downloads", {"pc-001.jpg": (2400, 1600), "002.jpg": (1200, 1800),
                                              "pc-003.png": (1400, 900)})
    assert main(["import-iiif", str(manifest), "--images", str(images)]) == 0
    said = capsys.readouterr().out
    assert main(["validate", str(_include(exhibition, "postcards.yaml"))]) == 0

    data, _ = read_yaml(tmp_path / "postcards.yaml")
    (section,) = data["sections"]
    assert section["id"] == SECTION
    assert section["title"] == {"en": "Postcards of a harbour town", "az": "Liman şəhərinin açıqcaları",
                                "ru": "Открытки портового города"}
    assert section["description"] == {"en": "Three invented postcards, made for the kiosk's tests. Sample content.",
                                      "az": "Kioskun testləri üçün uydurulmuş üç açıqca."}
    quay, lighthouse, number = section["panels"]
    assert quay["image"] == f"iiif/{SECTION}/001.jpg"
    assert quay["title"] == {"en": "The quay at dawn", "az": "Sübh çağı sahil", "ru": "Набережная на рассвете"}
    assert quay["caption"] == {"en": "Fishing boats moored along the quay.", "ru": "Рыбацкие лодки у набережной."}
    assert quay["credit"] == {"en": "Example Regional Library · CC BY 4.0", "az": "Nümunə Regional Kitabxana · CC BY 4.0"}
    assert quay["date"] == "1931"
    # the canvas's own requiredStatement and rights over the manifest's; the manifest's date
    assert lighthouse["credit"] == {"en": "Example Regional Library, gift of a private collector · "
                                          "No Copyright – Non-Commercial Use Only"}
    assert lighthouse["date"] == "c. 1930"
    assert number["image"] == f"iiif/{SECTION}/003.png" and number["title"] == "No. 17"  # none: every language
    for panel in section["panels"]:
        assert (tmp_path / "media" / panel["image"]).is_file()
    assert "canvas 4 has no image (a video, audio or text canvas); left out" in said
    assert "the manifest's de texts are left out: not one of the exhibition's languages (en, az, ru)" in said


def test_images_not_fetched_yet_are_named_with_their_image_api_urls(exhibition: Path, tmp_path: Path,
                                                                    capsys) -> None:
    manifest = shutil.copy(MANIFESTS / "presentation3.json", tmp_path / "postcards.json")
    assert main(["import-iiif", str(manifest)]) == 1
    captured = capsys.readouterr()
    assert not (tmp_path / "postcards.yaml").exists()
    media = tmp_path / "media"
    # larger than 2400 px: 2400 on the long side; smaller: its full size (Image API 3 says max);
    # an image with no Image API service: its own URL
    assert f"  {media}/iiif/{SECTION}/001.jpg  <-  https://iiif.example.org/image/3/pc-001/full/!2400,2400/0/" \
           f"default.jpg" in captured.out
    assert f"  {media}/iiif/{SECTION}/002.jpg  <-  https://iiif.example.org/image/3/pc-002-colour/full/max/0/" \
           f"default.jpg" in captured.out
    assert f"  {media}/iiif/{SECTION}/003.png  <-  https://static.example.org/postcards/pc-003.png" in captured.out
    assert "no image of the manifest is in" in captured.err

    # one fetched to the path named: that one is imported, the others still named
    _fetched(media / "iiif" / SECTION, {"002.jpg": (1200, 1800)})
    assert main(["import-iiif", str(manifest)]) == 1
    said = capsys.readouterr().out
    data, _ = read_yaml(tmp_path / "postcards.yaml")
    assert [p["image"] for p in data["sections"][0]["panels"]] == [f"iiif/{SECTION}/002.jpg"]
    assert "2 images still to fetch" in said
    assert main(["validate", str(_include(exhibition, "postcards.yaml"))]) == 0


def test_a_presentation_2_1_manifest(exhibition: Path, tmp_path: Path, capsys) -> None:
    manifest = shutil.copy(MANIFESTS / "presentation2.json", tmp_path / "sketchbook.json")
    assert main(["import-iiif", str(manifest)]) == 1
    said = capsys.readouterr().out
    section_id = "a-sketchbook-of-the-river-valley"
    assert (f"iiif/{section_id}/001.jpg  <-  https://images.example.net/iiif/2/MS-EX-12%2Ff1r.jp2/full/full/0/"
            f"default.jpg") in said
    assert (f"iiif/{section_id}/002.jpg  <-  https://images.example.net/iiif/2/MS-EX-12%2Ff1v.jp2/full/"
            f"!2400,2400/0/default.jpg") in said
    # fetched by canvas number, and one as `wget -x` saves it (host/path of the URL)
    images = _fetched(tmp_path / "downloads", {"001.jpg": (1600, 2200)})
    _fetched(images / "images.example.net/iiif/2/MS-EX-12%2Ff1v.jp2/full/!2400,2400/0",
             {"default.jpg": (1714, 2400)})
    assert main(["import-iiif", str(manifest), "--images", str(images)]) == 0
    data, _ = read_yaml(tmp_path / "sketchbook.yaml")
    (section,) = data["sections"]
    assert section["title"] == {"en": "A sketchbook of the river valley", "az": "Çay vadisinin eskiz dəftəri"}
    assert section["description"] == {"en": "Pencil sketches, invented for the kiosk's tests.\n\nSample content.",
                                      "ru": "Карандашные наброски, придуманные для тестов."}
    first, mill = section["panels"]
    assert first["title"] == "fol. 1r"
    assert mill["title"] == {"en": "The mill by the river", "az": "Çay kənarında dəyirman"}
    assert mill["caption"] == "A water mill, seen from the opposite bank."
    assert first["credit"] == "Provided by the Example National Library · Public Domain Mark 1.0"
    assert first["date"] == "1952"
    assert main(["validate", str(_include(exhibition, "sketchbook.yaml"))]) == 0


def test_what_is_no_manifest_is_said_plainly(tmp_path: Path, capsys) -> None:
    collection = tmp_path / "collection.json"
    collection.write_text(json.dumps({"@context": "http://iiif.io/api/presentation/3/context.json",
                                      "type": "Collection", "items": [{"id": "x", "type": "Manifest"}]}))
    assert main(["import-iiif", str(collection)]) == 1
    assert "this is a IIIF collection of 1 manifests, not one manifest" in capsys.readouterr().err
    page = tmp_path / "viewer.json"
    page.write_text("<html><body>Mirador</body></html>")
    assert main(["import-iiif", str(page)]) == 1
    assert "viewer.json:1:1: not JSON" in capsys.readouterr().err
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"title": "not iiif"}))
    assert main(["import-iiif", str(other)]) == 1
    assert "not a IIIF Presentation manifest" in capsys.readouterr().err
