"""How far each place in the region is from the nearest open centre: a grid over the region's bounds.

Every cell's centre is matched with its nearest open centre in one pass of numpy: points become unit
vectors on the sphere, so the nearest centre is the one with the largest dot product (a matrix
product, done a block of cells at a time so memory stays small at any size). The distance to that
centre is then the haversine (``nearby.EARTH_RADIUS_KM``), within about 0.5% of the geodesic, which
is far finer than a cell.

The region has no borough boundaries in its configuration, so the grid covers the bounding box, and
parts of it may lie outside the region: the report says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..config import Bounds
from ..nearby import EARTH_RADIUS_KM

KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180  # along a meridian
MAX_CELLS = 250_000  # a larger grid is made coarser, so a national region stays quick
BLOCK = 4096  # cells matched at a time


@dataclass(frozen=True)
class Grid:
    latitudes: np.ndarray  # (rows,) each row's centre, south to north
    longitudes: np.ndarray  # (columns,) each column's centre, west to east
    km: np.ndarray  # (rows, columns) distance to the nearest open centre; inf where there is none
    nearest: np.ndarray  # (rows, columns) index of that centre in the points given; -1 where none
    cell_km: float  # the side of a cell (the configured one, or coarser for a very large region)
    gap_km: float

    @property
    def beyond(self) -> np.ndarray:
        return self.km > self.gap_km

    def share_beyond(self) -> float:
        """The share of the grid's area farther than gap_km from every open centre (cells weighted by area)."""
        weights = np.broadcast_to(np.cos(np.radians(self.latitudes))[:, None], self.km.shape)
        return float(weights[self.beyond].sum() / weights.sum())


@dataclass(frozen=True)
class Gap:
    latitude: float
    longitude: float
    km: float  # to the nearest open centre
    nearest: int  # its index in the points given


def _vectors(latitudes: np.ndarray, longitudes: np.ndarray) -> np.ndarray:
    lat, lon = np.radians(latitudes), np.radians(longitudes)
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=-1)


def haversine(lat1, lon1, lat2, lon2) -> np.ndarray:
    """The haversine distance in km, element by element (the same formula as ``nearby.haversine_km``)."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(value, dtype=float)) for value in (lat1, lon1, lat2, lon2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def grid_axes(bounds: Bounds, cell_km: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Cell centres along each axis, cells about ``cell_km`` a side (coarser if there would be too many)."""
    middle = math.radians((bounds.south + bounds.north) / 2)
    height = (bounds.north - bounds.south) * KM_PER_DEGREE
    width = (bounds.east - bounds.west) * KM_PER_DEGREE * math.cos(middle)
    while math.ceil(height / cell_km) * math.ceil(width / cell_km) > MAX_CELLS:
        cell_km *= 1.25
    rows, columns = max(1, math.ceil(height / cell_km)), max(1, math.ceil(width / cell_km))
    dlat, dlon = (bounds.north - bounds.south) / rows, (bounds.east - bounds.west) / columns
    latitudes = bounds.south + dlat * (np.arange(rows) + 0.5)
    longitudes = bounds.west + dlon * (np.arange(columns) + 0.5)
    return latitudes, longitudes, cell_km


def nearest(latitudes: np.ndarray, longitudes: np.ndarray,
            points: list[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
    """For each place (flat arrays), the index of the nearest of ``points`` and the distance to it in km."""
    count = len(latitudes)
    if not points:
        return np.full(count, -1), np.full(count, np.inf)
    centres = np.asarray(points, dtype=float)
    towards = _vectors(centres[:, 0], centres[:, 1]).T  # (3, n)
    places = _vectors(latitudes, longitudes)  # (m, 3)
    index = np.empty(count, dtype=np.int64)
    for start in range(0, count, BLOCK):
        index[start:start + BLOCK] = np.argmax(places[start:start + BLOCK] @ towards, axis=1)
    km = haversine(latitudes, longitudes, centres[index, 0], centres[index, 1])
    return index, km


def coverage_grid(bounds: Bounds, points: list[tuple[float, float]], cell_km: float, gap_km: float) -> Grid:
    latitudes, longitudes, cell_km = grid_axes(bounds, cell_km)
    lat, lon = np.meshgrid(latitudes, longitudes, indexing="ij")
    index, km = nearest(lat.ravel(), lon.ravel(), points)
    shape = lat.shape
    return Grid(latitudes, longitudes, km.reshape(shape), index.reshape(shape), cell_km, gap_km)


def worst_gaps(grid: Grid, count: int = 5) -> list[Gap]:
    """The places farthest from any open centre, each at least gap_km from the ones before: where a new
    centre would close the largest gaps."""
    order = np.argsort(-grid.km, axis=None, kind="stable")
    found: list[Gap] = []
    rows, columns = np.unravel_index(order, grid.km.shape)
    for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
        km = float(grid.km[row, column])
        if not grid.gap_km < km < math.inf or len(found) == count:  # inf: no open centre at all
            break
        lat, lon = float(grid.latitudes[row]), float(grid.longitudes[column])
        if all(float(haversine(lat, lon, gap.latitude, gap.longitude)) >= grid.gap_km for gap in found):
            found.append(Gap(lat, lon, km, int(grid.nearest[row, column])))
    return found
