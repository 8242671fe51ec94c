"""The security policy as built: one policy (pages/security.py) in every page's <meta> and in _headers."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import yaml

from helpers import ROOT, fixture_centres
from reporting_centres.pages.security import (
    content_security_policy,
    headers_file,
    inline_script_hashes,
    outbound_links_without_referrer,
    with_policy,
)

SITE_HOST = urlsplit(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]).netloc
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in policy.split(";"))}


def header_rules(site) -> dict[str, str]:
    lines = (site / "_headers").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "/*"
    return dict(line.strip().split(": ", 1) for line in lines[1:])


def test_headers_file_sends_the_policy_and_the_headers_a_page_cannot(built_site):
    headers = header_rules(built_site)
    policy = directives(headers["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"] and policy["default-src"] == ["'none'"]
    assert policy["style-src"] == ["'self'"] and "'unsafe-inline'" not in policy["script-src"]
    assert policy["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]
    assert policy["connect-src"] == ["'self'"]  # the demonstration region does not offer postcodes.io
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "geolocation=(self)" in headers["Permissions-Policy"]  # "Use my location" in the directory
    assert "camera=()" in headers["Permissions-Policy"] and "microphone=()" in headers["Permissions-Policy"]


def test_every_page_carries_the_policy_before_anything_it_governs(built_site):
    header = directives(header_rules(built_site)["Content-Security-Policy"])
    pages = sorted(built_site.rglob("*.html"))
    pages = [page for page in pages if "kits" not in page.relative_to(built_site).parts]  # snippets, not pages
    shown = {page.relative_to(built_site).as_posix() for page in pages}
    every_kind = {"index.html", "404.html", "directory/index.html", "boroughs/index.html", "update/index.html",
                  "join/index.html", "printers/index.html", "certificates/index.html", "privacy/index.html"}
    every_kind |= {f"centres/{slug}/index.html" for slug in fixture_centres()}
    assert every_kind <= shown, sorted(every_kind - shown)
    for path in pages:
        page = path.read_text(encoding="utf-8")
        (policy,) = META.findall(page)
        head = page[:page.index(policy)]
        assert "<script" not in head and "<link" not in head and "<style" not in head, path
        assert '<meta name="referrer" content="no-referrer">' in page, path
        meta = directives(policy)
        assert "frame-ancestors" not in meta  # valid only as a header
        assert set(meta["script-src"]) == {"'self'"} | inline_script_hashes(page), path
        assert set(meta["script-src"]) <= set(header["script-src"]), path
        assert {name: sources for name, sources in meta.items() if name not in ("script-src", "img-src")} == \
               {name: sources for name, sources in header.items()
                if name not in ("script-src", "img-src", "frame-ancestors")}


def test_every_link_to_another_site_sends_no_referrer(built_site):
    for path in built_site.rglob("*.html"):
        for tag in re.findall(r"<a\b[^>]*>", path.read_text(encoding="utf-8")):
            href = re.search(r'href="(https?://[^"]*)"', tag)
            if href and urlsplit(href.group(1)).netloc != SITE_HOST:
                rel = re.search(r'rel="([^"]*)"', tag)
                assert rel and {"noopener", "noreferrer"} <= set(rel.group(1).split()), (path, tag)


def test_json_data_blocks_need_no_hash_and_scripts_with_a_source_neither():
    page = ('<script type="application/json">{"a": 1}</script><script type="application/ld+json">{}</script>'
            '<script src="a.js"></script><script>run()</script>')
    (only,) = inline_script_hashes(page)
    assert only == inline_script_hashes("<script>run()</script>").pop()


def test_the_postcode_lookup_is_allowed_only_where_the_region_offers_it():
    with_lookup = directives(content_security_policy([], postcodes_io=True, header=False))
    assert with_lookup["connect-src"] == ["'self'", "https://api.postcodes.io"]
    assert "api.postcodes.io" not in headers_file([], postcodes_io=False)


def test_outbound_links_keep_their_own_rel_words():
    page = ('<a href="https://other.example/" rel="nofollow">x</a><a href="/here/">y</a>'
            '<a href="https://reporting-centres.example.org/centres/">z</a><a href="mailto:a@example.org">m</a>')
    fixed = outbound_links_without_referrer(page, "https://reporting-centres.example.org/")
    assert '<a href="https://other.example/" rel="nofollow noopener noreferrer">' in fixed
    assert fixed.count("noreferrer") == 1


def test_a_link_whose_slashes_a_tab_or_line_break_splits_still_leads_elsewhere():
    """Browsers, and urlsplit, drop tabs and line breaks from a URL: "https:/<tab>/other.example/" is
    another host, and gets no referrer; a link without "//" names no host and is left as it is."""
    page = '<a href="https:/\t/other.example/">x</a><a href="https:/\n/other.example/">y</a><a href="b/c/">z</a>'
    fixed = outbound_links_without_referrer(page, "https://reporting-centres.example.org/")
    assert fixed.count(' rel="noopener noreferrer"') == 2
    assert fixed.endswith('<a href="b/c/">z</a>')


def test_the_policy_goes_right_after_the_character_set():
    page = with_policy('<html><head><meta charset="utf-8"><title>t</title></head></html>', [], postcodes_io=False)
    assert page.startswith('<html><head><meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy"')
