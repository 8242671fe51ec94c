"""Find the brand's fonts the way cairo will, and load them to measure and shape text.

cairosvg draws text through cairo's "toy" font API, which asks fontconfig for a family and
silently substitutes another font when it is missing. So every family named in brand.yml is
looked up with ``fc-match`` first, and a family that comes back different is a build error that
says how to install it. The same files are then opened with HarfBuzz to measure text exactly as
cairo will place it, and to shape scripts that cairo's toy API cannot (Arabic, Indic, ...).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, cached_property

import uharfbuzz

from ..errors import DataError, Problem
from .brand import Fonts

WEIGHTS = ("regular", "bold")


@dataclass(frozen=True, order=True)
class FontFile:
    """One installed face: the family and weight asked for, and the file fontconfig gave."""

    family: str
    weight: str
    path: str
    index: int


def resolve_fonts(fonts: Fonts, source: str = "brand/brand.yml") -> tuple[FontFile, ...]:
    """Every family in both weights, or DataError naming each missing family and how to install it."""
    if shutil.which("fc-match") is None:
        raise DataError([Problem(source, 0, 0, "fonts", "fontconfig's fc-match is not installed; "
                                 "run scripts/setup-system.sh (Debian package fontconfig)")])
    wanted = [(family, weight) for family in fonts.families for weight in WEIGHTS]
    with ThreadPoolExecutor(max_workers=8) as pool:  # one fc-match process each: run them side by side
        matches = dict(zip(wanted, pool.map(lambda pair: _fc_match(*pair), wanted), strict=True))
    found, problems = [], []
    for position, family in enumerate(fonts.families):
        field = "fonts.family" if position == 0 else f"fonts.fallbacks[{position - 1}]"
        for weight in WEIGHTS:
            match = matches[(family, weight)]
            if match is None:
                problems.append(Problem(source, 0, 0, field, f"the font {family!r} is not installed; {fonts.install}"))
                break
            found.append(match)
    if problems:
        raise DataError(problems)
    return tuple(found)


@cache
def _fc_match(family: str, weight: str) -> FontFile | None:
    result = subprocess.run(["fc-match", "-f", "%{family[0]}\n%{file}\n%{index}\n", f"{family}:weight={weight}"],
                            capture_output=True, text=True, check=False)
    lines = result.stdout.split("\n")
    if result.returncode != 0 or len(lines) < 3 or lines[0].casefold() != family.casefold():
        return None
    return FontFile(family, weight, lines[1], int(lines[2] or 0))


def file_digest(path: str) -> str:
    """sha256 of a font file: font bytes are part of every cache key. Read again only if it changed."""
    status = os.stat(path)
    return _digest(path, status.st_size, status.st_mtime_ns)


@cache
def _digest(path: str, size: int, modified: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class LoadedFont:
    """A face opened with HarfBuzz: coverage, advances and shaping."""

    def __init__(self, file: FontFile):
        self.file = file
        self.face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(file.path), file.index)
        self.font = uharfbuzz.Font(self.face)
        self.upem = self.face.upem
        self._advances: dict[str, float] = {}  # text is measured again and again as lines are tried
        extents = self.font.get_font_extents("ltr")
        self.ascender = extents.ascender / self.upem
        self.descender = -extents.descender / self.upem

    def glyph(self, char: str) -> int | None:
        return self.font.get_nominal_glyph(ord(char))

    def covers(self, char: str) -> bool:
        return bool(self.glyph(char)) or char in " \u00a0"

    def advance(self, char: str) -> float:
        """Advance in em, one character at a time, as cairosvg places text."""
        known = self._advances.get(char)
        if known is None:
            known = self._advances[char] = self.font.get_glyph_h_advance(self.glyph(char) or 0) / self.upem
        return known

    def shape(self, text: str, rtl: bool) -> list[tuple[int, int, int, int, int]]:
        """(glyph, x advance, x offset, y offset, cluster) in visual order: positions in font units, and
        the cluster as the index in ``text`` of the first character the glyph stands for."""
        buffer = uharfbuzz.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        buffer.direction = "rtl" if rtl else "ltr"
        uharfbuzz.shape(self.font, buffer, {})
        return [(info.codepoint, pos.x_advance, pos.x_offset, pos.y_offset, info.cluster)
                for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)]


@cache
def loaded(file: FontFile) -> LoadedFont:
    return LoadedFont(file)


class FontBook:
    """The brand's faces for one weight, in the order brand.yml tries them."""

    def __init__(self, files: tuple[FontFile, ...], weight: str):
        self.weight = weight
        self.faces = [loaded(file) for file in files if file.weight == weight]
        if not self.faces:
            raise ValueError(f"no {weight} font was resolved")

    @property
    def primary(self) -> LoadedFont:
        return self.faces[0]

    @cached_property
    def _primary_ascii(self) -> frozenset[str]:
        return frozenset(char for char in map(chr, range(128)) if self.primary.covers(char))

    def primary_covers(self, text: str) -> bool:
        """Whether the first face has every character of ``text``, which is ASCII."""
        return set(text) <= self._primary_ascii

    def face_for(self, char: str, previous: LoadedFont | None = None) -> LoadedFont | None:
        if previous is not None and not _is_letter(char) and previous.covers(char):
            return previous  # spaces, digits and punctuation stay in the font around them
        return next((face for face in self.faces if face.covers(char)), None)


def _is_letter(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM"


def font_files_digest(files: tuple[FontFile, ...]) -> str:
    """One digest over every font file's bytes and the face index used."""
    digest = hashlib.sha256()
    for file in sorted(files):
        digest.update(f"{file.family}|{file.weight}|{file.index}|{file_digest(file.path)}\n".encode())
    return digest.hexdigest()
