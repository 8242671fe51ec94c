"""The directory as a visitor uses it: search, filters in the URL, nearest by location or postcode."""

from __future__ import annotations

import json

from helpers import ROOT, fixture_centres
from reporting_centres.nearby import haversine_km

CENTRES = list(fixture_centres().values())
DISTRICTS = json.loads((ROOT / "docs" / "data" / "postcode-districts.json").read_text())["districts"]


def visible_slugs(page) -> list[str]:
    return page.eval_on_selector_all("[data-rc-centre]:not([hidden])", "els => els.map(e => e.dataset.slug)")


def nearest_slug(lat: float, lon: float) -> str:
    return min(CENTRES, key=lambda c: haversine_km(
        (lat, lon), (c["address"]["latitude"], c["address"]["longitude"])))["slug"]


def test_without_javascript_the_full_list_is_there(visit):
    page = visit(java_script_enabled=False).open("directory/")
    assert len(page.query_selector_all("[data-rc-centre]")) == len(CENTRES)
    assert page.is_hidden("[data-rc-filters]")


def test_search_narrows_the_list_and_announces_the_count(visit):
    page = visit().open("directory/")
    count = page.locator("[data-rc-count]")
    assert count.get_attribute("role") == "status"
    assert count.inner_text() == f"Showing all {len(CENTRES)} centres"
    page.fill("#rc-q", "bolton central")
    assert "bolton-central-library" in visible_slugs(page)
    expected = [c for c in CENTRES
                if all(w in json.dumps(c, ensure_ascii=False, default=str).lower() for w in ("bolton", "central"))]
    assert 1 <= len(visible_slugs(page)) <= len(expected)
    assert count.inner_text() == f"Showing {len(visible_slugs(page))} of {len(CENTRES)} centres"
    page.fill("#rc-q", "no centre has this name zzz")
    assert visible_slugs(page) == []
    assert page.is_visible("[data-rc-none]")


def test_filters_live_in_the_url_and_back_undoes_them(visit):
    page = visit().open("directory/")
    page.select_option("#rc-borough", "Bolton")
    assert "borough=Bolton" in page.url
    bolton = sorted(c["slug"] for c in CENTRES if c["address"]["borough"] == "Bolton")
    assert sorted(visible_slugs(page)) == bolton
    page.select_option("#rc-strand", "transgender")
    both = sorted(c["slug"] for c in CENTRES if c["address"]["borough"] == "Bolton" and "transgender" in c["strands"])
    assert sorted(visible_slugs(page)) == both
    page.go_back()
    assert "strand=" not in page.url
    assert sorted(visible_slugs(page)) == bolton
    assert page.input_value("#rc-strand") == ""

    shared = visit().open("directory/?borough=Bolton&language=ur")
    assert shared.input_value("#rc-borough") == "Bolton"
    urdu = sorted(c["slug"] for c in CENTRES if c["address"]["borough"] == "Bolton"
                  and "ur" in [lang["code"] for lang in c["languages"]])
    assert sorted(visible_slugs(shared)) == urdu


def test_open_now_uses_uk_time(visit):
    session = visit(timezone_id="America/New_York")
    # Wednesday 25 November 2026, 18:00 in the UK (13:00 in New York).
    session.page.clock.set_fixed_time("2026-11-25T18:00:00Z")
    page = session.open("directory/")
    page.check("#rc-open")
    shown = set(visible_slugs(page))
    assert "open=1" in page.url
    library = page.locator("#centre-bolton-central-library [data-rc-open]")
    assert library.inner_text() == "Open now, until 19:30"
    assert "bolton-central-library" in shown
    for centre in CENTRES:
        wednesday = centre["hours"].get("wednesday", "closed")
        if centre["slug"] in shown:
            assert centre.get("status", "active") == "active"
            assert wednesday != "closed" and wednesday != "by appointment", centre["slug"]


def test_use_my_location_sorts_by_distance(visit):
    here = {"latitude": 53.5769, "longitude": -2.4299}
    session = visit(geolocation=here, permissions=["geolocation"])
    page = session.open("directory/")
    page.click("[data-rc-locate]")
    page.wait_for_function("document.querySelector('[data-rc-nearest-status]').textContent.includes('sorted')")
    first = visible_slugs(page)[0]
    assert first == nearest_slug(here["latitude"], here["longitude"])
    assert "miles" in page.locator(f"#centre-{first} [data-rc-distance]").inner_text()
    assert session.other_hosts() == []


def test_location_is_asked_for_only_after_a_click(visit):
    session = visit()
    session.page.add_init_script("""
        window.__asked = 0;
        navigator.geolocation.getCurrentPosition = function () { window.__asked += 1; };
    """)
    page = session.open("directory/")
    assert page.evaluate("window.__asked") == 0
    page.click("[data-rc-locate]")
    assert page.evaluate("window.__asked") == 1


def test_postcode_search_stays_on_the_device(visit):
    session = visit()
    page = session.open("directory/")
    page.fill("#rc-postcode", "bl1 1aa")
    page.click("[data-rc-postcode] button[type=submit]")
    page.wait_for_function("document.querySelector('[data-rc-nearest-status]').textContent.includes('BL1')")
    assert visible_slugs(page)[0] == nearest_slug(*DISTRICTS["BL1"])
    assert session.other_hosts() == []

    page.fill("#rc-postcode", "ZZ9 9ZZ")
    page.click("[data-rc-postcode] button[type=submit]")
    page.wait_for_function("document.querySelector('[data-rc-nearest-status]').textContent.includes('ZZ9')")
    assert "We do not know the postcode area ZZ9" in page.inner_text("[data-rc-nearest-status]")


def test_centre_page_shows_today_and_whether_open(visit):
    session = visit()
    session.page.clock.set_fixed_time("2026-11-29T12:00:00Z")  # a Sunday
    page = session.open("centres/bolton-central-library/")
    assert page.inner_text("[data-rc-today]") == "Closed today"
    assert "(today)" in page.inner_text("[data-rc-day=sunday] th")
