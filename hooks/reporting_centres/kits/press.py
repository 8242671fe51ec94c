"""What a printer needs beyond the artwork: bleed, crop marks, PDF page boxes, stable bytes.

The print versions of an item are the same artwork on a larger page: the background already runs
``bleed_mm`` past the trim edge, so here the page grows by the bleed and the artwork is clipped at
the bleed edge. The print file a shop uploads is that page alone (trim plus bleed); the file with
marks grows by a wider margin, for crop marks and a slug line saying under the trim what the file
is. Both are drawn from the one recorded drawing. The PDF then gets a TrimBox
and a BleedBox (cairo writes neither), and loses the CreationDate cairo stamps on every file, so
the same input always gives the same bytes; its embedded TrueType fonts lose their hinting
(``truetype.py``), a third of the file. The print file is then made PDF/X-4 (``prepress.py``):
CMYK, crop marks in registration colour outside the bleed, spot colours for white ink and die
lines. cairo is asked for PDF 1.4, which every version writes as plain objects that ``pdf.py`` can edit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

import cairocffi as cairo

from . import pdf, prepress
from .brand import CropMarks
from .draw import MM_PER_INCH, Drawing, paint_drawing
from .jobs import KitRenderError
from .truetype import without_hinting

POINTS_PER_MM = 72 / MM_PER_INCH
PRODUCER = "reporting-centres brand kit (cairo)"
FONT_FILE = re.compile(rb"/FontFile2\s+(\d+) 0 R")
CAIRO_DEBUG_PDF = "CAIRO_DEBUG_PDF"


def margin_for(bleed: float, marks: CropMarks) -> float:
    """Paper around the trim for the bleed, the marks and a line of text saying what the file is."""
    return max(bleed, marks.offset_mm + marks.length_mm) + 2


@dataclass(frozen=True)
class PrintSpec:
    """How an item prints, besides its artwork: what its print files say and carry."""

    title: str
    label: str  # the slug line under the trim, in the file with marks
    identity: str  # the item's, for its files' document IDs
    date: dt.date
    condition: prepress.PrintCondition
    bleed: float
    marks: CropMarks
    font: str
    die_line_radius: float | None = None  # a CutContour die line along the trim, with these corners
    trim_pdf: bool = True  # also a trim-size PDF, for screens and office printers


@dataclass(frozen=True)
class _Sheet:
    """One page cairo draws: the artwork at ``margin`` from the page edge, over an underlay or not,
    with the slug line or not."""

    margin: float
    underlay: bool
    label: bool


def print_files(drawing: Drawing, spec: PrintSpec, underlay: Drawing | None = None) -> dict[str, bytes]:
    """An item's files for print, by role: ``print.pdf`` (the page is trim plus bleed), ``print-marks.pdf``
    (a wider page, with crop marks and the slug line) and, if asked for, ``pdf`` (the trim alone, in RGB
    and without the White layer: for screens and office printers).

    cairo draws them as pages of one PDF: the artwork is one form all pages paint and its fonts are
    subset once, so the drawing is written, its fonts lose their hinting and its colours become CMYK
    once for every file; each file is then that PDF with one page kept."""
    margin = margin_for(spec.bleed, spec.marks)
    sheets = [_Sheet(spec.bleed, underlay is not None, False), _Sheet(margin, underlay is not None, True)]
    if spec.trim_pdf and underlay is not None:
        sheets.append(_Sheet(spec.bleed, False, False))
    data = _draw_sheets(drawing, underlay, sheets, spec)
    try:
        document = pdf.read_pdf(data)
        pages = document.pages()
        if len(pages) != len(sheets):
            raise pdf.PdfEditError(f"expected {len(sheets)} pages, found {len(pages)}")
        _compacted(document)
        width, height = drawing.width, drawing.height
        outputs: dict[str, bytes] = {}
        if spec.trim_pdf:
            trim = document.single_page(pages[2] if underlay is not None else pages[0])
            _finish(trim, spec.title, trim_box(width, height, spec.bleed), None, crop=True)
            outputs["pdf"] = pdf.write_compact_pdf(trim)
        prepress.convert_colours(document, spec.condition, pages[:2])
        pdf.deflate_streams(document)  # what the print files share, deflated once
        for role, page, sheet in (("print.pdf", pages[0], sheets[0]), ("print-marks.pdf", pages[1], sheets[1])):
            single = document.single_page(page)
            _finish(single, spec.title, trim_box(width, height, sheet.margin),
                    trim_box(width, height, sheet.margin, spec.bleed), crop=False)
            prepress.make_pdfx(single, condition=spec.condition, title=spec.title,
                               identity=spec.identity + ("/marks" if sheet.label else ""), date=spec.date,
                               marks=_press_marks(width, height, sheet, spec))
            outputs[role] = pdf.write_compact_pdf(single)
        return outputs
    except pdf.PdfEditError as error:
        raise KitRenderError(f"cairo {cairo.cairo_version_string()} wrote a PDF this project cannot finish "
                             f"({error}); please report it with your cairo version") from None


def _draw_sheets(drawing: Drawing, underlay: Drawing | None, sheets: list[_Sheet], spec: PrintSpec) -> bytes:
    """The sheets as pages of one PDF 1.4 file."""
    descriptor, path = tempfile.mkstemp(suffix=".pdf", prefix="kit-", dir=_scratch_folder())
    os.close(descriptor)
    try:
        with _content_left_plain():
            surface = cairo.PDFSurface(path, 1, 1)
        surface.restrict_to_version(cairo.PDF_VERSION_1_4)
        context = cairo.Context(surface)
        width, height = drawing.width, drawing.height
        for sheet in sheets:
            surface.set_size((width + 2 * sheet.margin) * POINTS_PER_MM,
                             (height + 2 * sheet.margin) * POINTS_PER_MM)
            context.save()
            context.scale(POINTS_PER_MM, POINTS_PER_MM)
            context.translate(sheet.margin, sheet.margin)
            if sheet.underlay and underlay is not None:
                paint_drawing(context, underlay, spec.bleed)
            paint_drawing(context, drawing, spec.bleed)
            if sheet.label:
                context.set_source_rgb(0, 0, 0)
                context.select_font_face(spec.font)
                context.set_font_size(2)
                x_bearing, _, text_width, *_ = context.text_extents(spec.label)
                context.move_to(width / 2 - text_width / 2 - x_bearing, height + sheet.margin - 1.2)
                context.show_text(spec.label)
            context.restore()
            context.show_page()
        surface.finish()
        with open(path, "rb") as written:
            return written.read()
    finally:
        os.unlink(path)


@functools.cache
def _scratch_folder() -> str | None:
    """Where cairo writes a PDF for a moment: memory (/dev/shm), where there is such a folder, else
    the system's temporary folder."""
    shared_memory = "/dev/shm"
    return shared_memory if os.path.isdir(shared_memory) and os.access(shared_memory, os.W_OK) else None


