"""The coordinator's report opened from disk in Chromium: axe finds no violations, its charts load,
and it asks for nothing but its own files."""

from __future__ import annotations

import pytest

from report_project import SINCE, TODAY, centres, report_project
from test_accessibility import TAGS


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    project = report_project(tmp_path_factory.mktemp("report-page"))
    result = centres(project, "report", "--today", str(TODAY), "--since", str(SINCE), "--no-pdf")
    assert result.returncode == 0, result.stderr
    return project / "reports" / str(TODAY) / "report.html"


def test_the_report_from_disk(browser, report):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        page.goto(report.as_uri())
        loaded = page.evaluate("[...document.images].map(image => image.complete && image.naturalWidth > 0)")
        assert loaded and all(loaded)
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
        violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
        assert violations == []
    finally:
        context.close()
    assert requests and all(url.startswith("file://") for url in requests), requests
