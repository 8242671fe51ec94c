"""The map tiles the site's maps and the coordinator's report load, only when a reader asks for them."""

from __future__ import annotations

from urllib.parse import urlsplit

TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
TILE_HOST = "{0.scheme}://{0.netloc}".format(urlsplit(TILES))  # the one other host a policy allows, for tiles
