"""The pages the build generates in memory: one per centre, per borough, and the directory.

They are not written into ``docs/`` and stay out of the navigation: listing a
thousand pages in the nav makes MkDocs several times slower and the output far larger.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable

from . import render
from .derive import Directory
from .exports import json_text, open_data
from .update_form import form_values


@dataclass(frozen=True)
class GeneratedPage:
    uri: str
    title: str
    render: Callable[[str], str]
    in_nav: bool = False


def generated_pages(directory: Directory) -> list[GeneratedPage]:
    pages = [
        GeneratedPage("directory/index.md", "All reporting centres", partial(render.directory_page, directory), in_nav=True),
        GeneratedPage("boroughs/index.md", "Reporting centres by borough", partial(render.boroughs_page, directory), in_nav=True),
        GeneratedPage("update/index.md", "Update your centre's details", partial(render.update_page, directory)),
        GeneratedPage("join/index.md", "Apply to become a reporting centre", partial(render.join_page, directory)),
    ]
    pages += [
        GeneratedPage(f"boroughs/{b.slug}/index.md", f"Reporting centres in {b.name}",
                      partial(render.borough_page, directory, b))
        for b in directory.boroughs
    ]
    pages += [
        GeneratedPage(f"centres/{c.slug}/index.md", c.name, partial(render.centre_page, directory, c))
        for c in directory.centres
    ]
    return pages


def generated_data(directory: Directory) -> dict[str, str]:
    """Static data files: those the site's pages fetch, and the open data (see exports.py), by path in the site."""
    values = {centre.slug: form_values(centre) for centre in directory.centres}
    return {"data/form-values.json": json_text(values), **open_data(directory)}
