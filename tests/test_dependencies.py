"""The libraries whose internals the code relies on are the versions that code was checked against.

kits/qr.py, kits/draw.py, maps.py, centre_edit.py and the theme reach into private parts of a few
libraries (pyproject.toml's [tool.reporting-centres.checked-internals] says which, and what). A new
release can change those parts without notice and without a failing import: a QR code with another
mask, a map with a random id, a comment moved to the wrong key. So each such library is bounded in
[project].dependencies to the releases the code was checked against, and these tests fail, naming
what to re-check, whenever the installed one is outside them (an environment built by hand, another
lock, a bound loosened without the re-check).
"""

from __future__ import annotations

import tomllib
from importlib.metadata import PackageNotFoundError, version

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from helpers import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CHECKED = PYPROJECT["tool"]["reporting-centres"]["checked-internals"]
REQUIREMENTS = {canonicalize_name(r.name): r for r in map(Requirement, PYPROJECT["project"]["dependencies"])}


def test_the_checked_libraries_are_named() -> None:
    """A guard on the table itself: an empty one would make the tests below check nothing."""
    assert {"segno", "cairosvg", "cairocffi", "folium", "ruamel.yaml"} <= set(CHECKED)


@pytest.mark.parametrize("library", sorted(CHECKED))
def test_a_checked_library_has_an_upper_bound(library: str) -> None:
    requirement = REQUIREMENTS.get(canonicalize_name(library))
    assert requirement is not None, (
        f"{library} is listed in [tool.reporting-centres.checked-internals] but not in [project].dependencies"
    )
    assert any(spec.operator in ("<", "<=", "==", "~=") for spec in requirement.specifier), (
        f"{library} has no upper bound in pyproject.toml ({requirement}): the code relies on its internals "
        f"({CHECKED[library]}), so bound it to the releases that were checked"
    )


@pytest.mark.parametrize("library", sorted(CHECKED))
def test_the_installed_release_is_one_the_code_was_checked_against(library: str) -> None:
    requirement = REQUIREMENTS[canonicalize_name(library)]
    try:
        installed = Version(version(library))
    except PackageNotFoundError:
        pytest.fail(f"{library} is not installed; run `make .venv/.installed`")
    assert requirement.specifier.contains(installed, prereleases=True), (
        f"{library} {installed} is installed, but the code was checked against {requirement.specifier} only. "
        f"Before allowing it, re-check: {CHECKED[library]}. Then raise the bound in pyproject.toml and "
        f"regenerate requirements.lock (see the Makefile's lock target)."
    )


def locked_versions() -> dict[str, list[Version]]:
    """requirements.lock's pins by name (one name may be pinned per Python version, behind markers)."""
    pins: dict[str, list[Version]] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line[:1].isalnum():
            requirement = Requirement(line.removesuffix("\\").strip())
            (pin,) = requirement.specifier
            pins.setdefault(canonicalize_name(requirement.name), []).append(Version(pin.version))
    return pins


def test_the_lock_pins_every_dependency_within_its_bounds() -> None:
    """make installs the lock, then the project with --no-deps: a dependency added to pyproject.toml
    but not to the lock would be missing, and a bound changed without `make lock` would not apply."""
    pins = locked_versions()
    declared = [*PYPROJECT["project"]["dependencies"], *PYPROJECT["project"]["optional-dependencies"]["test"]]
    stale = []
    for requirement in map(Requirement, declared):
        versions = pins.get(canonicalize_name(requirement.name), [])
        if not versions or not all(requirement.specifier.contains(v, prereleases=True) for v in versions):
            stale.append(f"{requirement} (locked: {', '.join(map(str, versions)) or 'nothing'})")
    assert not stale, "requirements.lock is out of date with pyproject.toml; run `make lock`: " + "; ".join(stale)
