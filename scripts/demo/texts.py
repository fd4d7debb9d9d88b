"""Texts for the bundled Kiosk demo exhibition (a clearly marked SAMPLE).

Everything here is original, invented sample content: titles, captions and
credits for the twelve photo panels, the two clips, the six books and the
exhibition chrome, in English (en), Azerbaijani (az), Arabic (ar) and
Russian (ru).  Authors and publishers are fictional.  Media paths are relative
to the media root (``media/``) and match what ``scripts/make_demo.py`` builds.

Use it as data::

    from demo.texts import DEMO_TEXTS
    DEMO_TEXTS["panels"]["009"]["note"]["az"]

The module has no dependencies beyond the standard library and validates its
own ISBNs at import time.
"""

from __future__ import annotations

from typing import Any

LANGUAGES: list[str] = ["az", "en", "ar", "ru"]  # first is the default


def isbn13(first12: str) -> str:
    """Return a hyphenated ISBN-13 for ``first12`` (12 digits, hyphens allowed).

    The check digit uses the ISBN-13 rule: weights 1,3,1,3,... over the first
    twelve digits; check = (10 - sum mod 10) mod 10.
    """
    digits = [int(c) for c in first12 if c.isdigit()]
    if len(digits) != 12:
        raise ValueError(f"need 12 digits, got {first12!r}")
    total = sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits))
    check = (10 - total % 10) % 10
    return f"{first12}-{check}"


def isbn13_is_valid(isbn: str) -> bool:
    """Independent check: the weighted sum of all 13 digits is a multiple of 10."""
    digits = [int(c) for c in isbn if c.isdigit()]
    return len(digits) == 13 and sum(
        d * (3 if i % 2 else 1) for i, d in enumerate(digits)
    ) % 10 == 0


CREDIT: dict[str, str] = {
    "en": "Sample archive, Kiosk demo",
    "az": "Nümunə arxiv, Kiosk demo",
    "ar": "أرشيف تجريبي، عرض Kiosk التوضيحي",
    "ru": "Образец архива, демо Kiosk",
}

EXHIBITION: dict[str, Any] = {
    "title": {
        "en": "In memory — a sample exhibition",
        "az": "Xatirə — nümunə sərgi",
        "ar": "في الذكرى — معرض تجريبي",
        "ru": "В память — демонстрационная выставка",
    },
    "touch_to_begin": {
        "en": "Touch to begin",
        "az": "Başlamaq üçün toxunun",
        "ar": "المس الشاشة للبدء",
        "ru": "Коснитесь, чтобы начать",
    },
    "sample_notice": {
        "en": "This is sample content generated for the Kiosk demo.",
        "az": "Bu, Kiosk demosu üçün yaradılmış nümunə məzmundur.",
        "ar": "هذا محتوى تجريبي أُنشئ لعرض Kiosk التوضيحي.",
        "ru": "Это демонстрационное содержимое, созданное для Kiosk.",
    },
    "attract_background": "attract/welcome.jpg",
}

SECTIONS: dict[str, dict[str, dict[str, str]]] = {
    "photos": {
        "title": {
            "en": "Photo exhibition",
            "az": "Foto sərgi",
            "ar": "معرض الصور",
            "ru": "Фотовыставка",
        }
    },
    "film": {
        "title": {
            "en": "Documentary clips",
            "az": "Sənədli videolar",
            "ar": "مقاطع وثائقية",
            "ru": "Документальные видео",
        }
    },
    "books": {
        "title": {
            "en": "Books and materials",
            "az": "Kitablar və materiallar",
            "ar": "كتب ومواد",
            "ru": "Книги и материалы",
        }
    },
}


def _panel(
    num: str, title: dict[str, str], caption: dict[str, str], **extra: Any
) -> dict[str, Any]:
    return {
        "image": f"photos/{num}.jpg",
        "title": title,
        "caption": caption,
        "credit": CREDIT,
        **extra,
    }


