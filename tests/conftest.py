"""Shared fixtures: the fixture region's site built once, and throwaway project copies.

Every test runs against the tests' own fixture region (tests/fixtures/region/), never the
demonstration data in the project's centres/: a deployment replaces that folder with its own
region's centres, and the suite must pass all the same. To hold to that, this process refuses
to open or list anything in ROOT/centres (an audit hook, so collection is covered too), except
during the one test marked ``demo_data``. Subprocesses are covered by test_fixture_region.py,
which runs tests in a copy of the project whose centres/ holds another region's data.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
from pathlib import Path

import pytest

from helpers import demo_data_allowed, fixture_project, mkdocs_build, refuse_demo_data, region_copy

sys.addaudithook(refuse_demo_data)


@pytest.hookimpl(trylast=True)  # after tests/browser/conftest.py has marked its tests
def pytest_collection_modifyitems(config, items):
    """Run the heaviest modules first: those with slow tests, then the browser's, then the rest, each
    group with its larger modules first. pytest-xdist's loadscope hands whole modules to the workers
    in this order (pyproject.toml turns off its own reordering, which sorts by the number of tests
    alone and so left single slow tests such as the benchmark for last, with the other core idle)."""
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::")[0], []).append(item)

    def heaviest_first(tests: list[pytest.Item]) -> tuple[bool, bool, int]:
        slow = any(test.get_closest_marker("slow") for test in tests)
        browser = any(test.get_closest_marker("browser") for test in tests)
        return not slow, not browser, -len(tests)

    items[:] = [item for tests in sorted(modules.values(), key=heaviest_first) for item in tests]


@pytest.fixture(autouse=True)
def _demo_data_only_where_marked(request):
    demo_data_allowed[0] = request.node.get_closest_marker("demo_data") is not None
    yield
    demo_data_allowed[0] = False


def _shared_folder(tmp_path_factory) -> Path:
    """A folder every pytest-xdist worker of this run sees (the run's own base temp otherwise)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The fixture region's site, built once per run with `mkdocs build --strict` and shared by
    every test that only reads it (pages, exports, kits, the browser tests); never write to it."""
    shared = _shared_folder(tmp_path_factory)
    project, done = shared / "fixture-region", shared / "fixture-region.built"
    with open(shared / "fixture-region.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker builds; the others wait, then read
        if not done.exists():
            shutil.rmtree(project, ignore_errors=True)
            project.mkdir()
            fixture_project(project)
            result = mkdocs_build(project / "mkdocs.yml", project / "site")
            (project / "build.log").write_text(result.stderr, encoding="utf-8")
            assert result.returncode == 0, result.stderr
            done.touch()
    return project / "site"


@pytest.fixture(scope="session")
def build_log(built_site) -> str:
    """What the fixture region's build printed."""
    return (built_site.parent / "build.log").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the fixture region's configuration with an empty centres/."""
    return region_copy(tmp_path)
