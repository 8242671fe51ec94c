"""Static redirect pages, so that a printed address keeps working for the life of the print.

- ``c/<code>/``: a centre's short, permanent address (``code:`` in its file), which its QR codes
  encode. It is served in capitals, as the file gives it, and in small letters, for anyone typing it.
- ``centres/<old-slug>/``: each slug in the centre's ``moved_from``, so a renamed centre's old page
  address (and any QR code printed with it) still leads to its page.

Each page is a ``<meta http-equiv="refresh">`` and a plain link, with no script at all, so the
site's Content-Security-Policy (``security.py``) needs nothing new; the build adds it like any page's.
Links are relative, so the pages work wherever the site is served.
"""

from __future__ import annotations

from html import escape

from ..config import Region
from ..derive import Directory
from ..public import PublicCentre


def redirect_pages(directory: Directory) -> dict[str, str]:
    """Every redirect page, by its path in the site."""
    pages: dict[str, str] = {}
    for centre in directory.centres:
        if centre.code:
            for code in dict.fromkeys((centre.code, centre.code.lower())):
                pages[f"c/{code}/index.html"] = redirect_page(directory.region, centre, f"../../centres/{centre.slug}/")
        for old in centre.moved_from:
            pages[f"centres/{old}/index.html"] = redirect_page(directory.region, centre, f"../{centre.slug}/")
    return pages


def redirect_page(region: Region, centre: PublicCentre, target: str) -> str:
    """A page that sends the browser straight on to ``target``, with a link for anyone it does not."""
    name, href = escape(centre.name), escape(target)
    demonstration = ("<p><strong>Demonstration data.</strong> The centres on this site are fictional. Do not use "
                     "them to report a crime: in an emergency call 999, otherwise call 101 or "
                     f'<a href="{escape(region.true_vision_url)}">report online with True Vision</a>.</p>\n'
                     if region.demonstration else "")
    canonical = f'<link rel="canonical" href="{escape(centre.url)}">\n' if "://" in centre.url else ""
    return (
        "<!doctype html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>{name}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f"{canonical}"
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        "</head>\n"
        "<body>\n"
        f'<p>This address leads to the page of <a href="{href}">{name}</a>.</p>\n'
        f"{demonstration}"
        "</body>\n"
        "</html>\n"
    )
