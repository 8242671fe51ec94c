"""The suite tests the generator, not the demonstration data: it passes with centres/ replaced.

A deployment replaces the demonstration centres in centres/ with its own region's. Every test uses
the fixture region in tests/fixtures/region/ instead, and two things hold the suite to that:

* conftest.py's audit hook refuses, in the test process, any open or listing of a path in the
  project's centres/ (outside the one ``demo_data`` test), at collection as well as in tests;
* the test below runs the suite's data-dependent parts in a copy of the project whose centres/
  holds a single centre that is in neither the demonstration data nor the fixture region. Running
  the whole suite there would double its time, so it runs the collection of every test (module-level
  reads of centres/ happen there), the build and export tests that read the shared site (not the
  slow ones that make projects of their own), and the command-line tests with the demonstration-data
  test, which must now count the one new file.
  If built_site, a helper or a test went back to centres/, these fail: the counts, slugs and names
  they expect are the fixture region's.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import BIN, DEMO_CENTRES, FIXTURE_CENTRES, ROOT, DemoDataRead, fixture_text, run

SKIPPED = shutil.ignore_patterns(".git", ".venv", "site", ".cache", "build", ".pytest_cache", "__pycache__",
                                 "*.egg-info", ".building-*")


def not_copied(folder: str, names: list[str]) -> set[str]:
    """What a fresh clone would not have, and the project's own centres/ (the tests' are copied)."""
    return SKIPPED(folder, names) | ({"centres"} if Path(folder) == ROOT else set())


OTHER_CENTRE = fixture_text("bolton-central-library").replace(
    "$schema=../../../../docs/", "$schema=../docs/").replace(
    "slug: bolton-central-library", "slug: replacement-region-centre").replace(
    "name: Bolton Central Library", "name: Replacement Region Centre").replace(
    "borough: Bolton", "borough: Wigan").replace("town: Bolton", "town: Wigan").replace(
    "postcode: BL1 1SE", "postcode: WN1 1AA").replace("latitude: 53.5769", "latitude: 53.5450").replace(
    "longitude: -2.4299", "longitude: -2.6320")


def test_the_test_process_may_not_read_the_demonstration_data():
    """The guard itself: reading or listing centres/ fails here, while the fixture region reads."""
    with pytest.raises(DemoDataRead, match="tests use tests/fixtures/region/"):
        (DEMO_CENTRES / "bolton-central-library.yml").read_text(encoding="utf-8")
    with pytest.raises(DemoDataRead):
        list(DEMO_CENTRES.glob("*.yml"))
    with pytest.raises(DemoDataRead):
        shutil.copy(DEMO_CENTRES / "bolton-central-library.yml", FIXTURE_CENTRES.parent / "never-written.yml")
    assert not (FIXTURE_CENTRES.parent / "never-written.yml").exists()
    assert fixture_text("bolton-central-library").startswith("# yaml-language-server:")


@pytest.mark.slow
def test_the_suite_passes_with_centres_replaced_by_another_regions_data(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=not_copied, symlinks=True)
    assert sorted(path.name for path in (copy / "tests" / "fixtures" / "region" / "centres").iterdir()) == sorted(
        path.name for path in FIXTURE_CENTRES.iterdir())
    (copy / "centres").mkdir()
    (copy / "centres" / "replacement-region-centre.yml").write_text(OTHER_CENTRE, encoding="utf-8")
    assert sorted(path.name for path in (copy / "centres").iterdir()) == ["replacement-region-centre.yml"]

    pytest_command = [str(BIN / "python"), "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", "-q",
                      "--basetemp", str(tmp_path / "basetemp")]
    collected = run([*pytest_command, "--collect-only"], cwd=copy)
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr[-3000:]
    last_line = collected.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ tests collected in [\d.]+s", last_line), collected.stdout[-500:]

    result = run([*pytest_command, "-m", "not slow", "tests/test_build.py", "tests/test_exports.py",
                  "tests/test_cli.py"], cwd=copy)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and " failed" not in result.stdout and " error" not in result.stdout
