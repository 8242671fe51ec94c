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
