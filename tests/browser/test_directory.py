"""The directory as a visitor uses it: search, filters in the URL, nearest by location or postcode."""

from __future__ import annotations

import json

from helpers import ROOT, fixture_centres, wait_until
from reporting_centres.nearby import haversine_km

CENTRES = list(fixture_centres().values())
DISTRICTS = json.loads((ROOT / "docs" / "data" / "postcode-districts.json").read_text())["districts"]


def visible_slugs(page) -> list[str]:
    return page.eval_on_selector_all("[data-rc-centre]:not([hidden])", "els => els.map(e => e.dataset.slug)")


def nearest_slug(lat: float, lon: float) -> str:
    return min(CENTRES, key=lambda c: haversine_km(
        (lat, lon), (c["address"]["latitude"], c["address"]["longitude"])))["slug"]


def test_without_javascript_the_full_list_is_there(shared_visit):
    page = shared_visit(java_script_enabled=False).open("directory/")
    assert len(page.query_selector_all("[data-rc-centre]")) == len(CENTRES)
    assert page.is_hidden("[data-rc-filters]")


def test_search_narrows_the_list_and_announces_the_count(shared_visit):
    page = shared_visit().open("directory/")
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


def test_filters_and_search_words_never_enter_the_address_or_history(shared_visit):
    page = shared_visit().open("directory/")
    address, length = page.url, page.evaluate("history.length")
    page.select_option("#rc-borough", "Bolton")
    bolton = sorted(c["slug"] for c in CENTRES if c["address"]["borough"] == "Bolton")
    assert sorted(visible_slugs(page)) == bolton
    page.select_option("#rc-strand", "transgender")
    both = sorted(c["slug"] for c in CENTRES if c["address"]["borough"] == "Bolton" and "transgender" in c["strands"])
    assert sorted(visible_slugs(page)) == both
    page.fill("#rc-q", "library")
    page.check("#rc-open")
    page.press("#rc-q", "Enter")
    assert page.url == address
    assert page.evaluate("history.length") == length


def test_a_link_may_set_a_borough_but_never_a_type_of_hate_crime_or_search_words(shared_visit):
    shared = shared_visit().open("directory/?borough=Bolton&language=ur&strand=transgender&q=library")
    assert shared.input_value("#rc-borough") == "Bolton"
    assert shared.input_value("#rc-strand") == ""
    assert shared.input_value("#rc-q") == ""
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
    library = page.locator("#centre-bolton-central-library [data-rc-open]")
    assert library.inner_text() == "Open until 7:30pm"
    assert "bolton-central-library" in shown
    for centre in CENTRES:
        wednesday = centre["hours"].get("wednesday", "closed")
        if centre["slug"] in shown:
            assert centre.get("status", "active") == "active"
            assert wednesday != "closed" and wednesday != "by appointment", centre["slug"]


def answer_slugs(page, which: str = "open") -> list[str]:
    return page.eval_on_selector_all(f"[data-rc-answer-{which}] h3 a",
                                     "els => els.map(e => e.getAttribute('href').split('/').slice(-2)[0])")


def answer_focused(page) -> None:
    """Waits for focus on the answer's heading (a polled string would be eval, which the policy refuses)."""
    from playwright.sync_api import expect

    expect(page.locator("#rc-answer-title")).to_be_focused()


def find_postcode(page, postcode: str) -> None:
    page.fill("#rc-postcode", postcode)
    page.click("[data-rc-postcode] button[type=submit]")
    answer_focused(page)


def test_use_my_location_sorts_by_distance_and_answers_first(visit):
    here = {"latitude": 53.5769, "longitude": -2.4299}
    session = visit(geolocation=here, permissions=["geolocation"])
    session.page.clock.set_fixed_time("2026-11-25T12:00:00Z")  # a Wednesday at noon
    page = session.open("directory/")
    page.click("[data-rc-locate]")
    answer_focused(page)
    assert page.inner_text("#rc-answer-title") == "Nearest centres to your location"
    first = visible_slugs(page)[0]
    assert first == nearest_slug(here["latitude"], here["longitude"])
    assert "miles" in page.locator(f"#centre-{first} [data-rc-distance]").inner_text()
    assert answer_slugs(page)[0] == "bolton-central-library"
    assert "miles" in page.inner_text("[data-rc-answer-open] li")
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


