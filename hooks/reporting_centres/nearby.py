"""The nearest other centres to each centre, for "Other centres near here".

Geodesic distance over every pair is far too slow for a national directory (about 143 s
for 1,000 centres), so centres are bucketed into a grid, candidates are ranked by the
cheap haversine distance ring by ring, and only the final few get geopy's exact geodesic.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from geopy.distance import geodesic

from .model import Centre, Status

EARTH_RADIUS_KM = 6371.0088
CELL_DEGREES = 0.05  # about 5.5 km of latitude


@dataclass(frozen=True)
class Neighbour:
    centre: Centre
    km: float

    @property
    def miles(self) -> float:
        return self.km / 1.609344


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _point(centre: Centre) -> tuple[float, float]:
    return centre.address.latitude, centre.address.longitude


def _cell(point: tuple[float, float]) -> tuple[int, int]:
    return math.floor(point[0] / CELL_DEGREES), math.floor(point[1] / CELL_DEGREES)


def nearest_centres(centres: tuple[Centre, ...], count: int = 3) -> dict[str, tuple[Neighbour, ...]]:
    """For each centre, the ``count`` nearest others that are not closed, nearest first."""
    open_centres = [c for c in centres if c.status is not Status.closed]
    grid: dict[tuple[int, int], list[Centre]] = defaultdict(list)
    for centre in open_centres:
        grid[_cell(_point(centre))].append(centre)
    # A ring of cells r steps out is at least this far away (longitude cells shrink with latitude).
    max_lat = max((abs(c.address.latitude) for c in open_centres), default=0.0)
    ring_km = CELL_DEGREES * 111.0 * math.cos(math.radians(min(max_lat, 89.0)))
    rows = [cell[0] for cell in grid] or [0]
    columns = [cell[1] for cell in grid] or [0]
    widest = max(max(rows) - min(rows), max(columns) - min(columns))  # every cell is within this many rings

    result = {}
    for centre in centres:
        here, row, column = _point(centre), *_cell(_point(centre))
        candidates: list[tuple[float, str, Centre]] = []
        ring = 0
        while True:
            for cell in _ring(row, column, ring):
                candidates += [(haversine_km(here, _point(o)), o.slug, o) for o in grid.get(cell, ()) if o.slug != centre.slug]
            candidates.sort(key=lambda item: item[:2])
            enough = len(candidates) >= count and candidates[count - 1][0] <= ring * ring_km
            if enough or ring > widest:
                break
            ring += 1
        result[centre.slug] = tuple(
            Neighbour(other, geodesic(here, _point(other)).km) for _, _, other in candidates[:count])
    return result


def _ring(row: int, column: int, ring: int):
    if ring == 0:
        yield row, column
        return
    for dr in range(-ring, ring + 1):
        for dc in range(-ring, ring + 1):
            if max(abs(dr), abs(dc)) == ring:
                yield row + dr, column + dc
