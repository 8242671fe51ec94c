"""Shared fixtures: the demonstration site built once, and throwaway project copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import ROOT, mkdocs_build, project_copy


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The demonstration site, built once with the README's settings."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def project(tmp_path) -> Path:
    return project_copy(tmp_path)
