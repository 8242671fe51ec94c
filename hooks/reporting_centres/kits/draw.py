"""Draw a filled template once with cairosvg, into a cairo recording, and replay it onto each page.

A printed item becomes a print PDF (bleed and crop marks), a trim PDF and, if asked for, PNGs. cairosvg
parses and draws in Python, so drawing the SVG once per output was most of a build's time; a
recording is replayed by cairo itself, in C, at the resolution of each page it lands on.

Shortcuts keep cairosvg's Python out of the way, with the same result (or, for shaped text, the right one):
- text runs placed by ``text.py`` (one line, one font, a given x and baseline) are drawn with one
  ``show_text`` each. cairosvg draws every character separately, twice (once to build a path no
  template strokes, once to fill it); the glyphs and advances are the same, since cairo's toy font
  API applies no kerning. Any other ``<text>`` is left to cairosvg;
- runs ``text.py`` shaped (``data-glyphs``) are drawn with one ``show_text_glyphs``: HarfBuzz's
  glyphs and positions, and its clusters, so the PDF holds their text in an embedded font. cairosvg
  could only draw their letters unjoined, so any other ``<text>`` in a script that needs shaping is
  refused;
- each distinct path is parsed once per process and then appended as cairo's own path data: the
  logo is on every item of every centre;
- a QR code's runs are laid out as cairo path data by numpy in one go, without cairosvg's parser, and
  drawn as a form of their own, in module units (a centre's code is on three items).
"""

from __future__ import annotations

import copy
import functools
import io
import re
import struct
import sys
import zlib
from dataclasses import dataclass

import cairocffi as cairo
import numpy as np
from cairocffi import cairo as cairo_c
from cairocffi import ffi
from cairosvg import css as cairosvg_css
from cairosvg import defs as cairosvg_defs
from cairosvg import helpers as cairosvg_helpers
from cairosvg import parser as cairosvg_parser
from cairosvg import shapes as cairosvg_shapes
from cairosvg import surface as cairosvg_surface
from cairosvg import text as cairosvg_text
from cairosvg.helpers import paint, size
from cairosvg.parser import Tree
from defusedxml import ElementTree as DefusedElementTree
from PIL import Image

from .node_tree import plain_tree
from .text import needs_shaping

MM_PER_INCH = 25.4
CSS_PX_PER_INCH = 96
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OPAQUE_ARGB = 0xFF000000  # an ARGB32 pixel at or above this is opaque
SRGB_PERCEPTUAL = b"\x00"  # the PNG sRGB chunk's rendering intent
PATH_MEMORY = 256  # distinct paths kept per process
PATH_PRECISION = 16  # cairo keeps points in 1/256 device units; parse at 16x for 1/4096 of a user unit
MARKERS = ("marker", "marker-start", "marker-mid", "marker-end")
NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
RUN = rf"M\s*({NUMBER})[\s,]*({NUMBER})\s*h\s*({NUMBER})\s*"
RUNS = re.compile(rf"\s*(?:M\s*{NUMBER}[\s,]*{NUMBER}\s*h\s*{NUMBER}\s*)+")  # as qr.py draws a QR code's runs
RUN_FIELDS = re.compile(RUN)
CAIRO_MOVE_TO, CAIRO_LINE_TO, CAIRO_CLOSE_PATH = 0, 1, 3  # cairo_path_data_type_t
PAPER_PNG_DEFLATE_LEVEL = 1  # zlib's quickest: much less time than the default level 6, for slightly larger files
# A screen item drawn for every centre (the email banner): level 3 makes its two PNGs a tenth larger
# than level 6 would, in half the time (about 3 ms a centre).
SCREEN_PNG_DEFLATE_LEVEL = 3
# A screen item every centre shares (the website badge) is drawn once a build: as small as zlib makes it.
SHARED_PNG_DEFLATE_LEVEL = 9

