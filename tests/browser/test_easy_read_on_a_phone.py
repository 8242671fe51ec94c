"""The Easy Read pages on a small phone, with and without JavaScript: no accessibility violations,
each picture on the left of its sentence, large text, nothing wider than the screen."""

from __future__ import annotations

from helpers import axe_violations

PAGES = ["easy-read/", "easy-read/what-is-hate-crime/", "easy-read/how-to-report/", "easy-read/what-happens-next/",
         "easy-read/find-a-centre/", "easy-read/staying-safe/"]
SIXTEEN_POINT = 16 * 96 / 72  # in CSS pixels
# axe-core takes about 2 s a page here: a topic page with links, bold words and a phone number (every
# topic page is the same template; test_accessibility checks the index, and test_safety the index at 360 px)
AXE_PAGES = ["easy-read/how-to-report/"]

ROWS = """[...document.querySelectorAll('.rc-easy-read__row')].map(row => {
    const picture = row.querySelector('img').getBoundingClientRect();
    const text = row.querySelector('.rc-easy-read__text');
    const box = text.getBoundingClientRect();
    return {pictureRight: picture.right, pictureWidth: picture.width, loaded: row.querySelector('img').naturalWidth,
            textLeft: box.left, size: parseFloat(getComputedStyle(text).fontSize),
            italic: [text, ...text.querySelectorAll('*')].some(e => getComputedStyle(e).fontStyle !== 'normal')};
})"""


def test_every_easy_read_page_on_a_small_phone(visit):
    session = visit(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    for path in PAGES:
        page = session.open(path)
        page.wait_for_load_state("load")
        if path in AXE_PAGES:
            assert axe_violations(page) == [], path
        rows = page.evaluate(ROWS)
        assert len(rows) >= 2, path
        for row in rows:
            assert row["loaded"] > 0 and row["pictureWidth"] >= 48, (path, row)  # the picture is there, and drawn
            assert row["pictureRight"] <= row["textLeft"], (path, row)  # picture left, text right
            assert row["size"] >= SIXTEEN_POINT and not row["italic"], (path, row)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    assert session.other_hosts() == []


def test_the_easy_read_pages_without_javascript(shared_visit):
    session = shared_visit(viewport={"width": 360, "height": 640}, java_script_enabled=False)
    page = session.open("easy-read/")
    page.click("text=How to report hate crime")
    page.wait_for_url("**/easy-read/how-to-report/")
    assert page.locator(".rc-easy-read__row img:visible").count() >= 5
    assert page.is_visible("text=You can take someone with you to help you.")
    page.click("text=All the Easy Read pages")
    page.wait_for_url("**/easy-read/")