@contextlib.contextmanager
def _content_left_plain() -> Iterator[None]:
    """cairo deflates the content it writes unless ``CAIRO_DEBUG_PDF`` is set when a surface is made
    (cairo 1.10 to 1.18). Every stream is read back and edited, and deflated once as each file is
    written, so cairo's deflating would be work thrown away: a quarter of its time here. (A cairo that
    deflates anyway works too, a little slower.) cairo writes to a file, in C: uncompressed, its many
    small writes would each be a call into Python."""
    before = os.environ.get(CAIRO_DEBUG_PDF)
    os.environ[CAIRO_DEBUG_PDF] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ[CAIRO_DEBUG_PDF]
        else:
            os.environ[CAIRO_DEBUG_PDF] = before


def _press_marks(width: float, height: float, sheet: _Sheet, spec: PrintSpec) -> prepress.PressMarks:
    """Crop marks (on the sheet with the slug line) and the die line, in PDF points on the sheet."""
    page_height = height + 2 * sheet.margin
    lines = tuple((pdf_x, pdf_y, pdf_dx, pdf_dy)
                  for x, y, dx, dy in (crop_mark_lines(width, height, spec.marks) if sheet.label else ())
                  for pdf_x, pdf_y, pdf_dx, pdf_dy in [((sheet.margin + x) * POINTS_PER_MM,
                                                         (page_height - sheet.margin - y) * POINTS_PER_MM,
                                                         dx * POINTS_PER_MM, -dy * POINTS_PER_MM)])
    die_line = trim_box(width, height, sheet.margin) if spec.die_line_radius is not None else None
    return prepress.PressMarks(lines, spec.marks.stroke_pt, die_line, (spec.die_line_radius or 0) * POINTS_PER_MM,
                               overprint_artwork=sheet.underlay)


