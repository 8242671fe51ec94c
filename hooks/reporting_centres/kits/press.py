"""What a printer needs beyond the artwork: bleed, crop marks, PDF page boxes, stable bytes.

The print version of an item is the same artwork on a larger page: the background already runs
``bleed_mm`` past the trim edge, so here the page grows by a margin, the artwork is clipped at
the bleed edge, and crop marks are drawn in the margin, outside the bleed. The PDF then gets a
TrimBox and a BleedBox (cairo writes neither), and loses the CreationDate cairo stamps on every
file, so the same input always gives the same bytes.
"""

from __future__ import annotations

import io
from xml.etree import ElementTree as StdElementTree

import pikepdf
from defusedxml import ElementTree

from .brand import SVG_NAMESPACE, CropMarks

POINTS_PER_MM = 72 / 25.4
PRODUCER = "reporting-centres brand kit (cairo, pikepdf)"
_SVG = f"{{{SVG_NAMESPACE}}}"


def margin_for(bleed: float, marks: CropMarks) -> float:
    """Paper around the trim for the bleed, the marks and a line of text saying what the file is."""
    return max(bleed, marks.offset_mm + marks.length_mm) + 2


def print_svg(svg: bytes, width: float, height: float, bleed: float, marks: CropMarks, font: str,
              label: str) -> tuple[bytes, float]:
    """The artwork on a page with bleed and crop marks, and the margin from page edge to trim."""
    margin = margin_for(bleed, marks)
    root = ElementTree.fromstring(svg)
    artwork = list(root)
    for child in artwork:
        root.remove(child)
    full_width, full_height = width + 2 * margin, height + 2 * margin
    root.set("width", f"{full_width:g}mm")
    root.set("height", f"{full_height:g}mm")
    root.set("viewBox", f"{-margin:g} {-margin:g} {full_width:g} {full_height:g}")
    defs = StdElementTree.SubElement(root, _SVG + "defs")
    clip = StdElementTree.SubElement(defs, _SVG + "clipPath", id="kit-bleed")
    StdElementTree.SubElement(clip, _SVG + "rect", x=f"{-bleed:g}", y=f"{-bleed:g}",
                              width=f"{width + 2 * bleed:g}", height=f"{height + 2 * bleed:g}")
    clipped = StdElementTree.SubElement(root, _SVG + "g", {"clip-path": "url(#kit-bleed)"})
    clipped.extend(artwork)
    lines = StdElementTree.SubElement(root, _SVG + "g", {
        "class": "kit-crop-marks", "stroke": "#000000", "fill": "none",
        "stroke-width": f"{marks.stroke_pt / POINTS_PER_MM:.4f}"})
    for x, y, dx, dy in crop_mark_lines(width, height, marks):
        StdElementTree.SubElement(lines, _SVG + "line", x1=f"{x:g}", y1=f"{y:g}", x2=f"{x + dx:g}", y2=f"{y + dy:g}")
    caption = StdElementTree.SubElement(root, _SVG + "text", {
        "x": f"{width / 2:g}", "y": f"{height + margin - 1.2:g}", "text-anchor": "middle",
        "font-family": font, "font-size": "2", "fill": "#000000"})
    caption.text = label
    return StdElementTree.tostring(root, encoding="utf-8", xml_declaration=True), margin


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
    return tuple(value * POINTS_PER_MM for value in (margin - grow, margin - grow,
                                                     margin + width + grow, margin + height + grow))


def finish_pdf(pdf: bytes, *, title: str, trim: tuple, bleed: tuple | None = None, crop: bool = False) -> bytes:
    """Add TrimBox and BleedBox, set the title, drop the creation date, and save deterministically.

    With ``crop``, the page becomes the trim box alone: the trim-size PDF is cut from the print
    PDF's drawing this way, so each printed item is drawn once, not twice.
    """
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            if crop:
                left, bottom, right, top = trim
                page.contents_add(pikepdf.unparse_content_stream(
                    [([], pikepdf.Operator("q")),
                     ([1, 0, 0, 1, -round(left, 4), -round(bottom, 4)], pikepdf.Operator("cm"))]), prepend=True)
                page.contents_add(pikepdf.unparse_content_stream([([], pikepdf.Operator("Q"))]))
                trim = bleed = (0, 0, right - left, top - bottom)
                page.obj.MediaBox = pikepdf.Array([round(value, 4) for value in trim])
            page.obj.TrimBox = pikepdf.Array([round(value, 4) for value in trim])
            page.obj.BleedBox = pikepdf.Array([round(value, 4) for value in (bleed or trim)])
        info = document.docinfo
        for key in ("/CreationDate", "/ModDate"):
            if key in info:
                del info[key]
        info["/Title"] = title
        info["/Producer"] = PRODUCER
        output = io.BytesIO()
        document.save(output, deterministic_id=True, compress_streams=True)
    return output.getvalue()
