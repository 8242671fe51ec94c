"""``centres geocode``: fill in a centre's missing latitude and longitude from its address.

This is a separate command, never part of a build: builds must work offline and give the same
output every time, so coordinates are looked up once, written into the centre file and reviewed
like any other change. Lookups go to OpenStreetMap's Nominatim under its usage policy: at most one
request a second (geopy's RateLimiter), a user agent naming this project, and a cache
(``.cache/geocode.json``, by normalised address) so that running it again asks nothing twice.
The file is edited through ruamel.yaml's round trip, as ``apply-issue`` does, so comments, key
order and quoting stay as they were.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .centre_edit import dump, keep_layout, set_value, yaml_editor
from .config import Project, Region
from .errors import DataError, Problem
from .load import Document, LoadError, centre_files, display_path, read_document

NOMINATIM = "https://nominatim.openstreetmap.org"
ENDPOINT_VARIABLE = "CENTRES_NOMINATIM_URL"  # e.g. a Nominatim of your own, or a test server
CACHE_FILE = Path(".cache") / "geocode.json"
POLICY_DELAY = 1.0  # seconds between requests: the public Nominatim's limit
COORDINATES = ("latitude", "longitude")
DIGITS = 6  # about 10 cm: more than a map pin needs


@dataclass(frozen=True)
class Match:
    latitude: float
    longitude: float
    found: str  # what Nominatim matched, shown to the person reviewing the change


def user_agent(region: Region) -> str:
    """Nominatim asks every application to identify itself."""
    try:
        release = version("reporting-centres")
    except PackageNotFoundError:
        release = "dev"
    return f"reporting-centres/{release} (centres geocode; https://github.com/{region.github_repo})"


def address_key(address: dict) -> str:
    """The address as the cache knows it: case, spacing and punctuation at line ends do not matter."""
    parts = [*address.get("lines", []), address.get("town", ""), address.get("postcode", "")]
    return " | ".join(" ".join(str(part).split()).strip(" ,").casefold() for part in parts if str(part).strip())


def query_text(address: dict) -> str:
    return ", ".join([*map(str, address.get("lines", [])), str(address["town"]), str(address["postcode"])])


class Cache:
    """Answers already given, by ``address_key``; ``None`` records that Nominatim found nothing."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.entries = json.loads(path.read_text(encoding="utf-8"))["addresses"]
        except (OSError, ValueError, KeyError, TypeError):
            self.entries = {}

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def get(self, key: str) -> Match | None:
        entry = self.entries[key]
        return Match(**entry) if entry else None

    def put(self, key: str, match: Match | None) -> None:
        self.entries[key] = match.__dict__ if match else None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        staging = self.path.with_suffix(".tmp")
        text = json.dumps({"addresses": self.entries}, ensure_ascii=False, indent=1, sort_keys=True)
        staging.write_text(text + "\n", encoding="utf-8")
        os.replace(staging, self.path)  # saved after every answer, so an interrupted run loses none


class Nominatim:
    """geopy's Nominatim behind its RateLimiter: the only part of this module that uses the network."""

    def __init__(self, region: Region, endpoint: str, min_delay: float):
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim as GeopyNominatim

        where = urlsplit(endpoint)
        geocoder = GeopyNominatim(user_agent=user_agent(region), domain=where.netloc + where.path.rstrip("/"),
                                  scheme=where.scheme, timeout=20)
        self.geocode = RateLimiter(geocoder.geocode, min_delay_seconds=min_delay, max_retries=0,
                                   swallow_exceptions=False)
        bounds = region.bounds
        self.viewbox = [(bounds.south, bounds.west), (bounds.north, bounds.east)]
        self.requests = 0

    def lookup(self, address: dict) -> Match | None:
        self.requests += 1
        found = self.geocode(query_text(address), exactly_one=True, country_codes="gb", viewbox=self.viewbox,
                             bounded=True)
        if found is None:
            return None
        return Match(round(found.latitude, DIGITS), round(found.longitude, DIGITS), found.address)


def missing(document: Document) -> tuple[str, ...]:
    address = document.data.get("address")
    return tuple(name for name in COORDINATES if not isinstance(address, dict) or address.get(name) is None)


