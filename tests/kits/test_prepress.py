"""The print files as a press's prepress checks them: PDF/X-4 boxes, output intent and metadata,
CMYK only, brand colours exact, spot colours for white ink, die lines and registration marks; in
both print files of an item, the one to upload (page = trim + bleed) and the one with crop marks.

pikepdf (qpdf) reads the files; Ghostscript separates one into its inks as a press's RIP would."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from helpers import ROOT
from reporting_centres.errors import DataError
from reporting_centres.kits import prepress
from reporting_centres.kits.brand import CMYK_BLACK, load_brand
from reporting_centres.kits.fields import print_date
from reporting_centres.kits.svg import check_svg
from reporting_centres.public import public_centre

from .conftest import FIXTURE_SLUG, make_centre, region, run_tool

BRAND = load_brand(ROOT / "brand")
PRINTED = [name for name, item in BRAND.items.items() if item.printed]
POINTS_PER_MM = 72 / 25.4


VARIANTS = ["print", "print-marks"]


def print_file(kit: Path, item: str, variant: str = "print") -> Path:
    return kit / FIXTURE_SLUG / f"{FIXTURE_SLUG}-{item}-{variant}.pdf"


def _document_id(kit: Path, item: str, variant: str) -> str:
    with pikepdf.open(print_file(kit, item, variant)) as document:
        return str(document.open_metadata()["xmpMM:DocumentID"])


def content_streams(document: pikepdf.Pdf):
    """(stream, resources) for the page and every form it draws, however deep."""
    page = document.pages[0]
    yield page.obj, page.Resources
    seen: set = set()
    pending = [page.Resources]
    while pending:
        resources = pending.pop()
        for _, form in (resources.get("/XObject") or {}).items():
            if form.objgen in seen or form.get("/Subtype") != "/Form":
                continue
            seen.add(form.objgen)
            yield form, form.get("/Resources", pikepdf.Dictionary())
            pending.append(form.get("/Resources", pikepdf.Dictionary()))


def operations(document: pikepdf.Pdf):
    """Every (operator, operands, resources) of the page and its forms."""
    for stream, resources in content_streams(document):
        parsed = pikepdf.parse_content_stream(pikepdf.Page(stream) if stream.get("/Type") == "/Page" else stream)
        for operands, operator in parsed:
            yield str(operator), [float(value) if isinstance(value, (int, float, Decimal)) else value
                                  for value in operands], resources


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("item", PRINTED)
def test_the_print_file_is_pdf_x4_with_boxes_output_intent_and_metadata(fixture_kit, item, variant):
    with pikepdf.open(print_file(fixture_kit, item, variant)) as document:
        assert document.check_pdf_syntax() == []  # qpdf reads every object and stream
        assert document.pdf_version == "1.6"
        page = document.pages[0]
        media, bleed, trim = ([float(value) for value in page.obj[box]] for box in ("/MediaBox", "/BleedBox",
                                                                                   "/TrimBox"))
        width, height = BRAND.items[item].size
        assert (trim[2] - trim[0]) / POINTS_PER_MM == pytest.approx(width, abs=0.01)
        assert (trim[3] - trim[1]) / POINTS_PER_MM == pytest.approx(height, abs=0.01)
        assert [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]] == pytest.approx(
            [BRAND.bleed_mm * POINTS_PER_MM] * 4, abs=0.01)
        if variant == "print":  # what an online printer's upload check wants: the page is trim plus bleed
            assert media == pytest.approx(bleed, abs=0.001) and media[:2] == [0, 0]
            assert "/CropBox" not in page.obj and "/ArtBox" not in page.obj
        else:  # room all round for the crop marks beyond the bleed
            room = (BRAND.crop_marks.offset_mm + BRAND.crop_marks.length_mm) * POINTS_PER_MM
            assert min(trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3]) >= room
        assert page.obj.Group.CS == "/DeviceCMYK"

        [intent] = document.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and str(intent.OutputConditionIdentifier) == BRAND.print_profile.condition
        assert str(intent.RegistryName) == "http://www.color.org"
        profile = intent.DestOutputProfile
        assert profile.N == 4
        icc = profile.read_bytes()
        assert icc == (ROOT / "brand" / BRAND.print_profile.file).read_bytes()
        assert icc[12:20] == b"prtrCMYK" and icc[36:40] == b"acsp"  # an output profile for CMYK

        day = print_date(public_centre(make_centre(), region()))
        meta = document.open_metadata()
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert meta["pdf:Trapped"] == "False"
        assert meta["xmp:CreateDate"] == meta["xmp:ModifyDate"] == f"{day}T00:00:00Z"
        assert meta["xmpMM:DocumentID"].startswith("uuid:") and meta["xmpMM:RenditionClass"] == "default"
        assert (meta["xmpMM:DocumentID"] == _document_id(fixture_kit, item, "print")) == (variant == "print")
        assert BRAND.items[item].title in meta["dc:title"]
        info = document.docinfo
        assert info.Trapped == "/False" and str(info.CreationDate) == f"D:{day.replace('-', '')}000000Z"


@pytest.mark.parametrize("item", PRINTED)
def test_every_colour_is_cmyk_and_brand_colours_are_exactly_brand_ymls(fixture_kit, item):
    brand_cmyk = {tuple(part / 100 for part in colour.cmyk) for colour in BRAND.print_colours.values()}
    with pikepdf.open(print_file(fixture_kit, item)) as document:
        found = [(operator, tuple(operands)) for operator, operands, _ in operations(document)
                 if operator in ("rg", "RG", "k", "K", "sc", "scn", "SC", "SCN", "cs", "CS", "g", "G")]
        assert not [operator for operator, _ in found if operator in ("rg", "RG")], "device RGB left"
        cmyk = {operands for operator, operands in found if operator in ("k", "K")}
        assert cmyk, "no CMYK colour at all"
        other = {colour for colour in cmyk if colour not in brand_cmyk}
        assert all(colour[:3] == (0, 0, 0) for colour in other), f"colours not from brand.yml: {other}"
        assert tuple(part / 100 for part in BRAND.print_colours["primary"].cmyk) in cmyk


def test_text_and_qr_modules_are_black_ink_alone(fixture_kit):
    """On the poster, every run of text in ink and the QR code's modules are 0/0/0/100, not a four-ink black."""
    with pikepdf.open(print_file(fixture_kit, "poster")) as document:
        fill, text_fills = None, set()
        for operator, operands, _ in operations(document):
            if operator == "k":
                fill = tuple(operands)
            elif operator in ("Tj", "TJ"):
                text_fills.add(fill)
        black = tuple(part / 100 for part in CMYK_BLACK)
        assert black in text_fills
        assert all(colour[:3] == (0, 0, 0) or colour in {tuple(part / 100 for part in value.cmyk)
                                                           for value in BRAND.print_colours.values()}
                   for colour in text_fills)


