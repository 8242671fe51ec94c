"""What every build promises: the same input gives the same bytes, no network is needed, and a
build that fails for any reason leaves the previous site/ exactly as it was."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import textwrap
import time
from pathlib import Path

import pytest

from helpers import BIN, ROOT, region_copy, run

pytestmark = pytest.mark.slow  # every test here builds a site, most of them twice

EPOCH = "1795000000"  # 2026-11-18, fixed so that "today" (freshness) is the same in every build
CENTRES = ("bolton-central-library", "eccles-community-rooms", "salford-quays-night-hub")


def small_project(folder: Path) -> Path:
    """A project copy with a few of the fixture region's centres: quick to build, kits included."""
    folder.mkdir(parents=True, exist_ok=True)
    return region_copy(folder, *CENTRES)


def build(project: Path, site: Path | None = None, env: dict | None = None, strict: bool = True):
    command = [str(BIN / "mkdocs"), "build", "--config-file", str(project / "mkdocs.yml")]
    command += ["--strict"] if strict else []
    command += ["--site-dir", str(site)] if site else []
    return run(command, cwd=project, env={"SOURCE_DATE_EPOCH": EPOCH, **(env or {})})


def tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


# --- byte-identical builds -----------------------------------------------------------------


def test_two_clean_builds_of_the_same_input_are_byte_identical(tmp_path):
    """Each build in its own folder with its own empty kit cache: nothing may depend on the path,
    the time of day, the order of a process pool or a hash seed. Every file is compared: pages,
    maps (folium's ids), exports (UUIDs, order), search index, and every kit file, the 150 dpi
    press PNGs included. The builds run more than a second apart and without SOURCE_DATE_EPOCH,
    so a clock read anywhere (cairo stamps PDFs with the time unless told otherwise) shows."""
    first, second = small_project(tmp_path / "one"), small_project(tmp_path / "two" / "deeper")
    for project in (first, second):
        brand = project / "brand" / "brand.yml"
        text = brand.read_text(encoding="utf-8")
        assert "  print_png_dpi: null " in text and "  preview_dpi: null\n" in text
        text = text.replace("  print_png_dpi: null ", "  print_png_dpi: 150 ", 1)
        brand.write_text(text.replace("  preview_dpi: null\n", "  preview_dpi: 72\n", 1), encoding="utf-8")
    day = dt.date.today()
    started = []
    for project, seed in ((first, "1"), (second, "2")):
        if started:
            time.sleep(max(0.0, started[-1] + 1.1 - time.monotonic()))
        started.append(time.monotonic())
        env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
        result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict",
                                 "--config-file", str(project / "mkdocs.yml")],
                                cwd=project, capture_output=True, text=True, timeout=600,
                                env={**env, "PYTHONHASHSEED": seed, "NO_MKDOCS_2_WARNING": "1"})
        assert result.returncode == 0, result.stderr
    if dt.date.today() != day:
        pytest.skip("the builds ran either side of midnight, so 'today' differs between them")
    one, two = tree(first / "site"), tree(second / "site")
    kits = [name for name in one if name.startswith("kits/")]
    for ending in (".pdf", "-preview.png", "-150dpi.png", "-proof.png", ".svg", ".html", "SHA256SUMS", ".txt"):
        assert any(name.endswith(ending) for name in kits), ending
    pages = [name for name in one if name.endswith((".html", ".json", ".csv", ".geojson", ".js", ".css"))
             and not name.startswith("kits/")]
    assert len(kits) > 60 and len(pages) > 60
    assert differences(one, two) == []


# --- offline ---------------------------------------------------------------------------------

