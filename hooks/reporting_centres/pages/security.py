"""The site's security policy, in one place: the Content-Security-Policy every page carries in a
``<meta>`` element, and the same policy with the headers only a server can send, in ``_headers``.

What the pages need, and so all the policy allows:

- scripts: the site's own files, and the inline scripts by their SHA-256 hashes (mkdocs-material's
  few lines that read its settings, and each kind of map's Leaflet code: see ``pages/maps.py``).
  ``<script type="application/json">`` and ``application/ld+json`` are data, never run, so a
  policy does not apply to them and they need no hash.
- styles: the site's own style sheets. No page has a ``style`` attribute; scripts (Leaflet,
  mkdocs-material) set styles through the DOM, which a policy does not restrict.
- images: the site's own, ``data:`` (mkdocs-material's icons in its style sheet) and, on pages with a
  map, OpenStreetMap's map tiles, fetched only after the visitor presses "Show map". (``_headers``
  is one policy for every path, so it allows the tiles everywhere; the page's own ``<meta>`` narrows it.)
- connections: the site's own data (search index, GeoJSON, postcode areas); and postcodes.io only
  when the region offers the consented full-postcode lookup (``postcodes_io`` in mkdocs.yml).
- forms: the directory's filters submit to the page itself; the update and join forms only make links
  (a GitHub issue or an email), never submit anywhere.
- geolocation: "Use my location" in the directory asks for it, so Permissions-Policy allows the site
  itself, and nothing else.

``_headers`` is the convention of Netlify and Cloudflare Pages; elsewhere, copy its lines into the
server's configuration. ``frame-ancestors`` works only as a header, never in ``<meta>``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

from ..tiles import TILES

POSTCODES_IO = "https://api.postcodes.io"  # where centres.js looks up a full postcode, with consent
HEADERS_FILE = "_headers"
MAP_MARK = "data-rc-map="  # in a page that has a map (templates/_map.html)
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"

_SCRIPT = re.compile(r"<script\b(?P<attributes>[^>]*)>(?P<body>.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?(?P<type>[^"'\s>]+)""", re.IGNORECASE)
_SOURCE = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_JAVASCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript"}
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
# A link that may lead to another host: one with "//" in it (which urlsplit reads across a tab or line break)
_LINK = re.compile(r"<a\b[^>]*/[\t\r\n]*/[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"""\shref\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""", re.IGNORECASE)
_REL = re.compile(r"""\srel\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""", re.IGNORECASE)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(script_hashes: Iterable[str], *, postcodes_io: bool, header: bool,
                            map_tiles: bool = True) -> str:
    """The policy: for a page's ``<meta>`` (``header=False``) or for the server's header, which adds
    ``frame-ancestors``. ``script_hashes`` are CSP sources such as ``'sha256-…'``; ``map_tiles=False``
    (a page with no map) leaves out OpenStreetMap's tile server."""
    connect = ["'self'"] + ([POSTCODES_IO] if postcodes_io else [])
    directives = [
        ("default-src", ["'none'"]),
        ("script-src", ["'self'", *sorted(set(script_hashes))]),
        ("style-src", ["'self'"]),
        ("img-src", ["'self'", "data:"] + ([origin(TILES)] if map_tiles else [])),
        ("font-src", ["'self'"]),
        ("connect-src", connect),
        ("worker-src", ["'self'"]),  # mkdocs-material's search
        ("manifest-src", ["'self'"]),
        ("form-action", ["'self'"]),
        ("base-uri", ["'none'"]),
        ("object-src", ["'none'"]),
    ]
    if header:
        directives.append(("frame-ancestors", ["'none'"]))
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)


def inline_script_hashes(page: str) -> set[str]:
    """The CSP hash sources of the scripts written into ``page`` that a browser would run."""
    hashes = set()
    for script in _SCRIPT.finditer(page):
        attributes = script["attributes"]
        kind = _TYPE.search(attributes)
        if _SOURCE.search(attributes) or (kind and kind["type"].lower() not in _JAVASCRIPT_TYPES):
            continue
        hashes.add(script_hash(script["body"]))
    return hashes


@lru_cache(maxsize=256)  # the same few scripts are on every page: each is hashed once
def script_hash(body: str) -> str:
    """The CSP hash source of an inline script's text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def with_policy(page: str, script_hashes: Iterable[str], *, postcodes_io: bool, enforce: bool = True) -> str:
    """``page`` with the policy's ``<meta>`` elements first in its head (right after the character set),
    before anything the policy governs. ``enforce=False`` leaves out the Content-Security-Policy: for
    ``mkdocs serve``, whose live reload writes an inline script into every page it serves."""
    policy = content_security_policy(script_hashes, postcodes_io=postcodes_io, header=False,
                                     map_tiles=MAP_MARK in page)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n' if enforce else ""
    meta += '<meta name="referrer" content="no-referrer">\n'
    head = _CHARSET.search(page) or _HEAD.search(page)
    if head is None:
        raise ValueError("the page has no <head> to put its Content-Security-Policy in")
    return page[:head.end()] + "\n" + meta + page[head.end():]


def outbound_links_without_referrer(page: str, site_url: str) -> str:
    """Every link to another host gets ``rel="noopener noreferrer"`` (added to any ``rel`` it has). Only
    links with "//" in them are looked at: without it, a URL names no host."""
    own = urlsplit(site_url).netloc

    def fix(match: re.Match) -> str:
        tag = match.group(0)
        href = _HREF.search(tag)
        if href is None:
            return tag
        target = urlsplit((href["double"] if href["double"] is not None else href["single"]).strip())
        if target.scheme not in ("http", "https") or not target.netloc or target.netloc == own:
            return tag
        rel = _REL.search(tag)
        if rel is None:
            return tag[:2] + ' rel="noopener noreferrer"' + tag[2:]
        words = (rel["double"] if rel["double"] is not None else rel["single"]).split()
        words += [word for word in ("noopener", "noreferrer") if word not in words]
        return tag[:rel.start()] + f' rel="{" ".join(words)}"' + tag[rel.end():]

    return _LINK.sub(fix, page)


def headers_file(script_hashes: Iterable[str], *, postcodes_io: bool) -> str:
    """``_headers``: every path gets the policy as a header, with the headers a ``<meta>`` cannot give."""
    headers = {
        "Content-Security-Policy": content_security_policy(script_hashes, postcodes_io=postcodes_io, header=True),
        "Strict-Transport-Security": STRICT_TRANSPORT_SECURITY,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": PERMISSIONS_POLICY,
    }
    return "/*\n" + "".join(f"  {name}: {value}\n" for name, value in headers.items())
