"""QR codes: big enough, with their quiet zone, at error correction Q, and decoded by zbar back to the
centre's short, permanent address (or its page, for a centre without a code)."""

from __future__ import annotations

import math
import random
import string
import subprocess
from pathlib import Path

import pytest
import segno
from PIL import Image, ImageFilter, ImageOps
from segno import encoder

from helpers import ROOT
from reporting_centres.kits import qr
from reporting_centres.kits.brand import load_brand
from reporting_centres.kits.fields import kit_fields
from reporting_centres.kits.qr import QrError, qr_code
from reporting_centres.kits.svg import check_svg
from reporting_centres.public import public_centre

from .conftest import FIXTURE_SLUG, make_centre, plan, region, run_tool

URL = "https://reporting-centres.example.org/c/KF1XC/"  # the fixture centre's code: never its slug
PAGE = f"https://reporting-centres.example.org/centres/{FIXTURE_SLUG}/"


def decode(image: Path) -> list[str]:
    """Every QR code zbar finds in the image (zbarimg exits 4 when it finds none)."""
    result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
                            capture_output=True, text=True, check=False)
    assert result.returncode in (0, 4), result.stderr
    return result.stdout.split()


def test_the_code_keeps_a_four_module_quiet_zone_and_its_size():
    code = qr_code(URL, 10, 20, 34)
    assert code.quiet_zone == 4
    assert code.module * (code.modules + 2 * code.quiet_zone) == pytest.approx(34)
    assert code.symbol_size >= 20


def test_a_code_too_small_to_scan_is_an_error():
    with pytest.raises(QrError, match="under the minimum of 20"):
        qr_code(URL, 0, 0, 22)


def test_the_brand_asks_for_error_correction_q():
    assert load_brand(ROOT / "brand").qr.error_correction == "q"


def test_a_centre_with_a_code_prints_its_short_address_and_one_without_its_page():
    brand = load_brand(ROOT / "brand")
    coded = public_centre(make_centre(), region())
    assert kit_fields(coded, region(), brand, ["url"]) == {"url": URL}
    uncoded = public_centre(make_centre(code=None), region())
    assert kit_fields(uncoded, region(), brand, ["url"]) == {"url": PAGE}


@pytest.mark.parametrize("item", ["sticker-outside", "poster"])
def test_printed_codes_are_at_least_20_mm_and_decode_to_the_centres_short_address(fixture_kit, fixture_svgs, tmp_path,
                                                                                  item):
    folder = fixture_kit / FIXTURE_SLUG
    svg = check_svg(fixture_svgs[item], item)
    group = next(group for group in svg.iter() if group.get("class") == "kit-qr")
    quiet = group[0]
    code = qr_code(URL, 0, 0, float(quiet.get("width")), error="q")
    assert group[1].get("d") == code.path  # the symbol drawn is the short address's at level Q
    assert code.symbol_size >= 20  # user units are millimetres
    run_tool("pdftoppm", "-png", "-r", "150", "-singlefile", str(folder / f"{FIXTURE_SLUG}-{item}-print.pdf"),
             str(tmp_path / "page"))
    assert decode(tmp_path / "page.png") == [URL]


