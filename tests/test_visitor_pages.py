"""What the visitor pages carry for search engines and for speakers of other languages, and the
static pages per postcode district."""

from __future__ import annotations

import html
import json
import re

import pytest

from reporting_centres.pages.templating import PageLanguage, approximate_distance
from reporting_centres.places import area_boroughs, district_sort_key
from reporting_centres.translations import load_catalogues

ENGLISH = load_catalogues(["en"])["en"]
IN_ENGLISH = PageLanguage(ENGLISH)

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def json_ld(site, slug: str) -> dict:
    page = (site / "centres" / slug / "index.html").read_text(encoding="utf-8")
    return json.loads(LD_JSON.search(page).group(1))


def test_json_ld_has_opening_hours_telephone_and_geo(built_site):
    data = json_ld(built_site, "bolton-central-library")
    monday = [entry for entry in data["openingHoursSpecification"] if entry["dayOfWeek"].endswith("/Monday")]
    assert monday == [{"@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/Monday",
                       "opens": "09:00", "closes": "17:00"}]
    assert not [entry for entry in data["openingHoursSpecification"] if entry["dayOfWeek"].endswith("/Sunday")]
    closed = {"@type": "OpeningHoursSpecification", "validFrom": "2026-12-25", "validThrough": "2026-12-28",
              "opens": "00:00", "closes": "00:00"}
    assert data["specialOpeningHoursSpecification"] == [closed]
    assert data["telephone"] and data["location"]["geo"]["latitude"]


def test_json_ld_open_24_hours_and_closed_for_good(built_site):
    hub = json_ld(built_site, "salford-quays-night-hub")["openingHoursSpecification"]
    assert len(hub) == 7 and all(entry["opens"] == "00:00" and entry["closes"] == "23:59" for entry in hub)
    assert "openingHoursSpecification" not in json_ld(built_site, "radcliffe-old-library")


def test_languages_by_their_own_names_too(built_site):
    page = (built_site / "centres" / "bolton-central-library" / "index.html").read_text(encoding="utf-8")
    assert '<bdi lang="ur">اردو</bdi> Urdu' in page
    assert '<bdi lang="en">' not in page  # English is not named twice
    directory = (built_site / "directory" / "index.html").read_text(encoding="utf-8")
    assert '<option value="pl">Polish (polski)</option>' in directory


def test_a_page_per_district_listed_a_to_z(built_site):
    listing = (built_site / "near" / "index.html").read_text(encoding="utf-8")
    codes = re.findall(r'<li><a href="([A-Z0-9]+)/">', listing)
    assert "BL1" in codes and "M50" in codes  # from the table, and from a centre's postcode
    assert codes == sorted(codes, key=district_sort_key)
    assert (built_site / "near" / "M50" / "index.html").is_file()


@pytest.mark.parametrize(("miles", "words"), [(0.1, "less than half a mile away"), (0.5, "about half a mile away"),
                                              (1.2, "about 1 mile away"), (3.6, "about 4 miles away")])
def test_rough_distances_as_the_browser_gives_them(miles, words):
    assert approximate_distance(miles * 1.609344, ENGLISH) == words  # tests/js/nearest.test.js has the same cases


def test_each_postcode_area_knows_its_boroughs(built_site):
    page = (built_site / "directory" / "index.html").read_text(encoding="utf-8")
    places = json.loads(re.search(r'<script type="application/json" data-rc-places>(.*?)</script>', page).group(1))
    assert places["areas"]["BL"] == ["Bolton", "Bury"]
    assert "M50" in places["districts"]
    assert area_boroughs([]) == {}


def test_names_in_other_languages_are_marked_as_such(built_site):
    urdu = '<bdi lang="ur" dir="rtl">ایکلز کمیونٹی رومز</bdi>'  # right to left, as Urdu is written
    polish = '<bdi lang="pl">Świetlica Ośrodka w Eccles</bdi>'
    for path in ("centres/eccles-community-rooms", "directory", "boroughs/salford"):
        page = (built_site / path / "index.html").read_text(encoding="utf-8")
        assert urdu in page and polish in page, path
    assert json_ld(built_site, "eccles-community-rooms")["alternateName"] == [
        {"@value": "Świetlica Ośrodka w Eccles", "@language": "pl"},
        {"@value": "ایکلز کمیونٹی رومز", "@language": "ur"}]
    assert "alternateName" not in json_ld(built_site, "bolton-central-library")


def test_a_name_in_another_language_is_marked_on_every_page_that_names_it():
    import datetime as dt

    from helpers import FIXTURE_CENTRES, FIXTURE_CONFIG
    from reporting_centres.config import project_from_mkdocs
    from reporting_centres.derive import build_directory
    from reporting_centres.pages import templating
    from reporting_centres.validate import load_centres

    project = project_from_mkdocs(FIXTURE_CONFIG)
    library = load_centres(project.region, project.root, [FIXTURE_CENTRES / "bolton-central-library.yml"])[0]
    names = {"Llyfrgell Ganolog Bolton": "cy", "مكتبة بولتون المركزية": "ar"}
    for name, tag in names.items():
        directory = build_directory(project.region, [library.model_copy(update={"name": name, "name_lang": tag})],
                                    dt.date(2026, 11, 25))
        centre = directory.centres[0]
        attributes = f'lang="{tag}"' + (' dir="rtl"' if tag == "ar" else "")
        page = templating.centre_page(directory, centre, False, IN_ENGLISH, f"centres/{centre.slug}/")
        assert f"<h1 {attributes}>{name}</h1>" in page
        listing = templating.directory_page(directory, IN_ENGLISH, "directory/")
        assert f'<a href="../centres/{centre.slug}/" {attributes}>{name}</a>' in listing


def test_the_printers_page_says_how_to_print_each_item_as_the_job_ticket_does(built_site):
    """A summary list per item (no wide table to scroll sideways on a phone), with the ticket's own words."""
    page = (built_site / "printers" / "index.html").read_text(encoding="utf-8")
    ticket = json.loads((built_site / "kits" / "job-ticket.json").read_text(encoding="utf-8"))
    for entry in ticket["items"]:
        section = page[page.index(f'id="item-{entry["item"]}"'):]
        section = section[:section.index("</dl>")]
        for label, value in (("Per centre", str(entry["quantity_per_centre"])), ("Cut", entry["cut"])):
            assert f"<dt>{label}</dt><dd>{html.escape(value, quote=False)}</dd>" in section
        assert html.escape(entry["stock"], quote=False) in section
