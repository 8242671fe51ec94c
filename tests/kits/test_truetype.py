"""Fonts without hinting: the same outlines and metrics, no hinting programs, in every kit PDF."""

from __future__ import annotations

import struct
import subprocess

import pikepdf
import pytest
import uharfbuzz

from reporting_centres.kits.truetype import HINTING_TABLES, without_hinting

from .conftest import FIXTURE_SLUG


def installed(family: str) -> bytes:
    path = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True, check=True).stdout
    with open(path, "rb") as stream:
        return stream.read()


def table_tags(font: bytes) -> set[bytes]:
    (count,) = struct.unpack_from(">H", font, 4)
    return {struct.unpack_from(">4s", font, 12 + 16 * index)[0] for index in range(count)}


class Outline:
    """A pen for uharfbuzz that writes down every point of a glyph."""

    def __init__(self) -> None:
        self.points: list[tuple] = []

    def moveTo(self, *point):  # noqa: N802 - the pen protocol's names
        self.points.append(("M", *point))

    def lineTo(self, *point):  # noqa: N802
        self.points.append(("L", *point))

    def qCurveTo(self, *points):  # noqa: N802
        self.points.append(("Q", *points))

    def curveTo(self, *points):  # noqa: N802
        self.points.append(("C", *points))

    def closePath(self):  # noqa: N802
        self.points.append(("Z",))


def glyphs(font: bytes) -> list[tuple]:
    face = uharfbuzz.Face(uharfbuzz.Blob(font))
    shaper = uharfbuzz.Font(face)
    described = []
    for glyph in range(face.glyph_count):
        pen = Outline()
        shaper.draw_glyph_with_pen(glyph, pen)
        described.append((shaper.get_glyph_h_advance(glyph), shaper.get_glyph_extents(glyph), pen.points))
    return described


@pytest.mark.parametrize("family", ["Noto Sans", "Noto Sans:weight=bold", "Noto Sans Arabic"])
def test_every_glyph_keeps_its_outline_and_advance_and_the_hinting_goes(family):
    font = installed(family)
    unhinted = without_hinting(font)
    assert table_tags(font) & set(HINTING_TABLES), "this font has hinting to drop"
    assert not table_tags(unhinted) & set(HINTING_TABLES)
    assert table_tags(unhinted) == table_tags(font) - set(HINTING_TABLES)
    assert len(unhinted) < len(font)
    assert glyphs(unhinted) == glyphs(font)
    padded = unhinted + b"\0" * (-len(unhinted) % 4)
    assert sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF == 0xB1B0AFBA  # head's adjustment
    assert without_hinting(unhinted) == unhinted


@pytest.mark.parametrize("data", [b"", b"OTTO" + bytes(100), b"\x00\x01\x00\x00" + bytes(8), b"not a font at all"])
def test_what_is_not_a_truetype_font_it_can_read_is_left_as_it_is(data):
    assert without_hinting(data) == data


def test_the_kits_pdfs_embed_their_fonts_without_hinting(fixture_kit):
    pdfs = sorted((fixture_kit / FIXTURE_SLUG).glob("*.pdf"))
    assert len(pdfs) == 10  # two print files of each printed item, a trim file of the certificate and poster
    for path in pdfs:
        with pikepdf.open(path) as document:
            assert document.check_pdf_syntax() == []
            fonts = [descriptor.FontFile2.read_bytes() for descriptor in document.objects
                     if isinstance(descriptor, pikepdf.Dictionary) and "/FontFile2" in descriptor]
            assert fonts, path.name
            for font in fonts:
                assert not table_tags(font) & set(HINTING_TABLES), path.name
                assert b"glyf" in {tag.strip() for tag in table_tags(font)}
