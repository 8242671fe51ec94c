"""Set text into a box: wrap, shrink until it fits, and draw every script correctly.

SVG has no text wrapping, and cairosvg draws text one character at a time through cairo's toy
font API: no fallback fonts, no shaping, no right-to-left. So the layout happens here:

- each character gets the first brand font that has it (``FontBook``), so a name in Chinese or
  Polish picks the right face and no character falls back silently;
- lines are broken at spaces, hyphens, slashes and between CJK characters, and the text shrinks
  step by step until every line fits the box (at ``min_size`` it is a clear error instead);
- each line is split into runs by bidi level (a subset of Unicode's bidi algorithm, enough for
  names that mix Latin, Arabic and numbers) and by font;
- runs that need no shaping stay SVG ``<text>``; runs that do (Arabic joining, Indic conjuncts,
  marks, right-to-left) are shaped with HarfBuzz, since cairo's toy API would draw them as
  disconnected letters, and carry HarfBuzz's glyphs and clusters with their text, which ``draw.py``
  hands to cairo as they are. Either way the text is real text in the PDF, in an embedded font:
  it can be searched and copied, and it reads in logical order.

Positions are computed with the same advances cairo uses (hinting off via
``text-rendering="geometricPrecision"`` in every template), so what is measured is what is drawn.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..rules import ZERO_WIDTH_JOINERS, invisible
from .fonts import FontBook, FontFile, LoadedFont
from .jobs import number

SHRINK_STEP = 0.95
FIT_MEMORY = 2048  # text blocks kept per process
ELLIPSIS = "\u2026"
BREAK_AFTER = "-/\u2010\u2013\u2014"
STRONG_RTL = ("R", "AL")
NEUTRAL = ("WS", "ON", "S", "B", "ES", "ET", "CS", "BN", "NSM")


class LayoutError(ValueError):
    """Text that cannot be set: too long for its box, or a character no brand font has."""


@dataclass(frozen=True)
class Run:
    """A piece of one line in one font and direction, placed on the page."""

    x: float
    baseline: float
    width: float
    size: float
    family: str
    weight: str
    text: str | None = None  # what the run says (for a shaped run, the text its glyphs stand for)
    glyphs: str | None = None  # a shaped run's glyphs in logical order: "id dx dy,..." from (x, baseline)
    clusters: str | None = None  # which glyphs stand for which text: "bytes glyphs,..." in logical order


@dataclass(frozen=True)
class TextBlock:
    """Text set into a box: its runs, the size it was set at, and the box it takes up."""

    runs: tuple[Run, ...]
    size: float
    lines: tuple[str, ...]
    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class _Piece:
    """A run before placement: text in logical order, its face, and width in em."""

    text: str
    face: LoadedFont
    level: int
    shaped: bool
    width: float
    lead: float  # em of leading spaces dropped from ``text``


class Typesetter:
    """Sets text in the brand's fonts; one per process, since loading fonts costs time."""

    def __init__(self, files: tuple[FontFile, ...], line_height: float):
        self.books = {weight: FontBook(files, weight) for weight in ("regular", "bold")}
        self.line_height = line_height
        # Every centre's kit sets the same headings and instructions in the same boxes: set each once.
        self.fit = lru_cache(maxsize=FIT_MEMORY)(self._fit)

    def _fit(self, text: str, *, x: float, y: float, width: float, height: float, size: float,
             min_size: float | None = None, weight: str = "regular", align: str = "middle",
             valign: str = "middle", max_lines: int | None = None, overflow: str = "error") -> TextBlock:
        """Wrap ``text`` into the box, shrinking from ``size`` to ``min_size`` until it fits.

        Text still too long at ``min_size`` is an error, or with ``overflow="ellipsis"`` (for details
        the centre's page has in full) is cut at a word and ends with an ellipsis.
        """
        book = self.books[weight]
        paragraph = clean_text(text)
        if not paragraph:
            return TextBlock((), size, (), x, y, x, y)
        _faces_for(book, paragraph)  # every character has a font, or LayoutError now
        base = _base_level(paragraph)  # the paragraph's direction, for every line (UAX #9, P2)
        smallest = min_size if min_size is not None else size
        current = size
        while True:
            placed = self._try(book, paragraph, base, current, x, y, width, height, max_lines, align, valign)
            if placed is not None:
                return placed
            if current <= smallest:
                break
            current = max(smallest, current * SHRINK_STEP)
        if overflow == "ellipsis":
            placed = self._shortened(book, paragraph, base, smallest, x, y, width, height, max_lines, align, valign)
            if placed is not None:
                return placed
        raise LayoutError(f"{paragraph!r} does not fit a {width:g} × {height:g} box, even at size {smallest:g}; "
                          "shorten it")

    def _try(self, book, paragraph, base, size, x, y, width, height, max_lines, align, valign) -> TextBlock | None:
        """The text set at ``size`` if it fits the box and the line limit, else None."""
        lines = self._wrap(book, paragraph, width / size, base)
        ascent, descent = self._extents(book, lines, base)
        block_height = (len(lines) - 1) * self.line_height * size + (ascent + descent) * size
        if (max_lines is None or len(lines) <= max_lines) and block_height <= height + 1e-9:
            return self._place(book, lines, base, size, x, y, width, height, block_height, ascent, align, valign)
        return None

    def _shortened(self, book, paragraph, base, size, *box) -> TextBlock | None:
        """The longest start of the text, ending in an ellipsis, that fits: cut at a word while two
        words or more survive, else between letters (so 'Email: averyl…' keeps some of the address)."""
        words = paragraph.split(" ")
        for count in range(len(words) - 1, 1, -1):
            placed = self._try(book, " ".join(words[:count]).rstrip(",;:-–—·") + ELLIPSIS, base, size, *box)
            if placed is not None:
                return placed
        best, low, high = None, 1, len(paragraph) - 1
        while low <= high:  # a longer start never fits where a shorter one does not
            middle = (low + high) // 2
            end = middle
            while end > 1 and unicodedata.category(paragraph[end])[0] == "M":
                end -= 1  # never split a letter from its marks
            placed = self._try(book, paragraph[:end].rstrip() + ELLIPSIS, base, size, *box)
            if placed is not None:
                best, low = placed, middle + 1
            else:
                high = middle - 1
        return best

    def _wrap(self, book: FontBook, paragraph: str, capacity: float, base: int) -> list[str]:
        """Greedy line breaking at break opportunities; ``capacity`` is the width in em."""
        lines, start = [], 0
        breaks = _break_points(paragraph)
        while start < len(paragraph):
            best = None
            for end in breaks:
                if end <= start:
                    continue
                if _line_width(book, paragraph[start:end].strip(), base) <= capacity + 1e-9:
                    best = end
                else:
                    break
            if best is None:  # one word wider than the box: break it between characters
                best = _longest_prefix(book, paragraph, start, capacity, base)
            lines.append(paragraph[start:best].strip())
            start = best
            while start < len(paragraph) and paragraph[start] == " ":
                start += 1
        return [line for line in lines if line]

    def _extents(self, book: FontBook, lines: list[str], base: int) -> tuple[float, float]:
        faces = {piece.face for line in lines for piece in _pieces(book, line, base)} or {book.primary}
        return max(face.ascender for face in faces), max(face.descender for face in faces)

    def _place(self, book, lines, base, size, x, y, width, height, block_height, ascent, align, valign):
        top = y + (height - block_height) * {"top": 0, "middle": 0.5, "bottom": 1}[valign]
        baseline = top + ascent * size
        runs, left, right = [], x + width, x
        for line in lines:
            pieces = _visual_order(_pieces(book, line, base))
            line_width = sum(piece.width for piece in pieces) * size
            rtl = base == 1
            where = {"start": 1.0 if rtl else 0.0, "middle": 0.5, "end": 0.0 if rtl else 1.0}[align]
            cursor = x + (width - line_width) * where
            left, right = min(left, cursor), max(right, cursor + line_width)
            for piece in pieces:
                runs.append(_run(piece, book.weight, cursor, baseline, size))
                cursor += piece.width * size
            baseline += self.line_height * size
        return TextBlock(tuple(runs), size, tuple(lines), left, top, right, top + block_height)


