"""Draw a filled template once with cairosvg, into a cairo recording, and replay it onto each page.

A printed item becomes a print PDF (bleed and crop marks), a trim PDF and a PNG preview. cairosvg
parses and draws in Python, so drawing the SVG once per output was most of a build's time; a
recording is replayed by cairo itself, in C, at the resolution of each page it lands on.

Text runs placed by ``text.py`` (one line, one font, a given x and baseline) are drawn with one
``show_text`` each. cairosvg draws every character separately, twice (once to build a path no
template strokes, once to fill it); the glyphs and their advances are the same either way, since
cairo's toy font API applies no kerning. Any other ``<text>`` is left to cairosvg.
"""

from __future__ import annotations

import io
import struct
import sys
import zlib
from dataclasses import dataclass

import cairocffi as cairo
from cairosvg import surface as cairosvg_surface
from cairosvg.helpers import paint, size
from cairosvg.parser import Tree
from PIL import Image

MM_PER_INCH = 25.4
CSS_PX_PER_INCH = 96
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_DEFLATE_LEVEL = 1  # smaller than libpng's default output already, and twice as quick as level 6

# Attributes that change how a <text> is drawn, with the values that leave it a plain run.
PLAIN_RUN_VALUES = {
    "transform": (), "dx": (), "dy": (), "rotate": (), "letter-spacing": ("0", "normal"), "word-spacing": (),
    "textLength": (), "font": (), "font-style": ("normal",), "font-variant": ("normal",), "font-stretch": (),
    "text-anchor": ("start",), "dominant-baseline": ("auto",), "alignment-baseline": (), "display-anchor": (),
    "baseline-shift": (), "stroke": ("none",), "opacity": ("1",), "fill-opacity": ("1",), "filter": (),
    "mask": (), "clip-path": (), "clip": (), "display": ("inline",), "visibility": ("visible",),
    "writing-mode": (), "direction": ("ltr",), "text-decoration": ("none",),
}


@dataclass(frozen=True)
class Drawing:
    """An item's artwork, recorded in its own units (mm for print, CSS px for screen), bleed included."""

    recording: cairo.RecordingSurface
    width: float
    height: float
    units_per_inch: float


def record(svg: bytes, width: float, height: float, bleed: float, unit: str, fetcher) -> Drawing:
    """Draw ``svg`` once. The recording keeps what lies in the bleed, outside the SVG's own page."""
    units_per_inch = MM_PER_INCH if unit == "mm" else CSS_PX_PER_INCH
    tree = Tree(bytestring=svg, url_fetcher=fetcher, unsafe=False)
    tree["overflow"] = "visible"  # cairosvg clips at the page edge; the bleed runs past it
    extents = (-bleed, -bleed, width + 2 * bleed, height + 2 * bleed)
    surface = _RecordingSurface(tree, extents, units_per_inch)
    return Drawing(surface.cairo, width, height, units_per_inch)


class _RecordingSurface(cairosvg_surface.Surface):
    """cairosvg drawing into a cairo recording, one device unit per SVG user unit."""

    device_units_per_user_units = 1

    def __init__(self, tree, extents, units_per_inch):
        self.extents = extents
        super().__init__(tree, None, units_per_inch)  # at this "dpi", 1 mm (or 1 px) is one unit

    def _create_surface(self, width, height):
        return cairo.RecordingSurface(cairo.CONTENT_COLOR_ALPHA, self.extents), width, height

    def finish(self):
        """Nothing to write: the recording is replayed by ``png`` and ``press.print_pdf``."""

    def draw(self, node):
        if node.tag == "text" and _plain_run(node):
            _show_run(self, node)
        else:
            super().draw(node)


def _plain_run(node) -> bool:
    if node.children or node.get_href() or not node.text:
        return False
    if paint(node.get("fill", "black"))[0]:
        return False  # a gradient or pattern: cairosvg's own way
    for name, plain in PLAIN_RUN_VALUES.items():
        if name in node and node[name] not in plain:
            return False
    return all(_single_number(node.get(axis, "0")) for axis in ("x", "y"))


