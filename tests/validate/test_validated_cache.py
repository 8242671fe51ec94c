"""The validated-centres cache: a rebuild reuses centres whose file is unchanged, and never a stale one."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from reporting_centres.errors import DataError
from reporting_centres.validate import load_centres

from .test_rules import CASES, FIXTURE, REGION, TODAY, VALID


def outcome(root, cache, today=TODAY):
    """The centres loaded, or the problems reported, as text."""
    try:
        return [centre.model_dump_json() for centre in load_centres(REGION, root, today=today, cache=cache)]
    except DataError as error:
        return [str(problem) for problem in error.problems]


def test_cached_centres_are_the_centres_a_first_reading_gives(tmp_path):
    cache = tmp_path / "centres.pickle"
    first = outcome(FIXTURE, None)
    assert len(first) == len(list((FIXTURE / "centres").glob("*.yml"))) >= 5
    assert not any(line.startswith("centres/") for line in first)  # centres, not problems
    assert outcome(FIXTURE, cache) == first
    assert cache.is_file()
    assert outcome(FIXTURE, cache) == first


@pytest.fixture
def cached(tmp_path):
    """A copy of the valid example, loaded once through a new cache: (project, cache)."""
    shutil.copytree(VALID, tmp_path / "project")
    project, cache = tmp_path / "project", tmp_path / "centres.pickle"
    assert len(outcome(project, cache)) == 1
    return project, cache


def test_an_edited_file_is_read_again(cached):
    project, cache = cached
    path = project / "centres" / "bolton-central-library.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: Bolton Central Library", "name: Bolton Library"),
                    encoding="utf-8")
    assert '"name":"Bolton Library"' in outcome(project, cache)[0]


def test_a_new_day_validates_every_file_again(tmp_path):
    """The verification date 2026-10-01 is fine on 25 November, and in the future the day before it."""
    cache = tmp_path / "centres.pickle"
    assert len(outcome(VALID, cache)) == 1
    assert outcome(VALID, cache, today=dt.date(2026, 9, 30)) == [
        "centres/bolton-central-library.yml:52:9: last_verified.date: 2026-10-01 is in the future; "
        "use the date it happened"]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_problem_is_reported_as_without_the_cache(case, tmp_path):
    """Good files come from the cache the second time; duplicates and bad files are still found."""
    cache = tmp_path / "centres.pickle"
    expected = outcome(case, None)
    assert outcome(case, cache) == expected
    assert outcome(case, cache) == expected


def test_a_duplicate_of_a_cached_centre_is_pointed_at(cached):
    project, cache = cached
    original = project / "centres" / "bolton-central-library.yml"
    copy = original.read_text(encoding="utf-8").replace("slug: bolton-central-library", "slug: bolton-library-copy")
    (project / "centres" / "bolton-library-copy.yml").write_text(copy, encoding="utf-8")
    assert outcome(project, cache) == outcome(project, None)
    assert any("'Bolton Central Library' is already used by centres/bolton-central-library.yml" in problem
               for problem in outcome(project, cache))


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."], ids=["empty", "garbage", "other data"])
def test_a_damaged_cache_is_ignored(tmp_path, damage):
    cache = tmp_path / "centres.pickle"
    cache.write_bytes(damage)
    assert outcome(VALID, cache) == outcome(VALID, None)
