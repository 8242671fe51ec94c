"""The site in each of the fixture region's languages, in one browser: axe on every kind of visitor page,
the nearest-centre search and the quick exit, and right-to-left pages on a small phone."""

from __future__ import annotations

import pytest

from helpers import axe_violations, fixture_region, wait_until
from reporting_centres.translations import load_catalogues
from test_safety import NEUTRAL, neutral_site

LANGUAGES = fixture_region()["site_languages"][1:]  # the main language's pages have their own tests
CATALOGUES = load_catalogues(LANGUAGES)
VISITOR_PAGES = ["", "directory/", "boroughs/", "boroughs/bolton/", "centres/bolton-central-library/",
                 "near/", "near/BL1/", "what-happens/", "safety/", "privacy/"]
PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}


def layout(code: str) -> dict:
    """Right-to-left pages are checked on a small phone, where they are most likely to break."""
    return PHONE if CATALOGUES[code].direction == "rtl" else {}


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_accessibility_violations_on_any_kind_of_page(shared_visit, code):
    session = shared_visit(**layout(code))
    found = {}
    for path in VISITOR_PAGES:
        page = session.open(f"{code}/{path}")
        assert page.evaluate("document.documentElement.lang") == code, path
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}


@pytest.mark.parametrize("code", [code for code in LANGUAGES if CATALOGUES[code].direction == "rtl"])
def test_right_to_left_pages_fit_a_small_phone(shared_visit, code):
    session = shared_visit(**PHONE)
    for path in VISITOR_PAGES:
        page = session.open(f"{code}/{path}")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl", path
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_nearest_search_answers_in_the_visitors_language(visit, code):
    words = CATALOGUES[code]
    session = visit(**layout(code))
    session.page.clock.set_fixed_time("2026-11-25T12:00:00Z")  # a Wednesday at noon
    page = session.open(f"{code}/directory/")
    page.fill("#rc-postcode", "bl1 1aa")
    page.click("[data-rc-postcode] button[type=submit]")
    wait_until(page, "!document.querySelector('[data-rc-answer]').hidden")
    assert page.inner_text("#rc-answer-title") == words.text("js.nearest.title", place="BL1 1AA")
    first = page.inner_text("[data-rc-answer-open] li")
    assert words.text("js.open.until", time="").strip() in first or words.text("js.open.all_day") in first
    centres = page.locator("[data-rc-list] [data-rc-centre]").count()
    assert page.inner_text("[data-rc-count]") == words.text("js.count.all", count=centres)
    page.fill("#rc-postcode", "sw1a")
    page.click("[data-rc-postcode] button[type=submit]")
    wait_until(page, "document.getElementById('rc-answer-title').textContent.startsWith('SW1A')")
    region = fixture_region()["name"]
    assert page.inner_text("#rc-answer-title") == words.text("js.nearest.outside_title", place="SW1A", region=region)
    assert session.other_hosts() == []


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("key", ["Shift", "ShiftRight"])
def test_the_quick_exit_works_in_every_language_with_either_shift_key(visit, code, key):
    """Shift is Shift on every keyboard layout: the script matches event.key, never a letter's key code."""
    session = visit()
    neutral_site(session)
    page = session.open(f"{code}/centres/bolton-central-library/")
    assert CATALOGUES[code].text("quick_exit.button") in page.inner_text("[data-rc-exit]")
    for _ in range(3):
        page.keyboard.press(key)
    page.wait_for_url(NEUTRAL)


@pytest.mark.parametrize("code", LANGUAGES)
def test_search_finds_the_pages_in_the_visitors_language(shared_visit, code):
    session = shared_visit()
    page = session.open(f"{code}/safety/")
    page.keyboard.press("/")
    page.keyboard.type(CATALOGUES[code].text("centre.contact"))  # a word on every centre page in the language
    page.keyboard.press("End")  # mkdocs-material searches on keyup, which typing another script may not send
    wait_until(page, "document.querySelectorAll('.md-search-result__item').length > 0")
    found = page.eval_on_selector_all(".md-search-result__item a", "links => links.map(link => link.href)")
    assert found and all(link.startswith(f"{session.site_url}{code}/") for link in found)
    assert any(f"/{code}/centres/" in link for link in found)
