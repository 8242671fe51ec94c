"""Light pages: whole HTML documents our own code writes, outside MkDocs' page pipeline.

A centre's page for its staff (its brand kit and the update form) needs no search entry, no
navigation drawer and none of the theme's script, and the site has one for every centre: written
through MkDocs, each paid for the whole page pipeline and the theme (about half the build's pages).
A light page has the site's stylesheets, its quick exit, the demonstration notice, ``lang`` and
``dir``, a skip link and the footer's Easy Read link; the build adds its security policy as for any
page (``security.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files as package_files

from markupsafe import Markup

from ..derive import Directory
from ..kits import CentreDownloads
from ..public import PublicCentre
from ..translations import words_asset_path
from .templating import PageLanguage, render, text_direction

SITE_STYLESHEET = "assets/rc/site.css"  # the site's own, after mkdocs-material's (as theme/main.html has it)


@dataclass(frozen=True)
class PageShell:
    """What every light page carries of the site around its content."""

    site_name: str
    site_description: str
    site_url: str  # ends in "/", or "" where the site has no address yet
    stylesheets: tuple[str, ...]  # site paths, in order
    palette: tuple[tuple[str, str], ...]  # ("scheme", "default"), ("primary", "deep-purple"), ...
    words_script: str  # the scripts' words in the page's language (quick-exit.js reads its title there)
    direction: str  # "ltr" or "rtl"


def page_shell(site_name: str, site_description: str, site_url: str, palette: dict | list | None,
               language: PageLanguage) -> PageShell:
    """The shell for pages in ``language``, from the site's settings (mkdocs.yml's ``theme.palette``)."""
    if isinstance(palette, list):  # a light and a dark scheme: the page follows the first, as the theme does
        palette = palette[0] if palette else None
    colours = tuple((name, str(palette[name]).replace(" ", "-")) for name in ("scheme", "primary", "accent")
                    if palette and palette.get(name))
    code = language.catalogue.code
    return PageShell(site_name, site_description, site_url.rstrip("/") + "/" if site_url else "",
                     (*theme_stylesheets(bool(palette)), SITE_STYLESHEET), colours, words_asset_path(code),
                     text_direction(code))


@cache
def theme_stylesheets(palette: bool) -> tuple[str, ...]:
    """mkdocs-material's stylesheets, as its ``base.html`` names them (their names carry a hash that
    changes with each version of the theme)."""
    base = (package_files("material") / "templates" / "base.html").read_text(encoding="utf-8")
    main = re.findall(r"assets/stylesheets/main\.[0-9a-f]+\.min\.css", base)
    colours = re.findall(r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css", base)
    if not main or (palette and not colours):
        raise RuntimeError("mkdocs-material's base.html no longer names its stylesheets as light.py expects; "
                           "update theme_stylesheets for the installed version")
    return (main[0], colours[0]) if palette else (main[0],)


def staff_page(directory: Directory, centre: PublicCentre, downloads: CentreDownloads | None,
               language: PageLanguage, shell: PageShell) -> str:
    """A centre's page for its staff: its brand kit, and the way to the update form."""
    here = f"centres/{centre.slug}/staff/"
    body = render("centre_staff.html", here, directory, language, centre=centre, downloads=downloads)
    return light_page(directory, language, shell, here, f"For the staff of {centre.name}", body)


def light_page(directory: Directory, language: PageLanguage, shell: PageShell, here: str, title: str,
               body: str) -> str:
    """The whole document at site path ``here``, around ``body`` (HTML our templates made)."""
    return render("light_page.html", here, directory, language, shell=shell, title=title, body=Markup(body))
