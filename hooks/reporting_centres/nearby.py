"""The nearest other centres to each centre, for "Other centres near here".

Geodesic distance over every pair is far too slow for a national directory, so centres are
bucketed into a grid (``CentreGrid``, which the pages per postcode district search too), candidates
are ranked by the cheap haversine distance ring by ring, and only the final few get the exact geodesic
(geographiclib's, which geopy uses, asked for the distance alone).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from geographiclib.geodesic import Geodesic

from .model import Status
from .public import PublicCentre
from .working_files import Remembered

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


class CentreGrid:
    """The centres that are not closed, bucketed into cells, for the nearest to any point: the cells
    are searched ring by ring out from the point's, until the block searched holds ``count`` centres
    nearer than anything outside it can be. The same answer as ranking every centre by haversine."""

    def __init__(self, centres: tuple[PublicCentre, ...]):
        self.cells: dict[tuple[int, int], list[tuple[tuple[float, float, float], str, PublicCentre]]] = (
            defaultdict(list))
        for centre in centres:
            if centre.status is not Status.closed:
                self.cells[_cell(_point(centre))].append((_radians(_point(centre)), centre.slug, centre))
        self.max_latitude = max((abs(c.address.latitude) for c in centres if c.status is not Status.closed),
                                default=0.0)
        self.rows = (min((cell[0] for cell in self.cells), default=0), max((cell[0] for cell in self.cells), default=0))
        self.columns = (min((cell[1] for cell in self.cells), default=0),
                        max((cell[1] for cell in self.cells), default=0))

    def nearest(self, point: tuple[float, float], count: int, besides: str | None = None,
                ) -> list[tuple[float, str, PublicCentre]]:
        """The ``count`` nearest centres to ``point`` as (haversine km, slug, centre), nearest first (by slug
        where equal), leaving out the centre ``besides`` names."""
        if not self.cells:
            return []
        here, (row, column) = _radians(point), _cell(point)
        # km per degree, at least: of latitude anywhere; of longitude at the highest latitude concerned
        longitude_km = 111.0 * math.cos(math.radians(min(max(self.max_latitude, abs(point[0])), 89.0)))
        widest = max(abs(row - self.rows[0]), abs(row - self.rows[1]),
                     abs(column - self.columns[0]), abs(column - self.columns[1]))  # every cell is this close
        candidates: list[tuple[float, str, PublicCentre]] = []
        ring = 0
        while True:
            for cell in _ring(row, column, ring):
                candidates += [(_haversine(here, there), slug, centre)
                               for there, slug, centre in self.cells.get(cell, ()) if slug != besides]
            candidates.sort(key=lambda item: item[:2])
            if ring >= widest:
                break
            # the nearest any centre outside the block of cells searched so far can be
            outside_km = min((point[0] - (row - ring) * CELL_DEGREES) * 111.0,
                             ((row + ring + 1) * CELL_DEGREES - point[0]) * 111.0,
                             (point[1] - (column - ring) * CELL_DEGREES) * longitude_km,
                             ((column + ring + 1) * CELL_DEGREES - point[1]) * longitude_km)
            if len(candidates) >= count and candidates[count - 1][0] <= outside_km:
                break
            ring += 1
        return candidates[:count]


Pair = tuple[str, tuple[float, float], str, tuple[float, float]]  # two centres' slugs and points, in slug order
DISTANCES_FORM = "geodesic km by pair, 1"  # what the working file holds


class Distances:
    """The geodesic distance between two centres, measured once: centres are often each other's
    nearest. With ``path`` (in the project's .cache/), once across builds too: a rebuild after an edit
    asks for the same pairs again. A pair is known by both centres' slugs and coordinates, so what is
    remembered is never out of date."""

    def __init__(self, path: Path | None = None):
        self.remembered: Remembered[float] = Remembered(path, DISTANCES_FORM)

    def km(self, a: PublicCentre, b: PublicCentre) -> float:
        first, second = (a, b) if a.slug <= b.slug else (b, a)
        pair = (first.slug, _point(first), second.slug, _point(second))
        km = self.remembered.get(pair)
        if km is None:
            km = geodesic_km(pair[1], pair[3])
            self.remembered.put(pair, km)
        return km

    def save(self) -> None:
        """Keep the pairs this build asked for, written whole or not at all; nothing if they are the same."""
        self.remembered.save()


def nearest_centres(centres: tuple[PublicCentre, ...], count: int = 3, grid: CentreGrid | None = None,
                    distances: Distances | None = None) -> dict[str, tuple[Neighbour, ...]]:
    """For each centre, the ``count`` nearest others that are not closed, nearest first. ``grid``:
    the centres' grid, if the caller has made it; ``distances``, those an earlier build measured."""
    grid = grid or CentreGrid(centres)
    distance = (distances or Distances()).km
    return {centre.slug: tuple(Neighbour(other, distance(centre, other))
                               for _, _, other in grid.nearest(_point(centre), count, besides=centre.slug))
            for centre in centres}


def _ring(row: int, column: int, ring: int):
    if ring == 0:
        yield row, column
        return
    for dr in range(-ring, ring + 1):
        for dc in range(-ring, ring + 1):
            if max(abs(dr), abs(dc)) == ring:
                yield row + dr, column + dc