def clean_text(text: str) -> str:
    """NFC, one space between words, and no control characters (XML cannot hold most of them)."""
    text = " ".join(unicodedata.normalize("NFC", str(text)).split())
    for char in text:
        if invisible(char):
            raise LayoutError(f"{text!r} contains the invisible character U+{ord(char):04X}; remove it")
    return text


def _faces_for(book: FontBook, text: str) -> list[LoadedFont]:
    """The face each character is drawn in: the first that has it; a space, digit or punctuation mark
    stays in the face before it."""
    if text.isascii() and book.primary_covers(text):  # the common case, which the rules give too
        return [book.primary] * len(text)
    return _faces_by_rules(book, text)


def _faces_by_rules(book: FontBook, text: str) -> list[LoadedFont]:
    faces, previous = [], None
    for char in text:
        face = book.face_for(char, previous)
        if face is None:
            if char in ZERO_WIDTH_JOINERS and previous is not None:
                face = previous
            else:
                raise LayoutError(f"no brand font has the character {char!r} (U+{ord(char):04X}) in {text!r}; "
                                  "add a font that has it to fonts.fallbacks in brand/brand.yml")
        faces.append(face)
        previous = face
    return faces


def _break_points(text: str) -> list[int]:
    """Indices where a line may end: before a space, after a hyphen, around CJK characters."""
    points, ideographs = [], not text.isascii()
    for index in range(1, len(text)):
        before, after = text[index - 1], text[index]
        if after == " " or (before in BREAK_AFTER and after != " ") or (
                ideographs and (_ideographic(before) or _ideographic(after)) and before != " "
                and unicodedata.category(after)[0] not in "PM"):
            points.append(index)
    points.append(len(text))
    return points


