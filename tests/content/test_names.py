"""The register of names without Kivy: folding, the index, the spreadsheet reader, validate."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.content.loader import load_exhibition
from kiosk.content.models import NamesSection
from kiosk.content.names_csv import parse_names_csv, read_names_csv
from kiosk.content.names_index import NamesIndex, Record, load_or_build, words

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("spellings", [
    ["Məmmədov", "Мамедов", "Mammadov", "MƏMMƏDOV"],
    ["Həsənov", "Гасанов", "Hasanov"],
    ["Qasımov", "Гасымов", "QASIMOV", "Gasimov"],
    ["İsmayılov", "Исмаилов", "Ismayilov"],
    ["Cəfərov", "Джафаров", "Jafarov"],
    ["Xəlilov", "Халилов", "Khalilov"],
])
def test_the_spellings_of_one_name_fold_to_one_key(spellings):
    assert len({tuple(words(s)) for s in spellings}) == 1, [words(s) for s in spellings]


def test_arabic_harakat_and_hamza_forms_do_not_stand_in_the_way():
    assert words("مُحَمَّد") == words("محمد")
    assert words("أحمد") == words("احمد") == words("إحمد")


def register() -> NamesIndex:
    people = [
        {"name": {"az": "Məmmədov Əli", "en": "Mammadov Ali", "ru": "Мамедов Али", "ar": "مامادوف علي"}, "group": "a"},
        {"name": {"ru": "Мамедов Рашид"}, "group": "a"},
        {"name": {"az": "Həsənova Lalə"}},
        {"name": "Petrov Ivan"},
    ]
    return NamesIndex([Record.of(p) for p in people], ["az", "en", "ar", "ru"])


def names(index: NamesIndex, query: str) -> list[str]:
    return [index.records[i].names[0][1] for i in index.search(query).ids.tolist()]


def test_latin_finds_every_script_and_a_typo_and_arabic_finds_cyrillic():
    index = register()
    assert names(index, "mammadov") == ["Məmmədov Əli", "Мамедов Рашид"]
    assert names(index, "Мамедов али") == ["Məmmədov Əli"]
    assert names(index, "mamadpv") == ["Məmmədov Əli", "Мамедов Рашид"]  # one letter wrong
    assert names(index, "mamadpv")[:0] == [] and index.search("mamadpv").exact == 0
    assert "Мамедов Рашид" in names(index, "مامادوف")  # only in Cyrillic: found by its consonants
    assert names(index, "gasanova") == ["Həsənova Lalə"]
    assert names(index, "zzzz") == []
    assert len(index.search("")) == 4
    assert [index.records[i].names[0][1] for i in index.members("a")] == ["Məmmədov Əli", "Мамедов Рашид"]


def test_the_index_is_cached_by_content(tmp_path):
    section = NamesSection.model_validate({"kind": "names", "id": "n", "title": "N",
                                           "people": [{"name": {"az": "Əliyev Rauf"}}]})
    first = load_or_build(section, lambda _p: None, ["az"], tmp_path)
    again = load_or_build(section, lambda _p: None, ["az"], tmp_path)
    assert (first.cached, again.cached) == (False, True)
    assert names(again.index, "aliev") == ["Əliyev Rauf"]
    changed = section.model_copy(update={"people": [*section.people, *section.people]})
    assert not load_or_build(changed, lambda _p: None, ["az"], tmp_path).cached


def test_a_spreadsheet_keeps_good_rows_and_names_each_problem_at_its_row_and_column():
    text = ("Name AZ;Name RU;Born;Age;Family\n"
            "Məmmədov Əli;Мамедов Али;1951;41;Mammadov family\n"
            ";;1950;;\n"
            "Həsənov Rauf;Гасанов Рауф;1960;forty;\n")
    result = parse_names_csv(text, "reg.csv")
    assert [str(p) for p in result.problems] == [
        "reg.csv:3:Name AZ: every person needs a name; this row has none, so it is left out",
        "reg.csv:4:Age: expected an age in years like 34, found 'forty'; left out, the person is kept",
    ]
    assert result.people[0] == {"name": {"az": "Məmmədov Əli", "ru": "Мамедов Али"}, "born": "1951", "age": 41,
                                "group": "mammadov-family"}
    assert result.groups == {"mammadov-family": "Mammadov family"}
    assert (result.rows, result.rejected, len(result.people)) == (3, 1, 2)


def test_spreadsheet_encodings_and_split_name_columns(tmp_path):
    path = tmp_path / "reg.txt"
    path.write_bytes("surname_ru\tgiven_ru\tdied\nМамедов\tАли\t1992\n".encode("utf-16"))  # Excel's Unicode text
    result = read_names_csv(path)
    assert result.people == [{"name": {"ru": "Мамедов Али"}, "died": "1992"}]


def test_the_demo_register_validates_clean():
    loaded = load_exhibition(ROOT / "config" / "exhibition.yaml")
    assert loaded.errors == [] and loaded.warnings == []
    register = loaded.exhibition.section("names")
    assert isinstance(register, NamesSection) and len(register.people) >= 200


def test_import_names_writes_a_section_that_loads(tmp_path):
    sheet = tmp_path / "register.csv"
    sheet.write_text("name_az,name_en,born,died,place_en\nMəmmədov Əli,Mammadov Ali,1951,1992,Khojaly\n",
                     encoding="utf-8-sig")
    done = subprocess.run([sys.executable, "-m", "kiosk", "import-names", str(sheet)], capture_output=True,
                          text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (tmp_path / "media").mkdir()
    (tmp_path / "exhibition.yaml").write_text("title: T\nlanguages: [az, en]\ninclude: [register.yaml]\n",
                                               encoding="utf-8")
    loaded = load_exhibition(tmp_path / "exhibition.yaml")
    assert loaded.errors == []
    assert loaded.exhibition.section("names").people[0].born == "1951"


@pytest.mark.parametrize("spelling", ["Эльчин", "ЭЛЬЧИН", "El'chin", "Elʹchin", "El’chin", "Elʼchin", "Èlʹčin",
                                      "Elçin", "Elchin"])
def test_a_soft_sign_or_an_apostrophe_never_splits_a_name(spelling):
    assert words(spelling) == words("Elçin") and len(words(spelling)) == 1, words(spelling)
    assert len(words("Подъячев")) == 1


def cross_register() -> NamesIndex:
    people = [{"name": {"ru": "Гасанов Эльчин"}}, {"name": {"ru": "Эльшан Алиев"}}, {"name": {"ru": "Эльнур Кулиев"}},
              {"name": {"ar": "محمدوف علي"}}, {"name": {"ar": "حسينوف جعفر"}}, {"name": {"az": "Qasımov Həsən"}},
              {"name": {"en": "Mahammadov Huseyn"}}, {"name": {"ar": "قاسم حسن"}}, {"name": {"az": "Hüseynov Cəfər"}},
              {"name": {"ru": "Мамедов Али"}}]
    return NamesIndex([Record.of(p) for p in people], ["az", "en", "ar", "ru"])


@pytest.mark.parametrize(("query", "finds"), [
    ("Elchin", "Гасанов Эльчин"), ("Elçin Həsənov", "Гасанов Эльчин"), ("Həsənov Elçin", "Гасанов Эльчин"),
    ("Elshan", "Эльшан Алиев"), ("Elnur Quliyev", "Эльнур Кулиев"),
    ("Mammadov", "محمدوف علي"), ("Мамедов Али", "محمدوف علي"), ("Məmmədov Əli", "محمدوف علي"),
    ("محمدوف", "Мамедов Али"), ("ممدوف علي", "Мамедов Али"), ("Huseynov Jafar", "حسينوف جعفر"),
    ("Гусейнов Джафар", "حسينوف جعفر"), ("حسينوف جعفر", "Hüseynov Cəfər"), ("Qasım Həsən", "قاسم حسن"),
    ("قاسموف حسن", "Qasımov Həsən"), ("محمدوف حسين", "Mahammadov Huseyn"), ("Məhəmmədov", "محمدوف علي"),
])
def test_arabic_cyrillic_and_latin_spellings_of_one_name_find_each_other(query, finds):
    found = names(cross_register(), query)
    assert finds in found, (query, found)


def test_the_name_as_typed_comes_first_then_other_scripts_then_one_typo():
    people = [{"name": {"ru": "Мамедов Али"}}, {"name": {"az": "Məmmədov Əli"}}, {"name": {"en": "Mamadpv Ali"}},
              {"name": {"en": "Mammadov Ali"}}, {"name": {"ar": "محمدوف علي"}}, {"name": {"en": "Mammadova Alina"}}]
    index = NamesIndex([Record.of(p) for p in people], ["az", "en", "ar", "ru"])
    found = index.search("Mammadov Ali")
    shown = names(index, "Mammadov Ali")
    assert shown[0] == "Mammadov Ali"                                    # as typed
    assert set(shown[1:3]) == {"Məmmədov Əli", "Мамедов Али"}            # the same name in other scripts
    assert shown[3:] == ["محمدوف علي",                                   # the same consonants in Arabic
                         "Mammadova Alina",                              # as typed, begun
                         "Mamadpv Ali"]                                  # one letter wrong
    assert (found.typed, found.exact, len(found)) == (1, 5, 6)
    assert names(index, "Мамедов Али")[0] == "Мамедов Али"
    assert names(index, "محمدوف علي")[0] == "محمدوف علي"


def test_recall_over_the_variant_list_of_real_names():
    """bench/data/name_variants.tsv: each person written one source's way, searched in the others."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import names_recall
    finally:
        sys.path.remove(str(ROOT / "bench"))
    people, queries = names_recall.recall_register(names_recall.read_variants())
    index = NamesIndex([Record.of(p) for p in people], ["az", "en", "ar", "ru"])
    number = {Record.of(p).names: i for i, p in enumerate(people)}
    found = sum(n in [number[index.records[i].names] for i in index.search(q).ids[:10].tolist()] for q, n in queries)
    assert len(queries) > 2000 and found / len(queries) >= 0.98, (found, len(queries))
