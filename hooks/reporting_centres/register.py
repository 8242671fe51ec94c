"""The private register: the personal details behind the public centre files.

Centre files are public: the repository, every fork and every pull request's diff show them. So
the Hate Crime Champion's contact details, training date, unpublished name and role, and who signed
the core commitments live here instead, one file per centre (``<slug>.yml``, joined to the centre
by its slug) in a folder kept out of the public repository: by default ``private/`` beside
mkdocs.yml, ignored by git and best kept as a clone of a private companion repository;
``$CENTRES_REGISTER`` or ``register_dir`` in mkdocs.yml point elsewhere.

The site's build never reads the register. Only the coordinator's commands do (``centres stale``
for refresher training, ``centres kit --private`` for a certificate naming who signed), and they
say plainly when it is not there. A message about a register file names the field and what is
wrong, never the value: the value is personal, and messages end up in logs.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationError

from .config import Region
from .errors import DataError, Problem
from .load import Document, LoadError, centre_files, display_path, parse_bytes, read_bytes
from .model import Email, PastDate, Phone, Record, is_slug
from .validate import problem_at

ENVIRONMENT = "CENTRES_REGISTER"


class PrivateChampion(Record):
    name: str = Field(min_length=1, max_length=120, description="Full name")
    role: str | None = Field(None, min_length=1, max_length=120, description="Job title")
    email: Email | None = None
    phone: Phone | None = None
    trained: PastDate = Field(description="Date of the champion's last hate crime training")


class Signing(Record):
    signed_by: str = Field(min_length=1, max_length=120, description="Who signed the core commitments for the centre")


# A GitHub username, or an email address: who may ask for the centre's details to change.
Requester = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254,
                                             pattern=r"^([A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}|[^@\s]+@[^@\s]+\.[^@\s]+)$")]


class VisitKind(str, Enum):
    support = "support"  # a 1-2-1 support visit
    mystery_shopper = "mystery-shopper"


class Visit(Record):
    """A visit the coordinator (or a mystery shopper) made to the centre."""

    date: PastDate
    kind: VisitKind
    outcome: str | None = Field(None, min_length=1, max_length=300, description="What was found or agreed")


class RegisterEntry(Record):
    """What the coordinator keeps about one centre."""

    champion: PrivateChampion
    commitments: Signing | None = None
    requesters: list[Requester] = Field(default_factory=list, max_length=50,
                                        description="GitHub usernames and email addresses of the centre's staff "
                                                    "whose update requests go straight to a pull request")
    visits: list[Visit] = Field(default_factory=list, description="Support and mystery-shopper visits")


@dataclass(frozen=True)
class Register:
    folder: Path
    entries: dict[str, RegisterEntry]
    documents: dict[str, Document]  # where each entry's fields sit in its file, for messages

    def entry(self, slug: str) -> RegisterEntry | None:
        return self.entries.get(slug)

    def knows(self, slug: str, who: str) -> bool:
        """Whether ``who`` (a GitHub username or an email address) is on the centre's list of requesters."""
        entry = self.entries.get(slug)
        wanted = who.strip().casefold()
        return bool(entry and wanted and any(known.casefold() == wanted for known in entry.requesters))

    def where(self, slug: str, path: tuple[str, ...]) -> tuple[str, int]:
        """The file and line of a field in a centre's register file."""
        document = self.documents[slug]
        return document.file, document.where(path).line


def register_folder(region: Region, root: Path) -> Path:
    return Path(os.environ.get(ENVIRONMENT) or root / region.register_dir)


def load_register(region: Region, root: Path, slugs: set[str], today: dt.date | None = None) -> Register | None:
    """The register for the centres ``slugs``, or None where there is no register folder.

    Every file is checked; a file whose slug is no centre's is a problem (a centre renamed or removed
    without its private record). Raises DataError with every problem, values never shown."""
    folder = register_folder(region, root)
    if not folder.is_dir():
        return None
    problems: list[Problem] = []
    entries: dict[str, RegisterEntry] = {}
    documents: dict[str, Document] = {}
    for path in centre_files(folder):
        shown = display_path(path, root)
        try:
            document = parse_bytes(read_bytes(path, shown, root=folder), shown)
        except LoadError as error:
            problems.append(error.problem)
            continue
        slug = path.stem
        if not is_slug(slug) or slug not in slugs:
            problems.append(Problem(shown, 1, 1, "", f"no centre has the slug {slug!r}; rename this file after its "
                                    f"centre's file in {region.centres_dir}/, or remove it if the centre has gone"))
            continue
        try:
            entries[slug] = RegisterEntry.model_validate(document.data, context={"today": today})
            documents[slug] = document
        except ValidationError as error:
            problems += [problem_at(document, e, private=True) for e in error.errors(include_url=False)]
    if problems:
        raise DataError(problems)
    return Register(folder, entries, documents)


def missing_register_note(region: Region, root: Path) -> str:
    """What a command says when it needs the register and there is none."""
    return (f"No private register at {display_path(register_folder(region, root), root)}/ (set {ENVIRONMENT} or "
            "register_dir in mkdocs.yml): champions' details and training were not checked.")

