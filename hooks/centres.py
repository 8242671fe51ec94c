"""MkDocs hooks: wire build events to the reporting_centres stages. Keep this file short."""

from __future__ import annotations

import html
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from reporting_centres.config import region_from_extra
from reporting_centres.derive import build_directory
from reporting_centres.errors import DataError
from reporting_centres.freshness import build_date
from reporting_centres.kits import kit_pages, plan_kits, write_kits
from reporting_centres.pages import generated_data, generated_pages
from reporting_centres.validate import load_centres

_pages = {}  # generated pages by source path
_directory = None  # the derived directory, for the events after on_config
_kits = None  # the brand kit plan, written after the pages


def on_config(config):
    """Load and validate every centre before MkDocs cleans site/, so bad data leaves it untouched."""
    global _directory, _kits
    root = Path(config.config_file_path).parent
    try:
        region = region_from_extra(config.extra, site_url=config.site_url or "")
        directory = build_directory(region, load_centres(region, root), build_date())
        _kits = plan_kits(region, directory.centres, root)
    except DataError as error:
        raise PluginError("\n" + error.report("; nothing was built and site/ was left as it was")) from None
    config.extra["reporting_centres"] = region.model_dump(mode="json")  # templates see the defaults too
    _directory = directory
    _pages.clear()
    _pages.update((page.uri, page) for page in generated_pages(directory))
    _pages.update((page.uri, page) for page in kit_pages(_kits, directory))
    return config


def on_files(files, config):
    for page in _pages.values():
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.uri, content="", inclusion=inclusion))
    for uri, content in generated_data(_directory).items():
        files.append(File.generated(config, uri, content=content))
    return files


def on_page_markdown(markdown, page, config, files):
    generated = _pages.get(page.file.src_uri)
    if generated:
        page.meta["title"] = html.escape(generated.title)  # the theme prints titles as HTML, unescaped
    return markdown


def on_page_content(html, page, config, files):
    generated = _pages.get(page.file.src_uri)
    return generated.render(page.url) if generated else html


def on_post_build(config):
    """Write every centre's brand kit and the printers' pack into site/kits/ (cached in .cache/kits/)."""
    try:
        report = write_kits(_kits, Path(config.site_dir))
    except DataError as error:
        raise PluginError("\n" + error.report("; the brand kits were not written")) from None
    logging.getLogger("mkdocs.hooks.centres").info(
        f"Brand kits: {report.files} files for {report.centres} centres; {report.misses} items rendered, "
        f"{report.hits} from the cache")
