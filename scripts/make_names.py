"""The demo's sample register of names: a few hundred INVENTED people, marked as a sample.

Every person here is made up by combining common given names and surnames with invented
places and dates; no entry describes a real person. Names are written in the four scripts
the demo has (Azerbaijani Latin, English transliteration, Russian Cyrillic, Arabic), and a
few only in some of them, as real registers are: one list in Russian, another in
Azerbaijani. ``register()`` is also the benchmark's generator (bench/names.py), which asks
for 100,000.

    python scripts/make_names.py            # writes config/names.yaml (300 people)
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# (az, en, ru, ar); female surnames add a / а / ا
SURNAMES = [
    ("Məmmədov", "Mammadov", "Мамедов", "مامادوف"),
    ("Əliyev", "Aliyev", "Алиев", "علييف"),
    ("Həsənov", "Hasanov", "Гасанов", "حسنوف"),
    ("Hüseynov", "Huseynov", "Гусейнов", "حسينوف"),
    ("Quliyev", "Guliyev", "Кулиев", "قولييف"),
    ("İsmayılov", "Ismayilov", "Исмаилов", "إسماعيلوف"),
    ("Qasımov", "Gasimov", "Гасымов", "قاسموف"),
    ("Cəfərov", "Jafarov", "Джафаров", "جعفروف"),
    ("Xəlilov", "Khalilov", "Халилов", "خليلوف"),
    ("Rəhimov", "Rahimov", "Рагимов", "رحيموف"),
    ("Süleymanov", "Suleymanov", "Сулейманов", "سليمانوف"),
    ("Orucov", "Orujov", "Оруджев", "أوروجوف"),
    ("Kərimov", "Karimov", "Керимов", "كريموف"),
    ("Nəsirov", "Nasirov", "Насиров", "نصيروف"),
    ("Şükürov", "Shukurov", "Шукюров", "شكوروف"),
    ("Babayev", "Babayev", "Бабаев", "باباييف"),
    ("Vəliyev", "Valiyev", "Велиев", "ولييف"),
    ("Zeynalov", "Zeynalov", "Зейналов", "زينالوف"),
    ("Abdullayev", "Abdullayev", "Абдуллаев", "عبداللاييف"),
    ("Mustafayev", "Mustafayev", "Мустафаев", "مصطفاييف"),
]
MEN = [
    ("Əli", "Ali", "Али", "علي"), ("Rəşid", "Rashid", "Рашид", "رشيد"), ("Elçin", "Elchin", "Эльчин", "إلتشين"),
    ("Tofiq", "Tofig", "Тофик", "توفيق"), ("Vüqar", "Vugar", "Вугар", "فوغار"), ("Kamran", "Kamran", "Камран", "كامران"),
    ("Rauf", "Rauf", "Рауф", "رؤوف"), ("Namiq", "Namig", "Намик", "ناميق"), ("Fərid", "Farid", "Фарид", "فريد"),
    ("Ceyhun", "Jeyhun", "Джейхун", "جيحون"), ("Səməd", "Samad", "Самед", "صمد"), ("İlham", "Ilham", "Ильхам", "إلهام"),
    ("Yusif", "Yusif", "Юсиф", "يوسف"), ("Oqtay", "Oktay", "Октай", "أوقتاي"), ("Mübariz", "Mubariz", "Мубариз", "مبارز"),
]
WOMEN = [
    ("Gülnarə", "Gulnara", "Гюльнара", "كلنارة"), ("Sevinc", "Sevinj", "Севиндж", "سوينج"),
    ("Aygün", "Aygun", "Айгюн", "آيغون"), ("Nərgiz", "Nargiz", "Наргиз", "نرجس"), ("Lalə", "Lala", "Лала", "لالة"),
    ("Səbinə", "Sabina", "Сабина", "صابينة"), ("Zəhra", "Zahra", "Захра", "زهراء"), ("Ülviyyə", "Ulviyya", "Ульвия", "علوية"),
    ("Könül", "Konul", "Кёнуль", "كونول"), ("Aynur", "Aynur", "Айнур", "عينور"), ("Şəlalə", "Shalala", "Шалала", "شلالة"),
    ("Xədicə", "Khadija", "Хадиджа", "خديجة"),
]
PLACES = [  # invented places for the sample, written in the four languages
    {"az": "Çinarlı (nümunə)", "en": "Chinarly (sample)", "ru": "Чинарлы (образец)", "ar": "تشينارلي (نموذج)"},
    {"az": "Dağkənd (nümunə)", "en": "Daghkend (sample)", "ru": "Дагкенд (образец)", "ar": "داغكند (نموذج)"},
    {"az": "Çaybasar (nümunə)", "en": "Chaybasar (sample)", "ru": "Чайбасар (образец)", "ar": "تشايباسار (نموذج)"},
    {"az": "Yaşıldərə (nümunə)", "en": "Yashildara (sample)", "ru": "Яшылдере (образец)", "ar": "ياشيلدره (نموذج)"},
]
SAMPLE_TEXT = {
    "az": "Bu qeyd nümunədir: şəxs uydurulmuşdur və yalnız reyestrin necə işlədiyini göstərir.",
    "en": "This entry is a sample: the person is invented and only shows how the register works.",
    "ru": "Эта запись — образец: человек вымышлен и лишь показывает, как работает реестр.",
    "ar": "هذا السجل نموذج: الشخص متخيَّل، ويبيّن فقط كيف يعمل السجل.",
}
SAMPLE_NOTE = {
    "az": "Bu səhifədə itki haqqında söz gedir.",
    "en": "This page speaks of a loss.",
    "ru": "На этой странице говорится об утрате.",
    "ar": "تتحدث هذه الصفحة عن فقدان.",
}
LANGUAGES = ("az", "en", "ru", "ar")


def _female(surname: tuple[str, ...]) -> tuple[str, ...]:
    az, en, ru, ar = surname
    return az + "a", en + "a", ru + "а", ar + "ا"


def register(count: int, seed: int = 7, texts: bool = True) -> list[dict[str, Any]]:
    """``count`` invented people as a register holds them (names in four scripts, a few in
    one or two), in families of two to four that share a surname and a group."""
    rng = random.Random(seed)
    people: list[dict[str, Any]] = []
    family = 0
    while len(people) < count:
        family += 1
        surname = rng.choice(SURNAMES)
        place = rng.choice(PLACES)
        group = f"family-{family}" if rng.random() < 0.6 else None
        for _ in range(rng.randint(1, 4)):
            if len(people) >= count:
                break
            woman = rng.random() < 0.4
            given = rng.choice(WOMEN if woman else MEN)
            family_name = _female(surname) if woman else surname
            name = {lang: f"{family_name[i]} {given[i]}" for i, lang in enumerate(LANGUAGES)}
            shape = rng.random()
            if shape < 0.08:  # a list written in Russian only
                name = {"ru": name["ru"]}
            elif shape < 0.14:  # one written in Azerbaijani only
                name = {"az": name["az"]}
            born = rng.randint(1925, 1975)
            person: dict[str, Any] = {"name": name, "born": str(born), "died": str(rng.randint(max(born + 16, 1988), 1994))}
            person["place"] = dict(place)
            if texts:
                person["text"] = dict(SAMPLE_TEXT)
            if group:
                person["group"] = group
            if rng.random() < 0.05:
                person["note"] = dict(SAMPLE_NOTE)
            people.append(person)
    return people


def groups_of(people: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Each family's name in the four languages, from its first member's surname."""
    found: dict[str, dict[str, str]] = {}
    words = {"az": "{} ailəsi", "en": "The {} family", "ru": "Семья {}", "ar": "عائلة {}"}
    for person in people:
        group = person.get("group")
        if group and group not in found:
            name = person["name"]
            surname = {lang: text.split()[0] for lang, text in name.items()}
            for lang in LANGUAGES:  # a family recorded in one script is named in the others by its surname there
                surname.setdefault(lang, next(iter(surname.values())))
            found[group] = {lang: words[lang].format(surname[lang]) for lang in LANGUAGES}
    return found


