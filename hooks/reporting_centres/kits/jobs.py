"""A kit job as plain data, and the Jinja environment its templates are filled in.

The build plans with these in the main process; drawing (``render``, ``draw``, ``press``) loads
cairosvg, cairocffi and Pillow, and happens in the kit workers, so the build does not import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .fonts import FontFile


class KitRenderError(ValueError):
    """A centre whose kit cannot be made, with the reason; picklable across the process pool."""


@dataclass(frozen=True)
class KitJob:
    """Everything one item of one centre's kit depends on, as plain data."""

    slug: str
    item: str
    fields: dict
    region: dict
    brand_dir: str
    fonts: tuple[FontFile, ...]
    preview_dpi: int | None
    print_png_dpi: int | None = None
    print_date: str = ""  # printed items: the ISO date their print files carry (fields.print_date)


def number(value: float, digits: int = 3) -> str:
    """Coordinates with at most ``digits`` decimals, so the SVG is small and byte-stable."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@cache
def template_environment(brand_dir: str) -> Environment:
    env = Environment(loader=FileSystemLoader(brand_dir), autoescape=True, undefined=StrictUndefined,
                      extensions=["jinja2.ext.do"],
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["num"] = number
    return env