OFFLINE = textwrap.dedent('''\
    """Loaded by every Python process of the test build: any network use is refused and logged."""
    import os, socket

    LOG = os.environ["OFFLINE_LOG"]
    _connect = socket.socket.connect

    def _log(what):
        with open(LOG, "a", encoding="utf-8") as log:
            log.write(what + "\\n")

    def refuse(*args, **kwargs):
        _log(f"network use refused: {args[1:] if args and isinstance(args[0], socket.socket) else args}")
        raise OSError("the network is unavailable in this test")

    def connect(self, address):
        if self.family == socket.AF_UNIX:  # local pipes between processes are not the network
            return _connect(self, address)
        return refuse(self, address)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "create_connection"):
        setattr(socket, name, refuse)

    from geopy.geocoders import base  # geopy.distance is fine (nearby centres); a geocoder is not

    def no_geocoder(self, *args, **kwargs):
        _log(f"a geocoder was created: {type(self).__name__}")
        raise RuntimeError("builds never geocode")

    base.Geocoder.__init__ = no_geocoder
''')


def test_the_build_needs_no_network_and_never_geocodes(tmp_path):
    """The same build shows that a successful build replaces the previous site/ and leaves nothing beside it."""
    project = small_project(tmp_path / "project")
    blocker = tmp_path / "offline"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(OFFLINE, encoding="utf-8")
    log = tmp_path / "network.log"
    env = {"PYTHONPATH": str(blocker), "OFFLINE_LOG": str(log)}

    probe = run([str(BIN / "python"), "-c", "import socket; socket.create_connection(('example.org', 443))"],
                cwd=project, env=env)
    assert "the network is unavailable in this test" in probe.stderr  # the blocker works
    probe = run([str(BIN / "python"), "-c", "from geopy.geocoders import Nominatim; Nominatim(user_agent='x')"],
                cwd=project, env=env)
    assert "builds never geocode" in probe.stderr
    log.unlink()

    previous_site(project)  # and a successful build replaces the previous site/ whole
    result = build(project, env=env)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert (site / "kits" / "bolton-central-library" / "bolton-central-library-poster-print.pdf").is_file()
    assert not log.exists(), log.read_text(encoding="utf-8")
    assert not (site / "centres" / "old.html").exists()
    assert (site / "centres" / "bolton-central-library" / "index.html").is_file()
    assert oct(site.stat().st_mode & 0o777) == oct(0o777 & ~_umask())
    assert [path.name for path in project.iterdir() if path.name.startswith(".building-")] == []


# --- a failed build leaves site/ as it was -------------------------------------------------------


def previous_site(project: Path) -> dict[str, bytes]:
    site = project / "site"
    (site / "centres").mkdir(parents=True)
    (site / "index.html").write_text("the previous build", encoding="utf-8")
    (site / "centres" / "old.html").write_text("a page of the previous build", encoding="utf-8")
    return tree(site)


def assert_untouched(project: Path, before: dict[str, bytes]) -> None:
    assert tree(project / "site") == before
    assert [path.name for path in project.iterdir() if path.name.startswith(".building-")] == []


def test_a_kit_that_fails_to_render_after_the_pages_are_written_leaves_site_as_it_was(tmp_path):
    """The badge's template passes every check made before MkDocs writes (it is well-formed SVG and
    fits its page) but declares a page of another size than brand.yml's, which only drawing finds:
    the build fails in on_post_build."""
    project = small_project(tmp_path / "project")
    badge = project / "brand" / "badge.svg"
    text = badge.read_text(encoding="utf-8")
    assert 'width="{{ page.width|num }}" height="{{ page.height|num }}"' in text
    badge.write_text(text.replace('width="{{ page.width|num }}" height="{{ page.height|num }}"',
                                  'width="40000" height="40000"', 1), encoding="utf-8")
    before = previous_site(project)

    result = build(project)

    assert result.returncode != 0
    assert "Building documentation to directory" in result.stderr  # it failed after pages were written
    assert "Documentation built" not in result.stderr
    assert "Traceback" not in result.stderr
    assert ("brand kit: Website badge: the template's page is 40000 × 40000 px, but brand.yml makes this item "
            "240 × 80 px" in result.stderr)
    assert_untouched(project, before)


