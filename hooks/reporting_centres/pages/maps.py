"""The maps: folium builds each map's Leaflet code; the site serves Leaflet itself.

One mechanism for every map: folium writes a Map with an OpenStreetMap tile layer, a
MarkerCluster and ONE GeoJSON layer, with its CDN links removed and its element ids fixed
(derived from the page), so two builds are byte-identical. The page holds that code as a
function of the map's centre (the same code on every page with that kind of map, so the
Content-Security-Policy allows it by one hash: see ``security.py``) that
``theme/assets/rc/map.js`` calls only when the visitor presses "Show map":
before that, nothing is fetched from any other host. The centres themselves come from the
site's own ``data/centres.geojson`` (see ``exports.py``), so a centre's text is only ever data,
which ``map.js`` puts into popups as text, never as markup.

Leaflet and Leaflet.markercluster are copied into the site from the ``xstatic-leaflet`` and
``xstatic-leaflet-markercluster`` packages at build time (``vendor_assets``).

folium's code for each kind of map depends only on folium, branca and this file, so the build
keeps it in ``.cache/maps/`` (``keep_map_code_in``) and imports folium only when that changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

import xstatic.pkg.leaflet as leaflet
import xstatic.pkg.leaflet_markercluster as markercluster
from markupsafe import Markup

from ..derive import Borough, Directory
from ..exports import GEOJSON
from ..public import PublicCentre
from ..tiles import ATTRIBUTION, TILES

LEAFLET = "assets/vendor/leaflet/"
MARKERCLUSTER = "assets/vendor/leaflet.markercluster/"
SCRIPTS = (LEAFLET + "leaflet.js", MARKERCLUSTER + "leaflet.markercluster.js")  # in this order
STYLES = (LEAFLET + "leaflet.css", MARKERCLUSTER + "MarkerCluster.css", MARKERCLUSTER + "MarkerCluster.Default.css")
SOMEWHERE = (-89.875, 179.875)  # a place no map starts at, replaced by the code's argument `center`
_JS_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class MapView:
    """One map on one page: what ``_map.html`` needs to show it."""

    id: str  # the canvas element's id, and the name of the Leaflet map in the code
    kind: str  # "directory", "borough" or "centre": its heading and description in the catalogue (map.<kind>.*)
    place: str  # the place those words name: the region or the borough ("" for a centre's map)
    script: Markup  # folium's Leaflet code, a function of `center`: run only when the visitor presses "Show map"
    center: tuple[float, float]  # where the map starts (latitude, longitude), passed to the code by map.js
    layers: dict[str, str]  # JavaScript names of the map, cluster and GeoJSON layer
    filter: tuple[str, str] | None  # (property, value): which centres of the GeoJSON to show
    skip_to: str  # the id the skip link jumps to, past the map
    small: bool = False
    geojson: str = GEOJSON
    scripts: tuple[str, ...] = SCRIPTS
    styles: tuple[str, ...] = STYLES


def vendor_assets() -> dict[str, Path]:
    """Leaflet's and Leaflet.markercluster's files, by path in the site, from the installed packages."""
    leaflet_dir, cluster_dir = Path(leaflet.BASE_DIR), Path(markercluster.BASE_DIR)
    files = {LEAFLET + name: leaflet_dir / name for name in ("leaflet.js", "leaflet.css")}
    files.update({LEAFLET + "images/" + image.name: image for image in sorted((leaflet_dir / "images").glob("*.png"))})
    files.update({MARKERCLUSTER + name: cluster_dir / name
                  for name in ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css")})
    return files


def _fixed(element, name: str):
    """No CDN links and a fixed id: folium's are random, which would make every build differ."""
    element._id = name  # noqa: SLF001 - branca keeps the element id here (see checked-internals)
    element.default_js, element.default_css = [], []
    return element


_code_cache: list[Path] = []  # the folder keep_map_code_in was given, if any


