"""Fill a brand template for one centre and convert it with cairosvg.

Safety first, because centre names come from pull requests and web forms:
- templates are rendered with autoescape on (Jinja2 does not escape ``.svg`` by default);
- the filled SVG is parsed as XML (with defusedxml) before anything draws it, and must refer to
  nothing outside itself;
- cairosvg runs with ``unsafe=False`` and a URL fetcher that refuses every request, so no file or
  network address is ever read while rendering.
Everything here runs in worker processes too, so jobs carry plain data only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import cairocffi
from markupsafe import Markup

from . import prepress, press
from .brand import Brand, Item, load_brand
from .draw import CSS_PX_PER_INCH, MM_PER_INCH, Drawing, PageSizeError, UnshapedTextError, png, record
from .fonts import FontFile
from .jobs import KitJob, KitRenderError, template_environment
from .qr import QrError, qr_code
from .svg import check_svg, logo_parts, underlay_svg
from .text import LayoutError, Typesetter

MM_PER_PX = MM_PER_INCH / CSS_PX_PER_INCH


@dataclass(frozen=True)
class Page:
    """The item's trim size in its own units (mm for print, px for screen) and its safe area."""

    width: float
    height: float
    unit: str
    safe: float
    bleed: float
    mirrored: bool


def refuse_fetch(url: str, resource_type: str | None = None):
    """cairosvg's url_fetcher: kits are self-contained, so every request is refused."""
    raise KitRenderError(f"kit templates may not load anything from outside ({url})")


@cache
def brand_at(brand_dir: str) -> Brand:
    return load_brand(Path(brand_dir))


@cache
def logo_at(brand_dir: str) -> dict:
    view_box, body = logo_parts(Path(brand_dir), brand_at(brand_dir))
    x, y, width, height = (float(value) for value in view_box.replace(",", " ").split())
    return {"x": x, "y": y, "width": width, "height": height, "body": Markup(body)}


@cache
def print_condition(brand_dir: str) -> prepress.PrintCondition:
    brand = brand_at(brand_dir)
    profile = (Path(brand_dir) / brand.print_profile.file).read_bytes()
    return prepress.PrintCondition(brand.cmyk_by_colour(), profile, brand.print_profile.condition,
                                   brand.print_profile.description)


@cache
def typesetter(fonts: tuple[FontFile, ...], line_height: float) -> Typesetter:
    return Typesetter(fonts, line_height)


def page_for(brand: Brand, item: Item) -> Page:
    if item.printed:
        return Page(*item.size, "mm", brand.safe_mm, brand.bleed_mm, item.mirrored)
    return Page(*item.size, "px", 0.0, 0.0, item.mirrored)


def fill_svg(job: KitJob) -> bytes:
    """The item's template filled for the centre: escaped, well-formed and self-contained."""
    return _filled(job)[0]


def _filled(job: KitJob) -> tuple[bytes, ElementTree.Element]:
    """``fill_svg``'s SVG and the tree it was checked as, which cairosvg then draws without parsing it again."""
    brand = brand_at(job.brand_dir)
    item = brand.items[job.item]
    page = page_for(brand, item)
    setter = typesetter(job.fonts, brand.line_height)

    def fit(text, x, y, width, height, size, **options):
        _inside(page, x, y, width, height, f"text {str(text)[:40]!r}")
        return setter.fit(text, x=x, y=y, width=width, height=height, size=size, **options)

    def qr(url, x, y, size):
        _inside(page, x, y, size, size, "the QR code")
        if item.qr_min_code_mm and size < item.qr_min_code_mm - 1e-9:
            raise LayoutError(f"the template draws the QR code {size:g} {page.unit} wide, under this item's "
                              f"qr_min_code_mm of {item.qr_min_code_mm:g}; give it more room")
        minimum = brand.qr.min_symbol_mm if item.printed else brand.qr.min_symbol_mm / MM_PER_PX
        return qr_code(url, x, y, size, quiet_zone=brand.qr.quiet_zone_modules, min_symbol=minimum,
                       error=brand.qr.error_correction)

    template = template_environment(job.brand_dir).get_template(item.template)
    try:
        text = template.render(page=page, brand=brand, colours=brand.colours, item=item, centre=job.fields,
                               region=job.region, logo=logo_at(job.brand_dir), fit=fit, qr=qr)
    except (LayoutError, QrError) as error:
        raise KitRenderError(f"{item.title}: {error}") from None
    svg = text.encode("utf-8")
    return svg, check_svg(svg, item.template)


