"""Text the kits can draw: every character of every field a kit prints must be in the brand's fonts.

Checked with validation (``centres validate``, and the build before anything is drawn), so a centre
whose name holds an emoji the fonts lack is told so at the field's place in its file, instead of
its kit failing when drawn and stopping every other centre's kit with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ..config import Region
from ..errors import DataError, Problem
from ..load import LoadError, read_document
from ..public import PublicCentre
from ..rules import ZERO_WIDTH_JOINERS, character_name
from ..validate import dotted_path
from .brand import BRAND_FILE, Brand, load_brand
from .fonts import WEIGHTS, FontBook, FontFile, resolve_fonts
from .phrases import PhraseBook, load_phrases, missing_phrases

Place = tuple[str | int, ...]  # a field's path in a centre file

# What each kit field prints, as (path in the centre file, text). Hours and dates print as the
# build writes them (digits and words of its own), so they are not listed.
PRINTED: dict[str, Callable[[PublicCentre], Iterator[tuple[Place, str | None]]]] = {
    "name": lambda c: iter([(("name",), c.name)]),
    "organisation": lambda c: iter([(("organisation",), c.organisation)]),
    "address": lambda c: iter([*((("address", "lines", i), line) for i, line in enumerate(c.address.lines)),
                               (("address", "town"), c.address.town), (("address", "postcode"), c.address.postcode)]),
    "phones": lambda c: iter([text for i, phone in enumerate(c.contact.phones)
                              for text in ((("contact", "phones", i, "number"), phone.number),
                                           (("contact", "phones", i, "note"), phone.note))]),
    "email": lambda c: iter([(("contact", "email"), c.contact.email)]),
    "website": lambda c: iter([(("contact", "website"), c.contact.website)]),
    "hours": lambda c: iter([(("hours", "notes"), c.hours.notes)]),
    "commitments": lambda c: iter([(("commitments", "version"), c.commitments.version)]),
}


def check_printable(region: Region, centres: list[PublicCentre], root: Path) -> list[str]:
    """``centres validate``'s check: the region's brand and fonts, and every printed character.
    Returns notes on the languages centres list that their kits cannot print."""
    brand_dir = root / region.brand_dir
    brand = load_brand(brand_dir)
    fonts = resolve_fonts(brand.fonts, f"{brand_dir.name}/{BRAND_FILE}")
    undrawable_text(centres, brand, fonts, root, region.centres_dir)
    phrases = load_phrases(brand_dir)
    undrawable_phrases(phrases, fonts)
    return missing_phrases(phrases, centres)


def undrawable_phrases(book: PhraseBook, fonts: tuple[FontFile, ...]) -> None:
    """Raise DataError for every approved phrase (one the kits print) with a character no brand font has."""
    books = [FontBook(fonts, weight) for weight in WEIGHTS]
    problems = []
    for phrase, language, text in book.texts():
        missing = [char for char in dict.fromkeys(text) if char not in ZERO_WIDTH_JOINERS and not char.isspace()
                   and any(font.face_for(char) is None for font in books)]
        if missing:
            line, column = (book.places or {}).get((phrase, language), (0, 0))
            problems.append(Problem(book.source, line, column, f"{phrase}.{language}", "the kits print this, and "
                                    f"their fonts cannot draw {', '.join(character_name(char) for char in missing)}; "
                                    "add a font that has them to fonts.fallbacks in brand.yml"))
    if problems:
        raise DataError(problems)


def undrawable_text(centres: list[PublicCentre] | tuple[PublicCentre, ...], brand: Brand, fonts: tuple[FontFile, ...],
                    root: Path, centres_dir: str) -> None:
    """Raise DataError with every printed character no brand font has, at its field's place."""
    uses = sorted({name for item in brand.items.values() for name in (*item.uses, "name") if name in PRINTED})
    printed = [(centre.slug, place, text) for centre in centres for name in uses
               for place, text in PRINTED[name](centre) if text]
    characters = {char for _, _, text in printed for char in text}
    books = [FontBook(fonts, weight) for weight in WEIGHTS]
    lacking = {char for char in characters if char not in ZERO_WIDTH_JOINERS and not char.isspace()
               and any(book.face_for(char) is None for book in books)}  # each character looked up once
    problems = [_problem(root, centres_dir, slug, place, [char for char in dict.fromkeys(text) if char in lacking])
                for slug, place, text in printed if lacking and not lacking.isdisjoint(text)]
    if problems:
        raise DataError(problems)


def _problem(root: Path, centres_dir: str, slug: str, place: Place, missing: list[str]) -> Problem:
    shown = f"{centres_dir}/{slug}.yml"
    try:
        position = read_document(root / shown, shown).where(place)
        line, column = position.line, position.column
    except LoadError:
        line = column = 0
    characters = ", ".join(character_name(char) for char in missing)
    return Problem(shown, line, column, dotted_path(place),
                   f"the brand kit prints this, and its fonts cannot draw {characters}; write it without, in words "
                   "(an emoji's meaning, for example), or add a font that has it to fonts.fallbacks in brand.yml")