def keep_map_code_in(folder: Path) -> None:
    """Keep folium's code in ``folder`` (the project's .cache/maps/), so builds need not import folium."""
    _code_cache[:] = [folder]


@cache
def leaflet_code(key: str, zoom: int) -> tuple[str, dict[str, str]]:
    """folium's Leaflet code for a map named after ``key``, and the JavaScript names of its parts.

    Made once per kind of map (folium compiles templates for every element, which is slow):
    the code starts at ``SOMEWHERE``, which ``_view`` replaces with the argument ``center``.
    """
    if not _JS_NAME.match(key):
        raise ValueError(f"{key!r} cannot name a map")
    if not _code_cache:
        return _folium_code(key, zoom)
    digest = hashlib.sha256(f"{key}:{zoom}:folium={version('folium')}:branca={version('branca')}:".encode()
                            + Path(__file__).read_bytes()).hexdigest()
    path = _code_cache[0] / f"{key}-{digest[:16]}.json"
    try:
        code, layers = json.loads(path.read_text(encoding="utf-8"))
        return code, layers
    except (OSError, ValueError):
        pass
    code, layers = _folium_code(key, zoom)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}")
    staging.write_text(json.dumps([code, layers]), encoding="utf-8")
    os.replace(staging, path)
    return code, layers


def _folium_code(key: str, zoom: int) -> tuple[str, dict[str, str]]:
    import folium  # slow to import (it brings numpy and requests): done only when the code changes
    from folium.plugins import MarkerCluster
    from folium.utilities import JsCode

    fmap = _fixed(folium.Map(location=list(SOMEWHERE), zoom_start=zoom, tiles=None), key)
    _fixed(folium.TileLayer(TILES, attr=ATTRIBUTION, name="OpenStreetMap", max_zoom=19), key + "_tiles").add_to(fmap)
    cluster = _fixed(MarkerCluster(show_coverage_on_hover=False), key + "_cluster").add_to(fmap)
    layer = _fixed(folium.GeoJson({"type": "FeatureCollection", "features": []},
                                  on_each_feature=JsCode("window.reportingCentresMap.bindPopup"),
                                  pointToLayer=JsCode("window.reportingCentresMap.pointToLayer")),
                   key + "_centres").add_to(cluster)
    figure = fmap.get_root()
    figure.render()
    lines = (line.rstrip() for line in figure.script.render().splitlines())
    code = "\n".join(line for line in lines if line.strip())
    if "</" in code or "http" in code.replace(TILES, "").replace("https://www.openstreetmap.org/copyright", ""):
        raise ValueError("folium's map code links somewhere unexpected or could close its <script> element")
    if code.count(json.dumps(list(SOMEWHERE))) != 1:
        raise ValueError("folium's map code no longer names its centre once; see leaflet_code")
    return code, {"map": fmap.get_name(), "cluster": cluster.get_name(), "layer": layer.get_name()}


def _view(key: str, center: tuple[float, float], zoom: int, **fields) -> MapView:
    code, layers = leaflet_code(key, zoom)
    code = code.replace(json.dumps(list(SOMEWHERE)), "center")  # the page's place comes from data-center
    return MapView(id=layers["map"], script=Markup(code), center=(float(center[0]), float(center[1])),
                   layers=layers, **fields)


def directory_map(directory: Directory) -> MapView:
    bounds = directory.region.bounds
    return _view("directory", ((bounds.south + bounds.north) / 2, (bounds.west + bounds.east) / 2), 10,
                 kind="directory", place=directory.region.name, filter=None, skip_to="centres")


def borough_map(borough: Borough) -> MapView:
    first = borough.centres[0].address
    return _view("borough", (first.latitude, first.longitude), 12,
                 kind="borough", place=borough.name, filter=("borough", borough.name), skip_to="centres")


def centre_map(centre: PublicCentre) -> MapView:
    address = centre.address
    return _view("centre", (address.latitude, address.longitude), 15,
                 kind="centre", place="", filter=("slug", centre.slug), skip_to="contact", small=True)