def crop_mark_lines(width: float, height: float, marks: CropMarks):
    """(x, y, dx, dy) for the eight marks: two at each corner, in line with the trim edges."""
    gap, length = marks.offset_mm, marks.length_mm
    for x in (0, width):
        outward = -1 if x == 0 else 1
        for y in (0, height):
            downward = -1 if y == 0 else 1
            yield x + outward * gap, y, outward * length, 0
            yield x, y + downward * gap, 0, downward * length


def trim_box(width: float, height: float, margin: float = 0, grow: float = 0) -> tuple[float, float, float, float]:
    """A page box in PDF points: the trim at ``margin`` from the page edge, grown by ``grow`` mm."""
    left, top = (margin - grow) * POINTS_PER_MM, (margin - grow) * POINTS_PER_MM
    return left, top, (margin + width + grow) * POINTS_PER_MM, (margin + height + grow) * POINTS_PER_MM


def _finish(document: pdf.Pdf, title: str, trim: tuple, bleed: tuple | None, crop: bool) -> None:
    number = document.page()
    if crop:
        left, bottom, right, top = trim
        trim = bleed = (0, 0, right - left, top - bottom)
        document.wrap_contents(number, b"q %s cm" % pdf.numbers([1, 0, 0, 1, -left, -bottom]), b"Q")
        document.objects[number] = pdf.set_entry(document.objects[number], b"MediaBox", pdf.number_array(trim))
    page = pdf.set_entry(document.objects[number], b"TrimBox", pdf.number_array(trim))
    document.objects[number] = pdf.set_entry(page, b"BleedBox", pdf.number_array(bleed or trim))
    information = b"<< /Title %s\n   /Producer %s\n>>" % (pdf.text_string(title), pdf.text_string(PRODUCER))
    if document.info is None:
        document.info = document.add(information)
    else:
        document.objects[document.info] = information


def _unhinted(font: bytes) -> bytes | None:
    """A font program without its hinting, or None where it has none to drop."""
    unhinted = without_hinting(font)
    return None if unhinted == font else unhinted


def _drop_font_hinting(document: pdf.Pdf) -> None:
    """Every embedded TrueType font (a FontFile2 stream) without its hinting, deflated again at once:
    every file cut from the drawing holds it as it is now."""
    fonts = {int(number) for body in document.objects.values() for number in FONT_FILE.findall(body)}
    for found in fonts:
        pdf.edit_stream(document, found, _unhinted, what="font file")
    pdf.deflate_streams(document, fonts)


def _compacted(document: pdf.Pdf) -> None:
    """What every file cut from the drawing shares, made smaller once: fonts without their hinting,
    rectangles (the QR code's modules) as ``re``."""
    _drop_font_hinting(document)
    for number in [*(number for page in document.pages() for number in document.contents(page)), *document.forms()]:
        pdf.edit_stream(document, number, pdf.compact_rectangles, what="content stream")