def spot_colours(document: pikepdf.Pdf) -> dict[str, set[str]]:
    """Each spot colour's name, and the painting operators it is used with (fill or stroke)."""
    used: dict[str, set[str]] = {}
    current = {"fill": None, "stroke": None}
    overprint = False
    for operator, operands, resources in operations(document):
        if operator in ("cs", "CS"):
            space = resources.ColorSpace[operands[0]]
            name = str(space[1])[1:] if isinstance(space, pikepdf.Array) and space[0] == "/Separation" else None
            current["fill" if operator == "cs" else "stroke"] = name
        elif operator == "gs":
            state = resources.ExtGState[operands[0]]
            overprint = bool(state.get("/OP", overprint))
        elif operator in ("f", "f*", "F", "B", "Tj", "TJ") and current["fill"]:
            used.setdefault(current["fill"], set()).add(f"fill{' overprint' if overprint else ''}")
        elif operator in ("S", "s") and current["stroke"]:
            used.setdefault(current["stroke"], set()).add(f"stroke{' overprint' if overprint else ''}")
    return used


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("item", PRINTED)
def test_spot_colours_white_under_film_die_line_on_stickers_marks_in_registration(fixture_kit, item, variant):
    spec = BRAND.items[item].press
    with pikepdf.open(print_file(fixture_kit, item, variant)) as document:
        used = spot_colours(document)
    if variant == "print-marks":
        assert used["All"] == {"stroke overprint"}, "crop marks in registration colour"
    else:
        assert "All" not in used, "the file to upload has no marks"
    assert ("CutContour" in used) == spec.die_line
    if spec.die_line:
        assert used["CutContour"] == {"stroke overprint"}
    assert ("White" in used) == spec.white_underlay
    if spec.white_underlay:
        assert used["White"] == {"fill overprint"}
    assert set(used) <= {"All", "CutContour", "White"}


