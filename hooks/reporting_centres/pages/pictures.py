"""The Easy Read pictures: SVG templates in brand/easy-read/, filled with the brand's colours and line
weight, checked (well-formed, referring to nothing outside themselves, no words drawn in them) and
served at easy-read/pictures/<name>.svg.
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError

from ..easy_read import FOLDER, EasyRead
from ..errors import DataError, Problem
from ..kits.brand import Brand
from ..kits.jobs import KitRenderError
from ..kits.svg import SVG_NAMESPACE, check_svg

PICTURES = "easy-read/pictures"


def picture_path(name: str) -> str:
    """Where a picture is in the site."""
    return f"{PICTURES}/{name}.svg"


def easy_read_pictures(easy_read: EasyRead, brand: Brand) -> dict[str, str]:
    """Every listed picture, filled, by its path in the site; DataError naming each one that is wrong."""
    environment = Environment(loader=FileSystemLoader(str(easy_read.folder)), autoescape=True,
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)
    pictures, problems = {}, []
    for name in sorted(easy_read.pictures):
        shown = f"{easy_read.folder.parent.name}/{FOLDER}/{name}.svg"
        try:
            svg = environment.get_template(f"{name}.svg").render(colours=brand.colours,
                                                                 line=brand.easy_read.line_width)
            root = check_svg(svg.encode("utf-8"), shown)
        except (TemplateError, KitRenderError) as error:
            problems.append(Problem(shown, getattr(error, "lineno", 0) or 0, 0, "", str(error)))
            continue
        if any(element.tag == f"{{{SVG_NAMESPACE}}}text" for element in root.iter()):
            problems.append(Problem(shown, 0, 0, "", "draws words; Easy Read pictures hold none, so that every "
                                    "language can use them: put the words in pages.yml"))
            continue
        pictures[picture_path(name)] = svg
    if problems:
        raise DataError(problems)
    return pictures
