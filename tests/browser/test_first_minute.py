"""The first minute of a frightened visitor: help in the first screen, the exit always in reach and never
in the way, a visible keyboard focus, ways to reach 999 without speaking, and pages that work without
JavaScript."""

from __future__ import annotations

import pytest

PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}
VISITOR_PAGES = ["", "directory/", "boroughs/bolton/", "centres/bolton-central-library/", "safety/",
                 "near/BL1/", "what-happens/"]


def box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("path", ["", "directory/", "centres/bolton-central-library/"])
def test_exit_is_at_the_top_and_stays_in_reach_without_covering_anything(shared_visit, path):
    page = shared_visit(**PHONE).open(path)
    exit_box = box(page, "[data-rc-exit]")
    assert exit_box["y"] < 60
    header = box(page, ".md-header")
    assert header["y"] >= exit_box["y"] + exit_box["height"]  # the bar sits above the header, not over it
    for scroll in (600, 2000):
        page.evaluate(f"window.scrollTo(0, {scroll})")
        page.wait_for_timeout(100)
        moved = box(page, "[data-rc-exit]")
        assert 0 <= moved["y"] < 60
        topmost = page.evaluate("""() => {
            const b = document.querySelector('[data-rc-exit]').getBoundingClientRect();
            const e = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
            return !!e.closest('[data-rc-exit]');
        }""")
        assert topmost, "something covers Exit this page"


def test_the_exit_sends_no_referrer(visit):
    session = visit()
    seen = {}

    def neutral(route):
        seen["referer"] = route.request.headers.get("referer")
        route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>")

    session.context.route("https://www.bbc.co.uk/**", neutral)
    page = session.open("centres/bolton-central-library/")
    page.click("[data-rc-exit]")
    page.wait_for_url("https://www.bbc.co.uk/weather")
    assert seen["referer"] is None


FOCUSABLE = ["#rc-q", "#rc-borough", "#rc-open", "#rc-postcode", "[data-rc-locate]", "[data-rc-exit]", "h3 a",
             ".md-header__button.md-logo"]


def test_keyboard_focus_is_visible_everywhere(visit):
    page = visit().open("directory/")
    page.keyboard.press("Tab")  # keyboard use, so :focus-visible applies
    styles = {}
    for selector in FOCUSABLE:
        page.locator(selector).first.focus()
        styles[selector] = page.evaluate("""() => {
            const s = getComputedStyle(document.activeElement);
            return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
                    ring: s.boxShadow};
        }""")
    for selector, style in styles.items():
        assert style["style"] != "none" and style["width"] >= 2, (selector, style)
        assert style["color"] == "rgb(11, 12, 12)", (selector, style)  # near-black: 19:1 on white
        assert "rgb(255, 221, 0)" in style["ring"], (selector, style)  # yellow around it, for the dark header


def test_a_text_number_is_an_sms_link(shared_visit):
    page = shared_visit().open("centres/bolton-central-library/")
    assert page.locator("a[href='sms:07700900101']").count() == 1
    assert page.locator("a[href='tel:07700900101']").count() == 0


@pytest.mark.parametrize("path", ["", "centres/bolton-central-library/", "safety/"])
def test_ways_to_reach_999_without_speaking(shared_visit, path):
    page = shared_visit().open(path)
    assert page.locator("a[href='tel:999']").count() >= 1
    assert page.locator("a[href='tel:101']").count() >= 1
    text = page.inner_text("article")
    for way in ("999 BSL", "emergencySMS", "18000", "register"):
        assert way in text, way


def test_home_page_first_screen_on_a_phone(shared_visit):
    page = shared_visit(**PHONE).open("")
    found = {}
    for selector in ("a[href='tel:999']", "a.md-button--primary[href='https://www.report-it.org.uk/']",
                     "[data-rc-home-find]", "#rc-home-postcode", "[data-rc-home-postcode] button"):
        found[selector] = box(page, selector)
        assert found[selector] and found[selector]["y"] + found[selector]["height"] <= 640, selector
    assert found["[data-rc-home-find]"]["y"] > found["a[href='tel:999']"]["y"]  # below the emergency line


def tab_to(page, element_id: str) -> None:
    for _ in range(60):  # Tab, and only Tab
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    pytest.fail(f"Tab never reached #{element_id}")


def test_the_home_page_answers_a_postcode_in_place_by_keyboard_alone(visit):
    from playwright.sync_api import expect

    session = visit(**PHONE)
    session.page.clock.set_fixed_time("2026-11-25T12:00:00Z")  # a Wednesday at noon: centres are open
    page = session.open("")
    history = page.evaluate("history.length")
    tab_to(page, "rc-home-postcode")
    page.keyboard.type("BL1 1AA")
    page.keyboard.press("Enter")
    title = page.get_by_role("heading", name="Nearest centres to BL1 1AA")
    expect(title).to_be_focused()
    assert box(page, "[data-rc-home-answer]")["y"] < box(page, "#what-is-hate-crime")["y"]  # the answer comes first
    page.keyboard.press("Tab")
    first = page.locator("[data-rc-home-answer] [data-rc-answer-open] li a").first
    expect(first).to_be_focused()
    assert first.get_attribute("href").endswith("/centres/bolton-central-library/")
    assert "Open until" in page.inner_text("[data-rc-home-answer]")
    assert page.url == session.site_url  # the postcode is not in the address
    assert page.evaluate("history.length") == history  # nor in the history
    first.press("Enter")
    page.wait_for_url("**/centres/bolton-central-library/")


