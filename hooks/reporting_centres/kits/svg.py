"""Filled SVG made safe to draw: well-formed, and referring to nothing outside itself.

Checked with defusedxml before cairosvg sees a byte of it (cairosvg then draws the tree checked, not parsed
again: ``draw.record``), and used on the logo too.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree as StdElementTree

from defusedxml import ElementTree

from ..errors import DataError, Problem
from .brand import WHITE_UNDERLAY_COLOUR, Brand
from .jobs import KitRenderError

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
StdElementTree.register_namespace("xlink", XLINK_NAMESPACE)
FORBIDDEN_ELEMENTS = ("script", "foreignObject", "image", "iframe", "video", "audio")
# What white ink goes under on clear film: the macros' text blocks, QR codes (their light square, quiet
# zone included, under the dark modules too) and the logo. The background stays a translucent tint.
UNDERLAY_CLASSES = ("kit-text", "kit-qr", "kit-logo")
# What any reference outside the file is written with: an element's name, an href attribute, url( or
# @import, or a character reference hiding one (filled text is escaped, so "&#" is the template's own,
# or a quote). An SVG with none of these is not walked element by element.
OUTSIDE_MARKERS = (b"href", b"url(", b"@import", b"&#", *(name.encode() for name in FORBIDDEN_ELEMENTS))
URL_TARGET = re.compile(r"url\(\s*['\"]?([^)'\"]*)")


def check_svg(svg: bytes, source: str) -> StdElementTree.Element:
    """Parse the filled SVG as XML and refuse external references, before cairosvg sees it."""
    try:
        root = ElementTree.fromstring(svg)
    except (ElementTree.ParseError, ValueError) as error:
        raise KitRenderError(f"{source} did not produce well-formed SVG: {error}") from None
    found = external_references(root) if any(marker in svg for marker in OUTSIDE_MARKERS) else []
    if found:
        raise KitRenderError(f"{source} refers to something outside the file: {found[0]}")
    return root


def external_references(root) -> list[str]:
    """Every element or attribute that would make a renderer fetch or run something."""
    found = []
    for element in root.iter():
        name = str(element.tag).rsplit("}", 1)[-1]
        if name in FORBIDDEN_ELEMENTS:
            found.append(f"<{name}>")
        for attribute, value in element.attrib.items():
            if attribute.rsplit("}", 1)[-1] == "href" and not value.startswith("#"):
                found.append(f"{attribute.rsplit('}', 1)[-1]}={value!r}")
            for target in URL_TARGET.findall(value) if "url(" in value else ():  # a QR code's path is long
                if not target.startswith("#"):
                    found.append(f"url({target})")
        style = (element.text or "") if name == "style" else ""
        if "@import" in style or re.search(r"url\(\s*['\"]?[^#'\"]", style):
            found.append("a stylesheet import or url()")
    return found


def _markup(element, encoding: str):
    """SVG markup with SVG as the default namespace. ElementTree's prefixes are one registry for the
    whole process, and libraries change it (WeasyPrint maps "" to no namespace when it is imported,
    which would make every element ns0:svg), so SVG's is named again each time. (``tostring``'s own
    ``default_namespace`` refuses attributes without a namespace, such as every ``fill``.)"""
    StdElementTree.register_namespace("", SVG_NAMESPACE)
    return StdElementTree.tostring(element, encoding=encoding)


def serialise(element) -> str:
    """An element as SVG markup to inline in an SVG document (so without its own xmlns)."""
    return _markup(element, "unicode").replace(f' xmlns="{SVG_NAMESPACE}"', "")


def logo_parts(folder: Path, brand: Brand) -> tuple[str, str]:
    """The logo's viewBox and its inner markup, to draw it inline: templates fetch nothing."""
    shown = f"{folder.name}/{brand.logo}"
    try:
        root = ElementTree.fromstring((folder / brand.logo).read_bytes())
    except ElementTree.ParseError as error:
        raise DataError([Problem(shown, 0, 0, "", f"is not well-formed SVG: {error}")]) from None
    view_box = root.get("viewBox")
    if root.tag != f"{{{SVG_NAMESPACE}}}svg" or not view_box:
        raise DataError([Problem(shown, 0, 0, "", "must be an <svg> with a viewBox")])
    found = external_references(root)
    if found:
        raise DataError([Problem(shown, 0, 0, "", f"refers to something outside the file ({found[0]}); "
                                 "draw everything inline")])
    return view_box, "".join(serialise(child) for child in root)


def underlay_svg(svg: bytes) -> bytes:
    """The White ink layer of a filled SVG: its text, QR codes and logo alone, each filled (and stroked)
    in ``WHITE_UNDERLAY_COLOUR``, which ``prepress.py`` makes the White spot colour."""
    root = ElementTree.fromstring(svg)

    def keep(element) -> bool:
        """Whether ``element`` is or holds a part white ink goes under; removes the children that are not."""
        if set(element.get("class", "").split()) & set(UNDERLAY_CLASSES):
            for part in list(element.iter()):
                for attribute in ("fill", "stroke"):
                    if part.get(attribute, "none") != "none":
                        part.set(attribute, WHITE_UNDERLAY_COLOUR)
            if "kit-qr" in element.get("class", "").split():  # the square alone: its modules are inside it
                for child in [child for child in element if not child.tag.endswith("rect")]:
                    element.remove(child)
            return True
        held = False
        for child in list(element):
            name = str(child.tag).rsplit("}", 1)[-1]
            if name == "defs" or keep(child):
                held = held or name != "defs"
            else:
                element.remove(child)
        return held

    keep(root)
    return _markup(root, "utf-8")
