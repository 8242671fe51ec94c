"""Another region adopts the generator: a regular (not editable) install of the package builds a
site from a project folder that holds only its own configuration, pages, brand and centres."""

from __future__ import annotations

import shutil
import sys

import yaml

from helpers import ROOT, fixture_config, fixture_files, run


def test_a_regular_install_builds_a_region_outside_the_checkout(tmp_path):
    source, installed, region = tmp_path / "source", tmp_path / "installed", tmp_path / "region"
    # Build from a copy, so that nothing is written into the checkout.
    shutil.copytree(ROOT / "hooks" / "reporting_centres", source / "hooks" / "reporting_centres",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    built = run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                 "--disable-pip-version-check", "--target", str(installed), str(source)])
    assert built.returncode == 0, built.stderr

    # The region's own folder: mkdocs.yml, the hooks file, pages, brand and centres; no package code.
    region.mkdir()
    config = fixture_config()
    config.update(docs_dir="docs", hooks=["hooks/centres.py"])
    config["extra"]["reporting_centres"]["brand_dir"] = "brand"
    (region / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    shutil.copytree(ROOT / "docs", region / "docs")
    shutil.copytree(ROOT / "brand", region / "brand")
    (region / "hooks").mkdir()
    shutil.copy(ROOT / "hooks" / "centres.py", region / "hooks" / "centres.py")
    (region / "centres").mkdir()
    for path in fixture_files():
        shutil.copy(path, region / "centres" / path.name)

    env = {"PYTHONPATH": str(installed)}
    where = run([sys.executable, "-c", "import reporting_centres; print(reporting_centres.__file__)"],
                cwd=region, env=env)
    assert where.stdout.strip() == str(installed / "reporting_centres" / "__init__.py")
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=region, env=env)
    assert result.returncode == 0, result.stderr

    slug = fixture_files()[0].stem
    page = (region / "site" / "centres" / slug / "index.html").read_text(encoding="utf-8")
    assert yaml.safe_load(fixture_files()[0].read_text(encoding="utf-8"))["name"] in page
    assert "Exit this page" in page  # the quick exit comes from the package's theme overrides
    assert (region / "site" / "kits" / slug / f"{slug}-poster-print.pdf").is_file()
