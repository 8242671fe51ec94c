"""Filling the SVG templates: golden files, escaping, nothing fetched, nothing private, safe area.

Golden SVGs (tests/kits/golden/) are the templates filled for the fixture centre
(tests/kits/fixtures/centre.yml). After an intended change to a template, brand.yml, the logo or
the layout code, look at the new output, then regenerate them with:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/kits/test_render.py -k golden

They depend on the installed Noto fonts' metrics, like every kit.
"""

from __future__ import annotations

import io
import os
from xml.etree import ElementTree

import pytest
from defusedxml import EntitiesForbidden
from PIL import Image

from helpers import ROOT
from reporting_centres.kits.brand import load_brand
from reporting_centres.kits.draw import png, record
from reporting_centres.kits.items import KitRenderError, Page, draw_svg, fill_svg, refuse_fetch, render_job
from reporting_centres.kits.svg import check_svg

from .conftest import FIXTURE_SLUG, GOLDEN, centre_data, make_centre, odd_centres, plan, run_tool

BRAND = load_brand(ROOT / "brand")
PRINTED = [name for name, item in BRAND.items.items() if item.printed]
SVG = "{http://www.w3.org/2000/svg}"


def jobs_for(centre, tmp_path):
    return {job.item: job for job in plan([centre], tmp_path).centre(centre.slug).jobs}


@pytest.mark.parametrize("item", sorted(BRAND.items))
def test_golden_svg(tmp_path, item):
    svg = fill_svg(jobs_for(make_centre(), tmp_path)[item])
    golden = GOLDEN / f"{item}.svg"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(svg)
    assert golden.is_file(), f"no golden file; run UPDATE_GOLDEN=1 pytest {__file__}"
    assert svg.decode("utf-8") == golden.read_text(encoding="utf-8")


def test_hostile_names_are_escaped_and_stay_text(tmp_path):
    name = "</text><script>alert(1)</script><image href=\"http://evil.example/x.png\"/> & Sons' \"Hall\" ]]> {{ 7*7 }}"
    centre = make_centre(slug="hostile-centre", name=name)
    for item, job in jobs_for(centre, tmp_path).items():
        svg = fill_svg(job)
        root = check_svg(svg, item)  # well-formed, and refers to nothing outside itself
        tags = {element.tag.removeprefix(SVG) for element in root.iter()}
        assert not tags & {"script", "image", "foreignObject"}, item
        assert b"<script" not in svg and b"<image" not in svg, item
        if "name" in BRAND.items[item].uses:  # the whole name is there, as text, template syntax and all
            texts = "".join(element.text or "" for element in root.iter(f"{SVG}text"))
            assert name.replace(" ", "") in texts.replace(" ", ""), item


@pytest.mark.parametrize("svg", [
    b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="file:///etc/passwd#x"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://evil.example/p.svg#p)"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import "https://evil.example/a.css";</style></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="&#117;rl(https://evil.example/p.svg#p)"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><use x:href="&#104;ttps://e.x/a"/></svg>',
])
def test_filled_svgs_that_refer_outside_themselves_are_refused(svg):
    with pytest.raises(KitRenderError, match="refers to something outside the file"):
        check_svg(svg, "test.svg")


def test_malformed_svg_is_refused_before_rendering():
    with pytest.raises(KitRenderError, match="did not produce well-formed SVG"):
        check_svg(b"<svg xmlns='http://www.w3.org/2000/svg'><text>a & b</text></svg>", "test.svg")


