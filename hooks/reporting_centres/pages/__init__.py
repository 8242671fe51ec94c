"""The page layer: the site's generated pages, their templates and maps, filled from the derived
directory of public projections. Nothing outside this package imports it but the build."""

from .generated import GeneratedPage, generated_data, generated_pages, staff_pages
from .redirects import redirect_pages
from .templating import with_postcode_box

__all__ = ["GeneratedPage", "generated_data", "generated_pages", "redirect_pages", "staff_pages",
           "with_postcode_box"]
