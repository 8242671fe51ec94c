"""Facts worked out from the validated centres: boroughs, public views, what pages need."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .config import Region
from .model import Centre


@dataclass(frozen=True)
class Borough:
    name: str
    slug: str
    centres: tuple[Centre, ...]


@dataclass(frozen=True)
class Directory:
    """Everything the render stage needs, in the order pages show it."""

    region: Region
    centres: tuple[Centre, ...]
    boroughs: tuple[Borough, ...]

    def borough(self, name: str) -> Borough:
        return next(borough for borough in self.boroughs if borough.name == name)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def build_directory(region: Region, centres: list[Centre]) -> Directory:
    ordered = tuple(sorted(centres, key=lambda c: (c.name.casefold(), c.slug)))
    boroughs = tuple(
        Borough(name, slugify(name), tuple(c for c in ordered if c.address.borough == name))
        for name in region.boroughs
    )
    return Directory(region, ordered, boroughs)
