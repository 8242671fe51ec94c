"""Open data: the JSON, CSV and GeoJSON exports and the Open Referral UK feed, as the site serves them."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers import FIXTURE_CONFIG, ROOT, fixture_centres, fixture_config, private_values

STANDARDS = ROOT.parent / "shared" / "standards" / "openreferral-uk"  # ../shared/ beside the checkout, where it exists
SITE_URL = fixture_config()["site_url"]
EXPORTS = ["data/centres.json", "data/centres.csv", "data/centres.geojson", "data/openreferral/services.json"]


def centre_files() -> dict[str, dict]:
    return fixture_centres()


def read_json(site: Path, path: str):
    return json.loads((site / path).read_text(encoding="utf-8"))


def oruk_files(site: Path) -> list[Path]:
    return sorted((site / "data" / "openreferral" / "services").glob("*.json"))


def published(site: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted((site / "data").rglob("*"))
                     if path.is_file() and path.suffix in (".json", ".csv", ".geojson"))


def test_directory_page_links_every_export(built_site):
    page = (built_site / "directory" / "index.html").read_text(encoding="utf-8")
    assert 'id="open-data"' in page
    for path in EXPORTS:
        assert f'href="../{path}"' in page, path
        assert (built_site / path).is_file(), path


def test_json_export_has_every_centre_and_its_public_details(built_site):
    data = read_json(built_site, "data/centres.json")
    centres = {centre["slug"]: centre for centre in data["centres"]}
    assert data["region"] == "Irwell Valley"
    assert set(centres) == set(centre_files())
    bolton = centres["bolton-central-library"]
    assert bolton["name"] == "Bolton Central Library"
    assert bolton["address"]["postcode"] == "BL1 1SE"
    assert bolton["contact"]["phones"][0]["number"] == "0161 496 0101"
    assert bolton["hours"]["wednesday"] == "09:00-19:30"
    assert bolton["hours"]["closures"][0] == {"from": "2026-12-25", "to": "2026-12-28", "reason": "Christmas"}
    assert bolton["champion"] == {"role": "Library Services Manager"}
    assert bolton["url"] == SITE_URL + "centres/bolton-central-library/"
    assert set(bolton["commitments"]) == {"version", "signed"}  # not who signed


def test_geojson_has_one_point_per_centre_with_public_fields_only(built_site):
    data = read_json(built_site, "data/centres.geojson")
    files = centre_files()
    assert data["type"] == "FeatureCollection"
    assert sorted(feature["id"] for feature in data["features"]) == sorted(files)
    for feature in data["features"]:
        address = files[feature["id"]]["address"]
        assert feature["geometry"] == {"type": "Point", "coordinates": [address["longitude"], address["latitude"]]}
        assert set(feature["properties"]) == {"slug", "name", "town", "borough", "status", "url"}
        assert feature["properties"]["url"] == f"{SITE_URL}centres/{feature['id']}/"


def test_csv_has_a_row_per_centre_in_a_stable_order_with_unix_line_endings(built_site):
    raw = (built_site / "data" / "centres.csv").read_bytes()
    assert b"\r" not in raw.replace(b'\r"', b"")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    json_order = [centre["slug"] for centre in read_json(built_site, "data/centres.json")["centres"]]
    assert [row["slug"] for row in rows] == json_order
    bolton = next(row for row in rows if row["slug"] == "bolton-central-library")
    assert (bolton["postcode"], bolton["latitude"], bolton["longitude"]) == ("BL1 1SE", "53.5769", "-2.4299")
    assert bolton["champion_name"] == "" and bolton["champion_role"] == "Library Services Manager"
    assert not [name for name in rows[0] if "email" in name and name != "email"]


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_start_with_a_quote():
    from reporting_centres.config import project_from_mkdocs
    from reporting_centres.derive import build_directory
    from reporting_centres.exports import centres_csv
    from reporting_centres.freshness import build_date
    from reporting_centres.validate import load_centres

    project = project_from_mkdocs(FIXTURE_CONFIG)
    centres = load_centres(project.region, project.root)
    hostile = centres[0].model_copy(update={
        "name": '=HYPERLINK("https://evil.example/","Click")', "organisation": "+1+cmd|' /C calc'!A0",
        "description": "-2+3", "alert": "@SUM(A1:A9)"})
    rows = list(csv.DictReader(io.StringIO(centres_csv(build_directory(project.region, [hostile], build_date())))))
    assert rows[0]["name"] == '\'=HYPERLINK("https://evil.example/","Click")'
    assert rows[0]["organisation"] == "'+1+cmd|' /C calc'!A0"
    assert rows[0]["description"] == "'-2+3"
    assert rows[0]["alert"] == "'@SUM(A1:A9)"
    assert rows[0]["longitude"] == str(hostile.address.longitude)  # a number the build wrote stays a number



@pytest.mark.parametrize("sign", ["\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66", "\ufe62", "\ufe63", "\ufe6b"])
def test_csv_cells_starting_with_a_fullwidth_or_small_formula_sign_start_with_a_quote(sign):
    from reporting_centres.exports import spreadsheet_safe

    assert spreadsheet_safe(sign + "SUM(A1:A9)") == "'" + sign + "SUM(A1:A9)"
    assert spreadsheet_safe("A" + sign + "B") == "A" + sign + "B"  # only the first character matters


def test_private_details_are_in_no_export(built_site):
    text = published(built_site)
    files = centre_files()
    for slug in files:
        for value in private_values(slug):
            assert value not in text, f"{slug}: private detail {value!r} was published"
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO((built_site / "data" / "centres.csv").read_text()))}
    for centre in read_json(built_site, "data/centres.json")["centres"]:  # what the centre file publishes, no more
        public = files[centre["slug"]].get("champion") or {}
        assert centre["champion"] == public, centre["slug"]
        row = rows[centre["slug"]]
        assert {"name": row["champion_name"], "role": row["champion_role"]} == {
            "name": public.get("name", ""), "role": public.get("role", "")}, centre["slug"]
    assert any(files[slug].get("champion") for slug in files), "no fixture centre publishes its champion"
    assert '"trained"' not in text
    assert "trained" not in (built_site / "data" / "centres.csv").read_text().splitlines()[0]


@pytest.fixture(scope="module")
def schemas():
    if not STANDARDS.is_dir():
        pytest.skip(f"the Open Referral UK schemas are not at {STANDARDS}")
    from jsonschema import Draft7Validator, FormatChecker

    def validator(name):
        schema = json.loads((STANDARDS / name).read_text(encoding="utf-8"))
        return Draft7Validator(schema, format_checker=FormatChecker())

    page = json.loads((STANDARDS / "openapi.json").read_text(encoding="utf-8"))["components"]["schemas"]["Page"]
    return {"service": validator("service.json"), "service_list": validator("service_list.json"),
            "page": Draft7Validator(page)}


def errors(validator, instance) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def test_openreferral_feed_validates_against_the_uk_profile(built_site, schemas):
    listing = read_json(built_site, "data/openreferral/services.json")
    assert errors(schemas["page"], listing) == []
    assert listing["total_items"] == listing["size"] == len(listing["contents"]) == len(centre_files())
    for entry in listing["contents"]:
        assert errors(schemas["service_list"], entry) == [], entry["name"]
    files = oruk_files(built_site)
    assert [path.stem for path in files] == sorted(entry["id"] for entry in listing["contents"])
    for path in files:
        service = read_json(built_site, path.relative_to(built_site).as_posix())
        assert errors(schemas["service"], service) == [], path.name
        assert service["id"] == path.stem
        assert urlsplit(service["url"]).scheme == "https"
    assert read_json(built_site, "data/openreferral/index.json")["version"] == "3.0"


def test_openreferral_ids_are_derived_from_the_slugs(built_site):
    listing = read_json(built_site, "data/openreferral/services.json")
    by_url = {entry["url"]: entry["id"] for entry in listing["contents"]}
    for slug in centre_files():
        url = f"{SITE_URL}centres/{slug}/"
        assert by_url[url] == str(uuid.uuid5(uuid.NAMESPACE_URL, url)), slug
    ids = []  # every record's own id (organisations may run several centres, so theirs repeat)
    for path in oruk_files(built_site):
        service = read_json(built_site, path.relative_to(built_site).as_posix())
        service.pop("organization")
        ids += re.findall(r'"id": "([0-9a-f-]{36})"', json.dumps(service))
    assert len(ids) > len(listing["contents"]) * 5
    assert len(ids) == len(set(ids))


def test_bolton_service_in_the_feed(built_site):
    sid = str(uuid.uuid5(uuid.NAMESPACE_URL, SITE_URL + "centres/bolton-central-library/"))
    service = read_json(built_site, f"data/openreferral/services/{sid}.json")
    location = service["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "BL1 1SE"
    assert (location["latitude"], location["longitude"]) == (53.5769, -2.4299)
    wednesday = [s for s in service["schedules"] if s.get("byday") == "WE"]
    assert [(s["opens_at"], s["closes_at"]) for s in wednesday] == [("09:00:00", "19:30:00")]
    assert service["contacts"] == [{"id": service["contacts"][0]["id"], "service_id": sid,
                                    "title": "Library Services Manager"}]
    languages = [(row["code"], row["name"], row.get("note")) for row in service["languages"]]
    assert languages == [("en", "English", None), ("ur", "Urdu", "Tuesdays and Thursdays"), ("gu", "Gujarati", None)]
    assert {row["service_id"] for row in service["languages"]} == {sid}
    closed = [s for s in service["schedules"] if s.get("valid_from")]
    assert [(s["valid_from"], s["valid_to"], s["description"]) for s in closed] == [
        ("2026-12-25", "2026-12-28", "Closed: Christmas")]
    assert "opens_at" not in closed[0] and "byday" not in closed[0]


@pytest.mark.parametrize("site_url", ["https://centres.example.org/", ""])
def test_stable_ids_are_the_standard_name_based_uuids(site_url):
    from types import SimpleNamespace

    from reporting_centres.exports import stable_id

    directory = SimpleNamespace(region=SimpleNamespace(site_url=site_url))
    for name in ["centres/a/", "centres/été-ünïcode/#schedule-monday-2", "organisations/" + "x" * 300, ""]:
        expected = uuid.uuid5(uuid.NAMESPACE_URL, (site_url or "urn:reporting-centres:") + name)
        assert stable_id(directory, name) == str(expected)  # type: ignore[arg-type]


def test_the_build_lists_the_data_files_where_they_are_made(built_site):
    """The build lists the data files before a forked child makes them (forked.py): the list is the files made,
    and the site has each of them."""
    from reporting_centres.config import project_from_mkdocs
    from reporting_centres.derive import build_directory
    from reporting_centres.freshness import build_date
    from reporting_centres.pages.generated import generated_data, generated_data_paths
    from reporting_centres.validate import load_centres

    project = project_from_mkdocs(FIXTURE_CONFIG)
    directory = build_directory(project.region, load_centres(project.region, project.root), build_date())
    paths = generated_data_paths(directory)
    assert paths == list(generated_data(directory)) and len(paths) == len(directory.centres) + 6
    assert all((built_site / path).is_file() for path in paths)
