"""Drawing once and replaying: what a recording gives must look like what cairosvg draws itself."""

from __future__ import annotations

import io

import cairocffi as cairo
import pytest
from cairosvg.parser import Tree
from cairosvg.surface import PNGSurface
from PIL import Image, ImageChops

from reporting_centres.kits.draw import encode_png, png, record
from reporting_centres.kits.items import refuse_fetch
from reporting_centres.kits.node_tree import plain_tree
from reporting_centres.kits.svg import check_svg

RUNS = """<svg xmlns="http://www.w3.org/2000/svg" width="320" height="90" viewBox="0 0 320 90" \
text-rendering="geometricPrecision">
<rect width="320" height="90" fill="#ffffff"/>
<g fill="#4B2A85">
<text x="6" y="24" font-family="Noto Sans" font-weight="bold" font-size="19">Hate Crime Reporting Centre</text>
<text x="6.5" y="50" font-family="Noto Sans" font-weight="normal" \
font-size="15.25">Zażółć gęślą jaźń, 10:00–16:00</text>
<text x="6" y="78" font-family="Noto Sans" font-weight="700" font-size="12" \
{extra}>Report it at www.report-it.org.uk</text>
</g>
</svg>"""


def cairosvg_pixels(svg: bytes) -> Image.Image:
    drawn = PNGSurface.convert(bytestring=svg, unsafe=False, url_fetcher=refuse_fetch)
    return Image.open(io.BytesIO(drawn)).convert("RGBA")


def recorded_pixels(svg: bytes) -> Image.Image:
    drawing = record(svg, 320, 90, 0, "px", refuse_fetch)
    return Image.open(io.BytesIO(png(drawing, 96))).convert("RGBA")


def strongly_different(first: Image.Image, second: Image.Image) -> int:
    return sum(ImageChops.difference(first, second).convert("L").histogram()[65:])


def ink(image: Image.Image) -> int:
    return sum(image.convert("L").histogram()[:128])


@pytest.mark.parametrize("extra", ["", 'text-anchor="middle"', 'letter-spacing="1"', 'fill-opacity="0.5"'],
                         ids=["plain runs, one call each", "anchored", "spaced", "translucent"])
def test_text_looks_as_cairosvg_draws_it(extra):
    svg = RUNS.format(extra=extra).encode()
    theirs, ours = cairosvg_pixels(svg), recorded_pixels(svg)
    assert theirs.size == ours.size == (320, 90)
    assert ink(ours) > 1000, "the text was drawn"
    assert ink(ours) == pytest.approx(ink(theirs), rel=0.02)
    assert strongly_different(theirs, ours) < 30  # the same glyphs at the same places, give or take antialiasing


def test_a_bold_run_is_drawn_bold():
    regular = RUNS.format(extra="").replace('font-weight="700"', 'font-weight="normal"').encode()
    bold = RUNS.format(extra="").encode()
    assert ink(recorded_pixels(bold)) > ink(recorded_pixels(regular)) + 100


def test_the_recording_keeps_the_bleed_outside_the_page():
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="20mm" height="10mm" viewBox="0 0 20 10">'
           b'<rect x="-3" y="-3" width="26" height="16" fill="#ff0000"/></svg>')
    drawing = record(svg, 20, 10, 3, "mm", refuse_fetch)
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, 26, 16)
    context = cairo.Context(surface)
    context.translate(3, 3)
    context.set_source_surface(drawing.recording)
    context.paint()
    surface.flush()
    pixels = Image.frombuffer("RGBA", (26, 16), bytes(surface.get_data()), "raw", "BGRa", surface.get_stride(), 1)
    assert pixels.getpixel((1, 1)) == (255, 0, 0, 255), "the bleed, outside the SVG's own page, was drawn"


@pytest.mark.parametrize("alpha", [True, False], ids=["with alpha", "on paper"])
def test_png_encoding_keeps_every_pixel(alpha):
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, 37, 23)
    context = cairo.Context(surface)
    if not alpha:
        context.set_source_rgb(1, 1, 1)
        context.paint()
    context.set_source_rgba(0.29, 0.16, 0.52, 0.6)
    context.arc(18, 11, 9, 0, 6.3)
    context.fill()
    surface.flush()
    reference = io.BytesIO()
    surface.write_to_png(reference)
    ours = Image.open(io.BytesIO(encode_png(surface, alpha=alpha)))
    ours.load()
    assert ours.mode == ("RGBA" if alpha else "RGB")
    expected = Image.open(reference).convert(ours.mode)
    difference = ImageChops.difference(ours, expected).getextrema()
    assert max(high for _, high in difference) <= 1  # cairo and Pillow round un-premultiplied values apart