def _ideographic(char: str) -> bool:
    return (ord(char) >= 0x2E80 and unicodedata.category(char) == "Lo") or 0x3040 <= ord(char) <= 0x30FF


def _longest_prefix(book: FontBook, text: str, start: int, capacity: float, base: int) -> int:
    """The longest prefix from ``start`` that fits, ending between graphemes (at least one)."""
    best = start + 1
    for end in range(start + 1, len(text) + 1):
        if end < len(text) and (unicodedata.category(text[end])[0] == "M" or text[end] in ZERO_WIDTH_JOINERS):
            continue
        if _line_width(book, text[start:end].strip(), base) > capacity:
            break
        best = end
    while best < len(text) and unicodedata.category(text[best])[0] == "M":
        best += 1
    return best


def _line_width(book: FontBook, line: str, base: int) -> float:
    return sum(piece.width for piece in _pieces(book, line, base))


@lru_cache(maxsize=4096)
def _pieces(book: FontBook, line: str, base: int) -> tuple[_Piece, ...]:
    """Split a line (logical order) into pieces of one bidi level and one face, and measure them."""
    if not line:
        return ()
    faces = _faces_for(book, line)
    levels = _levels(line, base)
    pieces, start = [], 0
    for index in range(1, len(line) + 1):
        if index == len(line) or (faces[index], levels[index]) != (faces[start], levels[start]):
            pieces.append(_measure(line[start:index], faces[start], levels[start]))
            start = index
    return tuple(pieces)


def _measure(text: str, face: LoadedFont, level: int) -> _Piece:
    shaped = level % 2 == 1 or (not text.isascii() and any(needs_shaping(char) for char in text))
    if shaped:
        width = sum(glyph[1] for glyph in face.shape(text, rtl=level % 2 == 1)) / face.upem
        return _Piece(text, face, level, True, width, 0.0)
    stripped = text.lstrip(" ")
    lead = sum(face.advance(char) for char in text[: len(text) - len(stripped)])
    return _Piece(text, face, level, False, sum(face.advance(char) for char in text), lead)


@lru_cache(maxsize=4096)
def needs_shaping(char: str) -> bool:
    """Characters cairo's toy API draws wrongly on their own: marks, joiners, joining scripts."""
    code = ord(char)
    return (unicodedata.category(char)[0] == "M" or char in ZERO_WIDTH_JOINERS
            or unicodedata.bidirectional(char) in STRONG_RTL
            or 0x0700 <= code <= 0x08FF or 0x1800 <= code <= 0x18AF  # Syriac, Thaana, N'Ko, Mongolian
            or 0x0E00 <= code <= 0x0FFF or 0x1000 <= code <= 0x109F or 0x1780 <= code <= 0x17FF)


