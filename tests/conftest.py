"""Shared fixtures: the real project, and throwaway copies of it with other data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(command: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


def mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess:
    return run([str(BIN / "mkdocs"), "build", "--strict", "--config-file", str(config), "--site-dir", str(site)],
               cwd=config.parent)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The demonstration site, built once with the README's settings."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's configuration in tmp_path, with an empty centres/ to fill."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / "docs")
    config["hooks"] = [str(ROOT / "hooks" / "centres.py")]
    config["theme"]["custom_dir"] = str(ROOT / "hooks" / "reporting_centres" / "theme")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (tmp_path / "centres").mkdir()
    return tmp_path