@pytest.mark.parametrize("data", [
    "M2 3h5v1h-5zM9 3h2v4h-2z",  # a QR code's runs, laid out in one go
    "M2.5,3.25 h5.5 v1.5 h-4Z M 9 40h-3v-4h7z",  # boxes with decimals, commas, spaces, going left and up
    "m10 10 20 0 0 15-20 0z m30 0 l 5 5 h -5 V 12 Z",  # relative moves with implicit lines, H, V, Z
    "M4,30 L 12.5,22 24 34.25 30 30 Z",  # commas, decimals and implicit absolute lines
])
def test_paths_parsed_once_look_as_cairosvg_draws_them(data):
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48">'
           f'<rect width="48" height="48" fill="#ffffff"/><path fill="#000000" d="{data}"/></svg>').encode()
    theirs = cairosvg_pixels(svg)
    ours = Image.open(io.BytesIO(png(record(svg, 48, 48, 0, "px", refuse_fetch), 96))).convert("RGBA")
    assert ink(ours) >= 13
    assert ours.tobytes() == theirs.tobytes()


GROUPS = """<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" viewBox="0 0 120 80" \
text-rendering="geometricPrecision"><title>Groups</title>
<rect width="120" height="80" fill="#ffffff"/>
<g class="logo" transform="translate(60 10) scale(0.5) rotate(10)"{extra}><title>A logo</title>
<circle cx="20" cy="20" r="20" fill="#FFC107"/>
<g fill="#4B2A85" stroke="#1B1B1B" stroke-width="3"{extra}><rect x="5" y="5" width="30" height="20"/></g>
</g>
<g fill="#4B2A85" font-size="20" shape-rendering="crispEdges"{extra}>
<path d="M4 70 L30 40 40 70 Z"/>
<text x="50" y="70" font-family="Noto Sans" font-weight="bold" font-size="14">Centre</text>
</g>
</svg>"""


def test_groups_and_titles_are_drawn_exactly_as_cairosvg_draws_them_step_by_step():
    plain = GROUPS.format(extra="").encode()
    # opacity="1" changes nothing drawn, but leaves each group to cairosvg's every step
    stepwise = GROUPS.format(extra=' opacity="1"').encode()
    ours, theirs = (png(record(svg, 120, 80, 0, "px", refuse_fetch), 96) for svg in (plain, stepwise))
    assert ink(Image.open(io.BytesIO(ours))) > 500
    assert ours == theirs


@pytest.mark.parametrize(("corner", "opaque"), [(1.0, True), (0.99, False), (0.0, False)])
def test_a_png_has_an_alpha_channel_only_if_a_pixel_is_not_opaque(corner, opaque):
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20" viewBox="0 0 30 20">'
           f'<rect width="29" height="20" fill="#4B2A85"/>'
           f'<rect x="29" width="1" height="20" fill="#4B2A85" fill-opacity="{corner}"/></svg>').encode()
    image = Image.open(io.BytesIO(png(record(svg, 30, 20, 0, "px", refuse_fetch), 96)))
    assert image.mode == ("RGB" if opaque else "RGBA")


def cairosvg_tree(svg: bytes):
    return Tree(bytestring=svg, url_fetcher=refuse_fetch, unsafe=False)


def assert_same_nodes(ours, theirs, where="svg") -> None:
    assert (ours.tag, ours.text, list(ours.items())) == (theirs.tag, theirs.text, list(theirs.items())), where
    assert (ours.url, ours.root, ours.unsafe, ours.parent is None) == (
        theirs.url, theirs.root, theirs.unsafe, theirs.parent is None), where
    assert ours.xml_tree.attrib == theirs.xml_tree.attrib, where
    assert len(ours.children) == len(theirs.children), where
    for index, (mine, cairosvgs) in enumerate(zip(ours.children, theirs.children, strict=True)):
        assert_same_nodes(mine, cairosvgs, f"{where}/{mine.tag}[{index}]")


PLAIN = """<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" viewBox="0 0 120 80" \
text-rendering="geometricPrecision" id="page"><title> A  page </title>
<g fill="#4B2A85" opacity="0.5" font-size="9" transform="translate(1 2)">
  <text x="5" y="20" font-family="Noto Sans">\t Two\tspaces  and
 a line\r\n </text>
  <g stroke="#000" clip-path="none" display="inline"><rect width="4" height="4"/><path d="M0 0h3"/></g>
  <text x="5" y="40"></text>
</g>
</svg>"""


def test_a_plain_templates_nodes_are_the_ones_cairosvg_builds(fixture_svgs):
    for name, svg in [("hand-written", PLAIN.encode()), *sorted(fixture_svgs.items())]:
        ours = plain_tree(check_svg(svg, name), refuse_fetch, cairosvg_tree(svg).style)
        assert ours is not None, f"{name} is plain"
        assert_same_nodes(ours, cairosvg_tree(svg), name)


@pytest.mark.parametrize("change", [
    ('<title> A  page </title>', '<style>rect { fill: red }</style>'),
    ('<rect width="4"', '<rect style="fill: red" width="4"'),
    ('<path d="M0 0h3"/>', '<path d="M0 0h3" fill="inherit"/>'),
    ('>\t Two', '><tspan>x</tspan>\t Two'),
    ('<text x="5" y="40">', '<text x="5" y="40" xml:space="preserve">'),
    ('<rect width="4"', '<use href="#page"/><rect width="4"'),
])
def test_anything_else_is_left_to_cairosvg(change):
    svg = PLAIN.replace(*change).encode()
    assert svg != PLAIN.encode()
    assert plain_tree(check_svg(svg, "changed"), refuse_fetch, cairosvg_tree(PLAIN.encode()).style) is None
