"""Pages' content kept between builds, so that a rebuild after one edit redraws only what changed.

A centre page's content is a function of a few things: the centre, its nearest neighbours, its
borough's name, its freshness, the language and the page's place, the region's settings and the
date, and this package's code, templates and catalogues and the libraries they draw with.
``templating.CentrePageKeys`` names them all; a page whose key an earlier build kept is taken as it
was, any other is drawn and kept. A test draws a centre page from a directory in which everything
outside its key differs, and checks the page is the same, so a template that comes to read something
more fails it instead of going out of date.

The file is ``.cache/pages.pickle`` in the project (``working_files.py``). It holds public pages only.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from ..working_files import Remembered

PACKAGE = Path(__file__).resolve().parent.parent  # reporting_centres/: its code, templates and catalogues
FORM = "deflated pages, 1"  # what the file holds: a file in any other form is not read
# what else a page's content comes from: the templates' engine, the maps' code (pages/maps.py), the
# languages' names and the phone numbers' formats (rules.py)
LIBRARIES = ("jinja2", "markupsafe", "folium", "branca", "pycountry", "phonenumbers")


class KeptPages:
    """The pages an earlier build kept (``path``: None keeps nothing), and those this build draws, each
    deflated (a fifth of its size: at 5,000 centres, 11 MB in memory and on disk instead of 55)."""

    def __init__(self, path: Path | None = None):
        self.remembered: Remembered[bytes] = Remembered(path, FORM)

    def page(self, key: str, draw: Callable[[], str]) -> str:
        """The content kept under ``key``, or ``draw()``'s, kept under it."""
        kept = self.remembered.get(key)
        if kept is not None:
            return zlib.decompress(kept).decode("utf-8")
        content = draw()
        self.remembered.put(key, zlib.compress(content.encode("utf-8"), 1))
        return content

    def save(self) -> None:
        """Keep the pages this build drew or took, written whole or not at all; nothing if they are the same."""
        self.remembered.save()


def code_digest() -> str:
    """Every file of this package (code, templates, catalogues) and the versions of ``LIBRARIES``:
    read for each build (7 ms), so that `mkdocs serve` sees a template edited while it runs."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    for library in LIBRARIES:
        digest.update(f"{library}={version(library)}\n".encode())
    return digest.hexdigest()


def key_of(*parts: str) -> str:
    """A key made of ``parts``, the first of them the build's ``code_digest``."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()