# Elements that never draw anything, nor hold anything drawn: cairosvg would still go through all its
# steps for each (saving and restoring the context, reading every attribute that could apply).
NOT_DRAWN = frozenset(("title", "desc", "metadata"))
# Attributes a <g> may have (or inherit) and still be drawn as a plain group: its transform, and what
# only its children use, each of which applies it again (fill, stroke and font settings, rendering
# hints). Anything else (opacity, clips, masks, filters, line caps and dashes, display ...) leaves the
# group to cairosvg.
PLAIN_GROUP_ATTRIBUTES = frozenset((
    "class", "id", "transform", "fill", "fill-rule", "fill-opacity", "stroke", "stroke-width", "stroke-opacity",
    "stroke-miterlimit", "font-family", "font-size", "font-weight", "font-style", "text-anchor", "text-rendering",
    "shape-rendering",
))

# Attributes that change how a QR code's runs are drawn, with the values that leave them plain.
PLAIN_RUNS_VALUES = {
    "opacity": ("1",), "stroke-opacity": ("1",), "stroke-dasharray": ("none",), "stroke-linecap": ("butt",),
    "mask": ("",), "filter": ("",), "clip-path": ("",), "clip": ("",), "display": ("inline",),
    "visibility": ("visible",),
}
# Attributes that change how a <text> is drawn, with the values that leave it a plain run.
PLAIN_RUN_VALUES = {
    "transform": (), "dx": (), "dy": (), "rotate": (), "letter-spacing": ("0", "normal"), "word-spacing": (),
    "textLength": (), "font": (), "font-style": ("normal",), "font-variant": ("normal",), "font-stretch": (),
    "text-anchor": ("start",), "dominant-baseline": ("auto",), "alignment-baseline": (), "display-anchor": (),
    "baseline-shift": (), "stroke": ("none",), "opacity": ("1",), "fill-opacity": ("1",), "filter": (),
    "mask": (), "clip-path": (), "clip": (), "display": ("inline",), "visibility": ("visible",),
    "writing-mode": (), "direction": ("ltr",), "text-decoration": ("none",),
}

PLAIN_RUN_NAMES = frozenset(PLAIN_RUN_VALUES)


@dataclass(frozen=True)
class Drawing:
    """An item's artwork, recorded in its own units (mm for print, CSS px for screen), bleed included."""

    recording: cairo.RecordingSurface
    width: float
    height: float
    units_per_inch: float


class PageSizeError(ValueError):
    """A template whose SVG page is not the size brand.yml gives its item."""


class UnshapedTextError(ValueError):
    """Text in a script that needs shaping, written straight into a template: cairo would draw its letters
    one by one, unjoined."""


def record(svg: bytes, width: float, height: float, bleed: float, unit: str, fetcher, parsed=None) -> Drawing:
    """Draw ``svg`` once. The recording keeps what lies in the bleed, outside the SVG's own page.
    ``parsed``: the SVG as defusedxml already parsed it (``svg.check_svg``), for cairosvg to draw
    without parsing it again."""
    units_per_inch = MM_PER_INCH if unit == "mm" else CSS_PX_PER_INCH
    tree = plain_tree(parsed, fetcher, (_NoRules, _NoRules)) if parsed is not None else None
    if tree is None:
        _ParsedOnce.last = (svg, parsed) if parsed is not None else None
        try:
            tree = Tree(bytestring=svg, url_fetcher=fetcher, unsafe=False)
        finally:
            _ParsedOnce.last = None
    tree["overflow"] = "visible"  # cairosvg clips at the page edge; the bleed runs past it
    surface = _RecordingSurface(tree, (width, height, bleed, unit), units_per_inch)
    return Drawing(surface.cairo, width, height, units_per_inch)


class _ParsedOnce:
    """What cairosvg parses SVG with (defusedxml's ``fromstring``, entities and external references
    refused), but handing back the tree ``record`` was given for the very same bytes, parsed the same
    way: each filled template is parsed once, where it is checked."""

    last: tuple[bytes, object] | None = None

    @staticmethod
    def fromstring(text, **options):
        if _ParsedOnce.last is not None and _ParsedOnce.last[0] is text:
            return _ParsedOnce.last[1]
        return DefusedElementTree.fromstring(text, **options)


cairosvg_parser.ElementTree = _ParsedOnce  # the module's one use of defusedxml