def _run(piece: _Piece, weight: str, x: float, baseline: float, size: float) -> Run:
    family = piece.face.file.family
    if not piece.shaped:
        text = piece.text.strip(" ")
        width = sum(piece.face.advance(char) for char in text) * size
        return Run(x + piece.lead * size, baseline, width, size, family, weight, text=text)
    rtl, scale = piece.level % 2 == 1, size / piece.face.upem
    placed, pen = [], 0
    for glyph, advance, x_offset, y_offset, cluster in piece.face.shape(piece.text, rtl=rtl):
        if glyph == 0:
            raise LayoutError(f"{family} has no glyph for part of {piece.text!r}; add a font that has it")
        placed.append((cluster, f"{glyph} {number((pen + x_offset) * scale, 4)} {number(-y_offset * scale, 4)}"))
        pen += advance
    if rtl:
        placed.reverse()  # HarfBuzz gives visual order; cairo takes clusters in the text's order
    return Run(x, baseline, piece.width * size, size, family, weight, text=piece.text,
               glyphs=",".join(glyph for _, glyph in placed),
               clusters=_clusters(piece.text, [cluster for cluster, _ in placed]))


def _clusters(text: str, starts: list[int]) -> str:
    """cairo's text clusters, "bytes glyphs,...": each run of glyphs with the same HarfBuzz cluster stands
    for the text from that cluster's first character to the next cluster's (UTF-8 bytes)."""
    groups: list[list[int]] = []
    for start in starts:
        if groups and groups[-1][0] == start:
            groups[-1][1] += 1
        else:
            groups.append([start, 1])
    edges = [0, *(start for start, _ in groups[1:]), len(text)]
    return ",".join(f"{len(text[edges[index]:edges[index + 1]].encode('utf-8'))} {count}"
                    for index, (_, count) in enumerate(groups))


def _base_level(text: str) -> int:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return 0
        if kind in STRONG_RTL:
            return 1
    return 0


def _levels(text: str, base: int) -> list[int]:
    """Embedding levels for one line of a paragraph at level ``base``: rules W1-W7, N1-N2 and I1-I2
    of UAX #9, without explicit embeddings."""
    if base == 0 and text.isascii():  # no right-to-left character in a left-to-right paragraph: the
        return [0] * len(text)        # rules give every character level 0
    return _levels_by_rules(text, base)


def _levels_by_rules(text: str, base: int) -> list[int]:
    kinds = [unicodedata.bidirectional(char) for char in text]
    previous_strong = "R" if base else "L"
    for index, kind in enumerate(kinds):
        if kind == "NSM":
            kinds[index] = kinds[index - 1] if index else ("R" if base else "L")  # W1
        kind = kinds[index]
        if kind == "EN" and previous_strong == "AL":
            kinds[index] = "AN"  # W2
        if kind in ("L", "R", "AL"):
            previous_strong = kind
    kinds = ["R" if kind == "AL" else kind for kind in kinds]  # W3
    for index in range(1, len(kinds) - 1):  # W4: a single separator between numbers joins them
        if kinds[index] in ("ES", "CS") and kinds[index - 1] == kinds[index + 1] == "EN":
            kinds[index] = "EN"
    previous_strong = "R" if base else "L"
    for index, kind in enumerate(kinds):  # W7
        if kind in ("L", "R"):
            previous_strong = kind
        elif kind == "EN" and previous_strong == "L":
            kinds[index] = "L"
    strong = ["R" if kind in ("R", "EN", "AN") else kind for kind in kinds]
    index = 0
    while index < len(strong):  # N1, N2: neutrals take the direction around them, else the base
        if strong[index] in NEUTRAL or strong[index] not in ("L", "R"):
            end = index
            while end < len(strong) and strong[end] not in ("L", "R"):
                end += 1
            before = strong[index - 1] if index else ("R" if base else "L")
            after = strong[end] if end < len(strong) else ("R" if base else "L")
            resolved = before if before == after else ("R" if base else "L")
            for neutral in range(index, end):
                if kinds[neutral] not in ("EN", "AN"):
                    kinds[neutral] = resolved
            index = end
        else:
            index += 1
    levels = []
    for kind in kinds:  # I1, I2
        if base == 0:
            levels.append({"R": 1, "AN": 2, "EN": 2}.get(kind, 0))
        else:
            levels.append({"L": 2, "EN": 2, "AN": 2}.get(kind, 1))
    return levels


def _visual_order(pieces: tuple[_Piece, ...]) -> list[_Piece]:
    """Rule L2 at piece granularity: reverse every sequence at each level from the highest down."""
    order = list(pieces)
    if not order:
        return order
    highest = max(piece.level for piece in order)
    lowest_odd = min((piece.level for piece in order if piece.level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if order[index].level >= level:
                end = index
                while end < len(order) and order[end].level >= level:
                    end += 1
                order[index:end] = reversed(order[index:end])
                index = end
            else:
                index += 1
    return order