def test_the_film_sticker_says_how_to_print_it_on_its_slug_line(fixture_kit):
    text = run_tool("pdftotext", str(print_file(fixture_kit, "sticker-inside", "print-marks")), "-")
    assert "reverse print, white underlay, face-adhesive clear film" in text
    assert "PDF/X-4" in text
    assert "reverse print" not in run_tool("pdftotext", str(print_file(fixture_kit, "sticker-outside", "print-marks")),
                                           "-")
    assert "PDF/X-4" not in run_tool("pdftotext", str(print_file(fixture_kit, "sticker-inside")), "-"), (
        "the file to upload has no slug line")


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript is installed by scripts/setup-system.sh")
def test_separated_into_inks_the_film_sticker_has_white_under_text_and_code_and_a_die_line(fixture_kit, fixture_svgs,
                                                                                           tmp_path):
    """Ghostscript's tiffsep writes one greyscale plate per ink (0 is full ink), as a RIP separates."""
    pdf = print_file(fixture_kit, "sticker-inside", "print-marks")
    dpi = 50
    subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiffsep", f"-r{dpi}",
                    f"-sOutputFile={tmp_path / 'plate.tif'}", str(pdf)], check=True)
    plates = {path.name.split("(")[1].split(")")[0]: Image.open(path).convert("L")
              for path in tmp_path.glob("plate(*).tif")}
    assert {"Cyan", "Magenta", "Yellow", "Black", "White", "CutContour"} <= set(plates)
    with pikepdf.open(pdf) as document:
        media = [float(value) for value in document.pages[0].obj.MediaBox]
        trim = [float(value) for value in document.pages[0].obj.TrimBox]

    def at(mm_x: float, mm_y: float) -> tuple[int, int]:
        """A point of the artwork (mm from the trim's top left, as the template sees it, mirrored) in pixels."""
        x = trim[2] - mm_x * POINTS_PER_MM  # printed reversed: the template's left is the page's right
        y = media[3] - trim[3] + mm_y * POINTS_PER_MM
        return round(x / 72 * dpi), round(y / 72 * dpi)

    white, cut, black = plates["White"], plates["CutContour"], plates["Black"]
    svg = check_svg(fixture_svgs["sticker-inside"], "sticker")
    square = next(group for group in svg.iter() if group.get("class") == "kit-qr")[0]
    half = float(square.get("width")) / 2
    qr_centre = at(float(square.get("x")) + half, float(square.get("y")) + half)
    assert white.getpixel(qr_centre) < 64, "white ink under the QR code"
    assert white.getpixel(at(4, 75)) > 192, "no white ink on the plain background"
    assert sum(white.getpixel(at(x, 57)) < 128 for x in range(20, 130)) > 20, "white ink under the headline"
    edge = at(75, 0)
    assert min(cut.getpixel((edge[0], edge[1] + dy)) for dy in (-1, 0, 1)) < 128, "die line along the trim"
    assert cut.getpixel(at(75, 75)) > 192, "no die line inside"
    mark = at(-(BRAND.crop_marks.offset_mm + BRAND.crop_marks.length_mm / 2), 0)
    for name in ("Cyan", "Magenta", "Yellow", "Black", "White", "CutContour"):
        assert min(plates[name].getpixel((mark[0], mark[1] + dy)) for dy in (-1, 0, 1)) < 128, (
            f"the crop mark prints on the {name} plate")
    assert black.getpixel(at(4, 75)) < 255, "the background's black is there too"


