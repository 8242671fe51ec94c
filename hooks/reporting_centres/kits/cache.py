"""A cache for rendered kit files, keyed by everything a file depends on.

Like mkdocs-material's social cards: the key hashes the template and the shared partials, the
brand configuration, the logo, the font files, the centre fields the item ``uses`` (and nothing
else of the centre), the region facts, the output settings and the renderer itself (this
package's source and the versions of cairo, cairosvg, segno, numpy and HarfBuzz). A rebuild
re-renders only the items whose key changed; everything else is copied from ``.cache/kits/``.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import fields
from functools import cache, lru_cache
from importlib.metadata import version
from pathlib import Path

from .brand import BRAND_FILE, Brand
from .fonts import file_digest, font_files_digest
from .jobs import KitJob

# The modules whose code decides what an item looks like; the rest (cache, build, pack) only move
# files about, and printable only refuses text before anything is drawn, so changing them redraws nothing.
DRAWING_MODULES = ("brand.py", "draw.py", "fields.py", "fonts.py", "items.py", "jobs.py", "node_tree.py", "pdf.py",
                   "phrases.py", "prepress.py", "press.py", "qr.py", "svg.py", "text.py", "truetype.py")
# The soft proofs' code: keyed apart (with Ghostscript's version), since a proof is made from a print file.
PROOF_MODULES = ("proof.py",)
CHECKSUMS = "SHA256SUMS"  # beside each item's outputs in the cache: "<sha256>  <role>" lines
LIBRARIES = ("cairosvg", "cairocffi", "segno", "numpy", "uharfbuzz", "jinja2", "defusedxml", "pillow")


@cache
def renderer_version() -> str:
    """A digest of this package's code and the libraries that draw: changing either re-renders."""
    digest = hashlib.sha256()
    for name in DRAWING_MODULES:
        digest.update(name.encode() + b"\0" + (Path(__file__).parent / name).read_bytes())
    for library in LIBRARIES:
        digest.update(f"{library}={version(library)}\n".encode())
    digest.update(f"cairo={cairo_version()}\nzlib={zlib.ZLIB_RUNTIME_VERSION}\n".encode())  # zlib deflates the PNGs
    return digest.hexdigest()


def cairo_version() -> str:
    """The version of the cairo library the kit workers draw with. Asked of the library itself, as
    cairocffi would, without loading cairocffi in the build."""
    try:
        library = ctypes.CDLL("libcairo.so.2")
    except OSError:  # not Linux: let cairocffi find it
        import cairocffi

        return cairocffi.cairo_version_string()
    library.cairo_version_string.restype = ctypes.c_char_p
    return library.cairo_version_string().decode("ascii")


def brand_files(folder: Path, brand: Brand, item: str) -> list[str]:
    """The brand files one item depends on: brand.yml, the logo, its template, shared ``_`` partials."""
    shared = {path.name for path in folder.glob("_*") if path.is_file()}
    profile = {brand.print_profile.file} if brand.items[item].printed else set()
    return sorted({BRAND_FILE, brand.logo, brand.items[item].template} | shared | profile)


def item_digest(job: KitJob, brand: Brand) -> str:
    """What every centre's copy of an item shares: the renderer, the brand files, the fonts."""
    folder = Path(job.brand_dir)
    digest = hashlib.sha256()
    digest.update(renderer_version().encode())
    for name in brand_files(folder, brand, job.item):
        digest.update(name.encode() + b"\0" + file_digest(str(folder / name)).encode() + b"\n")
    digest.update(font_files_digest(job.fonts).encode())
    return digest.hexdigest()