def _single_number(value: str) -> bool:
    return not any(separator in value.strip() for separator in (" ", ",", "\t", "\n"))


def _show_run(surface, node) -> None:
    """One run of text, drawn as cairosvg would draw it, with one call instead of one per character."""
    _, paint_colour = paint(node.get("fill", "black"))
    if paint_colour == "none":
        return
    context = surface.context
    context.save()
    weight = node.get("font-weight") or "normal"
    bold = weight == "bold" or (weight.isdigit() and int(weight) >= 550)
    family = (node.get("font-family") or "sans-serif").split(",")[0].strip("\"' ")
    context.select_font_face(family, cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
    context.set_font_size(size(surface, node.get("font-size", "12pt")))
    rendering = node.get("text-rendering")
    options = context.get_font_options()
    options.set_antialias(cairosvg_surface.TEXT_ANTIALIAS.get(rendering, cairo.ANTIALIAS_DEFAULT))
    options.set_hint_style(cairosvg_surface.TEXT_HINT_STYLE.get(rendering, cairo.HINT_STYLE_DEFAULT))
    options.set_hint_metrics(cairosvg_surface.TEXT_HINT_METRICS.get(rendering, cairo.HINT_METRICS_DEFAULT))
    context.set_font_options(options)
    context.set_source_rgba(*surface.map_color(paint_colour))
    context.move_to(size(surface, node.get("x"), "x"), size(surface, node.get("y"), "y"))
    context.show_text(node.text)
    context.restore()


def png(drawing: Drawing, dpi: float, scale: float = 1, *, paper: bool = False) -> bytes:
    """The trim area at ``dpi`` (times ``scale``), sized as cairosvg sizes a PNG (rounded to whole
    pixels); with ``paper``, on white and without an alpha channel, as it will print."""
    factor = dpi / drawing.units_per_inch * scale
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, round(drawing.width * factor), round(drawing.height * factor))
    context = cairo.Context(surface)
    if paper:
        context.set_source_rgb(1, 1, 1)
        context.paint()
    context.scale(factor, factor)
    paint_drawing(context, drawing, 0)
    surface.flush()
    return encode_png(surface, alpha=not paper)


def encode_png(surface: cairo.ImageSurface, *, alpha: bool) -> bytes:
    """The surface as PNG, unfiltered and quickly deflated.

    Kit artwork is flat colour and text, which deflates better unfiltered than with libpng's
    adaptive filters (cairo's ``write_to_png``), in a third of the time: that was most of a
    build's PNG cost. The bytes depend only on the pixels.
    """
    if sys.byteorder != "little":
        output = io.BytesIO()
        surface.write_to_png(output)
        return output.getvalue()
    width, height = surface.get_width(), surface.get_height()
    mode, raw_mode = ("RGBA", "BGRa") if alpha else ("RGB", "BGRX")  # cairo: premultiplied, native-endian ARGB
    pixels = Image.frombuffer(mode, (width, height), bytes(surface.get_data()), "raw", raw_mode,
                              surface.get_stride(), 1).tobytes()
    row = width * len(mode)
    scanlines = b"".join(b"\0" + pixels[start:start + row] for start in range(0, len(pixels), row))
    header = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    return PNG_SIGNATURE + b"".join(_chunk(kind, data) for kind, data in (
        (b"IHDR", header), (b"IDAT", zlib.compress(scanlines, PNG_DEFLATE_LEVEL)), (b"IEND", b"")))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def paint_drawing(context, drawing: Drawing, bleed: float) -> None:
    """The drawing, clipped ``bleed`` units outside its trim, in the context's current units."""
    context.save()
    context.rectangle(-bleed, -bleed, drawing.width + 2 * bleed, drawing.height + 2 * bleed)
    context.clip()
    context.set_source_surface(drawing.recording)
    context.paint()
    context.restore()