def test_the_inside_sticker_scans_when_seen_through_the_glass(fixture_kit, tmp_path):
    pdf = fixture_kit / FIXTURE_SLUG / f"{FIXTURE_SLUG}-sticker-inside-print.pdf"  # the print file is the preview
    run_tool("pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(tmp_path / "inside"))
    ImageOps.mirror(Image.open(tmp_path / "inside.png")).save(tmp_path / "through-glass.png")
    assert decode(tmp_path / "through-glass.png") == [URL]


# A phone's main camera: 12 megapixels, 4032 across a 69° field of view (a 26 mm-equivalent lens).
PHONE_PIXELS_ACROSS = 4032
PHONE_FIELD_OF_VIEW_DEGREES = 69
CAMERA_BLUR_PIXELS = 0.8  # a little out of focus, or a hand that moves
RENDER_DPI = 300


def photographed(render: Image.Image, distance_mm: float) -> Image.Image:
    """A 300 dpi render as the phone's camera sees it from ``distance_mm`` away: as many pixels as
    the phone spends on it at that distance, slightly blurred."""
    field_mm = 2 * distance_mm * math.tan(math.radians(PHONE_FIELD_OF_VIEW_DEGREES / 2))  # what the picture spans
    phone_pixels_per_mm = PHONE_PIXELS_ACROSS / field_mm
    scale = phone_pixels_per_mm / (RENDER_DPI / 25.4)
    small = render.convert("L").resize((round(render.width * scale), round(render.height * scale)), Image.LANCZOS)
    return small.filter(ImageFilter.GaussianBlur(CAMERA_BLUR_PIXELS))


@pytest.mark.parametrize("item", ["sticker-outside", "sticker-inside"])
def test_the_sticker_code_is_at_least_35_mm_and_scans_from_a_metre_away(fixture_kit, fixture_svgs, tmp_path, item):
    folder = fixture_kit / FIXTURE_SLUG
    svg = check_svg(fixture_svgs[item], item)
    group = next(group for group in svg.iter() if group.get("class") == "kit-qr")
    assert float(group[0].get("width")) >= 35  # the printed code, quiet zone included, in mm
    run_tool("pdftoppm", "-png", "-r", str(RENDER_DPI), "-singlefile",
             str(folder / f"{FIXTURE_SLUG}-{item}-print.pdf"), str(tmp_path / "print"))
    render = Image.open(tmp_path / "print.png")
    if item == "sticker-inside":  # printed reversed, read through the glass
        render = ImageOps.mirror(render)
    render.save(tmp_path / "print-size.png")
    assert decode(tmp_path / "print-size.png") == [URL]
    from_a_metre = photographed(render, 1000)
    page_mm = render.width / (RENDER_DPI / 25.4)
    code_pixels = float(group[0].get("width")) * from_a_metre.width / page_mm
    assert 80 < code_pixels < 160  # the code is about a hundred pixels across the phone's picture
    from_a_metre.save(tmp_path / "one-metre.png")
    assert decode(tmp_path / "one-metre.png") == [URL]
    photographed(render, 3000).save(tmp_path / "three-metres.png")
    assert decode(tmp_path / "three-metres.png") == []  # the simulation is not too kind: from 3 m it is too small


@pytest.mark.parametrize("error", ["l", "m", "q", "h"])
def test_the_mask_is_the_one_segno_itself_chooses(monkeypatch, error):
    """qr.py scores the eight masks in numpy; every symbol must come out as segno's own would."""
    chooser = random.Random(error)
    urls = [URL] + ["https://" + "".join(chooser.choice(string.ascii_lowercase + "-./")
                                         for _ in range(chooser.randint(5, 250))) for _ in range(60)]
    for url in urls:
        ours = segno.make(url, error=error, micro=False, boost_error=False)
        monkeypatch.setattr(encoder, "find_and_apply_best_mask", qr._segno_best_mask)
        theirs = segno.make(url, error=error, micro=False, boost_error=False)
        monkeypatch.setattr(encoder, "find_and_apply_best_mask", qr.best_mask)
        assert (ours.mask, [bytes(row) for row in ours.matrix]) == (
            theirs.mask, [bytes(row) for row in theirs.matrix]), url


def test_the_build_notes_centres_whose_codes_would_not_be_permanent(tmp_path):
    kits = plan([make_centre(slug="coded"), make_centre(slug="no-code", code=None),
                 make_centre(slug="closed-no-code", code=None, status="closed")], tmp_path)
    notes = [note for note in kits.notes if "code:" in note]
    assert notes == ["note: no-code has no code:, so the printed QR codes give the page's address, not a short, "
                     "permanent one; give each centre a code: before printing its kit (README: \"QR codes that last\")"]