def job_key(job: KitJob, brand: Brand, shared: str | None = None) -> str:
    """``shared`` is the job's ``item_digest``, when the caller has it already (a plan has one per item)."""
    digest = hashlib.sha256()
    digest.update((shared or item_digest(job, brand)).encode())
    hashed = {"brand_dir", "fonts"}  # by content, in item_digest
    if not brand.items[job.item].printed:
        hashed.add("slug")  # screen items print no slug, so centres with the same fields share them
    described = {field.name: getattr(job, field.name) for field in fields(job) if field.name not in hashed}
    digest.update(json.dumps(described, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def digest_of(*parts: str) -> str:
    """A key made of other keys and texts, e.g. a centre's zip from its items' keys."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class KitCache:
    """Rendered outputs on disk, one folder per key, written atomically.

    Callers get paths, not bytes: a rebuild links cached files into the site instead of reading
    thousands of PDFs into memory.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self._folder_text = str(folder)
        self.used: set[str] = set()  # the entries this build uses, so that prune keeps just those

    def _path(self, key: str) -> Path:
        return Path(self._entry(key))

    def _entry(self, key: str) -> str:
        """Where ``key``'s entry is, as a plain string (every print file's checksum is asked for)."""
        return os.path.join(self._folder_text, key[:2], key)

    def has(self, key: str) -> bool:
        return self._path(key).is_dir()

    def checksum(self, key: str, role: str) -> str:
        """The sha256 of a cached output, read from the checksums stored beside it (or worked out, if
        none are). Paths as plain strings: every print file's is asked for when the lists are made."""
        folder = self._entry(key)
        known = stored_checksums(folder).get(role)
        if known is not None:
            return known
        with open(os.path.join(folder, role), "rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()

    def folder_for(self, key: str) -> Path:
        """Where the outputs stored under ``key`` are (one file per role), or will be once stored."""
        return self._path(key)

    def keep(self, key: str) -> None:
        """Count ``key`` as used by this build, whoever stores it (a kit worker, usually)."""
        self.used.add(key)

    def keep_file(self, key: str, name: str) -> None:
        """Count the file ``name`` under ``key`` as used by this build, whoever makes it."""
        self.used.add(digest_of(key, name))

    def put(self, key: str, outputs: dict[str, bytes]) -> Path:
        """Store one item's outputs, with their checksums beside them for the printers' manifest."""
        def write(staging: Path) -> None:
            for role, data in outputs.items():
                (staging / role).write_bytes(data)
            sums = "".join(f"{hashlib.sha256(outputs[role]).hexdigest()}  {role}\n" for role in sorted(outputs))
            (staging / CHECKSUMS).write_text(sums, encoding="utf-8")

        return self._store(key, write)

    def stored_file(self, key: str, name: str) -> Path:
        """Where ``file`` keeps ``name`` under ``key``; the file may not exist (yet)."""
        return self._path(digest_of(key, name)) / name

    def file(self, key: str, name: str, make: Callable[[Path], object]) -> Path:
        """The file ``name`` stored under ``key``, made by ``make(path)`` the first time it is asked for."""
        return self._store(digest_of(key, name), lambda staging: make(staging / name)) / name

    def _store(self, key: str, write: Callable[[Path], object]) -> Path:
        self.used.add(key)
        path = self._path(key)
        if path.is_dir():
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=path.parent))
        write(staging)
        try:
            os.rename(staging, path)
        except OSError:  # another build stored it first
            shutil.rmtree(staging, ignore_errors=True)
        return path


    def prune(self) -> int:
        """Delete every entry this build did not use, so the cache holds one build's worth, not every build's."""
        removed = 0
        for shard in self.folder.glob("??"):
            for entry in shard.iterdir():
                if entry.name not in self.used:
                    shutil.rmtree(entry, ignore_errors=True)
                    removed += 1
        return removed


@lru_cache(maxsize=64)  # an item's print files are listed one after another: its sums are read once
def stored_checksums(folder: str) -> dict[str, str]:
    """The checksums stored beside an item's outputs, by role; none if there are none."""
    try:
        lines = Path(folder, CHECKSUMS).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return {}
    return {role: digest for digest, _, role in (line.partition("  ") for line in lines)}


def place(source: Path, target: Path) -> None:
    """Put a cached file into the site: a hard link where the file system allows, else a copy."""
    try:
        os.link(source, target)
    except FileExistsError:
        target.unlink()
        place(source, target)
    except OSError:
        shutil.copyfile(source, target)
