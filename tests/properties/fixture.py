"""What the property tests share: a fictional region and centre of their own, and what every
problem report must look like.

The region and the centre file live beside this module, so that the properties hold whatever
region a deployment puts in mkdocs.yml and centres/.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import cache
from pathlib import Path

import yaml
from hypothesis import HealthCheck, settings

from reporting_centres.config import Region
from reporting_centres.derive import build_directory
from reporting_centres.errors import Problem
from reporting_centres.kits.brand import Brand, load_brand
from reporting_centres.kits.fonts import FontFile, resolve_fonts
from reporting_centres.kits.printable import undrawable_text
from reporting_centres.model import Centre
from reporting_centres.pages import generated_data, generated_pages, staff_pages
from reporting_centres.pages.generated import page_languages
from reporting_centres.pages.light import page_shell
from reporting_centres.public import public_centre
from reporting_centres.translations import SOURCE, load_catalogues

HERE = Path(__file__).resolve().parent
BRAND = HERE.parent.parent / "brand"  # the generator's brand kit: its fonts say what a kit can print
REGION_SETTINGS = yaml.safe_load((HERE / "region.yml").read_text(encoding="utf-8"))
REGION = Region.model_validate(REGION_SETTINGS)
SLUG = "riverside-community-hub"
CENTRE_TEXT = (HERE / "centres" / f"{SLUG}.yml").read_text(encoding="utf-8")
SHOWN = f"centres/{SLUG}.yml"  # the file as problems name it, relative to the project
TODAY = dt.date(2026, 11, 25)

# Deterministic (the same examples on every run and in CI), with no example database to write.
# PROPERTY_SCALE=10 runs every property on ten times as many examples as by default.
SCALE = float(os.environ.get("PROPERTY_SCALE", "1"))


def examples(count: int) -> settings:
    return settings(max_examples=max(1, int(count * SCALE)), derandomize=True, database=None, deadline=None,
                    print_blob=False, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


WHOLE_FILE = (  # the problems that are about the file as a whole, so name no line (see load.py)
    "is not UTF-8 text",
    "is more than",
    "cannot be read",
    "is not a plain file",
    "is a link to a file outside",
)


def lines_of(text: str) -> list[str]:
    """The lines of a file as YAML counts them (its marks and so every problem), with the empty one after a final line
    break, where YAML says 'end of file' problems are."""
    return re.split("\r\n|[\r\n\x85\u2028\u2029]", text)


def assert_well_placed(problem: Problem, text: str) -> None:
    """``problem`` names the file, a place inside it (or the whole file), and says something."""
    assert problem.file == SHOWN, problem
    assert problem.message.strip(), problem
    if problem.line == 0:
        assert problem.column == 0 and problem.message.startswith(WHOLE_FILE), problem
    else:
        lines = lines_of(text)
        assert 1 <= problem.line <= len(lines), problem
        assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, problem
        assert str(problem).startswith(f"{SHOWN}:{problem.line}:{problem.column}: "), problem


@cache
def brand_and_fonts() -> tuple[Brand, tuple[FontFile, ...]]:
    brand = load_brand(BRAND)
    return brand, resolve_fonts(brand.fonts)


def check_printable(centres: list[Centre], root: Path) -> None:
    """The rest of validation: every character a kit prints is in the brand's fonts (DataError if not)."""
    brand, fonts = brand_and_fonts()
    undrawable_text([public_centre(centre, REGION) for centre in centres], brand, fonts, root, "centres")


def render_everything(centres: list[Centre]) -> None:
    """Every page and data file the build makes from these centres, as the build hook makes them."""
    directory = build_directory(REGION, centres, TODAY)
    for page in generated_pages(directory):
        assert page.render(page.uri.removesuffix("index.md"))
    main = page_languages(load_catalogues([SOURCE]))[0]
    assert all(staff_pages(directory, None, main, page_shell("Site", "", "", None, main)).values())
    assert all(generated_data(directory).values())
