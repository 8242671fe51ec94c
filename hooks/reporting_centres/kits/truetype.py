"""TrueType fonts without their hinting, for the fonts cairo embeds in the kits' PDFs.

Hinting is a font's program for fitting outlines to a coarse pixel grid: its ``fpgm``, ``prep``
and ``cvt `` tables and each glyph's instructions. cairo embeds the subset of a font that a PDF
uses with all of it, and in Noto Sans it is about half of each embedded font, so a third of a kit's
PDF. Printers' RIPs and PDF viewers at today's resolutions draw the outlines alone, which are left
exactly as they were (as are the glyphs' metrics), so the pages look the same and the files are
smaller. A font this module does not understand is left as it is.
"""

from __future__ import annotations

import itertools
import struct

import numpy as np

HINTING_TABLES = (b"fpgm", b"prep", b"cvt ")
ARG_1_AND_2_ARE_WORDS, WE_HAVE_A_SCALE, MORE_COMPONENTS = 0x0001, 0x0008, 0x0020
WE_HAVE_AN_X_AND_Y_SCALE, WE_HAVE_A_TWO_BY_TWO, WE_HAVE_INSTRUCTIONS = 0x0040, 0x0080, 0x0100
CHECKSUM_MAGIC = 0xB1B0AFBA
TRUETYPE_VERSIONS = (b"\x00\x01\x00\x00", b"true")


class FontFormatError(ValueError):
    """Not a TrueType font laid out as expected."""


def without_hinting(font: bytes) -> bytes:
    """The same font without its hinting tables and glyph instructions; or ``font`` itself, if it
    has no hinting or is not a TrueType font this module can read."""
    try:
        tables = _tables(font)
        if not any(tag in tables for tag in HINTING_TABLES) or b"glyf" not in tables:
            return font
        return _font(_unhinted(tables))
    except (FontFormatError, struct.error, IndexError):
        return font


def _tables(font: bytes) -> dict[bytes, bytes]:
    if font[:4] not in TRUETYPE_VERSIONS:
        raise FontFormatError("not a TrueType font")
    (count,) = struct.unpack_from(">H", font, 4)
    tables = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", font, 12 + 16 * index)
        if offset + length > len(font):
            raise FontFormatError(f"table {tag!r} runs past the end")
        tables[tag] = font[offset:offset + length]
    return tables


def _unhinted(tables: dict[bytes, bytes]) -> dict[bytes, bytes]:
    head, loca, glyf = tables[b"head"], tables[b"loca"], tables[b"glyf"]
    (long_offsets,) = struct.unpack_from(">h", head, 50)
    if long_offsets:
        offsets = list(struct.unpack(f">{len(loca) // 4}I", loca))
    else:
        offsets = [2 * offset for offset in struct.unpack(f">{len(loca) // 2}H", loca)]
    glyphs, positions = [], [0]
    for start, end in itertools.pairwise(offsets):
        if end < start or end > len(glyf):
            raise FontFormatError("loca points outside glyf")
        glyph = _glyph_without_instructions(glyf[start:end])
        glyph += b"\0" * (-len(glyph) % 4)
        glyphs.append(glyph)
        positions.append(positions[-1] + len(glyph))
    unhinted = {tag: data for tag, data in tables.items() if tag not in HINTING_TABLES}
    unhinted[b"glyf"] = b"".join(glyphs)
    unhinted[b"loca"] = (struct.pack(f">{len(positions)}I", *positions) if long_offsets
                         else struct.pack(f">{len(positions)}H", *(position // 2 for position in positions)))
    maxp = tables.get(b"maxp", b"")
    if len(maxp) >= 32 and maxp[:4] == b"\x00\x01\x00\x00":  # version 1.0: what the font's programs need
        unhinted[b"maxp"] = maxp[:16] + bytes(12) + maxp[28:]  # twilight points .. size of instructions: none
    return unhinted


def _glyph_without_instructions(glyph: bytes) -> bytes:
    if not glyph:
        return glyph
    (contours,) = struct.unpack_from(">h", glyph, 0)
    if contours >= 0:  # a simple glyph: end points, then the instructions' length and the instructions
        at = 10 + 2 * contours
        (length,) = struct.unpack_from(">H", glyph, at)
        return glyph[:at] + b"\0\0" + glyph[at + 2 + length:]
    position = 10  # a composite glyph: components, then its instructions if the last one says so
    while True:
        (flags,) = struct.unpack_from(">H", glyph, position)
        last = position
        position += 4 + (4 if flags & ARG_1_AND_2_ARE_WORDS else 2)
        if flags & WE_HAVE_A_SCALE:
            position += 2
        elif flags & WE_HAVE_AN_X_AND_Y_SCALE:
            position += 4
        elif flags & WE_HAVE_A_TWO_BY_TWO:
            position += 8
        if not flags & MORE_COMPONENTS:
            break
    if position > len(glyph):
        raise FontFormatError("a composite glyph runs past its end")
    if not flags & WE_HAVE_INSTRUCTIONS:
        return glyph
    return glyph[:last] + struct.pack(">H", flags & ~WE_HAVE_INSTRUCTIONS) + glyph[last + 2:position]


def _font(tables: dict[bytes, bytes]) -> bytes:
    """The tables as a font file: sorted, each padded to four bytes, with checksums and head's adjustment."""
    head = bytearray(tables[b"head"])
    head[8:12] = bytes(4)
    tables = {**tables, b"head": bytes(head)}
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    directory = [struct.pack(">4sHHHH", b"\x00\x01\x00\x00", count, power * 16, power.bit_length() - 1,
                             count * 16 - power * 16)]
    body, offset = [], 12 + 16 * count
    for tag in tags:
        data = tables[tag]
        directory.append(struct.pack(">4sIII", tag, _checksum(data), offset, len(data)))
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    font = bytearray(b"".join(directory + body))
    at = 12 + 16 * count + sum(len(part) for part in body[:tags.index(b"head")])
    font[at + 8:at + 12] = struct.pack(">I", (CHECKSUM_MAGIC - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return int(np.frombuffer(padded, dtype=">u4").sum(dtype=np.uint64)) & 0xFFFFFFFF
