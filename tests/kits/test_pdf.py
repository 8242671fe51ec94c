"""Editing cairo's PDFs in place: the result must be a sound PDF that qpdf and poppler read as meant.

An item's print files are cut from one PDF cairo draws with a page for each (``press.print_files``):
each file must hold its own page alone, and the same input must give the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import cairocffi as cairo
import pikepdf
import pytest
from PIL import Image, ImageChops

from helpers import ROOT
from reporting_centres.kits import pdf, press
from reporting_centres.kits.brand import CropMarks
from reporting_centres.kits.draw import MM_PER_INCH, Drawing
from reporting_centres.kits.items import print_condition
from reporting_centres.kits.jobs import KitRenderError
from reporting_centres.kits.qr import symbol

from .conftest import FIXTURE_SLUG, run_tool

MARKS = CropMarks(offset_mm=3, length_mm=6, stroke_pt=0.25)
TITLE = "Window sticker: Zażółć Centre 東京 (a) \\ <b>"
AMBER = (1, 0.76, 0.03)


def drawing() -> Drawing:
    """A 60 × 40 mm item with a 3 mm bleed: purple all over, an amber square 10 mm in from the trim."""
    recording = cairo.RecordingSurface(cairo.CONTENT_COLOR_ALPHA, (-3, -3, 66, 46))
    context = cairo.Context(recording)
    context.set_source_rgb(0.29, 0.16, 0.52)
    context.rectangle(-3, -3, 66, 46)
    context.fill()
    context.set_source_rgb(*AMBER)
    context.rectangle(10, 10, 20, 20)
    context.fill()
    return Drawing(recording, 60, 40, MM_PER_INCH)


def spec(**options) -> press.PrintSpec:
    values = {"title": TITLE, "label": "test · item", "identity": "test/item", "date": dt.date(2026, 11, 18),
              "condition": print_condition(str(ROOT / "brand")), "bleed": 3, "marks": MARKS, "font": "Noto Sans"}
    return press.PrintSpec(**(values | options))


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("print-files")
    paths = {}
    for role, data in press.print_files(drawing(), spec()).items():
        paths[role] = folder / f"item.{role}"
        paths[role].write_bytes(data)
    return paths


def page_pixels(path: Path, dpi: int) -> Image.Image:
    run_tool("pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(path), str(path.with_suffix("")))
    return Image.open(path.with_suffix(".png")).convert("RGB")


def amber_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """Where the amber square is: the pixels far more red than blue."""
    mask = Image.eval(image.split()[0], lambda value: 255 if value > 200 else 0)
    blue = Image.eval(image.split()[2], lambda value: 255 if value < 100 else 0)
    return Image.composite(mask, Image.new("L", image.size), blue).getbbox()


def test_cairo_draws_every_file_of_an_item_as_pages_of_one_pdf_1_4_with_a_classic_table():
    sheets = [press._Sheet(3, False, False), press._Sheet(press.margin_for(3, MARKS), False, True)]
    drawn = press._draw_sheets(drawing(), None, sheets, spec())
    assert drawn.startswith(b"%PDF-1.4")
    document = pdf.read_pdf(drawn)
    assert len(document.pages()) == 2
    assert len(document.forms()) == 1, "both pages paint the one form that holds the artwork"


def test_each_file_is_sound_holds_one_page_and_carries_the_title_without_a_clock_time(files):
    assert set(files) == {"pdf", "print.pdf", "print-marks.pdf"}
    for role, path in files.items():
        with pikepdf.open(path) as document:
            assert document.check_pdf_syntax() == [], role  # qpdf reads every object and stream
            assert len(document.pages) == 1, role
            assert str(document.docinfo["/Title"]) == TITLE
            assert "/CreationDate" not in document.docinfo or role != "pdf"
            assert document.trailer.ID[0] == document.trailer.ID[1]
        info = run_tool("pdfinfo", str(path))
        assert "Title:           " + TITLE in info
        assert "Syntax Error" not in info


def test_the_file_to_upload_holds_nothing_of_the_page_with_marks(files):
    """The page with the slug line is not written into the other files, not even unused."""
    for role in ("pdf", "print.pdf"):
        data = files[role].read_bytes()
        assert "test · item" not in run_tool("pdftotext", str(files[role]), "-")
        with pikepdf.open(files[role]) as document:
            pages = [obj for obj in document.objects
                     if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Page"]
            assert len(pages) == 1, role
        assert len(data) < files["print-marks.pdf"].stat().st_size
    assert "test · item" in run_tool("pdftotext", str(files["print-marks.pdf"]), "-")


def test_the_trim_file_shows_exactly_the_print_files_trim_area(files):
    dpi = 254  # 10 pixels a millimetre
    trimmed, whole = page_pixels(files["pdf"], dpi), page_pixels(files["print.pdf"], dpi)
    assert trimmed.size == (600, 400)  # the trim
    assert abs(whole.size[0] - 660) <= 1 and abs(whole.size[1] - 460) <= 1  # the trim and 3 mm of bleed
    assert amber_box(trimmed) == (100, 100, 300, 300)
    assert amber_box(whole) == (130, 130, 330, 330)
    red, green, blue = trimmed.getpixel((200, 200))  # the trim file is for screens: RGB, as drawn
    assert red > 240 and 180 < green < 210 and blue < 30


def test_the_same_input_gives_the_same_bytes():
    assert press.print_files(drawing(), spec()) == press.print_files(drawing(), spec())


def test_metadata_stays_plain_text_and_every_other_stream_is_deflated_if_that_makes_it_smaller(files):
    with pikepdf.open(files["print.pdf"]) as document:
        metadata = document.Root.Metadata
        assert "/Filter" not in metadata and b"PDF/X-4" in metadata.read_raw_bytes()
        for obj in document.objects:
            if isinstance(obj, pikepdf.Stream) and obj.objgen != metadata.objgen and "/Filter" not in obj:
                assert len(obj.read_raw_bytes()) < 32, "only a stream deflating would not shrink is left plain"


def test_a_pdf_laid_out_otherwise_is_refused_with_the_reason():
    output = io.BytesIO()
    surface = cairo.PDFSurface(output, 100, 100)
    surface.restrict_to_version(cairo.PDF_VERSION_1_4)
    cairo.Context(surface).paint()
    surface.finish()
    drawn = output.getvalue()
    with pikepdf.open(io.BytesIO(drawn)) as document:
        streams = io.BytesIO()
        document.save(streams, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    with pytest.raises(pdf.PdfEditError, match="not a classic table"):
        pdf.read_pdf(streams.getvalue())
    with pytest.raises(pdf.PdfEditError, match="startxref"):
        pdf.read_pdf(drawn[:-40])


def test_a_pdf_this_project_cannot_finish_is_a_kit_error_not_a_traceback(monkeypatch):
    drawn = press._draw_sheets
    monkeypatch.setattr(press, "_draw_sheets", lambda *args: drawn(*args)[:-40])  # as a cairo that writes otherwise
    with pytest.raises(KitRenderError, match=r"wrote a PDF this project cannot finish \(no startxref at the end\)"):
        press.print_files(drawing(), spec())


def test_rectangles_in_whole_units_are_written_as_re_with_the_same_corners_and_text_is_left_alone():
    content = (b"q 0 0 0 1 k\n14 12 m 15 12 l 15 13 l 14 13 l\n h\n"
               b"3 3 m 213 3 l 213 300 l 3 300 l h\n2 2 m 5 2 l 5 4 l 2 5 l h f\n"
               b"0.5 2 m 4 2 l 4 6 l 0.5 6 l h 1 2.5 m 4 2.5 l 4 6 l 1 6 l h -3 2 m 4 2 l 4 6 l -3 6 l h\n"
               b"BT (1 2 m 4 2 l 4 6 l 1 6 l h \\) 1 2 m 4 2 l 4 6 l 1 6 l h) Tj ET Q")
    assert pdf.compact_rectangles(content) == (
        b"q 0 0 0 1 k\n14 12 1 1 re\n3 3 210 297 re\n"
        b"2 2 m 5 2 l 5 4 l 2 5 l h f\n"  # not a rectangle: left as it is
        b"0.5 2 m 4 2 l 4 6 l 0.5 6 l h 1 2.5 m 4 2.5 l 4 6 l 1 6 l h -3 2 m 4 2 l 4 6 l -3 6 l h\n"  # not whole
        b"BT (1 2 m 4 2 l 4 6 l 1 6 l h \\) 1 2 m 4 2 l 4 6 l 1 6 l h) Tj ET Q")
    assert pdf.compact_rectangles(b"q\n0 0 m 7 0 l 7 1 l 0 1 l h\n8 0 m 9 0 l 9 1 l 8 1 l h\nf\nQ") == (
        b"q\n0 0 7 1 re\n8 0 1 1 re\nf\nQ")  # a QR code's form: no strings in it


def test_published_files_pack_their_objects_into_streams_and_show_the_same_page(tmp_path):
    """The trim file as published (object and cross-reference streams, every stream deflated) against
    the same objects written plainly: qpdf reads both whole, and poppler draws the same pixels."""
    sheets = [press._Sheet(3, False, False), press._Sheet(press.margin_for(3, MARKS), False, True)]
    document = pdf.read_pdf(press._draw_sheets(drawing(), None, sheets, spec()))
    single = document.single_page(document.pages()[0])
    press._finish(single, TITLE, press.trim_box(60, 40, 3), None, crop=True)
    compact, plain = pdf.write_compact_pdf(single), pdf.write_pdf(single)
    assert b"/Type /ObjStm" in compact and b"/Type /XRef" in compact and b"\nxref\n" not in compact
    assert len(compact) < len(plain) * 0.95
    (tmp_path / "compact.pdf").write_bytes(compact)
    (tmp_path / "plain.pdf").write_bytes(plain)
    with pikepdf.open(tmp_path / "compact.pdf") as opened:
        assert opened.check_pdf_syntax() == [] and opened.pdf_version == "1.5"
        assert str(opened.docinfo["/Title"]) == TITLE
    assert ImageChops.difference(page_pixels(tmp_path / "compact.pdf", 100),
                                 page_pixels(tmp_path / "plain.pdf", 100)).getbbox() is None


def test_a_qr_code_is_a_form_of_its_own_in_whole_modules(fixture_kit):
    """The sticker's code, as the press gets it: one form holding each run of dark modules as
    ``x y length 1 re`` in module units, filled once (no seams between rows on screen)."""
    _, path = symbol("https://reporting-centres.example.org/c/KF1XC/", "q")  # the fixture centre's code
    runs = re.findall(r"M(\d+) (\d+)\.5h(\d+)", path)
    with pikepdf.open(fixture_kit / FIXTURE_SLUG / f"{FIXTURE_SLUG}-sticker-outside-print.pdf") as document:
        forms = [obj.read_bytes() for obj in document.objects
                 if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form"]
    codes = [form for form in forms if re.search(rb"\n\d+ \d+ \d+ 1 re\n", form)]
    assert len(codes) == 1
    boxes = re.findall(rb"(?<![\d.])(\d+) (\d+) (\d+) 1 re\b", codes[0])
    assert len(boxes) == len(runs) > 100
    assert codes[0].count(b" f") + codes[0].count(b"\nf") == 1


def test_with_a_white_underlay_only_the_print_files_carry_the_white_ink(tmp_path):
    """A third page, without the underlay, is drawn for the trim file, which is for screens and office
    printers: white ink means nothing to them."""
    underlay = cairo.RecordingSurface(cairo.CONTENT_COLOR_ALPHA, (-3, -3, 66, 46))
    context = cairo.Context(underlay)
    context.set_source_rgb(*(int(press.prepress.WHITE_UNDERLAY_COLOUR[index:index + 2], 16) / 255
                             for index in (1, 3, 5)))
    context.rectangle(10, 10, 20, 20)
    context.fill()
    outputs = press.print_files(drawing(), spec(), Drawing(underlay, 60, 40, MM_PER_INCH))
    for role, white in (("pdf", False), ("print.pdf", True), ("print-marks.pdf", True)):
        (tmp_path / role).write_bytes(outputs[role])
        with pikepdf.open(tmp_path / role) as document:
            assert document.check_pdf_syntax() == []
            spaces = str([page.Resources.get("/ColorSpace") for page in document.pages])
            forms = [str(obj.get("/Resources", {}).get("/ColorSpace", "")) for obj in document.objects
                     if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form"]
            assert ("/White" in spaces + "".join(forms)) == white, role
    assert amber_box(page_pixels(tmp_path / "pdf", 254)) == (100, 100, 300, 300)
