"""Print-ready brand kits: every centre's window stickers, certificate, poster, badge and banner.

The kit is one more stage after ``derive``: ``brand`` reads brand/brand.yml, ``fields`` picks the
public centre facts a template may use, ``render`` fills the Jinja2 SVG templates, ``draw`` draws
them once with cairosvg and replays the drawing onto PNGs, ``press`` onto PDFs with bleed, crop
marks and page boxes, ``cache`` keeps every result under a
key of everything it depends on, ``pack`` zips kits and writes the printers' manifest, and
``build`` runs it all across a process pool.
"""

from .build import KitPlan, KitRendering, plan_kits, write_centre_kit, write_kits
from .pages import kit_pages

__all__ = ["KitPlan", "KitRendering", "kit_pages", "plan_kits", "write_centre_kit", "write_kits"]
