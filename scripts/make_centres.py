#!/usr/bin/env python3
"""Write N valid, varied, fictional centre files for benchmarks and tests.

    scripts/make_centres.py 1000 --seed 1 --out /tmp/centres

Every file passes `centres validate`: coordinates fall inside the region's bounds,
phone numbers come from Ofcom's ranges reserved for drama, addresses are at example.org. Each
centre has a short, permanent `code:`, as every real centre to print for has: so the site has its
two redirect pages (c/<CODE>/ and c/<code>/) and its QR codes hold the short address.
The same N and seed always give the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

import yaml

BOROUGHS = {  # borough: (town, postcode districts, latitude, longitude)
    "Bolton": ("Bolton", ["BL1", "BL2", "BL3"], 53.578, -2.429),
    "Bury": ("Bury", ["BL8", "BL9", "M26"], 53.593, -2.298),
    "Manchester": ("Manchester", ["M1", "M4", "M13", "M14", "M20"], 53.480, -2.242),
    "Oldham": ("Oldham", ["OL1", "OL4", "OL8"], 53.541, -2.117),
    "Rochdale": ("Rochdale", ["OL11", "OL12", "OL16"], 53.616, -2.155),
    "Salford": ("Salford", ["M5", "M6", "M7", "M30"], 53.488, -2.290),
    "Stockport": ("Stockport", ["SK1", "SK2", "SK4"], 53.408, -2.149),
    "Tameside": ("Ashton-under-Lyne", ["OL6", "OL7", "SK14"], 53.489, -2.095),
    "Trafford": ("Stretford", ["M32", "M33", "M41"], 53.446, -2.309),
    "Wigan": ("Wigan", ["WN1", "WN2", "WN3"], 53.545, -2.632),
}
KINDS = {
    "library": ["Library", "Community Library", "Reading Room"],
    "charity": ["Advice Centre", "Community Trust", "Refugee Support"],
    "faith-group": ["Mosque Community Centre", "Parish Hall", "Gurdwara Centre", "Synagogue Hall"],
    "education": ["College Student Hub", "Adult Learning Centre"],
    "health": ["Health Centre", "Wellbeing Hub"],
    "housing": ["Housing Office", "Tenants' Hub"],
    "council": ["Town Hall Help Point", "Customer Service Centre"],
    "business": ["Shopping Centre Help Desk", "Community Pharmacy"],
    "other": ["Youth Centre", "Community Centre"],
}
STREETS = ["High Street", "Market Street", "Church Road", "Station Road", "Victoria Street", "Oxford Road",
           "King Street", "Union Street", "Mill Lane", "Park Road", "Bridge Street", "Chapel Street"]
NEIGHBOURHOODS = ["Central", "North", "South", "East", "West", "Park", "Vale", "Green", "Cross", "Bridge",
                  "Hill", "Moor", "Brook", "Fold", "Lane", "Heath", "Mill", "Gate", "Bank", "Edge"]
STRANDS = ["disability", "race", "religion-or-belief", "sexual-orientation", "transgender", "alternative-subcultures"]
LANGUAGES = ["ur", "pa", "bn", "pl", "ro", "ar", "so", "zh", "gu", "fa", "ku", "ti", "uk", "bfi", "fr", "es"]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # the digits of a centre's code (model.CODE_PATTERN)
HOURS = ["09:00-17:00", "09:00-12:30, 13:30-17:00", "10:00-16:00", "08:30-18:00", "by appointment", "closed"]


def short_code(index: int) -> str:
    """A five-character code for each index, as a coordinator would give each centre one: distinct for
    every index below 32**5, since 7,919 is odd (so a multiple of it is never a multiple of 32**5)."""
    number, digits = 0x2345F + index * 7919, ""
    for _ in range(5):
        number, digit = divmod(number, 32)
        digits = CROCKFORD[digit] + digits
    return digits


def make_centre(index: int, rng: random.Random, today: dt.date) -> dict:
    borough = list(BOROUGHS)[index % len(BOROUGHS)]
    town, districts, lat, lon = BOROUGHS[borough]
    kind = list(KINDS)[rng.randrange(len(KINDS))]
    place = NEIGHBOURHOODS[(index // len(BOROUGHS)) % len(NEIGHBOURHOODS)]
    name = f"{town} {place} {rng.choice(KINDS[kind])} {index + 1}"
    slug = "-".join(name.lower().replace("'", "").split()).replace("--", "-")
    days = {day: rng.choice(HOURS[:4]) for day in ("monday", "tuesday", "wednesday", "thursday", "friday")}
    days.update(saturday=rng.choice(HOURS[2:]), sunday=rng.choice(["closed", "10:00-14:00"]))
    if index % 97 == 5:
        days = dict.fromkeys(days, "24 hours")
    phone = f"0161 496 {index % 1000:04d}"
    verified = today - dt.timedelta(days=rng.randrange(0, 420))
    return {
        "slug": slug,
        "code": short_code(index),
        "name": name,
        "organisation": f"{town} {kind.replace('-', ' ').title()} Network (fictional)",
        "kind": kind,
        "description": f"A {kind.replace('-', ' ')} in {town} where trained staff take hate crime reports "
                       "and offer support.",
        "status": "temporarily-closed" if index % 53 == 7 else "active",
        "address": {
            "lines": [f"{rng.randrange(1, 300)} {rng.choice(STREETS)}"],
            "town": town,
            "borough": borough,
            "postcode": f"{rng.choice(districts)} {rng.randrange(1, 10)}"
                        f"{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}",
            "latitude": round(lat + rng.uniform(-0.04, 0.04), 5),
            "longitude": round(lon + rng.uniform(-0.05, 0.05), 5),
        },
        "contact": {
            "phones": [{"number": phone, "type": "voice"}],
            "email": f"{slug[:40].strip('-')}@example.org",
            "website": f"https://example.org/centres/{slug}",
        },
        "hours": days,
        "reporting": {"in_person": True, "phone": rng.random() < 0.7, "email": rng.random() < 0.6,
                      "anonymous": rng.random() < 0.5, "true_vision_help": True, "private_room": rng.random() < 0.6},
        "strands": STRANDS if rng.random() < 0.8 else sorted(rng.sample(STRANDS, 3), key=STRANDS.index),
        "accessibility": {"step_free": rng.random() < 0.8, "accessible_toilet": rng.random() < 0.6,
                          "hearing_loop": rng.random() < 0.4, "bsl": rng.random() < 0.1,
                          "quiet_room": rng.random() < 0.6, "parking": rng.random() < 0.5},
        "languages": [{"code": "en"}] + [{"code": c} for c in rng.sample(LANGUAGES, rng.randrange(0, 3))],
        "champion": {"role": "Hate Crime Champion"},  # what is published; the rest is the private register's
        "commitments": {"version": "2017", "signed": today - dt.timedelta(days=rng.randrange(400, 2000))},
        "last_verified": {"date": verified, "by": "Centre manager"},
    }


def write_centres(count: int, seed: int, out: Path, today: dt.date) -> list[Path]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        centre = make_centre(index, rng, today)
        path = out / f"{centre['slug']}.yml"
        text = "# yaml-language-server: $schema=../docs/schema/centre.schema.json\n"
        text += yaml.safe_dump(centre, sort_keys=False, allow_unicode=True, width=100)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("centres"))
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 1),
                        help="dates are set relative to this day (default: %(default)s, so output is reproducible)")
    args = parser.parse_args(argv)
    paths = write_centres(args.count, args.seed, args.out, args.today)
    print(f"wrote {len(paths)} centres to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
