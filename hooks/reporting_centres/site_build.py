"""One MkDocs build of the site: the stages in order, and the state that passes between events.

``hooks/centres.py`` forwards MkDocs' events to one ``SiteBuild``; it holds everything a build
carries from one event to the next. The stages run one way: load and validate the centres, derive
the directory of public projections, plan the brand kits, then render pages, data and kits and
write them into a staging folder that replaces ``site/`` only when all of it has succeeded.
"""

from __future__ import annotations

import html
import json
import logging
import os
import posixpath
from collections.abc import Callable
from functools import partial
from importlib.resources import files as package_files
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .config import region_from_extra
from .derive import Directory, build_directory
from .easy_read import load_easy_read
from .errors import DataError, Problem
from .forked import WrittenApart
from .freshness import build_date
from .kits import KitPlan, KitRendering, plan_kits, start_workers_early, write_kits
from .nearby import Distances
from .pages import GeneratedPage, generated_data, generated_pages, redirect_pages, staff_pages, with_postcode_box
from .pages.generated import generated_data_paths, page_languages, staff_page_path
from .pages.kept import KeptPages
from .pages.languages import SEARCH_INDEX, SiteLanguages
from .pages.light import page_shell
from .pages.maps import keep_map_code_in, vendor_assets
from .pages.navigation import LanguageNav, NavItem, language_nav, shared_sidebars_key, untranslated
from .pages.pictures import easy_read_pictures
from .pages.search_text import searched_part, without_marks
from .pages.security import (
    HEADERS_FILE,
    headers_file,
    inline_script_hashes,
    outbound_links_without_referrer,
    with_policy,
)
from .postcodes import TABLE_PATH
from .rules import LANGUAGES
from .staging import StagedSite, strict_warnings
from .translations import SOURCE, load_catalogues
from .validate import VALIDATED_CACHE, load_centres

MAP_CODE_CACHE = ".cache/maps"  # folium's code for each kind of map
DISTANCES_CACHE = ".cache/distances.pickle"  # the distances between neighbouring centres, measured once
KEPT_PAGES = ".cache/pages.pickle"  # the centre pages' content, kept between builds (pages/kept.py)
THEME = package_files(__package__) / "theme"  # the site's overrides of mkdocs-material, shipped in the package

log = logging.getLogger("mkdocs.hooks.centres")


class PickerLanguages:
    """The same page in each language, for the language picker (``partials/alternate.html``).

    mkdocs-material writes a ``<link rel="alternate" hreflang>`` for each entry of an iterable
    ``extra.alternate``, and its script then fetches ``sitemap.xml`` below every such link, which for a
    page's own address is a missing file: eight failed requests on every page load. So this holds the
    entries without being iterable: the picker shows them, the theme writes no links, and the hreflang
    links between the versions of each page are in sitemap.xml instead, where search engines read them.
    """

    def __init__(self, entries: tuple[dict[str, str], ...]):
        self.entries = entries

    def __bool__(self) -> bool:  # the theme's header shows the picker where there is a choice
        return bool(self.entries)


