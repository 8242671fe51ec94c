"""Privacy by structure: a centre's private fields never reach any renderer's input.

Personal details live in the private register, which the build never reads (tests/test_structure.py
keeps it so); what a centre file holds that is not for publishing (who last checked the details)
holds a canary below. The derive stage's output, the directory every renderer receives, is searched
value by value; then every renderer is run on it (every page, every data file, every kit item's
fields) and its output searched too. The renderers' own signatures are checked to take the public
projection, never the validated ``Centre``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from reporting_centres import exports, update_form
from reporting_centres.config import region_from_extra
from reporting_centres.derive import Directory, build_directory
from reporting_centres.kits import fields as kit_fields_module
from reporting_centres.kits import plan_kits
from reporting_centres.kits.brand import load_brand
from reporting_centres.model import Centre
from reporting_centres.pages import generated_data, generated_pages, maps, staff_pages, templating
from reporting_centres.pages.generated import page_languages
from reporting_centres.pages.light import page_shell
from reporting_centres.public import PublicCentre
from reporting_centres.translations import SOURCE, load_catalogues

BRAND = Path(__file__).resolve().parent.parent / "brand"
TODAY = dt.date(2026, 11, 1)
CANARIES = {"last_verified.by": "CanaryVerifier"}
CANARY_TEXT = tuple(CANARIES.values())
PUBLISHED = {"name": "Published Champion Name", "role": "Published Champion Role"}


def region():
    return region_from_extra({"reporting_centres": {
        "name": "Canary Vale", "boroughs": ["Northside", "Southside"],
        "bounds": {"south": 53.0, "west": -3.0, "north": 54.0, "east": -2.0},
        "stop_hate_uk": {"phone": "0800 138 1625", "url": "https://www.stophateuk.org/"},
        "brand_dir": str(BRAND),
    }}, site_url="https://centres.example.org/")


def centre(slug: str, latitude: float, champion: dict[str, str]) -> Centre:
    data = {
        "slug": slug, "name": f"Centre {slug}", "organisation": "Vale Libraries", "kind": "library",
        "description": "A library that takes hate crime reports.",
        "address": {"lines": ["1 High Street"], "town": "Valeton", "borough": "Northside", "postcode": "M1 1AE",
                    "latitude": latitude, "longitude": -2.5, "directions": "Next to the bus station."},
        "contact": {"phones": [{"number": "0161 496 0000"}], "email": "hello@library.example.org",
                    "website": "https://library.example.org/"},
        "hours": {"monday": "09:00-17:00", "saturday": "24 hours",
                  "closures": [{"from": dt.date(2026, 12, 25), "to": dt.date(2026, 12, 26), "reason": "Christmas"}]},
        "reporting": {"stop_hate_uk": True, "anonymous": True},
        "strands": ["race", "disability"],
        "accessibility": {"step_free": True, "notes": "Ramp at the side door."},
        "languages": [{"code": "en"}, {"code": "ur", "note": "Tuesdays"}],
        "champion": champion,
        "commitments": {"version": "2017", "signed": dt.date(2024, 5, 1)},
        "last_verified": {"date": dt.date(2026, 10, 1), "by": CANARIES["last_verified.by"]},
    }
    return Centre.model_validate(data, context={"region": region()})


@pytest.fixture(scope="module")
def directory() -> Directory:
    # Two centres, so that each is the other's neighbour; one publishes its champion's name and role.
    return build_directory(region(), [centre("first", 53.4, PUBLISHED), centre("second", 53.5, {})], TODAY)


def values_in(value, seen=None) -> typing.Iterator[str]:
    """Every scalar reachable from ``value``, as text: dataclass fields, model fields, items."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from values_in(getattr(value, name), seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from values_in(getattr(value, field.name), seen)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from values_in(key, seen)
            yield from values_in(item, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from values_in(item, seen)
    elif isinstance(value, (dt.date, str, int, float)) or value is None:
        yield str(value)


def leaks(texts) -> list[str]:
    return sorted({canary for text in texts for canary in CANARY_TEXT if canary in text})


def test_the_validated_centre_does_hold_every_canary():
    """Otherwise the checks below would find nothing for want of anything to find."""
    assert leaks(values_in(centre("first", 53.4, {}))) == sorted(CANARY_TEXT)


def test_the_directory_every_renderer_receives_holds_no_private_value(directory):
    assert all(isinstance(c, PublicCentre) for c in directory.centres)
    assert leaks(values_in(directory)) == []


def test_no_renderer_output_holds_a_private_value(directory):
    plan = plan_kits(directory.region, directory.centres, Path.cwd())
    brand = load_brand(BRAND)
    outputs = [page.render(page.uri.replace("index.md", "")) for page in generated_pages(directory, plan)]
    outputs += generated_data(directory).values()
    main = page_languages(load_catalogues([SOURCE]))[0]
    outputs += staff_pages(directory, plan, main, page_shell("Site", "", "", None, main)).values()
    outputs += [str(kit_fields_module.kit_fields(c, directory.region, brand, [*item.uses, "name"]))
                for c in directory.centres for item in brand.items.values()]
    assert len(outputs) > 10 and any("Centre first" in text for text in outputs)
    assert leaks(outputs) == []


def test_what_a_centre_file_says_of_its_champion_is_what_is_shown(directory):
    first, second = directory.centres
    assert first.champion.shown() == (PUBLISHED["name"], PUBLISHED["role"]) and second.champion.shown() == ()
    pages = {page.uri: page for page in generated_pages(directory)}
    rendered = pages["centres/first/index.md"].render("centres/first/")
    assert "Published Champion Name, Published Champion Role" in rendered


def test_a_centre_file_cannot_hold_a_champions_private_details():
    with pytest.raises(ValidationError) as refused:
        centre("first", 53.4, {"name": "A Name", "email": "champion@example.org"})
    assert [(e["loc"], e["type"]) for e in refused.value.errors()] == [(("champion", "email"), "extra_forbidden")]


RENDERERS = [
    *(function for module in (exports, templating, maps)
      for _, function in inspect.getmembers(module, inspect.isfunction)
      if function.__module__ == module.__name__),
    update_form.form_values, kit_fields_module.kit_fields, kit_fields_module.certificate_number, plan_kits,
]


@pytest.mark.parametrize("renderer", RENDERERS, ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_no_renderer_takes_the_validated_centre(renderer):
    hints = typing.get_type_hints(renderer)
    assert not any("model.Centre" in repr(hint) or hint is Centre for hint in hints.values()), hints
