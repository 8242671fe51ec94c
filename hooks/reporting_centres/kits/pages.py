"""The kit's place in the site: a download section on every centre's page, and a printers' page.

Both are Jinja templates beside the other page templates (``_kit_downloads.html``,
``printers.html``); this module only hands them the plan.
"""

from __future__ import annotations

from functools import partial

from .. import render
from ..derive import Directory
from ..pages import GeneratedPage
from .build import KitPlan

PRINTERS_PAGE = "printers/index.md"


def kit_pages(plan: KitPlan, directory: Directory) -> list[GeneratedPage]:
    """The printers' page; also lets centre pages list their downloads (``kit`` in templates)."""
    render.environment().globals["kit"] = plan
    return [GeneratedPage(PRINTERS_PAGE, "Print-ready brand kits", partial(printers_page, directory, plan))]


def printers_page(directory: Directory, plan: KitPlan, here: str) -> str:
    return render._render("printers.html", here, directory, kit=plan)  # noqa: SLF001 - the package's page renderer