PANELS: dict[str, dict[str, Any]] = {
    "001": _panel(
        "001",
        {
            "en": "Memorial stone at dawn",
            "az": "Sübh çağı xatirə daşı",
            "ar": "حجر تذكاري عند الفجر",
            "ru": "Памятный камень на рассвете",
        },
        {
            "en": "A granite memorial stone in a quiet park, with carnations laid "
            "at its base in the early morning light.",
            "az": "Sakit parkda qranit xatirə daşı; səhər işığında onun ətəyinə "
            "qərənfillər qoyulub.",
            "ar": "حجر تذكاري من الغرانيت في حديقة هادئة، وعند قاعدته أزهار "
            "القرنفل في ضوء الصباح الباكر.",
            "ru": "Гранитный памятный камень в тихом парке; в утреннем свете у его "
            "подножия лежат гвоздики.",
        },
    ),
    "002": _panel(
        "002",
        {
            "en": "Candles of remembrance",
            "az": "Xatirə şamları",
            "ar": "شموع الذكرى",
            "ru": "Свечи памяти",
        },
        {
            "en": "A row of candles lit on a wooden table during a memorial evening.",
            "az": "Anım axşamında taxta masanın üzərində yandırılmış şamlar.",
            "ar": "صف من الشموع المضاءة على طاولة خشبية خلال أمسية تذكارية.",
            "ru": "Ряд свечей, зажжённых на деревянном столе во время вечера памяти.",
        },
    ),
    "003": _panel(
        "003",
        {
            "en": "Red carnations",
            "az": "Qırmızı qərənfillər",
            "ar": "قرنفل أحمر",
            "ru": "Красные гвоздики",
        },
        {
            "en": "Carnations, a traditional flower of remembrance, laid on a "
            "stone step.",
            "az": "Anımın ənənəvi rəmzi olan qərənfillər daş pillənin üzərinə "
            "qoyulub.",
            "ar": "أزهار القرنفل، وهي من الأزهار التقليدية للذكرى، موضوعة على "
            "درجة حجرية.",
            "ru": "Гвоздики — традиционные цветы памяти — лежат на каменной "
            "ступени.",
        },
    ),
    "004": _panel(
        "004",
        {
            "en": "The library stacks",
            "az": "Kitabxana rəfləri",
            "ar": "رفوف المكتبة",
            "ru": "Книжные стеллажи",
        },
        {
            "en": "Tall shelves of bound volumes in a city library.",
            "az": "Şəhər kitabxanasında cildlənmiş kitablarla dolu hündür rəflər.",
            "ar": "رفوف عالية من المجلدات في مكتبة المدينة.",
            "ru": "Высокие стеллажи с переплетёнными томами в городской "
            "библиотеке.",
        },
    ),
    "005": _panel(
        "005",
        {
            "en": "An old city street",
            "az": "Köhnə şəhər küçəsi",
            "ar": "شارع في المدينة القديمة",
            "ru": "Улица старого города",
        },
        {
            "en": "A street of the old city as it may have looked a century ago, "
            "drawn in an archival tone.",
            "az": "Köhnə şəhərin bir küçəsi təxminən bir əsr əvvəlki görünüşündə, "
            "arxiv çalarında.",
            "ar": "شارع في المدينة القديمة كما ربما بدا قبل قرن، بألوان أرشيفية.",
            "ru": "Улица старого города, какой она могла быть столетие назад, "
            "в архивном тоне.",
        },
    ),
    "006": _panel(
        "006",
        {
            "en": "In the archive",
            "az": "Arxivdə",
            "ar": "في الأرشيف",
            "ru": "В архиве",
        },
        {
            "en": "Numbered archive boxes holding letters, documents and "
            "photographs.",
            "az": "Məktublar, sənədlər və fotoşəkillər saxlanılan nömrələnmiş "
            "arxiv qutuları.",
            "ar": "صناديق أرشيف مرقّمة تحفظ رسائل ووثائق وصوراً فوتوغرافية.",
            "ru": "Пронумерованные архивные коробки с письмами, документами и "
            "фотографиями.",
        },
    ),
    "007": _panel(
        "007",
        {
            "en": "Mountain landscape",
            "az": "Dağ mənzərəsi",
            "ar": "منظر جبلي",
            "ru": "Горный пейзаж",
        },
        {
            "en": "Mountain ranges under a clear sky, with snow on the highest "
            "peaks.",
            "az": "Aydın səma altında dağ silsilələri; ən uca zirvələrdə qar var.",
            "ar": "سلاسل جبلية تحت سماء صافية، والثلج يغطي أعلى القمم.",
            "ru": "Горные хребты под ясным небом; на самых высоких вершинах "
            "лежит снег.",
        },
    ),
    "008": _panel(
        "008",
        {
            "en": "Sunrise over the sea",
            "az": "Dəniz üzərində gün doğumu",
            "ar": "شروق الشمس فوق البحر",
            "ru": "Восход над морем",
        },
        {
            "en": "The sun rises over a calm sea at the start of a day of "
            "remembrance.",
            "az": "Anım gününün səhəri sakit dəniz üzərində günəş doğur.",
            "ar": "تشرق الشمس فوق بحر هادئ في بداية يوم الذكرى.",
            "ru": "Солнце встаёт над спокойным морем в начале дня памяти.",
        },
    ),
    "009": _panel(
        "009",
        {
            "en": "The memorial wall",
            "az": "Xatirə divarı",
            "ar": "جدار الذكرى",
            "ru": "Стена памяти",
        },
        {
            "en": "A granite wall engraved with the names of those remembered; "
            "here the names are shown as abstract lines.",
            "az": "Xatırlananların adları həkk olunmuş qranit divar; burada adlar "
            "mücərrəd xətlərlə göstərilib.",
            "ar": "جدار من الغرانيت نُقشت عليه أسماء من نستذكرهم، وتظهر الأسماء "
            "هنا خطوطاً مجرّدة.",
            "ru": "Гранитная стена с высеченными именами тех, кого мы помним; "
            "здесь имена показаны абстрактными линиями.",
        },
        note={
            "en": "This panel shows a memorial wall with the names of those "
            "remembered. You may skip it.",
            "az": "Bu paneldə xatırlananların adları yazılmış xatirə divarı "
            "göstərilir. Onu keçə bilərsiniz.",
            "ar": "تعرض هذه اللوحة جدار ذكرى يحمل أسماء من نستذكرهم. يمكنك "
            "تخطّيها.",
            "ru": "На этой панели показана стена памяти с именами тех, кого мы "
            "помним. Вы можете её пропустить.",
        },
    ),
    "010": _panel(
        "010",
        {
            "en": "An old map",
            "az": "Köhnə xəritə",
            "ar": "خريطة قديمة",
            "ru": "Старая карта",
        },
        {
            "en": "A hand-drawn map of a coastline with rivers, towns and a "
            "compass rose, in the style of an archival document.",
            "az": "Çaylar, şəhərlər və külək gülü olan sahil xəttinin əl ilə "
            "çəkilmiş xəritəsi, arxiv sənədi üslubunda.",
            "ar": "خريطة مرسومة باليد لساحل مع أنهار ومدن ووردة رياح، على طراز "
            "وثيقة أرشيفية.",
            "ru": "Рисованная карта побережья с реками, городами и розой ветров "
            "в стиле архивного документа.",
        },
    ),
    "011": _panel(
        "011",
        {
            "en": "The concert hall",
            "az": "Konsert zalı",
            "ar": "قاعة الحفلات",
            "ru": "Концертный зал",
        },
        {
            "en": "A concert hall prepared for a memorial concert, with the organ "
            "behind the stage.",
            "az": "Anım konsertinə hazırlanmış konsert zalı; səhnənin arxasında "
            "orqan görünür.",
            "ar": "قاعة حفلات موسيقية مهيّأة لحفل تذكاري، ويظهر الأرغن خلف "
            "المسرح.",
            "ru": "Концертный зал, подготовленный к концерту памяти; за сценой "
            "виден орган.",
        },
    ),
    "012": _panel(
        "012",
        {
            "en": "The reading room",
            "az": "Oxu zalı",
            "ar": "قاعة المطالعة",
            "ru": "Читальный зал",
        },
        {
            "en": "A reading room with long tables and green lamps, where "
            "visitors can study the archive.",
            "az": "Uzun masaları və yaşıl lampaları olan oxu zalı; burada "
            "ziyarətçilər arxivlə tanış ola bilərlər.",
            "ar": "قاعة مطالعة بطاولات طويلة ومصابيح خضراء، حيث يمكن للزوار "
            "الاطلاع على الأرشيف.",
            "ru": "Читальный зал с длинными столами и зелёными лампами, где "
            "посетители могут работать с архивом.",
        },
    ),
}

