"""axe-core (WCAG 2.0 A and AA, 2.1 AA, 2.2 AA, and axe's best practices) on every kind of page, on a
phone and on a desktop, and in the theme's search dialog: no violations; and on a phone, no kind of
visitor page scrolls sideways."""

from __future__ import annotations

import pytest

from helpers import axe_violations
from test_safety import PAGE_TYPES

# the directory names Eccles in Urdu
PAGES = [*PAGE_TYPES, "printers/", "certificates/", "centres/eccles-community-rooms/staff/"]
SCREENS = {"phone": {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True},
           "desktop": {"viewport": {"width": 1280, "height": 900}}}


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violations(shared_visit, path, screen):
    """On a phone, every kind of visitor page also fits 360 px without sideways scrolling (WCAG 2.1
    1.4.10, reflow)."""
    page = shared_visit(**SCREENS[screen]).open(path)
    if screen == "phone" and path in PAGE_TYPES:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []


@pytest.mark.parametrize("screen", SCREENS)
def test_no_violations_in_the_search_dialog_with_results(visit, screen):
    from playwright.sync_api import expect

    page = visit(**SCREENS[screen]).open("")
    page.keyboard.press("s")  # the theme's shortcut opens its search dialog
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type("Bolton")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert page.evaluate("document.getElementById('__search').checked")
    assert axe_violations(page) == []


def test_no_violations_with_filters_in_use(shared_visit):
    page = shared_visit().open("directory/?borough=Bolton&open=1")
    assert axe_violations(page) == []


@pytest.mark.parametrize("postcode", ["BL1 1AA", "M24 6AB", "SW1A 1AA"])
def test_no_violations_in_the_nearest_answer_on_a_phone(visit, postcode):
    from playwright.sync_api import expect

    session = visit(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    session.page.clock.set_fixed_time("2026-11-29T23:00:00Z")  # late on a Sunday: closed centres listed too
    page = session.open("directory/")
    page.fill("#rc-postcode", postcode)
    page.click("[data-rc-postcode] button[type=submit]")
    expect(page.locator("#rc-answer-title")).to_be_focused()
    assert axe_violations(page) == []


def test_no_violations_on_a_borough_page_with_nothing_open(visit):
    session = visit()
    session.page.clock.set_fixed_time("2026-11-29T23:00:00Z")  # late on a Sunday: the 24-hour ways shown
    page = session.open("boroughs/bolton/")
    assert page.is_visible("[data-rc-none-open]")
    assert axe_violations(page) == []


@pytest.mark.parametrize("selector", [".md-content a[href]", ".md-content .md-button"])
def test_a_link_or_button_under_the_pointer_stays_legible(visit, selector):
    """The theme's amber accent, its hover colour, is about 1.9:1 on white: hovered text must keep 4.5:1."""
    page = visit(**SCREENS["desktop"]).open("")
    target = page.locator(selector).first
    target.hover()
    page.wait_for_timeout(400)  # the theme's colour transition
    assert axe_violations(page, rules=["color-contrast"]) == []
