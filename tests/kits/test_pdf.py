"""Editing cairo's PDFs in place: the result must be a sound PDF that qpdf and poppler read as meant."""

from __future__ import annotations

import io

import cairocffi as cairo
import pikepdf
import pytest
from PIL import Image, ImageChops

from reporting_centres.kits import pdf, press
from reporting_centres.kits.brand import CropMarks
from reporting_centres.kits.draw import MM_PER_INCH, Drawing
from reporting_centres.kits.jobs import KitRenderError

from .conftest import run_tool

MARKS = CropMarks(offset_mm=3, length_mm=6, stroke_pt=0.25)
TITLE = "Window sticker: Zażółć Centre 東京 (a) \\ <b>"


def print_file() -> tuple[bytes, float]:
    """A 60 × 40 mm item with a 3 mm bleed, as press draws it."""
    recording = cairo.RecordingSurface(cairo.CONTENT_COLOR_ALPHA, (-3, -3, 66, 46))
    context = cairo.Context(recording)
    context.set_source_rgb(0.29, 0.16, 0.52)
    context.rectangle(-3, -3, 66, 46)
    context.fill()
    context.set_source_rgb(1, 0.76, 0.03)
    context.rectangle(10, 10, 20, 20)
    context.fill()
    return press.print_pdf(Drawing(recording, 60, 40, MM_PER_INCH), bleed=3, marks=MARKS, font="Noto Sans",
                           label="test · item")


def finished(tmp_path, name: str, **options) -> tuple[bytes, object]:
    drawn, margin = print_file()
    data = press.finish_pdf(drawn, title=TITLE, trim=press.trim_box(60, 40, margin), **options)
    path = tmp_path / name
    path.write_bytes(data)
    return data, path


def page_pixels(path, dpi: int) -> Image.Image:
    run_tool("pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(path), str(path.with_suffix("")))
    return Image.open(path.with_suffix(".png")).convert("RGB")


def test_cairo_is_asked_for_pdf_1_4_with_a_classic_cross_reference_table():
    drawn, _ = print_file()
    assert drawn.startswith(b"%PDF-1.4")
    assert pdf.read_pdf(drawn).page()


@pytest.mark.parametrize("crop", [False, True], ids=["print", "trim"])
def test_edited_files_are_sound_and_carry_the_title_without_a_date(tmp_path, crop):
    _, path = finished(tmp_path, "item.pdf", crop=crop, bleed=None)
    with pikepdf.open(path) as document:
        assert document.check_pdf_syntax() == []  # qpdf reads every object and stream
        assert str(document.docinfo["/Title"]) == TITLE
        assert "/CreationDate" not in document.docinfo and "/ModDate" not in document.docinfo
        assert document.trailer.ID[0] == document.trailer.ID[1]
    info = run_tool("pdfinfo", str(path))
    assert "Title:           " + TITLE in info
    assert "Syntax Error" not in info


def test_the_trim_file_shows_exactly_the_print_files_trim_area(tmp_path):
    _, print_path = finished(tmp_path, "print.pdf")
    _, trim_path = finished(tmp_path, "trim.pdf", crop=True)
    dpi = 254  # 10 pixels a millimetre
    whole, trimmed = page_pixels(print_path, dpi), page_pixels(trim_path, dpi)
    assert trimmed.size == (600, 400)
    margin = round(press.margin_for(3, MARKS) * 10)
    assert ImageChops.difference(whole.crop((margin, margin, margin + 600, margin + 400)), trimmed).getbbox() is None
    red, green, blue = trimmed.getpixel((200, 200))  # inside the amber square, 10 mm in from the trim
    assert red > 240 and 180 < green < 210 and blue < 30


def test_the_same_input_gives_the_same_bytes(tmp_path):
    first, _ = finished(tmp_path, "first.pdf", crop=True)
    second, _ = finished(tmp_path, "second.pdf", crop=True)
    assert first == second


def test_a_pdf_laid_out_otherwise_is_refused_with_the_reason(tmp_path):
    drawn, _ = print_file()
    with pikepdf.open(io.BytesIO(drawn)) as document:
        streams = io.BytesIO()
        document.save(streams, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    with pytest.raises(pdf.PdfEditError, match="not a classic table"):
        pdf.read_pdf(streams.getvalue())
    with pytest.raises(pdf.PdfEditError, match="startxref"):
        pdf.read_pdf(drawn[:-40])


def test_a_pdf_this_project_cannot_finish_is_a_kit_error_not_a_traceback():
    drawn, margin = print_file()
    with pytest.raises(KitRenderError, match=r"wrote a PDF this project cannot finish \(no startxref at the end\)"):
        press.finish_pdf(drawn[:-40], title=TITLE, trim=press.trim_box(60, 40, margin))


def test_rectangles_are_written_as_re_with_the_same_corners_and_text_is_left_alone():
    content = (b"q 0 0 0 1 k\n140.855 128.633 m 151.098 128.633 l 151.098 130.098 l 140.855 130.098 l\n h\n"
               b"-3 -3 m 213 -3 l 213 300 l -3 300 l h\n2 2 m 5 2 l 5 4 l 2 5 l h f\n"
               b"BT (1 2 m 4 2 l 4 6 l 1 6 l h \\) 1 2 m 4 2 l 4 6 l 1 6 l h) Tj ET Q")
    assert pdf.compact_rectangles(content) == (
        b"q 0 0 0 1 k\n140.855 128.633 10.243 1.465 re\n-3 -3 216 303 re\n"
        b"2 2 m 5 2 l 5 4 l 2 5 l h f\n"  # not a rectangle: left as it is
        b"BT (1 2 m 4 2 l 4 6 l 1 6 l h \\) 1 2 m 4 2 l 4 6 l 1 6 l h) Tj ET Q")


def test_published_files_pack_their_objects_into_streams_and_show_the_same_page(tmp_path):
    """The trim file as published (object and cross-reference streams) against the same objects written
    plainly: qpdf reads both whole, and poppler draws the same pixels."""
    drawn, margin = print_file()
    compact = press.finish_pdf(drawn, title=TITLE, trim=press.trim_box(60, 40, margin), crop=True)
    assert b"/Type /ObjStm" in compact and b"/Type /XRef" in compact and b"\nxref\n" not in compact
    document = pdf.read_pdf(drawn)
    press._finish(document, TITLE, press.trim_box(60, 40, margin), None, crop=True)
    plain = pdf.write_pdf(document)
    assert len(compact) < len(plain) * 0.95
    (tmp_path / "compact.pdf").write_bytes(compact)
    (tmp_path / "plain.pdf").write_bytes(plain)
    with pikepdf.open(tmp_path / "compact.pdf") as opened:
        assert opened.check_pdf_syntax() == [] and opened.pdf_version == "1.5"
        assert str(opened.docinfo["/Title"]) == TITLE
    assert ImageChops.difference(page_pixels(tmp_path / "compact.pdf", 100),
                                 page_pixels(tmp_path / "plain.pdf", 100)).getbbox() is None
