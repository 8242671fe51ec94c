"""The printers' lists: complete, checkable with sha256sum, and every file in the site once."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess

from helpers import ROOT
from reporting_centres.kits.brand import load_brand
from reporting_centres.kits.build import printers_task
from reporting_centres.kits.pack import BrandColour, JobTicket, ManifestRow, manifest_csv, ticket_json, ticket_text

from .conftest import FIXTURE_SLUG, make_centre, plan

BRAND = load_brand(ROOT / "brand")


def manifest_rows(fixture_kit) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((fixture_kit / "manifest.csv").read_text(encoding="utf-8"))))


def test_the_manifest_lists_every_print_file_with_its_checksum(fixture_kit):
    rows = [row for row in manifest_rows(fixture_kit) if row["variant"] != "soft-proof"]  # see test_proof.py
    assert list(rows[0]) == ["centre", "item", "trim_size_mm", "variant", "file", "sha256", "status"]
    printed = {name: item for name, item in BRAND.items.items() if item.printed}
    variants = {"-print.pdf": "print-pdfx4", "-print-marks.pdf": "print-pdfx4-marks"}
    suffixes = {(row["item"], row["file"].removeprefix(f"{FIXTURE_SLUG}/{FIXTURE_SLUG}-{row['item']}")) for row in rows}
    assert suffixes >= {(name, suffix) for name in printed for suffix in variants}
    assert len(rows) == sum(3 if item.press.trim_pdf else 2 for item in printed.values())
    for row in rows:
        assert row["centre"] == FIXTURE_SLUG and row["status"] == "active"
        width, height = printed[row["item"]].size
        assert row["trim_size_mm"] == f"{width:g}x{height:g}"
        assert row["variant"] == next((variant for suffix, variant in variants.items() if row["file"].endswith(suffix)),
                                      "trim")
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
    assert urls == [base + "manifest.csv", base + "SHA256SUMS", base + "job-ticket.txt", base + "job-ticket.json",
                    *files]
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
    assert len(rows) == 2 * sum(3 if item.press.trim_pdf else 2 for item in BRAND.items.values() if item.printed)
    lines = manifest_csv([ManifestRow("closed-for-now", "poster", "210x297", "closed-for-now/x.pdf", "ab",
                                      "temporarily-closed", "trim")]).decode().splitlines()
    assert lines == ["centre,item,trim_size_mm,variant,file,sha256,status",
                     "closed-for-now,poster,210x297,trim,closed-for-now/x.pdf,ab,temporarily-closed"]
    ticket = json.loads(ticket_json(kits.job_ticket("Testshire")))
    assert [(centre["centre"], centre["status"]) for centre in ticket["centres"]] == [
        ("open-centre", "active"), ("closed-for-now", "temporarily-closed")]
    text = ticket_text(kits.job_ticket("Testshire")).decode()
    assert "Temporarily closed, ask the coordinator before printing for:\n  closed-for-now: " in text
    poster = BRAND.items["poster"].press.quantity  # the totals are the open centre's: the other waits for a word
    assert ticket["totals"]["poster"] == poster
    assert (f"Quantity: {poster} per centre, {poster} for 1 open centre; {poster} more for each of the 1 temporarily "
            "closed centre only if the coordinator says so") in " ".join(text.split())


def test_a_change_of_status_makes_new_lists(tmp_path):
    open_key = printers_task(plan([make_centre(slug="a-centre")], tmp_path), tmp_path).key
    closed = make_centre(slug="a-centre", status="temporarily-closed")
    assert printers_task(plan([closed], tmp_path), tmp_path).key != open_key


def test_the_job_ticket_says_how_to_print_each_item_for_a_person_and_a_machine(fixture_kit):
    ticket = json.loads((fixture_kit / "job-ticket.json").read_text(encoding="utf-8"))
    text = (fixture_kit / "job-ticket.txt").read_text(encoding="utf-8")
    assert ticket["format"] == "reporting-centres-job-ticket/1"
    assert ticket["print_condition"] == BRAND.print_profile.condition
    printed = {name: item for name, item in BRAND.items.items() if item.printed}
    assert [item["item"] for item in ticket["items"]] == list(printed)
    for entry in ticket["items"]:
        item = printed[entry["item"]]
        assert entry["trim_mm"] == list(item.size) and entry["bleed_mm"] == BRAND.bleed_mm
        assert (entry["stock"], entry["finish"], entry["cut"]) == (item.press.stock, item.press.finish, item.press.cut)
        assert entry["quantity_per_centre"] == item.press.quantity
        assert ticket["totals"][entry["item"]] == item.press.quantity  # one centre in the fixture kit
        for example in (entry["print_file"], entry["print_file_marks"]):
            assert (fixture_kit / example.replace("<centre>", FIXTURE_SLUG)).is_file(), example
        assert entry["print_file"].endswith("-print.pdf") and entry["print_file_marks"].endswith("-print-marks.pdf")
        for line in (f"{item.title} ({entry['item']})", f"Stock:      {item.press.stock}",
                     f"Quantity:   {item.press.quantity} per centre, {item.press.quantity} in all",
                     f"File:       {entry['print_file']} (trim plus bleed, to upload)",
                     f"With marks: {entry['print_file_marks']}", f"Cut:        {item.press.cut}"):
            assert line in text
    film = next(entry for entry in ticket["items"] if entry["item"] == "sticker-inside")
    assert film["spot_colours"] == ["White", "CutContour"]
    assert "Note:       REVERSE PRINT, WHITE UNDERLAY, FACE-ADHESIVE CLEAR FILM" in text
    assert [centre["centre"] for centre in ticket["centres"]] == [FIXTURE_SLUG]
    assert set(ticket["variants"]) == {"print-pdfx4", "print-pdfx4-marks", "trim", "soft-proof"}
    assert "its page is the trim plus the bleed (MediaBox = BleedBox)" in ticket["variants"]["print-pdfx4"]
    assert "crop marks in registration colour outside the bleed" in ticket["variants"]["print-pdfx4-marks"]
    assert ('the "-print.pdf" file\'s page is the trim plus the bleed (MediaBox = BleedBox), with no marks: the file '
            "to upload to an online printer") in " ".join(text.split())
    assert "TrimBox, or crop it" not in text
    assert '"-print.pdf", trim plus bleed' in ticket["variants"]["soft-proof"]  # what a proof shows
    assert 'how each item\'s "-print.pdf" prints, trim plus bleed' in " ".join(text.split())
    assert [entry["proof"] for entry in ticket["items"]] == [f"{name}-proof.png" for name in printed]
    assert all(f"Proof:      {name}-proof.png (a soft proof to look at, not a print file)" in text for name in printed)


def test_the_job_ticket_says_print_cmyk_with_no_spot_colour_unless_a_pantone_is_given(fixture_kit):
    ticket = json.loads((fixture_kit / "job-ticket.json").read_text(encoding="utf-8"))
    text = (fixture_kit / "job-ticket.txt").read_text(encoding="utf-8")
    assert all(BRAND.print_colours[name].pantone is None for name in BRAND.print_colours)
    assert ticket["colour_note"].startswith("No spot colour: print CMYK.")
    assert "  No spot colour: print CMYK." in text and "  primary: C 85 M 95 Y 0 K 15\n" in text
    primary = next(colour for colour in ticket["colours"] if colour["name"] == "primary")
    assert primary == {"name": "primary", "srgb": BRAND.colours.primary,
                       "cmyk": list(BRAND.print_colours["primary"].cmyk), "pantone": None}
    colours = tuple(BrandColour(colour["name"], colour["srgb"], tuple(colour["cmyk"]),
                                "PANTONE EXAMPLE C" if colour["name"] == "primary" else None)
                    for colour in ticket["colours"])
    matched = JobTicket("Region", "FOGRA39", "coated", (), (), colours)
    assert "No spot colour" not in matched.colour_note and "primary PANTONE EXAMPLE C" in matched.colour_note
    assert "primary: C 85 M 95 Y 0 K 15, PANTONE EXAMPLE C" in ticket_text(matched).decode()