def test_cairosvg_fetches_nothing_even_if_asked():
    image = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
             b'<image href="file:///etc/hostname" width="10" height="10"/></svg>')
    with pytest.raises(KitRenderError, match="may not load anything from outside"):
        draw_svg(image, Page(10, 10, "px", 0, 0, False))
    entity = (b'<!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/hostname">]>'
              b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text y="5">&e;</text></svg>')
    with pytest.raises(EntitiesForbidden):
        draw_svg(entity, Page(10, 10, "px", 0, 0, False))


def test_the_published_certificate_names_no_signatory(fixture_kit):
    """Who signed is private (the register holds it): the site's certificate leaves the line blank."""
    folder = fixture_kit / FIXTURE_SLUG
    private = [centre_data()["last_verified"]["by"]]  # the fixture's role, which would fill the line if it leaked
    for path in sorted(folder.iterdir()):
        if path.suffix in (".svg", ".html"):
            content = path.read_text(encoding="utf-8")
        elif path.suffix == ".pdf":
            content = run_tool("pdftotext", str(path), "-")
        else:
            continue
        for value in private:
            assert value not in content, (path.name, value)
    certificate = run_tool("pdftotext", str(folder / f"{FIXTURE_SLUG}-certificate.pdf"), "-")
    assert "Signed for the centre" in certificate and "Kit Fixture Community Centre" in certificate


def ink_box_mm(svg: bytes, width_mm: float, dpi: int = 100) -> tuple[float, float, float, float]:
    """Render only the text and QR codes, and measure where ink lands, in mm from the trim's top left."""
    root = ElementTree.fromstring(svg)
    keep = {"kit-text", "kit-qr"}

    def prune(element, kept: bool):
        for child in list(element):
            inside = kept or child.get("class") in keep
            if child.tag.removeprefix(SVG) in ("rect", "path", "circle", "line", "polygon", "ellipse") and not inside:
                element.remove(child)
            elif child.get("class") == "kit-logo":
                element.remove(child)
            else:
                prune(child, inside)

    prune(root, False)
    height_mm = float(root.get("viewBox").split()[3])
    # drawn as the kits draw (shaped runs as HarfBuzz placed them), not by cairosvg alone
    drawing = record(ElementTree.tostring(root), width_mm, height_mm, 0, "mm", refuse_fetch)
    image = Image.open(io.BytesIO(png(drawing, dpi)))
    left, top, right, bottom = image.getchannel("A").getbbox()
    scale = width_mm / image.width
    return left * scale, top * scale, right * scale, bottom * scale


def test_every_odd_name_and_the_longest_fields_fit_inside_the_safe_area_on_every_printed_item(odd_svgs):
    safe = BRAND.safe_mm
    for centre in odd_centres():
        for item in PRINTED:
            width, height = BRAND.items[item].size
            svg = odd_svgs[centre.slug, item]
            left, top, right, bottom = ink_box_mm(svg, width)
            where = (centre.slug, item, (round(left, 2), round(top, 2), round(right, 2), round(bottom, 2)))
            assert left >= safe - 0.2 and top >= safe - 0.2, where
            assert right <= width - safe + 0.2 and bottom <= height - safe + 0.2, where


def test_every_odd_name_is_drawn_in_full(odd_svgs):
    """Names are never cut: text runs carry every word, and shaped scripts carry HarfBuzz's glyphs too."""
    for centre in odd_centres():
        root = check_svg(odd_svgs[centre.slug, "certificate"], "certificate")
        texts = "".join(element.text or "" for element in root.iter(f"{SVG}text")).replace(" ", "")
        if centre.name.isascii():
            assert centre.name.replace(" ", "") in texts, centre.slug
            continue
        for word in centre.name.split():
            assert word in texts, (centre.slug, word)
        shaped = any("\u0590" <= char <= "\u0dff" for char in centre.name)  # Hebrew, Arabic, Indic
        glyph_runs = [text for text in root.iter(f"{SVG}text") if text.get("data-glyphs")]
        assert bool(glyph_runs) or not shaped, centre.slug


def test_non_latin_fonts_are_embedded_where_used(odd_kits):
    pdf = odd_kits / "odd-chinese" / "odd-chinese-certificate-print.pdf"
    fonts = run_tool("pdffonts", str(pdf))
    assert "NotoSansCJK" in fonts and "NotoSans-Bold" in fonts
    assert "曼彻斯特华人社区中心" in run_tool("pdftotext", str(pdf), "-")


def test_a_page_of_another_size_than_brand_yml_says_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="80" viewBox="0 0 400 80"/>'
    with pytest.raises(KitRenderError, match=r"the template's page is 400 × 80 px, but brand.yml makes this item "
                                             r"240 × 80 px; give the <svg> that width and height"):
        draw_svg(svg, Page(240, 80, "px", 0, 0, False))


def test_what_cairo_cannot_draw_is_the_templates_problem_not_a_traceback():
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10">'
           b'<g transform="scale(1e300)"><text x="1" y="1">x</text></g></svg>')
    with pytest.raises(KitRenderError, match=r"cairo cannot draw it \(cairo returned CAIRO_STATUS_INVALID_MATRIX"):
        draw_svg(svg, Page(10, 10, "px", 0, 0, False))


def test_arabic_written_straight_into_a_template_is_refused_not_drawn_unjoined():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80">'
           '<text x="10" y="40" font-family="Noto Sans Arabic">مرکز</text></svg>').encode()
    with pytest.raises(KitRenderError, match=r"U\+0645 needs shaping\); set it with fit\(\) and draw it with the "
                                             r"text macro in _macros.svg"):
        draw_svg(svg, Page(240, 80, "px", 0, 0, False))


def test_the_svg_is_the_same_after_a_library_changes_elementtrees_prefixes(tmp_path):
    """ElementTree's namespace prefixes are one registry per process; WeasyPrint (the report's PDF) maps ""
    to no namespace when imported. A build that imports it must still draw the same kits."""
    import xml.etree.ElementTree as ElementTree

    ElementTree.register_namespace("", "")
    try:
        svg = fill_svg(jobs_for(make_centre(), tmp_path)["badge"])
    finally:
        ElementTree.register_namespace("", "http://www.w3.org/2000/svg")
    assert svg.decode("utf-8") == (GOLDEN / "badge.svg").read_text(encoding="utf-8")


def test_a_filled_template_is_parsed_once_where_it_is_checked_and_drawn_from_that(tmp_path, monkeypatch):
    import defusedxml.ElementTree

    job = jobs_for(make_centre(), tmp_path)["poster"]
    render_job(job)  # the logo and the fonts, parsed once a process
    parses = []
    parse = defusedxml.ElementTree.fromstring
    monkeypatch.setattr(defusedxml.ElementTree, "fromstring", lambda *args, **options: parses.append(1) or parse(
        *args, **options))
    assert render_job(job)["print.pdf"].startswith(b"%PDF-1.6") and len(parses) == 1
