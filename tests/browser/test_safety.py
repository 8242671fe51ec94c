"""Quick exit and privacy on every kind of page (that each fits a phone: test_accessibility.py)."""

from __future__ import annotations

import pytest

PAGE_TYPES = ["", "directory/", "boroughs/", "boroughs/bolton/", "centres/bolton-central-library/",
              "core-commitments/", "privacy/", "safety/", "update/?centre=bolton-central-library", "join/",
              "near/", "near/BL1/", "what-happens/", "easy-read/", "404.html",
              "centres/bolton-central-library/staff/"]  # a light page, written without the theme (pages/light.py)
NEUTRAL = "https://www.bbc.co.uk/weather"


def neutral_site(session):
    session.context.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>Weather</title><p>Weather</p>"))


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_quick_exit_is_the_first_stop_and_nothing_is_fetched_elsewhere_or_stored(shared_visit, path):
    """One visit per page for both: the first Tab stops, then what the page fetched and kept. The
    pages are opened in turn in one browser context, and what it fetched and kept is checked as a
    whole after each: a page that fetched or stored anything fails its own test (the first page run
    starts from nothing, however the tests are chosen) and every page's after it."""
    session = shared_visit()
    page = session.open(path)
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.className")
    if "md-skip" in first:
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hasAttribute('data-rc-exit')")
    assert "Exit this page" in page.evaluate("document.activeElement.textContent")

    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 800)
    assert session.other_hosts() == []
    assert session.context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.evaluate("document.cookie") == ""


@pytest.mark.parametrize("path", ["centres/bolton-central-library/", "centres/bolton-central-library/staff/"])
def test_quick_exit_button_replaces_the_page(visit, path):
    session = visit()
    neutral_site(session)
    page = session.open(path)
    page.click("[data-rc-exit]")
    page.wait_for_url(NEUTRAL)
    assert page.title() == "Weather"


def test_pressing_shift_three_times_exits(visit):
    session = visit()
    neutral_site(session)
    page = session.open("directory/")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL)


def test_typing_capital_letters_does_not_exit(visit):
    session = visit()
    neutral_site(session)
    page = session.open("directory/")
    page.click("#rc-q")
    for _ in range(3):
        page.keyboard.press("Shift+A")
    page.wait_for_timeout(300)
    assert page.url.split("?")[0].endswith("/directory/")
    assert page.input_value("#rc-q") == "AAA"


def test_keyboard_only_from_the_directory_to_a_centre(shared_visit):
    page = shared_visit().open("directory/")
    for _ in range(400):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if href.endswith("centres/bolton-central-library/"):
            break
    else:
        pytest.fail("Tab never reached the centre's link")
    page.keyboard.press("Enter")
    page.wait_for_url("**/centres/bolton-central-library/")
    assert page.inner_text("h1") == "Bolton Central Library"
