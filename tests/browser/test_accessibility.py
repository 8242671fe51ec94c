"""axe-core (WCAG 2.0 A and AA, 2.1 AA, 2.2 AA) on every kind of page: no violations."""

from __future__ import annotations

import pytest

from test_safety import PAGE_TYPES

TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_accessibility_violations(visit, path):
    from axe_playwright_python.sync_playwright import Axe

    page = visit().open(path)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == []


def test_no_violations_with_filters_in_use(visit):
    from axe_playwright_python.sync_playwright import Axe

    page = visit().open("directory/?borough=Bolton&open=1")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    assert [v["id"] for v in results.response["violations"]] == []