CLIPS: dict[str, dict[str, Any]] = {
    "memorial": {
        "video": "film/memorial.mp4",
        "poster": "film/memorial-poster.jpg",
        "duration_s": 30,
        "subtitles": {
            "en": "film/memorial.en.vtt",
            "az": "film/memorial.az.srt",
            "ru": "film/memorial.ru.srt",
            "ar": "film/memorial.ar.vtt",
        },
        "title": {
            "en": "Candles of remembrance (sample clip)",
            "az": "Xatirə şamları (nümunə video)",
            "ar": "شموع الذكرى (مقطع تجريبي)",
            "ru": "Свечи памяти (демонстрационный ролик)",
        },
        "description": {
            "en": "A calm 30-second sample clip of candles burning before a "
            "memorial stone.",
            "az": "Xatirə daşı önündə yanan şamları göstərən 30 saniyəlik sakit "
            "nümunə video.",
            "ar": "مقطع تجريبي هادئ مدته 30 ثانية لشموع تشتعل أمام حجر تذكاري.",
            "ru": "Спокойный 30-секундный демонстрационный ролик: свечи горят "
            "перед памятным камнем.",
        },
    },
    "archive": {
        "video": "film/archive.mp4",
        "poster": None,  # made later by `kiosk prepare`
        "duration_s": 20,
        "subtitles": {
            "en": "film/archive.en.srt",
            "az": "film/archive.az.vtt",
        },
        "title": {
            "en": "Inside the archive (sample clip)",
            "az": "Arxivin içində (nümunə video)",
            "ar": "داخل الأرشيف (مقطع تجريبي)",
            "ru": "В архиве (демонстрационный ролик)",
        },
        "description": {
            "en": "A 20-second sample clip moving slowly along shelves of "
            "numbered archive boxes.",
            "az": "Nömrələnmiş arxiv qutuları olan rəflər boyunca yavaş-yavaş "
            "hərəkət edən 20 saniyəlik nümunə video.",
            "ar": "مقطع تجريبي مدته 20 ثانية يتحرك ببطء على طول رفوف صناديق "
            "الأرشيف المرقّمة.",
            "ru": "20-секундный демонстрационный ролик: камера медленно движется "
            "вдоль полок с пронумерованными архивными коробками.",
        },
    },
}

