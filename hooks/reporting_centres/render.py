"""Render pages from the Jinja2 templates beside this module.

Autoescaping is always on: everything a centre types is text, never markup.
"""

from __future__ import annotations

import posixpath
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from . import rules
from .derive import Borough, Directory
from .model import WEEKDAYS, Centre, language_name


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reporting_centres", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["language_name"] = language_name
    env.filters["label"] = lambda value: str(getattr(value, "value", value)).replace("-", " ").replace("_", " ")
    env.filters["tel"] = lambda number: "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")
    env.filters["counted"] = lambda items, noun: f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"
    env.filters["long_date"] = lambda day: f"{day.day} {day:%B %Y}"
    env.globals.update(WEEKDAYS=WEEKDAYS, parse_day=rules.parse_day)
    return env


def _render(template: str, here: str, directory: Directory, **values) -> str:
    def link(target: str) -> str:
        """A link from this page to another site path such as 'centres/foo/'."""
        relative = posixpath.relpath("/" + target, "/" + here) if target != here else "."
        return relative + ("/" if target.endswith("/") and not relative.endswith("/") else "")

    return environment().get_template(template).render(
        link=link, region=directory.region, directory=directory, **values)


def directory_page(directory: Directory, here: str) -> str:
    return _render("directory.html", here, directory, centres=directory.centres)


def boroughs_page(directory: Directory, here: str) -> str:
    return _render("boroughs.html", here, directory)


def borough_page(directory: Directory, borough: Borough, here: str) -> str:
    return _render("borough.html", here, directory, borough=borough)


def centre_page(directory: Directory, centre: Centre, here: str) -> str:
    return _render("centre.html", here, directory, centre=centre,
                   borough=directory.borough(centre.address.borough))
