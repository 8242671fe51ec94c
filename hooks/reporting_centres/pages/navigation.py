"""The site's navigation (the drawer on phones, the side navigation) in each of the site's languages.

mkdocs.yml's ``nav`` stays the one navigation: its titles are in the site's main language, and each
is looked up by its words among the main language's catalogue entries ``nav.*``, whose keys every
other catalogue translates (as a gettext catalogue looks words up by their source text). A page the
language has is linked in that language; one it lacks (the staff pages) is linked in the main one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..errors import Problem
from ..translations import Catalogue
from .templating import PageLanguage

PREFIX = "nav."  # the catalogues' keys for the navigation's titles


@dataclass(eq=False)  # compared by identity, as mkdocs-material compares a nav item with the page
class NavItem:
    """A section, page or link of the navigation as mkdocs-material's ``partials/nav-item.html`` reads it."""

    title: str
    url: str | None  # None for a section
    children: list[NavItem] = field(default_factory=list)
    active: bool = False  # the page shown, or a section holding it

    @property
    def is_section(self) -> bool:
        return self.url is None

    @property
    def is_page(self) -> bool:
        return self.url is not None and "://" not in self.url

    @property
    def is_link(self) -> bool:
        return self.url is not None and "://" in self.url


@dataclass(eq=False)
class LanguageNav:
    """The navigation in one language, as the theme reads MkDocs' own (``nav.items``, ``nav.homepage``)."""

    items: list[NavItem]
    homepage: NavItem

    def trail(self, url: str) -> list[NavItem]:
        """The item linking to ``url`` and the sections holding it, outermost first; none if it is not listed."""
        return next((path for path in _paths(self.items, []) if path[-1].url == url), [])


def shared_sidebars_key(url: str, toc_empty: bool, items: Sequence[object], *settings: object) -> tuple | None:
    """What the theme's side navigation and contents (its block ``site_nav``) depend on, where they are the
    same on many pages: a page that is not in the navigation (none of its items is active) and has no
    contents of its own gets the same sidebars as every such page in its folder (the links are relative
    to the folder), language and ``settings`` (the page's ``hide``, the site's name and home page in its
    language). None for a page whose sidebars are its own."""
    if not toc_empty or any(getattr(item, "active", False) for item in items):
        return None
    return (url.rstrip("/").rpartition("/")[0], *settings)


def _paths(items: Sequence[NavItem], above: list[NavItem]) -> Iterator[list[NavItem]]:
    for item in items:
        yield [*above, item]
        yield from _paths(item.children, [*above, item])


def nav_titles(nav: object) -> list[str]:
    """Every title in mkdocs.yml's ``nav`` (its raw form: a list of ``{title: path or list}`` and paths)."""
    found: list[str] = []
    for entry in nav if isinstance(nav, list) else []:
        if isinstance(entry, dict):
            for title, value in entry.items():
                found.append(str(title))
                found += nav_titles(value)
    return found


def untranslated(nav: object, main: Catalogue, config_file: str, config_text: str = "") -> list[Problem]:
    """A problem for each title in mkdocs.yml's ``nav`` that the main language's catalogue has no ``nav.*``
    entry for (so no language can translate it), or for a page listed without a title."""
    known = _keys_by_words(main)
    problems = []
    for entry in _untitled(nav):
        problems.append(Problem(config_file, _line_of(config_text, entry), 0, "nav",
                                f"{entry!r} has no title; give it one (- Title: {entry}) so that every "
                                "site language can translate it"))
    for title in dict.fromkeys(nav_titles(nav)):
        if title not in known:
            key = PREFIX + "_".join(re.findall(r"\w+", title.lower()))
            problems.append(Problem(config_file, _line_of(config_text, title + ":"), 0, "nav",
                                    f"no translation of {title!r}: add '{key}: {title}' to translations/"
                                    f"{main.code}.yml and translate it in every other language's catalogue"))
    return problems


def _untitled(nav: object) -> list[str]:
    found: list[str] = []
    for entry in nav if isinstance(nav, list) else []:
        if isinstance(entry, str):
            found.append(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                found += _untitled(value)
    return found


def _line_of(text: str, words: str) -> int:
    """The line of mkdocs.yml where ``words`` first appear (0 if nowhere), to point the error there."""
    for number, line in enumerate(text.splitlines(), start=1):
        if words in line:
            return number
    return 0


def _keys_by_words(catalogue: Catalogue) -> dict[str, str]:
    return {value: key for key, value in catalogue.strings.items() if key.startswith(PREFIX) and isinstance(value, str)}


def language_nav(items: Sequence[object], main: Catalogue, language: PageLanguage, page_urls: set[str]) -> LanguageNav:
    """MkDocs' navigation ``items`` (Section, Page, Link) in ``language``: each title from its catalogue
    (``untranslated`` has checked that there is one), each page in the language where it has it."""
    keys = _keys_by_words(main)

    def item(entry: object) -> NavItem:
        title = str(getattr(entry, "title", "") or "")
        words = str(language.catalogue.markup(keys[title])) if title in keys else title  # the theme prints it as HTML
        children = getattr(entry, "children", None)
        if children is not None and getattr(entry, "is_section", False):
            return NavItem(words, None, [item(child) for child in children])
        url = str(getattr(entry, "url", "") or "")
        if getattr(entry, "is_page", False) and language.folder + url in page_urls:
            url = language.folder + url
        return NavItem(words, url)

    translated = [item(entry) for entry in items]
    home = next((found[-1] for found in _paths(translated, []) if found[-1].url == language.folder), None)
    return LanguageNav(translated, home or NavItem("", language.folder))