@pytest.mark.parametrize(("typed", "heading", "words"), [
    ("bl5 3zz", "Nearest centres to BL5 3ZZ", "We do not have an exact location for BL5 yet"),
    ("G1 1AA", "G1 1AA is not in Irwell Valley", "Report now, at any time"),
])
def test_the_home_page_answers_districts_it_lacks_and_places_outside(shared_visit, typed, heading, words):
    from playwright.sync_api import expect

    page = shared_visit().open("")
    page.fill("#rc-home-postcode", typed)
    page.press("#rc-home-postcode", "Enter")
    expect(page.get_by_role("heading", name=heading)).to_be_focused()
    assert words in page.inner_text("[data-rc-home-answer]")


def test_a_postcode_sent_before_the_script_is_ready_stays_out_of_the_address(built_site):
    import re

    html = (built_site / "index.html").read_text(encoding="utf-8")
    form = re.search(r"<form [^>]*data-rc-home-postcode[^>]*>", html).group(0)
    postcode = re.search(r'<input id="rc-home-postcode"[^>]*>', html).group(0)
    assert 'action="near/"' in form and " name=" not in postcode  # nothing to send: it leads to the A to Z


def test_without_javascript_the_home_page_leads_to_the_districts(shared_visit):
    page = shared_visit(java_script_enabled=False, **PHONE).open("")
    assert not page.is_visible("#rc-home-postcode")  # no form without the script that answers it
    page.click("text=Choose your postcode district from a list")
    page.wait_for_url("**/near/")
    page.get_by_role("link", name="BL1", exact=True).click()
    page.wait_for_url("**/near/BL1/")


@pytest.mark.parametrize("path", VISITOR_PAGES)
def test_visitor_pages_have_no_documentation_sidebars(shared_visit, path):
    page = shared_visit(viewport={"width": 1400, "height": 900}).open(path)
    assert not page.is_visible(".md-sidebar--primary")
    assert not page.is_visible(".md-sidebar--secondary")


def test_staff_pages_keep_the_documentation_layout(shared_visit):
    page = shared_visit(viewport={"width": 1400, "height": 900}).open("core-commitments/")
    assert page.is_visible(".md-sidebar--primary")


def test_without_javascript_a_postcode_district_finds_the_nearest(shared_visit):
    page = shared_visit(java_script_enabled=False).open("near/")
    page.get_by_role("link", name="BL1", exact=True).click()
    page.wait_for_url("**/near/BL1/")
    assert page.inner_text("h1") == "Reporting centres near BL1"
    first = page.locator("[data-rc-centre]").first
    assert first.get_attribute("data-slug") == "bolton-central-library"
    assert "about" in first.inner_text()
    assert page.locator("a[href='https://www.report-it.org.uk/']").count() >= 1


def test_district_pages_exist_for_districts_only_centres_are_in(shared_visit):
    page = shared_visit(java_script_enabled=False).open("near/")
    for district in ("M50", "BL6"):
        assert page.get_by_role("link", name=district, exact=True).count() == 1


def test_every_centre_page_links_to_what_happens(shared_visit):
    page = shared_visit().open("centres/bolton-central-library/")
    page.click("article >> text=What happens when you report")
    page.wait_for_url("**/what-happens/")
    text = page.inner_text("article")
    assert "anonymously" in text and "48 hours" in text and "your choice" in text


def test_a_helpful_page_not_found(shared_visit):
    page = shared_visit().open("404.html")  # the host serves it for any missing address
    text = page.inner_text("article")
    assert "Page not found" in text
    assert page.locator("a[href='tel:999']").count() == 1
    assert page.locator("article a[href$='directory/']").count() == 1
    assert page.locator("article a[href='https://www.report-it.org.uk/']").count() == 1
    assert page.locator("[data-rc-exit]").count() == 1


def test_the_whole_first_minute_on_the_directory_by_keyboard_alone(visit):
    from playwright.sync_api import expect

    session = visit()
    session.page.clock.set_fixed_time("2026-11-25T12:00:00Z")  # a Wednesday at noon: centres are open
    session.context.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>Weather</title>"))
    page = session.open("directory/")
    for _ in range(60):  # Tab, and only Tab, to the postcode box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "rc-postcode":
            break
    else:
        pytest.fail("Tab never reached the postcode box")
    page.keyboard.type("BL1 1AA")
    page.keyboard.press("Enter")
    title = page.get_by_role("heading", name="Nearest centres to BL1 1AA")
    expect(title).to_be_focused()
    page.keyboard.press("Tab")
    first = page.locator("[data-rc-answer-open] li a").first
    expect(first).to_be_focused()
    assert first.get_attribute("href").endswith("centres/bolton-central-library/")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("https://www.bbc.co.uk/weather")
    assert page.title() == "Weather"


@pytest.mark.parametrize("path", ["", "boroughs/bolton/", "centres/bolton-central-library/"])
def test_nothing_moves_as_the_page_loads_even_when_nothing_is_open(visit, path):
    session = visit(**PHONE)
    session.page.clock.set_fixed_time("2026-11-29T23:00:00Z")  # late on a Sunday: the 24-hour ways are shown
    # a slow phone: the browser draws the page while it is still reading it, as a busy machine's does
    session.context.new_cdp_session(session.page).send("Emulation.setCPUThrottlingRate", {"rate": 8})
    session.page.add_init_script("window.rcShifts = []; new PerformanceObserver(list => list.getEntries()"
                                 ".forEach(entry => window.rcShifts.push(entry.value)))"
                                 ".observe({type: 'layout-shift', buffered: true});")
    page = session.open(path)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    if path == "boroughs/bolton/":
        assert page.is_visible("[data-rc-none-open]")
    assert page.evaluate("window.rcShifts") == []
