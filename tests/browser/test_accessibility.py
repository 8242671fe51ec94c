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


@pytest.mark.parametrize("postcode", ["BL1 1AA", "M24 6AB", "SW1A 1AA"])
def test_no_violations_in_the_nearest_answer_on_a_phone(visit, postcode):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    session = visit(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    session.page.clock.set_fixed_time("2026-11-29T23:00:00Z")  # late on a Sunday: closed centres listed too
    page = session.open("directory/")
    page.fill("#rc-postcode", postcode)
    page.click("[data-rc-postcode] button[type=submit]")
    expect(page.locator("#rc-answer-title")).to_be_focused()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    assert [v["id"] for v in results.response["violations"]] == []


def test_no_violations_on_a_borough_page_with_nothing_open(visit):
    from axe_playwright_python.sync_playwright import Axe

    session = visit()
    session.page.clock.set_fixed_time("2026-11-29T23:00:00Z")  # late on a Sunday: the 24-hour ways shown
    page = session.open("boroughs/bolton/")
    assert page.is_visible("[data-rc-none-open]")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    assert [v["id"] for v in results.response["violations"]] == []
