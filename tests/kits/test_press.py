"""Print files as a printer checks them: page boxes in mm, embedded fonts, crop marks.

That two builds give the same bytes, kits included, is test_guarantees.py's byte-identical test."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PIL import Image

from helpers import ROOT
from reporting_centres.kits import write_kits
from reporting_centres.kits.brand import load_brand
from reporting_centres.kits.fields import print_date
from reporting_centres.public import public_centre

from .conftest import FIXTURE_SLUG, make_centre, plan, region, run_tool

BRAND = load_brand(ROOT / "brand")
PRINTED = [name for name, item in BRAND.items.items() if item.printed]
WITH_TRIM_PDF = [name for name in PRINTED if BRAND.items[name].press.trim_pdf]
MM_PER_POINT = 25.4 / 72


def boxes(pdf) -> dict[str, tuple[float, float, float, float]]:
    """pdfinfo -box, in millimetres."""
    found = {}
    for line in run_tool("pdfinfo", "-box", str(pdf)).splitlines():
        match = re.match(r"(\w+Box):\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", line)
        if match:
            found[match[1]] = tuple(float(value) * MM_PER_POINT for value in match.groups()[1:])
    return found


def size(box):
    return box[2] - box[0], box[3] - box[1]


@pytest.mark.parametrize("item", WITH_TRIM_PDF)
def test_trim_pdf_is_exactly_the_trim_size(fixture_kit, item):
    found = boxes(fixture_kit / FIXTURE_SLUG / f"{FIXTURE_SLUG}-{item}.pdf")
    width, height = BRAND.items[item].size
    assert size(found["MediaBox"]) == pytest.approx((width, height), abs=0.1)
    assert found["TrimBox"] == pytest.approx(found["MediaBox"], abs=0.1)


@pytest.mark.parametrize("variant", ["print", "print-marks"])
@pytest.mark.parametrize("item", PRINTED)
def test_print_pdf_is_trim_plus_bleed_and_the_marked_one_has_room_for_crop_marks(fixture_kit, item, variant):
    found = boxes(fixture_kit / FIXTURE_SLUG / f"{FIXTURE_SLUG}-{item}-{variant}.pdf")
    width, height = BRAND.items[item].size
    bleed, marks = BRAND.bleed_mm, BRAND.crop_marks
    trim, bleed_box, media = found["TrimBox"], found["BleedBox"], found["MediaBox"]
    assert size(trim) == pytest.approx((width, height), abs=0.1)
    assert size(bleed_box) == pytest.approx((width + 2 * bleed, height + 2 * bleed), abs=0.1)
    assert [trim[0] - bleed_box[0], trim[1] - bleed_box[1], bleed_box[2] - trim[2], bleed_box[3] - trim[3]] == (
        pytest.approx([bleed] * 4, abs=0.1))
    if variant == "print":  # the file an online printer's upload check accepts: MediaBox = BleedBox
        assert media == pytest.approx(bleed_box, abs=0.05)
        return
    margin = marks.offset_mm + marks.length_mm
    assert trim[0] - media[0] >= margin and media[2] - trim[2] >= margin
    assert trim[1] - media[1] >= margin and media[3] - trim[3] >= margin


@pytest.mark.parametrize("name", ["poster.pdf", "poster-print.pdf", "certificate-print.pdf",
                                  "sticker-inside-print.pdf", "poster-print-marks.pdf"])
def test_every_font_is_embedded_and_no_clock_time_is_stamped(fixture_kit, name):
    """The trim file carries no date; a print file the centre's (or SOURCE_DATE_EPOCH's) date, never the clock's."""
    pdf = fixture_kit / FIXTURE_SLUG / f"{FIXTURE_SLUG}-{name}"
    rows = run_tool("pdffonts", str(pdf)).splitlines()[2:]
    assert rows, "no fonts: text was not drawn as text"
    for row in rows:
        columns = row.split()
        assert columns[-5] == "yes", row  # the "emb" column
    assert any("NotoSans-Bold" in row for row in rows) and any("NotoSans-Regular" in row for row in rows)
    info = run_tool("pdfinfo", str(pdf))
    if "-print" in name:
        day = dt.date.fromisoformat(print_date(public_centre(make_centre(), region())))
        assert re.search(rf"CreationDate:\s+\w+ {day:%b} +{day.day} 00:00:00 {day.year} UTC", info), info
        assert re.search(rf"ModDate:\s+\w+ {day:%b} +{day.day} 00:00:00 {day.year} UTC", info), info
    else:
        assert "CreationDate" not in info and "ModDate" not in info
    assert re.search(r"Title:\s+\S", info)


def test_crop_marks_sit_outside_the_bleed_in_line_with_the_trim(fixture_kit, tmp_path):
    pdf = fixture_kit / FIXTURE_SLUG / f"{FIXTURE_SLUG}-poster-print-marks.pdf"
    dpi = 200
    run_tool("pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(pdf), str(tmp_path / "page"))
    image = Image.open(tmp_path / "page.png").convert("L")
    trim = boxes(pdf)["TrimBox"]
    media_height = boxes(pdf)["MediaBox"][3]
    px = lambda mm: round(mm * dpi / 25.4)  # noqa: E731
    left, top = trim[0], media_height - trim[3]  # PDF boxes count from the bottom
    marks = BRAND.crop_marks
    middle = marks.offset_mm + marks.length_mm / 2
    dark = lambda x, y: min(image.getpixel((px(x) + dx, px(y) + dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1)) < 100  # noqa: E731
    assert dark(left - middle, top), "horizontal mark at the top left"
    assert dark(left, top - middle), "vertical mark at the top left"
    assert not dark(left - middle, top - middle), "the margin between marks is blank paper"
    assert not dark(left - BRAND.bleed_mm - 0.5, top + 20), "nothing is printed between bleed and marks"


def test_preview_pngs_are_optional_and_small(fixture_kit, tmp_path):
    folder = fixture_kit / FIXTURE_SLUG
    assert not list(folder.glob("*-preview.png"))  # by default, the trim-size PDF is the preview
    write_kits(plan([make_centre()], tmp_path, preview_dpi=72), tmp_path / "site")
    with Image.open(tmp_path / "site" / "kits" / FIXTURE_SLUG / f"{FIXTURE_SLUG}-poster-preview.png") as preview:
        assert preview.size == (round(210 / 25.4 * 72), round(297 / 25.4 * 72))
        # it says its resolution (so it opens at A4) and that its colours are sRGB
        assert preview.info["dpi"] == pytest.approx((72, 72), abs=0.01)
        assert preview.info["srgb"] == 0
    with Image.open(fixture_kit / "badge.png") as badge:  # a screen item: sRGB, and no resolution for mail to scale by
        assert badge.info["srgb"] == 0 and "dpi" not in badge.info
    assert not list(folder.glob("*dpi.png"))


def test_stickers_only_a_print_shop_can_make_have_the_print_file_alone(fixture_kit):
    folder = fixture_kit / FIXTURE_SLUG
    for item in PRINTED:
        has_trim = (folder / f"{FIXTURE_SLUG}-{item}.pdf").is_file()
        assert has_trim == BRAND.items[item].press.trim_pdf, item
        assert (folder / f"{FIXTURE_SLUG}-{item}-print.pdf").is_file()
        assert (folder / f"{FIXTURE_SLUG}-{item}-print-marks.pdf").is_file()
    assert not BRAND.items["sticker-inside"].press.trim_pdf and BRAND.items["poster"].press.trim_pdf