class _RecordingSurface(cairosvg_surface.Surface):
    """cairosvg drawing into a cairo recording, one device unit per SVG user unit."""

    device_units_per_user_units = 1

    def __init__(self, tree, page, units_per_inch):
        self.page = page
        super().__init__(tree, None, units_per_inch)  # at this "dpi", 1 mm (or 1 px) is one unit
        del self.context._check_status  # noqa: SLF001 - checked as usual again, and now, once
        self.context._check_status()  # noqa: SLF001 - raises what cairo refused, if anything

    def set_context_size(self, width, height, viewbox, tree):
        """cairosvg sets the page's size, then draws: the context's status is checked once, when the
        drawing is done, not after each of its thousands of calls. A cairo context keeps its first
        error and does nothing more once it has one, so that check sees any error a call made."""
        self.context._check_status = _unchecked  # noqa: SLF001 - this one context only
        super().set_context_size(width, height, viewbox, tree)

    def _create_surface(self, width, height):
        """The page as cairosvg read it from the SVG must be the item's: pages are replayed at the
        item's size, so any other would come out cropped or scaled, with no error."""
        expected_width, expected_height, bleed, unit = self.page
        if (abs(width - expected_width) > 1e-3 * expected_width
                or abs(height - expected_height) > 1e-3 * expected_height):
            raise PageSizeError(f"the template's page is {width:g} × {height:g} {unit}, but brand.yml makes this "
                                f"item {expected_width:g} × {expected_height:g} {unit}; "
                                "give the <svg> that width and height")
        extents = (-bleed, -bleed, expected_width + 2 * bleed, expected_height + 2 * bleed)
        return cairo.RecordingSurface(cairo.CONTENT_COLOR_ALPHA, extents), width, height

    def finish(self):
        """Nothing to write: the recording is replayed by ``png`` and ``press.print_files``."""

    def draw(self, node):
        if node.tag in NOT_DRAWN:
            return
        if node.tag == "g" and node.keys() <= PLAIN_GROUP_ATTRIBUTES:
            _draw_group(self, node)
            return
        if node.tag == "text" and node.get("data-glyphs") is not None:
            _show_glyphs(self, node)
            return
        if node.tag == "text":
            _refuse_unshaped(node)
        if node.tag == "text" and _plain_run(node):
            _show_run(self, node)
        else:
            super().draw(node)


def _draw_group(surface, node) -> None:
    """A ``<g>`` with nothing on it that draws (``PLAIN_GROUP_ATTRIBUTES``): its transform, around its
    children. cairosvg would also set the line, shape and font settings its attributes give, but each
    child sets them again itself, and a group paints nothing of its own; so the drawing is the same."""
    old_parent, old_font_size = surface.parent_node, surface.font_size
    old_context_size = surface.context_width, surface.context_height
    surface.parent_node = node
    surface.font_size = size(surface, node.get("font-size", "12pt"))
    surface.context.save()
    cairosvg_surface.transform(surface, node.get("transform"), transform_origin=node.get("transform-origin"))
    for child in node.children:
        surface.draw(child)
    surface.context.restore()
    surface.parent_node, surface.font_size = old_parent, old_font_size
    surface.context_width, surface.context_height = old_context_size


def _unchecked() -> None:
    """A context's status check, left until the drawing is done (``_RecordingSurface``)."""


# Templates set text-rendering="geometricPrecision" so that cairo uses unhinted advances, the ones
# text.py measures. cairosvg also maps it to ANTIALIAS_BEST, which cairo 1.16's image backend draws
# with holes in the glyphs; grey antialiasing keeps the same metrics and draws PNGs cleanly.
cairosvg_surface.TEXT_ANTIALIAS["geometricPrecision"] = cairo.ANTIALIAS_GRAY


class _CursorCopy:
    """cairosvg deep-copies its text cursor (two [x, y] lists and a number) for every element it draws,
    with ``copy.deepcopy``, a sixth of its own time here: copying the lists does the same."""

    @staticmethod
    def deepcopy(cursor: tuple) -> tuple:
        return tuple(list(part) if isinstance(part, list) else part for part in cursor)


