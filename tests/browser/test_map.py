"""The maps: nothing from another host until "Show map"; then Leaflet (from this site), clusters,
markers, OpenStreetMap tiles (answered locally here, so the test stays offline) and safe popups."""

from __future__ import annotations

import base64
from urllib.parse import urlsplit

import pytest

from helpers import axe_violations, wait_until
from reporting_centres.translations import load_catalogues

TILE_HOST = "tile.openstreetmap.org"
PNG = base64.b64decode(  # a 1x1 transparent PNG, standing in for every map tile
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


def offline_tiles(context):
    context.route(f"https://{TILE_HOST}/**", lambda route: route.fulfill(
        status=200, content_type="image/png", body=PNG))


def show_map(session, path, button="Show map"):
    offline_tiles(session.context)
    page = session.open(path)
    page.wait_for_load_state("networkidle")
    assert session.other_hosts() == [], "something was fetched from another host before 'Show map'"
    page.get_by_role("button", name=button).click()
    page.wait_for_selector("[data-rc-map-shown] .leaflet-marker-icon")
    page.wait_for_load_state("networkidle")
    settled(page)
    return page


def settled(page):
    """Wait until the map has stopped moving: no zoom animation, no marker or cluster fading in or out
    (a cluster still fading in sits where it was, over its neighbours, until the animation ends)."""
    wait_until(page, """() => !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')
        && Array.from(document.querySelectorAll('.leaflet-marker-icon'))
                .every(m => getComputedStyle(m).opacity === '1')""")


def tile_requests(session) -> list[str]:
    return [url for url in session.requests if urlsplit(url).netloc == TILE_HOST]


@pytest.mark.parametrize("path", ["directory/", "boroughs/bolton/", "centres/bolton-central-library/"])
def test_nothing_loads_until_show_map(visit, path):
    session = visit()
    offline_tiles(session.context)
    page = session.open(path)
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(300)
    assert session.other_hosts() == []
    assert not [url for url in session.requests if "leaflet" in url or url.endswith(".geojson")]
    assert page.locator(".leaflet-container").count() == 0
    assert page.get_by_role("button", name="Show map").is_visible()


def test_directory_map_shows_clusters_and_loads_tiles_only_after_show_map(visit):
    session = visit()
    page = show_map(session, "directory/")
    assert page.locator(".leaflet-container").is_visible()
    clusters = page.locator(".marker-cluster")
    assert clusters.count() > 0
    shown = page.evaluate("""Array.from(document.querySelectorAll('.marker-cluster span'))
                             .reduce((sum, s) => sum + Number(s.textContent), 0)""")
    single = page.locator(".leaflet-marker-icon:not(.marker-cluster)").count()
    assert shown + single == page.locator("[data-rc-list] [data-rc-centre]").count()
    assert tile_requests(session), "no map tile was requested after 'Show map'"
    assert {urlsplit(url).netloc for url in session.other_hosts()} == {TILE_HOST}
    local = [urlsplit(url).path for url in session.requests if urlsplit(url).netloc != TILE_HOST]
    assert "/assets/vendor/leaflet/leaflet.js" in local and "/data/centres.geojson" in local
    assert "The map shows" in page.inner_text("[data-rc-map-status]")


def test_borough_map_shows_only_its_centres(visit):
    page = show_map(visit(), "boroughs/bolton/")
    page.wait_for_timeout(300)
    names = set(page.evaluate("""Array.from(document.querySelectorAll('.leaflet-marker-icon[alt]'))
                                 .map(m => m.getAttribute('alt'))"""))
    listed = {name.strip() for name in page.locator(".rc-centre__name").all_inner_texts()}
    clusters = page.locator(".marker-cluster").count()
    assert names <= listed and (names == listed or clusters > 0)
    assert "Bolton Central Library" in names or clusters > 0


def test_popup_shows_the_name_and_links_to_the_centre_page_in_the_pages_language(visit):
    """On the Urdu page: Leaflet's own buttons (zoom, close) are named in Urdu, and the popup links to
    the centre's Urdu page."""
    words = load_catalogues(["ur"])["ur"]
    session = visit()
    page = show_map(session, "ur/centres/bolton-central-library/", button=words.text("map.show"))
    zoom_in = page.locator(".leaflet-control-zoom-in")
    assert (zoom_in.get_attribute("aria-label"), zoom_in.get_attribute("title")) == (words.text("js.map.zoom_in"),) * 2
    assert page.locator(".leaflet-control-zoom-out").get_attribute("aria-label") == words.text("js.map.zoom_out")
    page.locator(".leaflet-marker-icon[alt='Bolton Central Library']").click()
    link = page.locator(".leaflet-popup-content a")
    link.wait_for()
    assert link.inner_text() == "Bolton Central Library"
    assert "Bolton" in page.inner_text(".leaflet-popup-content")
    assert page.locator(".leaflet-popup-close-button").get_attribute("aria-label") == words.text("js.map.close_popup")
    link.click()
    page.wait_for_url("**/ur/centres/bolton-central-library/")
    assert page.inner_text("h1") == "Bolton Central Library"


def test_skip_link_jumps_past_the_map(visit):
    page = visit().open("directory/")
    skip = page.get_by_role("link", name="Skip the map")
    assert skip.get_attribute("href") == "#centres"
    skip.focus()
    page.keyboard.press("Enter")
    assert page.url.endswith("#centres")
    page.keyboard.press("Tab")  # the next stop is in the list of centres, past the map
    assert page.evaluate("!!document.activeElement.closest('[data-rc-list]')")


def test_no_accessibility_violations_with_the_map_shown(visit):
    page = show_map(visit(), "directory/")
    assert axe_violations(page, tags=TAGS) == []


def test_focus_moves_to_the_map_a_labelled_region(visit):
    page = show_map(visit(), "directory/")
    focused = page.evaluate("""() => {
        const e = document.activeElement;
        return {map: e.matches('[data-rc-map-canvas].leaflet-container'), role: e.getAttribute('role'),
                label: e.getAttribute('aria-label'), tabindex: e.tabIndex};
    }""")
    assert focused["map"] and focused["role"] == "region" and focused["tabindex"] == 0, focused
    assert focused["label"].startswith("Map of all centres")
    page.keyboard.press("Tab")  # and the keyboard goes on from the map, into it
    assert page.evaluate("!!document.activeElement.closest('[data-rc-map]')")


def test_a_map_whose_tiles_cannot_load_says_so(visit):
    session = visit()
    session.context.route(f"https://{TILE_HOST}/**", lambda route: route.abort())
    page = session.open("boroughs/bolton/")
    page.get_by_role("button", name="Show map").click()
    page.wait_for_selector("[data-rc-map-shown]")
    status = page.locator("[data-rc-map-status]")
    status.filter(has_text="could not be loaded").wait_for()
    text = status.inner_text()
    assert "The map shows" in text and "The map pictures could not be loaded" in text
    assert text.count("could not be loaded") == 1
