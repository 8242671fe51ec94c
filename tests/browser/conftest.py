"""Headless Chromium (Debian's /usr/bin/chromium, driven by Playwright) against the built site.

The site is served on 127.0.0.1 only. Every request a page makes is recorded, so tests
can prove that nothing is fetched from another host.
"""

from __future__ import annotations

import shutil

import pytest

from helpers import other_hosts, serve

CHROMIUM = shutil.which("chromium") or shutil.which("google-chrome") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "browser" in item.nodeid.split("/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site_url(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Visit:
    """One fresh browser context (no cookies, no storage) and the requests it made."""

    def __init__(self, browser, site_url, **options):
        self.site_url = site_url
        self.context = browser.new_context(**options)
        self.requests: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)

    def open(self, path: str = ""):
        self.page.goto(self.site_url + path)
        return self.page

    def other_hosts(self) -> list[str]:
        return other_hosts(self.requests, self.site_url)


@pytest.fixture
def visit(browser, site_url):
    visits = []

    def start(**options) -> Visit:
        visits.append(Visit(browser, site_url, **options))
        return visits[-1]

    yield start
    for each in visits:
        each.context.close()


@pytest.fixture(scope="module")
def shared_visit(browser, site_url):
    """Like visit, but one visit per set of options for the whole module, for tests that only open a
    page and look at it. Each open is a new document, so a test sees what a fresh visit shows; the
    theme's files come from that visit's cache instead of being fetched and compiled again (a new
    context and a cold cache cost about a second of processor time a page)."""
    visits: dict[str, Visit] = {}

    def start(**options) -> Visit:
        key = repr(sorted(options.items()))
        if key not in visits:
            visits[key] = Visit(browser, site_url, **options)
        return visits[key]

    yield start
    for each in visits.values():
        each.context.close()
