"""A centre that types markup into every text field: nothing runs, nothing is unescaped anywhere."""

from __future__ import annotations

import pytest
import yaml

from helpers import ROOT, mkdocs_build, project_copy, serve

PAYLOAD = '<script>window.__pwned=1</script>"onerror="window.__pwned=2"<img src=x onerror=window.__pwned=3>javascript:alert(4)'
SHORT = "<script>window.__pwned=5</script>"
RAW = ("<script>window.__pwned", "<img src=x onerror")


def hostile_centre() -> dict:
    centre = yaml.safe_load((ROOT / "centres" / "bolton-central-library.yml").read_text(encoding="utf-8"))
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
    centre["champion"].update(name=PAYLOAD, role=PAYLOAD, public=["name", "role"])
    centre["commitments"]["signed_by"] = PAYLOAD
    centre["last_verified"]["by"] = PAYLOAD
    return centre


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = project_copy(tmp_path_factory.mktemp("hostile"))
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
        if path.is_file() and path.suffix in (".html", ".json", ".geojson", ".csv", ".xml", ".js", ".svg", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for raw in RAW:
                assert raw not in text, f"{path.relative_to(site)} contains {raw!r} unescaped"
            checked += 1
    assert checked > 10


@pytest.mark.parametrize("path", ["", "directory/", "boroughs/bolton/", "centres/bolton-central-library/"])
def test_no_script_runs_and_the_text_shows_as_typed(browser, hostile_site, path):
    _, url = hostile_site
    context = browser.new_context()
    dialogs = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
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
    context.close()
