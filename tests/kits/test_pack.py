"""The printers' lists: complete, checkable with sha256sum, and every file in the site once."""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess

from helpers import ROOT
from reporting_centres.kits.brand import load_brand
from reporting_centres.kits.build import printers_task
from reporting_centres.kits.pack import ManifestRow, manifest_csv

from .conftest import FIXTURE_SLUG, make_centre, plan

BRAND = load_brand(ROOT / "brand")


def manifest_rows(fixture_kit) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((fixture_kit / "manifest.csv").read_text(encoding="utf-8"))))


def test_the_manifest_lists_every_print_file_with_its_checksum(fixture_kit):
    rows = manifest_rows(fixture_kit)
    assert list(rows[0]) == ["centre", "item", "trim_size_mm", "file", "sha256", "status"]
    printed = {name: item for name, item in BRAND.items.items() if item.printed}
    assert {(row["item"], row["file"].rsplit("-", 1)[-1]) for row in rows} >= {(name, "print.pdf") for name in printed}
    assert len(rows) == 2 * len(printed)
    for row in rows:
        assert row["centre"] == FIXTURE_SLUG and row["status"] == "active"
        width, height = printed[row["item"]].size
        assert row["trim_size_mm"] == f"{width:g}x{height:g}"
        assert hashlib.sha256((fixture_kit / row["file"]).read_bytes()).hexdigest() == row["sha256"]


def test_sha256sum_checks_every_print_file_from_the_checksums_list(fixture_kit):
    rows = manifest_rows(fixture_kit)
    sums = (fixture_kit / "SHA256SUMS").read_text(encoding="utf-8")
    assert sums == "".join(f"{row['sha256']}  {row['file']}\n" for row in rows)
    result = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=fixture_kit,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK\n") == len(rows)


def test_the_url_list_names_the_lists_and_every_print_file_at_the_sites_address(fixture_kit):
    base = "https://reporting-centres.example.org/kits/"
    urls = (fixture_kit / "print-files.txt").read_text(encoding="utf-8").splitlines()
    files = [base + row["file"] for row in manifest_rows(fixture_kit)]
    assert urls == [base + "manifest.csv", base + "SHA256SUMS", *files]
    for url in urls:
        assert (fixture_kit / url.removeprefix(base)).is_file(), url


def test_each_file_is_in_the_site_once_and_the_badge_is_shared(fixture_kit):
    """No zip repeats a centre's files, no pack repeats the print files; what every centre shares is kept once."""
    assert not list(fixture_kit.rglob("*.zip"))
    assert sorted(path.name for path in fixture_kit.glob("badge*")) == ["badge.html", "badge.png", "badge.svg",
                                                                       "badge@2x.png"]
    assert not list((fixture_kit / FIXTURE_SLUG).glob("*badge*"))


def test_closed_centres_are_left_out_and_temporarily_closed_ones_marked(tmp_path):
    centres = [make_centre(slug="open-centre"), make_centre(slug="closed-for-now", status="temporarily-closed"),
               make_centre(slug="closed-for-good", status="closed")]
    kits = plan(centres, tmp_path)
    assert [kit.slug for kit in kits.printers_centres()] == ["open-centre", "closed-for-now"]
    assert {kit.slug for kit in kits.centres} == {"open-centre", "closed-for-now", "closed-for-good"}  # all drawn
    rows = [row for row, _, _ in printers_task(kits, tmp_path / "kits").entries]
    assert {(row.centre, row.status) for row in rows} == {("open-centre", "active"),
                                                          ("closed-for-now", "temporarily-closed")}
    assert len(rows) == 2 * 2 * len([item for item in BRAND.items.values() if item.printed])
    lines = manifest_csv([ManifestRow("closed-for-now", "poster", "210x297", "closed-for-now/x.pdf", "ab",
                                      "temporarily-closed")]).decode().splitlines()
    assert lines == ["centre,item,trim_size_mm,file,sha256,status",
                     "closed-for-now,poster,210x297,closed-for-now/x.pdf,ab,temporarily-closed"]


def test_a_change_of_status_makes_new_lists(tmp_path):
    open_key = printers_task(plan([make_centre(slug="a-centre")], tmp_path), tmp_path).key
    closed = make_centre(slug="a-centre", status="temporarily-closed")
    assert printers_task(plan([closed], tmp_path), tmp_path).key != open_key
