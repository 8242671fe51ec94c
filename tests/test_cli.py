"""`centres validate` as staff and CI run it."""

from __future__ import annotations

import shutil

import pytest

from helpers import BIN, DEMO_CENTRES, FIXTURE_CENTRES, centres_here, fixture_text, run
from test_schema import schema_problems


@pytest.mark.demo_data
def test_the_demonstration_data_validates():
    """The one test of the demonstration data in centres/ (every other test uses the fixture region):
    `centres validate` in the project folder, as staff run it, accepts every file, and every file
    points editors at the published schema, which accepts it too. `make site` builds it."""
    result = run([str(BIN / "centres"), "validate"])
    files = sorted(DEMO_CENTRES.glob("*.yml"))
    assert result.returncode == 0, result.stderr
    assert files
    assert result.stdout.strip() == f"{len(files)} centre{'' if len(files) == 1 else 's'} checked: no problems found."
    assert schema_problems(files) == []


def test_validate_named_files_reports_every_problem_without_a_traceback(project):
    good = fixture_text("bolton-central-library")
    (project / "centres" / "bolton-central-library.yml").write_text(
        good.replace("0161 496 0101", "0161 496 010"), encoding="utf-8")
    (project / "centres" / "broken.yml").write_text("name: [unclosed\n", encoding="utf-8")
    result = centres_here(["--config", str(project / "mkdocs.yml"), "validate",
                  "centres/bolton-central-library.yml", "centres/broken.yml"], cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "centres/bolton-central-library.yml:21:15: contact.phones[0].number: '0161 496 010' is not a valid "
        "UK phone number (e.g. 0161 496 0123)",
        "centres/broken.yml:2:1: YAML syntax: did not find expected ',' or ']'; check indentation, "
        "and put text containing ':' or '#' in quotes",
        "2 problems found.",
    ]


def test_validate_a_missing_file(project):
    shutil.copy(FIXTURE_CENTRES / "bolton-central-library.yml", project / "centres")
    result = centres_here(["--config", str(project / "mkdocs.yml"), "validate", "centres/nope.yml"],
                 cwd=project)
    assert result.returncode == 1
    assert result.stderr.strip() == "centres/nope.yml: no such file"


def test_missing_config_is_a_clear_error(tmp_path):
    result = centres_here(["validate"], cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("mkdocs.yml: no such file; run from the project folder or pass --config")


def test_validate_notes_a_centre_whose_qr_codes_would_give_its_slug(project):
    text = fixture_text("bolton-central-library")
    assert text.count("\ncode: ") == 1
    without = "\n".join(line for line in text.splitlines() if not line.startswith("code: ")) + "\n"
    (project / "centres" / "bolton-central-library.yml").write_text(without, encoding="utf-8")
    result = centres_here(["--config", str(project / "mkdocs.yml"), "validate",
                  "centres/bolton-central-library.yml"], cwd=project)
    assert result.returncode == 0, result.stderr
    assert "note: bolton-central-library has no code:, so the printed QR codes give the page's address" in result.stderr
