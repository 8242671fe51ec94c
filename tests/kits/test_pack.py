"""Zips and the printers' manifest: complete, checkable, and the same bytes every time."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile

from helpers import ROOT
from reporting_centres.kits.brand import load_brand
from reporting_centres.kits.pack import deterministic_zip

from .conftest import FIXTURE_SLUG

BRAND = load_brand(ROOT / "brand")


def test_zips_depend_only_on_their_contents():
    files = {"b.txt": b"second", "a/c.pdf": b"%PDF first"}
    first, second = io.BytesIO(), io.BytesIO()
    deterministic_zip(files, first)
    deterministic_zip(dict(reversed(list(files.items()))), second)
    assert first.getvalue() == second.getvalue()
    with zipfile.ZipFile(first) as archive:
        assert archive.namelist() == ["a/c.pdf", "b.txt"]
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_centres_zip_holds_every_file_on_its_page(fixture_kit):
    folder = fixture_kit / FIXTURE_SLUG
    with zipfile.ZipFile(folder / f"{FIXTURE_SLUG}-brand-kit.zip") as archive:
        names = archive.namelist()
        for path in folder.iterdir():
            if path.suffix != ".zip":
                assert archive.read(f"{FIXTURE_SLUG}/{path.name}") == path.read_bytes(), path.name
    assert len(names) == len(list(folder.iterdir())) - 1


def test_the_printers_pack_and_manifest_list_every_print_file_with_its_checksum(fixture_kit):
    manifest = (fixture_kit / "manifest.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(manifest)))
    assert list(rows[0]) == ["centre", "item", "trim_size_mm", "file", "sha256"]
    printed = {name: item for name, item in BRAND.items.items() if item.printed}
    assert {(row["item"], row["file"].rsplit("-", 1)[-1]) for row in rows} >= {(name, "print.pdf") for name in printed}
    assert len(rows) == 2 * len(printed)
    with zipfile.ZipFile(fixture_kit / "printers-pack.zip") as archive:
        assert archive.read("manifest.csv").decode("utf-8") == manifest
        for row in rows:
            assert row["centre"] == FIXTURE_SLUG
            width, height = printed[row["item"]].size
            assert row["trim_size_mm"] == f"{width:g}x{height:g}"
            data = archive.read(row["file"])
            assert hashlib.sha256(data).hexdigest() == row["sha256"]
            assert data == (fixture_kit / row["file"]).read_bytes()