def test_brand_yml_refuses_a_four_ink_black_for_text_and_a_colour_without_cmyk(tmp_path):
    folder = tmp_path / "brand"
    shutil.copytree(ROOT / "brand", folder)
    text = (folder / "brand.yml").read_text(encoding="utf-8")
    (folder / "brand.yml").write_text(text.replace("ink: {cmyk: [0, 0, 0, 100]}", "ink: {cmyk: [60, 40, 40, 100]}"),
                                      encoding="utf-8")
    with pytest.raises(DataError) as refused:
        load_brand(folder)
    assert "black ink alone: make it cmyk: [0, 0, 0, 100]" in str(refused.value)
    (folder / "brand.yml").write_text(text.replace("  muted: {cmyk: [0, 0, 0, 75]}\n", ""), encoding="utf-8")
    with pytest.raises(DataError) as refused:
        load_brand(folder)
    assert "print_colours has no CMYK for muted" in str(refused.value)
    (folder / "brand.yml").write_text(text.replace('primary: "#4B2A85"', 'primary: "#01FE02"'), encoding="utf-8")
    with pytest.raises(DataError) as refused:
        load_brand(folder)
    assert "White underlay" in str(refused.value)


def test_print_files_carry_source_date_epochs_day_or_the_centres_last_check(monkeypatch):
    centre = public_centre(make_centre(), region())
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert print_date(centre) == centre.last_verified.isoformat()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2027, 2, 3, 15, tzinfo=dt.UTC).timestamp())))
    assert print_date(centre) == "2027-02-03"


def test_colours_are_converted_outside_text_only_and_a_name_that_looks_like_an_operator_is_kept():
    profile = (ROOT / "brand" / BRAND.print_profile.file).read_bytes()
    condition = prepress.PrintCondition(BRAND.cmyk_by_colour(), profile, "FOGRA39", "test")
    uses = prepress._Uses()  # the content conversion itself, on a hand-written stream
    content = (b"q\n0.294118 0.164706 0.521569 rg\nBT (Unit 1 0 0 rg \\( (and 0 0 0 RG)) Tj ET\n"
               b"0 0 0 RG 0.5 w\n0.003922 0.996078 0.007843 rg 0 0 1 1 re f\n.5 .5 .5 rg Q")
    converted = prepress._cmyk_content(content, prepress.colour_converter(condition), uses)
    assert converted.startswith(b"q\n0.85 0.95 0 0.15 k\nBT (Unit 1 0 0 rg \\( (and 0 0 0 RG)) Tj ET\n"
                                b"0 0 0 1 K 0.5 w")
    assert b"/GSOverprint gs /CSWhite cs 1 scn 0 0 1 1 re f" in converted
    assert converted.endswith(b" k Q") and b"0 0 0 0." in converted  # a grey: black ink alone
    assert uses.names == {b"CSWhite", b"GSOverprint"}


def test_a_stream_converted_again_from_memory_still_gets_the_white_spot_colour_it_uses():
    profile = (ROOT / "brand" / BRAND.print_profile.file).read_bytes()
    condition = prepress.PrintCondition(BRAND.cmyk_by_colour(), profile, "FOGRA39", "test")
    content = b"q 0.003922 0.996078 0.007843 rg 0 0 1 1 re f Q"
    convert = prepress._converted_content(condition)
    first, again = prepress._Uses(), prepress._Uses()
    assert convert(content, uses=first) == convert(content, uses=again)
    assert first.names == again.names == {b"CSWhite", b"GSOverprint"}
    assert convert(b"q 0 0 0 rg Q", uses=prepress._Uses()) == b"q 0 0 0 1 k Q"