def test_postcode_search_stays_on_the_device_and_answers_first(visit):
    session = visit(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    session.page.clock.set_fixed_time("2026-11-25T12:00:00Z")  # a Wednesday at noon
    page = session.open("directory/")
    find_postcode(page, "bl1 1aa")
    assert page.inner_text("#rc-answer-title") == "Nearest centres to BL1 1AA"
    assert visible_slugs(page)[0] == nearest_slug(*DISTRICTS["BL1"])
    nearest = answer_slugs(page)
    assert 1 <= len(nearest) <= 3
    assert "radcliffe-old-library" not in nearest and "farnworth-advice-cafe" not in nearest  # closed
    first = page.inner_text("[data-rc-answer-open] li")
    assert "Open until" in first and "about" in first and "0.1 miles" not in first
    # the answer is in the first screen after asking
    top = page.evaluate("document.getElementById('rc-answer-title').getBoundingClientRect().top")
    assert 0 <= top < 640
    assert session.other_hosts() == []


def test_a_district_the_table_lacks_falls_back_to_its_area_without_blaming_the_visitor(shared_visit):
    assert "M24" not in DISTRICTS
    page = shared_visit().open("directory/")
    find_postcode(page, "M24 6AB")
    assert page.inner_text("#rc-answer-title") == "Nearest centres to M24 6AB"
    note = page.inner_text("[data-rc-answer-note]")
    assert "M postcode area" in note and "Check" not in note
    assert answer_slugs(page) + answer_slugs(page, "closed")


def test_a_district_only_the_centres_know_is_found(shared_visit):
    assert "M50" not in DISTRICTS
    page = shared_visit().open("directory/")
    find_postcode(page, "M50 3AZ")
    assert (answer_slugs(page) + answer_slugs(page, "closed"))[0] == "salford-quays-night-hub"


def test_a_postcode_outside_the_region_says_so_and_offers_true_vision_and_stop_hate_uk(shared_visit):
    page = shared_visit().open("directory/")
    find_postcode(page, "sw1a 1aa")
    assert page.inner_text("#rc-answer-title") == "SW1A 1AA is not in Irwell Valley"
    anytime = page.locator("[data-rc-answer-anytime]")
    assert anytime.is_visible()
    assert anytime.locator("a[href='https://www.report-it.org.uk/']").is_visible()
    assert anytime.locator("a[href='tel:08001381625']").is_visible()
    assert answer_slugs(page) == [] and answer_slugs(page, "closed") == []


def test_late_on_sunday_the_nearest_open_come_first_and_nothing_open_offers_the_24_hour_ways(visit):
    session = visit()
    session.page.clock.set_fixed_time("2026-11-29T23:00:00Z")  # Sunday 23:00 in the UK
    page = session.open("directory/")
    find_postcode(page, "BL1 1AA")
    assert answer_slugs(page) == ["salford-quays-night-hub"]  # the only one open
    assert len(answer_slugs(page, "closed")) == 2
    assert not page.is_visible("[data-rc-answer-anytime]")
    library = page.locator("#centre-bolton-central-library [data-rc-open]")
    assert library.inner_text() == "Closed, opens 9am Monday"

    page.select_option("#rc-strand", "religion-or-belief")  # the night hub does not take these
    assert answer_slugs(page) == []
    assert page.is_visible("[data-rc-answer-anytime]")
    assert "open now" in page.inner_text("[data-rc-answer-note]")
    closed = page.inner_text("[data-rc-answer-closed]")
    assert "Closed" in closed

    page.check("#rc-open")
    assert visible_slugs(page) == []
    assert page.is_visible("[data-rc-none] .rc-anytime")


def test_a_borough_with_nothing_open_says_so_and_shows_the_24_hour_ways(visit):
    session = visit()
    session.page.clock.set_fixed_time("2026-11-29T23:00:00Z")  # Sunday 23:00: nothing in Bolton is open
    page = session.open("boroughs/bolton/")
    none_open = page.locator("[data-rc-none-open]")
    assert none_open.is_visible()
    assert "No centre in Bolton is open now." in none_open.inner_text()
    assert none_open.get_by_role("heading", name="Report now, at any time").is_visible()
    assert none_open.locator("a[href='https://www.report-it.org.uk/']").is_visible()
    assert none_open.locator("a[href='tel:08001381625']").is_visible()
    above = page.evaluate("""() => !!(document.querySelector('[data-rc-none-open]').compareDocumentPosition(
        document.querySelector('#centres')) & Node.DOCUMENT_POSITION_FOLLOWING)""")
    assert above, "the 24-hour ways come before the list, so nobody has to look for them"


def test_a_borough_with_a_centre_open_does_not_show_the_24_hour_box(visit):
    session = visit()
    session.page.clock.set_fixed_time("2026-11-25T12:00:00Z")  # a Wednesday at noon: the library is open
    page = session.open("boroughs/bolton/")
    assert page.locator("#centre-bolton-central-library [data-rc-open]").inner_text().startswith("Open until")
    assert not page.is_visible("[data-rc-none-open]")


def test_without_javascript_a_borough_page_does_not_claim_nothing_is_open(shared_visit):
    page = shared_visit(java_script_enabled=False).open("boroughs/bolton/")
    assert not page.is_visible("[data-rc-none-open]")


def test_centre_page_shows_today_and_whether_open(visit):
    session = visit()
    session.page.clock.set_fixed_time("2026-11-29T12:00:00Z")  # a Sunday
    page = session.open("centres/bolton-central-library/")
    assert page.inner_text("[data-rc-today]") == "Closed, opens 9am Monday"
    assert "(today)" in page.inner_text("[data-rc-day=sunday] th")


SECTORS = json.loads((ROOT / "docs" / "data" / "postcode-sectors.json").read_text())["sectors"]


def test_a_full_postcode_is_placed_by_its_sector_fetched_only_when_the_visitor_searches(visit):
    session = visit()
    page = session.open("directory/")
    assert not [url for url in session.requests if "postcode-" in url]  # nothing looked up at page load
    find_postcode(page, "BL3")  # a district alone: the sector table is not needed
    assert not [url for url in session.requests if "postcode-sectors" in url]
    find_postcode(page, "bl3 2aa")
    wait_until(page, "document.getElementById('rc-answer-title').textContent === 'Nearest centres to BL3 2AA'")
    assert [url for url in session.requests if url.endswith("/data/postcode-sectors.json")]
    assert visible_slugs(page)[0] == nearest_slug(*SECTORS["BL3 2"])
    assert session.other_hosts() == []


def test_a_sector_the_table_lacks_falls_back_to_the_district(shared_visit):
    assert "BL1 9" not in SECTORS
    page = shared_visit().open("directory/")
    find_postcode(page, "BL1 9ZZ")
    assert page.inner_text("#rc-answer-title") == "Nearest centres to BL1 9ZZ"
    assert visible_slugs(page)[0] == nearest_slug(*DISTRICTS["BL1"])
