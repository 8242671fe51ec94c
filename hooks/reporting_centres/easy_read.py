"""The Easy Read pages' source (brand/easy-read/pages.yml): read, checked and parsed into rows.

Each row is one short sentence and the picture beside it. Sentences hold three kinds of markup
only: ``**bold**``, ``[words](address)`` links and ``{placeholders}`` filled from the region's
settings. Everything else is text (the page template escapes it). Mistakes are reported at their
line and column in the file, like a centre file's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .config import Region
from .errors import DataError, Problem
from .load import Document, LoadError, read_document

FOLDER = "easy-read"  # in the brand folder: the source and the pictures
SOURCE = "pages.yml"
MAX_SENTENCE = 150  # Easy Read sentences are short
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SITE_PATH = re.compile(r"(?:[a-z0-9-]+/)*(?:#[a-z0-9-]+)?")  # a page of this site, e.g. directory/ or #emergency
MARKUP = re.compile(r"\*\*(?P<bold>[^*\[\]]+?)\*\*|\[(?P<label>[^\[\]*]+)\]\((?P<target>[^()]+)\)")
PLACEHOLDER = re.compile(r"\{([a-z_]*)\}")
CONDITIONS = ("stop_hate_uk",)


@dataclass(frozen=True)
class Piece:
    """A stretch of a sentence: plain, bold, or a link (to ``target``: a site path, https: or tel:)."""

    text: str
    bold: bool = False
    target: str | None = None

    @property
    def site_path(self) -> bool:
        return self.target is not None and not self.target.startswith(("https:", "tel:"))


@dataclass(frozen=True)
class Row:
    picture: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class EasyReadPage:
    slug: str
    title: str
    picture: str  # beside the page's link on the index
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class EasyRead:
    """The index (its title and rows), the topic pages, and every picture's text alternative."""

    title: str
    rows: tuple[Row, ...]
    pages: tuple[EasyReadPage, ...]
    pictures: dict[str, str]  # picture name -> what it shows
    folder: Path  # where the pictures' SVG templates are


def load_easy_read(brand_dir: Path, region: Region) -> EasyRead | None:
    """The Easy Read pages, or None where the brand folder has none; DataError with every mistake."""
    folder = brand_dir / FOLDER
    path = folder / SOURCE
    if not path.exists():
        return None
    shown = f"{brand_dir.name}/{FOLDER}/{SOURCE}"
    try:
        document = read_document(path, shown)
    except LoadError as error:
        raise DataError([error.problem]) from None
    return _Reader(document, shown, folder, region).easy_read()


