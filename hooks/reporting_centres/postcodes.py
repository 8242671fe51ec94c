"""Postcode districts (outward codes such as "M1") and sectors ("M24 6"), and their centroids, from the
ONS Postcode Directory.

The site looks a visitor's postcode up in these small static tables, on their own device, so the
postcode is never sent anywhere: the district table, and for a full postcode the sector table, a few
hundred sectors a region, closer than the district's middle and fetched only when the visitor searches.
A deployment downloads ONSPD (about 2.7 million rows) and runs ``centres postcodes ONSPD.csv``; the file
is streamed, not held in memory.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, Problem

TABLE_PATH = "data/postcode-districts.json"  # inside docs/, so the site serves it
SECTORS_PATH = "data/postcode-sectors.json"  # beside it, fetched only for a full postcode
REQUIRED = ("pcds", "lat", "long")
NO_LOCATION = 99.999999  # ONSPD's latitude for postcodes without a grid reference


@dataclass(frozen=True)
class Centroids:
    """The mean position of the live postcodes in each district ("M24") and each sector ("M24 6")."""

    districts: dict[str, list[float]]
    sectors: dict[str, list[float]]


def sector_of(postcode: str) -> str:
    """A postcode's sector, "M24 6" of "M24 6AB": its district and the first character of the rest."""
    outward, _, inward = postcode.strip().upper().partition(" ")
    return f"{outward} {inward[:1]}" if inward else ""


def postcode_centroids(csv_path: Path, prefixes: tuple[str, ...] = ()) -> Centroids:
    """Every district's and sector's centroid, rounded to about 100 m, in one pass over the file."""
    districts: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    sectors: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    with csv_path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
        if missing:
            raise DataError([Problem(str(csv_path), 1, 1, "", f"missing column(s) {', '.join(missing)}; "
                                     "this does not look like the ONS Postcode Directory CSV")])
        for line, row in enumerate(reader, start=2):
            if row.get("doterm", "").strip():
                continue  # terminated postcode
            try:
                lat, lon = float(row["lat"]), float(row["long"])
            except (TypeError, ValueError):
                raise DataError([Problem(str(csv_path), line, 1, "lat/long",
                                         f"{row['lat']!r}, {row['long']!r} are not numbers")]) from None
            postcode = row["pcds"].strip().upper()
            outward = postcode.split(" ")[0]
            if lat == NO_LOCATION or not outward or (prefixes and not outward.startswith(prefixes)):
                continue
            for sums, key in ((districts, outward), (sectors, sector_of(postcode))):
                if key:
                    total = sums[key]
                    total[0] += lat
                    total[1] += lon
                    total[2] += 1
    return Centroids(_means(districts), _means(sectors))


def _means(sums: dict[str, list[float]]) -> dict[str, list[float]]:
    return {code: [round(lat / n, 3), round(lon / n, 3)] for code, (lat, lon, n) in sorted(sums.items())}


def table_text(districts: dict[str, list[float]], source: str) -> str:
    return json.dumps({"source": source, "districts": districts}, separators=(",", ":"), sort_keys=True) + "\n"


def sectors_text(sectors: dict[str, list[float]], source: str) -> str:
    return json.dumps({"source": source, "sectors": sectors}, separators=(",", ":"), sort_keys=True) + "\n"