ANCHORS: list[dict[str, Any]] = [
    # the people the tests and the README look for: one name in four scripts, its family,
    # and the same surname in a list written in Russian only
    {"name": {"az": "Məmmədov Əli", "en": "Mammadov Ali", "ru": "Мамедов Али", "ar": "مامادوف علي"},
     "born": "1951", "died": "1992", "place": PLACES[0], "text": SAMPLE_TEXT, "group": "family-a"},
    {"name": {"az": "Məmmədova Gülnarə", "en": "Mammadova Gulnara", "ru": "Мамедова Гюльнара",
              "ar": "مامادوفا كلنارة"},
     "born": "1955", "died": "1992", "place": PLACES[0], "text": SAMPLE_TEXT, "group": "family-a",
     "note": SAMPLE_NOTE},
    {"name": {"ru": "Мамедов Рашид"}, "born": "1960", "died": "1992", "place": PLACES[1], "text": SAMPLE_TEXT},
]


def demo_section(count: int = 300) -> dict[str, Any]:
    # every map its own copy: YAML would write a shared one as an alias, which the kiosk refuses
    people = json.loads(json.dumps(ANCHORS + register(count - len(ANCHORS))))
    return {
        "id": "names",
        "kind": "names",
        "title": {"az": "Adlar reyestri (nümunə)", "en": "Register of names (sample)",
                  "ru": "Реестр имён (образец)", "ar": "سجل الأسماء (نموذج)"},
        "description": {"az": "Uydurulmuş adlar: reyestrin necə işlədiyini göstərən nümunə",
                        "en": "Invented names: a sample showing how a register works",
                        "ru": "Вымышленные имена: образец работы реестра",
                        "ar": "أسماء متخيَّلة: نموذج يبيّن كيف يعمل السجل"},
        "people": people,
        "groups": groups_of(people),
    }


def main() -> int:
    from kiosk.content.books_csv import dump_yaml, write_text_atomically

    out = ROOT / "config" / "names.yaml"
    text = ("# A SAMPLE register of INVENTED names, made by scripts/make_names.py: no entry is a real person.\n"
            "# Replace it with the venue's own register (kiosk import-names REGISTER.csv).\n"
            + dump_yaml({"sections": [demo_section()]}))
    write_text_atomically(out, text)
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
