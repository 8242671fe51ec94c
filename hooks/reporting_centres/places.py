"""Postcode districts and areas, for "nearest centres" in the browser and the static pages per district.

The site's table (``postcodes.py``, ``docs/data/postcode-districts.json``) may not have every district
a region's visitors live in. The region's own centres fill some gaps: a district the table lacks
but a centre is in gets the middle of its centres. A district still unknown falls back to its
postcode area ("M" of "M24"); an area no centre and no district of the table is in is outside the region.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from .nearby import KM_PER_MILE, CentreGrid
from .public import PublicCentre

_AREA = re.compile(r"^[A-Z]+")


def outward(postcode: str) -> str:
    """The district of a validated postcode ("M1" of "M1 1AE")."""
    return postcode.split()[0].upper()


def area(district: str) -> str:
    match = _AREA.match(district)
    return match.group(0) if match else district


def centre_districts(centres: Iterable[PublicCentre], known: Mapping[str, object] = {}) -> dict[str, list[float]]:
    """Districts that centres are in and ``known`` lacks, each at the middle of its centres."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for centre in centres:
        district = outward(centre.address.postcode)
        if district not in known:
            total = sums[district]
            total[0] += centre.address.latitude
            total[1] += centre.address.longitude
            total[2] += 1
    return {code: [round(lat / n, 3), round(lon / n, 3)] for code, (lat, lon, n) in sorted(sums.items())}


def area_boroughs(centres: Iterable[PublicCentre]) -> dict[str, list[str]]:
    """For each postcode area the region's centres are in, the boroughs those centres are in."""
    found: dict[str, set[str]] = defaultdict(set)
    for centre in centres:
        found[area(outward(centre.address.postcode))].add(centre.address.borough)
    return {code: sorted(boroughs) for code, boroughs in sorted(found.items())}


def district_sort_key(district: str) -> tuple[str, int, str]:
    """A–Z by area, then by number: M1, M2, ..., M10, not M1, M10, M2."""
    match = re.match(r"^([A-Z]+)(\d+)(.*)$", district)
    return (match.group(1), int(match.group(2)), match.group(3)) if match else (district, 0, "")


def approximate_miles(km: float) -> float:
    """As ``approximateMiles`` in rc/lib.js: a distance from the middle of a district, roughly, in miles:
    0 for less than half a mile, 0.5 for about half a mile, else whole miles (at least 1)."""
    miles = km / KM_PER_MILE
    if miles < 0.3:
        return 0
    if miles < 0.75:
        return 0.5
    if miles < 1.5:
        return 1
    return round(miles)


def nearest_to(point: tuple[float, float], grid: CentreGrid, count: int) -> list[tuple[PublicCentre, float]]:
    """The ``count`` centres nearest ``point`` that are not closed for good, nearest first, with their km."""
    return [(centre, km) for km, _, centre in grid.nearest(point, count)]