def add_coordinates(text: str, match: Match, names: tuple[str, ...]) -> str:
    """``text`` with the ``names`` of latitude and longitude added under ``address``, nothing else changed."""
    round_trip = yaml_editor(text)
    data = round_trip.load(text)
    for name in names:
        set_value(data, ("address", name), getattr(match, name))
    changed = keep_layout(text, dump(round_trip, round_trip.load(text)), dump(round_trip, data))
    expected = yaml.safe_load(text)
    expected["address"].update({name: getattr(match, name) for name in names})
    if yaml.safe_load(changed) != expected:  # never write a change that reads back as anything else
        raise ValueError("the coordinates could not be added without changing something else")
    return changed


def geocode_files(project: Project, paths: list[Path], endpoint: str, min_delay: float,
                  out=sys.stdout) -> list[Problem]:
    """Fill in the files' missing coordinates; return the problems (files are written as they go)."""
    from geopy.exc import GeopyError

    root = project.root
    folder = root / project.region.centres_dir
    files = list(paths) or (centre_files(folder) if folder.is_dir() else [])
    cache = Cache(root / CACHE_FILE)
    service = None
    filled = 0
    problems: list[Problem] = []
    for path in files:
        shown = display_path(path, root)
        try:
            document = read_document(path, shown, root=folder)
        except LoadError as error:
            problems.append(error.problem)
            continue
        names = missing(document)
        if not names:
            continue
        address = document.data.get("address")
        where = document.where(("address",), key=True)
        if not isinstance(address, dict) or not address.get("town") or not address.get("postcode"):
            problems.append(Problem(shown, where.line, where.column, "address", "needs at least 'town:' and "
                                    "'postcode:' before `centres geocode` can look up its coordinates"))
            continue
        key = address_key(address)
        if key in cache:
            match, source = cache.get(key), "from the cache"
        else:
            if service is None:
                service = Nominatim(project.region, endpoint, min_delay)
            try:
                match = service.lookup(address)
            except GeopyError as error:  # network, timeouts, refusals, bad answers
                problems.append(Problem(shown, where.line, where.column, "address",
                                        f"could not be looked up at {endpoint}: {error}; "
                                        "nothing more was looked up, try again later"))
                break
            cache.put(key, match)
            source = "looked up"
        if match is None:
            problems.append(Problem(shown, where.line, where.column, "address",
                                    f"Nominatim found no place for {query_text(address)!r}; check the address, "
                                    "or add latitude and longitude by hand"))
            continue
        problem = _outside(project.region, match, shown, where)
        if problem:
            problems.append(problem)
            continue
        try:
            path.write_text(add_coordinates(document_text(path), match, names), encoding="utf-8")
        except ValueError as error:
            problems.append(Problem(shown, where.line, where.column, "address", f"{error}; add "
                                    f"latitude: {match.latitude} and longitude: {match.longitude} by hand"))
            continue
        filled += 1
        print(f"{shown}: added {' and '.join(names)} ({source}: {match.found})", file=out)
    asked = service.requests if service else 0
    print(f"{filled} centre file{'' if filled == 1 else 's'} given coordinates; {asked} request"
          f"{'' if asked == 1 else 's'} to {endpoint}. Check them on a map, then run: centres validate", file=out)
    return problems


def document_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


def _outside(region: Region, match: Match, shown: str, where) -> Problem | None:
    bounds = region.bounds
    if bounds.south <= match.latitude <= bounds.north and bounds.west <= match.longitude <= bounds.east:
        return None
    return Problem(shown, where.line, where.column, "address", f"Nominatim's match {match.found!r} "
                   f"({match.latitude}, {match.longitude}) is outside {region.name}; check the address")


def command(project: Project, paths: list[Path], endpoint: str | None, min_delay: float | None) -> int:
    endpoint = (endpoint or os.environ.get(ENDPOINT_VARIABLE) or NOMINATIM).rstrip("/")
    delay = POLICY_DELAY if min_delay is None else min_delay
    if delay < POLICY_DELAY and endpoint == NOMINATIM:
        print(f"--min-delay: the public Nominatim allows one request a second; use at least {POLICY_DELAY:g}",
              file=sys.stderr)
        return 2
    problems = geocode_files(project, paths, endpoint, delay)
    if problems:
        raise DataError(problems)
    return 0