BOOKS: dict[str, dict[str, Any]] = {
    "book1": {
        "slug": "memory-of-a-city",
        "title": {
            "en": "Memory of a City",
            "az": "Şəhərin yaddaşı",
            "ar": "ذاكرة مدينة",
            "ru": "Память города",
        },
        "authors": ["Elmira Nümunəzadə"],
        "year": 2012,
        "publisher": "Sample Press",
        "isbn": isbn13("978-0-00-900101"),
        "description": {
            "en": "A walk through the streets, squares and courtyards of an old "
            "city, told through archive photographs and the recollections of "
            "its residents.",
            "az": "Köhnə şəhərin küçələri, meydanları və həyətləri boyunca "
            "gəzinti; arxiv fotoşəkilləri və sakinlərin xatirələri əsasında.",
            "ar": "جولة في شوارع مدينة قديمة وساحاتها وأفنيتها، تُروى من خلال "
            "صور أرشيفية وذكريات سكانها.",
            "ru": "Прогулка по улицам, площадям и дворам старого города — по "
            "архивным фотографиям и воспоминаниям его жителей.",
        },
        "languages": ["az", "en"],
        "topics": ["history", "city", "photography"],
        "link": "https://example.org/books/memory-of-a-city",
        "cover": "books/memory-of-a-city-cover.jpg",
        "pages": [
            "books/memory-of-a-city-p1.jpg",
            "books/memory-of-a-city-p2.jpg",
            "books/memory-of-a-city-p3.jpg",
        ],
    },
    "book2": {
        "slug": "archive-voices",
        "title": {
            "en": "Archive Voices",
            "az": "Arxiv səsləri",
            "ar": "أصوات الأرشيف",
            "ru": "Голоса архива",
        },
        "authors": ["Rauf Demoli", "Clara Specimen"],
        "year": 2018,
        "publisher": "Placeholder Books",
        "isbn": isbn13("978-0-00-900102"),
        "description": {
            "en": "Transcribed interviews from a sound archive, with notes on "
            "how the recordings were collected and preserved.",
            "az": "Səs arxivindən köçürülmüş müsahibələr; yazıların necə "
            "toplandığı və qorunduğu barədə qeydlərlə.",
            "ar": "مقابلات مُفرَّغة من أرشيف صوتي، مع ملاحظات حول كيفية جمع "
            "التسجيلات وحفظها.",
            "ru": "Расшифровки интервью из звукового архива с заметками о том, "
            "как записи собирались и хранились.",
        },
        "languages": ["en", "ru"],
        "topics": ["history", "oral history", "archives"],
        "link": "https://example.org/books/archive-voices",
        "cover": "books/archive-voices-cover.jpg",
        "pages": [
            "books/archive-voices-p1.jpg",
            "books/archive-voices-p2.jpg",
        ],
    },
    "book3": {
        "slug": "songs-of-the-homeland",
        "title": {
            "en": "Songs of the Homeland",
            "az": "Vətən nəğmələri",
            "ar": "أغاني الوطن",
            "ru": "Песни родины",
        },
        "authors": ["Tural Nümunəli"],
        "year": 2015,
        "publisher": "Sample Press",
        "isbn": isbn13("978-0-00-900103"),
        "description": {
            "en": "A collection of folk songs with lyrics, short histories and "
            "simple melody notation.",
            "az": "Sözləri, qısa tarixçələri və sadə not yazısı ilə xalq "
            "mahnılarından ibarət toplu.",
            "ar": "مجموعة من الأغاني الشعبية مع كلماتها ونبذة قصيرة عن تاريخها "
            "وتدوين بسيط لألحانها.",
            "ru": "Сборник народных песен с текстами, краткой историей и "
            "простой нотной записью мелодий.",
        },
        "languages": ["az"],
        "topics": ["music", "folklore"],
        "link": "https://example.org/books/songs-of-the-homeland",
        "cover": "books/songs-of-the-homeland-cover.jpg",
        "pages": [
            "books/songs-of-the-homeland-p1.jpg",
            "books/songs-of-the-homeland-p2.jpg",
        ],
    },
    "book4": {
        "slug": "the-reading-room",
        "title": {
            "en": "The Reading Room",
            "az": "Oxu zalı",
            "ar": "قاعة المطالعة",
            "ru": "Читальный зал",
        },
        "authors": ["Margaret Mock"],
        "year": 2020,
        "publisher": "Example House",
        "isbn": isbn13("978-0-00-900104"),
        "description": {
            "en": "Essays on libraries and reading rooms as places where "
            "communities keep their memory.",
            "az": "İcmaların öz yaddaşını qoruduğu yerlər kimi kitabxanalar və "
            "oxu zalları haqqında esselər.",
            "ar": "مقالات عن المكتبات وقاعات المطالعة بوصفها أماكن تحفظ فيها "
            "المجتمعات ذاكرتها.",
            "ru": "Эссе о библиотеках и читальных залах как о местах, где "
            "сообщества хранят свою память.",
        },
        "languages": ["en"],
        "topics": ["libraries", "essays"],
        "link": "https://example.org/books/the-reading-room",
        "cover": "books/the-reading-room-cover.jpg",
        "pages": [
            "books/the-reading-room-p1.jpg",
            "books/the-reading-room-p2.jpg",
        ],
    },
    "book5": {
        "slug": "letters-home",
        "title": {
            "en": "Letters Home",
            "az": "Evə məktublar",
            "ar": "رسائل إلى البيت",
            "ru": "Письма домой",
        },
        "authors": ["Samira Exemplova", "Daniel Testwood"],
        "year": 2009,
        "publisher": "Sample Press",
        "isbn": isbn13("978-0-00-900105"),
        "description": {
            "en": "A selection of family letters written over several decades, "
            "reproduced as facsimiles with transcriptions.",
            "az": "Bir neçə onillik ərzində yazılmış ailə məktublarından seçmələr; "
            "faksimile və transkripsiyalarla.",
            "ar": "مختارات من رسائل عائلية كُتبت على مدى عدة عقود، مستنسخة مع "
            "نصوصها المدوّنة.",
            "ru": "Подборка семейных писем, написанных на протяжении нескольких "
            "десятилетий, в факсимиле и с расшифровками.",
        },
        "languages": ["az", "ru", "en"],
        "topics": ["letters", "history"],
        "link": "https://example.org/books/letters-home",
        "cover": "books/letters-home-cover.jpg",
        "pdf": "books/letters-home.pdf",
    },
    "book6": {
        "slug": "a-century-in-photographs",
        "title": {
            "en": "A Century in Photographs",
            "az": "Fotoşəkillərdə bir əsr",
            "ar": "قرن في الصور",
            "ru": "Век в фотографиях",
        },
        "authors": ["Nərmin Demozadə", "Paul Sampleton"],
        "year": 2021,
        "publisher": "Example House",
        "isbn": isbn13("978-0-00-900106"),
        "description": {
            "en": "One hundred photographs, one for each year, of landscapes, "
            "streets and public life.",
            "az": "Hər il üçün bir olmaqla yüz fotoşəkil: mənzərələr, küçələr və "
            "ictimai həyat.",
            "ar": "مئة صورة، صورة لكل عام، للمناظر الطبيعية والشوارع والحياة "
            "العامة.",
            "ru": "Сто фотографий — по одной на каждый год: пейзажи, улицы и "
            "общественная жизнь.",
        },
        "languages": ["az", "en", "ar"],
        "topics": ["photography", "history"],
        "link": "https://example.org/books/a-century-in-photographs",
        "cover": "books/a-century-in-photographs-cover.jpg",
        "pages": [
            "books/a-century-in-photographs-p1.jpg",
            "books/a-century-in-photographs-p2.jpg",
            "books/a-century-in-photographs-p3.jpg",
        ],
    },
}

DEMO_TEXTS: dict[str, Any] = {
    "languages": LANGUAGES,
    "exhibition": EXHIBITION,
    "sections": SECTIONS,
    "credit": CREDIT,
    "panels": PANELS,
    "clips": CLIPS,
    "books": BOOKS,
}

for _book in BOOKS.values():
    assert isbn13_is_valid(_book["isbn"]), _book["isbn"]
