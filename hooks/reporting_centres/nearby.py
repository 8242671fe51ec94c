"""The nearest other centres to each centre, for "Other centres near here".

Geodesic distance over every pair is far too slow for a national directory, so centres are
bucketed into a grid, candidates are ranked by the cheap haversine distance ring by ring, and
only the final few get the exact geodesic
(geographiclib's, which geopy uses, asked for the distance alone).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from geographiclib.geodesic import Geodesic

from .model import Status
from .public import PublicCentre

EARTH_RADIUS_KM = 6371.0088  # the mean radius: haversine on it is within HAVERSINE_TOLERANCE of the geodesic
HAVERSINE_TOLERANCE = 0.006  # the haversine's greatest relative error, about 0.56% (as a fraction)
KM_PER_MILE = 1.609344
CELL_DEGREES = 0.05  # about 5.5 km of latitude


@dataclass(frozen=True)
class Neighbour:
    centre: PublicCentre
    km: float

    @property
    def miles(self) -> float:
        return self.km / KM_PER_MILE


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return _haversine(_radians(a), _radians(b))


def _radians(point: tuple[float, float]) -> tuple[float, float, float]:
    """Latitude and longitude in radians, and the latitude's cosine: what haversine needs of a point."""
    latitude, longitude = math.radians(point[0]), math.radians(point[1])
    return latitude, longitude, math.cos(latitude)


def _haversine(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    h = math.sin((b[0] - a[0]) / 2) ** 2 + a[2] * b[2] * math.sin((b[1] - a[1]) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def geodesic_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return Geodesic.WGS84.Inverse(a[0], a[1], b[0], b[1], Geodesic.DISTANCE)["s12"] / 1000


def _point(centre: PublicCentre) -> tuple[float, float]:
    return centre.address.latitude, centre.address.longitude


def _cell(point: tuple[float, float]) -> tuple[int, int]:
    return math.floor(point[0] / CELL_DEGREES), math.floor(point[1] / CELL_DEGREES)


def nearest_centres(centres: tuple[PublicCentre, ...], count: int = 3) -> dict[str, tuple[Neighbour, ...]]:
    """For each centre, the ``count`` nearest others that are not closed, nearest first."""
    open_centres = [c for c in centres if c.status is not Status.closed]
    grid: dict[tuple[int, int], list[PublicCentre]] = defaultdict(list)
    for centre in open_centres:
        grid[_cell(_point(centre))].append(centre)
    # A ring of cells r steps out is at least this far away (longitude cells shrink with latitude).
    max_lat = max((abs(c.address.latitude) for c in open_centres), default=0.0)
    ring_km = CELL_DEGREES * 111.0 * math.cos(math.radians(min(max_lat, 89.0)))
    rows = [cell[0] for cell in grid] or [0]
    columns = [cell[1] for cell in grid] or [0]
    widest = max(max(rows) - min(rows), max(columns) - min(columns))  # every cell is within this many rings

    radians = {centre.slug: _radians(_point(centre)) for centre in centres}
    result = {}
    for centre in centres:
        here, row, column = radians[centre.slug], *_cell(_point(centre))
        candidates: list[tuple[float, str, PublicCentre]] = []
        ring = 0
        while True:
            for cell in _ring(row, column, ring):
                candidates += [(_haversine(here, radians[o.slug]), o.slug, o)
                               for o in grid.get(cell, ()) if o.slug != centre.slug]
            candidates.sort(key=lambda item: item[:2])
            enough = len(candidates) >= count and candidates[count - 1][0] <= ring * ring_km
            if enough or ring > widest:
                break
            ring += 1
        result[centre.slug] = tuple(
            Neighbour(other, geodesic_km(_point(centre), _point(other))) for _, _, other in candidates[:count])
    return result


def _ring(row: int, column: int, ring: int):
    if ring == 0:
        yield row, column
        return
    for dr in range(-ring, ring + 1):
        for dc in range(-ring, ring + 1):
            if max(abs(dr), abs(dc)) == ring:
                yield row + dr, column + dc
