"""The whole site, built with `mkdocs build --strict` as `make site` does, from the fixture region."""

from __future__ import annotations

import json

import pytest

from helpers import (
    BIN,
    ROOT,
    fixture_centres,
    fixture_files,
    fixture_region,
    fixture_text,
    mkdocs_build,
    private_values,
    region_copy,
    run,
)


def centre_slugs() -> list[str]:
    return sorted(path.stem for path in fixture_files())


def read(site, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_centre_has_a_page_listed_in_the_directory(built_site):
    directory = read(built_site, "directory/index.html")
    for slug in centre_slugs():
        page = built_site / "centres" / slug / "index.html"
        assert page.is_file(), slug
        assert f'href="../centres/{slug}/"' in directory, slug


def test_centre_page_shows_public_details_and_report_links(built_site):
    page = read(built_site, "centres/bolton-central-library/index.html")
    for text in ("Bolton Central Library", "Le Mans Crescent", "BL1 1SE", 'href="tel:01614960101"',
                 "mailto:bolton-library@example.org", "https://www.report-it.org.uk/", "Stop Hate UK",
                 "Wednesday", "09:00 to 19:30", "Urdu (Tuesdays and Thursdays)", "Library Services Manager",
                 "Step-free access: yes", "Religion or belief", '<time datetime="2026-10-01">'):
        assert text in page, text


def test_borough_pages_list_their_centres(built_site):
    boroughs = fixture_region()["boroughs"]
    assert len(boroughs) >= 3
    index = read(built_site, "boroughs/index.html")
    for borough in boroughs:
        slug = borough.lower()
        assert f'href="{slug}/"' in index
        page = read(built_site, f"boroughs/{slug}/index.html")
        for slug, centre in fixture_centres().items():
            listed = f'href="../../centres/{slug}/"' in page
            assert listed == (centre["address"]["borough"] == borough), (borough, slug)


def test_every_page_says_it_shows_demonstration_data(built_site):
    pages = [p for p in built_site.rglob("*.html")
             if p.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype")]
    # the home page, the directory, the borough index, every borough and centre page and six content pages
    assert len(pages) > 3 + len(fixture_region()["boroughs"]) + len(centre_slugs()) + 6
    for page in pages:
        assert "Demonstration data." in page.read_text(encoding="utf-8"), page


def test_home_page_gives_emergency_numbers_and_online_reporting(built_site):
    home = read(built_site, "index.html")
    for text in ("999", "101", "https://www.report-it.org.uk/", "directory/"):
        assert text in home, text


def test_content_pages_are_built(built_site):
    for page in ("core-commitments", "staff-training", "support-package", "become-a-centre", "privacy", "safety"):
        assert (built_site / page / "index.html").is_file(), page


def test_private_details_are_never_published(built_site):
    published = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in built_site.rglob("*")
                          if p.is_file() and p.suffix in (".html", ".json", ".xml", ".csv", ".txt"))
    checked = 0
    for slug in fixture_centres():
        for value in private_values(slug):
            assert value not in published, f"{slug}: private detail {value!r} was published"
            checked += 1
    assert checked >= 20


def test_generated_pages_stay_out_of_the_navigation(built_site):
    home = read(built_site, "index.html")
    assert "centres/bolton-central-library/" not in home
    assert "directory/" in home


def test_search_finds_a_centre_by_its_name_and_town_but_indexes_no_hours_or_repeated_blocks(built_site):
    """The site's search is handed only the parts of a page worth searching (pages/search_text.py);
    the page itself is published whole."""
    index = json.loads(read(built_site, "search/search_index.json"))
    page = "centres/bolton-central-library/"
    entries = [doc for doc in index["docs"] if doc["location"].split("#")[0] == page]
    assert any(doc["title"] == "Bolton Central Library" for doc in entries)
    assert any("Bolton" in doc["text"] and "BL1 1SE" in doc["text"] for doc in entries)  # town and postcode
    indexed = " ".join(doc["title"] + " " + doc["text"] for doc in entries)
    assert "Opening hours" not in indexed and "Report hate crime now" not in indexed and "999 BSL" not in indexed
    directory = [doc for doc in index["docs"] if doc["location"].startswith("directory/")]
    assert directory and not any("Bolton Central Library" in doc["text"] for doc in directory)
    html = read(built_site, page + "index.html")
    assert "Opening hours" in html and "999 BSL" in html and "rc:not-searched" not in html
    printers = [doc for doc in index["docs"] if doc["location"].startswith("printers/")]
    assert any("job ticket" in doc["text"] for doc in printers)  # how to print is found
    assert not any("Bolton Central Library" in doc["text"] or "(PDF/X-4): crop marks" in doc["text"]
                   for doc in printers)  # every centre's row of files is not: it is the manifest's job
    assert "Bolton Central Library" in read(built_site, "printers/index.html")


def test_schema_is_served_by_the_site(built_site):
    assert (built_site / "schema" / "centre.schema.json").read_bytes() == (
        ROOT / "docs" / "schema" / "centre.schema.json").read_bytes()


@pytest.mark.slow
def test_invalid_data_fails_the_strict_build_with_the_validators_messages(project):
    good = fixture_text("bolton-central-library")
    (project / "centres" / "bolton-central-library.yml").write_text(
        good.replace("postcode: BL1 1SE", "postcode: BL1 XYZ").replace("kind: library", "kind: libary"),
        encoding="utf-8")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")

    build = mkdocs_build(project / "mkdocs.yml", site)
    validate = run([str(BIN / "centres"), "--config", str(project / "mkdocs.yml"), "validate"], cwd=project)

    assert build.returncode != 0 and validate.returncode == 1
    expected = [
        "centres/bolton-central-library.yml:6:7: kind: 'libary' is not one of: library, charity, faith-group, "
        "education, health, housing, council, business, other; did you mean 'library'?",
        "centres/bolton-central-library.yml:15:13: address.postcode: 'BL1 XYZ' is not a UK postcode "
        "(e.g. M1 1AE or BL1 1SE)",
    ]
    for line in expected:
        assert line in build.stderr
        assert line in validate.stderr
    assert "nothing was built" in build.stderr
    assert "Traceback" not in build.stderr + validate.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"


@pytest.mark.slow
def test_a_valid_centre_builds_in_a_fresh_project(tmp_path):
    project = region_copy(tmp_path, "bolton-central-library")
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "centres" / "bolton-central-library" / "index.html").is_file()
    directory_page = (project / "site" / "directory" / "index.html").read_text()
    assert "Irwell Valley has 1 hate crime reporting centre." in directory_page
