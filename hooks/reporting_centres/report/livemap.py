"""The coverage map the reader can pan and zoom, in report.html: Leaflet (the same self-hosted copy the
site serves, from the ``xstatic-leaflet`` package) copied into the report's ``map/`` folder, the
coverage grid as one picture laid over the region's bounds, and a marker for each open centre,
named by its alt text, title and popup.

Nothing is asked of any other host until the reader presses "Show the streets": then the map
pictures come from OpenStreetMap's tile server. Without JavaScript (and in the PDF) the map stays
hidden and the static SVG map (``charts.gap_map``) is the view.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import xstatic.pkg.leaflet as leaflet
from matplotlib import colormaps
from matplotlib.colors import BoundaryNorm
from matplotlib.image import imsave

from ..tiles import ATTRIBUTION, TILES
from .charts import distance_levels
from .figures import Figures

FOLDER = "map"
SCRIPT = Path(__file__).parent / "templates" / "report-map.js"


@dataclass(frozen=True)
class Marker:
    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class LiveMap:
    """What report-map.js needs, given to it as JSON in the page's data-map attribute."""

    south: float
    west: float
    north: float
    east: float
    grid: str  # the coverage picture, relative to report.html
    grid_alt: str
    centres: list[Marker]
    tiles: str
    attribution: str

    def json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)


def grid_picture(figures: Figures, path: Path) -> None:
    """One pixel per cell, north at the top, in the static map's colours."""
    bands = distance_levels(figures)
    km = np.where(np.isfinite(figures.grid.km), figures.grid.km, bands[-1])
    colours = colormaps["viridis"](BoundaryNorm(bands, 256)(km))
    imsave(path, colours, origin="lower", format="png")


def write_live_map(figures: Figures, folder: Path) -> tuple[LiveMap, list[Path]]:
    """Copy Leaflet and the map's script into ``folder/map/`` and draw the coverage picture there."""
    target = folder / FOLDER
    (target / "images").mkdir(parents=True, exist_ok=True)
    source = Path(leaflet.BASE_DIR)
    copies = {target / "leaflet.js": source / "leaflet.js", target / "leaflet.css": source / "leaflet.css",
              target / "report-map.js": SCRIPT}
    copies.update({target / "images" / image.name: image for image in sorted((source / "images").glob("*.png"))})
    for destination, copied in copies.items():
        shutil.copyfile(copied, destination)
    picture = target / "coverage-grid.png"
    grid_picture(figures, picture)
    bounds, gap = figures.region.bounds, figures.region.report.gap_km
    live = LiveMap(bounds.south, bounds.west, bounds.north, bounds.east, f"{FOLDER}/{picture.name}",
                   f"Coverage grid: each cell shaded by the distance to the nearest open centre, darker nearer; "
                   f"cells more than {gap:g} km away are the lightest.",
                   [Marker(name, lat, lon) for name, (lat, lon) in zip(figures.open_names, figures.open_points,
                                                                         strict=True)],
                   TILES, ATTRIBUTION)
    return live, [*copies, picture]