def test_a_strict_mode_warning_after_the_pages_are_written_leaves_site_as_it_was(tmp_path):
    """Strict mode counts warnings only after every post-build step has run."""
    project = small_project(tmp_path / "project")
    shutil.copytree(ROOT / "docs", project / "docs")
    (project / "docs" / "privacy.md").write_text("# Privacy\n\nSee [the missing page](missing.md).\n",
                                                 encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").replace(str(ROOT / "docs"), "docs")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    before = previous_site(project)

    result = build(project)

    assert result.returncode != 0
    assert "missing.md" in result.stderr and "in strict mode" in result.stdout + result.stderr
    assert_untouched(project, before)


def test_a_rebuild_carries_unchanged_kits_over_and_replaces_the_edited_centres(tmp_path):
    """After one centre is edited, the others' kit folders and short addresses' pages move from the
    previous site/ into the new one as they are (same files, not linked again or written anew); the
    edited centre's are new."""
    project = small_project(tmp_path / "project")
    first = build(project)
    assert first.returncode == 0, first.stderr
    kits = project / "site" / "kits"
    before = {slug: {path.name: path.stat().st_ino for path in (kits / slug).iterdir()} for slug in CENTRES}
    (kits / CENTRES[2] / "stray.txt").write_text("not this build's", encoding="utf-8")  # so not carried over
    short = {slug: project / "site" / "c" / re.search(r"(?m)^code: (\w+)$", (project / "centres" / f"{slug}.yml")
                                                       .read_text(encoding="utf-8"))[1] / "index.html"
             for slug in CENTRES}
    short_before = {slug: path.stat().st_ino for slug, path in short.items()}
    short[CENTRES[2]].write_text("changed by hand", encoding="utf-8")  # so written anew
    edited = project / "centres" / f"{CENTRES[0]}.yml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("name: ", "name: New ", 1), encoding="utf-8")

    result = build(project)

    assert result.returncode == 0, result.stderr
    after = {slug: {path.name: path.stat().st_ino for path in (kits / slug).iterdir()} for slug in CENTRES}
    assert after[CENTRES[1]] == before[CENTRES[1]]  # carried over: the very same files
    assert set(after[CENTRES[2]]) == set(before[CENTRES[2]])  # linked anew, without the stray file
    assert after[CENTRES[2]] != before[CENTRES[2]]
    poster = f"{CENTRES[0]}-poster.pdf"
    assert set(after[CENTRES[0]]) == set(before[CENTRES[0]])
    assert after[CENTRES[0]][poster] != before[CENTRES[0]][poster]
    poster_text = subprocess.run(["pdftotext", str(kits / CENTRES[0] / poster), "-"], capture_output=True, text=True,
                                 check=True).stdout
    assert "New " in poster_text
    short_after = {slug: path.stat().st_ino for slug, path in short.items()}
    assert short_after[CENTRES[1]] == short_before[CENTRES[1]]
    assert short_after[CENTRES[0]] != short_before[CENTRES[0]] and "New " in short[CENTRES[0]].read_text("utf-8")
    assert "changed by hand" not in short[CENTRES[2]].read_text(encoding="utf-8")
    counted = re.compile(r"Brand kits: \d+ files for 3 centres")
    assert counted.search(result.stderr)[0] == counted.search(first.stderr)[0]  # carried files still count
    assert [path.name for path in project.iterdir() if path.name.startswith(".building-")] == []
    assert differences(tree(project / "site"), tree(_clean_build_of(project, tmp_path / "clean"))) == []


def _clean_build_of(project: Path, folder: Path) -> Path:
    """The same input built from nothing, for comparison."""
    shutil.copytree(project, folder, ignore=shutil.ignore_patterns("site", ".cache"))
    assert build(folder).returncode == 0
    return folder / "site"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("broken", ["invalid data", "missing font"])
def test_a_build_stopped_before_writing_leaves_site_as_it_was(tmp_path, broken):
    project = small_project(tmp_path / "project")
    if broken == "invalid data":
        path = project / "centres" / "bolton-central-library.yml"
        path.write_text(path.read_text(encoding="utf-8").replace("kind: library", "kind: libary"), encoding="utf-8")
    else:
        brand = project / "brand" / "brand.yml"
        brand.write_text(brand.read_text(encoding="utf-8").replace("family: Noto Sans", "family: No Such Font Sans"),
                         encoding="utf-8")
    before = previous_site(project)
    result = build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert_untouched(project, before)
