"""Print-ready brand kits: every centre's window stickers, certificate, poster, badge and banner.

A library of plan and draw: it takes the centres' public projections (``PublicCentre``) and the
region, and imports nothing from the page layer, which asks ``KitPlan.downloads`` for what a centre's
page offers. ``brand`` reads brand/brand.yml, ``fields`` picks the public centre facts a template
may use (with ``phrases``, from brand/phrases.yml, in the centre's languages), ``items`` fills the
Jinja2 SVG templates, ``draw`` draws them once with cairosvg and replays the drawing onto PNGs,
``press`` onto PDFs with bleed, crop marks and page boxes, ``cache`` keeps every result under a
key of everything it depends on, ``pack`` writes the printers' manifest and lists, and
``build`` runs it all across a process pool.
"""

from .build import (
    CentreDownloads,
    Download,
    KitPlan,
    KitRendering,
    plan_kits,
    start_workers_early,
    write_centre_kit,
    write_kits,
)

__all__ = ["CentreDownloads", "Download", "KitPlan", "KitRendering", "plan_kits", "start_workers_early",
           "write_centre_kit", "write_kits"]
