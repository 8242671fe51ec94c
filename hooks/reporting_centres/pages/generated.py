"""The pages the build generates in memory: the directory, every borough and centre, the forms and
the printers' page; and the data files the pages fetch.

They are not written into ``docs/`` and stay out of the navigation: listing a
thousand pages in the nav makes MkDocs several times slower and the output far larger.
The visitor pages are made once per language of the site, each language's in its own folder
("ur/centres/<slug>/"), the main language's at the root; Easy Read only in the main language. The
staff pages, in the main language, are light pages our own code writes (``light.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from ..derive import Directory
from ..easy_read import EasyRead
from ..exports import open_data, open_data_paths
from ..jsontext import json_text
from ..kits import KitPlan
from ..places import centre_districts, district_sort_key
from ..translations import SOURCE, Catalogue, load_catalogues
from ..update_form import form_values, form_versions
from . import templating
from .light import PageShell, staff_page
from .templating import PageLanguage

PRINTERS_PAGE = "printers/index.md"
CERTIFICATES_PAGE = "certificates/index.md"  # kits.fields.CERTIFICATES_PATH: the certificates print its address
EASY_READ_PAGE = "easy-read/index.md"
FORM_VALUES = "data/form-values.json"  # what the update form is filled with


@dataclass(frozen=True)
class GeneratedPage:
    uri: str
    title: str
    render: Callable[[str], str]  # the page's HTML, given its URL
    key: Callable[[str], str] | None = None  # given its URL, the key its HTML is kept under between builds (kept.py)
    in_nav: bool = False
    visitor: bool = True  # a page for visitors: a public service, without the documentation's navigation
    language: str = SOURCE  # the catalogue's code of the language it is in


def page_languages(catalogues: Mapping[str, Catalogue], main: str = SOURCE) -> list[PageLanguage]:
    """Each language's place in the site: the main language at the root, the others in a folder of their code."""
    return [PageLanguage(catalogue, "" if code == main else f"{code}/") for code, catalogue in catalogues.items()]


def generated_pages(directory: Directory, kits: KitPlan | None = None,
                    districts: Mapping[str, list[float]] | None = None,
                    easy_read: EasyRead | None = None,
                    languages: Sequence[PageLanguage] | None = None) -> list[GeneratedPage]:
    """Every page MkDocs writes for the build (each centre's page for its staff is a light page: see
    ``staff_pages``); with a kit plan, printers get a page.
    ``districts`` is the postcode table (``postcodes.py``): each district, and each one a centre is in,
    gets a page of its nearest centres that works without JavaScript, listed A to Z at ``near/``.
    ``easy_read`` (``easy_read.py``) makes the Easy Read index at ``easy-read/`` and a page for each topic.
    ``languages`` are the site's, the main one first (default: English alone)."""
    languages = languages or page_languages(load_catalogues([SOURCE]))
    main = languages[0]
    pages = [
        GeneratedPage("update/index.md", "Update your centre's details",
                      partial(templating.update_page, directory, main), visitor=False),
        GeneratedPage("join/index.md", "Apply to become a reporting centre",
                      partial(templating.join_page, directory, main), visitor=False),
    ]
    near = {**(districts or {}), **centre_districts(directory.centres, districts or {})}
    ordered = sorted(near, key=district_sort_key)
    keys = templating.CentrePageKeys(directory)  # once for every language: it reads the package's files
    for language in languages:
        pages += visitor_pages(directory, bool(kits), near, ordered, language, keys)
    if easy_read:
        pages.append(GeneratedPage(EASY_READ_PAGE, easy_read.title,
                                   partial(templating.easy_read_page, directory, easy_read, None, main)))
        pages += [GeneratedPage(f"easy-read/{topic.slug}/index.md", topic.title,
                                partial(templating.easy_read_page, directory, easy_read, topic, main))
                  for topic in easy_read.pages]
    if kits:
        pages.append(GeneratedPage(PRINTERS_PAGE, "Print-ready brand kits",
                                   partial(templating.printers_page, directory, kits, main), visitor=False))
        pages.append(GeneratedPage(CERTIFICATES_PAGE, "Check a reporting centre's certificate",
                                   partial(templating.certificates_page, directory, kits, main), visitor=False))
    return pages


def staff_pages(directory: Directory, kits: KitPlan | None, language: PageLanguage, shell: PageShell) -> dict[str, str]:
    """Each centre's page for its staff (its brand kit, with a kit plan, and the way to the update form),
    by path in the site: light pages, off the visitor's page and out of search."""
    return {staff_page_path(c.slug): staff_page(directory, c, kits.downloads(c.slug) if kits else None,
                                                             language, shell)
            for c in directory.centres}


def staff_page_path(slug: str) -> str:
    """Where a centre's page for its staff is, in the site."""
    return f"centres/{slug}/staff/index.html"


def visitor_pages(directory: Directory, staff_kit: bool, near: Mapping[str, list[float]],
                  ordered: list[str], language: PageLanguage, keys: templating.CentrePageKeys) -> list[GeneratedPage]:
    """The directory, boroughs, centres and postcode districts in one language; ``keys`` give each centre
    page the key its content is kept under (``kept.py``)."""
    folder, say, code = language.folder, language.catalogue.text, language.catalogue.code
    main = not folder

    def page(path: str, title: str, render: Callable[[str], str], key: Callable[[str], str] | None = None,
             ) -> GeneratedPage:
        return GeneratedPage(folder + path, title, render, key, in_nav=main and path.count("/") == 1, language=code)

    pages = [
        page("directory/index.md", say("title.directory"), partial(templating.directory_page, directory, language)),
        page("boroughs/index.md", say("title.boroughs"), partial(templating.boroughs_page, directory, language)),
    ]
    pages += [
        page(f"boroughs/{b.slug}/index.md", say("title.borough", borough=b.name),
             partial(templating.borough_page, directory, b, language))
        for b in directory.boroughs
    ]
    pages += [
        page(f"centres/{c.slug}/index.md", c.name,
             partial(templating.centre_page, directory, c, staff_kit, language),
             partial(keys.key, c, staff_kit, language))
        for c in directory.centres
    ]
    pages.append(page("near/index.md", say("title.districts"),
                      partial(templating.districts_page, directory, ordered, language)))
    pages += [
        page(f"near/{code}/index.md", say("title.district", district=code),
             partial(templating.district_page, directory, code, (point[0], point[1]), language))
        for code, point in near.items()
    ]
    return pages


def generated_data(directory: Directory) -> dict[str, str]:
    """Static data files: those the site's pages fetch, and the open data (see exports.py), by path in the site."""
    values = {}
    for centre in directory.centres:  # what the update form is filled with, and the versions it sends back
        current = form_values(centre)
        values[centre.slug] = {"values": current, "versions": form_versions(current)}
    return {FORM_VALUES: json_text(values), **open_data(directory)}


def generated_data_paths(directory: Directory) -> list[str]:
    """Where ``generated_data`` puts its files, without making them."""
    return [FORM_VALUES, *open_data_paths(directory)]