class _Reader:
    """Walks the document once, collecting every problem with its place."""

    def __init__(self, document: Document, shown: str, folder: Path, region: Region):
        self.document, self.shown, self.folder, self.region = document, shown, folder, region
        self.problems: list[Problem] = []
        self.values = {
            "region": region.name,
            "true_vision_url": region.true_vision_url,
            "true_vision_address": region.true_vision_url.split("://", 1)[-1].rstrip("/"),
            "stop_hate_uk_phone": region.stop_hate_uk.phone if region.stop_hate_uk else None,
        }

    def fail(self, place: tuple, message: str, key: bool = False) -> None:
        position = self.document.where(place, key=key)
        field = ".".join(str(part) if isinstance(part, str) else f"[{part}]" for part in place).replace(".[", "[")
        self.problems.append(Problem(self.shown, position.line, position.column, field, message))

    def easy_read(self) -> EasyRead:
        data = self.document.data
        self.known(data, (), {"pictures", "index", "pages"})
        pictures = self.pictures(data.get("pictures"))
        index = data.get("index")
        title: str = ""
        rows: tuple[Row, ...] = ()
        if isinstance(index, dict) and index:
            self.known(index, ("index",), {"title", "rows"})
            title = self.text(index.get("title"), ("index", "title"))
            rows = self.rows(index.get("rows"), ("index", "rows"), pictures)
        else:
            self.fail(("index",), "needs the index page's title: and rows:")
        pages = []
        listed = data.get("pages")
        if not isinstance(listed, list) or not listed:
            self.fail(("pages",), "should list the topic pages, each with slug:, title:, picture: and rows:")
            listed = []
        slugs: set[str] = set()
        for number, page in enumerate(listed):
            place = ("pages", number)
            if not isinstance(page, dict):
                self.fail(place, "should be a page, with slug:, title:, picture: and rows:")
                continue
            self.known(page, place, {"slug", "title", "picture", "rows"})
            slug = page.get("slug")
            if not isinstance(slug, str) or not SLUG.fullmatch(slug):
                self.fail((*place, "slug"), "should be lowercase letters, digits and hyphens, e.g. how-to-report")
            elif slug in slugs:
                self.fail((*place, "slug"), f"{slug!r} is another page's slug too; give each page its own")
            slugs.add(str(slug))
            picture = self.picture(page.get("picture"), (*place, "picture"), pictures)
            pages.append(EasyReadPage(str(slug), self.text(page.get("title"), (*place, "title")), picture,
                                      self.rows(page.get("rows"), (*place, "rows"), pictures)))
        if self.problems:
            raise DataError(self.problems)
        return EasyRead(title, rows, tuple(pages), pictures, self.folder)

    def known(self, mapping: object, place: tuple, names: set[str]) -> None:
        if isinstance(mapping, dict):
            for name in mapping:
                if name not in names:
                    self.fail((*place, name), f"unknown field; use {', '.join(sorted(names))}", key=True)

    def pictures(self, value: object) -> dict[str, str]:
        if not isinstance(value, dict) or not value:
            self.fail(("pictures",), "should name every picture, each with what it shows (its text alternative)")
            return {}
        found = {}
        for name, alternative in value.items():
            place = ("pictures", name)
            if not SLUG.fullmatch(str(name)) or not (self.folder / f"{name}.svg").is_file():
                self.fail(place, f"there is no picture {name}.svg in {self.folder.parent.name}/{FOLDER}/", key=True)
            elif not isinstance(alternative, str) or not alternative.strip():
                self.fail(place, "needs a few words saying what the picture shows, for people who cannot see it")
            else:
                found[str(name)] = " ".join(alternative.split())
        drawn = sorted(path.stem for path in self.folder.glob("*.svg") if not path.name.startswith("_"))
        for name in drawn:
            if name not in value:
                self.fail(("pictures",), f"{name}.svg has no text alternative; add '{name}: what it shows'")
        return found

    def picture(self, name: object, place: tuple, pictures: dict[str, str]) -> str:
        if not isinstance(name, str) or name not in pictures:
            self.fail(place, f"{name!r} is not one of the pictures listed under pictures:")
        return str(name)

    def text(self, value: object, place: tuple) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(place, "needs some words")
            return ""
        return " ".join(value.split())

    def rows(self, value: object, place: tuple, pictures: dict[str, str]) -> tuple[Row, ...]:
        if not isinstance(value, list) or not value:
            self.fail(place, "should list rows, each a picture: and a sentence (text:)")
            return ()
        rows = []
        for number, row in enumerate(value):
            here = (*place, number)
            if not isinstance(row, dict):
                self.fail(here, "should be a picture: and a sentence (text:)")
                continue
            self.known(row, here, {"picture", "text", "when"})
            when = row.get("when")
            if when is not None and when not in CONDITIONS:
                self.fail((*here, "when"), f"should be one of {', '.join(CONDITIONS)}")
            picture = self.picture(row.get("picture"), (*here, "picture"), pictures)
            pieces = self.sentence(row.get("text"), (*here, "text"))
            if when == "stop_hate_uk" and not self.region.stop_hate_uk:
                continue  # the region does not commission Stop Hate UK
            rows.append(Row(picture, pieces))
        return tuple(rows)

    def sentence(self, value: object, place: tuple) -> tuple[Piece, ...]:
        text = self.text(value, place)
        if len(text) > MAX_SENTENCE:
            self.fail(place, f"is {len(text)} characters; Easy Read sentences are short: split it (at most "
                      f"{MAX_SENTENCE})")
        for name in PLACEHOLDER.findall(text):
            if name not in self.values:
                self.fail(place, f"{{{name}}} is not a value this page can fill in; use "
                          f"{', '.join('{' + key + '}' for key in self.values)}")
                return ()
            if self.values[name] is None and not self._conditional(place):
                self.fail(place, f"{{{name}}} needs 'when: stop_hate_uk', since some regions have no Stop Hate UK")
                return ()
        # a value the region lacks only fills rows left out for it: a stand-in keeps their markup checked
        filled = PLACEHOLDER.sub(lambda match: self.values[match.group(1)] or "0", text)
        pieces, end = [], 0
        for match in MARKUP.finditer(filled):
            pieces.append(Piece(filled[end:match.start()]))
            if match.group("bold"):
                pieces.append(Piece(match.group("bold"), bold=True))
            else:
                pieces.append(Piece(match.group("label"), target=self.target(match.group("target"), place)))
            end = match.end()
        pieces.append(Piece(filled[end:]))
        plain = "".join(piece.text for piece in pieces if piece.target is None and not piece.bold)
        if "*" in plain or "_" in plain:
            self.fail(place, "has a lone * or _: Easy Read uses no italics; make key words bold with **two stars** "
                      "either side")
        elif "[" in plain or "]" in plain:
            self.fail(place, "has a [ or ] that is not a link; write a link as [words](address)")
        return tuple(piece for piece in pieces if piece.text)

    def _conditional(self, place: tuple) -> bool:
        row = self.document.data
        for part in place[:-1]:
            row = row[part]
        return isinstance(row, dict) and row.get("when") == "stop_hate_uk"

    def target(self, target: str, place: tuple) -> str:
        if target.startswith("tel:"):
            digits = "".join(char for char in target[4:] if char.isdigit())
            if digits:
                return "tel:" + ("+" if target[4:].strip().startswith("+") else "") + digits
        elif target.startswith("https://") and not any(char.isspace() for char in target):
            return target
        elif SITE_PATH.fullmatch(target):
            return target
        self.fail(place, f"the link to {target!r} should go to an https:// address, a phone number (tel:999) or "
                  "a page of this site (e.g. directory/)")
        return ""
