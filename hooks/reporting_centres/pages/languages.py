"""The site's languages in one MkDocs build: which language each page is in, the same page in the
other languages, and what the theme needs to show a page in its language.

mkdocs-material takes its language (its own words, ``lang`` and ``dir``) from ``theme.language``, one
per build. Here one build makes every language, so ``theme.language`` and the site's name are set
for each page just before the theme fills it, and put back after (see ``site_build.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from ..translations import SOURCE, Catalogue, script_words_asset, words_asset_path
from .templating import PageLanguage

VISITOR_DOCS = ("index.md", "what-happens.md", "safety.md", "privacy.md")  # the markdown pages every language has
SEARCH_INDEX = "search/search_index.json"  # mkdocs-material's, one per language after ``search_indexes``
# The languages mkdocs-material's search (lunr-languages) stems, as its assets/javascripts/lunr/min/ has them;
# Chinese is left out, as lunr's needs jieba, which the browser lacks.
LUNR_LANGUAGES = frozenset(("ar", "da", "de", "du", "el", "es", "fi", "fr", "he", "hi", "hu", "hy", "it", "ja", "jp",
                            "kn", "ko", "nl", "no", "pt", "ro", "ru", "sa", "sv", "ta", "te", "th", "tr", "vi"))
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)


@dataclass(frozen=True)
class Alternate:
    code: str
    name: str  # the language's name in itself
    link: str  # the page's site path in that language ("ur/centres/foo/")


@dataclass(frozen=True)
class Home:
    """A language's home page, as the 404 page lists it: by the language's own name, with "Page not found"
    in it, so a visitor who reads only that language sees where they are and the way on."""

    code: str
    name: str
    link: str
    direction: str
    not_found: str


@dataclass
class SiteLanguages:
    languages: Sequence[PageLanguage]  # the main language first
    english: Catalogue
    page_urls: set[str] = field(default_factory=set)  # every page's URL, to know which pages each language has

    @property
    def main(self) -> PageLanguage:
        return self.languages[0]

    def folders(self) -> set[str]:
        return {language.folder.rstrip("/") for language in self.languages if language.folder}

    def of(self, path: str) -> PageLanguage:
        """The language of the page at ``path`` (a source path or URL): the one whose folder it is in."""
        for language in self.languages[1:]:
            if path.startswith(language.folder):
                return language
        return self.main

    def alternates(self, url: str) -> list[Alternate]:
        """The page at ``url`` in each language that has it (itself included), or none if only one has it."""
        plain = url.removeprefix(self.of(url).folder)
        found = [Alternate(language.catalogue.code, language.catalogue.name, language.folder + plain)
                 for language in self.languages if language.folder + plain in self.page_urls]
        return found if len(found) > 1 else []

    def missing_docs(self, sources: Iterable[str]) -> list[str]:
        """The visitor pages (``VISITOR_DOCS`` the main language has) that a language lacks, as source paths."""
        present = set(sources)
        wanted = [name for name in VISITOR_DOCS if name in present]
        return [language.folder + name for language in self.languages[1:] for name in wanted
                if language.folder + name not in present]

    def _english(self, url: str, language: PageLanguage) -> str | None:
        """The page in English, where this page is in another language and English has it."""
        english = next((other for other in self.languages if other.catalogue.code == SOURCE), None)
        if english is None or english is language:
            return None
        target = english.folder + url.removeprefix(language.folder)
        return target if target in self.page_urls else english.folder

    def theme_context(self, url: str, region: str) -> dict:
        """What the theme's templates (main.html, partials) read for the page at ``url``."""
        language = self.of(url)
        catalogue = language.catalogue
        return {
            "rc_t": catalogue.markup,
            "rc_en": self.english.markup,
            "rc_language": catalogue,
            "rc_english_link": self._english(url, language),
            "rc_homes": [] if url else [Home(other.catalogue.code, other.catalogue.name, other.folder,
                                             other.catalogue.direction, other.catalogue.text("not_found.title"))
                                        for other in self.languages[1:]],
            "call_999": Markup('<a href="tel:999">999</a>'),
            "call_101": Markup('<a href="tel:101">101</a>'),
            "rc_words_script": words_asset_path(catalogue.code),
            "rc_site_name": catalogue.text("site.name", region=region),
            "rc_site_description": catalogue.text("site.description", region=region),
        }

    def word_assets(self) -> dict[str, str]:
        """Each language's words for the site's scripts, by path in the site."""
        return {words_asset_path(language.catalogue.code): script_words_asset(language.catalogue)
                for language in self.languages}

    def search_indexes(self, index: dict) -> dict[str, dict]:
        """mkdocs-material's one search index split in one per language (by path in the site), so that a
        visitor searches the pages in their language; each says how to split words and whether lunr can stem."""
        found: dict[str, dict] = {}
        for language in self.languages:
            folder = language.folder
            others = tuple(other.folder for other in self.languages if other.folder and other is not language)
            docs = [{**doc, "location": doc["location"].removeprefix(folder)} for doc in index["docs"]
                    if doc["location"].startswith(folder) and not doc["location"].startswith(others)]
            found[folder + SEARCH_INDEX] = {"config": search_config(index["config"], language.catalogue.code),
                                            "docs": docs}
        return found

    def with_search_base(self, html: str, url: str) -> str:
        """A page in another language searches that language's index: mkdocs-material finds the index,
        and makes its results' links, from ``base`` in the page's ``__config``."""
        folder = self.of(url).folder
        if not folder:
            return html

        def rebase(match: re.Match) -> str:
            settings = json.loads(match.group(2))
            settings["base"] = settings["base"].rstrip("/") + "/" + folder  # a folder: its "/" is needed
            text = json.dumps(settings, ensure_ascii=False, separators=(",", ":"))
            return match.group(1) + text.replace("<", "\\u003c").replace("&", "\\u0026") + match.group(3)

        return _CONFIG.sub(rebase, html, count=1)


def search_config(config: dict, code: str) -> dict:
    """The search settings for a language: lunr's stemmer where it has one; elsewhere whole words only
    (an English stemmer would cut other languages' words wrongly), and Chinese split by character."""
    if code in LUNR_LANGUAGES or code == "en":
        return {**config, "lang": [code]}
    separator = config["separator"]
    if code == "zh":  # no spaces between words: every character is a word, so a search finds any run of them
        separator = f"{separator}|(?=[{_CJK}])|(?<=[{_CJK}])"
    return {**config, "lang": ["en"], "pipeline": [], "separator": separator}
