"""Text layout: wrapping, shrinking, fonts for every script, right-to-left, and clear failures."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import ROOT
from reporting_centres.kits import text
from reporting_centres.kits.brand import load_brand
from reporting_centres.kits.fonts import resolve_fonts
from reporting_centres.kits.text import LayoutError, Typesetter


@cache
def setter() -> Typesetter:
    brand = load_brand(ROOT / "brand")
    return Typesetter(resolve_fonts(brand.fonts), brand.line_height)


def fit(text, **options):
    box = {"x": 10, "y": 10, "width": 100, "height": 30, "size": 8, "min_size": 3, **options}
    return setter().fit(text, **box)


def test_short_text_keeps_its_size_and_is_centred():
    block = fit("Bolton Central Library")
    assert block.size == 8 and block.lines == ("Bolton Central Library",)
    run = block.runs[0]
    assert run.family == "Noto Sans" and run.text == "Bolton Central Library"
    assert run.x - 10 == pytest.approx(110 - (run.x + run.width), abs=1e-6)


def test_long_text_wraps_then_shrinks_and_stays_in_its_box():
    name = "The Greater Manchester Community Association for Refugees, Asylum Seekers and Migrants"
    block = fit(name, max_lines=3)
    assert len(block.lines) > 1 and block.size < 8
    assert " ".join(block.lines) == name
    assert 10 <= block.left and block.right <= 110 + 1e-6
    assert 10 <= block.top and block.bottom <= 40 + 1e-6


def test_text_that_cannot_fit_is_a_clear_error():
    with pytest.raises(LayoutError, match="does not fit a 20 × 5 box, even at size 3"):
        fit("A name far too long for a tiny box", width=20, height=5)


def test_a_word_wider_than_the_box_breaks_between_letters():
    block = fit("Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch", width=40, min_size=4)
    assert len(block.lines) > 1 and "".join(block.lines) == "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
    assert block.right <= 50 + 1e-6


def test_chinese_uses_the_cjk_font_and_breaks_between_characters():
    block = fit("曼彻斯特华人社区中心曼彻斯特华人社区中心", width=40, min_size=5)
    assert {run.family for run in block.runs} == {"Noto Sans CJK SC"}
    assert all(run.text for run in block.runs) and len(block.lines) > 1


def test_arabic_is_shaped_and_ordered_right_to_left_with_numbers_and_latin():
    block = fit("مرکز برادری 24 Hub")
    arabic = [run for run in block.runs if run.family == "Noto Sans Arabic" and run.glyphs]
    number = next(run for run in block.runs if run.text == "24")
    latin = next(run for run in block.runs if run.text == "Hub")
    assert arabic and "".join(run.text for run in arabic).strip() == "مرکز برادری"  # shaped, with the text kept
    # In a right-to-left line the Arabic words come first from the right, then the number, then "Hub".
    assert latin.x < number.x < max(run.x for run in arabic)


def test_gujarati_conjuncts_are_shaped_not_drawn_letter_by_letter():
    block = fit("કેન્દ્ર")
    (run,) = block.runs
    assert run.family == "Noto Sans Gujarati" and run.glyphs and run.text == "કેન્દ્ર"
    glyphs = [int(entry.split(" ")[0]) for entry in run.glyphs.split(",")]
    face = next(face for face in setter().books["regular"].faces if face.file.family == "Noto Sans Gujarati")
    assert glyphs != [face.glyph(char) for char in "કેન્દ્ર"]  # a conjunct, not the letters one by one
    clusters = [tuple(map(int, entry.split(" "))) for entry in run.clusters.split(",")]
    assert sum(count for _, count in clusters) == len(glyphs)
    assert sum(length for length, _ in clusters) == len("કેન્દ્ર".encode())


def test_latin_with_diacritics_and_greek_stay_text_in_noto_sans():
    block = fit("Ośrodek Polski Łódź · Ελληνική", width=200)
    assert [run.family for run in block.runs] == ["Noto Sans"]
    assert block.runs[0].text == "Ośrodek Polski Łódź · Ελληνική"


def test_a_character_no_brand_font_has_is_an_error_not_a_missing_glyph():
    with pytest.raises(LayoutError, match=r"no brand font has the character '𓀀' \(U\+13000\)"):
        fit("Centre 𓀀")


def test_control_characters_are_refused():
    with pytest.raises(LayoutError, match="invisible character U\\+0007"):
        fit("Bell\u0007 Centre")


def test_every_line_keeps_the_paragraphs_direction():
    """In a left-to-right name, a wrapped line of Arabic is still set left to right (UAX #9, P2):
    start-aligned at the left, with the neutral dot before it on the left."""
    block = fit("Rusholme Community Centre · مرکزِ برادری رشولم", width=120, align="start")
    assert block.lines == ("Rusholme Community Centre ·", "مرکزِ برادری رشولم")
    first, second = block.runs[0], block.runs[-1]
    assert first.x == pytest.approx(10) and second.x == pytest.approx(10)
    assert block.runs[0].text == "Rusholme Community Centre ·"


def test_details_too_long_for_their_box_can_end_in_an_ellipsis():
    notes = "Ring the bell at the side door and wait; staff will come to you as soon as they can."
    block = fit(notes, width=60, height=6, min_size=4, overflow="ellipsis")
    assert len(block.lines) == 1 and block.lines[0].endswith("…") and block.lines[0].startswith("Ring the bell")
    email = fit("Email: " + "m" * 60 + "@example.org", width=60, height=6, min_size=4, overflow="ellipsis")
    assert email.lines[0].startswith("Email: mmm") and email.lines[0].endswith("…")
    assert email.right <= 70 + 1e-6


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60))
@settings(max_examples=300, deadline=None)
def test_the_quick_way_for_plain_ascii_agrees_with_the_rules(line):
    """Faces and bidi levels of ASCII text in a left-to-right paragraph are taken without the rules;
    the rules must give the same."""
    book = setter().books["regular"]
    assert text._levels(line, 0) == text._levels_by_rules(line, 0)
    assert text._faces_for(book, line) == text._faces_by_rules(book, line)
