"""The coordinator's report opened from disk in Chromium: axe finds no violations, its charts load,
its coverage map can be panned and zoomed with a named marker for each open centre, and it asks for
nothing but its own files until the reader asks for the streets."""

from __future__ import annotations

import pytest

from helpers import axe_violations, wait_until
from report_project import SINCE, TODAY, centres, report_project

TILES = "https://tile.openstreetmap.org/"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    project = report_project(tmp_path_factory.mktemp("report-page"))
    result = centres(project, "report", "--today", str(TODAY), "--since", str(SINCE), "--no-pdf")
    assert result.returncode == 0, result.stderr
    return project / "reports" / str(TODAY) / "report.html"


def test_the_report_from_disk(browser, report):
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.route(TILES + "**", lambda route: route.abort())  # offline: the test never reaches the tile server
    try:
        page = context.new_page()
        page.goto(report.as_uri())
        wait_until(page, "document.querySelectorAll('#live-map-canvas .leaflet-marker-icon').length > 0")
        loaded = page.evaluate("[...document.images].filter(image => !image.closest('.leaflet-tile-pane'))"
                               ".map(image => image.complete && image.naturalWidth > 0)")
        assert loaded and all(loaded)
        markers = page.evaluate("[...document.querySelectorAll('#live-map-canvas .leaflet-marker-icon')]"
                                ".map(marker => marker.alt).sort()")
        assert markers == ["Bolton Central Library", "Bury Town Hall Help Point",
                           "Eccles Community Rooms · Świetlica Ośrodka", "Horwich Youth Centre",
                           "Salford Quays Night Hub"], markers
        assert page.locator(".leaflet-image-layer").get_attribute("alt").startswith("Coverage grid")
        assert axe_violations(page) == []
        assert requests and all(url.startswith("file://") for url in requests), requests

        page.locator("#live-map-canvas").focus()  # the keyboard zooms the map
        before = page.evaluate("document.querySelector('.leaflet-image-layer').getBoundingClientRect().width")
        page.keyboard.press("Equal")
        wait_until(page, f"document.querySelector('.leaflet-image-layer').getBoundingClientRect().width > {before}")
        first = page.locator(".leaflet-marker-icon").first
        name = first.get_attribute("alt")
        first.click()  # a marker names its centre
        wait_until(page, "document.querySelector('.leaflet-popup-content') !== null")
        assert page.locator(".leaflet-popup-content").inner_text() == name

        page.get_by_role("button", name="Show the streets").click()
        wait_until(page, "document.getElementById('live-map-status').textContent.includes('could not be loaded')")
        assert any(url.startswith(TILES) for url in requests)
    finally:
        context.close()
