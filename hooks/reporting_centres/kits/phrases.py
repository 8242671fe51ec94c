"""The phrases the poster and window stickers print in a centre's languages (brand/phrases.yml).

Translators edit that file only: for each phrase, one entry per language code, with its text and a
status. Only ``approved`` entries are printed (a fluent speaker has checked them); a ``draft`` waits.
A language a centre lists is printed when every phrase has an approved entry in it; otherwise its
kit simply leaves that language out, and ``missing_phrases`` says so, as a note.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, Problem
from ..load import Document, LoadError, read_document
from ..public import PublicCentre
from ..rules import LANGUAGES, invisible

PHRASES_FILE = "phrases.yml"
ENGLISH = "en"  # the kits' own language: printed already, never repeated as a translation
ADDRESS = "{address}"  # where the online reporting address goes in the report-online phrase
PHRASES = {
    "report-here": "the heading: that visitors can report hate crime at this centre",
    "report-online": f"that anyone can report online, with {ADDRESS} where the address goes",
}
STATUSES = ("draft", "approved")
NON_BREAKING_HYPHEN = "\u2011"
# The longest each phrase may be, {address} included: the poster and stickers are drawn to fit these
# in any script (tests/kits/test_phrases.py)
MAX_LENGTH = {"report-here": 80, "report-online": 50}


@dataclass(frozen=True)
class Entry:
    """One phrase in one language."""

    text: str
    status: str


@dataclass(frozen=True)
class PrintedPhrases:
    """What a kit prints in one language: the phrases with the address filled in."""

    language: str
    report_here: str
    report_online: str


@dataclass(frozen=True)
class PhraseBook:
    """Every phrase's entries by language code, as read from phrases.yml."""

    entries: dict[str, dict[str, Entry]]  # phrase -> language -> entry
    source: str = f"brand/{PHRASES_FILE}"
    places: dict[tuple[str, str], tuple[int, int]] | None = None  # (phrase, language) -> line, column

    def printable(self, language: str) -> bool:
        """Every phrase has an approved entry in ``language``."""
        return language != ENGLISH and all(
            (entry := by_language.get(language)) is not None and entry.status == "approved"
            for by_language in self.entries.values())

    def printed(self, language: str, address: str) -> PrintedPhrases:
        """The phrases in ``language``; the address's hyphens do not break (U+2011), so a line never ends
        inside it, as at "report-"."""
        unbroken = address.replace("-", NON_BREAKING_HYPHEN)
        return PrintedPhrases(language, self.entries["report-here"][language].text,
                              self.entries["report-online"][language].text.replace(ADDRESS, unbroken))

    def for_centre(self, centre: PublicCentre, address: str) -> list[PrintedPhrases]:
        """The centre's languages that can be printed, in the order its file lists them."""
        return [self.printed(language.code, address) for language in centre.languages
                if self.printable(language.code)]

    def texts(self) -> Iterable[tuple[str, str, str]]:
        """(phrase, language, text) of every approved entry: what a kit may print."""
        for phrase, by_language in self.entries.items():
            for language, entry in by_language.items():
                if entry.status == "approved" and language != ENGLISH:
                    yield phrase, language, entry.text


NO_PHRASES = PhraseBook({phrase: {} for phrase in PHRASES})


def load_phrases(brand_dir: Path) -> PhraseBook:
    """Read and check phrases.yml beside brand.yml; without the file, no language is printed."""
    path = brand_dir / PHRASES_FILE
    shown = f"{brand_dir.name}/{PHRASES_FILE}"
    if not path.exists():
        return NO_PHRASES
    try:
        document = read_document(path, shown)
    except LoadError as error:
        raise DataError([error.problem]) from None
    return _book(document, shown)


def _book(document: Document, shown: str) -> PhraseBook:
    problems: list[Problem] = []

    def fail(place: tuple[str, ...], field: str, message: str, key: bool = False) -> None:
        position = document.where(place, key=key)
        problems.append(Problem(shown, position.line, position.column, field, message))

    entries: dict[str, dict[str, Entry]] = {phrase: {} for phrase in PHRASES}
    places: dict[tuple[str, str], tuple[int, int]] = {}
    for phrase, by_language in document.data.items():
        if phrase not in PHRASES:
            fail((phrase,), str(phrase), f"unknown phrase; the kits print these: {', '.join(PHRASES)}", key=True)
            continue
        if not isinstance(by_language, dict):
            fail((phrase,), phrase, "should list languages, each as 'code: {text: ..., status: ...}'")
            continue
        for code, entry in by_language.items():
            place, field = (phrase, code), f"{phrase}.{code}"
            if str(code) not in LANGUAGES:
                fail(place, field, f"{code!r} is not an ISO 639 language code (e.g. 'ur', 'pl', 'pa')", key=True)
                continue
            text = entry.get("text") if isinstance(entry, dict) else None
            status = entry.get("status") if isinstance(entry, dict) else None
            unknown = sorted(set(entry) - {"text", "status"}) if isinstance(entry, dict) else []
            if not isinstance(text, str) or not text.strip():
                fail(place, field, "needs its 'text:' (the phrase in this language)")
            elif len(text) > MAX_LENGTH[phrase]:
                fail((*place, "text"), f"{field}.text", f"is {len(text)} characters; shorten it to "
                     f"{MAX_LENGTH[phrase]} at most, so that it fits the kits")
            elif phrase == "report-online" and text.count(ADDRESS) != 1:
                fail((*place, "text"), f"{field}.text", f"should hold {ADDRESS} once, where the address goes")
            elif any(invisible(char) for char in text):
                fail((*place, "text"), f"{field}.text", "holds an invisible character; type the phrase again")
            elif status not in STATUSES:
                fail(place, f"{field}.status", f"should be one of {', '.join(STATUSES)} (approved: a fluent "
                     "speaker has checked it, and it is printed)")
            elif unknown:
                fail((*place, unknown[0]), f"{field}.{unknown[0]}", "unknown field; an entry has 'text' and 'status'",
                     key=True)
            else:
                entries[phrase][code] = Entry(" ".join(text.split()), status)
                position = document.where(place, key=True)
                places[(phrase, code)] = (position.line, position.column)
    if problems:
        raise DataError(problems)
    return PhraseBook(entries, shown, places)


def signed(code: str) -> bool:
    """A sign language (British Sign Language is 'bfi'), which nothing printed can be in."""
    return code == "sgn" or LANGUAGES.get(code, "").endswith("Sign Language")


def missing_phrases(book: PhraseBook, centres: Iterable[PublicCentre]) -> list[str]:
    """A note for each language centres list that their kits cannot print, naming the centres."""
    lacking: dict[str, list[str]] = {}
    for centre in centres:
        for language in centre.languages:
            if language.code != ENGLISH and not signed(language.code) and not book.printable(language.code):
                lacking.setdefault(language.code, []).append(centre.slug)
    notes = []
    for code, slugs in sorted(lacking.items()):
        drafts = any(code in by_language for by_language in book.entries.values())
        why = "are not approved yet" if drafts else "have no translation"
        shown = ", ".join(slugs[:3]) + (f" and {len(slugs) - 3} more" if len(slugs) > 3 else "")
        notes.append(f"note: {LANGUAGES.get(code, code)} ({code}), listed by {shown}: the kits' phrases in it "
                     f"{why} in {book.source}, so kits print them in English only")
    return notes