cairosvg_surface.copy = _CursorCopy  # the module's one use of copy
# Pure functions cairosvg calls for every element with the same few values: remembered.
_cached_normalize = functools.lru_cache(maxsize=4096)(cairosvg_helpers.normalize)
for _module in (cairosvg_helpers, cairosvg_surface, cairosvg_shapes, cairosvg_text):
    _module.normalize = _cached_normalize
cairosvg_surface.parse_url = functools.lru_cache(maxsize=256)(cairosvg_surface.parse_url)
cairosvg_surface.color = functools.lru_cache(maxsize=256, typed=True)(cairosvg_surface.color)


def _parse_all_defs(surface, node) -> None:
    """cairosvg's walk of the tree for definitions (gradients, markers, paths ...) to refer to, which
    it tries every element for: only an element with an id can be one."""
    pending = [node]
    while pending:
        current = pending.pop()
        if "id" in current:
            cairosvg_defs.parse_def(surface, current)
        pending.extend(reversed(current.children))


cairosvg_surface.parse_all_defs = _parse_all_defs


class _NoRules:
    """The style rules of an SVG without a stylesheet: none. cairosvg would still match every element
    against two empty cssselect2 matchers, a tenth of its time here."""

    @staticmethod
    def match(element) -> tuple:
        return ()


def _parse_stylesheets(tree, url):
    if next(cairosvg_css.find_stylesheets(tree), None) is None:
        return _NoRules, _NoRules
    return _cairosvg_parse_stylesheets(tree, url)


_cairosvg_parse_stylesheets = cairosvg_css.parse_stylesheets
cairosvg_css.parse_stylesheets = _parse_stylesheets

_cairosvg_path = cairosvg_surface.TAGS["path"]
_parsed_paths: dict[str, object] = {}  # path data -> a cairo_path_t *
_runs_forms: dict[tuple, cairo.RecordingSurface] = {}
_font_options: dict[str | None, cairo.FontOptions] = {}  # by text-rendering


def _path(surface, node) -> None:
    """cairosvg's ``<path>``; while recording, a QR code's runs are drawn as a form of their own, and
    any other distinct path is parsed once, then appended with one call (cairocffi's ``append_path``
    would rebuild it point by point in Python)."""
    if not isinstance(surface, _RecordingSurface) or any(name in node for name in MARKERS):
        _cairosvg_path(surface, node)
        return
    data = node.get("d", "")
    if _plain_runs(node, data):
        _paint_runs(surface, node, data)
        return
    parsed = _parsed_paths.get(data)
    if parsed is None:
        if len(_parsed_paths) >= PATH_MEMORY:
            _parsed_paths.clear()
        parsed = _parsed_paths[data] = _parse_path(surface, node, data)
    cairo_c.cairo_append_path(surface.context._pointer, parsed)  # noqa: SLF001 - cairocffi's handle for C calls


cairosvg_surface.TAGS["path"] = _path


def _plain_runs(node, data: str) -> bool:
    """A QR code's runs (``M x y h length``, as qr.py writes them) stroked in one plain colour, and
    nothing else that changes how they are drawn."""
    if node.get("fill") != "none" or not _runs_shaped(data):
        return False
    source, colour = paint(node.get("stroke"))
    if source or not colour or colour == "none":
        return False
    return all(node.get(name, plain[0]) in plain for name, plain in PLAIN_RUNS_VALUES.items())


@functools.lru_cache(maxsize=64)  # a centre's code is on three items
def _runs_shaped(data: str) -> bool:
    return RUNS.fullmatch(data) is not None


def _paint_runs(surface, node, data: str) -> None:
    """A QR code's runs as a form of their own, in module units, painted where the path's transform
    puts them: the PDF then holds each run as small whole numbers (``3 4 2 1 re``, once ``press``
    has written cairo's rectangles as such), half of what the same boxes take in millimetres."""
    colour = surface.map_color(paint(node.get("stroke"))[1])
    width = size(surface, node.get("stroke-width", "1"))
    key = (data, colour, width)
    form = _runs_forms.get(key)
    if form is None:
        if len(_runs_forms) >= PATH_MEMORY:
            _runs_forms.clear()
        form = _runs_forms[key] = _runs_form(data, colour, width)
    context = surface.context
    context.new_path()  # cairosvg's draw() left a current point: nothing of the path is stroked after this
    context.save()
    context.set_source_surface(form)
    context.paint()
    context.restore()


