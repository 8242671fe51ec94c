"""Postcode districts (outward codes such as "M1") and their centroids, from the ONS Postcode Directory.

The site looks a visitor's postcode up in this small static table, on their own device,
so the postcode is never sent anywhere. A deployment downloads ONSPD (about 2.7 million
rows) and runs ``centres postcodes ONSPD.csv``; the file is streamed, not held in memory.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

from .errors import DataError, Problem

TABLE_PATH = "data/postcode-districts.json"  # inside docs/, so the site serves it
REQUIRED = ("pcds", "lat", "long")
NO_LOCATION = 99.999999  # ONSPD's latitude for postcodes without a grid reference


def district_centroids(csv_path: Path, prefixes: tuple[str, ...] = ()) -> dict[str, list[float]]:
    """Mean position of the live postcodes in each outward code, rounded to about 100 m."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
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
            outward = row["pcds"].strip().upper().split(" ")[0]
            if lat == NO_LOCATION or not outward or (prefixes and not outward.startswith(prefixes)):
                continue
            total = sums[outward]
            total[0] += lat
            total[1] += lon
            total[2] += 1
    return {code: [round(lat / n, 3), round(lon / n, 3)] for code, (lat, lon, n) in sorted(sums.items())}


def table_text(districts: dict[str, list[float]], source: str) -> str:
    return json.dumps({"source": source, "districts": districts}, separators=(",", ":"), sort_keys=True) + "\n"
