"""The Content-Security-Policy in a browser: every kind of page, served with the headers of the site's
``_headers`` file as Netlify or Cloudflare Pages would send them, runs without one violation, loads
nothing from another host, and sends no referrer when the visitor leaves."""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers import QuietHandler, other_hosts, serve

PAGES = ["", "directory/", "boroughs/", "boroughs/bolton/", "centres/bolton-central-library/",
         "update/?centre=bolton-central-library", "join/", "printers/", "certificates/", "privacy/", "no-such-page/"]
MAP_PAGES = ["directory/", "boroughs/bolton/", "centres/bolton-central-library/"]
TILE_HOST = "tile.openstreetmap.org"
PNG = base64.b64decode(  # a 1x1 transparent PNG, standing in for every map tile
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
LISTEN = """document.addEventListener("securitypolicyviolation", function (event) {
  (window.__violations = window.__violations || []).push(event.violatedDirective + " " + event.blockedURI);
});"""


def site_headers(site) -> dict[str, str]:
    """The headers ``_headers`` gives every path (its one rule, ``/*``)."""
    lines = (site / "_headers").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "/*"
    return dict(line.strip().split(": ", 1) for line in lines[1:] if line.strip())


class HeadersHandler(QuietHandler):
    """A static server that sends the site's ``_headers`` and its 404 page, as a host would."""

    def __init__(self, *args, headers: dict[str, str], **kwargs):
        self.site_headers = headers
        super().__init__(*args, **kwargs)

    def end_headers(self):
        for name, value in self.site_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@pytest.fixture(scope="module")
def served(built_site):
    with serve(built_site, HeadersHandler, headers=site_headers(built_site)) as url:
        yield url


class Session:
    """A fresh browser context that records requests, console errors and policy violations."""

    def __init__(self, browser, url):
        self.url = url
        self.context = browser.new_context()
        self.context.add_init_script(LISTEN)
        self.context.route(f"https://{TILE_HOST}/**", lambda route: route.fulfill(
            status=200, content_type="image/png", body=PNG))
        self.requests: list[str] = []
        self.console: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.page.on("console", lambda message: self.console.append(message.text)
                     if message.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda error: self.console.append(str(error)))

    def open(self, path: str):
        self.page.goto(self.url + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def violations(self) -> list[str]:
        reported = self.page.evaluate("window.__violations || []")
        logged = [text for text in self.console if "Content Security Policy" in text or "Refused to" in text]
        return reported + logged

    def other_hosts(self) -> list[str]:
        return other_hosts(self.requests, self.url)


@pytest.fixture
def session(browser, served):
    opened = Session(browser, served)
    yield opened
    opened.context.close()


@pytest.fixture(scope="module")
def pages_session(browser, served):
    """One session for every kind of page in turn: what it logged and fetched is checked as a whole
    after each page, so a page that breaks the policy or fetches from elsewhere fails its own test
    (the first page run starts from nothing, however the tests are chosen) and every page's after it."""
    opened = Session(browser, served)
    yield opened
    opened.context.close()


@pytest.mark.parametrize("path", PAGES)
def test_every_kind_of_page_runs_within_the_policy_and_stays_on_this_host(pages_session, path):
    session = pages_session
    page = session.open(path)
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(200)
    assert page.locator("meta[http-equiv='Content-Security-Policy']").count() == 1
    assert page.locator("meta[name='referrer'][content='no-referrer']").count() == 1
    assert session.violations() == []
    assert session.other_hosts() == []
    assert page.evaluate("document.documentElement.classList.contains('js')"), "mkdocs-material's script did not run"


def test_a_centres_page_for_its_staff_runs_within_the_policy(session):
    """A light page (pages/light.py): the same policy, its styles and quick exit allowed by it."""
    page = session.open("centres/bolton-central-library/staff/")
    assert page.locator("meta[http-equiv='Content-Security-Policy']").count() == 1
    assert page.locator("meta[name='referrer'][content='no-referrer']").count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector('.rc-exit__button')).backgroundColor") != \
        "rgba(0, 0, 0, 0)", "the site's stylesheet did not load"
    assert session.violations() == []
    assert session.other_hosts() == []


def test_search_runs_within_the_policy(session):
    page = session.open("")
    page.keyboard.press("/")
    page.keyboard.type("Bolton")
    page.wait_for_selector(".md-search-result__item")
    assert session.violations() == []
    assert session.other_hosts() == []


@pytest.mark.parametrize("path", MAP_PAGES)
def test_the_map_runs_within_the_policy_and_only_then_loads_tiles(session, path):
    page = session.open(path)
    assert session.other_hosts() == []
    page.get_by_role("button", name="Show map").click()
    page.wait_for_selector("[data-rc-map-shown] .leaflet-marker-icon")
    page.wait_for_selector("[data-rc-map-shown] img.leaflet-tile-loaded")  # the tiles come after the markers
    assert session.violations() == []
    assert {urlsplit(url).netloc for url in session.other_hosts()} == {TILE_HOST}


def test_the_forms_run_within_the_policy(session):
    page = session.open("update/?centre=bolton-central-library")
    page.check("#rc-checked")
    page.locator("form[data-rc-form-fields] button[type='submit']").click()
    page.wait_for_selector("[data-rc-send]:not([hidden]), [data-rc-problems]:not([hidden])")
    assert session.violations() == []
    issue = page.locator("[data-rc-issue]")
    if issue.is_visible():
        assert "noreferrer" in issue.get_attribute("rel").split()


def test_the_policy_forbids_what_the_site_does_not_do(session):
    """The policy is in force: an injected inline script and a framed page are refused."""
    page = session.open("")
    ran = page.evaluate("""() => {
        window.__ran = false;
        const script = document.createElement('script');
        script.textContent = 'window.__ran = true';
        document.body.appendChild(script);
        return window.__ran;
    }""")
    assert ran is False
    assert any("script-src" in violation for violation in session.violations())


def test_the_quick_exit_sends_no_referrer(session):
    seen = []

    def neutral(route):
        seen.append(route.request.headers)
        route.fulfill(status=200, content_type="text/html", body="<title>Weather</title><p>Weather</p>")

    session.context.route("https://www.bbc.co.uk/**", neutral)
    page = session.open("centres/bolton-central-library/")
    page.click("[data-rc-exit]")
    page.wait_for_url("https://www.bbc.co.uk/**")
    assert seen and all("referer" not in headers for headers in seen)
