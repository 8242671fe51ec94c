"""A centre that types markup into every text field: nothing runs, nothing is unescaped anywhere."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml

from helpers import fixture_text, mkdocs_build, region_copy, serve
from test_map import offline_tiles

PAYLOAD = ('<script>window.__pwned=1</script>"onerror="window.__pwned=2"'
           '<img src=x onerror=window.__pwned=3>javascript:alert(4)')
SHORT = "<script>window.__pwned=5</script>"
RAW = ("<script>window.__pwned", "<img src=x onerror")


def hostile_centre() -> dict:
    centre = yaml.safe_load(fixture_text("bolton-central-library"))
    centre["name"] = "Hostile " + PAYLOAD
    centre["organisation"] = PAYLOAD
    centre["description"] = PAYLOAD
    centre["alert"] = PAYLOAD
    centre["address"].update(lines=[PAYLOAD], town=SHORT, directions=PAYLOAD)
    centre["contact"]["phones"][0]["note"] = PAYLOAD
    centre["hours"]["notes"] = PAYLOAD
    centre["hours"]["closures"][0]["reason"] = PAYLOAD
    centre["accessibility"]["notes"] = PAYLOAD
    centre["languages"][1]["note"] = PAYLOAD
    centre["champion"] = {"name": PAYLOAD, "role": PAYLOAD}
    centre["last_verified"]["by"] = PAYLOAD
    return centre


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = region_copy(tmp_path_factory.mktemp("hostile"))
    (project / "centres" / "bolton-central-library.yml").write_text(
        yaml.safe_dump(hostile_centre(), allow_unicode=True), encoding="utf-8")
    site = project / "site"
    result = mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    with serve(site) as url:
        yield site, url


def test_no_file_in_the_site_carries_the_payload_unescaped(hostile_site):
    site, _ = hostile_site
    checked = 0
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".geojson", ".xml", ".js", ".svg", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for raw in RAW:
                assert raw not in text, f"{path.relative_to(site)} contains {raw!r} unescaped"
            checked += 1
    assert checked > 10


@pytest.fixture(scope="module")
def watched(browser):
    """One context and page for the module that records every alert, confirm or prompt a payload might
    raise, with the map tiles answered offline. Each test opens a new document in it; a dialog raised
    on any page fails that page's test and every one after it."""
    context = browser.new_context()
    offline_tiles(context)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page, dialogs
    context.close()


@pytest.mark.parametrize("path", ["", "directory/", "boroughs/bolton/", "centres/bolton-central-library/"])
def test_no_script_runs_and_the_text_shows_as_typed(watched, hostile_site, path):
    _, url = hostile_site
    page, dialogs = watched
    page.goto(url + path)
    page.wait_for_load_state("networkidle")
    if path == "":
        page.keyboard.press("/")  # mkdocs-material's search: type the payload into it
        page.keyboard.type("Hostile script")
        page.wait_for_timeout(800)
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert page.evaluate("document.querySelectorAll('img[src=x], [onerror]').length") == 0
    if path != "":
        assert "<script>window.__pwned=1</script>" in page.inner_text("body")


def test_exports_carry_the_text_as_typed_and_only_as_data(hostile_site):
    site, _ = hostile_site
    geojson = json.loads((site / "data" / "centres.geojson").read_text(encoding="utf-8"))
    names = [feature["properties"]["name"] for feature in geojson["features"]]
    assert names == ["Hostile " + PAYLOAD]
    assert geojson["features"][0]["properties"]["town"] == SHORT
    centres = json.loads((site / "data" / "centres.json").read_text(encoding="utf-8"))["centres"]
    assert centres[0]["description"] == PAYLOAD and centres[0]["champion"] == {"name": PAYLOAD, "role": PAYLOAD}
    # CSV is data for spreadsheets, not markup: the text stays as typed, and no cell can be a formula.
    rows = list(csv.DictReader(io.StringIO((site / "data" / "centres.csv").read_text(encoding="utf-8"))))
    assert rows[0]["name"] == "Hostile " + PAYLOAD and rows[0]["description"] == PAYLOAD
    text = [cell for row in rows for column, cell in row.items() if column not in ("latitude", "longitude")]
    assert not [cell for cell in text if cell[:1] in ("=", "+", "-", "@")]


@pytest.mark.parametrize("path", ["directory/", "centres/bolton-central-library/"])
def test_no_script_runs_from_a_map_popup(watched, hostile_site, path):
    _, url = hostile_site
    page, dialogs = watched
    page.goto(url + path)
    page.get_by_role("button", name="Show map").click()
    marker = page.locator(".leaflet-marker-icon")
    marker.first.wait_for()
    assert marker.first.get_attribute("alt") == "Hostile " + PAYLOAD
    marker.first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.inner_text().startswith("Hostile " + PAYLOAD)
    assert SHORT in popup.inner_text()
    assert page.eval_on_selector(".leaflet-popup-content a", "a => a.href") == url + "centres/bolton-central-library/"
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert page.evaluate(
        "document.querySelectorAll('img[src=x], [onerror], .leaflet-popup-content script').length") == 0
