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

import datetime as dt
import io
import re

import cairocffi as cairo

from . import pdf, prepress
from .brand import CropMarks
from .draw import MM_PER_INCH, Drawing, paint_drawing
from .jobs import KitRenderError
from .truetype import without_hinting

POINTS_PER_MM = 72 / MM_PER_INCH
PRODUCER = "reporting-centres brand kit (cairo)"
FONT_FILE = re.compile(rb"/FontFile2\s+(\d+) 0 R")
FORM = re.compile(rb"/Subtype\s*/Form\b")


def margin_for(bleed: float, marks: CropMarks) -> float:
    """Paper around the trim for the bleed, the marks and a line of text saying what the file is."""
    return max(bleed, marks.offset_mm + marks.length_mm) + 2


def print_pdf(drawing: Drawing, *, bleed: float, marks: CropMarks | None, font: str, label: str | None,
              underlay: Drawing | None = None) -> tuple[bytes, float]:
    """The artwork clipped at the bleed on a page ``margin`` mm larger all round, over the ``underlay``
    (the White ink layer), with a line of ``label`` under the trim; and that margin. Without ``marks``
    the margin is the bleed: the page is trim plus bleed. Crop marks are drawn later, by
    ``finish_print``, in registration colour."""
    margin = margin_for(bleed, marks) if marks is not None else bleed
    width, height = drawing.width, drawing.height
    output = io.BytesIO()
    surface = cairo.PDFSurface(output, (width + 2 * margin) * POINTS_PER_MM, (height + 2 * margin) * POINTS_PER_MM)
    surface.restrict_to_version(cairo.PDF_VERSION_1_4)
    context = cairo.Context(surface)
    context.scale(POINTS_PER_MM, POINTS_PER_MM)
    context.translate(margin, margin)
    if underlay is not None:
        paint_drawing(context, underlay, bleed)
    paint_drawing(context, drawing, bleed)
    if label:
        context.set_source_rgb(0, 0, 0)
        context.select_font_face(font)
        context.set_font_size(2)
        x_bearing, _, text_width, *_ = context.text_extents(label)
        context.move_to(width / 2 - text_width / 2 - x_bearing, height + margin - 1.2)
        context.show_text(label)
    surface.finish()
    return _edited(output.getvalue(), _compacted), margin


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


def finish_pdf(data: bytes, *, title: str, trim: tuple, bleed: tuple | None = None, crop: bool = False) -> bytes:
    """Add TrimBox and BleedBox, set the title, drop the creation date: the same input, the same bytes.

    With ``crop``, the page becomes the trim box alone: the trim-size PDF is cut from the print
    PDF's drawing this way, so each printed item is drawn once, not twice.
    """
    return _edited(data, lambda document: _finish(document, title, trim, bleed, crop), compact=True)


def finish_print(data: bytes, *, title: str, trim: tuple, bleed: tuple, marks: CropMarks, margin: float,
                 condition: prepress.PrintCondition, identity: str, date: dt.date, crop_marks: bool = True,
                 die_line_radius: float | None = None, underlay: bool = False) -> bytes:
    """A print file: ``finish_pdf``'s boxes and title, made PDF/X-4 with (if ``crop_marks``) crop marks
    outside the bleed and, with ``die_line_radius``, a CutContour die line along the trim. With
    ``underlay``, the page starts with a White ink layer, which the artwork overprints rather than
    knocks out."""
    left, bottom, right, top = trim
    width, height = (right - left) / POINTS_PER_MM, (top - bottom) / POINTS_PER_MM
    page_height = height + 2 * margin
    lines = tuple((pdf_x, pdf_y, pdf_dx, pdf_dy)
                  for x, y, dx, dy in (crop_mark_lines(width, height, marks) if crop_marks else ())
                  for pdf_x, pdf_y, pdf_dx, pdf_dy in [((margin + x) * POINTS_PER_MM,
                                                         (page_height - margin - y) * POINTS_PER_MM,
                                                         dx * POINTS_PER_MM, -dy * POINTS_PER_MM)])
    press_marks = prepress.PressMarks(lines, marks.stroke_pt, trim if die_line_radius is not None else None,
                                      (die_line_radius or 0) * POINTS_PER_MM, overprint_artwork=underlay)

    def edit(document: pdf.Pdf) -> None:
        _finish(document, title, trim, bleed, crop=False)
        prepress.make_pdfx(document, condition=condition, title=title, identity=identity, date=date,
                           marks=press_marks)

    return _edited(data, edit, compact=True)


def _edited(data: bytes, edit, compact: bool = False) -> bytes:
    """The PDF cairo wrote, with ``edit`` made to its objects; ``compact``, as it is published (object
    and cross-reference streams), else as cairo lays it out, to be edited again."""
    try:
        document = pdf.read_pdf(data)
        edit(document)
        return pdf.write_compact_pdf(document) if compact else pdf.write_pdf(document)
    except pdf.PdfEditError as error:
        raise KitRenderError(f"cairo {cairo.cairo_version_string()} wrote a PDF this project cannot finish "
                             f"({error}); please report it with your cairo version") from None


def _finish(document: pdf.Pdf, title: str, trim: tuple, bleed: tuple | None, crop: bool) -> None:
    number = document.page()
    page = document.objects[number]
    if crop:
        left, bottom, right, top = trim
        trim = bleed = (0, 0, right - left, top - bottom)
        contents = pdf.get_entry(page, b"Contents")
        if contents is None:
            raise pdf.PdfEditError("the page has no contents")
        before = document.add(pdf.stream(b"q %s cm" % pdf.numbers([1, 0, 0, 1, -left, -bottom])))
        after = document.add(pdf.stream(b"Q"))
        page = pdf.set_entry(page, b"Contents", b"[ %d 0 R %s %d 0 R ]" % (before, contents.strip(b"[] "), after))
        page = pdf.set_entry(page, b"MediaBox", pdf.number_array(trim))
    page = pdf.set_entry(page, b"TrimBox", pdf.number_array(trim))
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
    """Every embedded TrueType font (a FontFile2 stream, deflated, as cairo writes them) without its
    hinting; done once for an item, before its two PDFs are cut from the same drawing."""
    for found in {int(number) for body in document.objects.values() for number in FONT_FILE.findall(body)}:
        pdf.edit_deflated_stream(document, found, _unhinted, what="font file")


def _compacted(document: pdf.Pdf) -> None:
    """What every file cut from the drawing shares, made smaller once: fonts without their hinting,
    rectangles (the QR code's modules) as ``re``."""
    _drop_font_hinting(document)
    contents = pdf.get_entry(document.objects[document.page()], b"Contents") or b""
    streams = [int(number) for number in re.findall(rb"(\d+) 0 R", contents)]
    streams += [number for number, body in document.objects.items() if FORM.search(body.split(b"stream", 1)[0])]
    for number in streams:
        pdf.edit_deflated_stream(document, number, pdf.compact_rectangles, what="content stream")
