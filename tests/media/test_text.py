"""Right-to-left lines: letters joined, words in drawing order, Latin runs kept whole."""

from __future__ import annotations

from kiosk.media.text import has_rtl, visual_line, wrap_link, wrap_rtl


def test_latin_text_is_left_as_it_is():
    assert visual_line("Xatirə — 978-0-00-900105-5") == "Xatirə — 978-0-00-900105-5"
    assert not has_rtl("Память")


def test_an_isbn_and_a_web_address_stay_whole_in_an_arabic_line():
    line = visual_line("الرقم الدولي: 978-0-00-900105-5")
    assert line.startswith("978-0-00-900105-5 ")
    assert "https://example.org/books/x" in visual_line("الرابط https://example.org/books/x هنا")
    assert not any("\u2066" <= ch <= "\u2069" for ch in line)


def test_arabic_letters_are_joined_and_the_line_runs_right_to_left():
    line = visual_line("في الذكرى")
    assert all(ord(ch) >= 0xFB50 or ch == " " for ch in line), "presentation forms: letters joined"
    assert line.split(" ")[-1] == visual_line("في"), "the first word is drawn rightmost"


def test_wrapping_breaks_in_reading_order_before_reordering_each_line():
    text = "واحد اثنان ثلاثة أربعة خمسة ستة"
    lines = wrap_rtl(text, width=3 * 5, measure=lambda s: len(s.split()) * 5)
    assert lines == [visual_line("واحد اثنان ثلاثة"), visual_line("أربعة خمسة ستة")]
    assert wrap_rtl("أ\n\nب", 100, len) == [visual_line("أ"), "", visual_line("ب")]


def test_a_web_address_breaks_after_its_slashes_never_inside_a_word():
    link = "https://example.org/books/memory-of-a-city?lang=az"
    lines = wrap_link(link, width=22, measure=len)
    assert "".join(lines) == link
    assert lines == ["https://example.org/", "books/", "memory-of-a-city?lang=", "az"]
    assert all(len(line) <= 22 for line in lines)
    assert wrap_link(link, width=200, measure=len) == [link]
    # a piece wider than a line stays whole: the label breaks it, nothing is lost
    assert wrap_link("https://a/" + "x" * 40, width=20, measure=len) == ["https://a/", "x" * 40]


def test_brackets_in_arabic_are_mirrored_and_latin_phrases_keep_theirs():
    # SDL draws glyphs as given: the visual string itself must hold the mirrored bracket
    line = visual_line("شموع الذكرى (مقطع تجريبي)")
    assert line[0] == "(" and line.index(")") > 0, line  # drawn "(…) …", not ")…( …"
    line = visual_line("كتاب Memory of a City (Baku) جديد")
    assert "Memory of a City (Baku)" in line
    assert visual_line("Memory of a City (Baku)") == "Memory of a City (Baku)"


def test_azerbaijani_and_cyrillic_names_stay_whole_in_an_arabic_line():
    # ə (U+0259) and the other Azerbaijani letters are Latin: a name must not split at them
    assert "Azərbaycanca" in visual_line("لغة الكتاب: Azərbaycanca, English")
    assert "Elmira Nümunəzadə" in visual_line("المؤلف: Elmira Nümunəzadə")
    assert "Память города" in visual_line("كتاب Память города جديد")


def test_a_latin_phrase_with_its_comma_and_year_reads_as_the_bidi_algorithm_lays_it_out():
    # a browser shows <p dir=rtl>الناشر: Sample Press, 2012</p> with the Latin run whole,
    # comma and year included (UBA W7: the year follows the Latin before it); python-bidi,
    # a full implementation of the algorithm, agrees
    from bidi import get_display

    for logical in ("الناشر: Sample Press, 2012", "لغة الكتاب: Azərbaycanca، English"):
        line = visual_line(logical)
        reference = get_display(logical, base_dir="R")
        latin = logical.split(": ", 1)[1]
        assert line.startswith(latin + " :"), line
        assert reference.startswith(latin + " :"), reference