def _runs_form(data: str, colour: tuple[float, ...], width: float) -> cairo.RecordingSurface:
    """The runs filled as one shape: each run the box a ``width``-wide stroke along it would paint.
    One fill, so that no seam shows between rows on screen; the boxes are laid out as cairo path data
    by numpy in one go (tracing hundreds of them one cairo call at a time is a noticeable part of a
    kit's drawing)."""
    x, y, length = np.array(RUN_FIELDS.findall(data), dtype=np.float64).T
    top, bottom = y - width / 2, y + width / 2
    corners = np.stack([x, top, x + length, top, x + length, bottom, x, bottom], axis=1)
    # cairo_path_data_t is a 16-byte union: a header {type, length} or a point {x, y}. Each box is a
    # move, three lines and a close, as cairo itself records a rectangle.
    entries = np.zeros((len(x), 9, 2), dtype=np.float64)
    entries[:, 1:8:2] = corners.reshape(-1, 4, 2)
    headers = entries.view(np.int32).reshape(len(x), 9, 4)
    headers[:, 0:8:2, 0] = [CAIRO_MOVE_TO, CAIRO_LINE_TO, CAIRO_LINE_TO, CAIRO_LINE_TO]
    headers[:, 0:8:2, 1] = 2
    headers[:, 8, 0:2] = [CAIRO_CLOSE_PATH, 1]
    path = ffi.new("cairo_path_t *", {"status": 0, "num_data": entries.size // 2,
                                       "data": ffi.cast("cairo_path_data_t *", ffi.from_buffer(entries))})
    form = cairo.RecordingSurface(cairo.CONTENT_COLOR_ALPHA, (0, 0, float((x + length).max()), float(bottom.max())))
    context = cairo.Context(form)
    cairo_c.cairo_append_path(context._pointer, path)  # noqa: SLF001 - cairocffi's handle for C calls
    context.set_source_rgba(*colour)
    context.fill()
    return form


def _parse_path(surface, node, data: str):
    scratch = copy.copy(surface)
    scratch.context = cairo.Context(cairo.RecordingSurface(cairo.CONTENT_ALPHA, None))
    scratch.context.scale(PATH_PRECISION, PATH_PRECISION)
    scratch.context.move_to(0, 0)  # where cairosvg's draw() leaves a path's current point
    _cairosvg_path(scratch, node)
    return ffi.gc(cairo_c.cairo_copy_path(scratch.context._pointer), cairo_c.cairo_path_destroy)  # noqa: SLF001


cairosvg_surface.TAGS["path"] = _path


def _refuse_unshaped(node) -> None:
    """A ``<text>`` that text.py did not set may not hold a script that needs shaping (Arabic, Indic ...)."""
    texts, pending = [], [node]
    while pending:  # the node and its <tspan>s
        current = pending.pop()
        texts.append(current.text or "")
        pending.extend(current.children)
    needing = next((char for text in texts if not text.isascii() for char in text if needs_shaping(char)), None)
    if needing is not None:
        raise UnshapedTextError(f"the template writes {''.join(texts)[:40]!r} as plain SVG text, which cairo draws "
                                f"letter by letter (U+{ord(needing):04X} needs shaping); set it with fit() and draw it "
                                "with the text macro in _macros.svg")


def _plain_run(node) -> bool:
    if node.children or node.get_href() or not node.text:
        return False
    if paint(node.get("fill", "black"))[0]:
        return False  # a gradient or pattern: cairosvg's own way
    for name in PLAIN_RUN_NAMES.intersection(node):  # the few a run has, of the many that could matter
        if node[name] not in PLAIN_RUN_VALUES[name]:
            return False
    return all(_single_number(node.get(axis, "0")) for axis in ("x", "y"))


def _single_number(value: str) -> bool:
    return not any(separator in value.strip() for separator in (" ", ",", "\t", "\n"))


