"""The derive stage: from the validated centres to the one thing the render stage receives.

``build_directory`` projects every centre onto its public view (``public.py``) first, and works out
boroughs, nearest neighbours and freshness from those views, so nothing downstream holds a private
value.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .config import Region
from .freshness import Freshness, freshness
from .model import Centre
from .nearby import CentreGrid, Distances, Neighbour, nearest_centres
from .public import PublicCentre, public_centre


@dataclass(frozen=True)
class Borough:
    name: str
    slug: str
    centres: tuple[PublicCentre, ...]


@dataclass(frozen=True)
class Directory:
    """Everything the render stage needs, in the order pages show it."""

    region: Region
    today: dt.date
    centres: tuple[PublicCentre, ...]
    boroughs: tuple[Borough, ...]
    nearby: dict[str, tuple[Neighbour, ...]]
    freshness: dict[str, Freshness]
    grid: CentreGrid  # the centres that are not closed, for the nearest to a place

    def borough(self, name: str) -> Borough:
        return next(borough for borough in self.boroughs if borough.name == name)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def build_directory(region: Region, centres: list[Centre], today: dt.date,
                    distances: Distances | None = None) -> Directory:
    """``distances``: the distances between centres an earlier build measured, if the caller keeps them."""
    policy = region.freshness
    views = [public_centre(centre, region) for centre in centres]
    states = {c.slug: freshness(c.last_verified, policy, today) for c in views}
    if policy.hide_after_days is not None:
        views = [c for c in views if states[c.slug].days_overdue <= policy.hide_after_days]
    ordered = tuple(sorted(views, key=lambda c: (c.name.casefold(), c.slug)))
    boroughs = tuple(
        Borough(name, slugify(name), tuple(c for c in ordered if c.address.borough == name))
        for name in region.boroughs
    )
    grid = CentreGrid(ordered)
    return Directory(region, today, ordered, boroughs, nearest_centres(ordered, grid=grid, distances=distances),
                     {c.slug: states[c.slug] for c in ordered}, grid)
