"""The kits in a real MkDocs build and from the ``centres kit`` command.

The links are checked in the fixture region's site (conftest.py's built_site). The project copies
for the failing builds drop mkdocs.yml's nav, so that they do not depend on the hand-written pages
in docs/; everything else is the real configuration and hooks.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from helpers import BIN, ROOT, mkdocs_build, region_copy, run
from helpers import FIXTURE as FIXTURE_REGION

from .conftest import FIXTURE_SLUG, FIXTURES


def kit_project(tmp_path: Path, **config_changes) -> Path:
    project = region_copy(tmp_path)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("nav", None)
    config.update(config_changes)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    shutil.copy(FIXTURES / "centre.yml", project / "centres" / f"{FIXTURE_SLUG}.yml")
    return project


def links(page: Path, pattern: str = r'href="([^"#?]+)"') -> list[str]:
    return re.findall(pattern, page.read_text(encoding="utf-8"))


def resolve(site: Path, page: Path, href: str) -> Path:
    relative = urljoin("/" + page.relative_to(site).as_posix(), href).lstrip("/")
    target = site / relative
    return target / "index.html" if relative.endswith("/") or target.is_dir() else target


SLUG = "salford-quays-night-hub"  # a centre of the fixture region


@pytest.fixture
def built(built_site, build_log) -> Path:
    assert re.search(r"Brand kits: \d+ files for \d+ centres", build_log)
    return built_site


def test_the_centre_page_leaves_the_kit_to_a_page_for_its_staff(built):
    html = (built / "centres" / SLUG / "index.html").read_text(encoding="utf-8")
    assert 'id="brand-kit"' not in html and "kits/" not in html  # the visitor's page: only what a visitor needs
    assert '<a href="staff/">For centre staff: brand kit and update form</a>' in html
    staff = (built / "centres" / SLUG / "staff" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="../../../update/?centre={SLUG}">suggest a change to these details</a>' in staff
    assert len(staff.encode()) < len(html.encode())  # small: the site stays within its size per centre


def test_the_staff_page_offers_every_kit_file_and_the_links_work(built):
    page = built / "centres" / SLUG / "staff" / "index.html"
    html = page.read_text(encoding="utf-8")
    section = html[html.index('id="brand-kit"'):]
    hrefs = [href for href in re.findall(r'href="([^"#?]+)"', section) if "kits/" in href]
    assert len(hrefs) >= 18  # 14 files of the centre's own, and the shared badge's 4
    for href in hrefs:
        assert resolve(built, page, href).is_file(), href
    linked = {resolve(built, page, href) for href in hrefs}
    folder = built / "kits" / SLUG
    assert set(folder.iterdir()) <= linked  # every file of the centre's kit is offered
    assert {built / "kits" / name for name in ("badge.png", "badge@2x.png", "badge.svg", "badge.html")} <= linked
    assert re.search(r"&lt;a href=(&#34;|&quot;)https://www.report-it.org.uk/", section)  # the snippet, escaped


def test_the_printers_page_links_to_every_print_file_and_the_lists(built):
    page = built / "printers" / "index.html"
    linked = set()
    for href in links(page):
        if "kits/" in href:
            assert resolve(built, page, href).is_file(), href
            linked.add(resolve(built, page, href))
    html = page.read_text(encoding="utf-8")
    for name in ("manifest.csv", "SHA256SUMS", "print-files.txt", "job-ticket.txt", "job-ticket.json",
                 f"{SLUG}-certificate-print.pdf", f"{SLUG}-sticker-inside-print.pdf",
                 f"{SLUG}-certificate-print-marks.pdf", f"{SLUG}-sticker-inside-print-marks.pdf",
                 "PDF/X-4", "Reverse print, white underlay, face-adhesive clear film.", "CutContour"):
        assert name in html, name
    rows = list(csv.DictReader(io.StringIO((built / "kits" / "manifest.csv").read_text(encoding="utf-8"))))
    assert {built / "kits" / row["file"] for row in rows} <= linked
    assert ("wget --no-host-directories --force-directories --cut-dirs=1 "
            "--input-file=https://reporting-centres.example.org/kits/print-files.txt") in html


def test_the_printers_page_shows_each_items_soft_proof_at_its_size(built):
    from PIL import Image

    page = built / "printers" / "index.html"
    html = page.read_text(encoding="utf-8")
    images = re.findall(r'<img src="([^"]+-proof\.png)" width="(\d+)" height="(\d+)" loading="lazy"\s+'
                        r'alt="([^"]+)"', html)
    printed = [name for name, item in yaml.safe_load((ROOT / "brand" / "brand.yml").read_text(encoding="utf-8"))[
        "items"].items() if item["medium"] == "print"]
    assert [Path(src).name for src, *_ in images] == [f"{name}-proof.png" for name in printed]
    for src, width, height, alt in images:
        with Image.open(resolve(built, page, src)) as proof:
            assert proof.size == (int(width), int(height))
        assert alt.startswith("Soft proof of the ")
    assert "The grey checkerboard is bare film, where no white ink is under the colours." in html
    assert "No spot colour: print CMYK." in html
    assert ("The <code>-print.pdf</code> file is the one to upload: its page is the trim plus the bleed, with no "
            "marks") in " ".join(html.split())
    assert "TrimBox, or crop it" not in html
    rows = list(csv.DictReader(io.StringIO((built / "kits" / "manifest.csv").read_text(encoding="utf-8"))))
    assert {row["file"] for row in rows if row["variant"] == "soft-proof"} == {f"{name}-proof.png" for name in printed}


def test_the_printers_lists_leave_out_closed_centres_and_mark_temporarily_closed_ones(built):
    rows = list(csv.DictReader(io.StringIO((built / "kits" / "manifest.csv").read_text(encoding="utf-8"))))
    statuses = {row["centre"]: row["status"] for row in rows}
    assert "radcliffe-old-library" not in statuses  # closed for good
    assert statuses["farnworth-advice-cafe"] == "temporarily-closed"
    assert set(statuses.values()) == {"active", "temporarily-closed"}
    listed = (built / "kits" / "SHA256SUMS").read_text(encoding="utf-8") + (
        built / "kits" / "print-files.txt").read_text(encoding="utf-8")
    assert "radcliffe-old-library" not in listed and "farnworth-advice-cafe" in listed
    page = (built / "printers" / "index.html").read_text(encoding="utf-8")
    assert "kits/radcliffe-old-library/" not in page
    assert "(temporarily closed: ask before printing)" in page


def test_the_badge_snippet_links_to_true_vision_and_the_hosted_badge(built):
    snippet = (built / "kits" / "badge.html").read_text(encoding="utf-8")  # every centre's badge is the same
    assert snippet.startswith('<a href="https://www.report-it.org.uk/" rel="noopener noreferrer">')
    assert 'src="https://reporting-centres.example.org/kits/badge.png"' in snippet
    assert 'kits/badge@2x.png 2x' in snippet


def test_a_missing_font_stops_the_build_before_site_is_touched(tmp_path):
    project = kit_project(tmp_path)
    config = project / "brand" / "brand.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("family: Noto Sans", "family: Brand Sans Missing"), encoding="utf-8")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    result = mkdocs_build(project / "mkdocs.yml", site)
    assert result.returncode != 0
    assert ("brand/brand.yml: fonts.family: the font 'Brand Sans Missing' is not installed; "
            "run scripts/setup-system.sh, which installs the Debian packages fonts-noto-core and fonts-noto-cjk"
            in result.stderr)
    assert "Traceback" not in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"


@pytest.mark.slow
def test_a_name_that_cannot_fit_stops_the_build_with_the_centre_file_named(tmp_path):
    project = kit_project(tmp_path)
    sticker = project / "brand" / "sticker.svg"
    text = sticker.read_text(encoding="utf-8")
    text = text.replace("height=30, size=8, min_size=3.2", "height=6, size=8, min_size=5")
    sticker.write_text(text, encoding="utf-8")
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode != 0
    assert (f"centres/{FIXTURE_SLUG}.yml: brand kit: Window sticker, outside of the glass: 'Kit Fixture Community "
            "Centre' does not fit a 120 × 6 box") in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


def test_a_site_without_site_url_is_told_why_it_needs_one(tmp_path):
    project = kit_project(tmp_path, site_url="")
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode != 0
    assert ("mkdocs.yml: site_url: is not set; the brand kits' QR codes and badges need the site's full address"
            in result.stderr)


@pytest.mark.slow
def test_centres_kit_writes_one_centres_kit(tmp_path):
    project = kit_project(tmp_path)
    out = tmp_path / "out"
    centres = [str(BIN / "centres"), "--config", str(project / "mkdocs.yml"), "kit"]
    result = run([*centres, FIXTURE_SLUG, "--out", str(out)], cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote 22 files to {out} (6 items rendered, 0 from the cache)")
    assert (out / f"{FIXTURE_SLUG}-poster-print.pdf").is_file() and (out / "badge.png").is_file()
    again = run([*centres, FIXTURE_SLUG], cwd=project)
    assert again.returncode == 0 and "(0 items rendered, 6 from the cache)" in again.stdout
    assert (project / "build" / "kits" / FIXTURE_SLUG / f"{FIXTURE_SLUG}-certificate.pdf").is_file()


def test_centres_kit_with_an_unknown_slug_suggests_the_nearest(tmp_path):
    project = kit_project(tmp_path)
    centres = [str(BIN / "centres"), "--config", str(project / "mkdocs.yml"), "kit"]
    result = run([*centres, "kit-fixture-centr"], cwd=project)
    assert result.returncode == 1
    assert result.stderr.strip() == "kit-fixture-centr: no such centre; did you mean 'kit-fixture-centre'?"


def test_anyone_can_check_a_certificate_at_the_address_it_prints(built):
    """The certificate prints its number and the address of the public page that lists it, with the
    centre, the commitments version and the date signed: public facts only."""
    svg = (built / "kits" / SLUG / f"{SLUG}-certificate.svg").read_text(encoding="utf-8")
    number = re.search(r"Certificate number ([A-Z0-9]+-\d{4}-[0-9A-F]{8})\.", svg)[1]
    assert f"Check it at reporting-centres.example.org/certificates/#{number}" in svg
    page = built / "certificates" / "index.html"
    html = page.read_text(encoding="utf-8")
    row = re.search(rf'<tr id="{number}">(.*?)</tr>', html, re.S)
    assert row, "the certificate's number has a row, which its printed address scrolls to"
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row[1], re.S)]
    centre = yaml.safe_load((FIXTURE_REGION / "centres" / f"{SLUG}.yml").read_text(encoding="utf-8"))
    signed = centre["commitments"]["signed"]
    assert cells == [number, centre["name"], str(centre["commitments"]["version"]), f"{signed.day} {signed:%B %Y}"]
    assert resolve(built, page, f"../centres/{SLUG}/").is_file()
    ids = re.findall(r'<tr id="([^"]+)">', html)
    assert len(ids) == len(set(ids)) == len(list((FIXTURE_REGION / "centres").glob("*.yml")))
    register = FIXTURE_REGION / "register"
    private = [value for path in register.rglob("*.yml") for value in _strings(yaml.safe_load(path.read_text()))
               if len(value) > 6 and "@" in value]
    assert private and not [value for value in private if value in html], "no private contact is shown"


def _strings(data) -> list[str]:
    if isinstance(data, dict):
        return [text for value in data.values() for text in _strings(value)]
    if isinstance(data, list):
        return [text for value in data for text in _strings(value)]
    return [data] if isinstance(data, str) else []


def test_each_borough_has_printers_lists_of_its_own_centres_that_sha256sum_checks(built):
    """A print shop can take one borough at a time: its manifest, checksums, file list and job ticket."""
    kits = built / "kits"
    region_rows = list(csv.DictReader(io.StringIO((kits / "manifest.csv").read_text(encoding="utf-8"))))
    page = (built / "printers" / "index.html").read_text(encoding="utf-8")
    expected = {"bolton": {"bolton-central-library", "farnworth-advice-cafe", "horwich-youth-centre"},
                "bury": {"bury-town-hall-help-point"},  # Radcliffe Old Library is closed for good
                "salford": {"eccles-community-rooms", "salford-quays-night-hub"}}
    assert sorted(path.name for path in (kits / "boroughs").iterdir()) == sorted(expected)
    for slug, centres in expected.items():
        folder = kits / "boroughs" / slug
        rows = list(csv.DictReader(io.StringIO((folder / "manifest.csv").read_text(encoding="utf-8"))))
        # every borough's pack has the soft proofs too (from one centre's kit, which may be in another borough)
        assert rows == [row for row in region_rows if row["centre"] in centres or row["variant"] == "soft-proof"]
        checked = subprocess.run(["sha256sum", "--check", "--strict", f"boroughs/{slug}/SHA256SUMS"], cwd=kits,
                                 capture_output=True, text=True, check=False)
        assert checked.returncode == 0 and checked.stdout.count(": OK\n") == len(rows), checked.stdout
        urls = (folder / "print-files.txt").read_text(encoding="utf-8").splitlines()
        base = "https://reporting-centres.example.org/kits/"
        assert urls[:4] == [f"{base}boroughs/{slug}/{name}"
                            for name in ("manifest.csv", "SHA256SUMS", "job-ticket.txt", "job-ticket.json")]
        assert urls[4:] == [base + row["file"] for row in rows]
        ticket = json.loads((folder / "job-ticket.json").read_text(encoding="utf-8"))
        assert {centre["centre"] for centre in ticket["centres"]} == centres
        assert ticket["region"].endswith(f": {slug.capitalize()}")
        assert f"kits/boroughs/{slug}/print-files.txt" in page
    assert ("--input-file=https://reporting-centres.example.org/kits/boroughs/bolton/print-files.txt\n"
            "sha256sum -c boroughs/bolton/SHA256SUMS") in page
