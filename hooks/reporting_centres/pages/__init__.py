"""The page layer: the site's generated pages, their templates and maps, filled from the derived
directory of public projections. Nothing outside this package imports it but the build."""

from .generated import GeneratedPage, generated_data, generated_pages

__all__ = ["GeneratedPage", "generated_data", "generated_pages"]
