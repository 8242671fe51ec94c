"""Fixtures for the brand kit tests: the region, a small fixture centre, odd names, rendered kits."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from helpers import ROOT, fixture_centres, fixture_config
from reporting_centres.config import region_from_extra
from reporting_centres.kits import KitPlan, plan_kits, write_kits
from reporting_centres.model import Centre
from reporting_centres.public import public_centre

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
FIXTURE_SLUG = "kit-fixture-centre"


def region():
    config = fixture_config()
    return region_from_extra(config["extra"], site_url=config["site_url"])


def centre_data() -> dict:
    return yaml.safe_load((FIXTURES / "centre.yml").read_text(encoding="utf-8"))


def make_centre(**changes) -> Centre:
    """The fixture centre with top-level fields replaced, validated like any centre file."""
    data = {**centre_data(), **changes}
    return Centre.model_validate(data, context={"region": region()})


def odd_names() -> dict[str, str]:
    """The fixture's odd names, the longest name a centre may have, and the fixture region's
    longest and non-ASCII names."""
    names = yaml.safe_load((FIXTURES / "names.yml").read_text(encoding="utf-8"))
    limit = next(rule.max_length for rule in Centre.model_fields["name"].metadata if getattr(rule, "max_length", None))
    names["widest_at_max_length"] = ("MWMWM " * 40)[:limit]
    region = [centre["name"] for centre in fixture_centres().values()]
    names["region_longest"] = max(region, key=len)
    non_ascii = [name for name in region if not name.isascii()]
    assert non_ascii, "the fixture region should have a centre whose name is not ASCII"
    for index, name in enumerate(non_ascii):
        names[f"region_non_ascii_{index}"] = name
    return names


def max_length(*path: str) -> int:
    """The longest text the model allows at ``path`` (e.g. "address", "lines"), from its JSON Schema."""
    schema = Centre.model_json_schema(by_alias=True)
    node = schema
    for part in path:
        node = _resolved(schema, node)["properties"][part]
    return _resolved(schema, node)["maxLength"]


def _resolved(schema: dict, node: dict) -> dict:
    """Follow $ref, the non-null choice of anyOf, and array items, to the definition itself."""
    if "$ref" in node:
        return _resolved(schema, schema["$defs"][node["$ref"].rsplit("/", 1)[-1]])
    for choice in node.get("anyOf", ()):
        if choice.get("type") != "null":
            return _resolved(schema, choice)
    if node.get("type") == "array":
        return _resolved(schema, node["items"])
    return node


def wide(length: int) -> str:
    """Text of wide capital letters and spaces: the hardest to fit for its length."""
    return ("MWMWM " * (length // 6 + 1))[: length - 1] + "W"


def maximal_centre() -> Centre:
    """The fixture centre with every field a kit prints at the longest the model allows."""
    data = centre_data()
    data.update(slug="maximal-centre", name=wide(max_length("name")))
    data["address"].update(lines=[wide(max_length("address", "lines"))] * 4, town=wide(max_length("address", "town")))
    data["contact"]["phones"] = [{"number": f"0161 496 09{index:02}", "type": "textphone",
                                  "note": wide(max_length("contact", "phones", "note"))} for index in range(5)]
    data["contact"]["email"] = "m" * 64 + "@" + "w" * 63 + ".example.org"
    data["hours"] = {day: ", ".join(f"{hour:02}:00-{hour:02}:30" for hour in range(8, 20)) for day in
                     ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")}
    data["hours"]["notes"] = wide(max_length("hours", "notes"))
    data["commitments"].update(version=wide(max_length("commitments", "version")))
    return Centre.model_validate(data, context={"region": region()})


def odd_centres() -> list[Centre]:
    """A centre for every odd name, and one with every printed field at its longest."""
    return [make_centre(slug=f"odd-{key.replace('_', '-')}", name=name) for key, name in odd_names().items()] + [
        maximal_centre()]


LONGEST_SIGNATORY = {"maximal-centre": wide(120)}  # the register's limit: a private certificate names them


def plan(centres, tmp_path: Path, **options):
    options.setdefault("signatories", LONGEST_SIGNATORY)
    options.setdefault("proofs", False)  # Ghostscript's soft proofs: the fixture kit has them, other tests need none
    return plan_kits(region(), [public_centre(centre, region()) for centre in centres], ROOT,
                     cache_dir=tmp_path / "cache", workers=options.pop("workers", 1), **options)


def run_tool(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return result.stdout


def filled_svgs(kits: KitPlan) -> dict[tuple[str, str], bytes]:
    """Every centre's items as filled SVG, by (slug, item): what the kits draw their PDFs and PNGs from.
    A printed item's SVG is not published, so tests that look inside the artwork fill it here."""
    from reporting_centres.kits.items import fill_svg  # cairocffi: loaded where something is drawn

    return {(kit.slug, job.item): fill_svg(job) for kit in kits.centres for job in kit.jobs}


@pytest.fixture(scope="session")
def fixture_svgs(tmp_path_factory) -> dict[str, bytes]:
    """The fixture centre's items as filled SVG, by item (the artwork of its kit's PDFs)."""
    kits = plan([make_centre()], tmp_path_factory.mktemp("fixture-svgs"))
    return {item: svg for (_, item), svg in filled_svgs(kits).items()}


@pytest.fixture(scope="session")
def odd_svgs(tmp_path_factory) -> dict[tuple[str, str], bytes]:
    """Every odd name's items as filled SVG, by (slug, item) (the artwork of the odd kits' PDFs)."""
    return filled_svgs(plan(odd_centres(), tmp_path_factory.mktemp("odd-svgs")))


@pytest.fixture(scope="session")
def fixture_kit(tmp_path_factory) -> Path:
    """The fixture centre's kit, written once: site-like folder with kits/<slug>/..."""
    folder = tmp_path_factory.mktemp("fixture-kit")
    write_kits(plan([make_centre()], folder, proofs=True), folder / "site")
    return folder / "site" / "kits"


@pytest.fixture(scope="session")
def odd_kits(tmp_path_factory) -> Path:
    """Kits for every odd name, rendered with two worker processes as the build does."""
    folder = tmp_path_factory.mktemp("odd-kits")
    write_kits(plan(odd_centres(), folder, workers=2), folder / "site")
    return folder / "site" / "kits"