class FileWrittenApart(File):
    """A file of the site that the build writes itself (``forked.py``) or carries over from the previous
    site (``staging.py``), not MkDocs: listed, so links to it are checked, but not copied."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


class SiteBuild:
    """The state of the build in progress, and MkDocs' events that move it on."""

    def __init__(self) -> None:
        self.dirty = False  # `--dirty` builds keep site/'s old files, so they cannot be staged
        self.serving = False  # `mkdocs serve`: its live reload adds an inline script no policy can know
        self.directory: Directory | None = None
        self.kits: KitPlan | None = None
        self.pictures: dict[str, str] = {}  # the Easy Read pages' pictures, by path in the site
        self.pages: dict[str, GeneratedPage] = {}  # generated pages by source path
        self.whole_pages: dict[str, str] = {}  # by URL: the content of pages whose search sees only a part
        self.drawing: KitRendering | None = None  # kits drawn by worker processes while MkDocs writes pages
        self.apart: WrittenApart | None = None  # the data and staff pages: a forked child writes them (forked.py)
        self.staged: StagedSite | None = None  # where this build writes, swapped over site/ if it all succeeds
        self.script_hashes: set[str] = set()  # every page's inline scripts, for _headers (see pages/security.py)
        self.languages: SiteLanguages | None = None
        # theme.language, site_name, site_description, extra.homepage and extra.alternate as on_page_context found
        # them, put back after
        self.settings_before_page: tuple[str, str, str | None, object, object] | None = None
        self.navs: dict[str, LanguageNav] = {}  # the navigation in each language but the main one, by code
        self.active_nav: list[NavItem] = []  # the translated nav's items marked active for the page being written
        self.sidebars: dict[tuple, str] = {}  # the theme's sidebars as written once for the pages that share them
        self.kept = KeptPages()  # the centre pages' content an earlier build drew (on_config reads it)

    def on_startup(self, command: str, dirty: bool) -> None:
        self.dirty = dirty
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and validate every centre before MkDocs cleans site/, so bad data leaves it untouched."""
        root = Path(config.config_file_path).parent
        start_workers_early()
        try:
            region = region_from_extra(config.extra, site_url=config.site_url or "")
            centres = load_centres(region, root, cache=root / VALIDATED_CACHE)
            keep_map_code_in(root / MAP_CODE_CACHE)
            distances = Distances(root / DISTANCES_CACHE)
            directory = build_directory(region, centres, build_date(), distances)
            distances.save()
            kits = plan_kits(region, directory.centres, root)
            easy_read = load_easy_read(kits.brand_dir, region)
            pictures = easy_read_pictures(easy_read, kits.brand) if easy_read else {}
            languages = _site_languages(region.site_languages, config)
        except DataError as error:
            raise PluginError("\n" + error.report("; nothing was built and site/ was left as it was")) from None
        for note in kits.notes:  # languages whose phrases the kits cannot print yet: a note, not a warning
            log.info(note)
        config.extra["reporting_centres"] = region.model_dump(mode="json")  # templates see the defaults too
        _use_theme(config)
        self.directory, self.kits, self.pictures, self.languages = directory, kits, pictures, languages
        self.pages = {page.uri: page for page in generated_pages(directory, kits, _districts(config), easy_read,
                                                                  languages.languages)}
        self.script_hashes, self.whole_pages, self.sidebars = set(), {}, {}
        self.kept = KeptPages(root / KEPT_PAGES)
        self._stage(config)
        return config

    def on_serve(self, server, config: MkDocsConfig, builder):
        """`mkdocs serve` rebuilds when a centre file or the brand kit changes, not only the docs."""
        root = Path(config.config_file_path).parent
        region = config.extra["reporting_centres"]
        for folder in (root / region["centres_dir"], root / region["brand_dir"]):
            if folder.is_dir():
                server.watch(str(folder))
        return server

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """The generated pages and data; and the brand kits, drawn by worker processes from now on (MkDocs
        has emptied the site folder) while it writes the pages."""
        assert self.directory is not None and self.kits is not None and self.languages is not None, "on_config first"
        files = self._docs_in_site_languages(files, config)
        self._stop_drawing()
        self._stop_writing()
        self.apart = WrittenApart(Path(config.site_dir), lambda: self._made_apart(config))
        published = self.staged.target if self.staged else None
        self.drawing = KitRendering(self.kits, Path(config.site_dir), published=published)
        redirects = {uri: self._secure(content, config)  # short and old addresses: no theme, same policy
                     for uri, content in redirect_pages(self.directory).items()}
        carried = self.staged.published_alike(redirects) if self.staged else set()
        if self.staged is not None:  # what the previous site has as it is, linked in while the pages are written
            self.staged.carry_early([*(str(task.folder.relative_to(config.site_dir)) for task in self.drawing.carried),
                                     *(posixpath.dirname(uri) for uri in sorted(carried))])
        for page in self.pages.values():
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.uri, content="", inclusion=inclusion))
        for uri, content in self.pictures.items():
            files.append(File.generated(config, uri, content=content))
        for uri, content in redirects.items():
            if uri in carried:
                files.append(FileWrittenApart.generated(config, uri, abs_src_path=os.path.join(config.site_dir, uri)))
            else:
                files.append(File.generated(config, uri, content=content))
        for uri in self._paths_apart():  # the data, and the staff pages (light pages, not MkDocs' pipeline)
            files.append(FileWrittenApart.generated(config, uri, abs_src_path=os.path.join(config.site_dir, uri)))
        for uri, source in vendor_assets().items():  # Leaflet, served by the site itself
            files.append(File.generated(config, uri, abs_src_path=str(source)))
        for uri, content in self.languages.word_assets().items():  # the scripts' words, one file per language
            files.append(File.generated(config, uri, content=content))
        self.languages.page_urls = {file.url.removeprefix("./") for file in files.documentation_pages()}  # as Page.url
        return files

    def _made_apart(self, config: MkDocsConfig) -> tuple[dict[str, str], set[str]]:
        """What ``self.apart`` writes (``forked.py``): the data files and the staff pages, with the staff
        pages' inline scripts' hashes."""
        assert self.directory is not None, "on_config first"
        staff, hashes = self._secured(self._staff_pages(config), config)
        return {**generated_data(self.directory), **staff}, hashes

    def _paths_apart(self) -> list[str]:
        """Where the files ``_made_apart`` makes are in the site."""
        assert self.directory is not None, "on_config first"
        return [*generated_data_paths(self.directory),
                *(staff_page_path(centre.slug) for centre in self.directory.centres)]

    def _secured(self, pages: dict[str, str], config: MkDocsConfig) -> tuple[dict[str, str], set[str]]:
        """Pages with their security policy (see ``_secure``), and their inline scripts' hashes."""
        hashes: set[str] = set()
        secured = {}
        for uri, content in pages.items():
            secured[uri], page_hashes = self._secured_page(content, config)
            hashes |= page_hashes
        return secured, hashes

    def _staff_pages(self, config: MkDocsConfig) -> dict[str, str]:
        """Each centre's page for its staff, in the site's main language, by path in the site."""
        assert self.directory is not None and self.languages is not None, "on_config first"
        main = self.languages.languages[0]
        name = self.languages.theme_context("", config.extra["reporting_centres"]["name"])["rc_site_name"]
        shell = page_shell(name, config.site_description or "", config.site_url or "", config.theme.get("palette"),
                           main)
        return staff_pages(self.directory, self.kits, main, shell)

    def _docs_in_site_languages(self, files: Files, config: MkDocsConfig) -> Files:
        """Leave out docs/<code>/ of a language the site is not published in; a site language must have
        every visitor page the main language has (``VISITOR_DOCS``)."""
        assert self.languages is not None
        folders = self.languages.folders()
        kept = Files([file for file in files if file.src_uri.split("/")[0] in folders
                      or not (file.src_uri.count("/") and file.src_uri.split("/")[0] in LANGUAGES)])
        missing = self.languages.missing_docs(file.src_uri for file in kept.documentation_pages())
        if missing:
            problems = [Problem(f"{config.docs_dir}/{path}", 0, 0, "", "missing: every language in "
                                "extra.reporting_centres.site_languages needs this page; translate "
                                f"{path.split('/', 1)[1]} into it (README: Languages)") for path in missing]
            raise PluginError("\n" + DataError(problems).report("; nothing was built and site/ was left as it was"))
        return kept

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        """mkdocs.yml's navigation in each other language (``pages/navigation.py``); a title no catalogue
        translates stops the build."""
        assert self.languages is not None, "on_config comes first"
        self.navs = {}
        if len(self.languages.languages) < 2:
            return nav
        main = self.languages.main.catalogue
        config_file = config.config_file_path
        problems = untranslated(config.nav, main, config_file, Path(config_file).read_text(encoding="utf-8"))
        if problems:
            raise PluginError("\n" + DataError(problems).report("; nothing was built and site/ was left as it was"))
        self.navs = {language.catalogue.code: language_nav(nav.items, main, language, self.languages.page_urls)
                     for language in self.languages.languages[1:]}
        return nav

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated:
            page.meta["title"] = html.escape(generated.title)  # the theme prints titles as HTML, unescaped
            if generated.visitor:  # a public service, not a manual: no side navigation, no contents
                page.meta["hide"] = ["navigation", "toc"]
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated:  # the search plugin indexes the part worth searching; on_page_context puts the rest back
            whole = (self.kept.page(generated.key(page.url), partial(generated.render, page.url)) if generated.key
                     else generated.render(page.url))
            searched = searched_part(whole)
            if searched != whole:
                self.whole_pages[page.url] = without_marks(whole)
            return searched
        assert self.directory is not None, "on_config comes first"
        assert self.languages is not None, "on_config comes first"
        return with_postcode_box(self.directory, html, self.languages.of(page.url), page.url)

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
        """The whole page again, where search was handed a part of it (``search_text.py``). The page in
        its own language: mkdocs-material's words, ``lang`` and ``dir`` follow ``theme.language``, so it
        is set for this page (and put back in ``on_post_page``); the theme's
        own templates get the catalogue and the same page in the other languages."""
        assert self.languages is not None, "on_config comes first"
        if page.url in self.whole_pages:
            page.content = self.whole_pages.pop(page.url)
        language = self.languages.of(page.url)
        extra = self.languages.theme_context(page.url, config.extra["reporting_centres"]["name"])
        self.settings_before_page = (config.theme["language"], config.site_name, config.site_description,
                                     config.extra.get("homepage"), config.extra.get("alternate"))
        config.theme["language"] = language.catalogue.code
        config.site_name = extra["rc_site_name"]
        if language is not self.languages.main:  # the main language keeps mkdocs.yml's own description
            config.site_description = extra["rc_site_description"]
        config.extra["homepage"] = language.folder or None  # the logo goes to this language's home page
        config.extra["alternate"] = PickerLanguages(tuple(
            {"name": alternate.name, "lang": alternate.code, "link": alternate.link}
            for alternate in self.languages.alternates(page.url)))
        context.update(extra)
        translated = self.navs.get(language.catalogue.code)
        if translated is not None and language is not self.languages.main:
            context["nav"] = translated
            self.active_nav = translated.trail(page.url)
            for item in self.active_nav:
                item.active = True
        context["rc_sidebars_key"] = shared_sidebars_key(
            page.url, not len(page.toc), context["nav"].items, tuple(page.meta.get("hide") or ()),
            language.catalogue.code, config.site_name, config.extra.get("homepage"))
        context["rc_sidebars_once"] = self._sidebars_once
        return context

    def _sidebars_once(self, key: tuple, render: Callable[[], str]) -> str:
        """The theme's sidebars for the pages that share ``key``, written for the first of them."""
        if key not in self.sidebars:
            self.sidebars[key] = render()
        return self.sidebars[key]

    def on_template_context(self, context: dict, template_name: str, config: MkDocsConfig) -> dict:
        """The theme's pages that are not documents (404.html) are in the main language."""
        assert self.languages is not None, "on_config comes first"
        context.update(self.languages.theme_context("", config.extra["reporting_centres"]["name"]))
        config.extra["alternate"], config.extra["homepage"] = PickerLanguages(()), None
        if template_name == "sitemap.xml":  # the hreflang links between the versions of each page
            site = (config.site_url or "").rstrip("/") + "/"
            context["rc_alternates"] = {url: [(alternate.code, site + alternate.link)
                                              for alternate in self.languages.alternates(url)]
                                        for url in self.languages.page_urls}
        return context

    @event_priority(-100)  # last: after any plugin has changed the page
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        assert self.languages is not None, "on_config comes first"
        output = self.languages.with_search_base(output, page.url)
        if self.settings_before_page is not None:
            config.theme["language"], config.site_name, config.site_description, homepage, alternate = \
                self.settings_before_page
            config.extra["homepage"], config.extra["alternate"] = homepage, alternate
            self.settings_before_page = None
        for item in self.active_nav:
            item.active = False
        self.active_nav = []
        return self._secure(output, config)

    @event_priority(-100)
    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """The theme's pages that are not documents, such as 404.html, get the same policy."""
        return self._secure(output_content, config) if template_name.endswith(".html") else output_content

    def _secure(self, html: str, config: MkDocsConfig) -> str:
        """The page's Content-Security-Policy and referrer policy, and no referrer on links to other sites."""
        secured, hashes = self._secured_page(html, config)
        self.script_hashes |= hashes
        return secured

    def _secured_page(self, html: str, config: MkDocsConfig) -> tuple[str, set[str]]:
        html = outbound_links_without_referrer(html, config.site_url or "")
        hashes = inline_script_hashes(html)
        return with_policy(html, hashes, postcodes_io=self._postcodes_io(config), enforce=not self.serving), hashes

    @staticmethod
    def _postcodes_io(config: MkDocsConfig) -> bool:
        return bool(config.extra["reporting_centres"].get("postcodes_io"))

    @event_priority(-100)  # last: after every plugin has written its files
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write every centre's brand kit and the printers' lists into site/kits/ (cached in .cache/kits/),
        then put the finished build in place of site/."""
        assert self.kits is not None and self.languages is not None, "on_config comes first"
        self._split_search_index(Path(config.site_dir))
        try:
            if self.apart is not None:
                self.script_hashes |= self.apart.wait()
        except RuntimeError as error:  # a fault in the build itself, not in the data: its traceback says where
            raise PluginError(f"\nthe staff pages and open data were not written, and site/ was left as it was:\n"
                              f"{error}") from None
        finally:
            self.apart = None
        (Path(config.site_dir) / HEADERS_FILE).write_text(
            headers_file(self.script_hashes, postcodes_io=self._postcodes_io(config)), encoding="utf-8")
        try:
            report = write_kits(self.kits, Path(config.site_dir), self.drawing)
        except DataError as error:
            outcome = "; the brand kits were not written and site/ was left as it was"
            raise PluginError("\n" + error.report(outcome)) from None
        finally:
            self.drawing = None
        log.info(f"Brand kits: {report.files} files for {report.centres} centres; {report.misses} items rendered, "
                 f"{report.hits} from the cache")
        self.kept.save()
        if self.staged is not None and not strict_warnings(config):  # strict mode would fail the build next
            self.staged.publish(carry=report.carried)
            config.site_dir = str(self.staged.target)  # gh-deploy publishes config.site_dir after the build
            self.staged = None

    def _split_search_index(self, site: Path) -> None:
        """One search index per language (see ``SiteLanguages.search_indexes``)."""
        assert self.languages is not None
        whole = site / SEARCH_INDEX
        if len(self.languages.languages) < 2 or not whole.is_file():
            return
        for path, index in self.languages.search_indexes(json.loads(whole.read_text(encoding="utf-8"))).items():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    def on_build_error(self, error: Exception) -> None:
        """Any failure: stop drawing kits and drop the staging folder; site/ was never touched."""
        self._stop_drawing()
        self._stop_writing()
        if self.staged is not None:
            self.staged.discard()
            self.staged = None

    def _stop_drawing(self) -> None:
        """A failed build, or the next one under `mkdocs serve`, cancels the drawing still to do."""
        if self.drawing is not None:
            self.drawing.cancel()
            self.drawing = None

    def _stop_writing(self) -> None:
        if self.apart is not None:
            self.apart.cancel()
            self.apart = None

    def _stage(self, config: MkDocsConfig) -> None:
        """Point MkDocs at a staging folder beside site/, so that a failure in any later stage leaves
        the previous site/ as it was (see ``on_post_build`` and ``on_build_error``)."""
        if self.staged is not None:
            self.staged.discard()
        self.staged = None if self.dirty else StagedSite(config.site_dir)
        if self.staged is not None:
            config.site_dir = str(self.staged.folder)


def _site_languages(codes: list[str], config: MkDocsConfig) -> SiteLanguages:
    """The catalogues of the site's languages, the first of which must be the theme's."""
    theme = config.theme["language"]
    if codes[0] != theme:
        raise DataError([Problem(config.config_file_path, 0, 0, "extra.reporting_centres.site_languages",
                                 f"must start with the theme's language, {theme!r} (theme.language), "
                                 "whose pages are at the site's root")])
    catalogues = load_catalogues(codes)
    return SiteLanguages(page_languages({code: catalogues[code] for code in codes}, main=codes[0]), catalogues[SOURCE])


def _districts(config: MkDocsConfig) -> dict[str, list[float]]:
    """The postcode table the site serves (``postcodes.py``), if the region has one."""
    table = Path(config.docs_dir) / TABLE_PATH
    return json.loads(table.read_text(encoding="utf-8"))["districts"] if table.is_file() else {}


def _use_theme(config: MkDocsConfig) -> None:
    """Put the package's theme overrides just after the region's own ``custom_dir`` (which still wins),
    so a region's mkdocs.yml names no folder inside the package."""
    theme_dir = str(THEME)
    dirs = config.theme.dirs
    if theme_dir not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
