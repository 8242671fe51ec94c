"""The pages the build generates in memory: the directory, every borough and centre, the forms and
the printers' page; and the data files the pages fetch.

They are not written into ``docs/`` and stay out of the navigation: listing a
thousand pages in the nav makes MkDocs several times slower and the output far larger.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

from ..derive import Directory
from ..easy_read import EasyRead
from ..exports import json_text, open_data
from ..kits import KitPlan
from ..places import centre_districts, district_sort_key
from ..update_form import form_values, form_versions
from . import templating

PRINTERS_PAGE = "printers/index.md"
CERTIFICATES_PAGE = "certificates/index.md"  # kits.fields.CERTIFICATES_PATH: the certificates print its address
EASY_READ_PAGE = "easy-read/index.md"


@dataclass(frozen=True)
class GeneratedPage:
    uri: str
    title: str
    render: Callable[[str], str]  # the page's HTML, given its URL
    in_nav: bool = False
    visitor: bool = True  # a page for visitors: a public service, without the documentation's navigation
    searchable: bool = True  # in the site's search; a centre's staff page is not, to keep visitors' results short


def generated_pages(directory: Directory, kits: KitPlan | None = None,
                    districts: Mapping[str, list[float]] | None = None,
                    easy_read: EasyRead | None = None) -> list[GeneratedPage]:
    """Every generated page; with a kit plan, each centre's page for its staff offers its kit, and printers
    get a page.
    ``districts`` is the postcode table (``postcodes.py``): each district, and each one a centre is in,
    gets a page of its nearest centres that works without JavaScript, listed A to Z at ``near/``.
    ``easy_read`` (``easy_read.py``) makes the Easy Read index at ``easy-read/`` and a page for each topic."""
    pages = [
        GeneratedPage("directory/index.md", "All reporting centres",
                      partial(templating.directory_page, directory), in_nav=True),
        GeneratedPage("boroughs/index.md", "Reporting centres by borough",
                      partial(templating.boroughs_page, directory), in_nav=True),
        GeneratedPage("update/index.md", "Update your centre's details", partial(templating.update_page, directory),
                      visitor=False),
        GeneratedPage("join/index.md", "Apply to become a reporting centre", partial(templating.join_page, directory),
                      visitor=False),
    ]
    pages += [
        GeneratedPage(f"boroughs/{b.slug}/index.md", f"Reporting centres in {b.name}",
                      partial(templating.borough_page, directory, b))
        for b in directory.boroughs
    ]
    pages += [
        GeneratedPage(f"centres/{c.slug}/index.md", c.name, partial(templating.centre_page, directory, c, bool(kits)))
        for c in directory.centres
    ]
    pages += [  # the brand kit and the update form, for the centre's staff: off the visitor's page
        GeneratedPage(f"centres/{c.slug}/staff/index.md", f"For the staff of {c.name}",
                      partial(templating.centre_staff_page, directory, c, kits.downloads(c.slug) if kits else None),
                      visitor=False, searchable=False)
        for c in directory.centres
    ]
    near = {**(districts or {}), **centre_districts(directory.centres, districts or {})}
    pages.append(GeneratedPage("near/index.md", "Find a centre by postcode district",
                               partial(templating.districts_page, directory, sorted(near, key=district_sort_key)),
                               in_nav=True))
    pages += [
        GeneratedPage(f"near/{code}/index.md", f"Reporting centres near {code}",
                      partial(templating.district_page, directory, code, (point[0], point[1])))
        for code, point in near.items()
    ]
    if easy_read:
        pages.append(GeneratedPage(EASY_READ_PAGE, easy_read.title,
                                   partial(templating.easy_read_page, directory, easy_read, None)))
        pages += [GeneratedPage(f"easy-read/{topic.slug}/index.md", topic.title,
                                partial(templating.easy_read_page, directory, easy_read, topic))
                  for topic in easy_read.pages]
    if kits:
        pages.append(GeneratedPage(PRINTERS_PAGE, "Print-ready brand kits",
                                   partial(templating.printers_page, directory, kits), visitor=False))
        pages.append(GeneratedPage(CERTIFICATES_PAGE, "Check a reporting centre's certificate",
                                   partial(templating.certificates_page, directory, kits), visitor=False))
    return pages


def generated_data(directory: Directory) -> dict[str, str]:
    """Static data files: those the site's pages fetch, and the open data (see exports.py), by path in the site."""
    values = {}
    for centre in directory.centres:  # what the update form is filled with, and the versions it sends back
        current = form_values(centre)
        values[centre.slug] = {"values": current, "versions": form_versions(current)}
    return {"data/form-values.json": json_text(values), **open_data(directory)}