def _show_run(surface, node) -> None:
    """One run of text, drawn as cairosvg would draw it, with one call instead of one per character."""
    if _set_font(surface, node):
        surface.context.show_text(node.text)
        surface.context.restore()


def _show_glyphs(surface, node) -> None:
    """A run text.py shaped: HarfBuzz's glyphs at its positions, with its clusters, so that the PDF holds
    the text the glyphs stand for (cairosvg would draw the letters one by one, unjoined)."""
    if not _set_font(surface, node):
        return
    x, y = size(surface, node.get("x"), "x"), size(surface, node.get("y"), "y")
    glyphs = [(int(glyph), x + float(dx), y + float(dy))
              for glyph, dx, dy in (entry.split(" ") for entry in node["data-glyphs"].split(","))]
    clusters = [(int(length), int(count))
                for length, count in (entry.split(" ") for entry in node["data-clusters"].split(","))]
    surface.context.show_text_glyphs(node.text, glyphs, clusters, 0)
    surface.context.restore()


@functools.lru_cache(maxsize=64)
def _toy_face(family: str, bold: bool) -> cairo.ToyFontFace:
    """The face ``select_font_face`` would choose, made once: cairo keeps one such face a family and
    weight, so the drawing is the same."""
    weight = cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL
    return cairo.ToyFontFace(family, cairo.FONT_SLANT_NORMAL, weight)


def _set_font(surface, node) -> bool:
    """Save the context and set a run's font, size, colour and start, as cairosvg would; False (and
    nothing saved) for a run painted with nothing."""
    _, paint_colour = paint(node.get("fill", "black"))
    if paint_colour == "none":
        return False
    context = surface.context
    context.save()
    weight = node.get("font-weight") or "normal"
    bold = weight == "bold" or (weight.isdigit() and int(weight) >= 550)
    family = (node.get("font-family") or "sans-serif").split(",")[0].strip("\"' ")
    context.set_font_face(_toy_face(family, bold))
    context.set_font_size(size(surface, node.get("font-size", "12pt")))
    rendering = node.get("text-rendering")
    options = _font_options.get(rendering)
    if options is None:  # the same few for every run: made once
        options = _font_options[rendering] = context.get_font_options()
        options.set_antialias(cairosvg_surface.TEXT_ANTIALIAS.get(rendering, cairo.ANTIALIAS_DEFAULT))
        options.set_hint_style(cairosvg_surface.TEXT_HINT_STYLE.get(rendering, cairo.HINT_STYLE_DEFAULT))
        options.set_hint_metrics(cairosvg_surface.TEXT_HINT_METRICS.get(rendering, cairo.HINT_METRICS_DEFAULT))
    context.set_font_options(options)
    context.set_source_rgba(*surface.map_color(paint_colour))
    context.move_to(size(surface, node.get("x"), "x"), size(surface, node.get("y"), "y"))
    return True


def png(drawing: Drawing, dpi: float, scale: float = 1, *, paper: bool = False, shared: bool = False) -> bytes:
    """The trim area at ``dpi`` (times ``scale``), sized as cairosvg sizes a PNG (rounded to whole
    pixels); with ``paper``, on white and without an alpha channel, as it will print, and saying its
    resolution, so that it opens at its printed size; without, an alpha channel only where some pixel
    is not opaque. Every PNG says its colours are sRGB. ``shared``: an item drawn once for every
    centre, deflated as small as zlib can."""
    factor = dpi / drawing.units_per_inch * scale
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, round(drawing.width * factor), round(drawing.height * factor))
    context = cairo.Context(surface)
    if paper:
        context.set_source_rgb(1, 1, 1)
        context.paint()
    context.scale(factor, factor)
    paint_drawing(context, drawing, 0)
    surface.flush()
    return encode_png(surface, alpha=not paper and not _opaque(surface),
                      level=(PAPER_PNG_DEFLATE_LEVEL if paper else SHARED_PNG_DEFLATE_LEVEL if shared
                             else SCREEN_PNG_DEFLATE_LEVEL),
                      dpi=dpi * scale if paper else None)


