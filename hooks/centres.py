"""MkDocs hooks: wire build events to the reporting_centres stages. Keep this file short."""

from __future__ import annotations

import html
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

from reporting_centres.config import region_from_extra
from reporting_centres.derive import build_directory
from reporting_centres.errors import DataError
from reporting_centres.freshness import build_date
from reporting_centres.kits import KitRendering, kit_pages, plan_kits, write_kits
from reporting_centres.maps import keep_map_code_in, vendor_assets
from reporting_centres.pages import generated_data, generated_pages
from reporting_centres.staging import StagedSite, strict_warnings
from reporting_centres.validate import load_centres

VALIDATED_CACHE = ".cache/centres.pickle"  # centres an earlier build validated, by file content
MAP_CODE_CACHE = ".cache/maps"  # folium's code for each kind of map

_pages = {}  # generated pages by source path
_directory = None  # the derived directory, for the events after on_config
_kits = None  # the brand kit plan, written after the pages
_drawing = None  # the kits being drawn in worker processes while MkDocs writes the pages
_dirty = False  # `--dirty` builds keep site/'s old files, so they cannot be staged
_staged = None  # the folder this build writes into, swapped over site/ only if it all succeeds


def on_startup(command, dirty):
    global _dirty
    _dirty = dirty


def on_config(config):
    """Load and validate every centre before MkDocs cleans site/, so bad data leaves it untouched."""
    global _directory, _kits
    root = Path(config.config_file_path).parent
    try:
        region = region_from_extra(config.extra, site_url=config.site_url or "")
        centres = load_centres(region, root, cache=root / VALIDATED_CACHE)
        keep_map_code_in(root / MAP_CODE_CACHE)
        directory = build_directory(region, centres, build_date())
        _kits = plan_kits(region, directory.centres, root)
    except DataError as error:
        raise PluginError("\n" + error.report("; nothing was built and site/ was left as it was")) from None
    config.extra["reporting_centres"] = region.model_dump(mode="json")  # templates see the defaults too
    _directory = directory
    _pages.clear()
    _pages.update((page.uri, page) for page in generated_pages(directory))
    _pages.update((page.uri, page) for page in kit_pages(_kits, directory))
    _stage(config)
    return config


def _stop_drawing():
    """A failed build, or the next one under `mkdocs serve`, cancels the drawing still to do."""
    global _drawing
    if _drawing is not None:
        _drawing.cancel()
        _drawing = None


def _stage(config):
    """Point MkDocs at a staging folder beside site/, so that a failure in any later stage leaves
    the previous site/ as it was (see ``on_post_build`` and ``on_build_error``)."""
    global _staged
    if _staged is not None:
        _staged.discard()
    _staged = None if _dirty else StagedSite(config.site_dir)
    if _staged is not None:
        config.site_dir = str(_staged.folder)


def on_serve(server, config, builder):
    """`mkdocs serve` rebuilds when a centre file or the brand kit changes, not only the docs."""
    root = Path(config.config_file_path).parent
    for folder in (root / _kits.centres_dir, _kits.brand_dir):
        if folder.is_dir():
            server.watch(str(folder))
    return server


def on_files(files, config):
    """The generated pages and data; and the brand kits, made by worker processes from now on (MkDocs
    has emptied the site folder) while it writes the pages."""
    global _drawing
    _stop_drawing()
    _drawing = KitRendering(_kits, Path(config.site_dir), published=_staged.target if _staged else None)
    for page in _pages.values():
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.uri, content="", inclusion=inclusion))
    for uri, content in generated_data(_directory).items():
        files.append(File.generated(config, uri, content=content))
    for uri, source in vendor_assets().items():  # Leaflet, served by the site itself
        files.append(File.generated(config, uri, abs_src_path=str(source)))
    return files


def on_page_markdown(markdown, page, config, files):
    generated = _pages.get(page.file.src_uri)
    if generated:
        page.meta["title"] = html.escape(generated.title)  # the theme prints titles as HTML, unescaped
    return markdown


def on_page_content(html, page, config, files):
    generated = _pages.get(page.file.src_uri)
    return generated.render(page.url) if generated else html


@event_priority(-100)  # last: after every plugin has written its files
def on_post_build(config):
    """Write every centre's brand kit and the printers' pack into site/kits/ (cached in .cache/kits/),
    then put the finished build in place of site/."""
    global _staged, _drawing
    try:
        report = write_kits(_kits, Path(config.site_dir), _drawing)
    except DataError as error:
        outcome = "; the brand kits were not written and site/ was left as it was"
        raise PluginError("\n" + error.report(outcome)) from None
    finally:
        _drawing = None
    logging.getLogger("mkdocs.hooks.centres").info(
        f"Brand kits: {report.files} files for {report.centres} centres; {report.misses} items rendered, "
        f"{report.hits} from the cache")
    if _staged is not None and not strict_warnings(config):  # strict mode would fail the build next
        _staged.publish(carry=report.carried)
        config.site_dir = str(_staged.target)  # gh-deploy publishes config.site_dir after the build
        _staged = None


def on_build_error(error):
    """Any failure: stop drawing kits and drop the staging folder; site/ was never touched."""
    global _staged
    _stop_drawing()
    if _staged is not None:
        _staged.discard()
        _staged = None