def _inside(page: Page, x: float, y: float, width: float, height: float, what: str) -> None:
    """Templates must keep text and codes inside the safe area; a template bug, caught at once."""
    low, high_x, high_y = page.safe - 1e-6, page.width - page.safe + 1e-6, page.height - page.safe + 1e-6
    if x < low or y < low or x + width > high_x or y + height > high_y:
        raise LayoutError(f"the template puts {what} at x={x:g} y={y:g} size {width:g}×{height:g}, outside "
                          f"the {page.safe:g} {page.unit} safe area of the {page.width:g}×{page.height:g} page")


def draw_svg(svg: bytes, page: Page, parsed: ElementTree.Element | None = None) -> Drawing:
    """cairosvg, never fetching anything; what cairo refuses to draw becomes the centre's problem, not a traceback.
    ``parsed``: the tree ``check_svg`` made of these very bytes."""
    try:
        return record(svg, page.width, page.height, page.bleed, page.unit, refuse_fetch, parsed)
    except (PageSizeError, UnshapedTextError) as error:
        raise KitRenderError(str(error)) from None
    except (cairocffi.CairoError, MemoryError) as error:
        raise KitRenderError(f"cairo cannot draw it ({error}); check the template's page size and drawing") from None


def render_job(job: KitJob) -> dict[str, bytes]:
    """Every output of one item for one centre, by role: a printed item's pdf, print.pdf, print-marks.pdf
    (and PNGs, if asked for); a screen item's svg, png and 2x.png."""
    brand = brand_at(job.brand_dir)
    item = brand.items[job.item]
    svg, parsed = _filled(job)
    try:
        return _outputs(job, brand, item, svg, parsed)
    except KitRenderError as error:
        raise KitRenderError(f"{item.title}: {error}") from None


def _outputs(job: KitJob, brand: Brand, item: Item, svg: bytes, parsed: ElementTree.Element) -> dict[str, bytes]:
    page = page_for(brand, item)
    drawing = draw_svg(svg, page, parsed)
    if not item.printed:
        shared = not item.uses  # the same for every centre, so drawn once a build
        return {"svg": svg, "png": png(drawing, CSS_PX_PER_INCH, shared=shared),
                "2x.png": png(drawing, CSS_PX_PER_INCH, scale=2, shared=shared)}
    title = f"{item.title}: {job.fields['name']}"
    width, height = item.size
    spec = item.press
    assert spec is not None, "brand.py requires press: for every printed item"
    label = " · ".join([job.slug, job.item, f"trim {width:g} × {height:g} mm", f"bleed {brand.bleed_mm:g} mm",
                        f"PDF/X-4 {brand.print_profile.condition}", *([spec.notes] if spec.notes else [])])

    underlay = None
    if spec.white_underlay:  # parsed here, as the artwork was, so that it is drawn the same quick way
        white = underlay_svg(svg)
        underlay = draw_svg(white, page, check_svg(white, item.template))
    outputs = press.print_files(drawing, press.PrintSpec(
        title=title, label=label, identity=f"{job.slug}/{job.item}", date=dt.date.fromisoformat(job.print_date),
        condition=print_condition(job.brand_dir), bleed=brand.bleed_mm, marks=brand.crop_marks,
        font=brand.fonts.family, die_line_radius=spec.corner_radius_mm if spec.die_line else None,
        trim_pdf=spec.trim_pdf), underlay)  # no SVG: the PDFs carry its vector artwork
    if job.preview_dpi:
        outputs["preview.png"] = png(drawing, job.preview_dpi, paper=True)
    if job.print_png_dpi:
        outputs[f"{job.print_png_dpi}dpi.png"] = png(drawing, job.print_png_dpi, paper=True)
    return outputs