def _opaque(surface: cairo.ImageSurface) -> bool:
    """Whether every pixel is opaque (the email banner is): its PNG then needs no alpha channel, a
    tenth smaller."""
    if sys.byteorder != "little":
        return False
    height, stride, width = surface.get_height(), surface.get_stride(), surface.get_width()
    if stride == width * 4:  # each pixel one native-endian ARGB word, its alpha the top byte: the least of them
        return bool(np.frombuffer(surface.get_data(), dtype=np.uint32).min() >= OPAQUE_ARGB)  # tells in one pass
    alpha = np.frombuffer(surface.get_data(), dtype=np.uint8).reshape(height, stride)[:, 3:width * 4:4]
    return bool((alpha == 255).all())


def encode_png(surface: cairo.ImageSurface, *, alpha: bool, level: int = PAPER_PNG_DEFLATE_LEVEL,
               dpi: float | None = None) -> bytes:
    """The surface as PNG, unfiltered and deflated at ``level`` (quickly, unless asked otherwise).

    Kit artwork is flat colour and text, which deflates about as well unfiltered as with libpng's
    adaptive filters (cairo's ``write_to_png``), in a fraction of the time. zlib, not a faster
    deflate: ISA-L's, tried here, now and then gave other (valid) bytes for the same pixels, and
    the bytes must depend only on the pixels.
    """
    described = _described(dpi)
    if sys.byteorder != "little":
        output = io.BytesIO()
        surface.write_to_png(output)
        written = output.getvalue()
        header_end = len(PNG_SIGNATURE) + 25  # the IHDR chunk: length, type, 13 bytes, CRC
        return written[:header_end] + b"".join(_chunk(kind, data) for kind, data in described) + written[header_end:]
    width, height, stride = surface.get_width(), surface.get_height(), surface.get_stride()
    channels = 4 if alpha else 3
    scanlines = np.empty((height, 1 + width * channels), dtype=np.uint8)
    scanlines[:, 0] = 0  # each row's filter: none
    if alpha:  # cairo's pixels are premultiplied: Pillow divides the alpha out
        pixels = Image.frombuffer("RGBA", (width, height), surface.get_data(), "raw", "BGRa", stride, 1)
        scanlines[:, 1:] = np.frombuffer(pixels.tobytes(), dtype=np.uint8).reshape(height, -1)
    else:  # native-endian ARGB is B, G, R, X in memory
        argb = np.frombuffer(surface.get_data(), dtype=np.uint8).reshape(height, stride)[:, :width * 4]
        rgb, bgrx = scanlines[:, 1:].reshape(height, width, 3), argb.reshape(height, width, 4)
        for channel in range(3):  # one channel at a time: numpy copies reversed channels slowly
            rgb[:, :, channel] = bgrx[:, :, 2 - channel]
    return _png_file(scanlines, width, height, alpha, described, level)


def rgb_png(pixels: np.ndarray, *, dpi: float, level: int = PAPER_PNG_DEFLATE_LEVEL) -> bytes:
    """An RGB image (height x width x 3 bytes) as PNG, saying its resolution and that it is sRGB."""
    height, width, _ = pixels.shape
    scanlines = np.empty((height, 1 + width * 3), dtype=np.uint8)
    scanlines[:, 0] = 0  # each row's filter: none
    scanlines[:, 1:] = pixels.reshape(height, width * 3)
    return _png_file(scanlines, width, height, False, _described(dpi), level)


def _described(dpi: float | None) -> list[tuple[bytes, bytes]]:
    """The chunks that say what the pixels are: sRGB, and the resolution where one is given."""
    described = [(b"sRGB", SRGB_PERCEPTUAL)]  # screen colours are sRGB; a screen item says no resolution,
    if dpi:  # which some mail programs would scale it by
        per_metre = round(dpi / MM_PER_INCH * 1000)
        described.append((b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))  # 1: pixels per metre
    return described


def _png_file(scanlines: np.ndarray, width: int, height: int, alpha: bool, described: list[tuple[bytes, bytes]],
              level: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    return PNG_SIGNATURE + b"".join(_chunk(kind, data) for kind, data in (
        (b"IHDR", header), *described, (b"IDAT", zlib.compress(scanlines.data, level)), (b"IEND", b"")))


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
